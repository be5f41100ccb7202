"""Every example on the site runs: Sphinx's doctest builder executes the ``{doctest}`` blocks of each
page and the ``>>>`` examples of every docstring pulled in by autodoc."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.properties import prop

ROOT = Path(__file__).resolve().parent.parent


@prop(r"Sphinx's doctest builder runs every `{doctest}` block of the site's pages and every `>>>` example of the "
      r"docstrings autodoc pulls in, with warnings as errors and no failure; the pages known to carry examples (the "
      r"introduction, the API, the conventions, and the Gaussian, Laplace and eight generalization derivation pages) "
      r"are among those it ran.",
      group="machinery")
def test_every_example_on_the_site_runs(tmp_path, drawn_figures):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "doctest", "docs", str(tmp_path), "-c", ".", "-W", "-q"],
        cwd=ROOT, capture_output=True, text=True,
    )
    report = (tmp_path / "doctest" / "output.txt").read_text() if (tmp_path / "doctest" / "output.txt").exists() else ""
    assert result.returncode == 0, result.stdout + result.stderr + report
    documents = set(re.findall(r"^Document: (\S+)", report, flags=re.M))
    # The pages that carry examples (a page losing its examples silently would weaken the site).
    assert ({"introduction", "derivations/gaussian-l2", "derivations/laplace-l1", "api", "conventions"}
            <= documents), documents
    generalizations = {"prior-mean", "prior-covariance", "gaussian-posterior", "weights-intercept", "elastic-net-prior",
                       "exponential-power-prior", "orthonormal-design", "constraint-penalty"}
    assert {f"derivations/{page}" for page in generalizations} <= documents, documents
    assert " 0 failures in tests" in report
