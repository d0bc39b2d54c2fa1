"""A cached build, and the preview after any series of edits, equal a clean
build byte for byte (README, "The build cache"): checked with random edits.

tests/test_cache_equivalence.py runs a fixed series of edits through the
command line. This test draws its edits at random from a seed (see
tests/cache_fuzz_edits.py: pages, headings, links, forms, translations,
programmes, the theme's words, templates and files, the config, pages and
files added, moved and removed, and edits that break the project) over the
example handbook, English and French. After each edit, or burst of edits as
an editor's saves come, three builds run in this process:

- the command line's: the cache in the project's .mentorkit-cache, no state;
- the preview's: one BuildState kept from build to build, told which paths
  changed as the watcher tells it, holding the server's lock (so writing in
  place), restarted now and then (generator/preview/server.py);
- a clean one (cache="off").

Their folders must hold the same files and folders with the same bytes, and
their warnings must be the same. An edit that makes the project invalid must
make all three fail with the same problems; it is then undone, and that is
built and compared like any other edit.

The theme is that of tests/test_cache_equivalence.py, which prints all a
template can reach; for two seeds in three its dump leaves out `site`, which
makes every page depend on every other, so that the cache has pages to keep
and the fingerprints decide. Even seeds render in forked workers, as a
handbook of 200 pages does.

The default run takes one seed and a few edits. For longer runs:
MENTORKIT_FUZZ_ROUNDS=150 MENTORKIT_FUZZ_SEEDS=1,2,3 pytest tests/test_cache_fuzz.py -s
(MENTORKIT_FUZZ_LOG=1 prints each edit as it goes).
"""

from __future__ import annotations

import os
import random
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import generator.processes
from generator.build import BuildOptions, BuildState, build, new_state
from generator.errors import MentorkitError, Problem
from tests.cache_fuzz_edits import EDITS, Handbook, restore, snapshot
from tests.test_cache_equivalence import ENTRIES, differences, write_theme

REPO = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("MENTORKIT_FUZZ_ROUNDS", "0") or 0)
SEEDS = [int(s) for s in os.environ.get("MENTORKIT_FUZZ_SEEDS", "").split(",") if s.strip()]
LOG = bool(os.environ.get("MENTORKIT_FUZZ_LOG"))
EPOCH = "1798761600"  # 2027-01-01: calendars and PDFs dated the same in every build

LEAN_DUMP = (
    "<pre class=lean>\n"
    + "".join(
        f"{{% if {name} is defined %}}{name}={{{{ {name} }}}}\n{{% endif %}}"
        for name in ENTRIES
        if name not in ("site", "sites", "url", "html")
    )
    + "</pre>\n"
)
"""Every entry of the context but `site` (which makes every page depend on every other, so that
the cache has little left to skip) and the functions, each printed whole (its repr): so the
fingerprints decide, page by page, what is made again."""
EXTRA_FOOTER = (
    '{% extends "default:page.html" %}\n{% block footer %}{{ super() }}'
    '{% include "partials/dump.html" %}{% include "partials/extra.html" ignore missing %}{% endblock %}\n'
)


# ---------------------------------------------------------------------------
# Building three ways and comparing
# ---------------------------------------------------------------------------


@dataclass
class Outcome:
    problems: tuple[Problem, ...] | None
    """None: built."""
    warnings: tuple[str, ...] = ()
    made: int = 0
    """Files the build made (the others it kept)."""


def run(project: Path, options: BuildOptions, state: BuildState | None = None) -> Outcome:
    try:
        result = build(project, options, state)
    except MentorkitError as exc:
        return Outcome(tuple(exc.problems))
    # The warnings a build tells but does not keep (a cache not saved, PDFs removed) are the command line's own.
    where = str(options.output)  # the warnings about the output folder name it: each build's own
    found = (*result.warnings, *(Problem(where, None, f"kept as the user's: {f}") for f in result.report.user_files))
    return Outcome(None, tuple(sorted(repr(w).replace(where, "OUTPUT") for w in found)), len(result.rendered))


