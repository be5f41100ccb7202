"""Independent routes, written for the tests and sharing no code with regprior's solvers.

* :func:`normal_equations` — the generalized ridge minimizer by one dense solve of its normal equations;
* :func:`fista` — accelerated proximal gradient (FISTA with restarts) for the canonical elastic net,
  a different algorithm from coordinate descent;
* :func:`lasso_gap` — the lasso/elastic-net duality gap recomputed from scratch with plain NumPy, to check
  the certificate every solver result carries;
* :func:`inside_regprior` — whether a warning was attributed to a line of regprior's own code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def normal_equations(X: np.ndarray, y: np.ndarray, P: np.ndarray, theta0=None) -> np.ndarray:
    """The stationary point of ||y - X b||^2 + (b - theta0)^T P (b - theta0) (theta0 = 0 if None), by a dense solve."""
    shift = 0.0 if theta0 is None else P @ theta0
    return np.linalg.solve(X.T @ X + P, X.T @ y + shift)


def objective(X: np.ndarray, y: np.ndarray, coef: np.ndarray, lam1, lam2: float = 0.0) -> float:
    """J(b) = ||y - X b||^2 + sum_j lam1_j |b_j| + lam2 ||b||^2."""
    r = y - X @ coef
    return float(r @ r + np.sum(np.asarray(lam1) * np.abs(coef)) + lam2 * coef @ coef)


def fista(X: np.ndarray, y: np.ndarray, lam1, lam2: float = 0.0, *, iterations: int = 200_000,
          tol: float = 1e-15) -> np.ndarray:
    r"""Minimize J by FISTA with adaptive restart.

    The smooth part :math:`f(b) = \lVert y - Xb\rVert^2 + \lambda_2\lVert b\rVert^2` has gradient
    :math:`2X^\top(Xb - y) + 2\lambda_2 b` with Lipschitz constant :math:`L = 2(\lVert X\rVert_2^2 + \lambda_2)`;
    the prox of :math:`t\lambda_1|\cdot|` is soft-thresholding at :math:`t\lambda_1`. Stops when an iteration
    moves the point by less than ``tol`` relative to its size.
    """
    p = X.shape[1]
    L = 2 * (np.linalg.norm(X, 2) ** 2 + lam2)
    if L == 0:
        return np.zeros(p)
    step = 1 / L
    thresh = step * np.broadcast_to(np.asarray(lam1, dtype=float), (p,))
    b = np.zeros(p)
    z, t = b.copy(), 1.0
    for _ in range(iterations):
        grad = 2 * (X.T @ (X @ z - y)) + 2 * lam2 * z
        v = z - step * grad
        b_new = np.sign(v) * np.maximum(np.abs(v) - thresh, 0.0)
        t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
        if (z - b_new) @ (b_new - b) > 0:  # the momentum points uphill: restart it
            t_new, z = 1.0, b_new.copy()
        else:
            z = b_new + ((t - 1) / t_new) * (b_new - b)
        moved = np.abs(b_new - b).max()
        b, t = b_new, t_new
        if moved <= tol * max(1.0, np.abs(b).max()):
            break
    return b


def lasso_gap(X: np.ndarray, y: np.ndarray, coef: np.ndarray, lam1, lam2: float = 0.0) -> float:
    r"""Duality gap of J at ``coef``, from scratch (an upper bound on :math:`J(b) - \min J`).

    Write J/2 as :math:`P(b) = \tfrac12\lVert y - Xb\rVert^2 + \sum_j a_j|b_j| + \tfrac{\gamma}{2}\lVert b\rVert^2`
    with :math:`a = \lambda_1/2`, :math:`\gamma = \lambda_2`. Two dual points are evaluated and the smaller gap
    returned (both are valid bounds):

    * the elastic net is the lasso on :math:`\tilde X = [X; \sqrt{\gamma} I]`, :math:`\tilde y = [y; 0]`, whose
      dual :math:`\theta^\top\tilde y - \tfrac12\lVert\theta\rVert^2` is feasible at the rescaled residual
      :math:`\theta = s\tilde r`, :math:`s = \min(1, \min_j a_j/|\tilde x_j^\top\tilde r|)`;
    * for :math:`\gamma > 0`, the Fenchel dual of P,
      :math:`D(\theta) = \theta^\top y - \tfrac12\lVert\theta\rVert^2 - \sum_j (|x_j^\top\theta| - a_j)_+^2/(2\gamma)`
      (the conjugate of :math:`a|t| + \tfrac{\gamma}{2}t^2`), at :math:`\theta = r = y - Xb`. It has no constraint,
      so it is exact to second order near the minimizer, where the first is only first order.

    Returns :math:`2(P(b) - D)`.
    """
    p = X.shape[1]
    a = 0.5 * np.broadcast_to(np.asarray(lam1, dtype=float), (p,))
    r = y - X @ coef
    primal = 0.5 * r @ r + a @ np.abs(coef) + 0.5 * lam2 * coef @ coef

    Xa = np.vstack([X, np.sqrt(lam2) * np.eye(p)])
    ra = np.concatenate([r, -np.sqrt(lam2) * coef])
    ya = np.concatenate([y, np.zeros(p)])
    corr = np.abs(Xa.T @ ra)
    # a / corr overflows to inf for a subnormal correlation: that feature then does not bind, as intended.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s = min(1.0, float(np.min(np.where(corr > 0, a / corr, np.inf))))
    theta = s * ra
    dual = theta @ ya - 0.5 * theta @ theta
    if lam2 > 0:
        excess = np.maximum(np.abs(X.T @ r) - a, 0.0)
        dual = max(dual, r @ y - 0.5 * r @ r - excess @ excess / (2 * lam2))
    return float(2 * (primal - dual))


def inside_regprior(filename: str) -> bool:
    """Whether ``filename`` (e.g. a warning's) is a file of the regprior package."""
    import regprior

    return Path(filename).resolve().is_relative_to(Path(regprior.__file__).resolve().parent)
