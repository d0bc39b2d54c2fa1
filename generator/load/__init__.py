"""Load: read the project's files, and nothing else reads them after this stage.

The settings (`mentorkit.yaml`: config, branding, languages), the sources
under `content/`, the theme and its words, and YAML that remembers lines.
"""
