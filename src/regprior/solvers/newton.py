r"""Damped Newton's method for a twice-differentiable convex datafit plus a smooth convex penalty.

Each step solves :math:`(\nabla^2 f(u) + \nabla^2 R(u))\,d = \nabla f(u) + \nabla R(u)` by Cholesky and moves to
:math:`u - td` with the largest :math:`t \in \{1, \tfrac12, \tfrac14, \dots\}` that lowers the objective by at
least :math:`\tfrac t4` of the predicted decrease (Armijo backtracking). For the logistic loss with a Gaussian
prior this is iteratively reweighted least squares; it converges quadratically near the minimum, so a few steps
reach a duality gap at rounding level.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla

from .._validation import check_coef, check_max_iter, check_scalar
from ..exceptions import warn_convergence
from .base import Solver, SolverResult

__all__ = ["Newton"]


def _penalty_hessian(penalty, u: np.ndarray) -> np.ndarray:
    """The penalty's Hessian as a matrix (from ``hessian`` or, for a separable penalty, ``hessian_diag``)."""
    if getattr(penalty, "hessian", None) is not None:
        return penalty.hessian(u)
    return np.diag(penalty.hessian_diag(u))


class Newton(Solver):
    """Damped Newton: a datafit with a Hessian and a smooth, convex penalty with a Hessian.

    Options: ``tol`` (the duality gap must be at most ``tol * datafit.scale()``), ``max_iter`` (default 100),
    ``coef_init``.
    """

    name = "Newton"
    datafit_requires = ("hessian", "gradient", "duality_gap")
    penalty_requires = ("gradient", "conjugate")

    def condition(self, datafit, penalty):
        if not (penalty.smooth and penalty.convex):
            return "the penalty is not smooth and convex"
        if getattr(penalty, "hessian", None) is None and getattr(penalty, "hessian_diag", None) is None:
            return "the penalty has no Hessian"
        return None

    def solve(self, datafit, penalty, *, tol: float = 1e-10, max_iter: int = 100, coef_init=None) -> SolverResult:
        tol = check_scalar(tol, "tol", strict=True)
        max_iter = check_max_iter(max_iter)
        p = datafit.n_features
        u = np.zeros(p) if coef_init is None else check_coef(coef_init, p) - datafit.center
        tol_abs = tol * datafit.scale()
        objective = lambda v: datafit.value(v) + penalty.value(v)  # noqa: E731
        gap = datafit.duality_gap(u, penalty)
        n_iter = 0
        while gap > tol_abs and n_iter < max_iter:
            n_iter += 1
            grad = datafit.gradient(u) + penalty.gradient(u)
            H = datafit.hessian(u) + _penalty_hessian(penalty, u)
            step = sla.cho_solve(sla.cho_factor(H, lower=True), grad)
            f0, t, slope = objective(u), 1.0, float(grad @ step)
            while objective(u - t * step) > f0 - 0.25 * t * slope and t > 1e-12:
                t *= 0.5
            u = u - t * step
            gap = datafit.duality_gap(u, penalty)
        converged = gap <= tol_abs
        if not converged:
            warn_convergence(f"Newton: duality gap {gap:.3g} after {n_iter} iterations is above tol * scale = "
                             f"{tol_abs:.3g}; increase max_iter or loosen tol")
        coef, intercept = datafit.coef_intercept(u)
        return SolverResult(coef, intercept, objective(u), gap, tol, n_iter, bool(converged), "newton")
