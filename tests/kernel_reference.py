r"""Plain-Python references for the compiled coordinate-descent kernels (``regprior/solvers/_cdcore.c``).

Each function is the textbook loop, written for reading and sharing nothing with the C file: the tests run a
kernel and its reference for the same number of epochs and compare the iterates, so a port that reorders,
vectorizes or mistypes anything shows up at once. Objective: the halved elastic net
:math:`P(w) = \tfrac12\lVert y - Xw\rVert^2 + \sum_j\alpha_j|w_j| + \tfrac\gamma2\lVert w\rVert^2`.
"""

from __future__ import annotations

import numpy as np

ANDERSON_K = 5


def soft_threshold(a: float, kappa: float) -> float:
    return float(np.sign(a) * max(abs(a) - kappa, 0.0))


def gap(c, w, alpha, gamma, r_norm2, r_dot_y) -> tuple[float, float, float]:
    """(gap, primal, scale): the better of the rescaled-residual dual and, for gamma > 0, the elastic-net dual."""
    l1 = float(np.sum(alpha * np.abs(w)))
    l2 = float(w @ w)
    v = np.abs(c - gamma * w)
    ratios = [a / t for a, t in zip(alpha, v) if t > 0]
    scale = min([1.0] + ratios)
    primal = 0.5 * (r_norm2 + gamma * l2) + l1
    dual = scale * r_dot_y - 0.5 * scale**2 * (r_norm2 + gamma * l2)
    if gamma > 0:
        excess = np.maximum(np.abs(c) - alpha, 0.0)
        dual = max(dual, r_dot_y - 0.5 * r_norm2 - float(excess @ excess) / (2 * gamma))
    return primal - dual, primal, scale


def anderson(iterates: list[np.ndarray]) -> np.ndarray | None:
    """The affine combination of the last K iterates that minimizes the norm of the combined differences."""
    U = np.diff(np.array(iterates), axis=0)
    M = U @ U.T
    trace = np.trace(M)
    if not trace > 0:
        return None
    M = M + 1e-10 * trace * np.eye(len(M))
    coef = np.linalg.solve(M, np.ones(len(M)))
    if not np.isfinite(coef.sum()) or coef.sum() == 0:
        return None
    out = (coef / coef.sum()) @ np.array(iterates[1:])
    return out if np.all(np.isfinite(out)) else None


def primal(X, y, w, alpha, gamma) -> float:
    r = y - X @ w
    return 0.5 * float(r @ r) + float(np.sum(alpha * np.abs(w))) + 0.5 * gamma * float(w @ w)


def cd(X: np.ndarray, y: np.ndarray, w: np.ndarray, alpha, gamma: float, tol: float, epochs: int):
    """Cyclic coordinate descent on the columns of the dense X, with the extrapolation every K + 1 epochs kept
    when it lowers P; stops when the gap (from c = X^T r) is at most ``tol``. Returns (w, epochs run, gap)."""
    w = w.astype(float).copy()
    norms = np.einsum("ij,ij->j", X, X)
    history: list[np.ndarray] = []
    g = np.inf
    for epoch in range(1, epochs + 1):
        for j in range(X.shape[1]):
            if norms[j] == 0:
                continue
            r = y - X @ w
            a = X[:, j] @ r + norms[j] * w[j]
            w[j] = soft_threshold(a, alpha[j]) / (norms[j] + gamma)
        r = y - X @ w
        g = gap(X.T @ r, w, alpha, gamma, float(r @ r), float(r @ y))[0]
        if g <= tol:
            return w, epoch, g
        history.append(w.copy())
        if len(history) == ANDERSON_K + 1:
            extrapolated = anderson(history)
            history = []
            if extrapolated is not None and primal(X, y, extrapolated, alpha, gamma) < primal(X, y, w, alpha, gamma):
                w = extrapolated
    return w, epochs, g


def screen_and_rank(c, w, alpha, gamma, col_norm2, scale, radius, screened):
    priority = np.empty(len(w))
    screened = screened.copy()
    for j in range(len(w)):
        if w[j] != 0:
            priority[j] = -np.inf
        elif screened[j]:
            priority[j] = np.inf
        else:
            norm = np.sqrt(col_norm2[j] + gamma)
            slack = alpha[j] - scale * abs(c[j] - gamma * w[j])
            if norm == 0 or slack > norm * radius:
                screened[j] = True
                priority[j] = np.inf
            else:
                priority[j] = slack / norm
    return priority, int(np.sum(priority < np.inf)), screened
