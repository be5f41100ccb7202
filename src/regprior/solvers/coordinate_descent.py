r"""The lasso and the elastic net by coordinate descent, with a duality-gap stopping rule.

.. math::

    J(\beta) = \lVert y - X\beta\rVert_2^2 + \sum_j \lambda_{1j}|\beta_j - \theta_{0j}|
             + \lambda_2\lVert\beta - \theta_0\rVert_2^2 ,

the lasso being :math:`\lambda_2 = 0`. The coordinate update
:math:`\beta_k \leftarrow S_{\lambda_1/2}(a_k)/(\lVert x_k\rVert^2 + \lambda_2)` is derived on the
coordinate-descent page; the engine (working sets, Gap Safe screening, Gram-matrix inner solver,
Anderson extrapolation) is in :mod:`regprior.solvers._cd_kernels`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla

from .._progress import check_verbose, progress
from .._results import Readable, annotate, feature_names
from .._validation import (check_coef, check_design, check_int, check_max_iter, check_real, check_scalar,
                           check_strength, check_target)
from ..datafits.quadratic import Prepared, prepare
from ..datafits.sparse_design import SparseDesign
from ..exceptions import warn_convergence
from . import _cd_kernels as kernels
from ._threads import single_threaded_blas
from .base import Solver
from .direct import least_squares

__all__ = ["LassoResult", "LassoPath", "lasso", "elastic_net", "lasso_path", "elastic_net_path", "duality_gap",
           "lam_max", "CoordinateDescent"]

#: smallest working-set size
_P0 = 10
#: below this fraction of lambda_max (lasso only) the least-squares solution is tried first, with its own certificate
_HANDOVER = 1e-6
#: with a precomputed Gram matrix and at most this many features, the compiled solver works on all of
#: them at once: its gap is then the full gap and no outer loop is needed
_SMALL_P = 100
#: an inner solve that needs more epochs than this is taken as coordinate descent creeping (along an
#: ill-conditioned or null direction of the support), and the exact steps on the support are tried
_CREEP = 100
#: epochs of one call of the compiled solver inside the outer loop (then the outer loop takes over again)
_CHUNK = 1000
#: the exact step on the support solves a system of the support's size; above this size it is not tried
_NEWTON_MAX = 2000


@dataclass(frozen=True, repr=False)
class LassoResult(Readable):
    r"""Coefficients from coordinate descent with their optimality certificate.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The coefficients :math:`\beta` returned.
    intercept : float
        The unpenalized intercept (0.0 unless ``fit_intercept=True``).
    lam : float or ndarray
        The L1 strength :math:`\lambda_1` (one value, or one per feature).
    lam2 : float
        The L2 strength :math:`\lambda_2` (0.0 for the lasso).
    objective : float
        :math:`J(\beta)`.
    gap : float
        Duality gap at ``coef``: :math:`J(\beta) - \min J \le` ``gap`` (up to rounding).
    tol : float
        The relative tolerance requested; convergence means ``gap <= tol * ||y||^2``.
    n_iter : int
        Coordinate-descent epochs run (passes over the working sets).
    converged : bool
        Whether the gap reached the tolerance.
    """

    coef: np.ndarray
    intercept: float
    lam: float | np.ndarray
    lam2: float
    objective: float
    gap: float
    tol: float
    n_iter: int
    converged: bool


@dataclass(frozen=True, repr=False)
class LassoPath(Readable):
    r"""Solutions along a sequence of penalty strengths (warm-started from one to the next).

    Attributes
    ----------
    lams : ndarray of shape (n_lams,)
        The L1 strengths :math:`\lambda_1`, in the order solved.
    lams2 : ndarray of shape (n_lams,)
        The L2 strengths :math:`\lambda_2` (zeros for the lasso).
    coefs : ndarray of shape (n_lams, n_features)
    intercepts : ndarray of shape (n_lams,)
    gaps : ndarray of shape (n_lams,)
        Duality gap of each solution.
    n_iters : ndarray of shape (n_lams,)
        Epochs used for each solution.
    converged : ndarray of shape (n_lams,)
    """

    lams: np.ndarray
    lams2: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    gaps: np.ndarray
    n_iters: np.ndarray
    converged: np.ndarray

    def summary(self):
        """One row per strength: ``lam2``, the number of nonzero coefficients, the gap, then the coefficients."""
        return self._path_summary(self.lams, self.coefs, lam2=self.lams2, intercept=self.intercepts,
                                  n_nonzero=np.count_nonzero(self.coefs, axis=1), gap=self.gaps)


def _l1_strength(lam, p: int, *, name: str, allow_zero: bool):
    """An L1 strength: a number >= 0, or one value per feature, each > 0 unless an L2 part keeps it determined."""
    if np.ndim(lam) == 1 and not allow_zero:
        arr = np.asarray(lam, dtype=float)
        if arr.shape == (p,) and np.all(np.isfinite(arr)) and np.any(arr <= 0):
            raise ValueError(f"{name} must be > 0 (an unpenalized feature needs lam2 > 0; for an intercept use "
                             "fit_intercept)")
    return check_strength(lam, name, p)


def _use_gram(precompute, n: int, p: int, path: bool) -> bool:
    if precompute == "auto":
        # One Gram matrix serves a whole path when n >> p; a single fit builds Gram matrices of its
        # working sets only (benchmarks/ measured both).
        return path and n >= 2 * p and p <= 2000
    if not isinstance(precompute, (bool, np.bool_)):
        raise TypeError(f"precompute must be True, False or 'auto'; got {precompute!r}")
    return bool(precompute)


def _psd_solve(H: np.ndarray, rhs: np.ndarray) -> np.ndarray | None:
    r""":math:`H^{+}\,\mathrm{rhs}` for a symmetric positive semidefinite H, eigenvalues below :math:`10^{-12}` of the
    largest counted as 0; None when H is 0.

    A Cholesky factorization first (several times cheaper than the eigendecomposition, and exact where H is
    positive definite, as it is for the elastic net), accepted only when every pivot is above :math:`10^{-6}` of the
    largest diagonal entry; otherwise the eigendecomposition decides which directions are null.
    """
    try:
        factor = np.linalg.cholesky(H)
    except np.linalg.LinAlgError:
        factor = None
    if factor is not None:
        pivots = np.diagonal(factor) ** 2
        if pivots.min() > 1e-6 * max(float(np.diagonal(H).max()), 0.0):
            return sla.cho_solve((factor, True), rhs, check_finite=False)
    eigvals, eigvecs = np.linalg.eigh(H)
    keep = eigvals > 1e-12 * max(eigvals.max(), 0.0)
    if not keep.any():
        return None
    V = eigvecs[:, keep]
    return V @ ((V.T @ rhs) / eigvals[keep])


class _Engine:
    r"""The outer loop of coordinate descent, shared by single fits and paths.

    Each outer iteration computes :math:`c = X^\top r` for every feature (one BLAS pass, or
    :math:`X^\top y - X^\top X w` from a precomputed Gram matrix), the duality gap, Gap Safe screening
    and a working set W: the nonzero coefficients plus the features whose dual constraint is closest to
    active, :math:`|W| = \max(p_0, 2\,\mathrm{nnz})`. The compiled inner solver then runs coordinate
    descent on :math:`G_W = X_W^\top X_W` until the gap restricted to W is below 0.3 times the outer gap.
    Gram entries of features that stay in W are reused from one outer iteration to the next. Where coordinate
    descent creeps (the gap stops falling, or an inner solve needs more than 100 epochs), exact steps on the
    support take over: :meth:`reduce_support` along null directions (lasso), then :meth:`newton_on_support`.
    """

    def __init__(self, prep: Prepared, use_gram: bool):
        self.prep = prep
        X, y = prep.X, prep.y
        self.y_norm2 = float(y @ y)
        self.col_norm2 = np.einsum("ij,ij->j", X, X)
        self.Xty = X.T @ y
        self.XtX = X.T @ X if use_gram else None
        self._cache: dict = {}
        self._working_gram: dict = {}

    def least_squares_handover(self, lam1):
        r"""For a strength far below :math:`\lambda_{\max}`: the least-squares solution with its own certificate,
        or None.

        Coordinate descent's certificate collapses as :math:`\lambda_1 \to 0`: its dual point is the residual scaled by
        :math:`\min(1, \alpha/\lVert X^\top r\rVert_\infty)`, and near the minimum :math:`X^\top r` is rounding noise
        that exceeds a tiny :math:`\alpha = \lambda_1/2`, so the gap stays near the objective however good the point
        is. Least squares gives a certificate that does not collapse: any penalty is >= 0, so
        :math:`\min J \ge \min_\beta\lVert y - X\beta\rVert^2 \ge \lVert r_{LS}\rVert^2 - G_{LS}` (``least_squares``'s
        gap :math:`G_{LS}`), hence :math:`J(\beta_{LS}) - \min J \le G_{LS} + \sum_j\lambda_{1j}|\beta_{LS,j}|`.
        Returned: :math:`\beta_{LS}`, that bound and the objective there; the caller takes :math:`\beta_{LS}` when the
        bound is within its tolerance, and otherwise starts from it. Needs X of full column rank (else None: there is
        no unique least-squares solution).
        """
        if self.prep.X.shape[0] < self.prep.X.shape[1] or np.max(lam1) > _HANDOVER * self.lam_max():
            return None
        if "ls" not in self._cache:
            try:
                self._cache["ls"] = least_squares(self.prep.X, self.prep.y)
            except ValueError:  # rank-deficient: no unique least-squares point to hand over to
                self._cache["ls"] = None
        if self._cache["ls"] is None:
            return None
        u, ls_gap = self._cache["ls"]
        penalty = float(np.sum(np.asarray(lam1) * np.abs(u)))
        r = self.prep.y - self.prep.X @ u
        return u.copy(), ls_gap + penalty, float(r @ r) + penalty

    def lam_max(self) -> float:
        r"""Smallest λ₁ (for λ₂ = 0) at which β − θ₀ = 0 is optimal: :math:`2\lVert X^\top y\rVert_\infty`."""
        return float(2 * np.abs(self.Xty).max())

    def _gram(self, W: np.ndarray, cache: dict) -> np.ndarray:
        r""":math:`X_W^\top X_W`, reusing the entries of the previous working set."""
        if self.XtX is not None:
            return self.XtX[np.ix_(W, W)]
        X = self.prep.X
        old_W, old_G = cache.get("W"), cache.get("G")
        G = np.empty((W.size, W.size))
        if old_W is None:
            XW = X[:, W]
            G[:] = XW.T @ XW
        else:
            position = np.full(X.shape[1], -1)
            position[old_W] = np.arange(old_W.size)
            pos = position[W]
            kept = pos >= 0
            G[np.ix_(kept, kept)] = old_G[np.ix_(pos[kept], pos[kept])]
            fresh = ~kept
            if fresh.any():
                cross = X[:, W[fresh]].T @ X[:, W]
                G[fresh] = cross
                G[:, fresh] = cross.T
        cache["W"], cache["G"] = W, G
        return G

    def _support_gram(self, S: np.ndarray) -> np.ndarray:
        if self.XtX is not None:
            return self.XtX[np.ix_(S, S)]
        W, G = self._working_gram.get("W"), self._working_gram.get("G")
        if W is not None:  # the support usually lies in the last working set, whose Gram matrix is at hand
            pos = np.searchsorted(W, S)
            if np.all(pos < W.size) and np.array_equal(W[np.minimum(pos, W.size - 1)], S):
                return G[np.ix_(pos, pos)]
        XS = self.prep.X[:, S]
        return XS.T @ XS

    def reduce_support(self, w: np.ndarray, alpha: np.ndarray) -> bool:
        r"""Lasso only: drop coefficients along the null space of :math:`X_S` (S the support), in place.

        If :math:`X_S d = 0`, moving :math:`w_S` along d leaves the fit :math:`Xw` unchanged and changes the
        penalty linearly, by :math:`t\,\sum_j \alpha_j\operatorname{sign}(w_j)d_j` while no sign changes. The
        direction :math:`d = -N N^\top(\alpha\odot\operatorname{sign} w_S)` (N an orthonormal basis of the null
        space) lowers it until a coefficient reaches 0 and leaves the support; the null space of the smaller
        support is the part of N with a zero in that coordinate. Coordinate descent can only creep along such
        directions one coordinate at a time; this step takes them exactly, until :math:`X_S` has full column
        rank or the penalty is flat along what is left. It is kept only if it lowers the objective. Returns
        whether anything changed.
        """
        S = np.flatnonzero(w)
        if S.size == 0:
            return False
        eigvals, eigvecs = np.linalg.eigh(self._support_gram(S))
        N = eigvecs[:, eigvals <= 1e-12 * max(eigvals.max(), 0.0)]
        trial = w[S].copy()
        weights = alpha[S]
        moved = False
        while N.shape[1] > 0:
            slope = N.T @ (weights * np.sign(trial))  # the penalty's derivative along each null direction
            if np.linalg.norm(slope) <= 1e-12 * np.linalg.norm(weights):
                break  # the penalty is flat along what is left of the null space
            d = -N @ slope  # the penalty falls along d at rate ||slope||^2, so some coordinate shrinks toward 0
            shrinking = d * trial < 0
            steps = np.where(shrinking, -trial / np.where(shrinking, d, 1.0), np.inf)
            step = steps.min()
            trial += step * d
            moved = True
            # Every coordinate that reaches 0 at this step (ties included) leaves the support: keep only the null
            # directions with a zero entry there, N Q with Q an orthonormal basis of {q : N[k] q = 0}, and make
            # that row exactly 0 so that later steps cannot move the coordinate off 0 by rounding.
            for k in np.flatnonzero(steps <= step * (1 + 1e-9)):
                trial[k] = 0.0
                row = N[k]
                if row.any() and N.shape[1] > 0:
                    _, _, vt = np.linalg.svd(row[None, :])
                    N = N @ vt[1:].T
                N[k] = 0.0
        if not moved:
            return False
        candidate = w.copy()
        candidate[S] = trial
        if self._halved_objective(candidate, alpha) >= self._halved_objective(w, alpha):
            return False  # approximate null directions that do not pay off
        w[:] = candidate
        return True

    def newton_on_support(self, w: np.ndarray, alpha: np.ndarray, gamma: float) -> bool:
        r"""Minimize exactly over the support with its signs held, in place.

        On the support S with signs :math:`s = \operatorname{sign}(w_S)` held, the halved objective is the
        quadratic :math:`\tfrac12 w_S^\top H w_S - (X_S^\top y - \alpha_S \odot s)^\top w_S + \text{const}`,
        :math:`H = X_S^\top X_S + \gamma I`, least at :math:`t = H^{+}(X_S^\top y - \alpha_S\odot s)` (eigenvalues
        below :math:`10^{-12}` of the largest count as 0: those null directions are :meth:`reduce_support`'s).
        Coordinate descent approaches t at a rate set by the conditioning of H: for two equal columns of squared
        norm q and the elastic net, the difference of their coefficients shrinks by :math:`1 - 2\gamma/q` per
        epoch (:math:`10^{-7}` for q = 10^7, too close to 1 for Anderson extrapolation, whose regularization
        hides it). This step goes to t directly, or, if some coefficient would change sign on the way, to the
        point where the first one reaches 0 (the quadratic falls all along the segment, where the signs hold).
        It is kept only if it lowers the objective. Returns whether anything changed.
        """
        S = np.flatnonzero(w)
        if S.size == 0 or S.size > _NEWTON_MAX:
            return False
        H = self._support_gram(S) + gamma * np.eye(S.size)
        signs = np.sign(w[S])
        rhs = self.Xty[S] - alpha[S] * signs
        target = _psd_solve(H, rhs)
        if target is None:
            return False
        current = w[S]
        d = target - current
        flips = target * signs <= 0
        step = 1.0
        if flips.any():
            # c / (c - t) with c t <= 0 is in (0, 1], also after rounding (|fl(c - t)| >= |c|)
            reach = -current[flips] / d[flips]
            step = float(reach.min())
        trial = current + step * d
        if flips.any():
            trial[np.flatnonzero(flips)[reach <= step * (1 + 1e-12)]] = 0.0  # those that reach 0 at this step
        # No other coefficient changes sign, even by rounding: one whose target has its sign moves by at most
        # fl(step |d|) <= |d| <= |c| toward 0, and a flipping one not zeroed stops 1e-12 of |c| short of 0.
        candidate = w.copy()
        candidate[S] = trial
        if self._halved_objective(candidate, alpha, gamma) >= self._halved_objective(w, alpha, gamma):
            return False
        w[:] = candidate
        return True

    def _halved_objective(self, w: np.ndarray, alpha: np.ndarray, gamma: float = 0.0) -> float:
        S = np.flatnonzero(w)
        if self.XtX is not None:
            fit = self.y_norm2 - 2 * float(self.Xty[S] @ w[S]) + float(w[S] @ self.XtX[np.ix_(S, S)] @ w[S])
        else:
            r = self.prep.y - self.prep.X[:, S] @ w[S]
            fit = float(r @ r)
        return 0.5 * fit + float(alpha @ np.abs(w)) + 0.5 * gamma * float(w @ w)

    def _polish(self, w: np.ndarray, alpha: np.ndarray, gamma: float) -> bool:
        """The exact steps for creeping coordinate descent: null directions (lasso), then the support's minimum."""
        reduced = gamma == 0.0 and self.reduce_support(w, alpha)
        return self.newton_on_support(w, alpha, gamma) or reduced

    def solve(self, lam1, lam2: float, tol: float, max_iter: int, start: np.ndarray):
        """Minimize from ``start``; returns (coef, gap of J, J, epochs)."""
        X = self.prep.X
        p = start.shape[0]
        alpha = np.broadcast_to(0.5 * np.asarray(lam1, dtype=float), (p,)).copy()
        gamma = float(lam2)
        w = start.copy()
        w[self.col_norm2 == 0.0] = 0.0
        tol_half = 0.5 * tol * self.y_norm2
        if self.XtX is not None and p <= _SMALL_P:
            epochs = 0
            while True:
                budget = min(_CREEP, max_iter - epochs)
                used, gap = kernels.gram_cd(self.XtX, self.Xty, w, alpha, gamma, self.y_norm2, tol_half, budget)
                epochs += used
                if gap <= tol_half or epochs >= max_iter:
                    break
                self._polish(w, alpha, gamma)  # coordinate descent creeps
            return w, 2.0 * gap, 2.0 * float(kernels._gram_primal(w, self.XtX, self.Xty, alpha, gamma,
                                                                     self.y_norm2)), epochs
        screened = np.zeros(p, dtype=bool)
        cache = self._working_gram  # Gram entries do not depend on the strength: a path reuses them point to point
        r = np.empty(X.shape[0])
        epochs = 0
        previous_gap = np.inf
        polished = False
        inner_stalled = False
        while True:
            support = np.flatnonzero(w)
            c, r_norm2, r_dot_y = self._correlations(w, support, r)
            gap, primal, scale = kernels.gap_from_correlations(c, w, alpha, gamma, r_norm2, r_dot_y)
            if gap <= tol_half or epochs >= max_iter:
                return w, 2.0 * gap, 2.0 * primal, epochs
            # A support with more coefficients than samples, a gap that stopped falling, or an inner solve that
            # needed many epochs is where coordinate descent creeps: along a null direction of X_S
            # (lasso), or along an ill-conditioned direction of X_S^T X_S + lam2 I. The exact steps go there.
            stalled = support.size > X.shape[0] or gap > 0.9 * previous_gap or inner_stalled
            if stalled and not polished and self._polish(w, alpha, gamma):
                polished = True
                continue
            polished = False
            previous_gap = gap
            priority, available = kernels.screen_and_rank(c, w, alpha, gamma, self.col_norm2, scale,
                                                          np.sqrt(2.0 * gap), screened)
            size = min(max(_P0, 2 * support.size), available)
            W = np.sort(np.argpartition(priority, size - 1)[:size]) if size < p else np.arange(p)
            wW = w[W]
            target = max(kernels.INNER_FRACTION * gap, 0.5 * tol_half)
            used = self._inner(W, wW, alpha[W], gamma, target, min(_CHUNK, max_iter - epochs), cache, r)
            inner_stalled = used > _CREEP
            epochs += used
            w[W] = wW

    def _correlations(self, w: np.ndarray, support: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, float, float]:
        r""":math:`c = X^\top r`, :math:`\lVert r\rVert^2` and :math:`r^\top y` for :math:`r = y - Xw` (``w`` zero off
        ``support``); ``r`` is filled in when the residual is formed."""
        if self.XtX is not None:
            c = self.Xty - self.XtX[:, support] @ w[support]
            xw = float(self.Xty[support] @ w[support])
            return c, self.y_norm2 - xw - float(w[support] @ c[support]), self.y_norm2 - xw
        X, y = self.prep.X, self.prep.y
        np.subtract(y, X[:, support] @ w[support], out=r)
        return X.T @ r, float(r @ r), float(r @ y)

    def _inner(self, W, wW, alpha, gamma, tol, budget, cache, r) -> int:
        """Coordinate descent on the working set W from ``wW`` (updated in place); returns the epochs used."""
        G = self._gram(W, cache)
        used, _ = kernels.gram_cd(G, self.Xty[W], wW, alpha, gamma, self.y_norm2, tol, budget)
        return used


class _SparseEngine(_Engine):
    r"""The same outer loop on a sparse design (a ``SparseDesign`` (``regprior.datafits.sparse_design``)).

    The inner solver runs on the working set's sparse columns and the residual
    (``_cd_kernels.sparse_cd``) instead of their Gram matrix: an update costs the nonzeros
    of one column, where a Gram row costs the size of the working set. Centring and weights stay implicit.
    """

    def __init__(self, prep: Prepared):
        self.prep = prep
        design = prep.X
        self.y_norm2 = float(prep.y @ prep.y)
        self.col_norm2 = design.col_norm2()
        self.Xty = design.T @ prep.y
        self.XtX = None
        self._working_gram: dict = {}  # handed to _inner by the shared loop; the sparse inner solver needs no Gram

    def least_squares_handover(self, lam1):
        """None: least squares on a sparse design is not solved here (the lasso's certificate is used as it is)."""
        return None

    def _support_gram(self, S: np.ndarray) -> np.ndarray:
        return self.prep.X.gram(S)

    def _halved_objective(self, w: np.ndarray, alpha: np.ndarray, gamma: float = 0.0) -> float:
        r = self.prep.y - self.prep.X @ w
        return 0.5 * float(r @ r) + float(alpha @ np.abs(w)) + 0.5 * gamma * float(w @ w)

    def _correlations(self, w, support, r):
        np.subtract(self.prep.y, self.prep.X @ w, out=r)
        return self.prep.X.T @ r, float(r @ r), float(r @ self.prep.y)

    def _inner(self, W, wW, alpha, gamma, tol, budget, cache, r) -> int:
        used, _ = kernels.sparse_cd(self.prep.X, W, wW, alpha, self.col_norm2[W], self.Xty[W], gamma, r, self.y_norm2,
                                    tol, budget)
        return used


def _engine(prep: Prepared, precompute, path: bool) -> _Engine:
    """The engine for a prepared problem: dense (Gram matrices) or sparse (columns and residual)."""
    n, p = prep.X.shape
    if isinstance(prep.X, SparseDesign):
        if precompute is True:
            raise ValueError("precompute=True needs a dense X (a sparse X is solved column by column); use 'auto'")
        _use_gram(precompute, n, p, path)  # the type check
        return _SparseEngine(prep)
    return _Engine(prep, _use_gram(precompute, n, p, path))


def _fit(X, y, lam1, lam2, *, prior_mean, fit_intercept, sample_weight, tol, max_iter, coef_init, precompute,
         name: str) -> LassoResult:
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, prior_mean=prior_mean,
                   rescale=True, accept_sparse=True)
    return annotate(_fit_prepared(prep, lam1, lam2, tol=tol, max_iter=max_iter, coef_init=coef_init,
                                  precompute=precompute, name=name), X)


