r"""Limited-memory BFGS for a smooth datafit plus a smooth penalty that need not be convex.

For a non-convex negative log-posterior (a Student-t prior's log penalty) no duality gap exists and a solver can
only promise a *stationary point*, where the gradient of :math:`F = f + R` vanishes. This solver runs SciPy's
L-BFGS-B from the prior mean (or ``coef_init``), a descent method, and certifies what it returns by

.. math::

    \text{gap} = \lVert D^{-1}\nabla F(\hat u)\rVert_\infty \le \text{tol}\cdot\lVert D^{-1}\nabla f(0)\rVert_\infty ,

the gradient's size relative to that of the datafit at the prior mean, each entry divided by its column's norm
:math:`D_{jj}` so that the certificate does not depend on the units of the columns (the iterations run in the
equilibrated coordinates :math:`Du` for the same reason). When both parts have a Hessian and it is
positive definite at the point L-BFGS reaches (a strict local minimum), a few Newton steps polish it to rounding
level. The point reached is a local minimum (or, rarely, a saddle) of the basin the descent starts in; another
start can give another mode.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
from scipy.optimize import minimize

from .._validation import check_coef, check_max_iter, check_scalar
from ..exceptions import warn_convergence
from .base import Solver, SolverResult

__all__ = ["LBFGS"]


class LBFGS(Solver):
    """L-BFGS on a smooth datafit and a smooth penalty (convex or not), certified by the gradient's size.

    Options: ``tol`` (default 1e-10, relative to the datafit's gradient at the prior mean), ``max_iter`` (default
    10000), ``coef_init``.
    """

    name = "L-BFGS"
    datafit_requires = ("gradient", "value")
    penalty_requires = ("gradient", "value")

    def condition(self, datafit, penalty):
        return None if penalty.smooth else "the penalty is not smooth"

    def solve(self, datafit, penalty, *, tol: float = 1e-10, max_iter: int = 10_000, coef_init=None) -> SolverResult:
        tol = check_scalar(tol, "tol", strict=True)
        max_iter = check_max_iter(max_iter)
        p = datafit.n_features
        u0 = np.zeros(p) if coef_init is None else check_coef(coef_init, p) - datafit.center
        # Work in equilibrated coordinates v = D u (D the column norms of the design): the gradient in v is D^-1 g,
        # which does not depend on the units of the columns, so neither do the steps nor the certificate (in u, a
        # column in tiny units has a tiny gradient entry and passed the test at any value)
        norms = datafit.column_norms() if getattr(datafit, "column_norms", None) is not None else np.ones(p)
        D = np.where(norms > 0, norms, 1.0)
        reference = float(np.abs(datafit.gradient(np.zeros(p)) / D).max(initial=0.0))
        tol_abs = tol * reference

        def fun(u):
            return datafit.value(u) + penalty.value(u), datafit.gradient(u) + penalty.gradient(u)

        def fun_v(v):
            value, grad = fun(v / D)
            return value, grad / D

        def size(u):
            return float(np.abs(fun(u)[1] / D).max(initial=0.0))

        if size(u0) <= tol_abs:
            u, n_iter = u0, 0
        else:
            res = minimize(fun_v, u0 * D, jac=True, method="L-BFGS-B",
                           options={"maxiter": max_iter, "gtol": tol_abs, "ftol": 0.0, "maxcor": 20})
            u, n_iter = res.x / D, int(res.nit)
            if size(u) > tol_abs:
                u, steps = _newton_polish(datafit, penalty, u, fun, tol_abs, D)
                n_iter += steps
        gap = size(u)
        converged = gap <= tol_abs
        if not converged:
            warn_convergence(f"L-BFGS: the gradient's largest entry is {gap:.3g} after {n_iter} iterations, above "
                             f"tol * |grad f(0)| = {tol_abs:.3g}; increase max_iter or loosen tol")
        coef, intercept = datafit.coef_intercept(u)
        return SolverResult(coef, intercept, fun(u)[0], gap, tol, n_iter, bool(converged), "lbfgs")


#: Newton steps allowed after L-BFGS, and the largest number of coefficients for which a Hessian is formed
_POLISH_STEPS, _POLISH_MAX_FEATURES = 20, 2000


def _newton_polish(datafit, penalty, u, fun, tol_abs, D):
    """Newton steps from ``u`` while the Hessian is positive definite and the gradient shrinks; ``(u, steps)``."""
    if (getattr(datafit, "hessian", None) is None or getattr(penalty, "hessian_diag", None) is None
            or u.size > _POLISH_MAX_FEATURES):
        return u, 0
    value, grad = fun(u)
    for step in range(1, _POLISH_STEPS + 1):
        H = datafit.hessian(u)
        H[np.diag_indices_from(H)] += penalty.hessian_diag(u)
        try:
            direction = sla.cho_solve(sla.cho_factor(H, lower=True), grad)
        except np.linalg.LinAlgError:  # not positive definite: not a strict local minimum's neighbourhood
            return u, step - 1
        trial = u - direction
        t_value, t_grad = fun(trial)
        if not (t_value <= value or np.abs(t_grad / D).max() < np.abs(grad / D).max()):
            return u, step - 1
        u, value, grad = trial, t_value, t_grad
        if np.abs(grad / D).max() <= tol_abs:
            return u, step
    return u, _POLISH_STEPS
