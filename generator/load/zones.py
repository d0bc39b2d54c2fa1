"""Load: the time zone names a programme or a roster may give, and what to say of one that is none.

A coordinator writes what their calendar shows ('IST', 'GMT+1', 'Paris'); a
near spelling of such a text is another zone ('IST' is a letter from 'MST',
'GMT+1' one from 'GMT+0'), so the hint names a zone only for a misspelt
IANA name or a city's name, and otherwise says what to write.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from functools import cache

_NO_PLACE = re.compile(r"^(?:[A-Za-z]{2,5}|(?:GMT|UTC)?\s*[+\-\u2212]?\s*\d{1,2}(?::?\d{2})?)$", re.IGNORECASE)
"""An abbreviation ('IST', 'CEST') or an offset ('GMT+1', 'UTC+5:30', '+01:00')."""


_REGIONS = tuple(
    f"{region}/" for region in ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
)
"""Where a zone named by a city is: 'Paris' is Europe/Paris (but 'GMT+1' is not Etc/GMT+1, which is UTC-1)."""


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _sorted_zones() -> tuple[str, ...]:
    return tuple(sorted(time_zones()))


@cache
def _cities() -> dict[str, str]:
    """Each zone named by a city, by the city's name in lower case ('new_york': 'America/New_York')."""
    return {zone.casefold().rsplit("/", 1)[-1]: zone for zone in _sorted_zones() if zone.startswith(_REGIONS)}


def zone_hint(value: str) -> str:
    """What to write instead of `value`, which is not a time zone name."""
    key = "_".join(value.split()).casefold()
    same = [zone for zone in _sorted_zones() if zone.casefold() == key]
    same = same or [zone for zone in _sorted_zones() if zone.startswith(_REGIONS) and zone.casefold().rsplit("/", 1)[-1] == key]
    if same:
        return f"did you mean '{same[0]}'?"
    cities = _cities()
    near_city = difflib.get_close_matches(key, cities, n=1, cutoff=0.8)  # 'Tokio', 'Berln', 'Pari': a city misspelt
    if near_city:
        return f"did you mean '{cities[near_city[0]]}'?"
    if _NO_PLACE.match(value.strip()):
        return (
            "an abbreviation or an offset names no place (several zones share 'IST', and 'GMT+1' keeps no summer time): "
            "write the IANA name of a city in the zone, such as 'Asia/Kolkata', 'Europe/Paris' or 'America/New_York'"
        )
    near = difflib.get_close_matches(value, _sorted_zones(), n=1)
    return f"did you mean '{near[0]}'?" if near else "write an IANA time zone name such as 'Europe/London' or 'America/Toronto'"
