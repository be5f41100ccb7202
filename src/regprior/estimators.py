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
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as exc:  # pragma: no cover - exercised only without scikit-learn
    raise ImportError(
        'regprior.estimators needs scikit-learn; install it with `pip install "regprior[sklearn]"`'
    ) from exc

from scipy.special import expit

from ._validation import check_flag, check_int, check_max_iter, check_scalar, is_sparse
from .map_estimation import logistic_map, map_result
from .posterior.gaussian import gaussian_posterior
from .priors import GaussianPrior, Prior
from .selection.noise import estimate_noise_sd

__all__ = ["MAPRegressor", "MAPClassifier"]

#: every attribute :meth:`MAPRegressor.fit` may set (removed before each fit)
_FITTED = ("coef_", "intercept_", "n_iter_", "gap_", "penalty_strength_", "posterior_", "noise_sd_",
           "noise_estimate_")


class MAPRegressor(RegressorMixin, BaseEstimator):
    r"""Linear regression by maximum a posteriori estimation under a stated prior.

    Parameters
    ----------
    prior : Prior, default ``GaussianPrior(1.0)``
        Prior on the coefficients: :class:`~regprior.GaussianPrior` (ridge),
        :class:`~regprior.LaplacePrior` (lasso) or :class:`~regprior.MultivariateGaussianPrior`.
        Its scale(s) must match the number of features when they are arrays.
    noise_sd : float or "auto", default 1.0
        Standard deviation σ of the Gaussian noise on y. ``"auto"`` estimates it at each fit
        (:func:`regprior.estimate_noise_sd`: the residual variance of least squares when n > p + 1, else the
        cross-validated lasso of Reid, Tibshirani & Friedman 2016) and reports it as ``noise_sd_``; it needs a
        dense X (a sparse X is refused with ``"auto"``).
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
    noise_sd_ : float
        The σ the fit used (``noise_sd``, or its estimate).
    noise_estimate_ : NoiseEstimate
        The estimate, how it was made and its degrees of freedom; only with ``noise_sd="auto"``.
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
        fit_intercept = check_flag(self.fit_intercept, "fit_intercept")
        if isinstance(self.noise_sd, str) and self.noise_sd == "auto":
            if is_sparse(X):
                raise TypeError("X is a scipy.sparse matrix, for which noise_sd='auto' cannot estimate the noise level "
                                "(the estimate needs a dense X); give noise_sd, or fit on X.toarray()")
            self.noise_estimate_ = estimate_noise_sd(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight)
            noise_sd = self.noise_estimate_.noise_sd
        elif isinstance(self.noise_sd, str) or self.noise_sd is None:
            raise (ValueError if isinstance(self.noise_sd, str) else TypeError)(
                f"noise_sd must be a positive number, or 'auto' to estimate it from the data; got {self.noise_sd!r}")
        else:
            noise_sd = check_scalar(self.noise_sd, "noise_sd", strict=True)
        self.noise_sd_ = noise_sd
        options = {"fit_intercept": fit_intercept, "sample_weight": sample_weight,
                   "tol": check_scalar(self.tol, "tol", strict=True),
                   "max_iter": check_max_iter(self.max_iter)}
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
        # a sparse X is solved without densifying; estimating the noise level (noise_sd="auto") needs a dense one
        tags.input_tags.sparse = not (isinstance(self.noise_sd, str) and self.noise_sd == "auto")
        return tags


class MAPClassifier(ClassifierMixin, BaseEstimator):
    r"""Logistic regression by maximum a posteriori estimation under a stated prior.

    The coefficients maximize :math:`p(\beta \mid y, X) \propto \prod_i \sigma(s_i(\beta_0 + x_i^\top\beta))
    \, p(\beta)` with :math:`s_i = \pm 1` and a flat prior on the intercept :math:`\beta_0`
    (:func:`regprior.logistic_map`). With more than two classes, one binary problem per class against the rest
    (one-vs-rest), the probabilities normalized to sum to 1 (as scikit-learn's one-vs-rest logistic regression).

    Parameters
    ----------
    prior : Prior, default ``GaussianPrior(1.0)``
        Prior on the coefficients, e.g. :class:`~regprior.GaussianPrior` (scikit-learn's L2 penalty with
        :math:`C = \sigma_w^2`) or :class:`~regprior.LaplacePrior` (L1 with :math:`C = b`).
    fit_intercept : bool, default True
        Fit an intercept with a flat prior (unpenalized).
    tol : float, default 1e-6
        The duality gap of each binary problem must be at most ``tol * n_samples`` (the log-loss per sample to
        within ``tol``). Proximal gradient, which a Laplace prior needs, can take many iterations for much smaller
        values on badly conditioned data; pass a smaller ``tol`` when the coefficients are needed to many digits.
    max_iter : int, optional
        Iteration budget of the solver (default: the solver's own).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels, sorted; any labels ``numpy.unique`` can sort.
    coef_ : ndarray of shape (n_problems, n_features)
        One row per binary problem: one for two classes (the second class against the first), else one per class.
    intercept_ : ndarray of shape (n_problems,)
    n_iter_ : ndarray of shape (n_problems,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Defined when X has feature names that are all strings.

    Examples
    --------
    >>> from regprior.estimators import MAPClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 3))
    >>> y = np.where(rng.random(200) < 1 / (1 + np.exp(-(0.5 + X @ [2.0, -1.0, 0.0]))), "spam", "ham")
    >>> clf = MAPClassifier(prior=rp.LaplacePrior(0.05)).fit(X, y)
    >>> clf.classes_, np.round(clf.coef_, 3)
    (array(['ham', 'spam'], dtype='<U4'), array([[ 0.751, -0.389,  0.   ]]))
    >>> clf.predict_proba(X[:2]).round(3)
    array([[0.365, 0.635],
           [0.333, 0.667]])
    """

    def __init__(self, prior=None, fit_intercept=True, tol=1e-6, max_iter=None):
        self.prior = prior
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter

    def fit(self, X, y):
        """Fit the MAP coefficients (one binary problem, or one per class against the rest).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
            Class labels of any sortable kind; at least two classes.

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        prior = GaussianPrior(1.0) if self.prior is None else self.prior
        if not isinstance(prior, Prior):
            raise TypeError(f"prior must be a regprior Prior (e.g. GaussianPrior(1.0)); got {type(prior).__name__}")
        classes, encoded = np.unique(y, return_inverse=True)
        if classes.size < 2:
            raise ValueError(f"y contains only one class ({classes[0]!r}); a classifier needs at least 2 classes")
        # tol is checked by logistic_map, with the same message
        options = {"fit_intercept": check_flag(self.fit_intercept, "fit_intercept"), "tol": self.tol}
        if self.max_iter is not None:
            options["max_iter"] = check_int(self.max_iter, "max_iter", minimum=1)
        targets = [encoded == 1] if classes.size == 2 else [encoded == k for k in range(classes.size)]
        fits = [logistic_map(X, target.astype(float), prior, **options) for target in targets]
        self.classes_ = classes
        self.coef_ = np.array([fit.coef for fit in fits])
        self.intercept_ = np.array([fit.intercept for fit in fits])
        self.n_iter_ = np.array([fit.n_iter for fit in fits])
        return self

    def decision_function(self, X):
        r"""The log-odds :math:`\beta_0 + x^\top\beta` (one column per class with more than two classes).

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        scores = X @ self.coef_.T + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        """Class probabilities at the MAP coefficients (the plug-in estimate, not the posterior predictive).

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            positive = expit(scores)
            return np.column_stack([1.0 - positive, positive])
        probabilities = expit(scores)
        return probabilities / probabilities.sum(axis=1, keepdims=True)

    def predict_log_proba(self, X):
        """The logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """The most probable class of each sample.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        index = (scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[index]
