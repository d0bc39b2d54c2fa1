"""Incremental: each output's fingerprint, taken from the very inputs it is made from.

The renderer builds an output's inputs (a template's context, a calendar's
arguments, a file's bytes) and asks for their fingerprint before making it;
an output whose fingerprint matches the file the last build left is not made
again. Nothing here lists what a template might read: a template's
fingerprint covers every context entry its source (and every template it
extends, includes or imports) names, found by Jinja's own parser, plus the
page, the words and the settings, which filters read. A template named by a
variable makes every entry count. So a cached build equals a clean one for
any theme, by construction.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2
import jinja2.meta

from generator import __version__
from generator.incremental.cache import Written
from generator.incremental.hashing import blake

ALWAYS_READ = frozenset({"page", "t", "config"})
"""Entries a template reaches without naming them: filters read the words
(`t`), and the context's functions (`url`, `html`) are made from the page."""


@dataclasses.dataclass(frozen=True, slots=True)
class TemplateFacts:
    """What a fingerprint needs to know of a template."""

    digest: str
    """Of its source and of every template it uses."""
    reads: frozenset[str] | None
    """The context entries they name; None when a template is chosen at render time (all of them)."""


def template_facts(env: jinja2.Environment, name: str) -> TemplateFacts:
    """Follow `name`'s extends, includes and imports, reading each source once."""
    sources: dict[str, str] = {}
    reads: set[str] | None = set(ALWAYS_READ)
    queue = [name]
    while queue:
        current = queue.pop()
        if current in sources:
            continue
        try:
            source = env.loader.get_source(env, current)[0] if env.loader else ""
            tree = env.parse(source)
        except jinja2.TemplateError:  # rendering reports it, naming the page
            sources[current] = ""
            continue
        sources[current] = source
        if reads is not None:
            reads |= jinja2.meta.find_undeclared_variables(tree)
        for referenced in jinja2.meta.find_referenced_templates(tree):
            if referenced is None:
                reads = None
                queue.extend(env.list_templates())
            else:
                queue.append(referenced)
    return TemplateFacts(blake(repr(sorted(sources.items())).encode()), frozenset(reads) if reads is not None else None)


class Fingerprints:
    """Fingerprints of one build's outputs, and whether the files already hold them.

    One per build and process: it remembers the digest of each shared object
    (a page, the navigation, the settings), holding on to the object so that
    its id is not reused while the build lasts.
    """

    def __init__(
        self, env: jinja2.Environment, templates: Mapping[str, TemplateFacts], written: Mapping[str, Written], folder: str
    ) -> None:
        self.env = env
        self.templates = dict(templates)
        self.written = written
        self.folder = folder
        self.known: dict[int, tuple[object, str]] = {}

    def context(self, template: str, context: Mapping[str, Any]) -> str:
        """The fingerprint of `template` rendered with `context`: every entry it can read."""
        facts = self.templates.get(template) or self._facts(template)
        names = context.keys() if facts.reads is None else facts.reads & context.keys()
        return self.of(template, {name: context[name] for name in sorted(names)}, (template,))

    def of(self, kind: str, inputs: Mapping[str, Any], templates: Iterable[str] = ()) -> str:
        """The fingerprint of an output of `kind` made from `inputs` (with `templates`, if any)."""
        parts: list[object] = [__version__, kind]
        parts += [(self.templates.get(name) or self._facts(name)).digest for name in templates]
        parts += [(name, self.value(value)) for name, value in inputs.items()]
        return blake(repr(parts).encode())

    def _facts(self, template: str) -> TemplateFacts:
        self.templates[template] = facts = template_facts(self.env, template)
        return facts

    def value(self, value: object) -> str:
        """A digest of any value a context holds."""
        if isinstance(value, str):
            return blake(value.encode())
        if isinstance(value, bytes):
            return blake(value)
        if value is None or isinstance(value, (bool, int, float)):
            return repr(value)
        known = self.known.get(id(value))
        if known is not None:
            return known[1]
        result = self._digest(value)
        self.known[id(value)] = (value, result)
        return result

    def _digest(self, value: object) -> str:
        if isinstance(value, (tuple, list)):
            return blake(repr([self.value(item) for item in value]).encode())
        if isinstance(value, Mapping):
            return blake(repr([(repr(key), self.value(item)) for key, item in value.items()]).encode())
        if dataclasses.is_dataclass(value):  # every field; long texts hashed as they are (their repr is slow)
            fields = [getattr(value, f.name) for f in dataclasses.fields(value) if f.repr]
            shown = [blake(v.encode()) if isinstance(v, str) and len(v) > 200 else v for v in fields]
            return blake(repr((type(value).__qualname__, shown)).encode())
        if isinstance(value, functools.partial):
            return blake(repr((value.func.__qualname__, self.value(value.args), self.value(value.keywords))).encode())
        if callable(value):  # the context's own functions are made from the page and the settings (ALWAYS_READ)
            return getattr(value, "__qualname__", type(value).__qualname__)
        return blake(repr(value).encode())

    def current(self, path: str, fingerprint: str) -> bool:
        """The file is as the last build left it, made from the same inputs."""
        written = self.written.get(path)
        if written is None or written.fingerprint != fingerprint:
            return False
        try:
            stat = os.stat(os.path.join(self.folder, path))
        except OSError:
            return False
        return stat.st_size == written.size and stat.st_mtime_ns == written.mtime_ns
