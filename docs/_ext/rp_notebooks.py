"""Each derivation page's code as a Jupyter notebook, made from the page source.

A page's examples are ``{doctest}`` blocks. :func:`notebook` turns them into the code cells of a notebook (the
``>>>`` and ``...`` prompts removed, the expected output left out), each after a markdown cell with the paragraph
that introduces it. :func:`setup` writes one notebook per derivation page with examples into
``docs/_generated/notebooks/`` when the site is built, and adds a download link at the end of the page. The
test suite runs every notebook's code from a fresh interpreter (``tests/test_notebooks.py``), so a notebook
that needs an import its page did not show fails there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = DOCS / "_generated" / "notebooks"

_BLOCK = re.compile(r"^```\{doctest\}\n(.*?)^```", re.S | re.M)
_ROLE = re.compile(r"\{(?:func|class|mod|meth|attr|doc|ref|eq|numref|cite:p|cite:t|cite)\}`(?:[^`<]*<)?([^`>]*)>?`")


def _plain(markdown: str) -> str:
    """MyST inline roles as plain code or text, so that Jupyter shows them."""
    return _ROLE.sub(lambda m: f"`{m.group(1).lstrip('~').split('/')[-1]}`", markdown)


def _code(block: str) -> str:
    """The source lines of a doctest block, without prompts and without the expected output; an example whose
    expected output is an exception is wrapped so that the cell shows the error and goes on."""
    examples: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith(">>>"):
            examples.append(([line[4:]], []))
        elif line.startswith("...") and examples:
            examples[-1][0].append(line[4:])
        elif examples:
            examples[-1][1].append(line)
    lines = []
    for source, output in examples:
        if output and output[0].startswith("Traceback"):
            lines += ["try:", *("    " + s for s in source),
                      "except Exception as error:  # the page shows this error",
                      "    print(f\"{type(error).__name__}: {error}\")"]
        else:
            lines += source
    return "\n".join(line.rstrip() for line in lines)


def _paragraph_before(text: str, position: int) -> str:
    """The last paragraph of prose (not a directive, not a heading) before ``position``."""
    before = text[:position].rstrip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", before) if p.strip()]
    for paragraph in reversed(paragraphs):
        if not paragraph.startswith(("```", "#", ":", "(", "<")) and not paragraph.endswith("```"):
            return paragraph
    return ""


def title_of(text: str) -> str:
    match = re.search(r"^# (.+)$", text, re.M)
    return match.group(1).strip() if match else ""


def notebook(text: str, page_url: str) -> dict | None:
    """The notebook of a page's examples (nbformat 4), or None when the page has none."""
    blocks = list(_BLOCK.finditer(text))
    if not blocks:
        return None
    cells = [_markdown(f"# {title_of(text)}\n\nThe examples of the page [{title_of(text)}]({page_url}), in order. "
                       "Run the cells from the top: later ones use what earlier ones define.")]
    for match in blocks:
        intro = _paragraph_before(text, match.start())
        if intro:
            cells.append(_markdown(_plain(intro)))
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                      "source": _lines(_code(match.group(1)))})
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _lines(source: str) -> list[str]:
    lines = source.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def _markdown(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(source)}


def derivation_notebooks(docs: Path = DOCS) -> dict[str, dict]:
    """Docname (``derivations/<stem>``) -> notebook, for every derivation page with examples."""
    out = {}
    for path in sorted((docs / "derivations").glob("*.md")):
        nb = notebook(path.read_text(encoding="utf-8"), f"{path.stem}.html")
        if nb is not None:
            out[f"derivations/{path.stem}"] = nb
    return out


def code_of(nb: dict) -> str:
    """All the code of a notebook, cell after cell."""
    return "\n\n".join("".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "code")


def _write(app) -> None:
    NOTEBOOK_DIR.mkdir(parents=True, exist_ok=True)
    for docname, nb in derivation_notebooks().items():
        target = NOTEBOOK_DIR / f"{docname.split('/')[-1]}.ipynb"
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def _link(app, docname: str, source: list[str]) -> None:
    if docname.startswith("derivations/") and "```{doctest}" in source[0]:
        stem = docname.split("/")[-1]
        source[0] += (
            "\n\n```{rubric} Run it yourself\n```\n\n"
            f"The examples of this page as a Jupyter notebook: {{download}}`{stem}.ipynb "
            f"<../_generated/notebooks/{stem}.ipynb>` (each code cell is an example above, with its imports).\n"
        )


def setup(app):
    app.connect("builder-inited", _write)
    app.connect("source-read", _link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
