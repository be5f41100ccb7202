r"""Estimating the noise standard deviation σ from the data, for when it is not known.

Every prior here is stated at a noise level: the strength a prior means is :math:`\sigma^2/\sigma_w^2` (Gaussian)
or :math:`2\sigma^2/b` (Laplace). When σ is not known, :func:`estimate_noise_sd` estimates it:

* **least squares**, when there are more samples than coefficients (n > p, plus one for an intercept): the
  residual variance :math:`\hat\sigma^2 = \lVert y - X\hat\beta_{\mathrm{LS}}\rVert^2/(n - r)`, with r the rank of
  X (plus 1 for the intercept), is unbiased for σ² under the linear model;
* **the cross-validated lasso** otherwise (p ≥ n, where least squares fits the data exactly): the lasso at the
  strength chosen by 5-fold cross-validation (:func:`regprior.lasso_cv`) and
  :math:`\hat\sigma^2 = \lVert y - X\hat\beta_{\hat\lambda}\rVert^2/(n - \hat s)`, with :math:`\hat s` its number of
  nonzero coefficients (plus 1 for the intercept). Reid, Tibshirani & Friedman (2016), *A study of error variance
  estimation in lasso regression*, Statistica Sinica 26, 35–67, compare estimators of σ² for p > n and recommend
  this one for its small bias and robustness across settings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._results import Readable, pandas
from .._validation import check_data, check_flag
from ..datafits.quadratic import prepare
from .lasso_cv import check_cv, lasso_cv

__all__ = ["NoiseEstimate", "estimate_noise_sd"]

_METHODS = ("auto", "least_squares", "cv_lasso")


@dataclass(frozen=True, repr=False)
class NoiseEstimate(Readable):
    r"""An estimate of the noise standard deviation σ.

    Attributes
    ----------
    noise_sd : float
        :math:`\hat\sigma = \sqrt{\mathrm{rss}/\mathrm{dof}}`.
    method : str
        ``"least_squares"`` or ``"cv_lasso"`` (see :func:`estimate_noise_sd`).
    rss : float
        The (weighted) residual sum of squares of the fit the estimate comes from.
    dof : int
        The residual degrees of freedom it is divided by.
    lam : float or None
        The cross-validated lasso strength (``"cv_lasso"`` only).
    """

    noise_sd: float
    method: str
    rss: float
    dof: int
    lam: float | None = None

    @property
    def noise_var(self) -> float:
        r""":math:`\hat\sigma^2`."""
        return self.rss / self.dof

    def summary(self):
        """The estimate as a one-row table."""
        pd = pandas()
        return pd.DataFrame({"noise_sd": [self.noise_sd], "method": [self.method], "rss": [self.rss],
                             "dof": [self.dof], "lam": [self.lam]})


def estimate_noise_sd(X, y, *, fit_intercept: bool = False, sample_weight=None, method: str = "auto",
                      cv=5) -> NoiseEstimate:
    r"""Estimate the noise standard deviation σ of :math:`y = \beta_0 + X\beta + \varepsilon`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    fit_intercept : bool, default False
        The model has an unpenalized intercept (it costs one degree of freedom).
    sample_weight : array_like of shape (n_samples,), optional
        Sample i has noise variance :math:`\sigma^2/s_i` (least squares only).
    method : {"auto", "least_squares", "cv_lasso"}, default "auto"
        ``"auto"``: least squares when :math:`n > p + 1` with an intercept (:math:`n > p` without), else the
        cross-validated lasso of Reid, Tibshirani & Friedman (2016); see the module notes.
    cv : int or splitter, default 5
        The folds of the cross-validated lasso (as in :func:`regprior.lasso_cv`).

    Returns
    -------
    NoiseEstimate

    Raises
    ------
    ValueError
        When no degree of freedom is left (least squares with :math:`n \le p`, or a cross-validated lasso with as
        many nonzero coefficients as samples), or when the fit is exact (a residual of 0 says nothing about σ).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 5))
    >>> y = X @ np.array([1.0, 0.0, -1.0, 0.0, 2.0]) + 0.5 * rng.standard_normal(200)
    >>> est = rp.estimate_noise_sd(X, y)
    >>> est.method, est.dof, round(est.noise_sd, 2)
    ('least_squares', 195, 0.49)
    >>> wide = rng.standard_normal((50, 200))                                # p > n
    >>> z = wide[:, :3] @ np.array([2.0, -2.0, 1.0]) + 0.5 * rng.standard_normal(50)
    >>> est = rp.estimate_noise_sd(wide, z)
    >>> est.method, round(est.noise_sd, 2)
    ('cv_lasso', 0.44)
    """
    X, y = check_data(X, y)
    n, p = X.shape
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}; got {method!r}")
    cv = check_cv(cv)  # checked whichever method runs: a wrong cv is never ignored
    extra = int(fit_intercept)
    if method == "auto":
        method = "least_squares" if n > p + extra else "cv_lasso"
    if method == "least_squares":
        prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, order=None)
        coef, _, rank, _ = np.linalg.lstsq(prep.X, prep.y)
        residual = prep.y - prep.X @ coef
        rss = float(residual @ residual)
        used = n if sample_weight is None else int(np.count_nonzero(np.asarray(sample_weight)))
        dof = used - int(rank) - extra
        if dof < 1:
            raise ValueError(f"X: least squares leaves no residual degree of freedom (n = {used} samples, rank "
                             f"{int(rank)}{' + 1 intercept' if extra else ''}); use method='cv_lasso' or give noise_sd")
        lam = None
    else:
        if sample_weight is not None:
            raise ValueError("sample_weight: the cross-validated lasso estimate takes no sample weights; give "
                             "noise_sd or use method='least_squares'")
        fit = lasso_cv(X, y, cv=cv, fit_intercept=fit_intercept).fit
        residual = y - fit.intercept - X @ fit.coef
        rss = float(residual @ residual)
        dof = n - int(np.count_nonzero(fit.coef)) - extra
        if dof < 1:
            raise ValueError("X: the cross-validated lasso keeps as many coefficients as there are samples, so no "
                             "residual degree of freedom is left for the noise; give noise_sd")
        lam = fit.lam
    if not rss > (1e-10 * float(np.linalg.norm(y))) ** 2:  # zero up to rounding: an exact fit
        raise ValueError("y: the fit reproduces y exactly, so the residuals say nothing about the noise; give noise_sd")
    return NoiseEstimate(float(np.sqrt(rss / dof)), method, rss, int(dof), lam)
