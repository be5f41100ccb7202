r"""Priors on the coefficients and the penalty each one implies.

Under the model :math:`y = X\beta + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, \sigma^2 I)`,
the negative log-posterior is

.. math::

    -\log p(\beta \mid y, X) = \frac{1}{2\sigma^2}\Bigl(\lVert y - X\beta\rVert_2^2
        + \sum_j \lambda_j\, r(\beta_j - \theta_{0j})\Bigr) + C,

with C free of β (derived symbolically on the Gaussian→L2 and Laplace→L1 pages). With one scale
for every coefficient, :math:`\lambda_j = \lambda` and the penalty is :math:`\lambda R(\beta - \theta_0)`.

=====================================  ===================  ============================
prior on :math:`\beta_j`               :math:`r(t)`          :math:`\lambda_j`
=====================================  ===================  ============================
:math:`\mathcal N(\theta_{0j}, s_j^2)`  :math:`t^2`           :math:`\sigma^2 / s_j^2`
Laplace :math:`(\theta_{0j}, b_j)`     :math:`|t|`           :math:`2\sigma^2 / b_j`
=====================================  ===================  ============================

:class:`MultivariateGaussianPrior` (full covariance Σ) gives the penalty
:math:`(\beta - \theta_0)^\top P (\beta - \theta_0)` with :math:`P = \sigma^2\Sigma^{-1}`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np
import scipy.linalg as sla

from ._validation import check_scalar

__all__ = ["Prior", "GaussianPrior", "LaplacePrior", "MultivariateGaussianPrior"]


def _positive_parameter(value, name: str):
    """A finite positive float, or a read-only 1-D array of them."""
    if np.ndim(value) == 0:
        return check_scalar(value, name, strict=True)
    arr = np.array(value, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a positive number or a non-empty 1-D array; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must contain finite values > 0")
    arr.flags.writeable = False
    return arr


def _location(value, name: str = "mean"):
    if np.ndim(value) == 0:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be a real number or array; got {value!r}")
        return check_scalar(value, name, lower=-np.inf, strict=True)
    arr = np.array(value, dtype=float)
    if arr.ndim != 1 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a finite number or a 1-D array of finite numbers")
    arr.flags.writeable = False
    return arr


def _spd_matrix(a, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``a`` as a float64 symmetric positive definite matrix (a new array), with its lower Cholesky factor."""
    a = np.array(a, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"{name} must be a square 2-D array; got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must contain finite values")
    if not np.allclose(a, a.T, rtol=1e-12, atol=1e-14 * np.abs(a).max()):
        raise ValueError(f"{name} must be symmetric")
    try:
        return a, sla.cholesky(a, lower=True)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite (its Cholesky factorization failed)") from None


def _coef(coef, prior: "Prior") -> np.ndarray:
    arr = np.asarray(coef, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"coef must be a 1-D array; got shape {arr.shape}")
    for name in ("scale", "mean"):
        value = getattr(prior, name, None)
        if np.ndim(value) == 1 and np.size(value) != arr.size:
            raise ValueError(f"coef has {arr.size} entries but the prior's {name} has {np.size(value)}")
    return arr


class Prior(ABC):
    """A prior on the coefficient vector, independent across coefficients unless stated otherwise."""

    #: name of the penalty the prior corresponds to ("l2", "l1", "generalized-l2")
    penalty_name: str

    @abstractmethod
    def penalty_strength(self, noise_sd: float):
        """The canonical λ (a float, or one value per coefficient) at noise standard deviation ``noise_sd``."""

    @abstractmethod
    def neg_log_density(self, coef) -> float:
        r""":math:`-\log p(\beta)`, normalizer included."""

    def _params(self) -> dict:
        return {"scale": self.scale, "mean": self.mean}

    def __repr__(self) -> str:
        shown = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in self._params().items()}
        if shown.get("mean") == 0.0:
            del shown["mean"]
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(np.array_equal(a, b) for a, b in zip(self._params().values(), other._params().values()))

    __hash__ = None  # mutable-looking array parameters: not hashable


class _ScalePrior(Prior):
    """A prior with the same family on each coefficient, a scale and a location per coefficient."""

    def __init__(self, scale, mean=0.0):
        self.scale = _positive_parameter(scale, "scale")
        self.mean = _location(mean)

    def penalty(self, coef) -> float:
        r""":math:`R(\beta - \theta_0) = \sum_j r(\beta_j - \theta_{0j})` (unweighted by the scales)."""
        return float(np.sum(self._term(_coef(coef, self) - self.mean)))

    @staticmethod
    @abstractmethod
    def _term(t: np.ndarray) -> np.ndarray:
        """The per-coefficient penalty term r(t)."""


