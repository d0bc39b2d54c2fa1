"""The orchestrator: load -> parse -> model -> render -> write, top to bottom.

The build cache (generator/incremental/) is consulted here and nowhere else:
it lets parsing skip unchanged sources and rendering skip outputs whose
inputs are unchanged, and stops a build whose inputs are all unchanged right
after reading them. The result is the same as a clean build's either way.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from generator import __version__
from generator.errors import MentorkitError, Problem, writing_to
from generator.gc_pause import cyclic_gc_paused
from generator.incremental.cache import (
    CACHE_DIR,
    BuildCache,
    LastBuild,
    Written,
    cache_folder_problem,
    load_cache,
    load_last_build,
    save_cache,
    save_last_build,
)
from generator.incremental.hashing import blake, digest
from generator.load.config import CONFIG_FILE, Config, ConfigError, load_config
from generator.load.project_files import ProjectFiles
from generator.load.sources import CONTENT_DIR, Sources, load_sources, source_stats
from generator.load.themes import Theme, builtin_themes_dir, load_theme, theme_words
from generator.write.site_writer import MANIFEST, SiteWriter, WriteReport, check_output_dir, written_before

__all__ = ["CACHE_DIR", "BuildOptions", "BuildResult", "BuildState", "build", "new_state", "require_project_dir"]
"""CACHE_DIR is the preview's too: its watcher ignores what the build writes there."""

if TYPE_CHECKING:
    import jinja2

    from generator.incremental.fingerprints import TemplateFacts
    from generator.model.types import Site


@dataclass(frozen=True, slots=True)
class BuildOptions:
    output: Path | None = None
    """Where the site goes (default: the project's site/)."""
    strict: bool = False
    """Warnings are errors, and nothing is written."""
    pdf: bool = False
    cache: Literal["use", "clean", "off"] = "use"
    """The project's .mentorkit-cache: used, forgotten for this build (--clean), or neither read nor written (--no-cache)."""
    pdf_from_config: bool = True
    """Whether `pdf: true` in mentorkit.yaml counts: the preview makes PDFs only when `serve --pdf` asks."""
    note: Callable[[str], None] | None = None
    """Told what the build has just done, step by step (the command line's -v and progress)."""
    on_pdf: Callable[[int, int, str], None] | None = None
    """Told of each PDF as it is made or found unchanged: how many so far, of how many, its path;
    once with 0 and no path before the first."""


