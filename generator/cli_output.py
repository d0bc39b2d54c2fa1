"""The command line's voice: how much it says (-q, -v), colour, and progress.

Colour and the one updating progress line appear only on a terminal, never
when the output is piped or with NO_COLOR set (https://no-color.org). Piped,
progress is plain lines, one per step. Progress goes to standard error, so
standard output keeps only the command's result.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import TextIO

import click

from generator.errors import Problem

QUIET, NORMAL, VERBOSE = 0, 1, 2
LEVEL_COLOURS = {"error": "red", "warning": "yellow"}


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def wants_colour(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set to anything but nothing."""
    return is_terminal(stream) and not os.environ.get("NO_COLOR")


def styled(problem: Problem, colour: bool) -> str:
    """`path:line: error: what` with 'error' in red and 'warning' in yellow on a terminal."""
    text = problem.format()
    if not colour:
        return text
    where, _, rest = text.partition(f": {problem.level}: ")
    label = click.style(problem.level, fg=LEVEL_COLOURS.get(problem.level), bold=True)
    return f"{click.style(where, bold=True)}: {label}: {rest}"


class Voice:
    """How much a command says, and the build's progress while it works."""

    def __init__(self, level: int = NORMAL) -> None:
        self.level = level
        self.started = self.last = time.perf_counter()
        self.showing = False
        """Whether progress is shown for this command (PDFs, or -v)."""
        self.live = False
        """An updating line on a terminal, instead of a line each."""
        self.drawn = False

    def problems(self, problems: tuple[Problem, ...] | list[Problem], err: bool = True) -> None:
        self.clear()
        colour = wants_colour(sys.stderr if err else sys.stdout)
        for problem in problems:
            click.echo(styled(problem, colour), err=err, color=colour)

    def failure(self, text: str) -> None:
        """The last line of a command that stopped (always shown, -q too)."""
        self.clear()
        colour = wants_colour(sys.stderr)
        click.echo(click.style(text, fg="red", bold=True) if colour else text, err=True, color=colour)

    def result(self, text: str, err: bool = False) -> None:
        """What the command did; left out with -q."""
        self.clear()
        if self.level >= NORMAL:
            click.echo(text, err=err)

    def start_progress(self, long_work: bool, what: str) -> None:
        """Show progress from now on, for long work (PDFs) or with -v."""
        self.showing = self.level >= VERBOSE or (self.level >= NORMAL and long_work)
        self.live = self.showing and self.level < VERBOSE and is_terminal(sys.stderr)
        if self.live:
            self._draw(what)

    def note(self, text: str) -> None:
        """The build has just done this (a callback the orchestrator is given)."""
        now = time.perf_counter()
        took, self.last = now - self.last, now
        if self.level >= VERBOSE:
            self.clear()
            click.echo(f"{took:7.2f} s  {text}", err=True)
        elif self.showing:
            self._show(text)

    def pdf(self, done: int, total: int, path: str) -> None:
        """A PDF made or found unchanged (a callback the render stage is given)."""
        if done == 0 and not path:  # before the first; a big handbook's parts are told with no PDF done yet too
            if not self.showing:  # `pdf: true` in mentorkit.yaml, not --pdf
                self.start_progress(True, "")
            self.note(f"made the HTML pages; {total} PDF{'s' if total != 1 else ''} to make")
        else:
            self.note(f"PDF {done}/{total}: {path}")

    def _show(self, text: str) -> None:
        if self.live:
            self._draw(text)
        else:
            click.echo(text, err=True)

    def _draw(self, text: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        text = text if len(text) <= width else text[: max(0, width - 1)] + "…"
        sys.stderr.write("\r\x1b[K" + text)
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        """Take the progress line away before anything else is printed."""
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.drawn = False
