r"""Compiled kernels of the coordinate-descent engine for the canonical elastic net.

Everything here works on the halved objective

.. math::

    P(w) = \tfrac12\lVert y - Xw\rVert_2^2 + \sum_j \alpha_j |w_j| + \tfrac{\gamma}{2}\lVert w\rVert_2^2,
    \qquad \alpha_j = \lambda_{1j}/2,\ \gamma = \lambda_2,

whose minimizer is that of :math:`J = 2P`; gaps reported to users are doubled back.

The outer loop (full gap, screening, working sets; see
:class:`regprior.solvers.coordinate_descent._Engine`) runs in Python around NumPy's BLAS products;
this module holds the loops that would be slow in Python: the inner coordinate descent on a working
set's Gram matrix (with Anderson extrapolation), the gap from correlations, and screening/ranking.
All kernels are compiled by numba with ``cache=True``: the first run in a fresh environment compiles
them (seconds) and stores the machine code next to this file for later processes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Anderson extrapolation uses the last K + 1 iterates
ANDERSON_K = 5
#: the inner loop stops when its restricted gap is below this fraction of the outer gap
INNER_FRACTION = 0.3


@njit(cache=True)
def soft_threshold(a: float, kappa: float) -> float:
    r""":math:`S_\kappa(a) = \operatorname{sign}(a)\max(|a| - \kappa, 0)`."""
    if a > kappa:
        return a - kappa
    if a < -kappa:
        return a + kappa
    return 0.0


@njit(cache=True)
def gap_from_correlations(c, w, alpha, gamma, r_norm2, r_dot_y):
    r"""Duality gap of the halved elastic net, from :math:`c = X^\top r` and two inner products.

    Two dual points are tried and the better (larger dual value) is kept:

    * the rescaled residual :math:`\theta = s r` with
      :math:`s = \min(1, \min_j \alpha_j/|c_j - \gamma w_j|)`, feasible for the dual of the lasso on the
      augmented design :math:`[X; \sqrt\gamma I]`:
      :math:`D = s\,r^\top y - \tfrac{s^2}{2}(\lVert r\rVert^2 + \gamma\lVert w\rVert^2)`;
    * when :math:`\gamma > 0`, the residual itself in the exact elastic-net dual
      :math:`D = r^\top y - \tfrac12\lVert r\rVert^2 - \sum_j (|c_j| - \alpha_j)_+^2/(2\gamma)`, which
      stays valid when some or all :math:`\alpha_j = 0` (e.g. pure ridge).

    Returns
    -------
    gap, primal, scale : float
        The gap and primal value of P (halved objective) and the rescaling s of the first dual point.
    """
    l1 = 0.0
    l2 = 0.0
    scale = 1.0
    conj = 0.0
    for j in range(w.shape[0]):
        l1 += alpha[j] * abs(w[j])
        l2 += w[j] * w[j]
        v = abs(c[j] - gamma * w[j])
        if v > 0.0 and alpha[j] < scale * v:
            scale = alpha[j] / v
        excess = abs(c[j]) - alpha[j]
        if excess > 0.0:
            conj += excess * excess
    primal = 0.5 * (r_norm2 + gamma * l2) + l1
    dual = scale * r_dot_y - 0.5 * scale * scale * (r_norm2 + gamma * l2)
    if gamma > 0.0:
        dual_conj = r_dot_y - 0.5 * r_norm2 - conj / (2.0 * gamma)
        if dual_conj > dual:
            dual = dual_conj
    return primal - dual, primal, scale


@njit(cache=True)
def _anderson(buffer):
    """Extrapolated point from K+1 consecutive iterates (rows of ``buffer``), or an empty array."""
    K = buffer.shape[0] - 1
    U = buffer[1:] - buffer[:-1]
    M = U @ U.T
    trace = 0.0
    for i in range(K):
        trace += M[i, i]
    if trace <= 0.0:
        return np.empty(0)
    for i in range(K):
        M[i, i] += 1e-10 * trace
    coef = np.linalg.solve(M, np.ones(K))
    total = coef.sum()
    if not np.isfinite(total) or total == 0.0:
        return np.empty(0)
    coef /= total
    return coef @ buffer[1:]


@njit(cache=True)
def _gram_primal(w, G, b, alpha, gamma, y_norm2):
    """P(w) from the Gram matrix: 1/2 (||y||^2 - 2 b.w + w.Gw) + sum alpha|w| + gamma/2 ||w||^2."""
    Gw = G @ w
    penalty = 0.0
    for j in range(w.shape[0]):
        penalty += alpha[j] * abs(w[j]) + 0.5 * gamma * w[j] * w[j]
    return 0.5 * (y_norm2 - 2.0 * (b @ w) + w @ Gw) + penalty


@njit(cache=True, fastmath=True)
def gram_cd(G, b, w, alpha, gamma, y_norm2, tol, max_epochs):
    r"""Coordinate descent on :math:`P(w) = \tfrac12 w^\top G w - b^\top w + \tfrac12\lVert y\rVert^2 + \dots`, in place on ``w``.

    Keeps :math:`z = b - Gw` (the correlations of the columns with the residual). The update of
    coordinate j is :math:`w_j \leftarrow S_{\alpha_j}(z_j + G_{jj}w_j)/(G_{jj} + \gamma)`; the gap
    restricted to these coordinates is evaluated after every epoch (it costs :math:`O(k)`), and every
    K + 1 epochs an Anderson extrapolation is kept if it lowers P.

    Returns
    -------
    epochs, gap : int, float
    """
    k = w.shape[0]
    z = b - G @ w
    buffer = np.empty((ANDERSON_K + 1, k))
    stored = 0
    gap = np.inf
    for epoch in range(1, max_epochs + 1):
        for j in range(k):
            q = G[j, j]
            if q == 0.0:
                continue
            old = w[j]
            new = soft_threshold(z[j] + q * old, alpha[j]) / (q + gamma)
            if new != old:
                d = new - old
                w[j] = new
                row = G[j]  # = column j (G is symmetric); contiguous
                for i in range(k):
                    z[i] -= d * row[i]
        bw = b @ w
        r_norm2 = y_norm2 - bw - w @ z
        gap = gap_from_correlations(z, w, alpha, gamma, r_norm2, y_norm2 - bw)[0]
        if gap <= tol:
            return epoch, gap
        buffer[stored % (ANDERSON_K + 1)] = w
        stored += 1
        if stored == ANDERSON_K + 1:
            stored = 0
            extrapolated = _anderson(buffer)
            if extrapolated.shape[0] == k and np.all(np.isfinite(extrapolated)):
                if _gram_primal(extrapolated, G, b, alpha, gamma, y_norm2) < _gram_primal(
                    w, G, b, alpha, gamma, y_norm2
                ):
                    w[:] = extrapolated
                    z = b - G @ w
    return max_epochs, gap


@njit(cache=True)
def screen_and_rank(c, w, alpha, gamma, col_norm2, scale, radius, screened):
    r"""Gap Safe screening and working-set priorities, in one pass over the features.

    Feature j is screened (proven to be 0 at the optimum, and dropped for good) when the sphere of
    radius ``radius`` around the rescaled dual point stays inside its constraint:
    :math:`s|c_j - \gamma w_j| + \sqrt{\lVert x_j\rVert^2 + \gamma}\,\text{radius} < \alpha_j`.
    The priority of an unscreened feature is its distance to the constraint,
    :math:`(\alpha_j - s|c_j - \gamma w_j|)/\sqrt{\lVert x_j\rVert^2 + \gamma}` (small = likely active);
    nonzero coefficients get :math:`-\infty` (always kept) and screened ones :math:`+\infty`.

    Returns
    -------
    priority : ndarray of shape (p,)
    available : int
        Number of features with a finite or :math:`-\infty` priority.
    """
    p = w.shape[0]
    priority = np.empty(p)
    available = 0
    for j in range(p):
        if w[j] != 0.0:
            priority[j] = -np.inf
            available += 1
            continue
        if screened[j]:
            priority[j] = np.inf
            continue
        norm = np.sqrt(col_norm2[j] + gamma)
        slack = alpha[j] - scale * abs(c[j] - gamma * w[j])
        if norm == 0.0 or slack > norm * radius:
            screened[j] = True
            priority[j] = np.inf
            continue
        priority[j] = slack / norm
        available += 1
    return priority, available
