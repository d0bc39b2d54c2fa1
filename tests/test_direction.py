"""What CLDR tells of a language the theme has no words for: a language written right to left (Arabic,
Hebrew, Persian, Urdu...) gets `dir="rtl"` on its pages, its print pages and its handbook (a language
written left to right keeps HTML's default), and the language switch names it in its own words."""

from __future__ import annotations

from pathlib import Path

from generator.build import BuildOptions, build


def test_a_right_to_left_language_s_pages_say_so_and_the_others_do_not(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for language, title in (("en", "Listening"), ("he", "הקשבה")):
        (project / "content" / language / "guide").mkdir(parents=True)
        (project / "content" / language / "index.md").write_text(f"# {title}\n\nText.\n", encoding="utf-8")
        (project / "content" / language / "guide" / "index.md").write_text(f"# {title} 2\n\nText.\n", encoding="utf-8")
    (project / "mentorkit.yaml").write_text("title: Handbook\nlanguage: en\nlanguages:\n  en:\n  he:\n", encoding="utf-8")
    build(project, BuildOptions(cache="off"))
    site = project / "site"
    for path in ("he/index.html", "he/guide/index.html", "he/print.html", "he/guide/print.html"):
        assert '<html lang="he" dir="rtl">' in (site / path).read_text(encoding="utf-8"), path
    for path in ("en/index.html", "en/print.html"):
        assert '<html lang="en">' in (site / path).read_text(encoding="utf-8"), path
    assert '<span aria-current="true">עברית</span>' in (site / "he" / "index.html").read_text(encoding="utf-8"), "not 'English'"
    assert 'lang="he">עברית</a>' in (site / "en" / "index.html").read_text(encoding="utf-8")


def test_the_writing_direction_comes_from_cldr() -> None:
    from generator.load.cldr import rules_for

    assert rules_for("ar").direction == "rtl" and rules_for("fa-IR").direction == "rtl"
    assert rules_for("fr").direction == "ltr" and rules_for("xx-unknown").direction == "ltr"
