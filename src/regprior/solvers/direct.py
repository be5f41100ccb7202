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
``sample_weight`` (sample i has noise variance :math:`\sigma^2/s_i`); see :mod:`regprior.datafits.quadratic`.

Whether a system is singular to working precision is judged after equilibration (every diagonal entry scaled to
1), so the answer does not depend on the units of the columns; Cholesky's accuracy does not either.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla

from .._results import Readable, annotate
from .._validation import check_max_iter, check_real, check_scalar, check_strength, check_strength_grid
from ..datafits.quadratic import Prepared, prepare
from ..datafits.sparse_design import SparseDesign
from ..exceptions import warn_convergence
from .base import Solver
from .spectral import Spectrum

#: columns whose norms differ by more than this factor are solved one strength at a time (see ridge_path), and a
#: column this much larger than the median is eliminated first in the dual solve (see dominant_columns). An
#: eigendecomposition of the Gram matrix resolves its eigenvalues to eps times the largest, so a column r times
#: smaller than the largest has its own eigenvalue resolved to about eps r^2: 1e-10 relative at r = 1e3
_SCALE_SPREAD = 1e3

__all__ = ["RidgeResult", "RidgePath", "ridge", "generalized_ridge", "ridge_path", "least_squares", "Direct",
           "equilibrated_solver", "dominant_columns"]


@dataclass(frozen=True, repr=False)
class RidgeResult(Readable):
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
        ``"least-squares"`` (λ = 0), ``"cholesky-penalty"`` (a singular penalty matrix) or
        ``"conjugate-gradient"`` (a sparse X).
    gap : float or None
        For the iterative route (sparse X), a certified upper bound on :math:`J(\beta) - \min J`; None for the
        direct solves, which are exact up to rounding.
    """

    coef: np.ndarray
    intercept: float
    lam: float | np.ndarray
    objective: float
    method: str
    gap: float | None = None


@dataclass(frozen=True, repr=False)
class RidgePath(Readable):
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

    def summary(self):
        """One row per strength: the intercept, then the coefficients."""
        return self._path_summary(self.lams, self.coefs, intercept=self.intercepts)


def _cholesky(A: np.ndarray, *, overwrite: bool = False):
    r"""A solver for the symmetric positive semi-definite system ``A x = b``, or None when A is singular to working
    precision.

    A is equilibrated first, :math:`A' = D^{-1}AD^{-1}` with :math:`D = \operatorname{diag}(A)^{1/2}`, so that its
    diagonal is 1; then a pivot of the Cholesky factor of :math:`A'` below ``max(shape) * eps`` counts as 0
    (LAPACK only fails on a pivot that is not positive; rounding can leave a tiny positive one where the exact
    pivot is 0, e.g. duplicated columns, and solving with it amplifies rounding noise). Judged on :math:`A'`, the
    criterion does not depend on the scale of each variable: a column measured in other units does not make a
    system singular.
    """
    diag = np.diag(A).copy()
    if not np.all(diag > 0):
        return None  # a variable with neither data nor penalty
    root = np.sqrt(diag)
    scaled = A if overwrite else A.copy()
    scaled /= root[:, None]
    scaled /= root[None, :]
    try:
        factor = sla.cho_factor(scaled, lower=False, overwrite_a=True, check_finite=False)
    except np.linalg.LinAlgError:
        return None
    if np.diag(factor[0]).min() ** 2 <= max(A.shape) * np.finfo(float).eps:
        return None
    return lambda b: sla.cho_solve(factor, b / (root if np.ndim(b) == 1 else root[:, None]),
                                   check_finite=False) / (root if np.ndim(b) == 1 else root[:, None])


def equilibrated_solver(A: np.ndarray):
    r"""A solver for the symmetric positive definite system ``A x = b`` (b a vector or a matrix), or None when A is
    singular to working precision once equilibrated (the criterion of the ridge solvers, see ``_cholesky``)."""
    return _cholesky(np.array(A, dtype=float), overwrite=True)


def least_squares(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    r"""The unique minimizer of :math:`\lVert y - X\beta\rVert_2^2` and a certificate of its accuracy.

    Requires X of full column rank: otherwise the minimizer is not unique and λ = 0 does not define an estimate,
    which is an error, not a silent choice.

    Returns
    -------
    coef : ndarray of shape (p,)
    gap : float
        :math:`J(\beta) - 2D(\theta)` for the least-squares dual
        :math:`D(\theta) = \theta^\top y - \tfrac12\lVert\theta\rVert^2` over :math:`X^\top\theta = 0`, with θ the
        residual minus its projection onto the column space of X. It bounds :math:`J(\beta) - \min J` and is at rounding
        level for a well-computed solution.
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


