import dataclasses
import pickle

import pytest

from generator.config import MarkdownOptions
from generator.markdown import make_markdown
from generator.pages import parse_page
from generator.sources import parse_source


def test_with_fields_is_dataclasses_replace() -> None:
    page, problems = parse_page(
        parse_source("content/roles.md", "roles.md", b"---\norder: 2\n---\n# Roles\n\n## Mentor\n"), make_markdown(MarkdownOptions())
    )
    assert page is not None, problems
    changed = page.with_fields(language="fr", targets=("index.html",))
    assert changed == dataclasses.replace(page, language="fr", targets=("index.html",))
    assert page.language == "" and page.targets == ()
    assert pickle.loads(pickle.dumps(changed)) == changed
    with pytest.raises(TypeError, match="no field 'lang'"):
        page.with_fields(lang="fr")