def _fit_prepared(prep: Prepared, lam1, lam2, *, tol, max_iter, coef_init, precompute, name: str) -> LassoResult:
    """Coordinate descent on an already prepared problem (column-major X)."""
    n, p = prep.X.shape
    lam2 = check_scalar(lam2, "lam2", strict=False)
    lam1 = _l1_strength(lam1, p, name="lam1" if name == "elastic_net" else "lam", allow_zero=lam2 > 0)
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_max_iter(max_iter)
    shift = 0.0 if prep.prior_mean is None else prep.prior_mean
    # the canonical problem may be posed in other units (prepare's rescale): start and strengths in those
    start = np.zeros(p) if coef_init is None else check_coef(coef_init, p) * (prep.x_unit / prep.y_unit) - shift
    tol_abs = tol * float(prep.y @ prep.y)
    if np.all(np.asarray(lam1) == 0) and lam2 == 0:
        if isinstance(prep.X, SparseDesign):
            raise ValueError(f"lam = 0 with a sparse X is least squares, which {name} does not solve for sparse input; "
                             "use lam > 0 (or a dense X)")
        u, gap = least_squares(prep.X, prep.y)
        r = prep.y - prep.X @ u
        coef = prep.coef(u)
        return LassoResult(coef, prep.intercept(coef), lam1, lam2, prep.value(float(r @ r)), prep.value(gap), tol,
                           0, bool(gap <= tol_abs))
    engine = _engine(prep, precompute, path=False)
    with single_threaded_blas():
        handover = engine.least_squares_handover(prep.l1(lam1)) if lam2 == 0 else None
        if handover is not None and handover[1] <= tol_abs:
            u, gap, primal, epochs = handover[0], handover[1], handover[2], 0
        else:
            if handover is not None and coef_init is None:
                start = handover[0]  # near the solution for so small a strength
            u, gap, primal, epochs = engine.solve(prep.l1(lam1), prep.l2(lam2, "lam2"), tol, max_iter, start)
    converged = bool(gap <= tol_abs)
    if not converged:
        _warn(name, epochs, gap, tol_abs, tol, prep)
    coef = prep.coef(u)
    return LassoResult(coef, prep.intercept(coef), lam1, lam2, prep.value(primal), prep.value(gap), tol, epochs,
                       converged)


