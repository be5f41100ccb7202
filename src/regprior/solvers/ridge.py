r"""Ridge regression and its generalizations, in the canonical convention.

.. math::

    \hat\beta = \arg\min_\beta \lVert y - X\beta\rVert_2^2 + (\beta - \theta_0)^\top P\,(\beta - \theta_0),

with :math:`P = \lambda I` (:func:`ridge` with a scalar ``lam``), :math:`P = \operatorname{diag}(\lambda_j)`
(:func:`ridge` with one λ per coefficient) or any symmetric positive semi-definite matrix
(:func:`generalized_ridge`). For :math:`P = \lambda I`,
:math:`\hat\beta = (X^\top X + \lambda I_p)^{-1} X^\top y = X^\top (X X^\top + \lambda I_n)^{-1} y`
(both derived on the ridge-solution page). A positive definite :math:`P = LL^\top` reduces to that
case by the substitution :math:`\gamma = L^\top(\beta - \theta_0)`, which turns the design into
:math:`XL^{-\top}` and the penalty into :math:`\lVert\gamma\rVert^2`.

All functions accept ``fit_intercept`` (an unpenalized intercept, i.e. a flat prior on it) and
``sample_weight`` (sample i has noise variance :math:`\sigma^2/s_i`); see :mod:`regprior.solvers._preprocess`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla

from .._validation import check_scalar, check_strength_grid
from ._least_squares import least_squares
from ._preprocess import Prepared, prepare

__all__ = ["RidgeResult", "RidgePath", "ridge", "generalized_ridge", "ridge_path"]


@dataclass(frozen=True)
class RidgeResult:
    r"""The minimizer of a ridge objective and how it was computed.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The coefficients :math:`\hat\beta`.
    intercept : float
        The unpenalized intercept (0.0 unless ``fit_intercept=True``).
    lam : float or ndarray
        The penalty strength: a number, one number per coefficient, or the penalty matrix.
    objective : float
        The (weighted) objective at the solution, intercept included.
    method : str
        ``"cholesky"`` (p x p system), ``"cholesky-dual"`` (n x n system, used when p > n),
        ``"svd"`` (fallback when the system is numerically not positive definite),
        ``"least-squares"`` (λ = 0) or ``"cholesky-penalty"`` (a singular penalty matrix).
    """

    coef: np.ndarray
    intercept: float
    lam: float | np.ndarray
    objective: float
    method: str


@dataclass(frozen=True)
class RidgePath:
    r"""Ridge solutions for many penalty strengths.

    Attributes
    ----------
    lams : ndarray of shape (n_lams,)
        The penalty strengths, in the order given.
    coefs : ndarray of shape (n_lams, n_features)
        ``coefs[k]`` minimizes the objective at ``lams[k]``.
    intercepts : ndarray of shape (n_lams,)
        The matching intercepts (zeros unless ``fit_intercept=True``).
    """

    lams: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray


def _cholesky(A: np.ndarray, *, lower: bool, overwrite: bool = False):
    """Cholesky factor of a symmetric positive semi-definite A, or None when A is singular to working precision.

    LAPACK only fails on a pivot that is not positive; rounding can leave a tiny positive pivot where the exact
    one is 0 (duplicated columns, a strength far below the rounding of the Gram matrix), and solving with it
    amplifies rounding noise. A pivot below ``max(shape) * eps`` times the largest diagonal entry counts as 0.
    """
    scale = max(float(np.diag(A).max()), 0.0)
    try:
        factor = sla.cho_factor(A, lower=lower, overwrite_a=overwrite, check_finite=False)
    except np.linalg.LinAlgError:
        return None
    if np.diag(factor[0]).min() ** 2 <= max(A.shape) * np.finfo(float).eps * scale:
        return None
    return factor


def _solve_scalar(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, str]:
    """Canonical ridge with a scalar λ > 0: Cholesky on the smaller Gram system, SVD if it is singular."""
    n, p = X.shape
    # The Gram matrices are row-major temporaries: factor their upper triangle in place, which LAPACK
    # reads as the lower triangle of the column-major transpose (no copy).
    if n >= p:
        A = X.T @ X
        A.flat[:: p + 1] += lam
        factor = _cholesky(A, lower=False, overwrite=True)
        if factor is not None:
            return sla.cho_solve(factor, X.T @ y, check_finite=False), "cholesky"
    else:
        K = X @ X.T
        K.flat[:: n + 1] += lam
        factor = _cholesky(K, lower=False, overwrite=True)
        if factor is not None:
            return X.T @ sla.cho_solve(factor, y, check_finite=False), "cholesky-dual"
    # X^T X + lam I is singular to working precision: beta = V diag(s / (s^2 + lam)) U^T y, with the singular
    # values at the rounding level of the largest (exactly 0 but for rounding) left out, as a pseudo-inverse does;
    # dividing by them would amplify rounding noise into the solution.
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > max(n, p) * np.finfo(float).eps * s.max()
    return Vt[keep].T @ ((s[keep] / (s[keep] ** 2 + lam)) * (U[:, keep].T @ y)), "svd"


def _check_lam(lam, p: int):
    """A scalar λ >= 0, or an array of p values >= 0."""
    if np.ndim(lam) == 0:
        return check_scalar(lam, "lam", strict=False)
    arr = np.asarray(lam, dtype=float)
    if arr.shape != (p,):
        raise ValueError(f"lam must be a number or have one value per feature, shape ({p},); got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("lam must contain finite values")
    if np.any(arr < 0):
        raise ValueError("lam must be >= 0")
    return arr


def _solve_matrix_penalty(X: np.ndarray, y: np.ndarray, P: np.ndarray) -> tuple[np.ndarray, str]:
    """Minimize ||y - Xu||^2 + u^T P u for symmetric positive semi-definite P."""
    factor = _cholesky(P, lower=True)
    if factor is not None:
        L = factor[0]  # its lower triangle; solve_triangular reads nothing else
        # u = L^{-T} gamma with gamma the plain ridge solution (lam = 1) for the design X L^{-T}.
        Z = sla.solve_triangular(L, X.T, lower=True).T
        gamma, method = _solve_scalar(Z, y, 1.0)
        return sla.solve_triangular(L, gamma, lower=True, trans="T"), method
    A = X.T @ X + P
    factor = _cholesky(A, lower=True)
    if factor is None:
        raise ValueError("X^T X + penalty is singular: some direction is neither determined by the data nor "
                         "penalized; add a penalty on it")
    return sla.cho_solve(factor, X.T @ y, check_finite=False), "cholesky-penalty"


def _result(prep: Prepared, u: np.ndarray, penalty_value: float, lam, method: str) -> RidgeResult:
    r = prep.y - prep.X @ u
    coef = prep.coef(u)
    return RidgeResult(coef, prep.intercept(coef), lam, float(r @ r + penalty_value), method)


def ridge(X, y, lam, *, prior_mean=None, fit_intercept: bool = False, sample_weight=None) -> RidgeResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + \sum_j \lambda_j(\beta_j - \theta_{0j})^2` (MAP under a Gaussian prior).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Design matrix (any real dtype; computed in float64).
    y : array_like of shape (n_samples,)
        Response.
    lam : float or array_like of shape (n_features,)
        Penalty strength λ >= 0, or one :math:`\lambda_j \ge 0` per coefficient. Under a
        :math:`\mathcal N(\theta_0, \sigma_w^2)` prior with noise standard deviation σ,
        :math:`\lambda = \sigma^2/\sigma_w^2`. λ = 0 is least squares and needs X of full column rank.
    prior_mean : float or array_like of shape (n_features,), optional
        :math:`\theta_0`, the value the coefficients shrink toward (default 0).
    fit_intercept : bool, default False
        Fit an unpenalized intercept (a flat prior on it), by centring.
    sample_weight : array_like of shape (n_samples,), optional
        Weights :math:`s_i \ge 0`: sample i has noise variance :math:`\sigma^2/s_i`.

    Returns
    -------
    RidgeResult
        ``.coef`` holds :math:`\hat\beta`, ``.intercept`` the intercept.

    Raises
    ------
    ValueError
        For NaN/inf or empty input, mismatched shapes, λ < 0, or λ = 0 with rank-deficient X.
    TypeError
        For non-numeric input.

    Notes
    -----
    With a scalar λ > 0 and :math:`n \ge p`, the :math:`p\times p` system
    :math:`(X^\top X + \lambda I)\beta = X^\top y` is solved by Cholesky; with :math:`p > n`, the
    :math:`n\times n` system :math:`(XX^\top + \lambda I)u = y` and :math:`\beta = X^\top u`. If the
    factorization fails (λ tiny next to :math:`\lVert X\rVert^2`) the SVD form
    :math:`\beta = V\operatorname{diag}(s_i/(s_i^2+\lambda))U^\top y` is used. Per-coefficient
    strengths that are all positive are reduced to λ = 1 by scaling column j by :math:`\lambda_j^{-1/2}`;
    zeros among them leave those coefficients unpenalized.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.ridge(X, y, lam=1.0).coef
    array([0.875, 1.375])
    >>> rp.ridge(X, y, lam=1.0, prior_mean=[1.0, 1.0]).coef   # shrinks toward (1, 1) instead of 0
    array([1.125, 1.625])
    """
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, prior_mean=prior_mean,
                   order=None)
    p = prep.X.shape[1]
    lam = _check_lam(lam, p)
    if np.ndim(lam) == 0:
        if lam == 0.0:
            u, _ = least_squares(prep.X, prep.y)
            return _result(prep, u, 0.0, lam, "least-squares")
        u, method = _solve_scalar(prep.X, prep.y, lam)
        return _result(prep, u, lam * float(u @ u), lam, method)
    if np.all(lam > 0):
        root = np.sqrt(lam)
        gamma, method = _solve_scalar(prep.X / root, prep.y, 1.0)
        u = gamma / root
    else:
        u, method = _solve_matrix_penalty(prep.X, prep.y, np.diag(lam))
    return _result(prep, u, float(lam @ (u * u)), lam, method)