def dominant_columns(X: np.ndarray) -> np.ndarray:
    r"""Columns whose norm exceeds ``_SCALE_SPREAD`` times the median norm of the nonzero columns (a boolean mask).

    In :math:`XX^\top` such a column drowns the others: their contribution is resolved only to the rounding level
    of its square, whatever the system is equilibrated by (its rows all carry it).
    """
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    used = norms[norms > 0]
    if used.size == 0:
        return np.zeros(X.shape[1], dtype=bool)
    return norms > _SCALE_SPREAD * np.median(used)


def _solve_dual(X: np.ndarray, y: np.ndarray, lam: float):
    r"""Canonical ridge for p > n through :math:`n \times n` systems, or None when one is singular to working precision.

    Without dominant columns (:func:`dominant_columns`): :math:`\beta = X^\top(XX^\top + \lambda I)^{-1}y`. With them
    (set G, the rest S), :math:`\beta_S` is eliminated first: with :math:`B = X_SX_S^\top + \lambda I`, minimizing
    over :math:`\beta_S` leaves :math:`\lambda r^\top B^{-1}r + \lambda\lVert\beta_G\rVert^2`,
    :math:`r = y - X_G\beta_G`, whose minimizer solves the :math:`|G| \times |G|` system
    :math:`(I + X_G^\top B^{-1}X_G)\beta_G = X_G^\top B^{-1}y`; then :math:`\beta_S = X_S^\top B^{-1}(y - X_G\beta_G)`.
    Both systems are equilibrated, so the dominant columns' units do not matter.
    """
    G = dominant_columns(X)
    S = ~G
    XS = X[:, S]
    B = XS @ XS.T
    B.flat[:: X.shape[0] + 1] += lam
    solve_B = _cholesky(B, overwrite=True)
    if solve_B is None:
        return None
    if not G.any():
        return X.T @ solve_B(y)
    XG = X[:, G]
    C = XG.T @ solve_B(XG)
    C = (C + C.T) / 2
    C.flat[:: C.shape[0] + 1] += 1.0
    solve_C = _cholesky(C, overwrite=True)
    if solve_C is None:
        return None
    beta = np.empty(X.shape[1])
    beta[G] = solve_C(XG.T @ solve_B(y))
    beta[S] = XS.T @ solve_B(y - XG @ beta[G])
    return beta


