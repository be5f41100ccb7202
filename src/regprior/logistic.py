r"""MAP logistic regression: a Bernoulli likelihood with a Gaussian or Laplace prior on the coefficients.

With labels :math:`y_i \in \{0, 1\}`, :math:`P(y_i = 1) = 1/(1 + e^{-x_i^\top\beta})` and a prior on each
coefficient, the negative log-posterior is, up to a constant (derived on the logistic page),

.. math::

    \sum_i \log\bigl(1 + e^{-s_i x_i^\top\beta}\bigr) + \sum_j \frac{(\beta_j - \theta_{0j})^2}{2\sigma_{wj}^2}
    \quad\text{or}\quad \cdots + \sum_j \frac{|\beta_j - \theta_{0j}|}{b_j},\qquad s_i = 2y_i - 1 .

There is no noise variance in a Bernoulli likelihood, so the factor in front of the data fit is 1 and the
prior scale is read off directly: scikit-learn's ``LogisticRegression`` minimizes
:math:`C\sum_i\log(1 + e^{-s_i x_i^\top\beta}) + r(\beta)` with :math:`r = \tfrac12\lVert\beta\rVert^2`
(``l1_ratio=0``) or :math:`\lVert\beta\rVert_1` (``l1_ratio=1``), so :math:`C = \sigma_w^2` and :math:`C = b`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from scipy.special import expit, log1p

from ._validation import check_coef, check_design, check_int, check_scalar, check_target
from .exceptions import warn_convergence
from .priors import GaussianPrior, LaplacePrior

__all__ = ["LogisticResult", "logistic_map", "logistic_duality_gap"]


@dataclass(frozen=True)
class LogisticResult:
    r"""The MAP coefficients of a logistic regression with their optimality certificate.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        :math:`\hat\beta`.
    objective : float
        The negative log-posterior up to its constant: log-loss plus penalty.
    gap : float
        Duality gap at ``coef``: ``objective`` minus the minimum is at most ``gap`` (up to rounding).
    tol : float
        Convergence means ``gap <= tol * n_samples``.
    n_iter : int
        Newton steps (Gaussian prior) or proximal-gradient steps (Laplace prior).
    converged : bool
        Whether the gap reached the tolerance.
    method : str
        ``"newton"`` or ``"fista"``.
    """

    coef: np.ndarray
    objective: float
    gap: float
    tol: float
    n_iter: int
    converged: bool
    method: str


def _log1pexp(t: np.ndarray) -> np.ndarray:
    """log(1 + e^t) without overflow."""
    return np.logaddexp(0.0, t)


def _entropy(w: np.ndarray) -> np.ndarray:
    """-w log w - (1 - w) log(1 - w), with 0 log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(np.where(w > 0, w * np.log(w), 0.0) + np.where(w < 1, (1 - w) * log1p(-w), 0.0))
    return h


def _check_labels(y, n: int) -> np.ndarray:
    """Labels in {0, 1} (or {-1, 1}, or booleans) as signs s_i in {-1, +1}."""
    y = check_target(y, n)
    values = set(np.unique(y).tolist())
    if values <= {0.0, 1.0}:
        return 2.0 * y - 1.0
    if values <= {-1.0, 1.0}:
        return y.copy()
    raise ValueError(f"y must contain class labels 0 and 1 (or -1 and 1); got the values {sorted(values)[:5]}")


