r"""Least absolute deviations as a linear program: the MAP under a Laplace *likelihood*.

With independent Laplace noise of scale s the negative log-likelihood is :math:`\tfrac1s\sum_i |y_i - x_i^\top\beta|`
plus a constant (derived on the robustness page); with a Laplace(0, b) prior on the coefficients as well, the MAP
minimizes

.. math::

    \sum_i |y_i - \beta_0 - x_i^\top\beta| + \lambda\lVert\beta\rVert_1,\qquad \lambda = s/b ,

a linear program, solved here with HiGHS. A Laplace *prior* alone (the lasso) keeps the squared loss and gives no
protection against an outlying :math:`y_i`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .._validation import check_data, check_flag, check_scalar
from .base import Solver

__all__ = ["LADResult", "lad", "LinearProgram"]


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


class LinearProgram(Solver):
    """The linear program of least absolute deviations: the absolute-loss datafit with an L1 penalty (or none)."""

    name = "linear program (HiGHS)"
    datafit_requires = ("absolute_loss",)
    penalty_requires = ("elastic_net_strengths",)

    def condition(self, datafit, penalty):
        strengths = penalty.elastic_net_strengths()
        if strengths is None or np.any(np.asarray(strengths[1]) != 0) or np.ndim(strengths[0]) != 0:
            return "the penalty is not one L1 strength for all coefficients"
        if np.any(np.asarray(datafit.center) != 0):
            return "a prior mean other than 0 is not supported by the linear program"
        return None

    def solve(self, datafit, penalty, **options) -> LADResult:
        if options:
            raise TypeError(f"the linear program takes no options; got {', '.join(sorted(options))}")
        return lad(datafit.X, datafit.y, lam=float(penalty.elastic_net_strengths()[0]),
                   fit_intercept=datafit.fit_intercept)
