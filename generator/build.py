"""The pipeline, start to end: load -> parse -> model -> render -> write.

With a cache (the default), parsing skips sources whose bytes are unchanged
and rendering skips outputs whose fingerprint is unchanged; the result is
byte-identical to a clean build. When nothing at all changed since the last
build (same sources, theme, config and untouched outputs), the build stops
after reading the sources: the parser, the model and Jinja are not even
imported, which is most of the time such a build would take.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.errors import MentorkitError, Problem
from generator.incremental.cache import (
    BuildCache,
    LastBuild,
    StagedParsed,
    Written,
    blake,
    digest,
    load_cache,
    load_last_build,
    save_cache,
    save_last_build,
    stage_parsed,
)
from generator.load.config import CONFIG_FILE, Config, load_config
from generator.load.language_settings import LanguageSettings
from generator.load.sources import CONTENT_DIR, Sources, load_sources, source_stats
from generator.load.themes import Theme, builtin_themes_dir, load_theme
from generator.write.site_writer import MANIFEST, SiteWriter, WriteReport, check_output_dir

if TYPE_CHECKING:
    import jinja2

    from generator.load.theme_words import Words
    from generator.model.types import Site


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    warnings: tuple[Problem, ...]
    report: WriteReport
    output: Path
    rendered: tuple[str, ...]
    """Outputs made this time (the rest were unchanged)."""
    cache: BuildCache | None
    """The cache for the next build (None when nothing was even parsed)."""
    sites: tuple[Site, ...] = ()
    """The model, a Site per language (empty when nothing had changed and no model was made)."""
    sources: Sources | None = None
    """What was read, for the preview's next build."""


