r"""Choosing the lasso (or elastic-net) strength by K-fold cross-validation.

The penalty is written in the canonical convention with a mixing parameter ρ (``l1_ratio``),

.. math::

    J(\beta) = \lVert y - X\beta\rVert_2^2
    + \lambda\Bigl(\rho\lVert\beta\rVert_1 + \frac{1-\rho}{2}\lVert\beta\rVert_2^2\Bigr),

i.e. :math:`\lambda_1 = \rho\lambda` and :math:`\lambda_2 = (1-\rho)\lambda/2`. ρ is the number scikit-learn calls
``l1_ratio`` (and glmnet ``alpha``), and :math:`\lambda = 2n\alpha` for scikit-learn's ``alpha`` on n samples:
its ``ElasticNet`` objective times 2n is this J (the conventions page derives it). With ρ = 1 this is the lasso,
whose λ is :math:`2\sigma^2/b` under a Laplace(0, b) prior.

For each fold one path is computed on the training rows, warm-started from one λ to the next
(:func:`regprior.elastic_net_path`), and the mean squared error of its predictions on the held-out rows is
recorded. The λ with the smallest mean over folds is chosen, and the *one-standard-error* λ is the largest λ whose
mean error is within one standard error (over folds) of that minimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._progress import check_verbose, progress
from .._results import Readable, annotate, feature_names
from .._validation import check_data, check_flag, check_int, check_scalar, check_strength_grid
from ..datafits.quadratic import prepare
from ..priors import GaussianPrior, LaplacePrior
from ..solvers.coordinate_descent import LassoResult, elastic_net, elastic_net_path, lasso, lasso_path

__all__ = ["LassoCVResult", "lasso_cv", "cv_folds", "check_cv"]

#: how the strength is carried to a fold of n_k training rows (see ``lasso_cv``)
_SCALINGS = ("per_sample", "fixed")


@dataclass(frozen=True, repr=False)
class LassoCVResult(Readable):
    r"""The cross-validation curve of the lasso (or elastic net) and the strengths it chooses.

    Attributes
    ----------
    lams : ndarray of shape (n_lams,)
        The canonical strengths λ on the whole data, decreasing (:math:`\lambda_1 = \rho\lambda`,
        :math:`\lambda_2 = (1-\rho)\lambda/2`).
    l1_ratio : float
        ρ.
    cv_mean : ndarray of shape (n_lams,)
        Mean over folds of the held-out mean squared error.
    cv_se : ndarray of shape (n_lams,)
        Its standard error, the standard deviation over folds divided by :math:`\sqrt K`.
    cv_folds : ndarray of shape (n_lams, n_folds)
        The held-out mean squared error of each fold (scikit-learn's ``mse_path_``).
    lam_min : float
        The λ of smallest ``cv_mean`` (the first, i.e. largest, in case of ties).
    lam_1se : float
        The largest λ with ``cv_mean`` at most ``cv_mean`` at ``lam_min`` plus its standard error.
    fit : LassoResult
        The refit on all the data at ``lam_min``.
    n_samples : int
        The number of rows of the whole data (for :meth:`sklearn_alpha`).
    scaling : str
        ``"per_sample"`` or ``"fixed"``: how the strength was carried to the folds.
    """

    lams: np.ndarray
    l1_ratio: float
    cv_mean: np.ndarray
    cv_se: np.ndarray
    cv_folds: np.ndarray
    lam_min: float
    lam_1se: float
    fit: LassoResult
    n_samples: int
    scaling: str

    @property
    def coef(self) -> np.ndarray:
        """The coefficients of the refit at ``lam_min``."""
        return self.fit.coef

    @property
    def intercept(self) -> float:
        """The intercept of the refit at ``lam_min``."""
        return self.fit.intercept

    def strengths(self, which: str = "min") -> tuple[float, float]:
        r"""The canonical :math:`(\lambda_1, \lambda_2)` at ``lam_min`` (``which="min"``) or ``lam_1se`` (``"1se"``)."""
        lam = self._lam(which)
        return self.l1_ratio * lam, (1.0 - self.l1_ratio) * lam / 2.0

    def _lam(self, which: str) -> float:
        if which not in ("min", "1se"):
            raise ValueError(f"which must be 'min' or '1se'; got {which!r}")
        return self.lam_min if which == "min" else self.lam_1se

    def sklearn_alpha(self, which: str = "min") -> float:
        r"""scikit-learn's ``alpha`` for the chosen λ on the whole data: :math:`\lambda/(2n)`."""
        return self._lam(which) / (2.0 * self.n_samples)

    def prior(self, noise_sd: float, which: str = "min"):
        r"""The prior the chosen strength means at noise sd σ.

        A :class:`~regprior.LaplacePrior` with :math:`b = 2\sigma^2/\lambda_1` for the lasso; for the elastic net
        the pair (Laplace, Gaussian with :math:`\sigma_w = \sigma/\sqrt{\lambda_2}`), whose product is the
        elastic-net prior (as :func:`regprior.conventions.to_prior` returns it).
        """
        lam1, lam2 = self.strengths(which)
        laplace = LaplacePrior.from_penalty_strength(lam1, noise_sd)
        if lam2 == 0:
            return laplace
        return laplace, GaussianPrior.from_penalty_strength(lam2, noise_sd)

    def _coefficient_columns(self) -> dict[str, np.ndarray]:
        return {"coef": self.fit.coef}

    def _intercept_row(self):
        return None if self.fit.intercept == 0.0 else {"coef": self.fit.intercept}

    def curve(self):
        """The cross-validation curve as a DataFrame: λ, scikit-learn's alpha, mean error, its standard error."""
        from .._results import pandas

        pd = pandas()
        return pd.DataFrame({"lam": self.lams, "sklearn_alpha": self.lams / (2.0 * self.n_samples),
                             "cv_mean": self.cv_mean, "cv_se": self.cv_se})


#: what ``cv`` may be, as the refusals say it
_CV_KINDS = "an integer, a splitter with split(X, y) or an iterable of (train, test) index pairs"


def check_cv(cv):
    """``cv`` checked for its kind before any data are split: an integer of at least 2, or an object that can give
    folds (a splitter with ``split``, or an iterable of pairs; what it gives is checked by :func:`cv_folds`)."""
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, (bool, np.bool_)):
        return check_int(cv, "cv", minimum=2)
    if isinstance(cv, (str, bytes)) or not (hasattr(cv, "split") or hasattr(cv, "__iter__")):
        raise TypeError(f"cv must be {_CV_KINDS}; got {type(cv).__name__}")
    return cv


