from generator.incremental.fingerprints import referenced_templates


def test_referenced_templates() -> None:
    source = '{% extends "base.html" %}{% include \'partials/nav.html\' %}{%- from "partials/fields.html" import field with context %}'
    assert referenced_templates(source) == (["base.html", "partials/nav.html", "partials/fields.html"], False)
    assert referenced_templates("{% include name %}") == ([], True)
