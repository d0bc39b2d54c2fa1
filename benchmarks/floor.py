"""The Python floor: the least any Python generator does per page.

Read, load the front matter, render with markdown-it-py, a trivial Jinja
template, write. `--jobs 2` spreads the pages over two processes. mentorkit
does more per page; the benchmark compares against this.
YAML goes through the fastest loader PyYAML offers: libyaml's CSafeLoader, as mentorkit uses.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

TEMPLATE = jinja2.Template("<!DOCTYPE html><html><head><title>{{ title }}</title></head><body>{{ body }}</body></html>")
MD = MarkdownIt("commonmark").enable("table")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def render(job: tuple[Path, Path]) -> None:
    source, target = job
    text = source.read_text(encoding="utf-8")
    front, body = {}, text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        front, body = yaml.load(text[4:end], Loader=LOADER) or {}, text[end + 5 :]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.render(title=front.get("title", ""), body=MD.render(body)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    content = args.project / "content"
    jobs = [(path, args.output / path.relative_to(content).with_suffix(".html")) for path in sorted(content.rglob("*.md"))]
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            pool.map(render, jobs, chunksize=max(1, len(jobs) // (args.jobs * 8)))
    else:
        for job in jobs:
            render(job)
    print(f"{len(jobs)} pages", file=os.sys.stderr)


if __name__ == "__main__":
    main()
