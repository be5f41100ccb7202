r"""Compiled kernels for coordinate descent on the canonical elastic-net objective.

All kernels work on

.. math::

    J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda_1 \lVert\beta\rVert_1 + \lambda_2 \lVert\beta\rVert_2^2 ,

which is the lasso for :math:`\lambda_2 = 0`. They are compiled with numba
(``cache=True``: the machine code is stored next to this file and reused by later
processes, so only the first run pays the compile time).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def soft_threshold(a: float, kappa: float) -> float:
    r""":math:`S_\kappa(a) = \operatorname{sign}(a)\max(|a| - \kappa, 0)`."""
    if a > kappa:
        return a - kappa
    if a < -kappa:
        return a + kappa
    return 0.0


@njit(cache=True)
def enet_duality_gap(X, y, beta, r, lam1, lam2):
    r"""Duality gap and primal value of the canonical elastic net at ``beta`` (``r = y - X beta``).

    Halving J gives :math:`\tfrac12\lVert r\rVert^2 + \alpha\lVert\beta\rVert_1 + \tfrac{\lambda_2}{2}\lVert\beta\rVert^2`
    with :math:`\alpha = \lambda_1/2`. Its Fenchel dual (through the augmented design
    :math:`[X; \sqrt{\lambda_2} I]`) is :math:`D(\theta) = \theta^\top y - \tfrac12\lVert\theta\rVert^2`
    over :math:`\lVert X^\top\theta - \lambda_2\beta\rVert_\infty \le \alpha`. The residual, rescaled by
    :math:`s = \min(1, \alpha/\lVert X^\top r - \lambda_2\beta\rVert_\infty)`, is dual feasible, and the
    gap of J is twice the gap of the halved problem.

    Returns
    -------
    gap, primal : float
        :math:`J(\beta) - 2D(s\,r)` (an upper bound on :math:`J(\beta) - \min J`) and :math:`J(\beta)`.
    """
    n, p = X.shape
    alpha = 0.5 * lam1
    r_norm2 = 0.0
    r_dot_y = 0.0
    for i in range(n):
        r_norm2 += r[i] * r[i]
        r_dot_y += r[i] * y[i]
    l1 = 0.0
    l2 = 0.0
    dual_norm = 0.0
    for j in range(p):
        l1 += abs(beta[j])
        l2 += beta[j] * beta[j]
        c = 0.0
        for i in range(n):
            c += X[i, j] * r[i]
        c -= lam2 * beta[j]
        if abs(c) > dual_norm:
            dual_norm = abs(c)
    scale = 1.0 if dual_norm <= alpha else alpha / dual_norm
    primal_half = 0.5 * (r_norm2 + lam2 * l2) + alpha * l1
    dual_half = -0.5 * scale * scale * (r_norm2 + lam2 * l2) + scale * r_dot_y
    return 2.0 * (primal_half - dual_half), 2.0 * primal_half


@njit(cache=True)
def residual(X, y, beta, out):
    """``out = y - X @ beta`` (recomputed from scratch, so rounding does not accumulate)."""
    n, p = X.shape
    for i in range(n):
        out[i] = y[i]
    for j in range(p):
        bj = beta[j]
        if bj != 0.0:
            for i in range(n):
                out[i] -= X[i, j] * bj


@njit(cache=True)
def cd_enet(X, y, beta, col_sq, lam1, lam2, tol_abs, max_epochs):
    """Cyclic coordinate descent, in place on ``beta``, until the duality gap is at most ``tol_abs``.

    The update of coordinate j is :math:`\\beta_j \\leftarrow S_{\\lambda_1/2}(a_j)/(\\lVert x_j\\rVert^2 + \\lambda_2)`
    with :math:`a_j = x_j^\\top r + \\lVert x_j\\rVert^2 \\beta_j` (derived on the coordinate-descent page).
    The gap is evaluated every 10 epochs and whenever an epoch moved no coefficient by more than
    1e-3 of the largest one; the residual is recomputed from scratch before each evaluation.

    Returns
    -------
    n_epochs, gap, primal : int, float, float
    """
    n, p = X.shape
    kappa = 0.5 * lam1
    r = np.empty(n)
    residual(X, y, beta, r)
    gap, primal = enet_duality_gap(X, y, beta, r, lam1, lam2)
    if gap <= tol_abs:
        return 0, gap, primal
    for epoch in range(1, max_epochs + 1):
        max_change = 0.0
        max_coef = 0.0
        for j in range(p):
            q = col_sq[j]
            if q == 0.0:
                continue
            old = beta[j]
            a = 0.0
            for i in range(n):
                a += X[i, j] * r[i]
            a += q * old
            new = soft_threshold(a, kappa) / (q + lam2)
            if new != old:
                d = new - old
                for i in range(n):
                    r[i] -= d * X[i, j]
                beta[j] = new
                if abs(d) > max_change:
                    max_change = abs(d)
            if abs(new) > max_coef:
                max_coef = abs(new)
        if epoch % 10 == 0 or max_change <= 1e-3 * max_coef or epoch == max_epochs:
            residual(X, y, beta, r)
            gap, primal = enet_duality_gap(X, y, beta, r, lam1, lam2)
            if gap <= tol_abs:
                return epoch, gap, primal
    return max_epochs, gap, primal
