"""Incremental: each output's fingerprint, taken from the very inputs it is made from.

The renderer builds an output's inputs (a template's context, a calendar's
arguments, a file's bytes) and asks for their fingerprint before making it;
an output whose fingerprint matches the file the last build left is not made
again. Nothing here lists what a template might read: a template's
fingerprint covers every context entry its source (and every template it
extends, includes or imports) names, found by Jinja's own parser, plus the
page, the words and the settings, which filters read. A template named by a
variable makes every entry count, and so does one that reaches the context
without naming its entries (through `self`, or an attribute Jinja's own
names hide, see `reaches_whole_context`). So a cached build equals a clean
one for any theme, by construction.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes

from generator import __version__
from generator.incremental.cache import Written
from generator.incremental.hashing import blake
from generator.render.context import Made

ALWAYS_READ = frozenset({"page", "t", "config"})
"""Entries a template reaches without naming them: filters read the words
(`t`), and the context's functions (`url`, `html`) are made from the page."""


_PLAIN = frozenset({int, float, bool, type(None)})
_SHORT = 200
"""Texts up to this long are shown as they are; longer ones by their hash."""
_FLAT_TYPES = frozenset({"int", "float", "bool", "str", "None", "int | None", "float | None", "str | None", "bool | None"})


@dataclasses.dataclass(frozen=True, slots=True)
class TemplateFacts:
    """What a fingerprint needs to know of a template."""

    digest: str
    """Of its source and of every template it uses."""
    reads: frozenset[str] | None
    """The context entries they name; None when a template is chosen at render time (all of them)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Read:
    """One template's source as parsed: the names it loads, the templates it uses."""

    source: str | None
    """None when there is no such template (an include `ignore missing`): not the same as an empty one."""
    names: frozenset[str] | None
    """Every name it loads (None: it reaches the context without naming entries)."""
    uses: tuple[str | None, ...]
    """The templates it extends, includes or imports (None: one named by a variable)."""


