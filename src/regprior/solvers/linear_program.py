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

from .._results import Readable
from .._validation import check_data, check_flag, check_scalar
from .base import Solver

__all__ = ["LADResult", "lad", "LinearProgram"]


@dataclass(frozen=True, repr=False)
class LADResult(Readable):
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
        For NaN/inf or empty input, mismatched shapes or λ < 0.
    RuntimeError
        If HiGHS stops before it solves the linear program (at an iteration or time limit, with its
        message); the program itself is feasible and bounded for every valid input.

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
    # HiGHS drops matrix entries below 1e-9 and refuses entries above 1e15, so the program is posed in units where
    # every column of X and y has its largest entry in [1, 2): X_j = a_j Xs_j and y = c ys with powers of two a_j, c
    # (exact in binary). With beta_j = (c / a_j) bs_j the objective is c (sum|ys - Xs bs| + sum_j (lam / a_j)|bs_j|).
    col_unit, y_unit = _power_of_two(np.abs(X).max(axis=0)), float(_power_of_two(np.abs(y).max()))
    Xs, ys = X / col_unit, y / y_unit
    with np.errstate(over="ignore"):
        weights = lam / col_unit
    # A cost per unit of bs_j above sum_i |Xs_ij| makes bs_j = 0 optimal whatever y is; HiGHS reads costs above 1e20
    # as infinite, so larger ones are capped at a value that keeps that (and keeps the minimizer).
    weights = np.minimum(weights, 2 * np.abs(Xs).sum(axis=0) + 1)
    # variables: [beta0 (free, if any), beta+ (p), beta- (p), u (n), v (n)]
    cost = np.concatenate([np.zeros(k), weights, weights, np.ones(2 * n)])
    A_eq = np.hstack([np.ones((n, k)), Xs, -Xs, np.eye(n), -np.eye(n)])
    bounds = [(None, None)] * k + [(0, None)] * (2 * p + 2 * n)
    # HiGHS's default feasibility tolerances (1e-7, absolute, in these units) let a residual of 1e-7 max|y| pass as 0:
    # an intercept-only fit on (0, 1e-5 x10, 1, 128) returned 0 instead of the median 1e-5 (the deep search's
    # counterexample). The tightest tolerances HiGHS accepts make that 1e-10 max|y|.
    res = linprog(cost, A_eq=A_eq, b_eq=ys, bounds=bounds, method="highs",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    if res.status != 0:  # the program is feasible and bounded for every finite input; HiGHS may still stop early
        raise RuntimeError(f"HiGHS stopped before solving the linear program for LAD: {res.message}")
    z = res.x
    # beta_j = bs_j c / a_j by exponents (c and a_j are powers of two): exact, and a bs_j = 0 stays 0 where c / a_j
    # alone overflows (a column near 1e-300 held at 0 by its strength; 0 * inf would be NaN)
    with np.errstate(over="ignore"):
        coef = np.ldexp(z[k:k + p] - z[k + p:k + 2 * p], np.frexp(y_unit)[1] - np.frexp(col_unit)[1])
    if not np.all(np.isfinite(coef)):
        raise ValueError("X and y: the LAD coefficients overflow float64 (y is too large next to the columns of X "
                         "it is fitted with); rescale them")
    intercept = float(z[0]) * y_unit if k else 0.0
    r = y - intercept - X @ coef
    objective = float(np.abs(r).sum() + lam * np.abs(coef).sum())
    # the dual of the rescaled program is that of the original one (its rows and its cost are scaled alike)
    return LADResult(coef, intercept, lam, objective, np.asarray(res.eqlin.marginals, dtype=float))


def _power_of_two(size):
    """The power of two :math:`2^{e-1}` with ``size`` in :math:`[2^{e-1}, 2^e)` (1 for 0): dividing by it is exact."""
    mantissa, exponent = np.frexp(np.asarray(size, dtype=float))
    return np.where(mantissa > 0, np.ldexp(1.0, exponent - 1), 1.0)


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
