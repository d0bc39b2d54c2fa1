from pathlib import Path

import pytest

from generator.preview.server import _inject, is_loopback, resolve_request


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "guide").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "guide" / "index.html").write_text("guide")
    (tmp_path / "secret.txt").write_text("secret")
    return site


@pytest.mark.parametrize(
    "path,expected",
    [("/", "index.html"), ("/guide/", "guide/index.html"), ("/guide", "guide/index.html"), ("/index.html?x=1#y", "index.html")],
)
def test_paths_inside(root: Path, path: str, expected: str) -> None:
    assert resolve_request(root, path) == (root / expected).resolve()


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/guide/%2E%2E%2F%2E%2E%2Fsecret.txt", "/a\\..\\secret.txt", "/%00", "/.hidden"]
)
def test_paths_outside_are_refused(root: Path, path: str) -> None:
    assert resolve_request(root, path) is None


def test_symlink_out_is_refused_and_missing_is_not_found(root: Path) -> None:
    (root / "link.txt").symlink_to(root.parent / "secret.txt")
    assert resolve_request(root, "/link.txt") is None
    missing = resolve_request(root, "/nothing.html")
    assert missing is not None and not missing.exists()


def test_live_script_goes_before_the_end_of_body() -> None:
    assert _inject(b"<html><body>x</body></html>") == b'<html><body>x<script src="/__mentorkit__/live.js"></script></body></html>'


def test_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