def cv_folds(cv, X, y) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (train, test) index pairs of ``cv``: an integer K (contiguous folds, as scikit-learn's ``KFold(K)``),
    an object with ``split(X, y)`` (any scikit-learn splitter), or an iterable of index pairs."""
    n = X.shape[0]
    cv = check_cv(cv)
    if isinstance(cv, int):
        k = cv
        if k > n:
            raise ValueError(f"cv = {k} folds need at least {k} samples; got n_samples = {n}")
        sizes = np.full(k, n // k)
        sizes[: n % k] += 1
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        everything = np.arange(n)
        return [(np.concatenate([everything[:a], everything[b:]]), everything[a:b])
                for a, b in zip(bounds[:-1], bounds[1:])]
    try:  # (a string, which has a split method of its own, was refused by check_cv)
        pairs = cv.split(X, y) if hasattr(cv, "split") else cv
        folds = [(np.asarray(train), np.asarray(test)) for train, test in pairs]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"cv must be {_CV_KINDS}; got {type(cv).__name__}") from exc
    if len(folds) < 2:
        raise ValueError(f"cv must give at least 2 folds; got {len(folds)}")
    for train, test in folds:
        if train.size == 0 or test.size == 0:
            raise ValueError("cv: every fold needs at least one training and one test sample")
    return folds


def _check_ratio(l1_ratio) -> float:
    if l1_ratio is None:
        return 1.0
    ratio = check_scalar(l1_ratio, "l1_ratio", strict=True)
    if ratio > 1:
        raise ValueError(f"l1_ratio must be in (0, 1]; got {ratio:g} (for ridge, l1_ratio = 0, use ridge_loo_gcv)")
    return ratio


def lasso_cv(X, y, *, cv=5, lams=None, l1_ratio=None, n_lams: int = 100, lam_min_ratio: float = 1e-3,
             fit_intercept: bool = False, scaling: str = "per_sample", tol: float = 1e-8, max_iter: int = 100_000,
             precompute="auto", verbose=False) -> LassoCVResult:
    r"""Choose the lasso (or elastic-net) strength by K-fold cross-validation, and refit.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        A pandas DataFrame's column names become the result's feature names.
    y : array_like of shape (n_samples,)
    cv : int, scikit-learn splitter or iterable of (train, test), default 5
        An integer K gives K contiguous folds (scikit-learn's ``KFold(K)``, unshuffled); a splitter (anything with
        ``split(X, y)``, e.g. ``KFold(5, shuffle=True, random_state=0)``) or explicit index pairs are used as given.
    lams : array_like of shape (n_lams,), optional
        Canonical strengths λ > 0 (sorted into decreasing order). Default: ``n_lams`` values from
        :math:`\lambda_{\max} = 2\lVert X^\top y\rVert_\infty/\rho` (X, y centred with an intercept; the
        smallest λ with :math:`\hat\beta = 0`) down to ``lam_min_ratio`` times it, geometrically: scikit-learn's
        grid of ``LassoCV``/``ElasticNetCV`` in canonical units.
    l1_ratio : float in (0, 1], optional
        ρ; ``None`` or 1 is the lasso.
    n_lams : int, default 100
    lam_min_ratio : float, default 1e-3
    fit_intercept : bool, default False
        Fit an unpenalized intercept (flat prior) on every training fold and in the refit.
    scaling : {"per_sample", "fixed"}, default "per_sample"
        How λ, a strength for the whole data of n rows, is carried to a fold of :math:`n_k` training rows.
        ``"per_sample"`` uses :math:`\lambda n_k/n` (the same ``alpha`` per sample on every fold: what
        scikit-learn's ``LassoCV`` and glmnet's ``cv.glmnet`` do, so the results match them); ``"fixed"`` uses λ
        itself (a prior that does not depend on the number of rows, :math:`\lambda = 2\sigma^2/b`).
    tol, max_iter, precompute
        As in :func:`regprior.lasso`.
    verbose : bool or int, default False
        Report progress over the folds (a tqdm bar when tqdm is installed).

    Returns
    -------
    LassoCVResult

    Raises
    ------
    ValueError
        For bad input, fewer than 2 folds, or an automatic grid when :math:`X^\top y = 0`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 8))
    >>> y = 1.0 + X @ np.array([2.0, -1.0, 0, 0, 0.5, 0, 0, 0]) + rng.standard_normal(100)
    >>> cvres = rp.lasso_cv(X, y, fit_intercept=True)
    >>> cvres
    LassoCVResult(lams=<array 100>, l1_ratio=1, cv_mean=<array 100>, ..., n_samples=100, scaling='per_sample')
    >>> bool(cvres.lam_1se >= cvres.lam_min), int(np.count_nonzero(cvres.coef))
    (True, 6)
    >>> cvres.prior(noise_sd=1.0)                   # b = 2 sigma^2 / lambda
    LaplacePrior(scale=...)
    """
    names = feature_names(X)
    X, y = check_data(X, y)
    n = X.shape[0]
    ratio = _check_ratio(l1_ratio)
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    if scaling not in _SCALINGS:
        raise ValueError(f"scaling must be one of {_SCALINGS}; got {scaling!r}")
    verbose = check_verbose(verbose)
    folds = cv_folds(cv, X, y)
    if lams is None:
        n_lams = check_int(n_lams, "n_lams", minimum=1)
        floor = check_scalar(lam_min_ratio, "lam_min_ratio", strict=True)
        if floor >= 1:
            raise ValueError(f"lam_min_ratio must be < 1; got {floor}")
        prep = prepare(X, y, fit_intercept=fit_intercept, order=None)
        top = 2.0 * float(np.abs(prep.X.T @ prep.y).max()) / ratio
        if top == 0.0:
            raise ValueError("X^T y = 0: every lambda gives beta = 0, so there is nothing to cross-validate; pass lams")
        lams = top * np.geomspace(1.0, floor, n_lams)
    else:
        lams = np.sort(check_strength_grid(lams, strict=True))[::-1]

    errors = np.empty((lams.size, len(folds)))
    options = {"fit_intercept": fit_intercept, "tol": tol, "max_iter": max_iter, "precompute": precompute}
    for k, (train, test) in progress(enumerate(folds), total=len(folds), desc="lasso_cv folds", verbose=verbose):
        lam_k = lams * (train.size / n if scaling == "per_sample" else 1.0)
        if ratio == 1.0:
            path = lasso_path(X[train], y[train], lam_k, **options)
        else:
            path = elastic_net_path(X[train], y[train], ratio * lam_k, (1.0 - ratio) * lam_k / 2.0, **options)
        predictions = X[test] @ path.coefs.T + path.intercepts
        errors[:, k] = np.mean((y[test, None] - predictions) ** 2, axis=0)

    mean = errors.mean(axis=1)
    se = errors.std(axis=1, ddof=1) / np.sqrt(len(folds))
    best = int(np.argmin(mean))
    within = np.flatnonzero(mean <= mean[best] + se[best])
    lam_min, lam_1se = float(lams[best]), float(lams[within.min()])
    refit_options = {"fit_intercept": fit_intercept, "tol": tol, "max_iter": max_iter, "precompute": precompute}
    if ratio == 1.0:
        refit = lasso(X, y, lam_min, **refit_options)
    else:
        refit = elastic_net(X, y, ratio * lam_min, (1.0 - ratio) * lam_min / 2.0, **refit_options)
    if names is not None:
        annotate(refit, feature_names=names)
    return annotate(LassoCVResult(lams, ratio, mean, se, errors, lam_min, lam_1se, refit, n, scaling),
                    feature_names=names)
