"""SymPy derivations rendered into the documentation.

Each module builds a :class:`regprior.symbolic.derivation.Derivation` whose
steps are checked by SymPy as they are added. ``python -m derivations`` writes
them to ``docs/_generated/<slug>.md``; ``python -m derivations --check`` fails
when a committed fragment differs from what the scripts produce now.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from regprior.symbolic.derivation import Derivation

#: derivation modules, in reading order
MODULES = ("gaussian_l2", "laplace_l1", "ridge_solution", "lasso_coordinate",
           # generalizations (issue 5, part A)
           "prior_mean", "prior_covariance", "gaussian_posterior", "weights_intercept", "elastic_net_prior",
           "exponential_power_prior", "orthonormal_design", "constraint_penalty")

#: where the fragments go
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "_generated"


def all_derivations() -> list[Derivation]:
    """Build every derivation (each build runs all of its checks)."""
    return [importlib.import_module(f"{__name__}.{name}").derivation() for name in MODULES]


def render_all() -> dict[str, str]:
    """Map each fragment's file name to its MyST text."""
    return {f"{d.slug}.md": d.to_myst() for d in all_derivations()}
