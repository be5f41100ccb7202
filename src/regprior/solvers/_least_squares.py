"""Ordinary least squares (λ = 0), shared by the ridge and lasso entry points."""

from __future__ import annotations

import numpy as np


def least_squares(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    r"""The unique minimizer of :math:`\lVert y - X\beta\rVert_2^2` and a certificate of its accuracy.

    Requires X of full column rank: otherwise the minimizer is not unique and
    λ = 0 does not define an estimate, which is an error, not a silent choice.

    Returns
    -------
    coef : ndarray of shape (p,)
    gap : float
        :math:`J(\beta) - 2D(\theta)` for the least-squares dual
        :math:`D(\theta) = \theta^\top y - \tfrac12\lVert\theta\rVert^2` over :math:`X^\top\theta = 0`,
        with θ the residual minus its projection onto the column space of X. It bounds
        :math:`J(\beta) - \min J` and is at rounding level for a well-computed solution.
    """
    n, p = X.shape
    coef, _, rank, sv = np.linalg.lstsq(X, y, rcond=None)
    if rank < p:
        raise ValueError(
            f"lam = 0 (least squares) needs X of full column rank to have a unique solution, but X "
            f"({n} x {p}) has numerical rank {rank} (smallest singular value {sv.min():.3g}); use lam > 0"
        )
    r = y - X @ coef
    theta = r - X @ np.linalg.lstsq(X, r, rcond=None)[0]
    gap = float(r @ r - 2 * (theta @ y) + theta @ theta)
    return coef, gap