class _Problem:
    """The negative log-posterior in u = beta - theta0, with margins z = offset + A u, A = diag(s) X."""

    def __init__(self, X, signs, prior):
        if not isinstance(prior, (GaussianPrior, LaplacePrior)):
            raise TypeError(f"prior must be a GaussianPrior or LaplacePrior; got {type(prior).__name__}")
        p = X.shape[1]
        for name in ("scale", "mean"):
            value = getattr(prior, name)
            if np.ndim(value) == 1 and np.size(value) != p:
                raise ValueError(f"prior: its {name} has {np.size(value)} entries but X has {p} features")
        self.A = X * signs[:, None]
        self.theta0 = np.broadcast_to(np.asarray(prior.mean, dtype=float), (p,))
        self.offset = self.A @ self.theta0
        self.scale = np.broadcast_to(np.asarray(prior.scale, dtype=float), (p,))
        self.gaussian = isinstance(prior, GaussianPrior)

    def margins(self, u):
        return self.offset + self.A @ u

    def loss(self, u) -> float:
        return float(np.sum(_log1pexp(-self.margins(u))))

    def penalty(self, u) -> float:
        if self.gaussian:
            return float(np.sum(u**2 / (2 * self.scale**2)))
        return float(np.sum(np.abs(u) / self.scale))

    def objective(self, u) -> float:
        return self.loss(u) + self.penalty(u)

    def dual_point(self, u) -> np.ndarray:
        """The optimal dual variables at u, sigmoid(-z), scaled into the dual-feasible set for the Laplace prior."""
        w = expit(-self.margins(u))
        if not self.gaussian:
            corr = np.abs(self.A.T @ w) * self.scale  # feasibility: |A^T w|_j <= 1/b_j
            worst = corr.max()
            if worst > 1:
                w = w / worst
        return w

    def gap(self, u) -> float:
        w = self.dual_point(u)
        v = self.A.T @ w
        conj = float(np.sum(self.scale**2 * v**2) / 2) if self.gaussian else 0.0
        dual = float(np.sum(_entropy(w)) - conj - w @ self.offset)
        return max(self.objective(u) - dual, 0.0)


def logistic_duality_gap(X, y, coef, prior) -> float:
    r"""Duality gap of the logistic MAP problem at ``coef``: an upper bound on its suboptimality.

    With margins :math:`z_i = s_i x_i^\top\beta` and :math:`w_i = 1/(1 + e^{z_i})` (scaled down, for the
    Laplace prior, until :math:`|x_j^\top(s \circ w)| \le 1/b_j` for every j), the dual objective is
    :math:`\sum_i H(w_i) - g^*(\cdot)`, with H the binary entropy and :math:`g^*` the conjugate of the penalty
    (:math:`\sum_j \sigma_{wj}^2 v_j^2/2` for the Gaussian prior, 0 on the feasible set for the Laplace prior).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
        Labels 0/1 (or -1/1).
    coef : array_like of shape (n_features,)
    prior : GaussianPrior or LaplacePrior

    Returns
    -------
    float
    """
    X = check_design(X, order=None)
    signs = _check_labels(y, X.shape[0])
    prob = _Problem(X, signs, prior)
    return prob.gap(check_coef(coef, X.shape[1], name="coef") - prob.theta0)


def _newton(prob: _Problem, u, tol_abs, max_iter):
    """Damped Newton on the smooth (Gaussian-prior) objective; the Hessian is X^T W X + diag(1/s^2)."""
    A, prec = prob.A, 1.0 / prob.scale**2
    for it in range(1, max_iter + 1):
        w = expit(-prob.margins(u))
        grad = -A.T @ w + prec * u
        H = (A * (w * (1 - w))[:, None]).T @ A
        H.flat[:: H.shape[0] + 1] += prec
        step = sla.cho_solve(sla.cho_factor(H, lower=True), grad)
        f0, t, slope = prob.objective(u), 1.0, float(grad @ step)
        while prob.objective(u - t * step) > f0 - 0.25 * t * slope and t > 1e-12:
            t *= 0.5
        u = u - t * step
        gap = prob.gap(u)
        if gap <= tol_abs:
            return u, gap, it
    return u, gap, max_iter