class GaussianPrior(_ScalePrior):
    r"""Each coefficient :math:`\beta_j \sim \mathcal N(\theta_{0j}, s_j^2)`, independently.

    Parameters
    ----------
    scale : float or array_like of shape (n_features,)
        The standard deviation :math:`s_j` (:math:`\sigma_w` when it is the same for all), > 0.
    mean : float or array_like of shape (n_features,), default 0.0
        The prior mean :math:`\theta_0`; the MAP shrinks toward it.

    Notes
    -----
    The MAP estimate is ridge regression, :math:`\lambda_j = \sigma^2/s_j^2`, with the penalty centred at
    :math:`\theta_0`. Per-coefficient scales are a diagonal prior covariance.

    Examples
    --------
    >>> prior = rp.GaussianPrior(0.5)
    >>> prior.penalty_strength(noise_sd=1.0)
    4.0
    >>> rp.GaussianPrior.from_penalty_strength(4.0, noise_sd=1.0)
    GaussianPrior(scale=0.5)
    """

    penalty_name = "l2"

    @staticmethod
    def _term(t):
        return t * t

    def penalty_strength(self, noise_sd: float):
        r""":math:`\lambda_j = \sigma^2/s_j^2`."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return (sd / self.scale) ** 2

    @classmethod
    def from_penalty_strength(cls, lam, noise_sd: float, mean=0.0) -> "GaussianPrior":
        r""":math:`s_j = \sigma/\sqrt{\lambda_j}`; ``lam`` must be > 0 (λ = 0 is a flat, improper prior)."""
        lam = _positive_parameter(lam, "lam")
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return cls(sd / np.sqrt(lam), mean)

    def neg_log_density(self, coef) -> float:
        r""":math:`\sum_j \tfrac12\log(2\pi s_j^2) + (\beta_j - \theta_{0j})^2/(2 s_j^2)`."""
        t = _coef(coef, self) - self.mean
        s = np.broadcast_to(self.scale, t.shape)
        return float(np.sum(0.5 * np.log(2 * np.pi * s**2) + t**2 / (2 * s**2)))


class LaplacePrior(_ScalePrior):
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

    penalty_name = "l1"

    @staticmethod
    def _term(t):
        return np.abs(t)

    def penalty_strength(self, noise_sd: float):
        r""":math:`\lambda_j = 2\sigma^2/b_j`."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return 2 * sd**2 / self.scale

    @classmethod
    def from_penalty_strength(cls, lam, noise_sd: float, mean=0.0) -> "LaplacePrior":
        r""":math:`b_j = 2\sigma^2/\lambda_j`; ``lam`` must be > 0 (λ = 0 is a flat, improper prior)."""
        lam = _positive_parameter(lam, "lam")
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        return cls(2 * sd**2 / lam, mean)

    def neg_log_density(self, coef) -> float:
        r""":math:`\sum_j \log(2 b_j) + |\beta_j - \theta_{0j}|/b_j`."""
        t = _coef(coef, self) - self.mean
        b = np.broadcast_to(self.scale, t.shape)
        return float(np.sum(np.log(2 * b) + np.abs(t) / b))


class MultivariateGaussianPrior(Prior):
    r""":math:`\beta \sim \mathcal N(\theta_0, \Sigma)` with a full covariance matrix.

    Parameters
    ----------
    cov : array_like of shape (n_features, n_features)
        Symmetric positive definite prior covariance Σ.
    mean : float or array_like of shape (n_features,), default 0.0
        The prior mean :math:`\theta_0`.

    Notes
    -----
    The MAP estimate minimizes :math:`\lVert y - X\beta\rVert^2 + (\beta-\theta_0)^\top P(\beta-\theta_0)`
    with :math:`P = \sigma^2\Sigma^{-1}` (:func:`~regprior.generalized_ridge`). Writing
    :math:`\Sigma = LL^\top` and :math:`\beta = \theta_0 + L\gamma` turns it into plain ridge in γ
    with design :math:`XL` and :math:`\lambda = \sigma^2`.
    """

    penalty_name = "generalized-l2"

    def __init__(self, cov, mean=0.0):
        cov, self._chol = _spd_matrix(cov, "cov")
        cov.flags.writeable = False
        self.cov = cov
        self.mean = _location(mean)
        if np.ndim(self.mean) == 1 and self.mean.size != cov.shape[0]:
            raise ValueError(f"mean has {self.mean.size} entries but cov is {cov.shape[0]} x {cov.shape[0]}")

    def _params(self) -> dict:
        return {"cov": self.cov, "mean": self.mean}

    @property
    def cholesky(self) -> np.ndarray:
        r"""The lower-triangular L with :math:`\Sigma = LL^\top`."""
        return self._chol

    def penalty_strength(self, noise_sd: float) -> np.ndarray:
        r"""The penalty matrix :math:`P = \sigma^2\Sigma^{-1}` (this prior has a matrix, not a number)."""
        return self.penalty_matrix(noise_sd)

    def penalty_matrix(self, noise_sd: float) -> np.ndarray:
        r""":math:`P = \sigma^2\Sigma^{-1}`."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        inv = sla.cho_solve((self._chol, True), np.eye(self.cov.shape[0]))
        return sd**2 * (inv + inv.T) / 2

    @classmethod
    def from_penalty_matrix(cls, penalty, noise_sd: float, mean=0.0) -> "MultivariateGaussianPrior":
        r""":math:`\Sigma = \sigma^2 P^{-1}` for a symmetric positive definite P."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        P, chol = _spd_matrix(penalty, "penalty")
        inv = sla.cho_solve((chol, True), np.eye(P.shape[0]))
        return cls(sd**2 * (inv + inv.T) / 2, mean)

    def neg_log_density(self, coef) -> float:
        r""":math:`\tfrac p2\log 2\pi + \tfrac12\log\det\Sigma + \tfrac12(\beta-\theta_0)^\top\Sigma^{-1}(\beta-\theta_0)`."""
        t = _coef(coef, self) - self.mean
        if t.size != self.cov.shape[0]:
            raise ValueError(f"coef has {t.size} entries but cov is {self.cov.shape[0]} x {self.cov.shape[0]}")
        z = sla.solve_triangular(self._chol, t, lower=True)
        return float(0.5 * t.size * np.log(2 * np.pi) + np.log(np.diag(self._chol)).sum() + 0.5 * z @ z)
