"""`mentorkit serve`: build, serve, watch, rebuild, reload the browser.

Outside the pipeline: it has `build` called with a cache kept in memory, so
a change re-renders only what depends on it, in the build process of
builder.py (which can use every core; this one runs threads). While a rebuild fails, the last
good site is still served and every open page shows the errors. Only files
under the built site are served; the site is swapped in whole, under a lock
that requests hold while they open a file, so no request sees half a build.
Each page is sent with the build it shows (server id and build number, in a
Server-Timing header), which live.js compares with the events it hears; a
client that goes away mid-response is no news and prints nothing.
"""

from __future__ import annotations

import collections
import functools
import html
import importlib.resources
import ipaddress
import json
import mimetypes
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import webbrowser
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.build import require_project_dir
from generator.errors import MentorkitError, Problem
from generator.load.config import load_config
from generator.load.themes import load_theme
from generator.preview.builder import PreviewBuild, start_builds
from generator.preview.watcher import Changes, start_watching

ENDPOINT = "/__mentorkit__/"
LIVE_TAG = f'<script src="{ENDPOINT}live.js"></script>'
KEEPALIVE = 15.0


@functools.cache
def live_js() -> bytes:
    """The script every previewed page loads (live.js beside this module, in the wheel too)."""
    return importlib.resources.files("generator.preview").joinpath("live.js").read_bytes()


@dataclass
class Preview:
    """What the server knows: where the site is, its errors, its events."""

    output: Path
    build: PreviewBuild
    """Builds the site again, given the paths seen changing (builder.py)."""
    lock: AbstractContextManager[object] = field(default_factory=threading.Lock)
    """Held while a request opens a file: the build swaps files only under it."""
    build_number: int = 0
    """Number of the last good build (0: none yet)."""
    problems: list[dict[str, Any]] = field(default_factory=list)
    events: collections.deque[tuple[int, str, str]] = field(default_factory=lambda: collections.deque(maxlen=50))
    event_id: int = 0
    condition: threading.Condition = field(default_factory=threading.Condition)
    log: Callable[[str], None] = print
    server_id: str = field(default_factory=lambda: secrets.token_hex(6))
    """Tells a page that a restarted server (counting its builds from 1 again) made its site anew."""

    def publish(self, kind: str, data: object) -> None:
        with self.condition:
            self.event_id += 1
            self.events.append((self.event_id, kind, json.dumps(data)))
            self.condition.notify_all()

    def has_news(self, seen: int) -> bool:
        return self.event_id != seen

    def state(self) -> str:
        return json.dumps({"server": self.server_id, "build": self.build_number, "problems": self.problems})

    def build_label(self, number: int) -> str:
        """Which build a page shows, as live.js reads it from the page's Server-Timing header."""
        return f'mentorkit;desc="{self.server_id}.{number}"'

    def rebuild(self, changed: set[str] | None = None, superseded: Callable[[], bool] = lambda: False) -> bool:
        """Build again; publish a reload, or the problems. A build that fails while
        files changed again under it (`superseded`: a save written in several steps,
        a file removed while being read) is not announced: the next build tells."""
        started = time.perf_counter()
        outcome = self.build(changed or set())
        if outcome.problems is not None:
            if not superseded():
                self._failed(list(outcome.problems))
            return False
        self.problems = [_problem_json(p) for p in outcome.warnings]
        elapsed = time.perf_counter() - started
        if outcome.changed or self.build_number == 0:
            self.build_number += 1
            self.publish("reload", {"server": self.server_id, "build": self.build_number, "changed": list(outcome.changed)})
        else:
            self.publish("problems", self.problems)
        self.log(
            f"Built in {elapsed:.2f} s: {len(outcome.changed)} file(s) changed"
            + (f", {len(self.problems)} warning(s)" if self.problems else "")
        )
        return True

    def _failed(self, problems: list[Problem]) -> None:
        self.problems = [_problem_json(p) for p in problems]
        self.publish("problems", self.problems)
        errors = sum(1 for p in problems if p.level == "error")
        self.log(f"Build failed ({errors} error(s)); still serving the last good site:\n" + "\n".join(p.format() for p in problems))


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "level": problem.level,
        "message": problem.message,
        "hint": problem.hint,
        "text": problem.format(),
    }


