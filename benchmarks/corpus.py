"""A seeded corpus of mentoring-guide pages for the benchmark.

`python benchmarks/corpus.py DIR --pages 1000` writes a handbook project
(mentorkit.yaml, content/, and mkdocs.yml for the MkDocs comparison) whose
pages hold 600-1,200 words each, with headings, lists, a table and links to
other pages. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS = (  # noqa: SIM905 (a paragraph of words reads better than a list of quoted ones)
    "mentor mentee goal meeting progress feedback listen question trust agree plan review step confidence skill "
    "career team project support challenge learn practice reflect notes action week month programme coordinator "
    "network resource opportunity honest specific timely growth strength habit routine outcome purpose boundary "
    "schedule agenda conversation example experience lesson setback success celebrate follow share open safe"
).split()
HEADINGS = ("Why it matters", "Before you meet", "In the meeting", "After the meeting", "Common pitfalls", "Questions to ask", "Next steps")
SECTIONS = 20


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def page_text(rng: random.Random, index: int, titles: list[str], folders: list[str]) -> str:
    title = titles[index]
    parts = [f"---\ntitle: {title}\nsummary: {sentence(rng)}\norder: {index % 50}\n---\n", paragraph(rng) + "\n"]
    headings = rng.sample(HEADINGS, 4)
    for number, heading in enumerate(headings):
        parts.append(f"## {heading}\n")
        for _ in range(3):
            text = paragraph(rng)
            parts.append(text + "\n")
        if number == 1:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(5)) + "\n")
        if number == 2:
            parts.append(
                "| Step | Who | When |\n|---|---|---|\n"
                + "\n".join(f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | week {n} |" for n in range(1, 5))
                + "\n"
            )
    links = []
    for _ in range(3):
        other = rng.randrange(len(titles))
        target = f"../{folders[other]}/page-{other:05d}.md"
        anchor = "#related-pages" if rng.random() < 0.3 else ""  # every page has this heading
        links.append(f"[{titles[other]}]({target}{anchor})")
    parts.append("## Related pages\n\n" + "\n".join(f"- {link}" for link in links) + "\n")
    return "\n".join(parts)


def write_corpus(target: Path, pages: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    content = target / "content"
    folders = [f"section-{i % SECTIONS:02d}" for i in range(pages)]
    titles = [f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i}" for i in range(pages)]
    for folder in sorted(set(folders)):  # sorted: set order changes with each run (string hashing)
        (content / folder).mkdir(parents=True, exist_ok=True)
        (content / folder / "index.md").write_text(f"---\ntitle: Section {folder[-2:]}\n---\n{paragraph(rng)}\n")
    for index in range(pages):
        (content / folders[index] / f"page-{index:05d}.md").write_text(page_text(rng, index, titles, folders))
    (content / "index.md").write_text("---\ntitle: Benchmark handbook\n---\n" + paragraph(rng) + "\n")
    (target / "mentorkit.yaml").write_text("title: Benchmark handbook\n")
    (target / "mkdocs.yml").write_text("site_name: Benchmark handbook\ndocs_dir: content\nsite_dir: site-mkdocs\n")
    write_hugo_copy(target)


def write_hugo_copy(target: Path) -> None:
    """The same pages as a Hugo site: section pages are _index.md there, and
    Hugo needs layouts of its own (kept as small as the floor's template)."""
    hugo = target / "hugo"
    shutil.copytree(target / "content", hugo / "content")
    for index in (hugo / "content").rglob("index.md"):
        index.rename(index.with_name("_index.md"))
    (hugo / "hugo.toml").write_text('title = "Benchmark handbook"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"
    (layouts / "single.html").write_text(page)
    (layouts / "list.html").write_text(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_corpus(args.target, args.pages, args.seed)


if __name__ == "__main__":
    main()