def generalized_ridge(X, y, penalty, *, prior_mean=None, fit_intercept: bool = False,
                      sample_weight=None) -> RidgeResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + (\beta - \theta_0)^\top P(\beta - \theta_0)` (MAP under :math:`\mathcal N(\theta_0, \Sigma)`).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    penalty : array_like of shape (n_features, n_features)
        Symmetric positive semi-definite P. Under the prior :math:`\mathcal N(\theta_0, \Sigma)` with
        noise standard deviation σ, :math:`P = \sigma^2\Sigma^{-1}`
        (:meth:`MultivariateGaussianPrior.penalty_matrix <regprior.MultivariateGaussianPrior.penalty_matrix>`).
    prior_mean, fit_intercept, sample_weight
        As in :func:`ridge`.

    Returns
    -------
    RidgeResult

    Notes
    -----
    For positive definite :math:`P = LL^\top` the problem is solved as plain ridge (λ = 1) in
    :math:`\gamma = L^\top(\beta - \theta_0)` with design :math:`XL^{-\top}`; a singular P (some
    directions unpenalized) is solved from :math:`(X^\top X + P)\beta = X^\top y + P\theta_0` and
    needs that matrix to be positive definite.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.generalized_ridge(X, y, np.eye(2)).coef        # P = I is ridge with lam = 1
    array([0.875, 1.375])
    """
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, prior_mean=prior_mean,
                   order=None)
    p = prep.X.shape[1]
    P = np.asarray(penalty, dtype=float)
    if P.shape != (p, p):
        raise ValueError(f"penalty must have shape ({p}, {p}) to match X; got {P.shape}")
    if not np.all(np.isfinite(P)):
        raise ValueError("penalty contains NaN or inf; every entry must be finite")
    if not np.allclose(P, P.T, rtol=1e-10, atol=1e-12 * max(np.abs(P).max(), 1e-300)):
        raise ValueError("penalty must be symmetric")
    if np.linalg.eigvalsh(P).min() < -1e-10 * max(np.abs(P).max(), 1e-300):
        raise ValueError("penalty must be positive semi-definite")
    u, method = _solve_matrix_penalty(prep.X, prep.y, (P + P.T) / 2)
    return _result(prep, u, float(u @ P @ u), P, method)


def ridge_path(X, y, lams, *, fit_intercept: bool = False, sample_weight=None) -> RidgePath:
    r"""Ridge solutions for many λ from one eigendecomposition.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    lams : array_like of shape (n_lams,)
        Penalty strengths >= 0 (λ = 0 needs X of full column rank).
    fit_intercept, sample_weight
        As in :func:`ridge`.

    Returns
    -------
    RidgePath

    Notes
    -----
    With :math:`X^\top X = V\operatorname{diag}(d)V^\top` (used when :math:`n \ge p`),
    :math:`\hat\beta(\lambda) = V\operatorname{diag}\bigl(1/(d_i+\lambda)\bigr)V^\top X^\top y`; with
    :math:`XX^\top = U\operatorname{diag}(d)U^\top` (when :math:`p > n`),
    :math:`\hat\beta(\lambda) = X^\top U\operatorname{diag}\bigl(1/(d_i+\lambda)\bigr)U^\top y`. The one
    eigendecomposition of the smaller Gram matrix costs as much as one solve; each further λ costs a
    matrix-vector product. Components along eigenvalues at rounding level are exactly zero in
    :math:`X^\top y` (resp. contribute nothing to :math:`X^\top U`) and are dropped.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> rp.ridge_path(X, y, [0.0, 1.0]).coefs
    array([[1.   , 2.   ],
           [0.875, 1.375]])
    """
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, order=None)
    Xp, yp = prep.X, prep.y
    n, p = Xp.shape
    lams = check_strength_grid(lams, strict=False)
    gram = Xp.T @ Xp if n >= p else Xp @ Xp.T
    d, V = sla.eigh(gram, check_finite=False)
    d = np.maximum(d, 0.0)
    negligible = d <= d.max() * max(n, p) * np.finfo(float).eps
    if np.any(lams == 0) and (p > n or np.any(negligible)):
        raise ValueError("lams contains 0 but X does not have full column rank, so least squares has no unique "
                         "solution; use strengths > 0")
    if n >= p:
        b = V.T @ (Xp.T @ yp)
        b[negligible] = 0.0
        coefs = (V @ (b[:, None] / (d[:, None] + lams[None, :]))).T
    else:
        c = V.T @ yp
        W = Xp.T @ V
        c[negligible] = 0.0
        coefs = (W @ (c[:, None] / (d[:, None] + lams[None, :]))).T
    intercepts = prep.y_offset - coefs @ prep.x_offset
    return RidgePath(lams, coefs, intercepts)
