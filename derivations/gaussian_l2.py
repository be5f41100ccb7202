"""Gaussian prior ⇒ L2 penalty (ridge), with λ = σ²/σ_w²."""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation
from regprior.symbolic.models import gaussian_prior
from regprior.symbolic.symbols import beta, j, n, p, sigma, sigma_w

from ._prior_to_penalty import PriorText, build

TEXT = PriorText(
    slug="gaussian-l2",
    title="Gaussian prior ⇒ L2 penalty",
    prior_sentence=(
        "The prior makes the coefficients independent, each Gaussian with mean 0 and standard deviation "
        r"$\sigma_w$:"
    ),
    neg_log_prior_display=sp.Add(
        p / 2 * sp.log(2 * sp.pi * sigma_w**2), sp.Sum(beta[j] ** 2, (j, 1, p)) / (2 * sigma_w**2), evaluate=False
    ),
    constant_display=sp.Add(
        n / 2 * sp.log(2 * sp.pi * sigma**2), p / 2 * sp.log(2 * sp.pi * sigma_w**2), evaluate=False
    ),
    penalty_name=r"\lVert\beta\rVert_2^2",
    conclusion=(
        r"The factor $1/(2\sigma^2)$ is positive and the constant does not involve $\beta$, so the $\beta$ "
        r"that maximizes the posterior is the $\beta$ that minimizes $J$: the MAP estimate is the ridge "
        r"estimate with $\lambda = \sigma^2/\sigma_w^2$, the noise variance over the prior variance."
    ),
    explain_notation=True,
)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the Gaussian→L2 derivation."""
    return build(gaussian_prior, TEXT)
