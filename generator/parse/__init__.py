"""Parse: each source file's front matter and Markdown into a page.

Pure functions of one file's bytes (and the Markdown options); pages are
parsed over several processes when there are many (see generator.processes).
Whatever a page holds, parsing it takes time in proportion to its size
(`markdown_limits.py`), and any exception its content causes is a problem
naming it (`files.py`, through errors.problem_reading).
"""
