"""The command line. Only this module (with cli_output.py, how it talks) knows about click and exit codes."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.cli_output import NORMAL, QUIET, VERBOSE, Voice
from generator.errors import MentorkitError, Problem
from generator.scaffold import new_project, programme_templates, starter_languages


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{max(1, round(count / 1e3))} kB"


def _voice() -> Voice:
    """How the command talks, as -q or -v set it."""
    context = click.get_current_context(silent=True)
    found = context.find_object(Voice) if context is not None else None
    return found if found is not None else Voice()


def _level(quiet: bool, verbose: bool) -> int:
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot go together: choose one")
    return QUIET if quiet else VERBOSE if verbose else NORMAL


def _talk_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-q and -v, before the command's name or after it."""
    command = click.option("-v", "--verbose", is_flag=True, help="Say what each step does, with its time.")(command)
    return click.option("-q", "--quiet", is_flag=True, help="Print only problems: errors and warnings.")(command)


def _report(problems: tuple[Problem, ...] | list[Problem]) -> None:
    _voice().problems(problems)


def _fail(exc: MentorkitError) -> None:
    voice = _voice()
    voice.problems(exc.problems)
    errors = sum(1 for p in exc.problems if p.level == "error")
    voice.failure(f"Stopped: {errors} error{'s' if errors != 1 else ''}; nothing was written.")
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="mentorkit")
@_talk_options
@click.pass_context
def main(context: click.Context, quiet: bool, verbose: bool) -> None:
    """mentorkit: build a mentoring programme handbook into a static site."""
    context.obj = Voice(_level(quiet, verbose))


@main.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Where to write the site (default: PROJECT_DIR/site).")
@click.option("--strict", is_flag=True, help="Treat warnings (broken links, missing anchors) as errors.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Also write PDFs: each form, each programme summary and the whole handbook (needs WeasyPrint: the [pdf] extra).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache (.mentorkit-cache).")
@click.option("--clean", is_flag=True, help="Forget the build cache and render every page again.")
@click.option("--zip", "make_zip", is_flag=True, help="Also pack the site into one file beside it (site.zip) to email or share.")
@_talk_options
def build(
    project_dir: Path, output: Path | None, strict: bool, pdf: bool, no_cache: bool, clean: bool, make_zip: bool, quiet: bool, verbose: bool
) -> None:
    """Build the handbook in PROJECT_DIR into a static site."""
    started = time.perf_counter()
    voice = _voice()
    if quiet or verbose:
        voice.level = _level(quiet, verbose)
    voice.start_progress(pdf, f"Building {project_dir}/ …")
    try:
        from generator.build import BuildOptions, source_date  # not needed for --help or new
        from generator.build import build as build_handbook
        from generator.write.archive import check_zip_path, write_zip, zip_path

        archive = zip_path(output or project_dir / "site") if make_zip else None
        if archive is not None:
            check_zip_path(archive)
        options = BuildOptions(output, strict, pdf, "off" if no_cache else "clean" if clean else "use", note=voice.note, on_pdf=voice.pdf)
        result = build_handbook(project_dir, options)
        zipped = write_zip(result.output, archive, source_date()) if archive is not None else 0
        if archive is not None:
            voice.note(f"packed the site into {archive.name}")
    except MentorkitError as exc:
        _fail(exc)
        return
    except OSError as exc:
        voice.problems([Problem(str(exc.filename or project_dir), None, exc.strerror or str(exc))])
        sys.exit(1)
    _report(result.warnings)
    if result.report.user_files:
        kept = ", ".join(result.report.user_files)
        voice.result(f"Kept {len(result.report.user_files)} file(s) in the output folder that mentorkit did not write: {kept}", err=True)
    pages = result.pages
    where = result.output.relative_to(Path.cwd().resolve()) if result.output.is_relative_to(Path.cwd().resolve()) else result.output
    warned = f", {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}" if result.warnings else ""
    made = len(result.rendered)
    fresh = "nothing changed" if not made else f"{made} file{'s' if made != 1 else ''} made"
    voice.result(f"Built {pages} page{'s' if pages != 1 else ''} into {where}/ in {time.perf_counter() - started:.2f} s ({fresh}){warned}.")
    if archive is not None:
        shown = archive.relative_to(Path.cwd().resolve()) if archive.is_relative_to(Path.cwd().resolve()) else archive
        voice.result(f"Packed the site into {shown} ({_size(zipped)}): unpacked, {archive.stem}/index.html opens in a browser.")


