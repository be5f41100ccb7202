"""The derivation pages' examples as notebooks (docs/_ext/rp_notebooks.py): each runs from a fresh interpreter.

The pages' doctests run with `numpy` and `regprior` imported for them (conf.py's doctest set-up); a notebook
runs with nothing imported, so a page whose examples use a name they never import fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.properties import prop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import rp_notebooks  # noqa: E402

NOTEBOOKS = rp_notebooks.derivation_notebooks()
#: every page with examples, the derivation pages and the others (converter, conventions, pitfalls, ...)
PAGES = {p.relative_to(ROOT / "docs").with_suffix("").as_posix(): p for p in sorted((ROOT / "docs").rglob("*.md"))
         if not any(part.startswith("_") for part in p.relative_to(ROOT / "docs").parts)
         and "```{doctest}" in p.read_text(encoding="utf-8")}


@prop("Every derivation page with examples offers them as a notebook, one code cell per example with the prompts "
      "and expected output removed, and the notebook's code runs without error in a fresh Python interpreter "
      "(so every example shows its imports).", group="machinery")
@pytest.mark.parametrize("docname", sorted(NOTEBOOKS))
def test_a_derivation_notebook_runs_from_a_fresh_interpreter(docname: str) -> None:
    nb = NOTEBOOKS[docname]
    page = (ROOT / "docs" / f"{docname}.md").read_text(encoding="utf-8")
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code_cells) == page.count("```{doctest}")
    assert not any(">>>" in "".join(c["source"]) for c in code_cells)
    proc = subprocess.run([sys.executable, "-c", rp_notebooks.code_of(nb)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, f"{docname}:\n{proc.stderr[-3000:]}"


@prop("The examples of every page, derivation or not, run in order from a fresh Python interpreter: each page "
      "shows the imports its examples use.", group="machinery")
@pytest.mark.parametrize("docname", sorted(set(PAGES) - set(NOTEBOOKS)))
def test_a_page_s_examples_run_from_a_fresh_interpreter(docname: str) -> None:
    nb = rp_notebooks.notebook(PAGES[docname].read_text(encoding="utf-8"), f"{docname}.html")
    proc = subprocess.run([sys.executable, "-c", rp_notebooks.code_of(nb)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, f"{docname}:\n{proc.stderr[-3000:]}"


@prop("The notebooks cover every derivation page that has examples.", group="machinery")
def test_every_derivation_page_with_examples_has_a_notebook() -> None:
    with_examples = {f"derivations/{p.stem}" for p in (ROOT / "docs" / "derivations").glob("*.md")
                     if "```{doctest}" in p.read_text(encoding="utf-8")}
    assert with_examples and set(NOTEBOOKS) == with_examples
