import posixpath

import pytest

from generator.render.context import relative_url, root_prefix


@pytest.mark.parametrize(
    "source,target,expected",
    [
        ("index.html", "guide/a.html", "guide/a.html"),
        ("guide/a.html", "guide/b.html#x", "b.html#x"),
        ("guide/a.html", "index.html", "../index.html"),
        ("guide/a.html", "guide/a.html#top", "#top"),
        ("a/b/c.html", "img/p.png", "../../img/p.png"),
    ],
)
def test_relative_url(source: str, target: str, expected: str) -> None:
    assert relative_url(source, target) == expected


def test_root_prefix() -> None:
    assert root_prefix("index.html") == ""
    assert root_prefix("a/b/c.html") == "../../"


@pytest.mark.parametrize("source", ["index.html", "a/x.html", "a/b/c.html", "z/y.html"])
@pytest.mark.parametrize("target", ["index.html", "a/x.html#k", "a/b/d.html", "a/", "img/p.png", "a/b/c.html#top"])
def test_relative_url_agrees_with_posixpath(source: str, target: str) -> None:
    path, _, fragment = target.partition("#")
    if path == source and fragment:
        expected = f"#{fragment}"
    else:
        expected = posixpath.relpath(path, posixpath.dirname(source) or ".")
        expected += "/" if path.endswith("/") else ""
        expected += f"#{fragment}" if fragment else ""
    assert relative_url(source, target) == expected
