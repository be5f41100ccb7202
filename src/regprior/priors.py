r"""Priors on the coefficients and the penalty strength each one implies.

Every prior here puts the same density, centred at 0, independently on each
coefficient :math:`\beta_j`. Under the model :math:`y = X\beta + \varepsilon`,
:math:`\varepsilon \sim \mathcal N(0, \sigma^2 I)`, the negative log-posterior is

.. math::

    -\log p(\beta \mid y, X) = \frac{1}{2\sigma^2}\Bigl(\lVert y - X\beta\rVert_2^2 + \lambda R(\beta)\Bigr) + C,

with C free of β (derived symbolically on the Gaussian→L2 and Laplace→L1 pages).
Each class gives R (:meth:`Prior.penalty`) and λ (:meth:`Prior.penalty_strength`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ._validation import check_scalar

__all__ = ["Prior", "GaussianPrior", "LaplacePrior"]


@dataclass(frozen=True)
class Prior(ABC):
    """An i.i.d. zero-centred prior on each coefficient, described by one scale.

    Parameters
    ----------
    scale : float
        The prior's scale parameter (> 0); its meaning depends on the subclass.
    """

    scale: float
    #: name of the penalty R(β) the prior corresponds to ("l2" or "l1")
    penalty_name: ClassVar[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scale", check_scalar(self.scale, "scale", strict=True))

    @abstractmethod
    def penalty(self, coef) -> float:
        """The penalty :math:`R(\\beta)` of the canonical objective at ``coef``."""

    @abstractmethod
    def penalty_strength(self, noise_sd: float) -> float:
        """The canonical λ this prior means when the noise standard deviation is ``noise_sd``."""

    @classmethod
    @abstractmethod
    def from_penalty_strength(cls, lam: float, noise_sd: float) -> "Prior":
        """The prior whose :meth:`penalty_strength` at ``noise_sd`` is ``lam`` (> 0)."""

    @abstractmethod
    def neg_log_density(self, coef) -> float:
        """:math:`-\\log p(\\beta) = -\\sum_j \\log p(\\beta_j)`, normalizer included."""


def _coef(coef) -> np.ndarray:
    arr = np.asarray(coef, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"coef must be a 1-D array; got shape {arr.shape}")
    return arr


@dataclass(frozen=True)
class GaussianPrior(Prior):
    r"""Each coefficient :math:`\beta_j \sim \mathcal N(0, \sigma_w^2)`; ``scale`` is the standard deviation :math:`\sigma_w`.

    The MAP estimate is ridge regression with

    .. math::

        \lambda = \frac{\sigma^2}{\sigma_w^2},\qquad R(\beta) = \lVert\beta\rVert_2^2 .

    Examples
    --------
    >>> prior = rp.GaussianPrior(0.5)
    >>> prior.penalty_strength(noise_sd=1.0)
    4.0
    >>> rp.GaussianPrior.from_penalty_strength(4.0, noise_sd=1.0)
    GaussianPrior(scale=0.5)
    """

    penalty_name: ClassVar[str] = "l2"

    def penalty(self, coef) -> float:
        """:math:`\\lVert\\beta\\rVert_2^2`."""
        c = _coef(coef)
        return float(c @ c)

    def penalty_strength(self, noise_sd: float) -> float:
        """:math:`\\lambda = \\sigma^2/\\sigma_w^2`."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return (sd / self.scale) ** 2

    @classmethod
    def from_penalty_strength(cls, lam: float, noise_sd: float) -> "GaussianPrior":
        """:math:`\\sigma_w = \\sigma/\\sqrt{\\lambda}`; ``lam`` must be > 0 (λ = 0 is a flat, improper prior)."""
        lam = check_scalar(lam, "lam", strict=True)
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return cls(sd / np.sqrt(lam))

    def neg_log_density(self, coef) -> float:
        """:math:`\\tfrac{p}{2}\\log(2\\pi\\sigma_w^2) + \\lVert\\beta\\rVert_2^2/(2\\sigma_w^2)`."""
        c = _coef(coef)
        return 0.5 * c.size * np.log(2 * np.pi * self.scale**2) + float(c @ c) / (2 * self.scale**2)


@dataclass(frozen=True)
class LaplacePrior(Prior):
    r"""Each coefficient :math:`\beta_j \sim \mathrm{Laplace}(0, b)`; ``scale`` is :math:`b` (the variance is :math:`2b^2`).

    The MAP estimate is the lasso with

    .. math::

        \lambda = \frac{2\sigma^2}{b},\qquad R(\beta) = \lVert\beta\rVert_1 .

    Examples
    --------
    >>> prior = rp.LaplacePrior(0.5)
    >>> prior.penalty_strength(noise_sd=1.0)
    4.0
    >>> rp.LaplacePrior.from_penalty_strength(4.0, noise_sd=1.0)
    LaplacePrior(scale=0.5)
    """

    penalty_name: ClassVar[str] = "l1"

    def penalty(self, coef) -> float:
        """:math:`\\lVert\\beta\\rVert_1`."""
        return float(np.abs(_coef(coef)).sum())

    def penalty_strength(self, noise_sd: float) -> float:
        """:math:`\\lambda = 2\\sigma^2/b`."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return 2 * sd**2 / self.scale

    @classmethod
    def from_penalty_strength(cls, lam: float, noise_sd: float) -> "LaplacePrior":
        """:math:`b = 2\\sigma^2/\\lambda`; ``lam`` must be > 0 (λ = 0 is a flat, improper prior)."""
        lam = check_scalar(lam, "lam", strict=True)
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return cls(2 * sd**2 / lam)

    def neg_log_density(self, coef) -> float:
        """:math:`p\\log(2b) + \\lVert\\beta\\rVert_1/b`."""
        c = _coef(coef)
        return c.size * np.log(2 * self.scale) + float(np.abs(c).sum()) / self.scale