def _warn(name: str, epochs: int, gap: float, tol_abs: float, tol: float, prep: Prepared) -> None:
    """Warn that the gap ``gap`` of the canonical problem is above ``tol_abs`` (both in its units, where the relative
    gap is computed: in y's own units ``||y||^2`` or the gap may be subnormal or 0); the message gives them in y's."""
    relative = gap * tol / tol_abs if tol_abs > 0 else float("inf")
    warn_convergence(
        f"{name} did not converge in {epochs} epochs: duality gap {prep.value(gap):.3e} > tol * ||y||^2 = "
        f"{prep.value(tol_abs):.3e} "
        f"(relative gap {relative:.3e} > tol = {tol:g}); increase max_iter or loosen tol"
    )


_SHARED_PARAMETERS = r"""
    prior_mean : float or array_like of shape (n_features,), optional
        :math:`\theta_0`, the value the penalty is centred at (default 0).
    fit_intercept : bool, default False
        Fit an unpenalized intercept (a flat prior on it), by centring.
    sample_weight : array_like of shape (n_samples,), optional
        Weights :math:`s_i \ge 0`: sample i has noise variance :math:`\sigma^2/s_i`.
    tol : float, default 1e-8
        Relative tolerance: stop when the duality gap is at most ``tol * ||y||^2`` (y after centring and
        weighting). Since :math:`J(0) = \lVert y\rVert^2`, this is the gap relative to the objective at
        β = θ₀, and :math:`\lVert X\beta - X\hat\beta\rVert^2 \le` gap.
    max_iter : int, default 100000
        Budget of coordinate-descent epochs in total. An epoch is one pass over the current working set
        (often a few dozen features, not all of them), so epochs are cheap.
    coef_init : array_like of shape (n_features,), optional
        Starting point (warm start).
    precompute : bool or "auto", default "auto"
        Precompute the full Gram matrix :math:`X^\top X`. ``"auto"`` does so for paths with n >= 2p."""