def _fista(prob: _Problem, u, tol_abs, max_iter):
    """Accelerated proximal gradient (FISTA with gradient-based restart) on log-loss + L1."""
    A = prob.A
    step = 4.0 / max(np.linalg.norm(A, 2) ** 2, np.finfo(float).tiny)  # 1 / Lipschitz constant of the gradient
    thresh = step / prob.scale
    v, t, gap = u.copy(), 1.0, np.inf
    for it in range(1, max_iter + 1):
        grad = -A.T @ expit(-prob.margins(v))
        z = v - step * grad
        new = np.sign(z) * np.maximum(np.abs(z) - thresh, 0.0)
        if (v - new) @ (new - u) > 0:  # momentum points uphill: restart
            t = 1.0
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        v = new + (t - 1) / t_next * (new - u)
        u, t = new, t_next
        if it % 10 == 0 or it == max_iter:
            gap = prob.gap(u)
            if gap <= tol_abs:
                return u, gap, it
    return u, gap, max_iter


def logistic_map(X, y, prior, *, tol: float = 1e-10, max_iter: int | None = None, coef_init=None) -> LogisticResult:
    r"""The MAP coefficients of logistic regression under a Gaussian or Laplace prior (no intercept).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Design matrix. For an intercept, add a column of ones and give it a wide prior (a per-coefficient
        ``scale`` array), which is what a nearly flat prior on it means.
    y : array_like of shape (n_samples,)
        Class labels 0/1 (or -1/1, or booleans).
    prior : GaussianPrior or LaplacePrior
        The prior on each coefficient, with scale :math:`\sigma_w` (Gaussian) or b (Laplace), one per
        coefficient if given as an array, and an optional mean :math:`\theta_0`.
    tol : float, default 1e-10
        Stop when the duality gap is at most ``tol * n_samples`` (a per-sample accuracy of the log-loss).
    max_iter : int, optional
        Newton steps (default 100) or proximal-gradient steps (default 100000).
    coef_init : array_like of shape (n_features,), optional
        Starting point (default: the prior mean).

    Returns
    -------
    LogisticResult

    Warns
    -----
    ConvergenceWarning
        When the iterations end with the gap above ``tol * n_samples``; the message states the gap.

    Notes
    -----
    A Gaussian prior makes the objective smooth and strictly convex; it is minimized by Newton's method
    with a backtracking line search (equivalently, iteratively reweighted least squares). A Laplace prior
    adds a non-smooth L1 term; it is minimized by FISTA, whose proximal step is soft-thresholding at
    ``step / b_j``. Both stop on the duality gap of :func:`logistic_duality_gap`.

    The matching scikit-learn model is ``LogisticRegression(C=sigma_w**2, l1_ratio=0, fit_intercept=False)``
    for the Gaussian prior and ``LogisticRegression(C=b, l1_ratio=1, solver="liblinear", fit_intercept=False)``
    for the Laplace prior (zero prior mean, one scale for all coefficients).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 3))
    >>> y = (rng.random(200) < 1 / (1 + np.exp(-X @ np.array([2.0, -1.0, 0.0])))).astype(float)
    >>> fit = rp.logistic_map(X, y, rp.GaussianPrior(1.0))
    >>> np.round(fit.coef, 3), bool(fit.converged)
    (array([ 1.68 , -1.098, -0.184]), True)
    >>> np.round(rp.logistic_map(X, y, rp.LaplacePrior(0.05)).coef, 3)   # b = 0.05: one coefficient is 0
    array([ 0.768, -0.316,  0.   ])
    """
    X = check_design(X, order=None)
    n, p = X.shape
    signs = _check_labels(y, n)
    prob = _Problem(X, signs, prior)
    tol = check_scalar(tol, "tol", strict=True)
    if max_iter is None:
        max_iter = 100 if prob.gaussian else 100_000
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    u = np.zeros(p) if coef_init is None else check_coef(coef_init, p) - prob.theta0
    tol_abs = tol * n
    solver, method = (_newton, "newton") if prob.gaussian else (_fista, "fista")
    u, gap, n_iter = solver(prob, u, tol_abs, max_iter)
    converged = gap <= tol_abs
    if not converged:
        warn_convergence(f"logistic_map ({method}): duality gap {gap:.3g} after {n_iter} iterations is above "
                         f"tol * n_samples = {tol_abs:.3g}")
    return LogisticResult(u + prob.theta0, prob.objective(u), gap, tol, n_iter, converged, method)