def resolve_request(root: Path, raw_path: str) -> Path | None:
    """The file under `root` a request path names, or None when it names
    anything outside it (.., encoded separators, symlinks out) or hidden."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(raw_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if any(part == ".." or part.startswith(".") for part in parts):
        return None
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return root / "\x00missing"  # inside, but not there: a 404
    if not real.is_relative_to(root.resolve()):
        return None
    return real


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        super().__init__(address, PreviewHandler)
        self.preview = preview

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that goes away mid-request (a tab closed, a reload) is no news; anything else is a bug to show."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal is for build messages
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        preview = self.server.preview
        if self.path.startswith(ENDPOINT):
            self._endpoint(self.path[len(ENDPOINT) :].split("?")[0])
            return
        try:
            with preview.lock:  # the site is not swapped while a file is being opened
                shown = preview.build_number  # or one less, while a build is being swapped in: a reload too many, never one too few
                target = resolve_request(preview.output, self.path)
                handle = target.open("rb") if target is not None and target.is_file() else None
                not_found = None if handle or target is None else _read(preview.output / "404.html")
        except (OSError, UnicodeDecodeError):
            target, handle, not_found = None, None, None
        if target is None:
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden: only files of the handbook are served.\n", "text/plain; charset=utf-8")
            return
        if handle is None:
            body = not_found if not_found is not None else _error_page(preview)
            self._send(HTTPStatus.NOT_FOUND, _inject(body), "text/html; charset=utf-8", preview.build_label(shown))
            return
        with handle:
            data = handle.read()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        label = None
        if kind == "text/html":
            data, label = _inject(data), preview.build_label(shown)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, label)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, build: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if build is not None:
            self.send_header("Server-Timing", build)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _endpoint(self, name: str) -> None:
        preview = self.server.preview
        if name == "live.js":
            self._send(HTTPStatus.OK, live_js(), "text/javascript; charset=utf-8")
        elif name == "state":
            self._send(HTTPStatus.OK, preview.state().encode(), "application/json")
        elif name == "events":
            self._events()
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")

    def _events(self) -> None:
        """Server-sent events: the state at once, then each reload and problem."""
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        with preview.condition:
            seen = preview.event_id
        try:
            self.wfile.write(f"event: state\ndata: {preview.state()}\n\n".encode())
            self.wfile.flush()
            while True:
                with preview.condition:
                    preview.condition.wait_for(functools.partial(preview.has_news, seen), timeout=KEEPALIVE)
                    fresh = [e for e in preview.events if e[0] > seen]
                    seen = preview.event_id
                message = "".join(f"id: {number}\nevent: {kind}\ndata: {data}\n\n" for number, kind, data in fresh) or ": keep-alive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _inject(page: bytes) -> bytes:
    tag = LIVE_TAG.encode()
    index = page.rfind(b"</body>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def _error_page(preview: Preview) -> bytes:
    """Shown before any build has succeeded."""
    items = "".join(f"<li><pre>{html.escape(p['text'])}</pre></li>" for p in preview.problems)
    head = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Not built yet</title></head>"
    return f"{head}<body><h1>Not built yet</h1><ul>{items}</ul></body></html>".encode()


def _stop(signum: int, frame: object) -> None:
    """SIGTERM stops the preview the way Ctrl-C does, cleaning up."""
    raise KeyboardInterrupt


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve_project(
    project: Path, host: str, port: int, open_browser: bool, log: Callable[[str], None], poll: bool = False, pdf: bool = False
) -> None:
    """Run the preview until Ctrl-C (or SIGTERM); leaves no temporary folder.
    `poll`: look at the files every moment instead of waiting for the system's
    events; `pdf`: make the PDFs on every build."""
    require_project_dir(project)
    project = project.resolve()
    # Both stop cleanly from the start, even when started with SIGINT ignored (as
    # '&' in a script does, where a Ctrl-C sent during the first build was lost).
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    workspace = Path(tempfile.mkdtemp(prefix="mentorkit-serve-"))
    watcher = None
    server = None
    builds = None
    try:
        builds = start_builds(project, workspace / "site", workspace / "swap.lock", pdf)
        preview = Preview(workspace / "site", builds, lock=builds.lock, log=log)
        preview.rebuild()
        try:
            server = PreviewServer((host, port), preview)
        except OSError as exc:
            raise MentorkitError(
                [Problem(f"{host}:{port}", None, f"cannot listen there: {exc.strerror}", "choose another --port")]
            ) from None
        address = f"http://{host if ':' not in host else f'[{host}]'}:{server.server_address[1]}/"
        changes = Changes()
        try:
            config = load_config(project)
            themes = load_theme(project, config.theme, config.path, follow_links=config.follow_links).chain
            pdf_note = config.pdf and not pdf
        except (MentorkitError, OSError):  # the first build has said what is wrong
            themes, pdf_note = ("default",), False
        watcher = start_watching(project, themes, changes, poll)

        def rebuild_loop() -> None:
            while (paths := changes.wait()) is not None:
                preview.rebuild(paths, changes.pending)

        threading.Thread(target=rebuild_loop, daemon=True).start()
        # Said only now: a save made once the address is shown is seen by the watcher.
        if not is_loopback(host):
            log(f"Warning: listening on {host}: anyone who can reach this machine can read the handbook while it runs.")
        log(f"Serving {project} at {address} (Ctrl-C to stop)")
        if pdf_note:
            log("PDFs are not made while previewing (pdf: true in mentorkit.yaml): 'mentorkit serve --pdf' makes them on every save.")
        if open_browser:
            webbrowser.open(address)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            log("Stopped.")
        changes.stop()
    finally:
        if server is not None:
            server.server_close()
        if watcher is not None:
            watcher.stop()
        if builds is not None:
            builds.close()
        shutil.rmtree(workspace, ignore_errors=True)