def lasso(X, y, lam, *, prior_mean=None, fit_intercept: bool = False, sample_weight=None, tol: float = 1e-8,
          max_iter: int = 100_000, coef_init=None, precompute="auto") -> LassoResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + \lambda\lVert\beta\rVert_1` (the MAP under a Laplace prior).

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
        Design matrix (any real dtype; computed in float64). A sparse X (CSR, CSC) is never densified: the
        intercept and the weights are applied implicitly, as the centred matrix would be.
    y : array_like of shape (n_samples,)
        Response.
    lam : float or array_like of shape (n_features,)
        Penalty strength λ >= 0, or one :math:`\lambda_j > 0` per feature (weighted lasso). Under a
        Laplace(0, b) prior with noise standard deviation σ, :math:`\lambda = 2\sigma^2/b`. λ = 0 is
        least squares and needs X of full column rank.
    {shared}

    Returns
    -------
    LassoResult
        ``.coef`` holds the coefficients; ``.gap``, ``.n_iter`` and ``.converged`` say how good they are.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` epochs end with the gap above ``tol * ||y||^2``; the message gives the gap reached.

    Notes
    -----
    Every λ at or above :math:`\lambda_{\max} = 2\lVert X^\top y\rVert_\infty` (:func:`lam_max`) gives
    :math:`\hat\beta = 0`. A column of zeros gets coefficient 0. When the lasso solution is not unique
    (e.g. p > n), the fitted values :math:`X\hat\beta` still are.

    For λ below :math:`10^{-6}\lambda_{\max}` (and X of full column rank) the least-squares solution is tried first:
    coordinate descent's duality gap cannot certify such a strength, because its dual point is the residual scaled
    down until :math:`\lVert X^\top r\rVert_\infty \le \lambda/2`, and at the solution :math:`X^\top r` is rounding
    noise larger than :math:`\lambda/2` (at :math:`\lambda = 10^{-13}\lambda_{\max}` it ran minutes and warned with a
    gap near the objective, although its coefficients were least squares to 6e-13). Least squares carries its own
    certificate: the penalty is >= 0, so :math:`J(\beta_{LS}) - \min J \le G_{LS} + \lambda\lVert\beta_{LS}\rVert_1`
    with :math:`G_{LS}` the least-squares duality gap; when that is within the tolerance it is the answer
    (``n_iter = 0``), otherwise it is the warm start.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> result = rp.lasso(X, y, lam=1.0)
    >>> np.round(result.coef, 6), bool(result.converged)
    (array([0.833333, 1.833333]), True)
    """
    return _fit(X, y, lam, 0.0, prior_mean=prior_mean, fit_intercept=fit_intercept, sample_weight=sample_weight,
                tol=tol, max_iter=max_iter, coef_init=coef_init, precompute=precompute, name="lasso")


def elastic_net(X, y, lam1, lam2, *, prior_mean=None, fit_intercept: bool = False, sample_weight=None,
                tol: float = 1e-8, max_iter: int = 100_000, coef_init=None, precompute="auto") -> LassoResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2 + \lambda_1\lVert\beta\rVert_1 + \lambda_2\lVert\beta\rVert_2^2`.

    The MAP under the product prior :math:`p(\beta_j) \propto e^{-|\beta_j|/b - \beta_j^2/(2\sigma_w^2)}`,
    with :math:`\lambda_1 = 2\sigma^2/b` and :math:`\lambda_2 = \sigma^2/\sigma_w^2`.

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    lam1 : float or array_like of shape (n_features,)
        L1 strength >= 0 (per feature allowed; zeros leave a feature with only the L2 penalty).
    lam2 : float
        L2 strength >= 0. With ``lam1 = 0`` this is ridge regression, solved by the same engine with a
        duality gap that stays valid without an L1 part (for that case :func:`~regprior.ridge`, a direct
        solve, is faster and exact: coordinate descent on a badly conditioned quadratic is slow).
    {shared}

    Returns
    -------
    LassoResult

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> result = rp.elastic_net(X, y, lam1=0.0, lam2=1.0, tol=1e-14)     # pure ridge
    >>> np.round(result.coef, 6)
    array([0.875, 1.375])
    """
    return _fit(X, y, lam1, lam2, prior_mean=prior_mean, fit_intercept=fit_intercept, sample_weight=sample_weight,
                tol=tol, max_iter=max_iter, coef_init=coef_init, precompute=precompute, name="elastic_net")