@dataclass
class BuildState:
    """What the preview keeps from one build to the next, in memory."""

    cache: BuildCache = field(default_factory=BuildCache)
    sources: Sources | None = None
    """The last good build's sources: the next reads again only what changed."""
    changed: set[str] = field(default_factory=set)
    """Paths the watcher saw change since the last good build."""
    lock: AbstractContextManager[object] | None = None
    """Held by the server while it reads a file; the site is then updated in place."""
    environment: tuple[str, jinja2.Environment, dict[str, TemplateFacts]] | None = None
    """The last build's Jinja environment, with the digest of the settings and templates it was made
    from and what the fingerprints found in its templates: reused while the templates are the same."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    warnings: tuple[Problem, ...]
    report: WriteReport
    output: Path
    rendered: tuple[str, ...]
    """Outputs made this time (the rest were unchanged)."""
    sites: tuple[Site, ...] = ()
    """The model, a Site per language (empty when nothing had changed and no model was made)."""


def new_state(project: Path, lock: AbstractContextManager[object] | None = None) -> BuildState:
    """The preview's state before its first build, starting from the project's cache."""
    return BuildState(cache=load_cache(project.resolve()), lock=lock)


def build(project: Path, options: BuildOptions = BuildOptions(), state: BuildState | None = None) -> BuildResult:
    """Build the handbook in `project`. Raises MentorkitError listing every problem."""
    require_project_dir(project)
    with cyclic_gc_paused():
        return _build(project.resolve(), options, state)


def require_project_dir(project: Path) -> None:
    """Say so when the project folder is not there (a mistyped path), rather than that content/ is missing."""
    if not project.is_dir():
        hint = "check the path, or start a handbook there with 'mentorkit new " + str(project) + "'"
        raise MentorkitError([Problem(str(project), None, "there is no such folder", hint)])


def _build(project: Path, options: BuildOptions, state: BuildState | None) -> BuildResult:
    started = time.time()
    note = options.note or _silent
    output = Path(os.path.realpath(options.output or project / "site"))
    saved = state is None and options.cache != "off"  # written to the project's .mentorkit-cache
    reading = saved and options.cache == "use"
    # load
    try:
        config = load_config(project)
    except ConfigError as exc:  # with the pages' problems too, when the settings can still read them: all at once
        raise MentorkitError([*exc.problems, *(_content_problems(project, exc.config) if exc.config else ())]) from None
    config = replace(config, pdf=options.pdf or (config.pdf and options.pdf_from_config))
    links = config.follow_links
    if config.pdf:
        from generator.render.pdf import load_weasyprint

        load_weasyprint()  # before any work: say at once if it is missing
    leading_out = _links_out(project, options.output is None, saved, links)
    if not leading_out:
        check_output_dir(output, project, [project / CONTENT_DIR, project / "themes", builtin_themes_dir()])
    try:
        theme = load_theme(project, config.theme, config.path, config.lines.get("theme"), links)
    except MentorkitError as exc:  # with the content's problems too: all at once
        raise MentorkitError([*leading_out, *exc.problems, *_source_problems(project, links)]) from None
    if leading_out:
        raise MentorkitError([*leading_out, *_source_problems(project, links)])
    note(f"read {CONFIG_FILE} and the theme '{theme.name}'")
    stamp = source_date()
    made_of = settings_digest(project, theme, config.pdf, stamp)
    settings = blake(repr((made_of, str(output), options.strict)).encode())  # and where and how this build writes it
    last = load_last_build(project, links) if reading else None
    if last is not None and last.quick is not None and last.quick == quick_digest(settings, project, time.time()):
        unchanged = _unchanged(output, last)  # not even the sources needed reading
        if unchanged is not None:
            note("found no file changed since the last build")
            return unchanged
    sources = load_sources(project, state.sources if state else None, state.changed if state else None, links)
    note(f"read {_count(len(sources.pages), 'page')} and {_count(len(sources.assets), 'other file')} under {CONTENT_DIR}/")
    inputs = inputs_digest(settings, sources)
    version = inputs_digest(made_of, sources)  # names the site (the offline copy's cache), wherever it is built
    if last is not None and last.inputs == inputs and (unchanged := _unchanged(output, last)) is not None:
        note("found the sources as they were at the last build")
        return unchanged
    cache = state.cache if state else load_cache(project, links) if reading else BuildCache()
    cache = cache.for_build(digest(config.markdown), output)
    # Imported only now: a build with nothing to do is over before Markdown and Jinja would have loaded.
    from generator.incremental.fingerprints import Fingerprints
    from generator.incremental.model_reuse import LastModel, changed_texts, with_texts
    from generator.model.outputs import generated_paths, list_outputs, pdf_outputs
    from generator.model.site import build_sites
    from generator.parse.files import parse_files
    from generator.render.site import render_site

    # parse
    parsed = parse_files(sources.pages, config.markdown, cache.parsed)
    note(f"parsed {_count(len(parsed), 'page')}")
    # model
    words, warnings = theme_words(theme, config)
    by_rel = list(zip((f.rel for f in sources.pages), parsed, strict=True))
    model_key = digest(settings, [(a.rel, a.digest) for a in sources.assets])
    last_model = cache.model if cache.model is not None and cache.model.key == model_key else None
    texts = changed_texts(last_model, by_rel) if last_model is not None else None
    if last_model is not None and texts is not None:  # only some pages' text changed (the preview)
        sites, model_warnings = with_texts(last_model.sites, texts), list(last_model.warnings)
    else:
        static = [path for path, _ in theme.static]
        sites, model_warnings = build_sites(config, parsed, sources.assets, generated_paths(config, static), words)
    warnings += model_warnings
    if options.strict and warnings:
        raise MentorkitError(replace(w, level="error") for w in warnings)
    outputs = list_outputs(sites, [path for path, _ in theme.static])
    note(f"linked the pages into a site of {_count(len(outputs), 'file')}")
    dropped = [] if config.pdf else [_pdfs_removed(project, output, pdf_outputs(sites))]
    # render and write
    env, facts = environment(state, settings, theme)
    reuse = Fingerprints(env, facts, cache.written, str(output)) if options.cache != "off" or state else None
    cache.prune_parsed({(f.rel, f.digest) for f in sources.pages})
    with writing_to(str(output)), SiteWriter(output, outputs, state.lock if state else None) as writer:
        rendered = render_site(
            sites,
            outputs,
            env,
            theme,
            project,
            stamp,
            writer.write,
            writer.keep,
            reuse,
            cache.search,
            options.on_pdf,
            version,
            cache.chapters,
        )
        cache.chapters = rendered.chapters
        report = writer.commit(rendered.made, rendered.kept)
        note(f"wrote {_count(len(rendered.made), 'file')}, kept {len(rendered.kept)} unchanged")
        # remember, for the next build (while no other build can replace them)
        for path in rendered.made:
            stat = os.stat(os.path.join(output, path))
            cache.written[path] = Written(rendered.fingerprints.get(path, ""), stat.st_size, stat.st_mtime_ns)
    cache.prune_written(set(outputs))
    cache.model = LastModel(model_key, dict(by_rel), sites, tuple(model_warnings))
    pages = sum(len(site.pages) for site in sites)
    if state is not None:
        state.cache, state.sources, state.changed = cache, sources, set()
    unsaved: list[Problem] = []
    if saved:
        try:
            save_cache(project, cache)
            written = {p: (w.size, w.mtime_ns) for p, w in cache.written.items()}
            # The sources' sizes and times, for the next build, if none changed since this one began.
            save_last_build(project, LastBuild(inputs, pages, list(warnings), written, quick_digest(settings, project, started)))
            note("saved the build cache")
        except MentorkitError as exc:  # the site is written: a cache not saved only makes the next build slower
            unsaved = [replace(problem, level="warning") for problem in exc.problems]
    told = [problem for problem in dropped if problem is not None] + unsaved  # this build's news: not saved with its warnings
    return BuildResult(pages, (*warnings, *told), report, output, tuple(sorted(rendered.made)), sites)


def _silent(_: str) -> None:
    pass


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' if number != 1 else ''}"


def _pdfs_removed(project: Path, output: Path, pdfs: Mapping[str, object]) -> Problem | None:
    """A build without PDFs removes those an earlier build with --pdf left (`pdfs`, those it would make
    again): say so, and how to keep them. A PDF of content/ that was deleted there is no such PDF."""
    gone = [path for path in written_before(output) if path in pdfs]
    if not gone:
        return None
    where = output.relative_to(project).as_posix() if output.is_relative_to(project) else str(output)
    named = ", ".join(sorted(gone)[:3]) + (", ..." if len(gone) > 3 else "")
    return Problem(
        where,
        None,
        f"removed {len(gone)} PDF{'s' if len(gone) != 1 else ''} an earlier build made with --pdf ({named})",
        f"to keep {'them' if len(gone) != 1 else 'it'}, build with --pdf, or set 'pdf: true' in {CONFIG_FILE}",
        "warning",
    )


def _links_out(project: Path, default_output: bool, cached: bool, follow_links: bool) -> list[Problem]:
    """The folders a build writes in the project, site/ and the cache, must
    not be links out of it (unless `follow_links`): a handbook from someone
    else could otherwise have the build write into any folder of yours."""
    problems = []
    if default_output and (problem := ProjectFiles.of(project, follow_links).leads_out(str(project / "site"))) is not None:
        problems.append(replace(problem, hint="delete the link, or choose where the site goes with --output"))
    if cached and (problem := cache_folder_problem(project, follow_links)) is not None:
        problems.append(problem)
    return problems


def _content_problems(project: Path, config: Config) -> list[Problem]:
    """The pages' problems, read with settings that have mistakes of their own elsewhere."""
    from generator.model.outputs import generated_paths
    from generator.model.site import build_sites
    from generator.parse.files import parse_files

    try:
        sources = load_sources(project, None, None, config.follow_links)
        theme = load_theme(project, config.theme, config.path, config.lines.get("theme"), config.follow_links)
        words, warnings = theme_words(theme, config)
        parsed = parse_files(sources.pages, config.markdown, {})
        _, found = build_sites(config, parsed, sources.assets, generated_paths(config, [path for path, _ in theme.static]), words)
    except MentorkitError as exc:
        return list(exc.problems)
    return [*warnings, *found]


