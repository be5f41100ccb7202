r"""Least absolute deviations: the MAP under a Laplace *likelihood*, where outlier robustness comes from.

With independent Laplace noise, :math:`p(y_i \mid \mu_i) = (2s)^{-1}\exp(-|y_i - \mu_i|/s)`, the negative
log-likelihood is :math:`\tfrac1s\sum_i |y_i - x_i^\top\beta|` plus a constant (derived on the
robustness page), so the MLE is the least-absolute-deviations (LAD) fit, a regression version of the
median. With a Laplace(0, b) prior on the coefficients as well, the MAP minimizes

.. math::

    \sum_i |y_i - \beta_0 - x_i^\top\beta| + \lambda\lVert\beta\rVert_1,\qquad \lambda = s/b .

Both are linear programs. A Laplace *prior* alone (the lasso) keeps the squared loss and gives no
protection against an outlying :math:`y_i`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from ._validation import check_data, check_flag, check_scalar, check_target

__all__ = ["LADResult", "lad", "median_interval"]


@dataclass(frozen=True)
class LADResult:
    r"""A least-absolute-deviations fit with its linear-programming certificate.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The coefficients :math:`\hat\beta`.
    intercept : float
        The unpenalized intercept (0.0 unless ``fit_intercept=True``).
    lam : float
        The L1 penalty strength λ on the coefficients (0.0 for plain LAD).
    objective : float
        :math:`\sum_i |y_i - \beta_0 - x_i^\top\beta| + \lambda\lVert\beta\rVert_1` at the solution.
    dual : ndarray of shape (n_samples,)
        A solution :math:`a` of the dual program :math:`\max_a y^\top a` subject to
        :math:`|a_i| \le 1`, :math:`\lVert X^\top a\rVert_\infty \le \lambda` (and :math:`\sum_i a_i = 0`
        with an intercept). Its value :math:`y^\top a` equals ``objective`` at the optimum, which
        certifies it; :math:`a_i = \operatorname{sign}(r_i)` wherever the residual :math:`r_i \neq 0`.
    """

    coef: np.ndarray
    intercept: float
    lam: float
    objective: float
    dual: np.ndarray


def lad(X, y, *, lam: float = 0.0, fit_intercept: bool = False) -> LADResult:
    r"""Minimize :math:`\sum_i |y_i - \beta_0 - x_i^\top\beta| + \lambda\lVert\beta\rVert_1` (Laplace-likelihood MAP).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Design matrix.
    y : array_like of shape (n_samples,)
        Response.
    lam : float, default 0.0
        L1 penalty strength λ >= 0 on the coefficients (not on the intercept). Under Laplace(0, s)
        noise and a Laplace(0, b) prior on each coefficient, :math:`\lambda = s/b`; λ = 0 is plain LAD
        (the maximum-likelihood estimate under Laplace noise).
    fit_intercept : bool, default False
        Fit an unpenalized intercept :math:`\beta_0`.

    Returns
    -------
    LADResult

    Raises
    ------
    ValueError
        For NaN/inf or empty input, mismatched shapes or λ < 0; also when the linear program is
        unbounded or fails (which cannot happen for valid input).

    Notes
    -----
    Writing :math:`\beta = \beta^+ - \beta^-` and :math:`y - \beta_0 - X\beta = u - v` with all parts
    nonnegative turns the problem into the linear program

    .. math::

        \min\ \mathbf 1^\top(u + v) + \lambda\mathbf 1^\top(\beta^+ + \beta^-)
        \quad\text{s.t.}\quad \beta_0\mathbf 1 + X\beta^+ - X\beta^- + u - v = y ,

    solved with HiGHS. The minimizer need not be unique (for an intercept-only fit to an even number of
    observations every point between the two middle values is optimal, see :func:`median_interval`);
    then one minimizer is returned.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]])
    >>> y = np.array([1.0, 2.0, 3.0, 40.0])          # the last response is an outlier
    >>> float(np.round(rp.lad(X, y).coef[0], 12))     # passes through the first three points
    1.0
    >>> float(np.round(rp.ridge(X, y, 0.0).coef[0], 6))  # least squares is pulled toward the outlier
    5.8
    """
    X, y = check_data(X, y)
    n, p = X.shape
    lam = check_scalar(lam, "lam", strict=False)
    k = int(check_flag(fit_intercept, "fit_intercept"))
    # variables: [beta0 (free, if any), beta+ (p), beta- (p), u (n), v (n)]
    cost = np.concatenate([np.zeros(k), np.full(2 * p, lam), np.ones(2 * n)])
    A_eq = np.hstack([np.ones((n, k)), X, -X, np.eye(n), -np.eye(n)])
    bounds = [(None, None)] * k + [(0, None)] * (2 * p + 2 * n)
    res = linprog(cost, A_eq=A_eq, b_eq=y, bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - the program is feasible and bounded for every finite input
        raise ValueError(f"the linear program for LAD failed: {res.message}")
    z = res.x
    coef = z[k:k + p] - z[k + p:k + 2 * p]
    intercept = float(z[0]) if k else 0.0
    r = y - intercept - X @ coef
    objective = float(np.abs(r).sum() + lam * np.abs(coef).sum())
    return LADResult(coef, intercept, lam, objective, np.asarray(res.eqlin.marginals, dtype=float))


def median_interval(x) -> tuple[float, float]:
    r"""The set of minimizers of :math:`s \mapsto \sum_i |x_i - s|`, as its end points ``(lo, hi)``.

    For an odd number of values the minimizer is unique, the middle value (``lo == hi``). For an even
    number it is every point between the two middle values: the sum is constant there (derived on the
    loss-minimizers page). ``numpy.median`` returns the midpoint of this interval, one minimizer among
    infinitely many.

    Parameters
    ----------
    x : array_like of shape (n,)
        The sample, n >= 1, finite values.

    Returns
    -------
    lo, hi : float
        The interval :math:`[x_{(\lceil n/2\rceil)}, x_{(\lfloor n/2\rfloor + 1)}]` of order statistics.

    Examples
    --------
    >>> rp.median_interval([1.0, 2.0, 7.0, 10.0])
    (2.0, 7.0)
    >>> rp.median_interval([3.0, 1.0, 2.0])
    (2.0, 2.0)
    """
    x = check_target(x, np.size(x), name="x")
    if x.size == 0:
        raise ValueError("x must contain at least one value; got an empty array")
    s = np.sort(x)
    n = s.size
    return float(s[(n - 1) // 2]), float(s[n // 2])
