"""Fingerprints are taken from what a template can read, found by Jinja's parser."""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

import jinja2

from generator.incremental.cache import Written
from generator.incremental.fingerprints import ALWAYS_READ, Fingerprints, template_facts


def _env(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)


def test_facts_follow_extends_include_and_import() -> None:
    env = _env(
        {
            "page.html": '{% extends "base.html" %}{% block body %}{{ content }}{% include "nav.html" %}{% endblock %}',
            "base.html": "<title>{{ config.title }}</title>{% block body %}{% endblock %}",
            "nav.html": '{% from "macros.html" import item %}{{ item(nav_html) }}',
            "macros.html": "{% macro item(x) %}{{ x }}{{ backlinks }}{% endmacro %}",
        }
    )
    facts = template_facts(env, "page.html")
    assert facts.reads is not None
    assert {"content", "config", "nav_html", "backlinks"} | ALWAYS_READ <= facts.reads
    assert "previous" not in facts.reads


def test_a_template_chosen_at_render_time_reads_everything() -> None:
    env = _env({"page.html": "{% include page.meta.partial %}", "a.html": "{{ a }}"})
    assert template_facts(env, "page.html").reads is None


def test_facts_change_with_any_template_used() -> None:
    one = _env({"page.html": '{% include "x.html" %}', "x.html": "{{ a }}"})
    two = _env({"page.html": '{% include "x.html" %}', "x.html": "{{ a }}!"})
    assert template_facts(one, "page.html").digest != template_facts(two, "page.html").digest


@dataclasses.dataclass(frozen=True)
class Item:
    title: str
    summary: str


def test_context_fingerprint_covers_every_entry_read_and_only_those() -> None:
    env = _env({"t.html": "{{ backlinks[0].title }}"})
    fingerprints = Fingerprints(env, {}, {}, "")
    base = {"page": "p", "t": "words", "config": "c", "backlinks": (Item("A", "one"),), "previous": Item("B", "x")}
    first = fingerprints.context("t.html", base)
    # A field the template does not name today still counts: the whole value is hashed.
    assert Fingerprints(env, {}, {}, "").context("t.html", base | {"backlinks": (Item("A", "two"),)}) != first
    # An entry the template never names does not.
    assert Fingerprints(env, {}, {}, "").context("t.html", base | {"previous": Item("C", "y")}) == first


def test_functions_in_a_context_count_by_what_they_are_bound_to() -> None:
    fingerprints = Fingerprints(_env({}), {}, {}, "")
    assert fingerprints.value(functools.partial(os.path.join, "a")) != fingerprints.value(functools.partial(os.path.join, "b"))


def test_current_needs_the_same_fingerprint_and_the_file_as_it_was_left(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("hello")
    stat = os.stat(tmp_path / "a.html")
    written = {"a.html": Written("fp", stat.st_size, stat.st_mtime_ns)}
    fingerprints = Fingerprints(_env({}), {}, written, str(tmp_path))
    assert fingerprints.current("a.html", "fp")
    assert not fingerprints.current("a.html", "other")
    assert not fingerprints.current("b.html", "fp")
    (tmp_path / "a.html").write_text("changed by hand")
    assert not fingerprints.current("a.html", "fp")


@dataclasses.dataclass(frozen=True)
class Holder:
    """A record holding others (a print page's plan holds pages)."""

    name: str
    held: tuple[object, ...]


def test_a_record_in_a_field_counts_by_its_description_which_a_worker_may_give() -> None:
    page = Holder("page", ("x" * 500,))
    plan = Holder("plan", (page,))
    fresh = Fingerprints(jinja2.Environment(), {}, {}, "")
    assert fresh.value(plan) == Fingerprints(jinja2.Environment(), {}, {}, "").value(plan)
    assert fresh.value(plan) != fresh.value(Holder("plan", (Holder("page", ("y" * 500,)),)))
    told = Fingerprints(jinja2.Environment(), {}, {}, "")
    told.remember(page, "the description a worker process gave its copy")
    assert told.value(page) == "the description a worker process gave its copy"
    assert told.value(plan) != fresh.value(plan)  # the plan's page counts by that description, not printed whole
