r"""Gaussian priors: independent coefficients (ridge) and a full covariance (generalized ridge).

.. list-table::
   :header-rows: 1

   * - prior
     - penalty (weight w)
     - canonical strength (:math:`w = 2\sigma^2`)
   * - :math:`\beta_j \sim \mathcal N(\theta_{0j}, s_j^2)`
     - :math:`\sum_j \frac{w}{2s_j^2}u_j^2`
     - :math:`\lambda_j = \sigma^2/s_j^2`
   * - :math:`\beta \sim \mathcal N(\theta_0, \Sigma)`
     - :math:`u^\top\frac w2\Sigma^{-1}u`
     - :math:`P = \sigma^2\Sigma^{-1}`

(derived on the Gaussian→L2 and prior-covariance pages). Both have a Gaussian posterior
(:func:`regprior.gaussian_posterior`), which they offer through :meth:`precision`.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
from scipy.special import erfinv

from .._validation import check_location, check_scalar, check_spd_matrix, check_strength
from ..penalties import L2, QuadraticForm
from .base import Prior, canonical_weight, check_belief, check_same_length, representable

__all__ = ["GaussianPrior", "MultivariateGaussianPrior"]


class GaussianPrior(Prior):
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

    symbolic_model = "gaussian_prior"
    symbolic_parameters = {"scale": "sigma_w"}

    def __init__(self, scale, mean=0.0):
        self.scale = check_strength(scale, "scale", positive=True, read_only=True)
        self.mean = check_location(mean)
        check_same_length(mean=self.mean, scale=self.scale)

    def penalty(self, weight: float) -> L2:
        r""":math:`\sum_j \frac{w}{2 s_j^2} u_j^2`."""
        with np.errstate(over="ignore", under="ignore"):
            strength = (weight / 2.0) / self.scale / self.scale  # no square of the scale: it may over- or underflow
        return L2(representable(strength, "scale"))

    def penalty_strength(self, noise_sd: float):
        r""":math:`\lambda_j = \sigma^2/s_j^2`, the ridge strength at noise standard deviation σ."""
        return self.penalty(canonical_weight(noise_sd)).strength

    @classmethod
    def from_penalty_strength(cls, lam, noise_sd: float, mean=0.0) -> "GaussianPrior":
        r""":math:`s_j = \sigma/\sqrt{\lambda_j}`; ``lam`` must be > 0 (λ = 0 is a flat, improper prior)."""
        lam = check_strength(lam, "lam", positive=True)
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        with np.errstate(over="ignore", under="ignore", divide="ignore"):
            scale = sd / np.sqrt(lam)
        return cls(representable(scale, "scale"), mean)

    @classmethod
    def from_interval(cls, half_width, prob: float, mean=0.0) -> "GaussianPrior":
        r"""The Gaussian prior under which :math:`P(|\beta_j - \theta_{0j}| \le h) = q_h`.

        Solving :math:`\operatorname{erf}\bigl(h/(\sqrt2\sigma_w)\bigr) = q_h` (derived on the priors-from-beliefs
        page) gives :math:`\sigma_w = h/(\sqrt2\operatorname{erf}^{-1}(q_h))`, h divided by the standard normal
        quantile at :math:`(1 + q_h)/2`.

        Parameters
        ----------
        half_width : float or array_like of shape (n_features,)
            h > 0: the half-width of the interval around the mean (one per coefficient allowed).
        prob : float
            :math:`q_h`, the prior probability of the interval, strictly between 0 and 1.
        mean : float or array_like of shape (n_features,), default 0.0
            The prior mean :math:`\theta_0`, the centre of the interval.

        Returns
        -------
        GaussianPrior

        Examples
        --------
        "95% of coefficients lie within ±2":

        >>> prior = rp.GaussianPrior.from_interval(2.0, 0.95)
        >>> prior
        GaussianPrior(scale=1.0204...)
        >>> round(float(2.0 / prior.scale), 6)          # the two-sided normal quantile
        1.959964
        """
        half_width, prob = check_belief(half_width, prob)
        with np.errstate(over="ignore", under="ignore", divide="ignore"):
            scale = half_width / (np.sqrt(2.0) * erfinv(prob))
        return cls(representable(scale, "half_width and prob: the scale"), mean)

    def precision(self, n_features: int) -> np.ndarray:
        r"""The prior precision :math:`\operatorname{diag}(1/s_j^2)`, a :math:`p \times p` matrix."""
        self.check_features(n_features)
        return np.diag(np.broadcast_to(1.0 / np.square(self.scale), (n_features,)))

    def neg_log_density(self, coef) -> float:
        r""":math:`\sum_j \tfrac12\log(2\pi s_j^2) + (\beta_j - \theta_{0j})^2/(2 s_j^2)`."""
        t = self._coef(coef) - self.mean
        s = np.broadcast_to(self.scale, t.shape)
        with np.errstate(over="ignore"):
            value = np.sum(0.5 * np.log(2 * np.pi) + np.log(s) + 0.5 * np.square(t / s))
        return self._finite(value)


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

    symbolic_model = "gaussian_vector_prior"
    symbolic_parameters = {"cov": "Sigma"}

    def __init__(self, cov, mean=0.0):
        checked, self._chol = check_spd_matrix(cov, "cov")
        checked.flags.writeable = False
        self.cov = checked
        self.mean = check_location(mean)
        if np.ndim(self.mean) == 1 and self.mean.size != checked.shape[0]:
            raise ValueError(f"mean has {self.mean.size} entries but cov is {checked.shape[0]} x {checked.shape[0]}")

    def check_features(self, n_features: int) -> None:
        if self.cov.shape[0] != n_features:
            raise ValueError(f"prior: its cov is {self.cov.shape[0]} x {self.cov.shape[0]} but X has {n_features} "
                             "features")

    @property
    def cholesky(self) -> np.ndarray:
        r"""The lower-triangular L with :math:`\Sigma = LL^\top`."""
        return self._chol

    def precision(self, n_features: int | None = None) -> np.ndarray:
        r""":math:`\Sigma^{-1}` (symmetrized)."""
        if n_features is not None:
            self.check_features(n_features)
        inv = sla.cho_solve((self._chol, True), np.eye(self.cov.shape[0]))
        return (inv + inv.T) / 2

    def penalty(self, weight: float) -> QuadraticForm:
        r""":math:`u^\top \tfrac w2\Sigma^{-1} u`."""
        with np.errstate(over="ignore"):
            matrix = weight / 2.0 * self.precision()
        if not np.all(np.isfinite(matrix)):
            raise ValueError("cov: the penalty matrix sigma^2 Sigma^-1 overflows float64 for this noise level; "
                             "rescale the problem")
        return QuadraticForm(matrix)

    def penalty_strength(self, noise_sd: float) -> np.ndarray:
        r"""The penalty matrix :math:`P = \sigma^2\Sigma^{-1}` (this prior has a matrix, not a number)."""
        return self.penalty_matrix(noise_sd)

    def penalty_matrix(self, noise_sd: float) -> np.ndarray:
        r""":math:`P = \sigma^2\Sigma^{-1}`."""
        return self.penalty(canonical_weight(noise_sd)).matrix

    @classmethod
    def from_penalty_matrix(cls, penalty, noise_sd: float, mean=0.0) -> "MultivariateGaussianPrior":
        r""":math:`\Sigma = \sigma^2 P^{-1}` for a symmetric positive definite P."""
        sd = check_scalar(noise_sd, "noise_sd", strict=True)
        P, chol = check_spd_matrix(penalty, "penalty")
        inv = sla.cho_solve((chol, True), np.eye(P.shape[0]))
        with np.errstate(over="ignore", under="ignore"):
            cov = sd * (sd * ((inv + inv.T) / 2))  # not sd**2 first: it overflows where sigma^2 P^-1 may not
        representable(np.diag(cov), "cov")  # the variances finite and > 0 (then so is every covariance)
        return cls(cov, mean)

    def neg_log_density(self, coef) -> float:
        r""":math:`\tfrac p2\log 2\pi + \tfrac12\log\det\Sigma +
        \tfrac12(\beta-\theta_0)^\top\Sigma^{-1}(\beta-\theta_0)`."""
        t = self._coef(coef) - self.mean
        if t.size != self.cov.shape[0]:
            raise ValueError(f"coef has {t.size} entries but cov is {self.cov.shape[0]} x {self.cov.shape[0]}")
        z = sla.solve_triangular(self._chol, t, lower=True)
        with np.errstate(over="ignore"):
            value = 0.5 * t.size * np.log(2 * np.pi) + np.log(np.diag(self._chol)).sum() + 0.5 * z @ z
        return self._finite(value)

