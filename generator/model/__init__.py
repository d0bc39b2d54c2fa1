"""Model: the data every later stage reads, and the whole handbook built from it.

The types (`types.py`), then the Site per language: navigation, links and
backlinks, translations, programme schedules; and which file and folder
names can become part of the site (`names.py`).
"""
