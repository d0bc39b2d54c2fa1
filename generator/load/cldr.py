"""Load: a language's rules from CLDR, through Babel: which plural form a
count takes, the month names and the order of a date.

The browser's `Intl.PluralRules` reads the same CLDR rules, so a count the
page's scripts show takes the same form as one the build wrote, as long as
both are asked about the same locale: `Rules.browser_locale` is that locale.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""Every plural category CLDR knows, in its own order."""
_SAMPLES: tuple[int | Decimal, ...] = (
    *range(0, 200),
    *(1000, 10000, 100000, 1000000, 2000000),
    *(Decimal("0.5"), Decimal("1.5"), Decimal("2.5")),
)
"""Counts tried to show a coordinator which counts take a form."""


@dataclass(frozen=True, slots=True)
class Rules:
    """One language's CLDR rules."""

    locale: Locale
    known: bool
    """False when CLDR has no such language: English's rules stand in."""

    @property
    def browser_locale(self) -> str:
        """The locale, as `Intl.PluralRules` takes it: 'pt-BR'."""
        return str(self.locale).replace("_", "-")

    @property
    def categories(self) -> tuple[str, ...]:
        """The plural forms this language uses, 'other' always among them."""
        used = self.locale.plural_form.tags | {"other"}
        return tuple(c for c in CATEGORIES if c in used)

    @property
    def own_name(self) -> str:
        """The language's name in itself, as a language switch shows it: 'Français', 'עברית', 'Português (Brasil)'."""
        name = str(self.locale.display_name or self.locale.language)
        return name[:1].upper() + name[1:]

    @property
    def direction(self) -> str:
        """'rtl' for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else 'ltr'."""
        return "rtl" if self.known and self.locale.text_direction == "rtl" else "ltr"

    def category(self, count: int | float | Decimal) -> str:
        """'one', 'few', 'other'... for this count."""
        return str(self.locale.plural_form(count))

    def examples(self, category: str, shown: int = 5) -> str:
        """Counts taking this form, for a message: '2, 3, 4, 22, 23, …'."""
        found = [str(n) for n in _SAMPLES if self.category(n) == category]
        return ", ".join(found[:shown]) + (", …" if len(found) > shown else "")

    def month_names(self, style: str = "long") -> tuple[str, ...]:
        """The months as a date shows them ('stycznia' in Polish, not 'styczeń')."""
        names = self.locale.months["format"]["wide" if style == "long" else "abbreviated"]
        return tuple(names[month] for month in range(1, 13))

    def date(self, value: datetime.date, style: str = "long") -> str:
        """'11 janvier 2027' (long) or '11 janv.' (short), in this language's order."""
        if style == "long":
            return str(format_date(value, "long", locale=self.locale))
        return str(format_skeleton("MMMd", value, locale=self.locale))


def rules_for(language: str) -> Rules:
    """The rules for a language code such as 'fr', 'pt-BR' or 'sr-Latn-RS':
    the most precise locale CLDR has, or English's when it has none."""
    parts = language.replace("_", "-").split("-")
    while parts:
        try:
            return Rules(Locale.parse("_".join(parts)), True)
        except (UnknownLocaleError, ValueError):
            parts.pop()
    return Rules(Locale.parse("en"), False)
