"""Shared by the unit tests: the built-in theme's words, as a handbook in a language gets them."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest

from generator.load.theme_words import Words, load_words
from generator.load.themes import load_theme


@pytest.fixture(scope="session")
def theme_words(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Words]:
    """theme_words('fr'): the default theme's words in French, English filling any gap."""
    theme = load_theme(tmp_path_factory.mktemp("project"), "default", "mentorkit.yaml")

    @functools.cache
    def words(language: str) -> Words:
        return load_words(theme.words, language, "mentorkit.yaml", None)[0]

    return words
