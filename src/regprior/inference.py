"""From a prior and a noise level to the MAP estimate."""

from __future__ import annotations

import numpy as np

from .priors import Prior
from .solvers import generalized_ridge, lasso, ridge

__all__ = ["map_estimate", "map_result"]

#: the solver for each penalty; a prior only says which penalty (and strength, and centre) it means
_SOLVERS = {"l2": ridge, "l1": lasso, "generalized-l2": generalized_ridge}


def map_estimate(X, y, prior: Prior, noise_sd: float, **solver_options) -> np.ndarray:
    r"""The maximum a posteriori coefficients under ``prior`` and Gaussian noise of sd ``noise_sd``.

    The prior is turned into the canonical penalty (:meth:`Prior.penalty_strength`:
    :math:`\sigma^2/\sigma_w^2` for a Gaussian prior, :math:`2\sigma^2/b` for a Laplace prior,
    :math:`\sigma^2\Sigma^{-1}` for a full covariance) centred at the prior mean, and the matching
    solver (:func:`~regprior.ridge`, :func:`~regprior.lasso` or :func:`~regprior.generalized_ridge`)
    minimizes :math:`\lVert y - X\beta\rVert_2^2` plus that penalty.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    prior : Prior
        :class:`~regprior.GaussianPrior`, :class:`~regprior.LaplacePrior` or
        :class:`~regprior.MultivariateGaussianPrior`.
    noise_sd : float
        Noise standard deviation σ > 0.
    **solver_options
        Passed to the solver (e.g. ``fit_intercept``, ``sample_weight``, ``tol`` for the lasso).

    Returns
    -------
    ndarray of shape (n_features,)

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.map_estimate(X, y, rp.GaussianPrior(1.0), noise_sd=1.0)  # ridge with lam = 1
    array([0.875, 1.375])
    """
    return map_result(X, y, prior, noise_sd, **solver_options).coef


def map_result(X, y, prior: Prior, noise_sd: float, **solver_options):
    """Like :func:`map_estimate`, but return the solver's whole result (intercept, certificate, ...)."""
    if not isinstance(prior, Prior):
        raise TypeError(f"prior must be a regprior Prior (e.g. GaussianPrior, LaplacePrior); got {type(prior).__name__}")
    # a number, one number per coefficient, or (full covariance) the penalty matrix
    penalty = prior.penalty_strength(noise_sd)
    solver = _SOLVERS[prior.penalty_name]
    return solver(X, y, penalty, prior_mean=prior.mean, **solver_options)
