"""A page in a language written right to left is laid out as its mirror:
what leads the line (a quote's rule, a table's text, a nested list's rule,
the current page's mark in the navigation) stands at the right."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from generator.build import BuildOptions, build

BODY = """\
> {quote}

| {head} | B |
|---|---|
| {quote} {quote} {quote} | 2 |

!!! note "{head}"
    {quote}
"""


def built(root: Path) -> Path:
    for language, title, quote in (("en", "Listening", "Listen first."), ("he", "הקשבה", "הקשיבו קודם.")):
        guide = root / "content" / language / "guide"
        guide.mkdir(parents=True)
        (root / "content" / language / "index.md").write_text(f"# {title}\n\nText.\n", encoding="utf-8")
        (guide / "index.md").write_text(f"# {title} 0\n\nText.\n", encoding="utf-8")
        (guide / "listen.md").write_text(f"# {title} 1\n\n" + BODY.format(quote=quote, head=title), encoding="utf-8")
    (root / "mentorkit.yaml").write_text("title: Handbook\nlanguage: en\nlanguages:\n  en:\n  he:\n", encoding="utf-8")
    build(root, BuildOptions(cache="off"))
    return root / "site"


def edges(page: Page) -> dict[str, object]:
    """Which side each piece's rule or text keeps to."""
    return page.evaluate(
        """() => {
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        const side = (s) => parseFloat(s.borderLeftWidth) > 0 ? "left" : parseFloat(s.borderRightWidth) > 0 ? "right" : "none";
        const cell = document.querySelector("th");
        const range = document.createRange();
        range.selectNodeContents(cell);
        const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect();
        const current = style(".site-nav li.current > a").boxShadow;
        return {
            quote: side(style("blockquote")),
            admonition: side(style(".admonition")),
            nested: side(style(".site-nav ul ul")),
            cell: text.left - box.left < box.right - text.right ? "left" : "right",
            mark: current.includes("inset") ? (/ -3px/.test(current) ? "right" : "left") : "none",
        };
    }"""
    )


def test_a_right_to_left_page_is_the_mirror_of_a_left_to_right_one(page: Page, tmp_path: Path) -> None:
    site = built(tmp_path)
    page.goto((site / "en" / "guide" / "listen.html").as_uri())
    assert edges(page) == {"quote": "left", "admonition": "left", "nested": "left", "cell": "left", "mark": "left"}
    page.goto((site / "he" / "guide" / "listen.html").as_uri())
    assert edges(page) == {"quote": "right", "admonition": "right", "nested": "right", "cell": "right", "mark": "right"}