def _source_problems(project: Path, follow_links: bool) -> tuple[Problem, ...]:
    try:
        load_sources(project, None, None, follow_links)
    except MentorkitError as exc:
        return exc.problems
    return ()


def environment(state: BuildState | None, settings: str, theme: Theme) -> tuple[jinja2.Environment, dict[str, TemplateFacts]]:
    """The Jinja environment, the templates every handbook uses compiled, and what the
    fingerprints find in its templates; the preview keeps both while the settings (which
    cover the templates) are the same, instead of compiling them again."""
    from generator.render.environment import make_environment
    from generator.render.site import ALWAYS_USED, compile_templates

    if state is not None and state.environment is not None and state.environment[0] == settings:
        return state.environment[1], state.environment[2]
    env = make_environment(theme)
    compile_templates(env, ALWAYS_USED)
    facts: dict[str, TemplateFacts] = {}
    if state is not None:
        state.environment = (settings, env, facts)
    return env, facts


def settings_digest(project: Path, theme: Theme, pdf: bool, stamp: datetime.datetime | None) -> str:
    """Everything the site is made from apart from content/: the config, the theme's files, and the day
    when a PDF shows it. Not where it is written: the same sources give the same site in any folder."""
    config = project / CONFIG_FILE
    parts = [__version__, pdf, stamp, config.read_bytes() if config.is_file() else b""]
    if pdf and stamp is None:
        parts.append(datetime.date.today())  # on the handbook PDF's cover (see render/pdf.py)
    parts += [(path, blake(data)) for path, data in theme.static]
    parts += [(f.path, f.text) for f in theme.words]
    for folder in theme.loader_dirs():
        parts += [(str(t), t.read_bytes()) for t in sorted(folder.rglob("*")) if t.is_file()]
    return blake(repr(parts).encode())