lasso.__doc__ = lasso.__doc__.replace("{shared}", _SHARED_PARAMETERS.strip("\n").lstrip())
elastic_net.__doc__ = elastic_net.__doc__.replace("{shared}", _SHARED_PARAMETERS.strip("\n").lstrip())


def _path(X, y, lams, lams2, *, n_lams, lam_min_ratio, fit_intercept, sample_weight, tol, max_iter, precompute,
          verbose, name: str, lams_name: str) -> LassoPath:
    names = feature_names(X)
    verbose = check_verbose(verbose)
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, rescale=True, accept_sparse=True)
    n, p = prep.X.shape
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_max_iter(max_iter)
    engine = _engine(prep, precompute, path=True)  # its one-off products (X^T y, X^T X) may use every thread
    if lams is None:
        n_lams = check_int(n_lams, "n_lams", minimum=1)
        ratio = check_scalar(lam_min_ratio, "lam_min_ratio", strict=True)
        if ratio >= 1:
            raise ValueError(f"lam_min_ratio must be < 1; got {ratio}")
        top = engine.lam_max() * prep.x_unit * prep.y_unit  # an L1 strength maps by a b: back to the original
        if not 0.0 < top < np.inf and engine.lam_max() > 0.0:
            raise ValueError("X and y: the strengths of the path (lambda_max = 2 max|X^T y|) are not representable in "
                             "float64 for data this small or large; rescale X and y, or pass lams")
        if top == 0.0:
            raise ValueError(f"X^T y = 0: every lambda gives beta = 0, so there is no path to compute; "
                             f"pass {lams_name}")
        lams = top * np.geomspace(1.0, ratio, n_lams)
    lams = np.asarray(check_real(lams, lams_name), dtype=float)
    if lams.ndim != 1 or lams.size == 0 or not np.all(np.isfinite(lams)) or np.any(lams < 0):
        raise ValueError(f"{lams_name} must be a non-empty 1-D array of finite values >= 0")
    lams2 = np.asarray(check_real(lams2, "lam2"), dtype=float)
    if lams2.ndim != 0 and lams2.shape != lams.shape:
        raise ValueError(f"lam2 must be a number or have one value per strength in {lams_name}, shape {lams.shape}; "
                         f"got shape {lams2.shape}")
    lams2 = np.broadcast_to(lams2, lams.shape)
    if not np.all(np.isfinite(lams2)) or np.any(lams2 < 0):
        raise ValueError("lam2 must be finite and >= 0")
    if np.any((lams == 0) & (lams2 == 0)):
        raise ValueError(f"{lams_name} contains 0 with lam2 = 0 (least squares); use rp.ridge(X, y, 0) for that point")
    tol_abs = tol * engine.y_norm2
    coefs = np.empty((lams.size, p))
    gaps, n_iters = np.empty(lams.size), np.empty(lams.size, dtype=int)
    w = np.zeros(p)
    converged = np.empty(lams.size, dtype=bool)
    with single_threaded_blas():
        for t, (lam1, lam2) in progress(enumerate(zip(lams, lams2)), total=lams.size, desc=name, verbose=verbose):
            handover = engine.least_squares_handover(prep.l1(lam1)) if lam2 == 0 else None
            if handover is not None and handover[1] <= tol_abs:
                w, gaps[t], n_iters[t] = handover[0], handover[1], 0
            else:
                w, gaps[t], _, n_iters[t] = engine.solve(prep.l1(lam1), prep.l2(lam2, "lam2"), tol, max_iter, w)
            coefs[t] = prep.coef(w)
            converged[t] = gaps[t] <= tol_abs
            if not converged[t]:
                _warn(f"{name} at lam={lam1:.4g}", int(n_iters[t]), float(gaps[t]), tol_abs, tol, prep)
    intercepts = prep.y_offset - coefs @ prep.x_offset
    return annotate(LassoPath(lams, np.array(lams2), coefs, intercepts, prep.value(gaps), n_iters, converged),
                    feature_names=names)


