r"""Ridge regression in the canonical convention.

.. math::

    \hat\beta = \arg\min_\beta \lVert y - X\beta\rVert_2^2 + \lambda\lVert\beta\rVert_2^2
              = (X^\top X + \lambda I_p)^{-1} X^\top y = X^\top (X X^\top + \lambda I_n)^{-1} y ,

no intercept (center the data first, or see the estimators). Both closed forms are
derived on the ridge-solution page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla

from .._validation import check_design, check_scalar, check_target
from ._least_squares import least_squares

__all__ = ["RidgeResult", "ridge"]


@dataclass(frozen=True)
class RidgeResult:
    """The minimizer of the canonical ridge objective and how it was computed.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The ridge coefficients :math:`\\hat\\beta`.
    lam : float
        The penalty strength λ.
    objective : float
        :math:`J(\\hat\\beta) = \\lVert y - X\\hat\\beta\\rVert^2 + \\lambda\\lVert\\hat\\beta\\rVert^2`.
    method : str
        ``"cholesky"`` (p x p system), ``"cholesky-dual"`` (n x n system, used when p > n),
        ``"svd"`` (fallback when the system is numerically not positive definite) or
        ``"least-squares"`` (λ = 0).
    """

    coef: np.ndarray
    lam: float
    objective: float
    method: str


def _ridge_svd(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    # beta = V diag(s / (s^2 + lam)) U^T y: stable even when X^T X + lam I is numerically singular.
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    return Vt.T @ ((s / (s**2 + lam)) * (U.T @ y))


def ridge(X, y, lam: float) -> RidgeResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + \lambda\lVert\beta\rVert_2^2` (the MAP under a Gaussian prior).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Design matrix (float32 input is accepted and computed in float64).
    y : array_like of shape (n_samples,)
        Response.
    lam : float
        Penalty strength λ >= 0. Under a :math:`\mathcal N(0, \sigma_w^2)` prior with noise
        standard deviation σ, :math:`\lambda = \sigma^2/\sigma_w^2`. λ = 0 is least squares and
        needs X of full column rank.

    Returns
    -------
    RidgeResult
        ``.coef`` holds :math:`\hat\beta`.

    Raises
    ------
    ValueError
        For NaN/inf or empty input, mismatched shapes, λ < 0, or λ = 0 with rank-deficient X.
    TypeError
        For non-numeric input.

    Notes
    -----
    With :math:`n \ge p` the :math:`p\times p` system :math:`(X^\top X + \lambda I)\beta = X^\top y`
    is solved by Cholesky; with :math:`p > n` the :math:`n\times n` system
    :math:`(XX^\top + \lambda I)u = y` is solved and :math:`\beta = X^\top u`. If the Cholesky
    factorization fails (λ tiny next to :math:`\lVert X\rVert^2`) the SVD form
    :math:`\beta = V\operatorname{diag}(s_i/(s_i^2+\lambda))U^\top y` is used.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.ridge(X, y, lam=1.0).coef
    array([0.875, 1.375])
    """
    X = check_design(X)
    n, p = X.shape
    y = check_target(y, n)
    lam = check_scalar(lam, "lam", strict=False)
    if lam == 0.0:
        coef, _ = least_squares(X, y)
        method = "least-squares"
    else:
        try:
            if n >= p:
                A = X.T @ X
                A.flat[:: p + 1] += lam
                coef = sla.cho_solve(sla.cho_factor(A, lower=True, check_finite=False), X.T @ y,
                                     check_finite=False)
                method = "cholesky"
            else:
                K = X @ X.T
                K.flat[:: n + 1] += lam
                coef = X.T @ sla.cho_solve(sla.cho_factor(K, lower=True, check_finite=False), y,
                                           check_finite=False)
                method = "cholesky-dual"
        except np.linalg.LinAlgError:
            coef = _ridge_svd(X, y, lam)
            method = "svd"
    r = y - X @ coef
    return RidgeResult(coef=coef, lam=lam, objective=float(r @ r + lam * (coef @ coef)), method=method)