def build(
    project: Path,
    output: Path | None = None,
    strict: bool = False,
    pdf: bool = False,
    cache: BuildCache | None = None,
    use_cache: bool = True,
    lock: AbstractContextManager[object] | None = None,
    previous: Sources | None = None,
    changed: set[str] | None = None,
) -> BuildResult:
    """Build the handbook in `project` into `output` (default: project/site).

    `cache` is an earlier build's (the preview server keeps it in memory);
    without one, the project's .mentorkit-cache is used unless `use_cache`
    is false. The preview also passes the `previous` build's sources and
    the paths its watcher saw `changed` (see load_sources). Raises
    MentorkitError listing every problem; with `strict`, warnings count as
    errors and nothing is written.
    """
    with _cyclic_gc_paused():
        return _build(project, output, strict, pdf, cache, use_cache, lock, previous, changed)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Python's collector of reference cycles off while a build runs.

    A build keeps what it makes (every page, parsed, then the model), so the
    collector's full passes walk an ever larger heap, again and again, to
    find almost nothing: a twelfth of a 5,000-page build's time in the main
    process, for 3% less memory. Pages, tokens and templates are freed as
    usual when their last reference goes; the collector is back on (if it
    was on) when the build ends, and the preview's next pass finds any cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _cyclic_gc_running() -> Iterator[None]:
    """The collector on while PDFs are made: WeasyPrint's documents are full
    of reference cycles, and without it the example's PDFs took 384 MB
    instead of 169 MB (a large handbook's would take gigabytes)."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


def _build(
    project: Path,
    output: Path | None,
    strict: bool,
    pdf: bool,
    cache: BuildCache | None,
    use_cache: bool,
    lock: AbstractContextManager[object] | None,
    previous: Sources | None,
    changed: set[str] | None,
) -> BuildResult:
    started = time.time()
    project = project.resolve()
    output = (output or project / "site").resolve()
    config = load_config(project)
    if pdf:
        config = replace(config, pdf=True)
    if config.pdf:
        from generator.render.pdf import load_weasyprint

        load_weasyprint()  # before any work: say at once if it is missing
    check_output_dir(output, project, [project / CONTENT_DIR, project / "themes", builtin_themes_dir()])
    last = load_last_build(project) if cache is None and use_cache else None
    # Taken before any source is read: a file changing after this shows at the next build.
    stats = source_stats(project, time.time()) if last is not None and last.quick else None
    theme = load_theme(project, config.theme, config.path, config.lines.get("theme"))
    stamp = source_date()
    settings = settings_digest(project, output, theme, config.pdf, strict, stamp)
    quick = blake(repr((settings, stats)).encode()) if stats is not None else None
    if last is not None and quick is not None and last.quick == quick:
        unchanged = _unchanged(output, last)
        if unchanged is not None:
            return unchanged
    sources = load_sources(project, previous, changed)
    inputs = inputs_digest(settings, sources)
    if last is not None and last.inputs == inputs:
        unchanged = _unchanged(output, last)
        if unchanged is not None:
            return unchanged
    start = cache if cache is not None else load_cache(project) if use_cache else BuildCache()
    quick = None
    staged: StagedParsed | None = None

    def while_rendering(cache: BuildCache) -> None:
        """What saving the cache needs that is known before the pages are rendered."""
        nonlocal quick, staged
        staged = stage_parsed(project, cache)
        # The sources' sizes and times for the next build: taken after they
        # were read, but only if no source changed since this build began.
        stats = source_stats(project, started)
        quick = blake(repr((settings, stats)).encode()) if stats is not None else None

    try:
        saving = while_rendering if use_cache else None
        result = _full_build(project, output, config, sources, theme, strict, stamp, start, lock, settings, saving)
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    if use_cache and result.cache is not None:
        save_cache(project, result.cache, staged)
        written = {p: (w.size, w.mtime_ns) for p, w in result.cache.written.items()}
        save_last_build(project, LastBuild(inputs, result.pages, list(result.warnings), written, quick))
    return result


def _full_build(
    project: Path,
    output: Path,
    config: Config,
    sources: Sources,
    theme: Theme,
    strict: bool,
    stamp: datetime.datetime | None,
    start: BuildCache,
    lock: AbstractContextManager[object] | None,
    settings: str,
    while_rendering: Callable[[BuildCache], object] | None,
) -> BuildResult:
    """Parse, model, render and write. `while_rendering(cache)` is called
    once the cache holds this build's parsed pages, while the pages render.
    """
    # Imported here so that a build with nothing to do never loads them; the
    # main process loads what rendering needs while the workers parse.
    from generator.parse.files import parse_files

    cache = start.for_build(digest(config.markdown), output)
    parsed = parse_files(sources.pages, config.markdown, cache.parsed, meanwhile=lambda: ready_environment(cache, settings, theme))
    from generator.incremental.model_reuse import LastModel, changed_texts, with_texts
    from generator.model.outputs import handbook_pdf
    from generator.model.site import build_sites
    from generator.render.pdf import make_pdfs, pdf_outputs
    from generator.render.site import output_fingerprints, output_paths, render_site

    words, warnings = theme_words(theme, config)
    model_key = digest(settings, [(a.rel, blake(a.data)) for a in sources.assets])
    by_rel = list(zip((f.rel for f in sources.pages), parsed, strict=True))
    last = cache.model if cache.model is not None and cache.model.key == model_key else None
    texts = changed_texts(last, by_rel) if last is not None else None
    only: set[str] | None = None
    if last is not None and texts is not None:  # only some pages' text changed (the preview)
        sites, only = with_texts(last.sites, texts)
        site_warnings = list(last.warnings)
    else:
        sites, site_warnings = build_sites(config, parsed, sources.assets, generated_paths(theme, config), words)
    warnings += site_warnings
    if strict and warnings:
        raise MentorkitError(replace(w, level="error") for w in warnings)
    env = ready_environment(cache, settings, theme)
    digests = {f.rel: f.digest for f in sources.pages}

    def fingerprint() -> dict[str, str]:
        return output_fingerprints(sites, env, theme, digests, stamp, last.fingerprints if last is not None else None, only)

    # With no earlier outputs to keep, nothing needs a fingerprint before
    # rendering: they are made while the pages render, and checked below.
    fingerprints = fingerprint() if cache.written else None
    paths = set(fingerprints) if fingerprints is not None else output_paths(sites, theme)
    kept = {(f.rel, f.digest) for f in sources.pages}

    def meanwhile() -> None:
        nonlocal fingerprints
        if fingerprints is None:
            fingerprints = fingerprint()
        cache.prune_parsed(kept)
        if while_rendering is not None:
            while_rendering(cache)

    folder = str(output)  # strings, not Paths: this runs for every output of every preview rebuild
    unchanged = set()
    if fingerprints is not None:
        unchanged = {p for p, fp in fingerprints.items() if _intact(cache.written.get(p), fp, os.path.join(folder, p))}
    with SiteWriter(output, paths, unchanged, lock) as writer:
        made = render_site(
            sites,
            env,
            project,
            stamp,
            theme,
            skip=unchanged,
            search_entries=cache.search,
            source_digests=digests,
            write=writer.write,
            meanwhile=meanwhile,
        )
        assert fingerprints is not None  # meanwhile has run
        if set(fingerprints) != paths:
            raise RuntimeError(f"outputs and fingerprints differ: {sorted(set(fingerprints) ^ paths)[:5]}; please report this")
        if config.pdf:
            for site in sites:
                wanted = {path for path in [*pdf_outputs(site), handbook_pdf(site)] if path not in unchanged}
                with _cyclic_gc_running():
                    pdfs = make_pdfs(env, site, theme, stamp, wanted)
                for path, data in pdfs.items():
                    writer.write(path, data)
                    made.append(path)
        report = writer.commit(made)
    for path in made:
        stat = os.stat(os.path.join(folder, path))
        cache.written[path] = Written(fingerprints[path], stat.st_size, stat.st_mtime_ns)
    cache.prune_written(paths)
    cache.model = LastModel(model_key, dict(by_rel), sites, tuple(site_warnings), fingerprints)
    pages = sum(len(site.pages) for site in sites)
    return BuildResult(pages, tuple(warnings), report, output, tuple(sorted(made)), cache, sites, sources)


def ready_environment(cache: BuildCache, settings: str, theme: Theme) -> jinja2.Environment:
    """The Jinja environment, the templates every handbook uses compiled.

    Made while the workers parse (see map_chunks), with the modules that
    rendering needs: on one core, it would be time the other core sat idle.
    The cache keeps it, so the preview reuses it while the `settings`
    digest (which covers the templates) is the same.
    """
    from generator.render.environment import make_environment
    from generator.render.site import ALWAYS_USED, compile_templates

    if cache.environment is None or cache.environment[0] != settings:
        env = make_environment(theme)
        compile_templates(env, ALWAYS_USED)
        cache.environment = (settings, env)
    environment: jinja2.Environment = cache.environment[1]
    return environment


def generated_paths(theme: Theme, config: Config) -> frozenset[str]:
    """What the theme and the build write themselves, which no page or file may take."""
    from generator.model.outputs import LANGUAGE_CHOICE, SEARCH_INDEX

    prefixes = [f"{s.code}/" for s in config.languages] or [""]
    generated = {path for path, _ in theme.static} | {"404.html"} | {prefix + SEARCH_INDEX for prefix in prefixes}
    if config.languages:
        generated.add(LANGUAGE_CHOICE)
    if config.base_url:
        generated.add("sitemap.xml")
    return frozenset(generated)


def theme_words(theme: Theme, config: Config) -> tuple[dict[str, Words], list[Problem]]:
    """The theme's words in each language of the handbook, and what English had to fill in."""
    from generator.load.theme_words import load_words

    words: dict[str, Words] = {}
    problems: list[Problem] = []
    settings = config.languages or (LanguageSettings(config.language, line=config.lines.get("language", 0)),)
    for language in settings:
        words[language.code], found = load_words(theme.words, language.code, config.path, language.line or None)
        problems.extend(found)
    return words, problems


