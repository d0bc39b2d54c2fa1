"""mentorkit: a static site generator for mentorship programme handbooks.

The build is one pipeline, run by `build.py` top to bottom:

    load -> parse -> model -> render -> write

- `load/`   reads the project: mentorkit.yaml, the files under content/, the theme and its words.
- `parse/`  turns each Markdown file into a page: front matter, Markdown, forms, programmes.
- `model/`  the types every later stage reads, and the handbook built from the pages: a Site per
            language, navigation, links, translations, schedules, and the list of every output.
- `render/` turns the model into the bytes of each output: template contexts, Jinja, search, calendars, PDFs.
- `write/`  puts them into the output folder atomically, with a manifest.

Beside it: `incremental/` (the cache, fingerprints, reuse of the last model), used by the
orchestrator alone, and `preview/` (`mentorkit serve`), which calls the orchestrator.
`check.py` runs the same stages writing nothing; `cli.py` alone knows click, with
`cli_output.py`, how it talks: -q, -v, colour on a terminal, progress.

Imports follow what a module needs, not the order data flows: the model's types are made
by the parser, so `parse` sits above `model`, and `model` above `load`, whose settings it
reads. From the top: cli; cli_output; preview; build, check, scaffold; incremental; render, write, parse
(independent of each other); model; load; errors, processes, gc_pause. An import-linter
contract in pyproject.toml keeps it so (`make lint`).
"""

__version__ = "0.1.0"
