"""Frozen dataclasses that pickle quickly: the build cache holds every parsed page.

A frozen dataclass with slots pickles through the `__getstate__` and
`__setstate__` that dataclasses adds, which call `fields()` for every
object, in Python: with the ten or so headings and links of a page, that
was most of the time a parsed page took to pickle and to load again.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar

Record = TypeVar("Record", bound=type)


def pickled_as_call(cls: Record) -> Record:
    """Pickle instances of the dataclass `cls` as a call `cls(*fields)`.

    The fields are read by one `operator.attrgetter` (in C), and loading
    runs the class's own `__init__`, so only a class whose every field is
    a positional argument of `__init__`, and whose `__post_init__` (if any)
    only checks, may use it. Subclasses load as `cls`: decorate each class.
    """
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__} has fields that __init__ does not take in order")
    names = [f.name for f in fields]
    read = operator.attrgetter(*names)
    values: Callable[[Any], tuple[Any, ...]] = (lambda obj: (read(obj),)) if len(names) == 1 else read

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls
