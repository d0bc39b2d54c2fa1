import dataclasses
import pickle
from pathlib import Path

import pytest

from generator.errors import Problem
from generator.incremental.pickling import pickled_as_call
from generator.load.config import MarkdownOptions
from generator.load.sources import load_sources
from generator.parse.files import parse_file
from generator.parse.markdown import make_markdown

EXAMPLE = Path(__file__).resolve().parents[2]


def test_every_parsed_page_of_the_example_loads_back_equal() -> None:
    """The build cache keeps parsed pages pickled: forms, programmes and
    translations included, each must come back as it was."""
    md = make_markdown(MarkdownOptions())
    parsed = [parse_file(file, md) for file in load_sources(EXAMPLE).pages]
    pages = [page for page, _ in parsed if page is not None]
    assert any(p.form for p in pages) and any(p.programme for p in pages) and any(p.headings for p in pages)
    assert pickle.loads(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)) == parsed
    loaded = pickle.loads(pickle.dumps(pages[0]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.title = "changed"


def test_a_class_with_fields_init_does_not_take_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Derived:
        value: int
        double: int = dataclasses.field(init=False, default=0)

    with pytest.raises(TypeError, match="__init__ does not take in order"):
        pickled_as_call(Derived)


@pickled_as_call
@dataclasses.dataclass(frozen=True, slots=True)
class One:
    value: tuple[int, ...]


def test_a_class_of_one_field_pickles() -> None:
    assert pickle.loads(pickle.dumps(One((1, 2)))) == One((1, 2))


def test_a_problem_loads_back_with_its_level() -> None:
    problem = Problem("content/goals.md", 3, "the date cannot be read", "write it as 2027-01-11", "warning")
    assert pickle.loads(pickle.dumps(problem)) == problem
