"""The penalties a prior hands a solver, checked one by one against their closed forms (the module notes of
:mod:`regprior.penalties`): conjugates, dual scalings, subdifferential distances and curvatures."""

from __future__ import annotations

import numpy as np
import pytest

from regprior.penalties import L1, L2, Box, L1Ball, LogPenalty
from tests.properties import prop


@prop(r"The ridge penalty's conjugate is $\sum_j v_j^2/(4\lambda_j)$, $+\infty$ when $v_j \ne 0$ where "
      r"$\lambda_j = 0$; its dual scale, the largest $s \le 1$ with $R^*(sv) < \infty$, is 1 when v vanishes on "
      r"the unpenalized coordinates and 0 otherwise.",
      group="optimality", checks="Prior.penalty")
def test_ridge_conjugate_and_dual_scale():
    full, partial = L2(np.array([1.0, 2.0])), L2(np.array([0.0, 2.0]))
    assert full.conjugate([1.0, 4.0]) == pytest.approx(1 / 4 + 16 / 8, rel=1e-15)
    assert partial.conjugate([0.0, 4.0]) == pytest.approx(16 / 8, rel=1e-15)
    assert partial.conjugate([1.0, 4.0]) == np.inf
    assert L2(0.5).conjugate([1.0, -3.0]) == pytest.approx(10 / 2, rel=1e-15)
    assert full.dual_scale([1.0, -4.0]) == 1.0
    assert partial.dual_scale([0.0, 3.0]) == 1.0 and partial.dual_scale([0.0, 0.0]) == 1.0
    assert partial.dual_scale([1e-300, 3.0]) == 0.0
    for v in ([0.0, 3.0], [1.0, 4.0]):  # the definition: R*(s v) finite at s = dual_scale(v), and not above it
        s = partial.dual_scale(v)
        assert np.isfinite(partial.conjugate(s * np.asarray(v)))
        assert s == 1.0 or partial.conjugate(min(1.0, s + 1e-3) * np.asarray(v)) == np.inf


@prop(r"The lasso penalty's distance of $-g$ to the subdifferential is $|g_j + \lambda_j\operatorname{sign}u_j|$ "
      r"where $u_j \ne 0$ and $\max(|g_j| - \lambda_j, 0)$ where $u_j = 0$.",
      group="optimality", checks="Prior.penalty")
def test_lasso_subdifferential_distance():
    penalty = L1(np.array([1.0, 2.0, 0.5]))
    u = np.array([1.0, -3.0, 0.0])
    np.testing.assert_allclose(penalty.subdiff_distance(u, [1.0, 2.0, -2.0]), [2.0, 0.0, 1.5], rtol=1e-15)
    np.testing.assert_allclose(penalty.subdiff_distance(u, [-1.0, 5.0, 0.25]), [0.0, 3.0, 0.0], rtol=1e-15)


@prop(r"The log penalty's Hessian diagonal is $2c(a_j - u_j^2)/(a_j + u_j^2)^2$: the second central difference of "
      r"its value (relative $10^{-6}$), positive inside $|u_j| < \sqrt{a_j}$, negative outside, $2c/a_j$ at 0.",
      group="optimality", checks="Prior.penalty")
def test_log_penalty_curvature():
    a = np.array([0.5, 2.0, 3.0, 0.1])
    penalty = LogPenalty(1.7, a)
    u = np.array([0.3, -2.5, 0.0, 1.0])
    h = 1e-4
    numeric = np.array([(penalty.value(u + h * e) - 2 * penalty.value(u) + penalty.value(u - h * e)) / h**2
                        for e in np.eye(4)])
    diag = penalty.hessian_diag(u)
    np.testing.assert_allclose(diag, numeric, rtol=1e-6)
    assert diag[0] > 0 and diag[1] < 0 and diag[3] < 0
    assert diag[2] == pytest.approx(2 * 1.7 / 3.0, rel=1e-15)


@prop(r"A constraint's conjugate is its support function: $\eta\lVert v\rVert_\infty$ for the $\ell_1$ ball (0 for an "
      r"empty v), $\sum_j\max(l_jv_j, r_jv_j)$ for a box; being finite everywhere, it needs no rescaling of v "
      r"(dual scale 1).",
      group="optimality", checks="Prior.penalty")
def test_constraint_support_functions():
    ball, box = L1Ball(2.0), Box(np.array([-1.0, 0.0]), np.array([2.0, 3.0]))
    assert ball.conjugate([1.0, -3.0, 0.5]) == 6.0
    assert ball.conjugate(np.zeros(0)) == 0.0
    assert box.conjugate([-2.0, 1.0]) == 2.0 + 3.0
    for penalty, v in ((ball, [1e300, -3.0]), (box, [-2.0, 1e300])):
        assert penalty.dual_scale(v) == 1.0