@dataclass
class Fuzz:
    root: Path
    seed: int
    project: Path = field(init=False)
    state: BuildState | None = None
    history: list[str] = field(default_factory=list)
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    made: dict[str, int] = field(default_factory=lambda: {"cli": 0, "preview": 0, "clean": 0})
    """Files each way of building made, over the run."""
    previous: dict[str, bytes] | None = None
    """The project before the last round's edits."""

    def __post_init__(self) -> None:
        self.project = self.root / "handbook"
        self.project.mkdir(parents=True)
        shutil.copytree(REPO / "content", self.project / "content")
        shutil.copy(REPO / "mentorkit.yaml", self.project / "mentorkit.yaml")
        write_theme(self.project)
        if self.seed % 3:  # two seeds in three: the dump without `site`, where the cache skips most pages
            (self.project / "themes/default/templates/partials/dump.html").write_text(LEAN_DUMP, encoding="utf-8")
        (self.project / "themes/default/templates/page.html").write_text(EXTRA_FOOTER, encoding="utf-8")
        self.handbook = Handbook(self.project, random.Random(self.seed))

    def folder(self, name: str) -> Path:
        return self.root / name

    def check(self, changed: set[str]) -> bool:
        """Build three ways, compare; whether the project built."""
        cli = run(self.project, BuildOptions(self.folder("cli"), cache="use"))
        if self.state is None:  # the preview starts as `serve` does, from the project's cache
            self.state = new_state(self.project, threading.Lock())  # with the server's lock: the site updated in place
        else:
            self.state.changed |= changed
        preview = run(self.project, BuildOptions(self.folder("preview"), pdf_from_config=False), self.state)
        clean = run(self.project, BuildOptions(self.folder("clean"), cache="off"))
        for name, outcome in (("cli", cli), ("preview", preview), ("clean", clean)):
            self.made[name] += outcome.made
        where = f"seed {self.seed}, after:\n  " + "\n  ".join(self.history[-8:])
        for name, outcome in (("cached", cli), ("preview", preview)):
            assert outcome.problems == clean.problems, (
                f"{where}\nthe {name} build's problems differ from the clean build's:\n{outcome.problems}\n{clean.problems}"
            )
            assert outcome.warnings == clean.warnings, f"{where}\nthe {name} build's warnings differ from the clean build's:\n" + "\n".join(
                sorted(set(outcome.warnings) ^ set(clean.warnings))
            )
        if clean.problems is not None:
            self.problems = [f"{p.path}:{p.line}: {p.message}" for p in clean.problems]
            return False
        for name in ("cli", "preview"):
            folders = {
                self.folder(n): {p.relative_to(self.folder(n)) for p in self.folder(n).rglob("*") if p.is_dir()} for n in (name, "clean")
            }
            odd = sorted(str(f) for f in folders[self.folder(name)] ^ folders[self.folder("clean")])
            assert not odd, f"{where}\nthe {name} build's folders differ from the clean one's: {odd}"
            summary, detail = differences(self.folder("clean"), self.folder(name))
            assert not summary, f"{where}\nthe {name} build differs from the clean one: {summary}\n{detail}"
        return True

    def step(self) -> None:
        """One round: an edit, or a burst of a few; built and compared; undone if it broke the project."""
        rng = self.handbook.rng
        if rng.random() < 0.03:
            self.state = None  # the preview stopped and started again
            self.history.append("preview restarted")
        before = snapshot(self.project)
        burst = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        done = []
        if self.previous is not None and rng.random() < 0.05:  # the last round's edits undone, as an editor's undo does
            restore(self.project, self.previous)
            done.append("the last round undone")
            burst = 0
        for _ in range(burst):
            for _attempt in range(20):
                weights = [w for w, _, _ in EDITS]
                _, _, edit = rng.choices(EDITS, weights)[0]
                what = edit(self.handbook)
                if what is not None:
                    done.append(what)
                    break
        if rng.random() < 0.02:  # now and then the sources are older than the racy window: the quick path
            time.sleep(2.1)
            done.append("(2 s later)")
        self.history.append(" + ".join(done) or "nothing")
        if LOG:
            print(f"[{self.seed}:{len(self.history)}] {self.history[-1]}", flush=True)
        after = snapshot(self.project)
        self.previous = before
        touched = {str(path.resolve()) for path in self.handbook.touched}
        self.handbook.touched.clear()
        if not self.check(self.changed(before, after) | touched):
            self.failed += 1
            if LOG:
                print(f"    failed as it should: {self.problems[0] if self.problems else ''}", flush=True)
            restore(self.project, before)
            self.history.append("undone")
            self.check(self.changed(after, before))

    def changed(self, before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
        """What the watcher would report: every file created, changed or removed, by its full path."""
        root = self.project.resolve()
        return {str(root / rel) for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS or [8])
def test_random_edits_keep_cached_and_preview_builds_equal_to_a_clean_one(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    if seed % 2 == 0:  # even seeds render the pages in forked workers, as a handbook of 200 pages or more does
        monkeypatch.setattr(generator.processes, "MIN_ITEMS", 8)
    fuzz = Fuzz(tmp_path, seed)
    assert fuzz.check(set()), "the example handbook builds"
    for _ in range(ROUNDS or 10):
        fuzz.step()
    if LOG:
        print(f"seed {seed}: {len(fuzz.history)} rounds, {fuzz.failed} failed as they should; files made: {fuzz.made}")
    if seed % 3:  # the cached builds kept files: the fingerprints, not a build of everything, made the sites equal
        assert fuzz.made["cli"] < fuzz.made["clean"] and fuzz.made["preview"] < fuzz.made["clean"], fuzz.made
