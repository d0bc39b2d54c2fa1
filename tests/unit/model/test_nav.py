from generator.load.config import Config, NavEntry
from generator.model.nav import build_nav, reading_order, trails
from generator.model.types import NavItem, Page


def page(rel: str, title: str, order: float | None = None) -> Page:
    return Page(rel, rel, rel.replace(".md", ".html"), "page", title, "", order, {}, "", (), ())


PAGES = (
    page("index.md", "Home"),
    page("roles.md", "Roles", 1),
    page("confidentiality.md", "Confidentiality", 3),
    page("guide/index.md", "Principles", 2),
    page("guide/b.md", "Beta"),
    page("guide/a.md", "Alpha"),
    page("guide/z.md", "Zulu", 1),
    page("forms/deep/x.md", "Deep page"),
)


def test_folders_give_sections_ordered_by_order_then_title() -> None:
    nav, problems = build_nav(PAGES, Config())
    assert problems == []
    assert nav == (
        NavItem("Home", "index.html"),
        NavItem("Roles", "roles.html"),
        NavItem(
            "Principles",
            "guide/index.html",
            (NavItem("Zulu", "guide/z.html"), NavItem("Alpha", "guide/a.html"), NavItem("Beta", "guide/b.html")),
        ),
        NavItem("Confidentiality", "confidentiality.html"),
        NavItem("Forms", None, (NavItem("Deep", None, (NavItem("Deep page", "forms/deep/x.html"),)),)),
    )


def test_reading_order_and_trails() -> None:
    nav, _ = build_nav(PAGES, Config())
    assert reading_order(nav)[:5] == ("index.html", "roles.html", "guide/index.html", "guide/z.html", "guide/a.html")
    trail = trails(nav)
    assert [item.title for item in trail["forms/deep/x.html"]] == ["Forms", "Deep"]
    assert trail["roles.html"] == ()


def test_nav_from_config() -> None:
    config = Config(nav=(NavEntry("Start", "index.md"), NavEntry("Guide", None, (NavEntry(None, "guide/a.md"),))))
    nav, problems = build_nav(PAGES, config)
    assert problems == []
    assert nav == (NavItem("Start", "index.html"), NavItem("Guide", None, (NavItem("Alpha", "guide/a.html"),)))


def test_nav_naming_a_missing_page() -> None:
    _, problems = build_nav(PAGES, Config(nav=(NavEntry(None, "guide/zz.md", (), 4),)))
    assert [p.format() for p in problems] == [
        "mentorkit.yaml:4: error: nav names 'guide/zz.md', which is not a page under content/\n"
        "  did you mean 'guide/z.md'? (known: confidentiality.md, forms/deep/x.md, guide/a.md, guide/b.md, guide/index.md, "
        "guide/z.md, index.md, roles.md)"
    ]
