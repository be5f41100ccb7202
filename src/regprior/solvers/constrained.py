r"""Least squares under a norm budget or in a box: the constraint (Ivanov) form of regularization.

.. math::

    \hat\beta = \arg\min_\beta \lVert y - X\beta\rVert_2^2 \quad\text{subject to}\quad \beta \in C,

with :math:`C = \{\lVert\beta\rVert_1 \le \eta\}` (``norm="l1"``), :math:`C = \{\lVert\beta\rVert_2^2 \le \eta\}`
(``norm="l2"``, the *squared* norm, so that the multiplier is the ridge λ) or a box
:math:`C = \{l \le \beta \le u\}` (``norm="box"``, the MAP under a uniform prior on the box).

The constraint sets are penalties (:class:`~regprior.penalties.L1Ball`, :class:`~regprior.penalties.SquaredL2Ball`,
:class:`~regprior.penalties.Box`): their proximal map is the exact Euclidean projection onto C, so the solver is
the package's one accelerated proximal gradient (:func:`regprior.solvers.fista.fista`). Its certificate is the
Frank–Wolfe gap :math:`\max_{s\in C}\nabla f(\beta)^\top(\beta - s) \ge f(\beta) - \min_C f`,
and the KKT multiplier of a norm budget is recovered from Euler's identity (derived on the
constraint-penalty page):

.. math::

    \mu = \frac{2\,(X\hat\beta)^\top(y - X\hat\beta)}{k_R\,\eta},\qquad k_R = 1 \text{ (L1)},\ 2 \text{ (squared L2)},

the penalty strength λ for which the penalized problem has the same solution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._results import Readable
from .._validation import check_coef, check_max_iter, check_scalar
from ..datafits.quadratic import Quadratic
from ..exceptions import warn_convergence
from ..penalties import Box, L1Ball, SquaredL2Ball
from .fista import fista

__all__ = ["ConstrainedResult", "constrained_least_squares", "project_l1_ball", "project_l2_ball"]

#: the constraint sets by the name the ``norm`` argument gives them (each class states its own)
_SETS = {cls.norm: cls for cls in (L1Ball, SquaredL2Ball, Box)}


@dataclass(frozen=True, repr=False)
class ConstrainedResult(Readable):
    r"""The constrained least-squares solution with its certificate and multiplier.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        The coefficients :math:`\hat\beta` (feasible up to rounding).
    intercept : float
        The unconstrained intercept (0.0 unless ``fit_intercept=True``).
    norm : str
        ``"l1"``, ``"l2"`` or ``"box"``.
    bound : float or tuple of ndarray
        η for a norm budget; ``(lower, upper)`` for a box.
    objective : float
        :math:`\lVert y - X\hat\beta\rVert^2` (weighted and centred as requested).
    multiplier : float or ndarray
        For a norm budget, the KKT multiplier μ ≥ 0 (0 when the budget is not used up): the penalized problem
        with λ = μ has the same solution. For η = 0 the solution is β = 0 and μ is the smallest λ giving
        it (:math:`2\lVert X^\top y\rVert_\infty` for L1; ``inf`` for squared L2 unless :math:`X^\top y = 0`). For a
        box, one multiplier per coefficient, :math:`|g_j|` for a coefficient at a bound and 0 for a free one
        (:math:`g = \nabla\lVert y - X\beta\rVert^2`).
    gap : float
        Frank–Wolfe gap, an upper bound on ``objective - min`` (up to rounding).
    tol : float
        Relative tolerance requested: convergence means ``gap <= tol * scale`` with ``scale`` the larger of
        :math:`\lVert y\rVert^2` and the objective at the projection of 0 onto the feasible set, or a gap at
        the rounding level of its own computation (a tighter ``tol`` cannot be certified in float64).
    n_iter : int
        Iterations run.
    converged : bool
        Whether the gap reached the tolerance.
    """

    coef: np.ndarray
    intercept: float
    norm: str
    bound: float | tuple[np.ndarray, np.ndarray]
    objective: float
    multiplier: float | np.ndarray
    gap: float
    tol: float
    n_iter: int
    converged: bool


def project_l1_ball(v, radius: float) -> np.ndarray:
    r"""Euclidean projection of ``v`` onto :math:`\{w : \lVert w\rVert_1 \le r\}` (see :meth:`L1Ball.project
    <regprior.penalties.L1Ball.project>`).

    Examples
    --------
    >>> from regprior.solvers.constrained import project_l1_ball
    >>> project_l1_ball([3.0, -1.0, 0.5], 2.0)
    array([ 2., -0.,  0.])
    """
    return L1Ball(check_scalar(radius, "radius", strict=False)).project(np.asarray(v, dtype=np.float64))


def project_l2_ball(v, radius: float) -> np.ndarray:
    r"""Euclidean projection of ``v`` onto :math:`\{w : \lVert w\rVert_2 \le r\}`: :math:`v\min(1, r/\lVert v\rVert_2)`.

    Examples
    --------
    >>> from regprior.solvers.constrained import project_l2_ball
    >>> project_l2_ball([3.0, 4.0], 1.0)
    array([0.6, 0.8])
    """
    radius = check_scalar(radius, "radius", strict=False)
    return SquaredL2Ball(radius**2).project(np.asarray(v, dtype=np.float64))


def _check_box(bound, p: int) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(bound, (tuple, list)) or len(bound) != 2:
        raise TypeError(f"bound must be a pair (lower, upper) for norm='box'; got {type(bound).__name__} {bound!r}")
    sides = []
    for name, side in zip(("lower", "upper"), bound):
        arr = np.asarray(side, dtype=np.float64)
        if arr.ndim == 0:
            arr = np.full(p, float(arr))
        if arr.shape != (p,):
            raise ValueError(f"bound ({name}) must be a number or have one value per feature, shape ({p},); "
                             f"got {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"bound ({name}) must be finite: a uniform prior needs a bounded box")
        sides.append(arr)
    lower, upper = sides
    if np.any(lower > upper):
        raise ValueError("bound must have lower <= upper in every coordinate")
    return lower, upper


def constrained_least_squares(X, y, bound, *, norm: str = "l1", fit_intercept: bool = False, sample_weight=None,
                              tol: float = 1e-8, max_iter: int = 20_000, coef_init=None) -> ConstrainedResult:
    r"""Minimize :math:`\lVert y - X\beta\rVert_2^2` subject to a norm budget or a box.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    bound : float or (lower, upper)
        For ``norm="l1"``: η ≥ 0 in :math:`\lVert\beta\rVert_1 \le \eta`. For ``norm="l2"``: η ≥ 0 in
        :math:`\lVert\beta\rVert_2^2 \le \eta` (squared, so that the multiplier is the ridge λ). For
        ``norm="box"``: a pair of finite lower and upper bounds (numbers or one per feature),
        :math:`l \le \beta \le u`, the support of a uniform prior.
    norm : {"l1", "l2", "box"}, default "l1"
    fit_intercept : bool, default False
        Fit an unconstrained intercept (a flat prior on it), by centring.
    sample_weight : array_like of shape (n_samples,), optional
        Weights :math:`s_i \ge 0`: sample i has noise variance :math:`\sigma^2/s_i`.
    tol : float, default 1e-8
        Stop when the Frank–Wolfe gap is at most ``tol`` times the larger of the objective at the projection
        of 0 and :math:`\lVert y\rVert^2`, or at most the level its own rounding resolves,
        :math:`32\sum_j e_j(|\beta_j| + m_j)` (:math:`e_j` the rounding bound of the gradient's entry j,
        :meth:`~regprior.datafits.quadratic.Quadratic.gradient_rounding`; :math:`m_j` the largest
        :math:`|\beta_j|` the set allows). A ``tol`` below that level stops there, converged.
    max_iter : int, default 20000
        Maximum number of projected-gradient iterations.
    coef_init : array_like of shape (n_features,), optional
        Starting point (projected onto the feasible set first).

    Returns
    -------
    ConstrainedResult

    Raises
    ------
    ValueError
        Bad data (NaN/inf, shapes), a negative budget, a box with lower > upper or infinite sides, an
        unknown ``norm``.
    TypeError
        A non-numeric budget, or a box bound that is not a pair.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` iterations end with the gap above the tolerance; the message gives the gap.

    Notes
    -----
    With :math:`f(\beta) = \lVert y - X\beta\rVert^2`, :math:`\nabla f = 2X^\top(X\beta - y)` is Lipschitz with
    constant :math:`L = 2\lVert X\rVert_2^2`; each iteration takes a step of :math:`1/L` from an extrapolated
    point and projects back onto C (FISTA), restarting the momentum whenever the objective increases.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> fit = rp.constrained_least_squares(X, y, 2.0, norm="l1")
    >>> np.round(fit.coef, 6), round(fit.multiplier, 6)
    (array([0.5, 1.5]), 3.0)
    >>> np.round(rp.lasso(X, y, lam=3.0).coef, 6)        # the penalized problem at lam = multiplier
    array([0.5, 1.5])
    """
    if not isinstance(norm, str):
        raise TypeError(f"norm must be one of 'l1', 'l2', 'box'; got {type(norm).__name__} {norm!r}")
    if norm not in _SETS:
        raise ValueError(f"norm must be one of 'l1', 'l2', 'box'; got {norm!r}")
    datafit = Quadratic(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight)
    Xp, yp = datafit.prep.X, datafit.prep.y
    n, p = Xp.shape
    if norm == "box":
        lower, upper = _check_box(bound, p)
        constraint = Box(lower, upper)
        bound_out: float | tuple = (lower, upper)
    else:
        eta = check_scalar(bound, "bound", strict=False)
        constraint = _SETS[norm](eta)
        bound_out = eta
    tol = check_scalar(tol, "tol", strict=True)
    max_iter = check_max_iter(max_iter)
    start = constraint.project(np.zeros(p) if coef_init is None else check_coef(coef_init, p))
    if n >= p:
        datafit.use_gram()
    tol_abs = tol * max(datafit.value(constraint.project(np.zeros(p))), datafit.scale())
    reach = constraint.reach()

    def rounding_level(b):
        # The gap cannot be computed more accurately than the rounding of its terms (the gradient's entries times
        # the coordinates of beta and of the vertex); below that it is noise.
        return 32 * float(datafit.gradient_rounding(b) @ (np.abs(b) + reach))

    beta, gap, n_iter = fista(datafit, constraint, start, tol_abs=tol_abs, max_iter=max_iter, floor=rounding_level)
    lipschitz = datafit.lipschitz()
    gb = datafit.gradient(beta)
    if norm == "box" and lipschitz > 0:
        # The gap cannot tell a coefficient within rounding of its bound from one at it (its term g_j(beta_j - l_j)
        # is below what the gap resolves: at a start of 0 with l_j = -1e-20 no iteration runs at all), but the
        # multipliers must: put on its bound every coefficient that a projected-gradient step from beta puts
        # there. That step lowers f (each coefficient moves at most |g_j|/L against g_j), so the gap stays valid.
        step = beta - gb / lipschitz
        onto = ((step <= lower) & (beta != lower)) | ((step >= upper) & (beta != upper))
        if onto.any():
            beta = np.where(onto, np.where(step <= lower, lower, upper), beta)
            gb = datafit.gradient(beta)
            gap = constraint.frank_wolfe_gap(beta, gb)
    converged = bool(gap <= max(tol_abs, rounding_level(beta)))
    if not converged:
        warn_convergence(
            f"constrained_least_squares did not converge in {n_iter} iterations: Frank-Wolfe gap {gap:.3e} > "
            f"tol * scale = {tol_abs:.3e}; increase max_iter or loosen tol"
        )
    fitted = Xp @ beta
    residual = yp - fitted
    if norm == "box":
        at_bound = (beta <= lower) | (beta >= upper)
        multiplier: float | np.ndarray = np.where(at_bound, np.abs(gb), 0.0)
    elif eta == 0.0:
        # beta = 0 is forced; the smallest multiplier that makes it stationary for the penalized problem is
        # max|g_j| for the L1 norm, and none for the squared L2 norm (ridge is never exactly 0 unless X^T y = 0).
        g0 = np.abs(2 * (Xp.T @ yp))
        multiplier = float(g0.max()) if constraint.degree == 1 else (0.0 if not g0.any() else float("inf"))
    else:
        multiplier = max(0.0, 2 * float(fitted @ residual) / (constraint.degree * eta))
    coef = datafit.prep.coef(beta)
    return ConstrainedResult(coef, datafit.prep.intercept(coef), norm, bound_out, float(residual @ residual),
                             multiplier, float(gap), tol, n_iter, converged)
