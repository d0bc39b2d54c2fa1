"""`mentorkit serve` in a subprocess, over HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from tests.conftest import Run

REPO = Path(__file__).resolve().parent.parent
LIVE_TAG = '<script src="/__mentorkit__/live.js"></script>'


class Server:
    def __init__(self, project: Path, tmp: Path, *options: str) -> None:
        self.tmp = tmp
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(project), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        """What the server printed on stderr."""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()
        self.url = ""
        deadline = time.monotonic() + 30
        while not self.url and time.monotonic() < deadline:
            line = self.lines.get(timeout=30)
            if match := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                self.url = match.group(1)
        assert self.url, "the server did not start"
        self.events: queue.Queue[tuple[str, object]] = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()
        kind, _ = self.events.get(timeout=10)
        assert kind == "state"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def _listen(self) -> None:
        host, port = self.url[len("http://") : -1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.request("GET", "/__mentorkit__/events")
        response = connection.getresponse()
        kind = ""
        while True:
            line = response.readline().decode()
            if not line:
                return
            if line.startswith("event: "):
                kind = line[len("event: ") :].strip()
            elif line.startswith("data: "):
                self.events.put((kind, json.loads(line[len("data: ") :])))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def raw(self, path: str) -> int:
        """A request path sent exactly as written (no client-side clean-up)."""
        host, port = self.url[len("http://") : -1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status

    def next_event(self, kind: str, timeout: float = 15) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got, data = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            if got == kind:
                return data
        raise AssertionError(f"no {kind} event")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=15)


@pytest.fixture
def server(project: Path, tmp_path: Path) -> Iterator[Server]:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    running = Server(project, temporary)
    yield running
    if running.process.poll() is None:
        running.stop()


def test_edit_break_fix_delete(server: Server, project: Path, tmp_path: Path) -> None:
    status, body = server.get("/en/guide/safety-and-trust.html")
    assert status == 200 and LIVE_TAG.encode() in body

    page = project / "content" / "en" / "guide" / "safety-and-trust.md"
    page.write_text(page.read_text() + "\nA sentence written while the preview runs.\n")
    reload = server.next_event("reload")
    assert "en/guide/safety-and-trust.html" in reload["changed"]  # type: ignore[index]
    assert b"A sentence written while the preview runs." in server.get("/en/guide/safety-and-trust.html")[1]

    good = page.read_text()
    page.write_text(good.replace("title: Make it safe and trusting", "title: [Make it safe"))
    problems = server.next_event("problems")
    assert problems[0]["path"] == "content/en/guide/safety-and-trust.md"  # type: ignore[index]
    assert problems[0]["text"].startswith(
        "content/en/guide/safety-and-trust.md:2: error: invalid YAML: while parsing a flow sequence that starts here"
    )  # type: ignore[index]
    status, body = server.get("/en/guide/safety-and-trust.html")
    assert status == 200 and b"A sentence written while the preview runs." in body, "the last good page is still served"
    state = json.loads(server.get("/__mentorkit__/state")[1])
    assert state["problems"] and state["problems"][0]["line"] == 2

    page.write_text(good)  # back as it was: nothing to reload, the errors go
    assert server.next_event("problems") == []
    assert json.loads(server.get("/__mentorkit__/state")[1])["problems"] == []

    (project / "content" / "en" / "guide" / "sharing-experience.md").unlink()
    server.next_event("reload")
    status, body = server.get("/en/guide/sharing-experience.html")
    assert status == 404 and b"Page not found" in body, "the site's own 404 page"

    # The served site equals a fresh build of the same sources, byte for byte.
    fresh = tmp_path / "fresh"
    build(project, BuildOptions(fresh, cache="off"))
    for path in sorted(fresh.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            status, body = server.get("/" + path.relative_to(fresh).as_posix())
            assert status == 200
            assert body.replace(LIVE_TAG.encode(), b"") == path.read_bytes(), path

    assert server.stop() == 0
    assert list(server.tmp.iterdir()) == [], "no temporary folders left behind"


def test_only_files_of_the_site_are_served(server: Server, project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web")
    for path in (
        "/../mentorkit.yaml",
        "/%2e%2e/mentorkit.yaml",
        "/%2E%2E%2Fmentorkit.yaml",
        "/guide/..%2f..%2fmentorkit.yaml",
        "/..\\mentorkit.yaml",
        "/.mentorkit-manifest.json",
        "/%00index.html",
    ):
        assert server.raw(path) in (403, 404), path
    status, body = server.get("/en/guide/../index.html")
    assert status in (200, 403, 404) and b"not for the web" not in body
    # A symlink planted in the served folder may not lead out of it.
    site_root = next(server.tmp.glob("mentorkit-serve-*")) / "site"
    (site_root / "leak.txt").symlink_to(secret)
    assert server.raw("/leak.txt") == 403
    assert server.raw("/index.html") == 200


def test_a_burst_of_saves_is_one_rebuild(server: Server, project: Path) -> None:
    """Five saves in a row (as an editor's save can be) are gathered into one
    rebuild. On a busy machine the test itself may be held up between two
    saves for longer than the watcher waits for quiet, so two rebuilds are
    allowed; five would mean no gathering at all."""
    page = project / "content" / "en" / "roles.md"
    text = page.read_text()
    for number in range(5):
        page.write_text(text + f"\nSave number {number}.\n")
    server.next_event("reload")
    time.sleep(1)
    more = 0
    while not server.events.empty():
        kind, _ = server.events.get()
        more += kind == "reload"
    assert more <= 1, f"five quick saves gave {more + 1} rebuilds"
    assert b"Save number 4." in server.get("/en/roles.html")[1]


def test_warns_when_not_on_loopback(project: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--port", "0", "--host", "0.0.0.0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        assert process.stdout is not None
        serving = process.stdout.readline()
        while serving and not serving.startswith("Serving "):  # 'Serving ... at http://0.0.0.0:PORT/ (Ctrl-C to stop)'
            serving = process.stdout.readline()
        port = int(serving.rsplit(":", 1)[1].split("/", 1)[0])
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        process.kill()
        process.communicate()
    assert line.startswith("Warning: listening on 0.0.0.0: anyone who can reach this machine")


def _abrupt(server: Server, request: bytes, read: int) -> None:
    """A client that sends `request`, reads `read` bytes (0: none) and goes away with a reset, as a closed tab does."""
    host, port = server.url[len("http://") : -1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(request)
    if read:
        sock.recv(read)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_browser_that_goes_away_prints_nothing(project: Path, tmp_path: Path) -> None:
    (project / "content" / "big.bin").write_bytes(os.urandom(3_000_000))  # more than the sockets hold
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(project, temporary)
    try:
        for _ in range(3):
            _abrupt(server, b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n", 100)  # in the middle of the body
            _abrupt(server, b"GET /en/roles.html HTTP/1.1\r\nHost: x\r\n\r\n", 10)
            _abrupt(server, b"GET /nothing-here.html HTTP/1.1\r\nHost: x\r\n\r\n", 0)
            _abrupt(server, b"GET /en/ HTTP/1.1\r\nHost:", 0)  # half a request
            _abrupt(server, b"GET /__mentorkit__/events HTTP/1.1\r\nHost: x\r\n\r\n", 20)  # a live-reload stream
        page = project / "content" / "en" / "roles.md"
        page.write_text(page.read_text() + "\nSaved after the browsers went away.\n")
        server.next_event("reload")  # the streams of the clients gone are written to, and fail
        time.sleep(0.5)
        status, body = server.get("/en/roles.html")
        assert status == 200 and b"Saved after the browsers went away." in body
        status, body = server.get("/big.bin")
        assert status == 200 and len(body) == 3_000_000
        assert server.stop() == 0
        assert server.errors == [], "nothing on the terminal for a client that went away"
    finally:
        if server.process.poll() is None:
            server.stop()


@pytest.mark.parametrize("command", ["serve", "build"])
def test_a_folder_that_does_not_exist(command: str, cli: Callable[..., Run], tmp_path: Path) -> None:
    missing = tmp_path / "handbok"
    result = cli(command, missing, *(["--port", "0"] if command == "serve" else []))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{missing}: error: there is no such folder\n  check the path, or start a handbook there")
    assert "Traceback" not in result.stderr + result.stdout and not missing.exists()


def test_a_handbook_started_after_serve(tmp_path: Path) -> None:
    project = tmp_path / "later"
    project.mkdir()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(project, temporary)
    try:
        status, body = server.get("/")
        assert status == 404 and b"content: error: there is no content folder" in body
        (project / "content").mkdir()
        (project / "content" / "index.md").write_text("# Started while the preview ran\n")
        assert server.next_event("reload")["build"] == 1  # type: ignore[index]
        assert b"Started while the preview ran" in server.get("/index.html")[1]
        (project / "mentorkit.yaml").write_text("title: Named later\n")
        server.next_event("reload")
        assert b"Named later" in server.get("/index.html")[1]
        (project / "themes" / "late" / "templates").mkdir(parents=True)
        (project / "themes" / "late" / "theme.yaml").write_text("extends: default\n")
        (project / "themes" / "late" / "templates" / "page.html").write_text(
            '{% extends "default:page.html" %}{% block before_content %}<p>From a theme made later</p>{% endblock %}'
        )
        (project / "mentorkit.yaml").write_text("title: Named later\ntheme: late\n")
        server.next_event("reload")
        assert b"From a theme made later" in server.get("/index.html")[1]
    finally:
        server.stop()


def test_poll(project: Path, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(project, temporary, "--poll")
    try:
        page = project / "content" / "en" / "roles.md"
        page.write_text(page.read_text() + "\nSeen by looking, not told.\n")
        assert "en/roles.html" in server.next_event("reload")["changed"]  # type: ignore[index]
        assert b"Seen by looking, not told." in server.get("/en/roles.html")[1]
    finally:
        server.stop()


def _pdf_project(tmp_path: Path) -> Path:
    project = tmp_path / "pdf"
    (project / "content").mkdir(parents=True)
    (project / "mentorkit.yaml").write_text("title: With PDFs\npdf: true\n")
    (project / "content" / "index.md").write_text("# Home\n\nThe first version.\n")
    return project


def test_pdf_true_makes_no_pdfs_while_previewing(tmp_path: Path) -> None:
    project = _pdf_project(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(project, temporary)
    try:
        assert server.get("/handbook.pdf")[0] == 404
        (project / "content" / "index.md").write_text("# Home\n\nThe second version.\n")
        assert "handbook.pdf" not in server.next_event("reload")["changed"]  # type: ignore[index]
        assert server.get("/handbook.pdf")[0] == 404
        status, body = server.get("/index.html")
        assert status == 200 and b"The second version." in body and b"handbook.pdf" not in body
    finally:
        server.stop()
    printed = []
    while not server.lines.empty():
        printed.append(server.lines.get())
    assert any(line.startswith("PDFs are not made while previewing (pdf: true in mentorkit.yaml)") for line in printed), printed


@pytest.mark.pdf
def test_serve_pdf_makes_them_on_every_save(tmp_path: Path) -> None:
    project = _pdf_project(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(project, temporary, "--pdf")
    try:
        status, first = server.get("/handbook.pdf")
        assert status == 200 and first.startswith(b"%PDF")
        (project / "content" / "index.md").write_text("# Home\n\nThe second version.\n")
        assert "handbook.pdf" in server.next_event("reload", timeout=60)["changed"]  # type: ignore[index]
        status, second = server.get("/handbook.pdf")
        assert status == 200 and second.startswith(b"%PDF") and second != first
    finally:
        server.stop()


def test_mistakes_made_while_serving_name_their_file_and_line(server: Server, project: Path) -> None:
    def problems_after(path: Path, text: str) -> list[str]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        found = server.next_event("problems")
        texts = [problem["text"] for problem in found]  # type: ignore[attr-defined]
        assert texts and not any("internal error" in t for t in texts), texts
        return texts

    page = project / "content" / "en" / "roles.md"
    good_page = page.read_text()
    texts = problems_after(page, good_page.replace("---\n", "---\nupdated: 2027-02-30\n", 1))
    assert texts[0].startswith("content/en/roles.md:2: error: '2027-02-30' is not a date that exists"), texts
    page.write_text(good_page)
    assert server.next_event("problems") == []

    config = project / "mentorkit.yaml"
    good_config = config.read_text()
    templates = project / "themes" / "mine" / "templates"
    (project / "themes" / "mine").mkdir(parents=True)
    (project / "themes" / "mine" / "theme.yaml").write_text("extends: default\n")
    divided = '{% extends "default:page.html" %}\n{% block before_content %}\n<p>{{ page.title | length // 0 }}</p>\n{% endblock %}\n'
    (templates / "page.html").parent.mkdir()
    (templates / "page.html").write_text(divided)
    texts = problems_after(config, good_config.replace("theme: default", "theme: mine"))
    assert texts[0].startswith("themes/mine/templates/page.html:3: error: template error: integer division or modulo by zero"), texts
    texts = problems_after(templates / "page.html", divided.replace("| length // 0 }}", "| length "))
    assert texts[0].startswith("themes/mine/templates/page.html:3: error: template error: unexpected '/'"), texts
    texts = problems_after(config, good_config + "\nlanguages: [en\n")
    assert re.match(r"mentorkit\.yaml:\d+: error: invalid YAML", texts[0]), texts

    config.write_text(good_config)  # the site as before the theme: nothing to reload, the errors go
    assert server.next_event("problems") == []
    assert server.stop() == 0
    terminal = "".join(server.errors)
    assert re.search(
        r"Build failed \(\d+ error\(s\)\); still serving the last good site:\nthemes/mine/templates/page\.html:3: error: template error",
        terminal,
    )
    assert "Traceback" not in terminal and "internal error" not in terminal


def test_ctrl_c_during_the_first_build_stops_it_even_when_started_with_sigint_ignored(project: Path, tmp_path: Path) -> None:
    """A script that starts the preview with '&' leaves SIGINT ignored; a Ctrl-C
    (or the script's kill -INT) sent while the first build runs must still stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob("mentorkit-serve-*")):  # made as the first build starts
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) is not None
    finally:
        process.kill()
        process.communicate()
    assert not list(tmp_path.glob("mentorkit-serve-*")), "its temporary folder is left behind"