def lasso_path(X, y, lams=None, *, n_lams: int = 100, lam_min_ratio: float = 1e-3, fit_intercept: bool = False,
               sample_weight=None, tol: float = 1e-8, max_iter: int = 100_000, precompute="auto",
               verbose=False) -> LassoPath:
    r"""Lasso solutions for a sequence of λ, each warm-started from the previous one.

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    lams : array_like of shape (n_lams,), optional
        Penalty strengths, solved in the given order (decreasing order makes warm starts most useful).
        Default: ``n_lams`` values spaced geometrically from :math:`\lambda_{\max} = 2\lVert X^\top y\rVert_\infty`
        down to ``lam_min_ratio`` times it.
    n_lams : int, default 100
    lam_min_ratio : float, default 1e-3
    fit_intercept, sample_weight, tol, max_iter, precompute
        As in :func:`lasso`.
    verbose : bool or int, default False
        Report progress along the path (a tqdm bar when tqdm is installed, else a line at every tenth).

    Returns
    -------
    LassoPath

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((30, 5))
    >>> y = X @ np.array([2.0, 0.0, 0.0, -1.0, 0.0]) + 0.1 * rng.standard_normal(30)
    >>> path = rp.lasso_path(X, y, n_lams=5, lam_min_ratio=1e-2)
    >>> (path.coefs != 0).sum(axis=1)          # features enter as lambda decreases
    array([0, 2, 2, 2, 3])
    """
    return _path(X, y, lams, 0.0, n_lams=n_lams, lam_min_ratio=lam_min_ratio, fit_intercept=fit_intercept,
                 sample_weight=sample_weight, tol=tol, max_iter=max_iter, precompute=precompute, verbose=verbose,
                 name="lasso_path", lams_name="lams")


