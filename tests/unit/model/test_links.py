from generator.load.config import MarkdownOptions
from generator.model.links import backlinks, resolve_links
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page

MD = make_markdown(MarkdownOptions())


def pages(files: dict[str, str]):  # type: ignore[no-untyped-def]
    made = []
    for rel, text in files.items():
        page, problems = parse_page(parse_source(f"content/{rel}", rel, text.encode()), MD)
        assert page is not None, problems
        made.append(page)
    return tuple(made)


def test_md_links_become_page_urls_and_assets_resolve() -> None:
    site = pages(
        {
            "index.md": "# Home\n\n[g](guide/index.md#why) [r](roles.md) [top](#top) [pic](img/a.png) [folder](guide/)\n",
            "roles.md": "# Roles\n\n[home](index.md) [abs](/guide/index.md)\n",
            "guide/index.md": "# Guide\n\n## Why\n",
        }
    )
    resolved, problems = resolve_links(site, frozenset({"img/a.png"}))
    assert problems == []
    assert resolved[0].targets == ("guide/index.html#why", "roles.html", "index.html#top", "img/a.png", "guide/index.html")
    assert resolved[1].targets == ("index.html", "guide/index.html")


def test_broken_links_are_warnings_with_lines() -> None:
    site = pages(
        {"guide/a.md": "# A\n\nSee [b](b.md),\n[c](../c.md#x) and ![m](m.png) and [out](../../etc/passwd).\n", "c.md": "# C\n\n## Y\n"}
    )
    _, problems = resolve_links(site, frozenset())
    assert [p.format() for p in problems] == [
        "content/guide/a.md:3: warning: page 'b.md' not found (looked for content/guide/b.md)\n  check the file name and folder",
        "content/guide/a.md:4: warning: there is no heading '#x' on 'content/c.md'\n  the headings there have the ids: y",
        "content/guide/a.md:4: warning: image 'm.png' not found (looked for content/guide/m.png)\n  check the file name and folder",
        "content/guide/a.md:4: warning: '../../etc/passwd' points outside the content folder\n  link only to files under content/",
    ]


def test_backlinks() -> None:
    site, _ = resolve_links(
        pages({"a.md": "# A\n[b](b.md) [b again](b.md#b)", "b.md": "# B\n[self](#b)", "c.md": "# C\n[b](b.md)"}), frozenset()
    )
    found = backlinks(site)
    assert [p.rel for p in found["b.html"]] == ["a.md", "c.md"]
    assert "a.html" not in found
