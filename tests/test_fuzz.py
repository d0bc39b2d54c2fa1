"""Generated front matter, forms, programmes and Markdown: a build either
succeeds or fails with MentorkitError (path:line messages), never another
exception. HYPOTHESIS_PROFILE=ci (what `make test` uses) runs more examples."""

from __future__ import annotations

import datetime
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build
from generator.errors import MentorkitError
from generator.parse.form import FIELD_TYPES

settings.register_profile("ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 60), st.floats(allow_nan=False, allow_infinity=False), text, st.dates())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=12)
known_keys = st.sampled_from(["title", "summary", "order", "type", "slug", "for", "use", "version", "updated", "confidential", "fields"])
front_matter = st.dictionaries(known_keys | text, values, max_size=6)

field_keys = st.sampled_from(
    [
        "id",
        "type",
        "label",
        "help",
        "required",
        "lines",
        "options",
        "style",
        "points",
        "low",
        "high",
        "columns",
        "rows",
        "signers",
        "title",
        "text",
        "min",
        "max",
    ]
)
field = st.dictionaries(field_keys, st.one_of(st.sampled_from(sorted(FIELD_TYPES)), values), max_size=6)
form = st.fixed_dictionaries(
    {"title": text, "type": st.just("form"), "fields": st.lists(field, max_size=6)},
    optional={"for": values, "version": values, "updated": values},
)

phase = st.fixed_dictionaries(
    {},
    optional={
        "name": text,
        "weeks": st.one_of(st.text("0123456789-– to", max_size=6), st.integers(-2, 60), values),
        "forms": values,
        "topics": values,
        "focus": values,
        "extra": values,
    },
)
milestone = st.fixed_dictionaries({}, optional={"name": text, "week": st.one_of(st.integers(-2, 60), values), "form": values})
programme = st.fixed_dictionaries(
    {"title": text, "type": st.just("programme")},
    optional={
        "weeks": st.one_of(st.integers(-1, 300), values),
        "months": st.one_of(st.integers(-1, 70), values),
        "cadence": st.one_of(st.sampled_from(["weekly", "fortnightly", "monthly", "every 3 weeks", "every 0 weeks", "biweekly"]), values),
        "meeting_length": st.one_of(st.sampled_from([60, "1 hour", "90 minutes", "0 minutes"]), values),
        "start": st.one_of(st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1)), values),
        "time": values,
        "phases": st.lists(phase, max_size=5),
        "milestones": st.lists(milestone, max_size=4),
    },
)
markdown = st.text(alphabet=st.sampled_from(list("#*_[]()!<>`-+|:=~\\ \n\tabc.md/1\u00e9\u202e")), max_size=300)


def build_project(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name, content in files.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        try:
            build(project, BuildOptions(cache="off"))
        except MentorkitError as exc:
            assert exc.problems, "an error always says what is wrong"
            for problem in exc.problems:
                assert problem.path and problem.message


def page(front: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body


@given(front_matter, markdown)
def test_any_front_matter(front: dict[str, Any], body: str) -> None:
    build_project({"content/index.md": page(front, body), "content/other.md": "# Other\n"})


@given(form, markdown)
def test_any_form(definition: dict[str, Any], body: str) -> None:
    build_project({"content/index.md": "# Home\n\n[the form](form.md)\n", "content/form.md": page(definition, body)})


@given(programme)
def test_any_programme(definition: dict[str, Any]) -> None:
    build_project(
        {
            "content/index.md": "# Home\n",
            "content/forms/agreement.md": "---\ntitle: Agreement\ntype: form\nfields:\n  - label: Name\n---\n",
            "content/programme.md": page(definition, "The programme.\n"),
        }
    )


@given(markdown, st.binary(max_size=200))
def test_any_markdown_and_any_bytes(body: str, raw: bytes) -> None:
    build_project({"content/index.md": body, "content/raw.md": raw, "mentorkit.yaml": raw[:40]})


file_name = st.text(
    alphabet=st.sampled_from(list("aZé -_.%#?\\:*\"<>|\n\t\r\x01\u2028\u00a0\udce9~!()[]&'+,;=@$")), min_size=1, max_size=10
).filter(lambda name: not name.startswith(".") and name not in ("_",))


@given(file_name, file_name)
def test_any_file_name(page_name: str, asset_name: str) -> None:
    """A page and an image with any name, linked from the home page: the
    build works and every address it writes is a path, never a scheme such as
    'javascript:', or it fails naming each file on one line, never as a bug."""
    home = f"# Home\n\n[the page](<guide/{page_name}.md>) ![an image](<{asset_name}>)\n"
    home = home.encode("utf-8", "replace").decode("utf-8")  # a name's byte that is not UTF-8 cannot be written in a page
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "content" / "guide").mkdir(parents=True)
        (project / "content" / "index.md").write_text(home, encoding="utf-8")
        (project / "content" / "guide" / f"{page_name}.md").write_text("# A page\n", encoding="utf-8")
        (project / "content" / asset_name).write_bytes(b"GIF89a")
        try:
            build(project, BuildOptions(cache="off"))
        except MentorkitError as exc:
            for problem in exc.problems:
                assert "\n" not in problem.path and "\r" not in problem.path
                assert "bug in mentorkit" not in problem.format()
            return
        html = (project / "site" / "index.html").read_text(encoding="utf-8")
        for address in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", address), address