def quick_digest(settings: str, project: Path, since: float) -> str | None:
    """The settings with the sources known by their sizes and times, or None
    when a source changed too recently for its time to tell (see source_stats)."""
    stats = source_stats(project, since)
    return blake(repr((settings, stats)).encode()) if stats is not None else None


def inputs_digest(settings: str, sources: Sources) -> str:
    """Everything a build reads, in one digest: the settings, every source and asset."""
    parts = [(f.rel, f.digest) for f in sources.pages] + [(a.rel, a.digest) for a in sources.assets]
    return blake(repr((settings, parts)).encode())


def _unchanged(output: Path, last: LastBuild) -> BuildResult | None:
    """The last build's result, when its outputs are exactly as it left them."""
    if not (output / MANIFEST).is_file():
        return None
    for path, (size, mtime_ns) in last.outputs.items():
        try:
            stat = (output / path).stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
            return None
    present = sum(len(files) for _, _, files in os.walk(output))
    if present != len(last.outputs) + 1:  # new files of the user's: let a full build report them
        return None
    return BuildResult(last.pages, tuple(last.warnings), WriteReport(0, ()), output, ())


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH, when set: the date of calendars and PDFs, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return None
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        hint = "set it to the seconds since 1 January 1970, such as the last commit's: git log -1 --format=%ct"
        raise MentorkitError([Problem("SOURCE_DATE_EPOCH", None, f"{epoch} seconds is past any date a calendar can show", hint)]) from None
