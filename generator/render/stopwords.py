"""Render: the commonest words of each language the default theme speaks,
which search leaves out of a query and never sends a reader to.

Short lists on purpose: articles, pronouns, prepositions, conjunctions and
the forms of 'to be' and 'to have'. A word that carries meaning in a
handbook ('not', 'after', 'before', 'never') stays searchable. They are
written accent-folded, as the index compares words (see search.fold).
"""

from __future__ import annotations

_ENGLISH = """
a an and are as at be been but by can do does for from had has have he her him his how i if in into is it its
me my of on or our she so than that the their them there these they this those to us was we were what when
where which who whom will with would you your
"""

_FRENCH = """
a au aux avec ce ces cet cette dans de des du elle elles en est et etait etre eu il ils je la le les leur
leurs lui ma mais me mes moi mon ne nos notre nous on ont ou par pas pour qu que qui sa se ses son sont sur ta
te tes toi ton tu un une vos votre vous y
"""

_GERMAN = """
als am an auch auf aus bei bin bist das dass dein deine dem den der des die dies diese dieser du durch ein
eine einem einen einer eines er es euch euer fur hat haben hast ich ihm ihn ihr ihre im in ist ja mein meine
mit sein seine sich sie sind so uber um und uns unser vom von war waren was wie wir wird zu zum zur
"""

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_ENGLISH.split()),
    "fr": frozenset(_FRENCH.split()),
    "de": frozenset(_GERMAN.split()),
}


def stopwords(language: str) -> frozenset[str]:
    """The list for a language code ('fr-CA' takes French's); none for a language without one."""
    return STOPWORDS.get(language.split("-")[0].lower(), frozenset())
