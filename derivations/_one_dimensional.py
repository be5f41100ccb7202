"""Checks shared by the pages that reuse the one-coordinate lasso problem.

The coordinate-descent page derives the minimizer of φ(t) = q t² − 2 a t + λ|t|. The elastic-net page
(q → q + λ₂) and the orthonormal-design page (q = 1) reuse it; this module verifies, independently of
that derivation, that a candidate is the minimizer, by the optimality conditions of a convex function.
"""

from __future__ import annotations

import sympy as sp


def soft_threshold_minimizes(candidate: sp.Expr, a: sp.Symbol, curvature: sp.Expr, lam: sp.Expr) -> bool:
    """True when ``candidate`` minimizes ``curvature*t**2 - 2*a*t + lam*|t|`` for every real ``a``.

    Checked case by case: for ``a = ±(lam/2 + u)`` with ``u > 0`` the derivative vanishes at the candidate,
    which lies on the side of 0 where that derivative formula holds; and the candidate is 0 exactly off
    those two cases, which is the set where φ rises on both sides of 0 (solved by SymPy).
    """
    u = sp.Symbol("u", positive=True)
    dphi = lambda t, sign: 2 * curvature * t - 2 * a + lam * sign
    above, below = {a: lam / 2 + u}, {a: -lam / 2 - u}
    t_above, t_below = sp.simplify(candidate.subs(above)), sp.simplify(candidate.subs(below))
    zero_region = sp.solve([dphi(0, 1) >= 0, dphi(0, -1) <= 0], a)
    pieces = candidate.atoms(sp.Piecewise)
    if len(pieces) != 1:
        return False
    (pw,) = pieces
    *moving, (last_value, last_cond) = pw.args
    return (
        t_above.is_positive is True and sp.simplify(dphi(t_above, 1).subs(above)) == 0
        and t_below.is_negative is True and sp.simplify(dphi(t_below, -1).subs(below)) == 0
        and zero_region == sp.And(a >= -lam / 2, a <= lam / 2)
        and last_value == 0 and last_cond == sp.true and candidate.subs(pw, 0) == 0
        and {cond for _, cond in moving} == {a > lam / 2, a < -lam / 2}
    )
