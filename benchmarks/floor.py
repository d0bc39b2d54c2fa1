"""The Python floor: the least any Python generator does per page.

Read, load the front matter, render with markdown-it-py, a trivial Jinja
template, write. `--jobs 2` spreads the pages over two processes. mentorkit
does more per page; the benchmark compares against this.
YAML goes through the fastest loader PyYAML offers: libyaml's CSafeLoader, as mentorkit uses.

Every mentorkit build also writes print pages (issue 24): the whole
handbook in one file and each section in one. The floor writes the same
bytes the cheapest way: each page's body, rendered once, joined into one
file for the handbook and one for each folder (`--no-print` leaves them out).
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


def render(job: tuple[Path, Path]) -> tuple[str, str]:
    """Writes the page; returns its folder and its body, for the print pages."""
    source, target = job
    text = source.read_text(encoding="utf-8")
    front, body = {}, text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        front, body = yaml.load(text[4:end], Loader=LOADER) or {}, text[end + 5 :]
    target.parent.mkdir(parents=True, exist_ok=True)
    html = MD.render(body)
    target.write_text(TEMPLATE.render(title=front.get("title", ""), body=html), encoding="utf-8")
    return str(target.parent), html


def write_print_pages(output: Path, bodies: list[tuple[str, str]]) -> None:
    """The whole handbook and each folder's pages, joined, each in one file."""
    folders: dict[str, list[str]] = {}
    for folder, html in bodies:
        folders.setdefault(folder, []).append(html)
    (output / "print.html").write_text(TEMPLATE.render(title="print", body="".join(html for _, html in bodies)), encoding="utf-8")
    for folder, pages in folders.items():
        if Path(folder) != output:
            (Path(folder) / "print.html").write_text(TEMPLATE.render(title="print", body="".join(pages)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-print", action="store_true", help="leave out the print pages")
    args = parser.parse_args()
    content = args.project / "content"
    jobs = [(path, args.output / path.relative_to(content).with_suffix(".html")) for path in sorted(content.rglob("*.md"))]
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            bodies = pool.map(render, jobs, chunksize=max(1, len(jobs) // (args.jobs * 8)))
    else:
        bodies = [render(job) for job in jobs]
    if not args.no_print:
        write_print_pages(args.output, bodies)
    print(f"{len(jobs)} pages", file=os.sys.stderr)


if __name__ == "__main__":
    main()
