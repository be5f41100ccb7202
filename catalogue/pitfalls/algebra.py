"""SymPy helpers of the pitfalls checks: values at a point, soft thresholds compared region by region, the
constant of a log-prior, symbols looked up by name."""

from __future__ import annotations

import sympy as sp

from derivations import lasso_coordinate
from regprior.symbolic import models
from regprior.symbolic.sums import linearize
from regprior.symbolic.symbols import beta, j, p


def value_at(expr: sp.Expr, at: dict) -> sp.Expr:
    """``expr`` at the point ``at`` (sums with bounds fixed by the point are evaluated), simplified."""
    value = sp.sympify(expr)
    for _ in range(3):  # a sum evaluated at a numeric bound exposes entries that the point assigns
        value = value.subs(at).doit()
    return sp.simplify(value)


def differs(a: sp.Expr, b_: sp.Expr, at: dict) -> bool:
    """True when ``a - b_`` at the point ``at`` is a nonzero number (a proof that a ≠ b_)."""
    value = value_at(a - b_, at)
    return value.is_number and value != 0


def agree_as_soft_thresholds(e1: sp.Expr, e2: sp.Expr, a: sp.Symbol, lam_: sp.Symbol) -> bool:
    """``e1 == e2`` in each region of a soft threshold at ``lam_/2``: above it, below minus it, and between.

    The two outer regions are ``a = ±(lam_/2 + u)`` with ``u > 0``; the inner one is written ``a = ±w_1``,
    ``lam_ = 2(w_1 + w_2)`` with ``w_1, w_2 ≥ 0``, so that ``|a| ≤ lam_/2`` holds by construction.
    """
    u = sp.Symbol("u", positive=True)
    w1, w2 = sp.symbols("w_1 w_2", nonnegative=True)
    regions = ({a: lam_ / 2 + u}, {a: -lam_ / 2 - u}, {a: w1, lam_: 2 * (w1 + w2)}, {a: -w1, lam_: 2 * (w1 + w2)})
    return all(sp.simplify((e1 - e2).subs(r, simultaneous=True)) == 0 for r in regions)


def prior_constant(prior: models.Prior, lower: int) -> sp.Expr:
    r"""The part free of β of :math:`\log\prod_{j=\text{lower}}^{p} p(\beta_j)`, from the model's density."""
    log_prior = linearize(sp.expand(sp.expand_log(sp.log(sp.Product(prior.density_value(beta[j]), (j, lower, p))),
                                                  force=True)), expand=True)
    return sp.Add(*(t for t in sp.Add.make_args(sp.expand(log_prior)) if not t.has(beta)))


def symbol_named(expr: sp.Basic, name: str) -> sp.Symbol:
    """The free symbol of ``expr`` called ``name`` (derivations use their own assumptions for λ)."""
    (found,) = [s for s in expr.free_symbols if getattr(s, "name", None) == name]
    return found


def compact_soft_threshold(a: sp.Expr, kappa: sp.Expr) -> sp.Expr:
    r""":math:`\operatorname{sign}(a)\max(|a| - \kappa, 0)`, the one-line form write-ups use."""
    return lasso_coordinate.soft_threshold_compact(a, kappa)