def _svd_fallback(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    r"""Ridge when the equilibrated system is singular to working precision: the SVD form without the singular values
    at rounding level (a pseudo-inverse), with dominant columns eliminated first.

    The SVD resolves singular values to the rounding level of the largest, so a dominant column
    (:func:`dominant_columns`) would make every other direction look negligible. Its coefficients are eliminated as in
    :func:`_solve_dual`, with :math:`B^{-1} = U\operatorname{diag}(1/(s^2+\lambda))U^\top + (I - UU^\top)/\lambda` from
    the SVD :math:`X_S = U\operatorname{diag}(s)V^\top` of the other columns (comparable in size, so its rounding level
    is theirs), and :math:`\beta_S = V\operatorname{diag}(s/(s^2+\lambda))U^\top(y - X_G\beta_G)`. A dominant column's
    part outside the span of U that is below its own rounding level counts as 0.
    """
    G = dominant_columns(X)
    if not G.any():
        return Spectrum.of_design(X).ridge(y, lam)[0]
    S = ~G
    spectrum = Spectrum.of_design(X[:, S])
    U = spectrum.U[:, ~spectrum.negligible]
    shrink = 1.0 / (spectrum.s[~spectrum.negligible] ** 2 + lam)
    XG = X[:, G]
    coords_G, coords_y = U.T @ XG, U.T @ y
    outside_G, outside_y = XG - U @ coords_G, y - U @ coords_y
    # a part of a dominant column outside the span of the others below its own rounding level is 0 but for rounding
    # (e.g. duplicated rows); divided by lam it would be noise, amplified
    level = max(X.shape) * np.finfo(float).eps
    outside_G[:, np.linalg.norm(outside_G, axis=0) <= level * np.linalg.norm(XG, axis=0)] = 0.0
    C = coords_G.T @ (shrink[:, None] * coords_G) + outside_G.T @ outside_G / lam
    C = (C + C.T) / 2
    C.flat[:: C.shape[0] + 1] += 1.0
    rhs = coords_G.T @ (shrink * coords_y) + outside_G.T @ outside_y / lam
    solve_C = _cholesky(C)
    beta = np.empty(X.shape[1])
    beta[G] = solve_C(rhs) if solve_C is not None else np.linalg.lstsq(C, rhs, rcond=None)[0]
    beta[S] = spectrum.ridge(y - XG @ beta[G], lam)[0]
    return beta


def _solve_scalar(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, str]:
    """Canonical ridge with a scalar λ > 0: Cholesky on the smaller Gram system (equilibrated; for p > n with dominant
    columns eliminated first), the SVD form if it is singular to working precision."""
    n, p = X.shape
    if n >= p:
        A = X.T @ X
        A.flat[:: p + 1] += lam
        solve = _cholesky(A, overwrite=True)
        if solve is not None:
            return solve(X.T @ y), "cholesky"
    else:
        beta = _solve_dual(X, y, lam)
        if beta is not None:
            return beta, "cholesky-dual"
    return _svd_fallback(X, y, lam), "svd"


def _solve_matrix_penalty(X: np.ndarray, y: np.ndarray, P: np.ndarray) -> tuple[np.ndarray, str]:
    """Minimize ||y - Xu||^2 + u^T P u for symmetric positive semi-definite P."""
    if _cholesky(P) is not None:
        L = sla.cholesky(P, lower=True, check_finite=False)
        # u = L^{-T} gamma with gamma the plain ridge solution (lam = 1) for the design X L^{-T}; unless P is so
        # small next to X^T X (e.g. subnormal once X is rescaled) that X L^{-T} overflows: then X^T X + P directly
        with np.errstate(over="ignore", invalid="ignore"):
            Z = sla.solve_triangular(L, X.T, lower=True, check_finite=False).T
            whitened = bool(np.isfinite(np.einsum("ij,ij->", Z, Z)))
        if whitened:
            gamma, method = _solve_scalar(Z, y, 1.0)
            return sla.solve_triangular(L, gamma, lower=True, trans="T"), method
    solve = _cholesky(X.T @ X + P, overwrite=True)
    if solve is None:
        raise ValueError("X^T X + penalty is singular: some direction is neither determined by the data nor "
                         "penalized; add a penalty on it")
    return solve(X.T @ y), "cholesky-penalty"


def _result(prep: Prepared, u: np.ndarray, penalty_value: float, lam, method: str) -> RidgeResult:
    """The result in the original units; ``penalty_value`` is the penalty at ``u`` in the canonical problem's."""
    r = prep.y - prep.X @ u
    coef = prep.coef(u)
    return RidgeResult(coef, prep.intercept(coef), lam, float(prep.value(r @ r + penalty_value)), method)


def ridge(X, y, lam, *, prior_mean=None, fit_intercept: bool = False, sample_weight=None, tol: float = 1e-10,
          max_iter: int = 10_000) -> RidgeResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + \sum_j \lambda_j(\beta_j - \theta_{0j})^2` (MAP under a
    Gaussian prior).

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
        Design matrix (any real dtype; computed in float64); a sparse X is solved by conjugate gradients.
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
    tol : float, default 1e-10
        Sparse X only: stop the conjugate gradients when the certified bound on :math:`J(\beta) - \min J` is at
        most ``tol * ||y||^2`` (y after centring and weighting). Dense X is solved directly.
    max_iter : int, default 10000
        Sparse X only: the budget of conjugate-gradient iterations.

    Returns
    -------
    RidgeResult
        ``.coef`` holds :math:`\hat\beta`, ``.intercept`` the intercept.

    Raises
    ------
    ValueError
        For NaN/inf or empty input, mismatched shapes, λ < 0, λ = 0 with rank-deficient X, or a λ beyond the
        range of float64 relative to the scale of X (λ over the square of X's largest entry overflows).
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

    A scipy.sparse X (CSR or CSC) is never densified: the intercept and the weights are applied implicitly and
    :math:`(X^\top X + \Lambda)\beta = X^\top y` is solved by conjugate gradients (preconditioned by its
    diagonal), which stop on the certificate :math:`J(\beta) - \min J = g^\top(X^\top X + \Lambda)^{-1}g \le
    g^\top\Lambda^{-1}g` with g the residual of the normal equations (every :math:`\lambda_j > 0` needed).

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
                   order=None, rescale=True, accept_sparse=True)
    p = prep.X.shape[1]
    lam = check_strength(lam, "lam", p)
    # checked for every X, although only a sparse one is solved iteratively: a wrong value is never ignored
    tol, max_iter = check_scalar(tol, "tol", strict=True), check_max_iter(max_iter)
    return annotate(_ridge_prepared(prep, lam, tol=tol, max_iter=max_iter), X)


def _ridge_prepared(prep: Prepared, lam, *, tol: float = 1e-10, max_iter: int = 10_000) -> RidgeResult:
    """Ridge on an already prepared problem (λ, ``tol`` and ``max_iter`` validated, λ in the original units:
    mapped by ``prep.l2``)."""
    if isinstance(prep.X, SparseDesign):
        return _ridge_sparse(prep, lam, tol, max_iter)
    given, lam = lam, prep.l2(lam, "lam")
    if np.ndim(lam) == 0:
        if lam == 0.0:
            u, _ = least_squares(prep.X, prep.y)
            return _result(prep, u, 0.0, given, "least-squares")
        u, method = _solve_scalar(prep.X, prep.y, lam)
        return _result(prep, u, lam * float(u @ u), given, method)
    if np.all(lam > 0):
        root = np.sqrt(lam)
        gamma, method = _solve_scalar(prep.X / root, prep.y, 1.0)
        u = gamma / root
    else:
        u, method = _solve_matrix_penalty(prep.X, prep.y, np.diag(lam))
    return _result(prep, u, float(lam @ (u * u)), given, method)


def _ridge_sparse(prep: Prepared, lam, tol: float, max_iter: int) -> RidgeResult:
    r"""Ridge on a sparse design by preconditioned conjugate gradients on the normal equations.

    Solves :math:`Hu = \tilde X^\top\tilde y`, :math:`H = \tilde X^\top\tilde X + \Lambda`, each product with H
    costing two sparse products. With :math:`g = \tilde X^\top\tilde y - Hu`, :math:`J(u) - \min J =
    g^\top H^{-1}g \le g^\top\Lambda^{-1}g` (since :math:`H \succeq \Lambda`): the stopping rule and the
    certificate returned, recomputed from a fresh residual before it is trusted.
    """
    X, y = prep.X, prep.y
    p = X.shape[1]
    strengths = np.broadcast_to(np.asarray(lam, dtype=float), (p,))
    if not np.all(strengths > 0):
        raise ValueError("lam must be > 0 (every entry) for a sparse X: the conjugate-gradient route certifies its "
                         "answer through the penalty; use a dense X for least squares or unpenalized coefficients")
    y_norm2 = float(y @ y)
    target = tol * y_norm2
    b = X.T @ y
    preconditioner = 1.0 / (X.col_norm2() + strengths)

    def bound(g):
        return float(g @ (g / strengths))

    u = np.zeros(p)
    g = b.copy()  # the residual of the normal equations at u = 0
    gap = bound(g)
    z = preconditioner * g
    direction = z.copy()
    gz = float(g @ z)
    n_iter = 0
    while gap > target and n_iter < max_iter and gz > 0:
        n_iter += 1
        Hd = X.T @ (X @ direction) + strengths * direction
        step = gz / float(direction @ Hd)
        u += step * direction
        g -= step * Hd
        gap = bound(g)
        if gap <= target:  # confirm on a fresh residual: the recursion drifts by rounding
            g = b - X.T @ (X @ u) - strengths * u
            gap = bound(g)
        z = preconditioner * g
        gz, previous = float(g @ z), gz
        direction = z + (gz / previous) * direction
    if gap > target:
        warn_convergence(f"ridge (conjugate gradients, sparse X): certified gap {gap:.3e} after {n_iter} iterations "
                         f"is above tol * ||y||^2 = {target:.3e}; increase max_iter or loosen tol")
    result = _result(prep, u, float(strengths @ (u * u)), lam, "conjugate-gradient")
    return dataclasses.replace(result, gap=gap)


def generalized_ridge(X, y, penalty, *, prior_mean=None, fit_intercept: bool = False,
                      sample_weight=None) -> RidgeResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + (\beta - \theta_0)^\top P(\beta - \theta_0)` (MAP under
    :math:`\mathcal N(\theta_0, \Sigma)`).

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
                   order=None, rescale=True)
    p = prep.X.shape[1]
    P = np.asarray(check_real(penalty, "penalty"), dtype=float)
    if P.shape != (p, p):
        raise ValueError(f"penalty must have shape ({p}, {p}) to match X; got {P.shape}")
    if not np.all(np.isfinite(P)):
        raise ValueError("penalty contains NaN or inf; every entry must be finite")
    if not np.allclose(P, P.T, rtol=1e-10, atol=1e-12 * max(np.abs(P).max(), 1e-300)):
        raise ValueError("penalty must be symmetric")
    if np.linalg.eigvalsh(P).min() < -1e-10 * max(np.abs(P).max(), 1e-300):
        raise ValueError("penalty must be positive semi-definite")
    return _generalized_prepared(prep, P)


