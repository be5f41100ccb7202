"""What the site's pages define, read from the MyST sources below ``docs/``: the pages, the fragments they
include, the figures they show and the pitfall targets, for the links the catalogue's pages make.

Directories starting with ``_`` (``_generated``, ``_static``) hold no pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import ROOT

DOCS = ROOT / "docs"

_INCLUDE = re.compile(r"^```\{include\}\s+(?:\.\./)*_generated/([\w.-]+)\.md\s*$", re.M)
_FIGURE = re.compile(r"^```\{(?:rp-)?figure\}\s+\S*?figures/(?P<stem>[\w-]+)\.(?:png|svg)\s*\n(?:^:[^\n]*\n)*?"
                     r"^:name:\s*(?P<name>\S+)", re.M)
_PITFALL_TARGET = re.compile(r"^\(pitfall-e(\d+)\)=\s*$|^:name:\s*pitfall-e(\d+)\s*$", re.M)


def pages(docs: Path = DOCS) -> dict[str, Path]:
    """Docname (path below ``docs/`` without the suffix) -> file, for every page, sorted by path."""
    found = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs)
        if not any(part.startswith("_") for part in rel.parts):
            found[rel.with_suffix("").as_posix()] = path
    return found


def docnames(docs: Path = DOCS) -> frozenset[str]:
    """Every page of the site."""
    return frozenset(pages(docs))


def derivation_pages(docs: Path = DOCS) -> dict[str, str]:
    """Fragment stem (a derivation's slug) -> docname of the first page, in path order, that includes it."""
    found: dict[str, str] = {}
    for docname, path in pages(docs).items():
        for stem in _INCLUDE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(stem, docname)
    return found


def included_fragments(docs: Path = DOCS) -> frozenset[str]:
    """File names of the fragments in ``docs/_generated/`` that some page pulls in with ``{include}``."""
    return frozenset(f"{stem}.md" for stem in derivation_pages(docs))


def figure_targets(docs: Path = DOCS) -> dict[str, str]:
    """Figure stem -> the ``:name:`` of a figure directive that shows it (a page other than the landing page
    when there is one)."""
    targets: dict[str, str] = {}
    for path in sorted(pages(docs).values(), key=lambda path: (path.name == "index.md", str(path))):
        for match in _FIGURE.finditer(path.read_text(encoding="utf-8")):
            targets.setdefault(match["stem"], match["name"])
    return targets


def pitfall_targets(paths: tuple[Path, ...] = (), texts: tuple[str, ...] = ()) -> frozenset[int]:
    """Errata numbers k whose target ``pitfall-e<k>`` is defined in the given files (those that exist) or
    texts."""
    texts = tuple(texts) + tuple(Path(p).read_text(encoding="utf-8") for p in paths if Path(p).is_file())
    return frozenset(int(m.group(1) or m.group(2)) for text in texts for m in _PITFALL_TARGET.finditer(text))
