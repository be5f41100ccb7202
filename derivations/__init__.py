"""SymPy derivations rendered into the documentation, and the code generated from them.

Each module builds a :class:`regprior.symbolic.derivation.Derivation` whose
steps are checked by SymPy as they are added. ``python -m derivations`` writes
them to ``docs/_generated/<slug>.md``; ``python -m derivations --check`` fails
when a committed file differs from what the scripts produce now.

A module may also provide

* ``fragments()``: more fragments for ``docs/_generated/`` (file name → text), e.g. tables;
* ``outputs()``: other generated files (path relative to the repository root → text),
  e.g. Python or JavaScript printed from SymPy expressions.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from regprior.symbolic.derivation import Derivation

#: derivation modules, in reading order
MODULES = ("gaussian_l2", "laplace_l1", "ridge_solution", "lasso_coordinate", "conventions",
           # generalizations (issue 5, part A)
           "prior_mean", "prior_covariance", "gaussian_posterior", "weights_intercept", "elastic_net_prior",
           "exponential_power_prior", "orthonormal_design", "constraint_penalty",
           # beyond the linear-Gaussian MAP (issue 5, part B)
           "loss_minimizers", "robust_likelihood", "joint_map_noise", "normal_inverse_gamma", "evidence",
           "logistic_map", "nonlinear_map", "reparameterization", "bayesian_lasso", "ridge_sampling", "horseshoe",
           # a prior added through the penalty protocol
           "student_t_prior")
#: the pitfalls page compares common slips with the derivations above, so it comes last (issue 5, pitfalls page)
MODULES += ("pitfalls",)

#: modules that are not derivations but generate fragments (they provide only ``fragments()``)
PAGE_MODULES = ("properties", "coverage")

#: the repository root (where ``outputs()`` paths start)
ROOT = Path(__file__).resolve().parent.parent
#: where the fragments go
OUTPUT_DIR = ROOT / "docs" / "_generated"


def _modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES]


def all_derivations() -> list[Derivation]:
    """Build every derivation (each build runs all of its checks)."""
    return [module.derivation() for module in _modules()]


def _merged(attribute: str, into: dict[str, str]) -> dict[str, str]:
    """``into`` plus what every module's ``attribute()`` returns; two producers of one file are an error."""
    merged = dict(into)
    pages = [importlib.import_module(f"{__name__}.{name}") for name in PAGE_MODULES]
    for module in _modules() + pages:
        extra = getattr(module, attribute, dict)()
        clash = set(extra) & set(merged)
        if clash:
            raise ValueError(f"{module.__name__}.{attribute}() produces files that already exist: {sorted(clash)}")
        merged.update(extra)
    return merged


def render_all() -> dict[str, str]:
    """Map each fragment's file name to its MyST text (derivations first, then extra fragments)."""
    return _merged("fragments", {f"{d.slug}.md": d.to_myst() for d in all_derivations()})


def render_outputs() -> dict[str, str]:
    """Map each generated file other than a fragment (path relative to the root) to its text."""
    return _merged("outputs", {})