def _generalized_prepared(prep: Prepared, P: np.ndarray) -> RidgeResult:
    scaled = prep.l2(P, "penalty")
    u, method = _solve_matrix_penalty(prep.X, prep.y, (scaled + scaled.T) / 2)
    return _result(prep, u, float(u @ scaled @ u), P, method)


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
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, order=None, rescale=True)
    Xp, yp = prep.X, prep.y
    lams = check_strength_grid(lams, strict=False)
    norms = np.sqrt(np.einsum("ij,ij->j", Xp, Xp))
    used = norms[norms > 0]
    if used.size and used.max() > _SCALE_SPREAD * used.min():
        # Columns in very different units: an eigendecomposition of the Gram matrix resolves its eigenvalues only to
        # eps times the largest, which loses the small columns' directions; solve each strength by the
        # equilibrated Cholesky route instead, whose accuracy does not depend on column scales.
        coefs = np.array([_ridge_prepared(prep, float(lam)).coef for lam in lams])
        return annotate(RidgePath(lams, coefs, prep.y_offset - coefs @ prep.x_offset), X)
    spectrum = Spectrum.of_gram(Xp)
    if np.any(lams == 0) and (spectrum.rank < Xp.shape[1]):
        raise ValueError("lams contains 0 but X does not have full column rank, so least squares has no unique "
                         "solution; use strengths > 0")
    coefs = spectrum.ridge(yp, prep.l2(lams, "lams")) * (prep.y_unit / prep.x_unit)
    intercepts = prep.y_offset - coefs @ prep.x_offset
    return annotate(RidgePath(lams, coefs, intercepts), X)


