r"""The logistic loss with a Laplace prior (L1 penalty) by proximal Newton with coordinate descent.

.. math::

    F(u) = \sum_i \log\bigl(1 + e^{-z_i}\bigr) + \sum_j \lambda_j|u_j|,\qquad
    z = z_0 + Au,\ A = \operatorname{diag}(s)X,

(:mod:`regprior.datafits.logistic`; with a Laplace(0, b) prior :math:`\lambda_j = 1/b_j`). The outer loop is the
lasso engine's: the full duality gap of ``Logistic.duality_gap``
(the probabilities :math:`p_i = \sigma(-z_i)` rescaled into :math:`|a_j^\top\theta| \le \lambda_j`), Gap Safe
screening (the dual is 4-strongly concave, so :math:`\theta^*` lies within :math:`\sqrt{\mathrm{gap}/2}` of any
feasible point) and a working set of the nonzero coefficients plus the features closest to their constraint. On
the working set the compiled kernel takes proximal Newton steps (glmnet's and celer's method): the quadratic
model with weights :math:`p_i(1 - p_i)` is minimized by coordinate descent and a line search on F keeps the step
that decreases it, until the restricted gap is below 0.3 times the outer one. Proximal gradient (FISTA) needs
thousands of full-gradient steps where this needs tens of Newton steps on a few columns.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .._validation import check_coef, check_design, check_int, check_scalar, check_strength_grid
from ..datafits.logistic import Logistic, binary_entropy
from ..exceptions import warn_convergence
from . import _cd_kernels as kernels
from ._threads import single_threaded_blas
from .base import Solver, SolverResult
from .coordinate_descent import LassoPath

__all__ = ["ProxNewton", "logistic_path", "logistic_lam_max"]

#: smallest working-set size
_P0 = 10
#: coordinate-descent passes on one quadratic model (fewer if the direction settles)
_MAX_CD = 20


class _Problem:
    """The L1 logistic problem on a column-major design, shared by single fits and paths."""

    def __init__(self, A: np.ndarray, offset: np.ndarray):
        self.A = np.asfortranarray(A)
        self.AT = self.A.T  # C-contiguous: row j is column j of A
        self.offset = np.ascontiguousarray(offset, dtype=np.float64)
        self.col_norm2 = np.einsum("ij,ij->j", self.A, self.A)
        self.n = self.A.shape[0]

    def gap(self, u: np.ndarray, z: np.ndarray, lam: np.ndarray) -> tuple[float, np.ndarray, float]:
        """(gap, correlations A^T p, dual scale) at u with margins z."""
        prob = expit(-z)
        corr = self.AT @ prob
        size = np.abs(corr)
        with np.errstate(divide="ignore"):
            scale = float(min(1.0, np.min(np.where(size > 0, lam / size, np.inf))))
        theta = scale * prob
        primal = float(np.sum(np.logaddexp(0.0, -z)) + lam @ np.abs(u))
        dual = float(np.sum(binary_entropy(theta)) - theta @ self.offset)
        return primal - dual, corr, scale

    def solve(self, lam: np.ndarray, u: np.ndarray, tol_abs: float, max_iter: int) -> tuple[np.ndarray, float, int]:
        """Minimize F from ``u``; returns (u, gap, Newton steps)."""
        u = u.copy()
        p = u.size
        screened = np.zeros(p, dtype=bool)
        steps = 0
        while True:
            support = np.flatnonzero(u)
            z = self.offset + self.A[:, support] @ u[support]
            gap, corr, scale = self.gap(u, z, lam)
            if gap <= tol_abs or steps >= max_iter:
                return u, gap, steps
            priority, available = kernels.screen_and_rank(corr, u, lam, 0.0, self.col_norm2, scale,
                                                          np.sqrt(max(gap, 0.0) / 2.0), screened)
            size = min(max(_P0, 2 * support.size), available)
            W = np.sort(np.argpartition(priority, size - 1)[:size]) if size < p else np.arange(p)
            uW = u[W]
            used, _ = kernels.logistic_pn(self.AT, W, uW, lam[W], z, self.offset,
                                          max(kernels.INNER_FRACTION * gap, 0.5 * tol_abs), max_iter - steps, _MAX_CD)
            steps += max(used, 1)  # a working set that cannot move still counts, so the budget ends the loop
            u[W] = uW


class ProxNewton(Solver):
    r"""Proximal Newton with working sets and a duality-gap certificate, for the L1-penalized logistic loss.

    Requires a datafit of the margin form with the logistic loss (``margin_loss``, ``A``, ``offset``) and an L1
    penalty (``elastic_net_strengths`` with no L2 part). Options: ``tol`` (the gap must be at most
    ``tol * n_samples``), ``max_iter`` (Newton steps in total, default 10000), ``coef_init``.
    """

    name = "proximal Newton (coordinate descent)"
    datafit_requires = ("margin_loss", "A", "offset")
    penalty_requires = ("elastic_net_strengths",)

    def condition(self, datafit, penalty):
        if datafit.margin_loss != "logistic":
            return f"the compiled kernel has the logistic loss, not {datafit.margin_loss}"
        strengths = penalty.elastic_net_strengths()
        if strengths is None or np.any(np.asarray(strengths[1]) != 0):
            return "the penalty is not L1 alone (an L2 part goes to Newton or FISTA)"
        if np.any(np.asarray(strengths[0]) <= 0):
            return "an L1 strength is 0 (an unpenalized coefficient has no dual constraint to rescale into)"
        return None

    def solve(self, datafit, penalty, *, tol: float = 1e-10, max_iter: int = 10_000, coef_init=None) -> SolverResult:
        tol = check_scalar(tol, "tol", strict=True)
        max_iter = check_int(max_iter, "max_iter", minimum=1)
        p = datafit.n_features
        lam = np.broadcast_to(np.asarray(penalty.elastic_net_strengths()[0], dtype=float), (p,)).copy()
        start = np.zeros(p) if coef_init is None else check_coef(coef_init, p) - datafit.center
        tol_abs = tol * datafit.scale()
        with single_threaded_blas():
            u, gap, steps = _Problem(datafit.A, datafit.offset).solve(lam, start, tol_abs, max_iter)
        converged = gap <= tol_abs
        if not converged:
            warn_convergence(f"proximal Newton: duality gap {gap:.3g} after {steps} Newton steps is above "
                             f"tol * n_samples = {tol_abs:.3g}; increase max_iter or loosen tol")
        coef, intercept = datafit.coef_intercept(u)
        return SolverResult(coef, intercept, datafit.value(u) + penalty.value(u), gap, tol, steps, bool(converged),
                            "prox-newton")


def logistic_lam_max(X, y) -> float:
    r"""The smallest L1 strength with an all-zero L1-logistic solution, :math:`\lVert X^\top(s/2)\rVert_\infty`.

    A Laplace prior with scale :math:`b \le 1/\lambda_{\max}` has MAP exactly 0.

    Examples
    --------
    >>> rp.logistic_lam_max(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([1, 0, 1]))
    1.0
    """
    datafit = Logistic(X, y)
    return float(np.abs(datafit.A.T @ np.full(datafit.A.shape[0], 0.5)).max())


def logistic_path(X, y, lams=None, *, n_lams: int = 100, lam_min_ratio: float = 1e-2, tol: float = 1e-10,
                  max_iter: int = 10_000) -> LassoPath:
    r"""L1-penalized logistic regression along a sequence of strengths, each warm-started from the previous one.

    Minimizes :math:`\sum_i \log(1 + e^{-s_i x_i^\top\beta}) + \lambda\lVert\beta\rVert_1` (no intercept) for each
    λ: the MAP under a Laplace(0, b) prior with :math:`\lambda = 1/b` (:func:`~regprior.logistic_map`).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        Class labels 0/1 (or -1/1, or booleans).
    lams : array_like of shape (n_lams,), optional
        Strengths > 0, solved in the given order. Default: ``n_lams`` values spaced geometrically from
        :func:`~regprior.logistic_lam_max` down to ``lam_min_ratio`` times it.
    n_lams : int, default 100
    lam_min_ratio : float, default 1e-2
    tol : float, default 1e-10
        Each solution's duality gap is at most ``tol * n_samples``.
    max_iter : int, default 10000
        Budget of Newton steps per strength.

    Returns
    -------
    LassoPath
        ``coefs``, ``gaps`` (duality gaps), ``n_iters`` (Newton steps) and ``converged`` per strength; ``lams2`` and
        ``intercepts`` are zeros.

    Warns
    -----
    ConvergenceWarning
        For every strength whose budget ends with the gap above ``tol * n_samples``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 4))
    >>> y = (X @ np.array([2.0, 0.0, -1.0, 0.0]) + rng.standard_normal(100) > 0).astype(int)
    >>> path = rp.logistic_path(X, y, n_lams=4, lam_min_ratio=0.05)
    >>> (path.coefs != 0).sum(axis=1)          # features enter as lambda decreases
    array([0, 2, 2, 3])
    """
    X = check_design(X, order="F")
    datafit = Logistic(X, y)
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    problem = _Problem(datafit.A, datafit.offset)
    if lams is None:
        n_lams = check_int(n_lams, "n_lams", minimum=1)
        ratio = check_scalar(lam_min_ratio, "lam_min_ratio", strict=True)
        if ratio >= 1:
            raise ValueError(f"lam_min_ratio must be < 1; got {ratio}")
        top = float(np.abs(problem.AT @ np.full(problem.n, 0.5)).max())
        if top == 0.0:
            raise ValueError("X^T y = 0: every lambda gives beta = 0, so there is no path to compute; pass lams")
        lams = top * np.geomspace(1.0, ratio, n_lams)
    lams = check_strength_grid(lams, strict=True)
    tol_abs = tol * problem.n
    p = X.shape[1]
    coefs = np.empty((lams.size, p))
    gaps, n_iters = np.empty(lams.size), np.empty(lams.size, dtype=int)
    u = np.zeros(p)
    with single_threaded_blas():
        for t, lam in enumerate(lams):
            u, gaps[t], n_iters[t] = problem.solve(np.full(p, lam), u, tol_abs, max_iter)
            coefs[t] = u
            if gaps[t] > tol_abs:
                warn_convergence(f"logistic_path at lam={lam:.4g}: duality gap {gaps[t]:.3g} after {n_iters[t]} Newton "
                                 f"steps is above tol * n_samples = {tol_abs:.3g}; increase max_iter or loosen tol")
    zeros = np.zeros(lams.size)
    return LassoPath(lams, zeros, coefs, zeros.copy(), gaps, n_iters, gaps <= tol_abs)
