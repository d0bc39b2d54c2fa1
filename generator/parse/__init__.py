"""Parse: each source file's front matter and Markdown into a page.

Pure functions of one file's bytes (and the Markdown options); pages are
parsed over several processes when there are many (see generator.processes).
"""
