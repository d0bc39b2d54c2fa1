"""Render: a failure while rendering, told as the template file and line it happened at.

A mistake in a project's own template (`{{ 1 // 0 }}`, a missing template,
a call the sandbox refuses) is the user's: reported as a Problem at that
template's line. Anything else raised while rendering is a bug, raised as it is.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2

from generator.errors import Problem
from generator.render.environment import sandbox_refusal


def raised_by_user_template(exc: Exception, project: Path) -> bool:
    """Whether a template of the project's own themes was running when `exc` was raised
    (`{{ 1 // 0 }}`, `{{ "%d" % "x" }}`): the user's mistake, to report at its line, not a bug."""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".j2")) and Path(frame.filename).resolve().is_relative_to(project):
            return True
    return False


def template_problem(exc: Exception, project: Path, rendering: str) -> Problem:
    """The template file and line an error happened at."""
    # Where one of the project's templates was running, when one was: the line that extends, includes or calls.
    user_frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith((".html", ".xml", ".j2")) and Path(frame.filename).resolve().is_relative_to(project)
    ]
    where = (Path(user_frames[-1].filename).resolve().relative_to(project).as_posix(), user_frames[-1].lineno) if user_frames else None
    if isinstance(exc, RecursionError):
        return Problem(
            *(where or (rendering, None)),
            "template error: the templates call themselves without end",
            "a template extends or includes itself (perhaps through another), or a macro calls itself with no way out",
        )
    filename: str | None = getattr(exc, "filename", None)
    line: int | None = getattr(exc, "lineno", None)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(
            *(where or (rendering, None)),
            f"the theme has no template '{exc.name}'",
            "add it to your theme's templates/ folder, or extend a theme that has it",
        )
    if not isinstance(exc, jinja2.TemplateSyntaxError):
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".j2")):
                filename, line = frame.filename, frame.lineno
                break
    shown = filename or "template"
    if filename:
        path = Path(filename).resolve()
        shown = path.relative_to(project).as_posix() if path.is_relative_to(project) else f"(built-in) {path.name}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        message, hint = sandbox_refusal(exc)
        return Problem(shown, line, message, f"while rendering {rendering}; {hint}")
    message = re.sub(r"'generator\.[\w.]+\.(\w+) object'", r"\1", str(getattr(exc, "message", None) or exc))
    hint = f"while rendering {rendering}"
    if isinstance(exc, jinja2.UndefinedError):
        hint += "; check the name, or give it a default: {{ name | default('') }}"
    return Problem(shown, line, f"template error: {message}", hint)