@main.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with 1 on warnings too.")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="json: for editors and CI."
)
def check(project_dir: Path, strict: bool, output_format: str) -> None:
    """Check the handbook in PROJECT_DIR without writing anything."""
    from generator.check import check_project

    try:
        problems = check_project(project_dir)
    except OSError as exc:
        problems = [Problem(str(exc.filename or project_dir), None, exc.strerror or str(exc))]
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    if output_format == "json":
        entries = [{"path": p.path, "line": p.line, "level": p.level, "message": p.message, "hint": p.hint} for p in problems]
        click.echo(json.dumps({"problems": entries, "errors": errors, "warnings": warnings}, indent=2))
    else:
        _voice().problems(problems, err=False)
        _voice().result(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.", err=True)
    if errors or (strict and warnings):
        sys.exit(1)


@main.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", "-p", default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback shows the site to others."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@click.option(
    "--poll",
    is_flag=True,
    help="Look for changes twice a second: for folders whose changes go unnoticed (Docker volumes, network drives).",
)
@click.option("--pdf", is_flag=True, help="Make the PDFs on every save too (without it the preview makes none, even with pdf: true).")
def serve(project_dir: Path, port: int, host: str, open_browser: bool, poll: bool, pdf: bool) -> None:
    """Preview the handbook: build, serve, rebuild and reload on every save."""

    def log(line: str) -> None:
        click.echo(line, err=line.startswith(("Build failed", "Warning")))

    from generator.preview.server import serve_project  # watchdog and the server: only for this command

    try:
        serve_project(project_dir, host, port, open_browser, log, poll, pdf)
    except MentorkitError as exc:
        _fail(exc)


@main.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--output", "-o", type=click.Path(file_okay=False, path_type=Path), help="Where to write them (default: PROJECT_DIR/schemas)."
)
def schema(project_dir: Path, output: Path | None) -> None:
    """Write JSON Schemas of mentorkit.yaml and of front matter, for editors."""
    from generator.schema import write_schemas

    folder = output if output is not None else project_dir / "schemas"
    try:
        written = write_schemas(folder)
    except OSError as exc:
        click.echo(f"{exc.filename or folder}: error: {exc.strerror or exc}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"Wrote {path}")
    try:  # as the line atop mentorkit.yaml names it: from the project's folder
        shown = "./" + written[0].resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        shown = written[0].resolve().as_posix()
    click.echo(f"For editors with yaml-language-server, start mentorkit.yaml with: # yaml-language-server: $schema={shown}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--programme",
    metavar="NAME",
    help="Start from one programme template (" + ", ".join(programme_templates()) + ") instead of all of them.",
)
@click.option(
    "--language",
    "languages",
    metavar="CODE",
    multiple=True,
    help="The example's language to start from (" + ", ".join(starter_languages()) + "); give it twice for a handbook in two languages.",
)
def new(directory: Path, programme: str | None, languages: tuple[str, ...]) -> None:
    """Start a new handbook in DIRECTORY from the example handbook."""
    try:
        new_project(directory, programme, languages)
    except MentorkitError as exc:
        _fail(exc)
    _voice().result(f"Created a handbook in {directory}/. Next: mentorkit build {directory}")


@main.command()
@click.argument("roster", type=click.Path(path_type=Path))  # a folder is told as the other problems are
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Where to write the packs (default: PROJECT_DIR/packs).")
@click.option("--pdf", is_flag=True, help="Also write each pack's pages as PDFs, the forms fillable (needs mentorkit[pdf]).")
def packs(roster: Path, project_dir: Path, output: Path | None, pdf: bool) -> None:
    """Write a pack for each pair of ROSTER (a CSV kept outside content/): its dates, forms and calendar."""
    from generator.packs import make_packs

    try:
        result = make_packs(roster, project_dir, output, pdf)
    except MentorkitError as exc:
        _fail(exc)
        return
    except OSError as exc:
        click.echo(f"{exc.filename or roster}: error: {exc.strerror}", err=True)
        sys.exit(1)
    _report(result.warnings)
    here = Path.cwd().resolve()
    where = result.output.relative_to(here) if result.output.is_relative_to(here) else result.output
    click.echo(f"Wrote packs for {result.pairs} pair{'s' if result.pairs != 1 else ''} into {where}/; the list is {where}/index.html.")


def run() -> None:
    """The `mentorkit` program (and `python -m generator`): `main`, then an
    exit that leaves the build's memory to the system to take back.

    Why: Python's own exit frees every object one by one, a wait nobody needs (docs/performance.md).
    Every command has closed its files by then; the output streams are flushed here.
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone (`| head`) or a stream closed
            stream.flush()
    os._exit(code)
