r"""scikit-learn estimators configured by what a Bayesian states: a prior and a noise level.

Instead of a penalty strength α whose meaning depends on the library's loss normalization, a
:class:`MAPRegressor` takes the prior on the coefficients and the noise standard deviation σ, and fits
the maximum a posteriori estimate

.. math::

    \hat\beta = \arg\max_\beta\, p(\beta \mid y, X)
              = \arg\min_\beta\, \lVert y - \beta_0 - X\beta\rVert_2^2 + \lambda R(\beta - \theta_0),

with the λ that prior means at that σ (:meth:`~regprior.GaussianPrior.penalty_strength`). This module
needs scikit-learn (``pip install "regprior[sklearn]"``); ``import regprior`` does not import it.

Examples
--------
>>> from regprior.estimators import MAPRegressor
>>> rng = np.random.default_rng(0)
>>> X = rng.standard_normal((40, 3))
>>> y = 2.0 + X @ np.array([1.0, 0.0, -1.0]) + 0.5 * rng.standard_normal(40)
>>> model = MAPRegressor(prior=rp.LaplacePrior(0.2), noise_sd=0.5).fit(X, y)
>>> np.round(model.coef_, 3), round(model.intercept_, 3)
(array([ 1.079, -0.053, -0.876]), 1.884)
>>> gauss = MAPRegressor(prior=rp.GaussianPrior(1.0), noise_sd=0.5).fit(X, y)
>>> mean, std = gauss.predict(X[:2], return_std=True)
"""

from __future__ import annotations

import numpy as np

try:
    from sklearn.base import BaseEstimator, RegressorMixin
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as exc:  # pragma: no cover - exercised only without scikit-learn
    raise ImportError(
        'regprior.estimators needs scikit-learn; install it with `pip install "regprior[sklearn]"`'
    ) from exc

from ._validation import check_flag, check_int, check_scalar, is_sparse
from .map_estimation import map_result
from .posterior.gaussian import gaussian_posterior
from .priors import GaussianPrior, Prior

__all__ = ["MAPRegressor"]

#: every attribute :meth:`MAPRegressor.fit` may set (removed before each fit)
_FITTED = ("coef_", "intercept_", "n_iter_", "gap_", "penalty_strength_", "posterior_")


class MAPRegressor(RegressorMixin, BaseEstimator):
    r"""Linear regression by maximum a posteriori estimation under a stated prior.

    Parameters
    ----------
    prior : Prior, default ``GaussianPrior(1.0)``
        Prior on the coefficients: :class:`~regprior.GaussianPrior` (ridge),
        :class:`~regprior.LaplacePrior` (lasso) or :class:`~regprior.MultivariateGaussianPrior`.
        Its scale(s) must match the number of features when they are arrays.
    noise_sd : float, default 1.0
        Standard deviation σ of the Gaussian noise on y.
    fit_intercept : bool, default True
        Fit an intercept with a flat prior (unpenalized), by centring.
    tol : float, default 1e-8
        Relative tolerance of an iterative solver (ignored for Gaussian priors, which are solved directly).
    max_iter : int, default 100000
        Iteration budget of an iterative solver.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The MAP coefficients.
    intercept_ : float
        The intercept (0.0 with ``fit_intercept=False``).
    penalty_strength_ : float or ndarray
        The canonical λ the prior means at ``noise_sd`` (the matrix :math:`\sigma^2\Sigma^{-1}` for a full
        covariance); only for priors with a strength.
    posterior_ : GaussianPosterior
        The full posterior (Gaussian priors only).
    n_iter_ : int
        Coordinate-descent epochs (lasso), or 1 for the direct solve of a Gaussian prior.
    gap_ : float
        The solver's certificate (a duality gap, or a stationarity measure for a non-convex prior); only for
        iterative solvers.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when X has feature names that are all strings.

    Notes
    -----
    With a Gaussian prior the MAP is also the posterior mean, and :meth:`predict` can return the
    posterior predictive standard deviation. ``sample_weight`` in :meth:`fit` gives sample i the noise
    variance :math:`\sigma^2/s_i`.

    X may be a scipy.sparse matrix (CSR or CSC): it is never densified, the intercept is fitted by implicit
    centring. The posterior covariance is then not computed (``posterior_`` and ``return_std`` need a dense X).
    """

    def __init__(self, prior=None, noise_sd=1.0, fit_intercept=True, tol=1e-8, max_iter=100_000):
        self.prior = prior
        self.noise_sd = noise_sd
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter

    def _prior(self) -> Prior:
        prior = GaussianPrior(1.0) if self.prior is None else self.prior
        if not isinstance(prior, Prior):
            raise TypeError(f"prior must be a regprior Prior (e.g. GaussianPrior(1.0)); got {type(prior).__name__}")
        return prior

    def fit(self, X, y, sample_weight=None):
        r"""Fit the MAP coefficients.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
        sample_weight : array_like of shape (n_samples,), optional
            Sample i has noise variance :math:`\sigma^2/s_i`.

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, y_numeric=True, dtype=np.float64, accept_sparse=("csr", "csc"))
        for name in _FITTED:  # a refit starts from nothing: no attribute of an earlier fit may survive
            self.__dict__.pop(name, None)
        prior = self._prior()
        noise_sd = check_scalar(self.noise_sd, "noise_sd", strict=True)
        options = {"fit_intercept": check_flag(self.fit_intercept, "fit_intercept"), "sample_weight": sample_weight,
                   "tol": check_scalar(self.tol, "tol", strict=True),
                   "max_iter": check_int(self.max_iter, "max_iter", minimum=1)}
        result = map_result(X, y, prior, noise_sd, **options)
        self.coef_, self.intercept_ = result.coef, result.intercept
        self.n_iter_ = getattr(result, "n_iter", 1)  # a direct solve is one step
        if getattr(result, "gap", None) is not None:
            self.gap_ = result.gap
        if getattr(prior, "penalty_strength", None) is not None:
            self.penalty_strength_ = prior.penalty_strength(noise_sd)
        if getattr(prior, "precision", None) is not None and not is_sparse(X):  # a Gaussian posterior (p x p: dense X)
            self.posterior_ = gaussian_posterior(X, y, prior, noise_sd, fit_intercept=options["fit_intercept"],
                                                 sample_weight=sample_weight)
        return self

    def predict(self, X, return_std=False):
        """Predict with the MAP coefficients; optionally the posterior predictive standard deviation.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        return_std : bool, default False
            Also return the standard deviation of a new observation under the posterior predictive
            distribution (noise included). Needs a Gaussian prior.

        Returns
        -------
        y_mean : ndarray of shape (n_samples,)
        y_std : ndarray of shape (n_samples,), only with ``return_std=True``
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, accept_sparse=("csr", "csc"))
        if return_std:
            if not hasattr(self, "posterior_") and getattr(self._prior(), "precision", None) is not None:
                raise ValueError("return_std=True needs the posterior covariance (p x p), which is not computed when "
                                 "the model is fitted on a sparse X; fit on a dense X for it")
            if not hasattr(self, "posterior_"):
                raise ValueError(
                    "return_std=True needs a Gaussian prior: with this prior the posterior is not Gaussian "
                    "and the MAP alone says nothing about its spread"
                )
            return self.posterior_.predict(X, return_std=True)
        return np.asarray(X @ self.coef_) + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
