"""Laplace prior ⇒ L1 penalty (lasso), with λ = 2σ²/b."""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation
from regprior.symbolic.models import laplace_prior
from regprior.symbolic.symbols import b, beta, j, n, p, sigma

from ._prior_to_penalty import PriorText, build

TEXT = PriorText(
    slug="laplace-l1",
    title="Laplace prior ⇒ L1 penalty",
    prior_sentence=(
        "The prior makes the coefficients independent, each Laplace (double exponential) with location 0 "
        "and scale $b$; its variance is $2b^2$:"
    ),
    neg_log_prior_display=sp.Add(
        p * sp.log(2 * b), sp.Sum(sp.Abs(beta[j]), (j, 1, p)) / b, evaluate=False
    ),
    constant_display=sp.Add(n / 2 * sp.log(2 * sp.pi * sigma**2), p * sp.log(2 * b), evaluate=False),
    penalty_name=r"\lVert\beta\rVert_1",
    conclusion=(
        "The factor $1/(2\\sigma^2)$ is positive and the constant does not involve $\\beta$, so the $\\beta$ "
        "that maximizes the posterior is the $\\beta$ that minimizes $J$: the MAP estimate is the lasso "
        "estimate with $\\lambda = 2\\sigma^2/b$. The 2 is there because the likelihood carries "
        "$1/(2\\sigma^2)$ while the Laplace prior carries $1/b$ with no $\\tfrac12$."
    ),
)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the Laplace→L1 derivation."""
    return build(laplace_prior, TEXT)