class Direct(Solver):
    r"""A direct solve for least squares with a quadratic penalty: ridge (``ridge_strength``) or generalized ridge
    (``penalty_matrix``). Exact up to rounding; it takes no options (``tol`` and ``max_iter`` are accepted and
    ignored, so that callers can pass the same options to any solver)."""

    name = "direct (Cholesky)"
    datafit_requires = ("prep",)
    accepts_sparse = True

    def condition(self, datafit, penalty):
        if getattr(penalty, "ridge_strength", None) is None and getattr(penalty, "penalty_matrix", None) is None:
            return "the penalty is not quadratic (no ridge_strength or penalty_matrix)"
        if getattr(datafit, "sparse", False) and getattr(penalty, "ridge_strength", None) is None:
            return "a sparse X takes a ridge penalty (one strength per coefficient), not a full penalty matrix"
        return None

    def solve(self, datafit, penalty, *, tol=None, max_iter=None, **options) -> RidgeResult:
        if options:
            raise TypeError(f"the direct solver has no option(s) {', '.join(map(repr, sorted(options)))}")
        # checked whether or not they are used (only a sparse X is solved iteratively): a wrong value is never ignored
        given = {"tol": None if tol is None else check_scalar(tol, "tol", strict=True),
                 "max_iter": None if max_iter is None else check_max_iter(max_iter)}
        if getattr(penalty, "ridge_strength", None) is not None:
            return _ridge_prepared(datafit.prep, penalty.ridge_strength(),
                                   **{k: v for k, v in given.items() if v is not None})
        return _generalized_prepared(datafit.prep, np.asarray(penalty.penalty_matrix(), dtype=float))
