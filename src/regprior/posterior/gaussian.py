r"""The full posterior under a Gaussian prior: mean, covariance, credible and predictive intervals.

With Gaussian noise and a Gaussian prior :math:`\mathcal N(\theta_0, \Sigma)` the posterior of β is Gaussian,

.. math::

    \beta \mid y \sim \mathcal N(m, C),\qquad
    C = \Bigl(\frac{X^\top X}{\sigma^2} + \Sigma^{-1}\Bigr)^{-1},\qquad
    m = C\Bigl(\frac{X^\top y}{\sigma^2} + \Sigma^{-1}\theta_0\Bigr),

and its mean is its mode, the ridge (MAP) estimate. With ``fit_intercept=True`` the intercept gets a
flat prior; integrating it out leaves exactly the centred problem for β, and the intercept itself is
:math:`\beta_0 = \bar y - \bar x^\top\beta + e` with :math:`e \sim \mathcal N(0, \sigma^2/\sum_i s_i)`
independent of β.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from scipy import stats

from .._validation import check_design, check_scalar
from ..datafits.quadratic import prepare
from ..priors.base import Prior
from ._summaries import QuantileIntervals

__all__ = ["GaussianPosterior", "gaussian_posterior"]


@dataclass(frozen=True)
class GaussianPosterior(QuantileIntervals):
    r"""A Gaussian posterior :math:`\mathcal N(m, C)` for the coefficients of a linear model.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
        Posterior mean m (equal to the MAP / ridge estimate).
    cov : ndarray of shape (n_features, n_features)
        Posterior covariance C.
    noise_sd : float
        The noise standard deviation σ the posterior was computed with.
    intercept : float
        Posterior mean of the intercept (0.0 without ``fit_intercept``).
    x_offset : ndarray of shape (n_features,)
        Weighted column means of X used for centring (zeros without ``fit_intercept``).
    intercept_var : float
        :math:`\sigma^2/\sum_i s_i`, the part of the intercept's variance not explained by β (0.0 without
        ``fit_intercept``).
    """

    mean: np.ndarray
    cov: np.ndarray
    noise_sd: float
    intercept: float
    x_offset: np.ndarray
    intercept_var: float

    @property
    def sd(self) -> np.ndarray:
        r"""Posterior standard deviations of the coefficients, :math:`\sqrt{C_{jj}}`."""
        return np.sqrt(np.diag(self.cov))

    def _quantile(self, prob: float) -> np.ndarray:
        r"""Quantiles of each coefficient's Gaussian marginal, :math:`m_j + \Phi^{-1}(\text{prob})\sqrt{C_{jj}}`."""
        return self.mean + stats.norm.ppf(prob) * self.sd

    def predict(self, X, *, return_std: bool = False, include_noise: bool = True):
        r"""Posterior predictive mean (and standard deviation) at new inputs.

        Parameters
        ----------
        X : array_like of shape (n_new, n_features)
        return_std : bool, default False
            Also return the predictive standard deviation.
        include_noise : bool, default True
            Predict a new observation :math:`y_*` (variance includes :math:`\sigma^2`) rather than the
            mean function :math:`x_*^\top\beta` (+ intercept).

        Returns
        -------
        mean : ndarray of shape (n_new,)
        std : ndarray of shape (n_new,), only with ``return_std=True``
            :math:`\sqrt{(x_*-\bar x)^\top C (x_*-\bar x) + \operatorname{Var}(e) + \sigma^2}`, the last term
            only with ``include_noise``.
        """
        X = check_design(X, order=None)
        if X.shape[1] != self.mean.size:
            raise ValueError(f"X has {X.shape[1]} features but the posterior has {self.mean.size}")
        mean = X @ self.mean + self.intercept
        if not return_std:
            return mean
        Xc = X - self.x_offset
        var = np.einsum("ij,jk,ik->i", Xc, self.cov, Xc) + self.intercept_var
        if include_noise:
            var = var + self.noise_sd**2
        return mean, np.sqrt(np.maximum(var, 0.0))

    def sample(self, size: int, random_state=None) -> np.ndarray:
        """Draw ``size`` coefficient vectors from the posterior; returns shape (size, n_features)."""
        rng = np.random.default_rng(random_state)
        return rng.multivariate_normal(self.mean, self.cov, size=size, method="cholesky")


def gaussian_posterior(X, y, prior: Prior, noise_sd: float, *, fit_intercept: bool = False,
                       sample_weight=None) -> GaussianPosterior:
    r"""The posterior of β under Gaussian noise with standard deviation ``noise_sd`` and a Gaussian ``prior``.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior : GaussianPrior or MultivariateGaussianPrior
        Only Gaussian priors have a Gaussian posterior.
    noise_sd : float
        Noise standard deviation σ > 0.
    fit_intercept : bool, default False
        Give the intercept a flat prior (see the module notes).
    sample_weight : array_like of shape (n_samples,), optional
        Sample i has noise variance :math:`\sigma^2/s_i`.

    Returns
    -------
    GaussianPosterior

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> post = rp.gaussian_posterior(X, y, rp.GaussianPrior(1.0), noise_sd=1.0)
    >>> post.mean                       # the MAP: ridge with lam = 1
    array([0.875, 1.375])
    >>> np.round(post.cov, 4)
    array([[ 0.375, -0.125],
           [-0.125,  0.375]])
    """
    if not isinstance(prior, Prior) or getattr(prior, "precision", None) is None:
        raise TypeError(
            f"prior must be a Gaussian prior (GaussianPrior or MultivariateGaussianPrior: one with a precision "
            f"matrix, so that the posterior is Gaussian too); got {type(prior).__name__}"
        )
    sigma = check_scalar(noise_sd, "noise_sd", strict=True)
    X = check_design(X, order=None)
    prior.check_features(X.shape[1])
    prior_precision = prior.precision(X.shape[1])
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, prior_mean=prior.mean,
                   order=None)
    p = prep.X.shape[1]
    precision = prep.X.T @ prep.X / sigma**2 + prior_precision
    factor = sla.cho_factor(precision, lower=True)
    cov = sla.cho_solve(factor, np.eye(p))
    cov = (cov + cov.T) / 2
    u = cov @ (prep.X.T @ prep.y) / sigma**2  # posterior mean of beta - theta_0
    mean = prep.coef(u)
    return GaussianPosterior(
        mean=mean,
        cov=cov,
        noise_sd=sigma,
        intercept=prep.intercept(mean),
        x_offset=prep.x_offset,
        intercept_var=sigma**2 / prep.total_weight if fit_intercept else 0.0,
    )
