"""Render: the model to the bytes of every output file. No file is written here.

The template context (`context.py`), the Jinja environment and filters,
pages, the search index, calendars and PDFs.
"""
