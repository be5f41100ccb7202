"""An independent duality-gap certificate, used to put every method on the same accuracy.

Written for the benchmark on purpose, with nothing from regprior: whatever a solver reports about its
own convergence is ignored, and its coefficients are certified here, in one set of units.

Units: scikit-learn's normalized lasso, P(w) = 1/(2n) ||y - Xw||^2 + a ||w||_1, whose relative gap
gap / (||y||^2 / n) is what the issue's and the anchors' "relative gap <= 1e-6" refers to. In the
canonical convention (lambda = 2 n a) that relative gap is gap_J / (2 ||y||^2).
"""

from __future__ import annotations

import numpy as np


def relative_lasso_gap(X: np.ndarray, y: np.ndarray, coef: np.ndarray, lam: float) -> float:
    """Relative duality gap of the lasso at ``coef`` for canonical strength ``lam`` (= 2 n a).

    Dual point: the residual scaled into the dual feasible set, theta = r * min(1, a n / ||X^T r||_inf)
    for the normalized problem. Returns gap / (||y||^2 / n).
    """
    n = X.shape[0]
    a = lam / (2 * n)
    r = y - X @ coef
    primal = 0.5 * (r @ r) / n + a * np.abs(coef).sum()
    dual_norm = np.abs(X.T @ r).max() / n
    scale = 1.0 if dual_norm <= a else a / dual_norm
    theta = scale * r / n
    dual = theta @ y - 0.5 * n * (theta @ theta)
    return float((primal - dual) / ((y @ y) / n))