def elastic_net_path(X, y, lams1=None, lam2=0.0, *, n_lams: int = 100, lam_min_ratio: float = 1e-3,
                     fit_intercept: bool = False, sample_weight=None, tol: float = 1e-8, max_iter: int = 100_000,
                     precompute="auto", verbose=False) -> LassoPath:
    r"""Elastic-net solutions along a sequence of λ₁ (λ₂ fixed, or one value per λ₁), warm-started.

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    lams1 : array_like of shape (n_lams,), optional
        L1 strengths; default as in :func:`lasso_path`.
    lam2 : float or array_like of shape (n_lams,), default 0.0
        L2 strength(s). To follow scikit-learn's path at a fixed ``l1_ratio`` ρ, use
        :math:`\lambda_2 = \lambda_1(1-\rho)/(2\rho)` for each point.
    n_lams, lam_min_ratio, fit_intercept, sample_weight, tol, max_iter, precompute, verbose
        As in :func:`lasso_path`.

    Returns
    -------
    LassoPath
    """
    return _path(X, y, lams1, lam2, n_lams=n_lams, lam_min_ratio=lam_min_ratio, fit_intercept=fit_intercept,
                 sample_weight=sample_weight, tol=tol, max_iter=max_iter, precompute=precompute, verbose=verbose,
                 name="elastic_net_path", lams_name="lams1")


