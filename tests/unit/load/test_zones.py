"""What a coordinator is told of a time zone name that is none."""

from __future__ import annotations

import pytest

from generator.load.zones import zone_hint


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Tokio", "did you mean 'Asia/Tokyo'?"),
        ("Berln", "did you mean 'Europe/Berlin'?"),
        ("Pari", "did you mean 'Europe/Paris'?"),
        ("new yrok", "did you mean 'America/New_York'?"),
        ("europe/london", "did you mean 'Europe/London'?"),
        ("Europe/Lodnon", "did you mean 'Europe/London'?"),
    ],
)
def test_a_misspelt_city_or_zone_is_named(written: str, hint: str) -> None:
    assert zone_hint(written) == hint


@pytest.mark.parametrize("written", ["IST", "PST", "BST", "CEST", "GMT+1", "UTC+5:30"])
def test_an_abbreviation_or_offset_is_never_taken_for_a_city(written: str) -> None:
    assert zone_hint(written).startswith("an abbreviation or an offset names no place")
