import pytest

from generator.errors import MentorkitError
from generator.load.yaml_lines import load_yaml


def test_lines_are_absolute() -> None:
    doc = load_yaml("a: 1\nb:\n  - x\n  - y: 2\n", "f.md", first_line=2)
    assert doc.data == {"a": 1, "b": ["x", {"y": 2}]}
    assert doc.line("a") == 2
    assert doc.line("b", 1, "y") == 5
    assert doc.line("missing") == 2


def test_syntax_error_names_the_file_line() -> None:
    with pytest.raises(MentorkitError) as info:
        load_yaml("title: x\nlist: [a, b\nnext: 1\n", "content/a.md", first_line=2)
    (problem,) = info.value.problems
    # Reported where the unclosed list begins, naming the line YAML noticed.
    assert (problem.path, problem.line) == ("content/a.md", 3)
    assert problem.message == "invalid YAML: while parsing a flow sequence that starts here: expected ',' or ']', but got ':' on line 4"


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(MentorkitError) as info:
        load_yaml("\n".join(lines), "mentorkit.yaml")
    assert "aliases expand to more than 200,000 values" in info.value.problems[0].message
