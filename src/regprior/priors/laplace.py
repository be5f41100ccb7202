r"""The Laplace prior, whose MAP is the lasso.

:math:`p(\beta_j) = (2b_j)^{-1}\exp(-|\beta_j - \theta_{0j}|/b_j)`; the negative log-prior is
:math:`\sum_j |u_j|/b_j` plus a constant, so with the prior weight w the penalty is
:math:`\sum_j (w/b_j)|u_j|` and the canonical strength (:math:`w = 2\sigma^2`) is :math:`\lambda_j = 2\sigma^2/b_j`
(derived on the Laplace→L1 page).
"""

from __future__ import annotations

import numpy as np

from .._validation import check_location, check_scalar, check_strength
from ..penalties import L1
from .base import Prior, check_same_length, canonical_weight, representable

__all__ = ["LaplacePrior"]


class LaplacePrior(Prior):
    r"""Each coefficient :math:`\beta_j \sim \mathrm{Laplace}(\theta_{0j}, b_j)`; the variance is :math:`2b_j^2`.

    Parameters
    ----------
    scale : float or array_like of shape (n_features,)
        The scale :math:`b_j` > 0.
    mean : float or array_like of shape (n_features,), default 0.0
        The location :math:`\theta_0`.

    Notes
    -----
    The MAP estimate is the lasso with :math:`\lambda_j = 2\sigma^2/b_j`.

    Examples
    --------
    >>> prior = rp.LaplacePrior(0.5)
    >>> prior.penalty_strength(noise_sd=1.0)
    4.0
    >>> rp.LaplacePrior.from_penalty_strength(4.0, noise_sd=1.0)
    LaplacePrior(scale=0.5)
    """

    symbolic_model = "laplace_prior"
    symbolic_parameters = {"scale": "b"}

    def __init__(self, scale, mean=0.0):
        self.scale = check_strength(scale, "scale", positive=True, read_only=True)
        self.mean = check_location(mean)
        check_same_length(mean=self.mean, scale=self.scale)

    def penalty(self, weight: float) -> L1:
        r""":math:`\sum_j (w/b_j)|u_j|`."""
        with np.errstate(over="ignore", under="ignore"):
            strength = weight / self.scale
        return L1(representable(strength, "scale"))

    def penalty_strength(self, noise_sd: float):
        r""":math:`\lambda_j = 2\sigma^2/b_j`, the lasso strength at noise standard deviation σ."""
        return self.penalty(canonical_weight(noise_sd)).strength

    @classmethod
    def from_penalty_strength(cls, lam, noise_sd: float, mean=0.0) -> "LaplacePrior":
        r""":math:`b_j = 2\sigma^2/\lambda_j`; ``lam`` must be > 0 (λ = 0 is a flat, improper prior)."""
        lam = check_strength(lam, "lam", positive=True)
        check_scalar(noise_sd, "noise_sd", strict=True)
        with np.errstate(over="ignore", under="ignore"):
            scale = canonical_weight(noise_sd) / lam
        return cls(representable(scale, "scale"), mean)

    def neg_log_density(self, coef) -> float:
        r""":math:`\sum_j \log(2 b_j) + |\beta_j - \theta_{0j}|/b_j`."""
        t = self._coef(coef) - self.mean
        b = np.broadcast_to(self.scale, t.shape)
        with np.errstate(over="ignore"):
            value = np.sum(np.log(2 * b) + np.abs(t) / b)
        return self._finite(value)