def lam_max(X, y, *, fit_intercept: bool = False, sample_weight=None) -> float:
    r"""The smallest lasso λ with an all-zero solution, :math:`\lambda_{\max} = 2\lVert X^\top y\rVert_\infty`.

    Any Laplace prior whose strength :math:`2\sigma^2/b` reaches it, i.e. with
    :math:`b \le \sigma^2/\lVert X^\top y\rVert_\infty`, has MAP exactly 0.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> rp.lam_max(X, np.array([1.0, 2.0, 3.0]))
    10.0
    """
    prep = prepare(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight, order=None, rescale=True,
                   accept_sparse=True)
    return float(2 * np.abs(prep.X.T @ prep.y).max()) * prep.x_unit * prep.y_unit


def duality_gap(X, y, coef, lam, lam2: float = 0.0) -> float:
    r"""Duality gap of the canonical elastic net at ``coef``: an upper bound on :math:`J(\beta) - \min J`.

    With :math:`r = y - X\beta`, :math:`c = X^\top r`, :math:`\alpha = \lambda_1/2` and
    :math:`s = \min(1, \alpha/\lVert c - \lambda_2\beta\rVert_\infty)`, the point :math:`\theta = s r` is
    feasible for the dual :math:`\max_\theta\, \theta^\top y - \tfrac12\lVert\theta\rVert^2` of the lasso on the
    design :math:`[X; \sqrt{\lambda_2} I]`, and

    .. math::

        \mathrm{gap} = J(\beta)
        - 2\bigl(\theta^\top y - \tfrac12\lVert\theta\rVert^2 - \tfrac{\lambda_2}{2}s^2\lVert\beta\rVert^2\bigr)
        \ge J(\beta) - \min J .

    For :math:`\lambda_2 > 0` the exact elastic-net dual at :math:`\theta = r`,
    :math:`r^\top y - \tfrac12\lVert r\rVert^2 - \sum_j(|c_j| - \alpha_j)_+^2/(2\lambda_2)`, is also evaluated and
    the smaller gap returned (it remains valid when :math:`\lambda_1 = 0`).

    Parameters
    ----------
    X : array_like or scipy.sparse matrix of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    coef : array_like of shape (n_features,)
    lam : float or array_like of shape (n_features,)
        L1 strength(s) λ₁ (> 0 when ``lam2`` is 0).
    lam2 : float, default 0.0

    Returns
    -------
    float
    """
    X = check_design(X, order=None, accept_sparse=True)
    y = check_target(y, X.shape[0])
    coef = check_coef(coef, X.shape[1], name="coef")
    lam2 = check_scalar(lam2, "lam2", strict=False)
    lam = _l1_strength(lam, X.shape[1], name="lam", allow_zero=lam2 > 0)
    if lam2 == 0 and np.ndim(lam) == 0 and lam == 0:
        raise ValueError("lam must be > 0 when lam2 is 0 (the lasso dual needs a positive L1 strength)")
    alpha = np.broadcast_to(0.5 * np.asarray(lam, dtype=float), coef.shape).copy()
    with np.errstate(over="ignore", invalid="ignore"):
        r = y - np.asarray(X @ coef)
        gap, _, _ = kernels.gap_from_correlations(np.asarray(X.T @ r), coef, alpha, lam2, float(r @ r), float(r @ y))
    if not np.isfinite(gap):
        raise ValueError("coef: the objective at these coefficients overflows float64 (its residuals or penalty are "
                         "too large to square), so there is no finite gap to report")
    return float(2 * gap)


class CoordinateDescent(Solver):
    r"""Coordinate descent with working sets, screening and a duality-gap certificate (the lasso engine).

    Requires the least-squares datafit and a penalty of the elastic-net form
    :math:`\sum_j \lambda_{1j}|u_j| + \lambda_2 u_j^2` (``elastic_net_strengths``). Options: ``tol``, ``max_iter``,
    ``coef_init``, ``precompute`` as in :func:`lasso`.
    """

    name = "coordinate descent"
    datafit_requires = ("prep",)
    penalty_requires = ("elastic_net_strengths",)
    accepts_sparse = True

    def condition(self, datafit, penalty):
        if penalty.elastic_net_strengths() is None:
            return "the penalty is not of the elastic-net form (one L2 strength for all coefficients)"
        return None

    def solve(self, datafit, penalty, *, tol: float = 1e-8, max_iter: int = 100_000, coef_init=None,
              precompute="auto") -> LassoResult:
        lam1, lam2 = penalty.elastic_net_strengths()
        prep = datafit.prep
        if isinstance(prep.X, np.ndarray) and not prep.X.flags.f_contiguous:
            prep = dataclasses.replace(prep, X=np.asfortranarray(prep.X))
        return _fit_prepared(prep, lam1, lam2, tol=tol, max_iter=max_iter, coef_init=coef_init,
                             precompute=precompute, name="lasso" if np.all(np.asarray(lam2) == 0) else "elastic_net")
