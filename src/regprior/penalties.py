r"""Penalties: the negative log-prior as a solver sees it.

A prior on the coefficients becomes, up to a constant, a penalty on :math:`u = \beta - \theta_0` (the prior mean
is handled as a shift of the unknown, see :mod:`regprior.datafits.quadratic`). A datafit multiplies
:math:`-\log p(\beta \mid y)` by its own factor, the *prior weight* :math:`w` (:math:`2\sigma^2` for the
canonical least-squares objective, 1 for the logistic loss), so each prior hands a solver

.. math::

    R_w(u) = w\,\bigl(-\log p(\theta_0 + u) - \text{const}\bigr),

built by :meth:`regprior.Prior.penalty`. The classes here are those penalties; each is a small object with the
same vocabulary, and a solver asks for what it needs (see :mod:`regprior.solvers.base`):

=================================  ==========================================================================
method                             what it gives
=================================  ==========================================================================
``value(u)``                       :math:`R(u)`
``prox(v, step)``                  :math:`\arg\min_u \tfrac12\lVert u - v\rVert^2 + \text{step}\,R(u)`
``subdiff_distance(u, grad)``      distance of :math:`-\nabla` (datafit) to :math:`\partial R(u)`, per coordinate
``gradient(u)``, ``hessian_diag``  for a smooth penalty
``conjugate(v)``, ``dual_scale``   :math:`R^*(v)` and the largest :math:`s \le 1` with :math:`R^*(sv) < \infty`
``elastic_net_strengths()``        :math:`(\lambda_1, \lambda_2)` when
                                   :math:`R = \sum_j \lambda_{1j}|u_j| + \lambda_2 u_j^2`
``ridge_strength()``               λ (a number or one per coefficient) when :math:`R = \sum_j \lambda_j u_j^2`
``penalty_matrix()``               P when :math:`R = u^\top P u`
``project(v)``, ``degree``         for the indicator of a constraint set (a uniform prior, a norm budget)
=================================  ==========================================================================

A method a penalty does not have is a capability it lacks: the solvers are chosen by capability, never by
the penalty's class or name. Every penalty here is written in the canonical units of
:math:`J(\beta) = \lVert y - X\beta\rVert^2 + \lambda R(\beta)` when built with the least-squares weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Penalty", "L2", "L1", "ElasticNet", "QuadraticForm", "LogPenalty", "Box", "L1Ball", "SquaredL2Ball",
           "Unpenalized"]


#: the relative slack within which a point on a ball's surface counts as inside (its projection rounds either way)
_ROUNDING = 64 * np.finfo(float).eps


def _per_coefficient(value, p: int) -> np.ndarray:
    """``value`` (a number or one per coefficient) as an array of length p."""
    return np.broadcast_to(np.asarray(value, dtype=float), (p,))


def _soft_threshold(v: np.ndarray, kappa) -> np.ndarray:
    r""":math:`S_\kappa(v) = \operatorname{sign}(v)\max(|v| - \kappa, 0)`, elementwise."""
    return np.sign(v) * np.maximum(np.abs(v) - kappa, 0.0)


class Penalty:
    r"""Base class of the penalties: a separable or quadratic function of :math:`u = \beta - \theta_0`.

    Subclasses define ``value`` and whichever capabilities they have (see the module notes).
    ``convex`` says whether R is convex (the solvers that need convexity check it).
    """

    #: whether R is convex
    convex: bool = True
    #: whether R is a finite, differentiable function (no kink, no constraint)
    smooth: bool = False

    def value(self, u) -> float:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={_short(v)}" for k, v in vars(self).items())
        return f"{type(self).__name__}({fields})"


def _short(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    if arr.ndim == 1 and arr.size <= 4:
        return "[" + ", ".join(f"{x:.6g}" for x in arr) + "]"
    return f"<array {'x'.join(map(str, arr.shape))}>"


@dataclass(frozen=True, repr=False)
class L2(Penalty):
    r""":math:`R(u) = \sum_j \lambda_j u_j^2`, the penalty of a Gaussian prior (ridge).

    Parameters
    ----------
    strength : float or ndarray of shape (p,)
        :math:`\lambda \ge 0`, or one :math:`\lambda_j \ge 0` per coefficient.
    """

    strength: float | np.ndarray
    smooth = True

    def value(self, u) -> float:
        return float(np.sum(self.strength * np.square(u)))

    def gradient(self, u) -> np.ndarray:
        return 2.0 * self.strength * np.asarray(u, dtype=float)

    def hessian_diag(self, u) -> np.ndarray:
        return _per_coefficient(2.0 * np.asarray(self.strength, dtype=float), np.size(u)).copy()

    def prox(self, v, step: float) -> np.ndarray:
        return np.asarray(v, dtype=float) / (1.0 + 2.0 * step * self.strength)

    def subdiff_distance(self, u, grad) -> np.ndarray:
        return np.abs(np.asarray(grad, dtype=float) + self.gradient(u))

    def conjugate(self, v) -> float:
        r""":math:`R^*(v) = \sum_j v_j^2/(4\lambda_j)` (:math:`+\infty` where :math:`\lambda_j = 0`,
        :math:`v_j \ne 0`)."""
        v = np.asarray(v, dtype=float)
        lam = _per_coefficient(self.strength, v.size)
        free = lam == 0
        if np.any(v[free] != 0):
            return np.inf
        return float(np.sum(v[~free] ** 2 / (4 * lam[~free])))

    def dual_scale(self, v) -> float:
        r"""1 when :math:`v_j = 0` wherever :math:`\lambda_j = 0` (then :math:`R^*(v)` is finite), else 0."""
        v = np.asarray(v, dtype=float)
        return 0.0 if np.any(v[_per_coefficient(self.strength, v.size) == 0]) else 1.0

    def ridge_strength(self):
        """λ as the ridge solvers take it: a number, or one value per coefficient."""
        return self.strength

    def elastic_net_strengths(self):
        """``(0, λ)`` for a single strength; ``None`` with one strength per coefficient (not an elastic net)."""
        return (0.0, float(self.strength)) if np.ndim(self.strength) == 0 else None


@dataclass(frozen=True, repr=False)
class L1(Penalty):
    r""":math:`R(u) = \sum_j \lambda_j |u_j|`, the penalty of a Laplace prior (the lasso).

    Parameters
    ----------
    strength : float or ndarray of shape (p,)
        :math:`\lambda > 0`, or one :math:`\lambda_j > 0` per coefficient.
    """

    strength: float | np.ndarray

    def value(self, u) -> float:
        return float(np.sum(self.strength * np.abs(u)))

    def prox(self, v, step: float) -> np.ndarray:
        return _soft_threshold(np.asarray(v, dtype=float), step * np.asarray(self.strength, dtype=float))

    def subdiff_distance(self, u, grad) -> np.ndarray:
        r"""Per coordinate: :math:`|g_j + \lambda_j\operatorname{sign}u_j|` where :math:`u_j \ne 0`, else
        :math:`\max(|g_j| - \lambda_j, 0)` (g the datafit's gradient)."""
        u, g = np.asarray(u, dtype=float), np.asarray(grad, dtype=float)
        lam = _per_coefficient(self.strength, u.size)
        return np.where(u != 0, np.abs(g + lam * np.sign(u)), np.maximum(np.abs(g) - lam, 0.0))

    def conjugate(self, v) -> float:
        r""":math:`R^*(v) = 0` if :math:`|v_j| \le \lambda_j` for every j, else :math:`+\infty`."""
        v = np.abs(np.asarray(v, dtype=float))
        return 0.0 if np.all(v <= _per_coefficient(self.strength, v.size) * (1 + 1e-12)) else np.inf

    def dual_scale(self, v) -> float:
        r""":math:`\min(1, \min_j \lambda_j/|v_j|)`: rescaling v by it makes :math:`R^*` finite."""
        v = np.abs(np.asarray(v, dtype=float))
        lam = _per_coefficient(self.strength, v.size)
        active = v > 0
        return float(min(1.0, np.min(lam[active] / v[active]))) if active.any() else 1.0

    def elastic_net_strengths(self):
        return (self.strength, 0.0)

    def lam_max(self, grad0) -> float:
        r"""The smallest multiple t of the strengths at which :math:`u = 0` is optimal for the datafit with
        gradient ``grad0`` at 0: :math:`\max_j |g_j|/\lambda_j` (1 means the current strengths just reach it)."""
        g = np.abs(np.asarray(grad0, dtype=float))
        return float(np.max(g / _per_coefficient(self.strength, g.size)))


@dataclass(frozen=True, repr=False)
class ElasticNet(Penalty):
    r""":math:`R(u) = \sum_j \lambda_{1j}|u_j| + \lambda_2 u_j^2`, the penalty of the elastic-net prior.

    Parameters
    ----------
    l1 : float or ndarray of shape (p,)
        :math:`\lambda_1 \ge 0` (per coefficient allowed).
    l2 : float
        :math:`\lambda_2 \ge 0`.
    """

    l1: float | np.ndarray
    l2: float

    def value(self, u) -> float:
        u = np.asarray(u, dtype=float)
        return float(np.sum(self.l1 * np.abs(u)) + self.l2 * (u @ u))

    def prox(self, v, step: float) -> np.ndarray:
        return _soft_threshold(np.asarray(v, dtype=float), step * np.asarray(self.l1, dtype=float)) / (
            1.0 + 2.0 * step * self.l2)

    def subdiff_distance(self, u, grad) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        return L1(self.l1).subdiff_distance(u, np.asarray(grad, dtype=float) + 2 * self.l2 * u)

    def conjugate(self, v) -> float:
        r""":math:`R^*(v) = \sum_j (|v_j| - \lambda_{1j})_+^2/(4\lambda_2)` (for :math:`\lambda_2 > 0`)."""
        v = np.abs(np.asarray(v, dtype=float))
        excess = np.maximum(v - _per_coefficient(self.l1, v.size), 0.0)
        if self.l2 == 0:
            return 0.0 if not np.any(excess > 1e-12 * np.max(v, initial=0.0)) else np.inf
        return float(np.sum(excess**2) / (4 * self.l2))

    def dual_scale(self, v) -> float:
        return 1.0 if self.l2 > 0 else L1(self.l1).dual_scale(v)

    def elastic_net_strengths(self):
        return (self.l1, self.l2)


@dataclass(frozen=True, repr=False)
class QuadraticForm(Penalty):
    r""":math:`R(u) = u^\top P u` for a symmetric positive semi-definite P (a Gaussian prior with a full covariance).

    Parameters
    ----------
    matrix : ndarray of shape (p, p)
    """

    matrix: np.ndarray
    smooth = True

    def value(self, u) -> float:
        u = np.asarray(u, dtype=float)
        return float(u @ self.matrix @ u)

    def gradient(self, u) -> np.ndarray:
        return 2.0 * self.matrix @ np.asarray(u, dtype=float)

    def hessian(self, u) -> np.ndarray:
        return 2.0 * self.matrix

    def subdiff_distance(self, u, grad) -> np.ndarray:
        return np.abs(np.asarray(grad, dtype=float) + self.gradient(u))

    def conjugate(self, v) -> float:
        r""":math:`R^*(v) = v^\top P^{-1}v/4` (P positive definite)."""
        v = np.asarray(v, dtype=float)
        return float(v @ np.linalg.solve(self.matrix, v) / 4.0)

    def dual_scale(self, v) -> float:
        return 1.0

    def penalty_matrix(self) -> np.ndarray:
        return self.matrix


@dataclass(frozen=True, repr=False)
class LogPenalty(Penalty):
    r""":math:`R(u) = \sum_j c\,\log(1 + u_j^2/a_j)`, the penalty of a Student-t prior; smooth and not convex.

    Parameters
    ----------
    weight : float
        :math:`c > 0`.
    curvature : float or ndarray of shape (p,)
        :math:`a_j > 0` (:math:`\nu s_j^2` for a Student-t prior with ν degrees of freedom and scale :math:`s_j`).

    Notes
    -----
    :math:`R'(t) = 2ct/(a + t^2)` and :math:`R''(t) = 2c(a - t^2)/(a + t^2)^2`, negative for
    :math:`|t| > \sqrt a`: the penalty bends down away from 0, so a penalized objective can have several local
    minima. Its curvature is largest at 0, :math:`R''(0) = 2c/a`.
    """

    weight: float
    curvature: float | np.ndarray
    convex = False
    smooth = True

    def value(self, u) -> float:
        u = np.asarray(u, dtype=float)
        return float(np.sum(self.weight * np.log1p(u**2 / self.curvature)))

    def gradient(self, u) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        return 2.0 * self.weight * u / (self.curvature + u**2)

    def hessian_diag(self, u) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        a = self.curvature
        return 2.0 * self.weight * (a - u**2) / (a + u**2) ** 2

    def subdiff_distance(self, u, grad) -> np.ndarray:
        return np.abs(np.asarray(grad, dtype=float) + self.gradient(u))


# -- indicator penalties: constraint sets (a uniform prior, a norm budget) -------------------------------------


class _Indicator(Penalty):
    r"""The indicator of a closed convex set C: 0 on C, :math:`+\infty` outside; its prox is the projection."""

    def value(self, u) -> float:
        r"""0 on the set (up to the rounding its projection leaves), :math:`+\infty` outside."""
        return 0.0 if self._inside(np.asarray(u, dtype=float)) else np.inf

    def prox(self, v, step: float) -> np.ndarray:
        return self.project(v)

    def _inside(self, u) -> bool:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def project(self, v) -> np.ndarray:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def frank_wolfe_gap(self, u, grad) -> float:
        r""":math:`\max_{s \in C} g^\top(u - s) = g^\top u + \sigma_C(-g)`, an upper bound on the suboptimality of u
        for a convex objective with gradient g at u."""
        g = np.asarray(grad, dtype=float)
        return float(g @ np.asarray(u, dtype=float) + self.conjugate(-g))

    def conjugate(self, v) -> float:  # pragma: no cover - every subclass defines it
        r"""The support function :math:`\sigma_C(v) = \max_{u \in C} v^\top u`."""
        raise NotImplementedError

    def dual_scale(self, v) -> float:
        """1: the support function of a bounded set is finite everywhere."""
        return 1.0


@dataclass(frozen=True, repr=False)
class Box(_Indicator):
    r"""The box :math:`l \le u \le r`, the support of a uniform prior on each coefficient.

    Parameters
    ----------
    lower, upper : float or ndarray of shape (p,)
        Finite bounds with ``lower <= upper`` (numbers apply to every coordinate).
    """

    lower: np.ndarray
    upper: np.ndarray
    #: the ``norm`` that names it in :func:`regprior.constrained_least_squares`
    norm = "box"

    def _inside(self, u) -> bool:
        return bool(np.all((u >= self.lower) & (u <= self.upper)))

    def project(self, v) -> np.ndarray:
        return np.clip(np.asarray(v, dtype=float), self.lower, self.upper)

    def conjugate(self, v) -> float:
        r""":math:`\sum_j \max(l_j v_j, r_j v_j)`, attained at a corner."""
        v = np.asarray(v, dtype=float)
        return float(np.sum(np.maximum(self.lower * v, self.upper * v)))

    def reach(self) -> np.ndarray:
        """The largest absolute value a coordinate can take, per coordinate (for rounding bounds)."""
        return np.maximum(np.abs(self.lower), np.abs(self.upper))


@dataclass(frozen=True, repr=False)
class L1Ball(_Indicator):
    r"""The budget :math:`\lVert u\rVert_1 \le \eta` (homogeneous of degree 1).

    Parameters
    ----------
    bound : float
        η ≥ 0.
    """

    bound: float
    #: the degree of homogeneity of the budget's norm, k with R(tu) = t^k R(u)
    degree = 1
    norm = "l1"

    def _inside(self, u) -> bool:
        return bool(np.abs(u).sum() <= self.bound * (1 + _ROUNDING))

    def project(self, v) -> np.ndarray:
        r"""Euclidean projection onto the ball; outside it, soft-thresholding at the θ that lands on the sphere.

        Sorting :math:`|v|` in decreasing order (:math:`w_1 \ge w_2 \ge \dots`), θ is
        :math:`(\sum_{j \le \rho} w_j - \eta)/\rho` for the largest ρ with
        :math:`w_\rho > (\sum_{j\le\rho} w_j - \eta)/\rho` (Duchi, Shalev-Shwartz, Singer and Chandra, 2008); one sort.
        """
        v = np.asarray(v, dtype=np.float64)
        a = np.abs(v)
        if a.sum() <= self.bound:
            return v.copy()
        if self.bound == 0.0:
            return np.zeros_like(v)
        w = np.sort(a)[::-1]
        css = np.cumsum(w)
        rho = np.nonzero(w * np.arange(1, w.size + 1) > css - self.bound)[0][-1]
        theta = (css[rho] - self.bound) / (rho + 1)
        out = np.sign(v) * np.maximum(a - theta, 0.0)
        # a - theta cancels when |v| >> bound and can leave the result outside by many ulps of |v|; a rescaling by a
        # factor within that rounding of 1 puts it back on the sphere
        total = np.abs(out).sum()
        return out * (self.bound / total) if total > self.bound else out

    def conjugate(self, v) -> float:
        r""":math:`\eta\lVert v\rVert_\infty`."""
        return float(self.bound * np.abs(np.asarray(v, dtype=float)).max(initial=0.0))

    def reach(self) -> float:
        return self.bound


@dataclass(frozen=True, repr=False)
class SquaredL2Ball(_Indicator):
    r"""The budget :math:`\lVert u\rVert_2^2 \le \eta` (squared, so that its multiplier is the ridge λ; degree 2).

    Parameters
    ----------
    bound : float
        η ≥ 0.
    """

    bound: float
    degree = 2
    norm = "l2"

    def _inside(self, u) -> bool:
        return bool(np.dot(u, u) <= self.bound * (1 + _ROUNDING))

    def project(self, v) -> np.ndarray:
        r""":math:`v\min(1, \sqrt\eta/\lVert v\rVert_2)`."""
        v = np.asarray(v, dtype=np.float64)
        radius = np.sqrt(self.bound)
        size = np.linalg.norm(v)
        return v.copy() if size <= radius else v * (radius / size)

    def conjugate(self, v) -> float:
        r""":math:`\sqrt\eta\,\lVert v\rVert_2`."""
        return float(np.sqrt(self.bound) * np.linalg.norm(np.asarray(v, dtype=float)))

    def reach(self) -> float:
        return float(np.sqrt(self.bound))


class Unpenalized(Penalty):
    r"""A penalty on the first p coordinates extended by coordinates it leaves free: :math:`R(u, c) = R_0(u)`.

    The variable of a datafit with an intercept is :math:`(u, \beta_0)`; the intercept has a flat prior, so the
    penalty has strength 0 there. Wrapping the coefficients' penalty this way lets every solver minimize the
    datafit plus the penalty without a special case: the proximal map leaves the free coordinates as they are, the
    gradient and Hessian are 0 there, and the conjugate is :math:`R_0^*(v)` when the free entries of v are 0 (else
    :math:`+\infty`). A capability the inner penalty lacks, this one lacks too.

    Parameters
    ----------
    inner : Penalty
        The penalty on the coefficients.
    n_penalized : int
        p, the number of leading coordinates ``inner`` acts on.
    """

    _WRAPPED = ("prox", "gradient", "hessian_diag", "hessian", "conjugate", "dual_scale", "subdiff_distance")

    def __init__(self, inner: Penalty, n_penalized: int):
        self.inner = inner
        self.n_penalized = int(n_penalized)
        self.convex = inner.convex
        self.smooth = inner.smooth

    def __getattr__(self, name):
        # only reached for attributes not found normally: the wrapped capabilities, present iff the inner has them
        if name in Unpenalized._WRAPPED and getattr(self.__dict__.get("inner"), name, None) is not None:
            return getattr(self, f"_{name}")
        raise AttributeError(name)

    def _split(self, v):
        v = np.asarray(v, dtype=float)
        return v[: self.n_penalized], v[self.n_penalized:]

    def value(self, u) -> float:
        return self.inner.value(self._split(u)[0])

    def _prox(self, v, step: float) -> np.ndarray:
        head, tail = self._split(v)
        return np.concatenate([self.inner.prox(head, step), tail])

    def _gradient(self, u) -> np.ndarray:
        head, tail = self._split(u)
        return np.concatenate([self.inner.gradient(head), np.zeros_like(tail)])

    def _hessian_diag(self, u) -> np.ndarray:
        head, tail = self._split(u)
        return np.concatenate([self.inner.hessian_diag(head), np.zeros_like(tail)])

    def _hessian(self, u) -> np.ndarray:
        head, tail = self._split(u)
        H = np.zeros((head.size + tail.size,) * 2)
        H[: head.size, : head.size] = self.inner.hessian(head)
        return H

    def _conjugate(self, v) -> float:
        head, tail = self._split(v)
        return self.inner.conjugate(head) if not np.any(tail) else np.inf

    def _dual_scale(self, v) -> float:
        head, tail = self._split(v)
        return self.inner.dual_scale(head) if not np.any(tail) else 0.0

    def _subdiff_distance(self, u, grad) -> np.ndarray:
        (head, _), (ghead, gtail) = self._split(u), self._split(grad)
        return np.concatenate([self.inner.subdiff_distance(head, ghead), np.abs(gtail)])

    def __repr__(self) -> str:
        return f"Unpenalized({self.inner!r}, n_penalized={self.n_penalized})"