def _read(env: jinja2.Environment, name: str) -> _Read:
    try:
        source = env.loader.get_source(env, name)[0] if env.loader else None
    except jinja2.TemplateNotFound:  # rendering reports it, or the include ignores it
        return _Read(None, frozenset(), ())
    try:
        env.get_template(name)  # compiled once, for rendering too; a theme's environment keeps the tree
        trees: dict[str, nodes.Template] = getattr(env, "trees", {})
        tree = trees.get(name) or env.parse(source or "")
    except jinja2.TemplateError:  # rendering reports it, naming the page; its source counts all the same
        return _Read(source, None, ())
    # Every name loaded: a superset of those the context must supply, found without compiling.
    loaded = frozenset(node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")
    return _Read(source, None if reaches_whole_context(tree) else loaded, tuple(jinja2.meta.find_referenced_templates(tree)))


def template_facts(env: jinja2.Environment, name: str, parsed: dict[str, _Read] | None = None) -> TemplateFacts:
    """Follow `name`'s extends, includes and imports; `parsed` keeps each template as read, for the next."""
    parsed = parsed if parsed is not None else {}
    sources: dict[str, str | None] = {}
    reads: set[str] | None = set(ALWAYS_READ)
    queue = [name]
    while queue:
        current = queue.pop()
        if current in sources:
            continue
        read = parsed.get(current)
        if read is None:
            read = parsed[current] = _read(env, current)
        sources[current] = read.source
        reads = None if reads is None or read.names is None else reads | read.names
        for used in read.uses:
            if used is None:
                reads = None
                queue.extend(env.list_templates())
            else:
                queue.append(used)
    return TemplateFacts(blake(repr(sorted(sources.items())).encode()), frozenset(reads) if reads is not None else None)


_PRIVATE = re.compile(r"(?:^|\.)_\w+(?:\.|$)")
"""An attribute name, or a dotted path of them (`map(attribute="a._b")`), with a private part."""


def reaches_whole_context(tree: nodes.Template) -> bool:
    """Whether a template can read context entries without naming them.

    `self` holds the whole context (`self._TemplateReference__context`);
    calling one of the template's blocks (`self.footer()`) is the only use
    of it that reads nothing more. A private attribute spelled out anywhere
    (`x._y`, `x["_y"]`, `attr("_y")`, `map(attribute="_y")`) can lead from a
    macro or a function to the context too, and so can `attr` with a name
    computed while rendering.

    Jinja's sandbox (render/environment.py) refuses every one of these
    routes while rendering, so a template reads only the entries it names;
    the check stays, so that fingerprints do not rest on the sandbox alone.
    """
    blocks_called: set[int] = set()
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            return True
        if isinstance(node.node, nodes.Name) and node.node.name == "self":
            blocks_called.add(id(node.node))
    if any(node.name == "self" and id(node) not in blocks_called for node in tree.find_all(nodes.Name)):
        return True
    if any(isinstance(node.value, str) and _PRIVATE.search(node.value) for node in tree.find_all(nodes.Const)):
        return True
    return any(node.name == "attr" and not all(isinstance(arg, nodes.Const) for arg in node.args) for node in tree.find_all(nodes.Filter))


def _text(value: str) -> str:
    return repr(value) if len(value) <= _SHORT else blake(value.encode())  # the repr of a long text is slow


def _values_of(names: list[str]) -> Callable[[Any], tuple[object, ...]]:
    """A function giving an object's attributes `names`, always as a tuple."""
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda value: (one(value),)
    return operator.attrgetter(*names)


class Fingerprints:
    """Fingerprints of one build's outputs, and whether the files already hold them.

    One per build and process: it remembers the digest of each shared object
    (a page, the navigation, the settings), holding on to the object so that
    its id is not reused while the build lasts.
    """

    def __init__(self, env: jinja2.Environment, templates: dict[str, TemplateFacts], written: Mapping[str, Written], folder: str) -> None:
        self.env = env
        self.templates = templates
        """Each template's facts, kept by the caller for as long as the environment (and so the templates) stays the same."""
        self.parsed: dict[str, _Read] = {}
        self.written = written
        self.folder = folder
        self.known: dict[int, tuple[object, str]] = {}
        self.fields: dict[type, tuple[str, ...]] = {}
        self.flat: dict[type, Callable[[Any], tuple[object, ...]] | None] = {}
        self.describers: dict[type, Callable[[Any], str]] = {}
        self.names: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    def context(self, template: str, context: Mapping[str, Any]) -> str:
        """The fingerprint of `template` rendered with `context`: every entry it can read."""
        key = (template, tuple(context))
        names = self.names.get(key)
        if names is None:
            facts = self.templates.get(template) or self._facts(template)
            names = self.names[key] = tuple(sorted(context.keys() if facts.reads is None else facts.reads & context.keys()))
        return self.of(template, {name: context[name] for name in names}, (template,))

    def of(self, kind: str, inputs: Mapping[str, Any], templates: Iterable[str] = ()) -> str:
        """The fingerprint of an output of `kind` made from `inputs` (with `templates`, if any)."""
        parts: list[object] = [__version__, kind]
        parts += [(self.templates.get(name) or self._facts(name)).digest for name in templates]
        value = self.value
        parts += [(name, value(item)) for name, item in inputs.items()]
        return blake(repr(parts).encode())

    def _facts(self, template: str) -> TemplateFacts:
        self.templates[template] = facts = template_facts(self.env, template, self.parsed)
        return facts

    def value(self, value: object) -> str:
        """A digest of any value a context holds (a short text, a number or a
        small record of them stands for itself)."""
        describe = self.describers.get(type(value))
        if describe is None:
            describe = self.describers[type(value)] = self._describer(type(value))
        return describe(value)

    def _describer(self, kind: type) -> Callable[[Any], str]:
        """How values of one type are described, chosen once per type (a build meets a few dozen)."""
        if kind in _PLAIN:
            return repr
        if issubclass(kind, Made):
            return self._made
        if issubclass(kind, str):
            return _text
        if issubclass(kind, bytes):
            return blake
        getter = self._flat(kind)
        if getter is not None:
            name = kind.__qualname__
            return lambda value: repr((name, getter(value)))
        if kind is functools.partial:
            return self._partial
        return self._remembered

    def _made(self, value: Made) -> str:
        """Made for one page: its inputs stand for it, nothing to remember."""
        function, inputs = value.made_from
        return repr((function, [self.value(item) for item in inputs]))

    def _partial(self, value: functools.partial[Any]) -> str:
        """Made for one page, as `url` is: nothing to remember."""
        arguments = [self.value(argument) for argument in value.args]
        return repr((value.func.__qualname__, arguments, [(k, self.value(v)) for k, v in value.keywords.items()]))

    def remember(self, value: object, digest: str) -> None:
        """Take `digest` as `value`'s description: the one another process gave its copy of it (a forked worker's)."""
        self.known.setdefault(id(value), (value, digest))

    def _remembered(self, value: object) -> str:
        """A shared object (a page, the navigation, the settings): described once a build."""
        known = self.known.get(id(value))
        if known is not None:
            return known[1]
        result = blake(self._parts(value).encode())
        self.known[id(value)] = (value, result)
        return result

    def _flat(self, kind: type) -> Callable[[Any], tuple[object, ...]] | None:
        """For a dataclass whose fields are all numbers, texts, flags or None, what reads them
        all at once (its values say all, quickly); None for any other type."""
        if kind in self.flat:
            return self.flat[kind]
        fields = [f for f in dataclasses.fields(kind) if f.repr] if dataclasses.is_dataclass(kind) else []
        flat = bool(fields) and all(str(f.type) in _FLAT_TYPES or str(f.type).startswith("Literal[") for f in fields)
        getter = self.flat[kind] = _values_of([f.name for f in fields]) if flat else None
        return getter

    def _parts(self, value: object) -> str:
        """What a value's digest is taken of: its parts, each shown by its own digest."""
        if isinstance(value, (tuple, list)):
            first = self._flat(type(value[0])) if value else None
            if first is not None and all(type(item) is type(value[0]) for item in value):
                return repr((type(value[0]).__qualname__, [first(item) for item in value]))
            return repr([item if type(item) in _PLAIN else self.value(item) for item in value])
        if isinstance(value, Mapping):
            return repr([(repr(key), self.value(item)) for key, item in value.items()])
        if dataclasses.is_dataclass(value):  # every field shown in its repr
            names = self.fields.get(type(value))
            if names is None:
                names = self.fields[type(value)] = tuple(f.name for f in dataclasses.fields(value) if f.repr)
            fields = [getattr(value, name) for name in names]
            return repr((type(value).__qualname__, [self._field(v) for v in fields]))
        if callable(value):  # the context's own functions are made from the page and the settings (ALWAYS_READ)
            return getattr(value, "__qualname__", type(value).__qualname__)
        return repr(value)

    def _field(self, value: Any) -> object:
        """A record's field as its description shows it: printed as it is, but a record
        that is not flat, or a sequence of them, by its own description (a print plan
        holds pages: each described once, not printed whole)."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is str:
            return blake(value.encode()) if len(value) > _SHORT else value
        if kind is tuple or kind is list:
            nested = bool(value) and dataclasses.is_dataclass(value[0]) and self._flat(type(value[0])) is None
        else:
            nested = dataclasses.is_dataclass(value) and self._flat(kind) is None
        return self.value(value) if nested else value

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
