"""Load: read the project's files, and nothing else reads them after this stage.

The settings (`mentorkit.yaml`: config, branding, languages), the sources
under `content/`, the theme and its words, and YAML that remembers lines.
For `mentorkit packs`, the coordinator's roster (roster.py, its file read by
roster_files.py, its values by roster_values.py, checked against the
programmes by roster_checks.py); and what tells a roster or a file of
answers put under `content/` (roster_files.py, answers_files.py).
"""
