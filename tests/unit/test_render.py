import pytest

from generator.render import relative_url, root_prefix


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