def settings_digest(project: Path, output: Path, theme: Theme, pdf: bool, strict: bool, stamp: datetime.datetime | None) -> str:
    """Everything a build reads apart from content/: the config and the theme's files."""
    config = project / CONFIG_FILE
    parts = [__version__, str(output), pdf, strict, stamp, config.read_bytes() if config.is_file() else b""]
    parts += [(path, blake(data)) for path, data in theme.static]
    parts += [(f.path, f.text) for f in theme.words]
    for folder in theme.loader_dirs():
        parts += [(str(t), t.read_bytes()) for t in sorted(folder.rglob("*")) if t.is_file()]
    return blake(repr(parts).encode())


def inputs_digest(settings: str, sources: Sources) -> str:
    """Everything a build reads, in one digest: the settings, every source and asset."""
    parts = [(f.rel, f.digest) for f in sources.pages] + [(a.rel, blake(a.data)) for a in sources.assets]
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
    return BuildResult(last.pages, tuple(last.warnings), WriteReport(0, ()), output, (), None)


def _intact(written: Written | None, fingerprint: str, path: str) -> bool:
    """The file is as the cache says: same inputs, and nobody changed it since."""
    if written is None or written.fingerprint != fingerprint:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return stat.st_size == written.size and stat.st_mtime_ns == written.mtime_ns


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH, when set: the date of calendars and PDFs, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit() else None
