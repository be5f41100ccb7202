"""The penalties a prior hands a solver, checked one by one against their closed forms (the module notes of
:mod:`regprior.penalties`): conjugates, dual scalings, subdifferential distances and curvatures."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so

import regprior as rp
from regprior.datafits import Quadratic
from regprior.penalties import L1, L2, Box, ElasticNet, L1Ball, LogPenalty, QuadraticForm, SquaredL2Ball, Unpenalized
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


@prop(r"The lasso penalty's conjugate is 0 when $|v_j| \le \lambda_j$ for every j (with a relative slack of "
      r"$10^{-12}$ for rounding) and $+\infty$ otherwise; its dual scale is $\min(1, \min_j \lambda_j/|v_j|)$, "
      r"1 for $v = 0$, and $R^*(sv)$ is finite at that scale.",
      group="optimality", checks="Prior.penalty")
def test_lasso_conjugate_and_dual_scale():
    penalty = L1(np.array([1.0, 2.0]))
    assert penalty.conjugate([-1.0, 2.0]) == 0.0 and penalty.conjugate([1.0 + 1e-13, 0.0]) == 0.0
    assert penalty.conjugate([1.5, 0.0]) == np.inf and penalty.conjugate([0.0, -2.0 * (1 + 1e-11)]) == np.inf
    assert penalty.dual_scale([0.0, 0.0]) == 1.0 and penalty.dual_scale([0.5, -1.0]) == 1.0
    assert penalty.dual_scale([4.0, -1.0]) == 0.25 and penalty.dual_scale([0.0, 8.0]) == 0.25
    for v in ([4.0, -1.0], [0.0, 8.0], [3.0, 9.0]):
        assert penalty.conjugate(penalty.dual_scale(v) * np.asarray(v)) == 0.0


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


def _distance_to_interval(x: float, lo: float, hi: float) -> float:
    """The distance of the number x to the interval [lo, hi] (a point when lo == hi)."""
    return abs(x - min(max(x, lo), hi))


def _scalar_min(f, bound: float = 50.0) -> float:
    """The minimizer of a convex function of one variable on [-bound, bound], by a generic bounded search."""
    return so.minimize_scalar(f, bounds=(-bound, bound), method="bounded", options={"xatol": 1e-12}).x


@prop(r"The elastic-net penalty's value is $\sum_j \lambda_{1j}|u_j| + \lambda_2u_j^2$ summed coordinate by "
      r"coordinate (integer coefficients in floating point: $(4\cdot10^9)^2$ does not wrap around); its prox is the "
      r"minimizer of $\tfrac12(u_j - v_j)^2 + t(\lambda_{1j}|u_j| + \lambda_2u_j^2)$ that a bounded scalar search "
      r"finds (within $10^{-7}$); its subdifferential distance is the distance of $-g_j$ to "
      r"$\lambda_{1j}\partial|u_j| + 2\lambda_2u_j$ (an interval where $u_j = 0$).",
      group="optimality", checks="penalties.ElasticNet", against="scipy.optimize.minimize_scalar")
def test_elastic_net_value_prox_and_subdifferential_distance():
    l1, l2 = np.array([0.5, 2.0, 1.5]), 0.3
    penalty = ElasticNet(l1, l2)
    u = np.array([1.5, -2.0, 0.25])
    assert penalty.value(u) == pytest.approx(sum(a * abs(t) + l2 * t * t for a, t in zip(l1, u)), rel=1e-15)
    assert ElasticNet(1.0, 1.0).value([4_000_000_000, -1]) == pytest.approx(4e9 + 1 + 1.6e19 + 1, rel=1e-15)
    step = 0.7
    for v in ([3.0, -5.0, 0.9], [-0.2, 1.0, -4.0]):  # coordinates moved toward 0 and coordinates set to 0
        prox = penalty.prox(v, step)
        for j in range(3):
            best = _scalar_min(lambda t, a=v[j], k=l1[j]: 0.5 * (t - a) ** 2 + step * (k * abs(t) + l2 * t * t))
            assert prox[j] == pytest.approx(best, abs=1e-7)
    u = np.array([1.5, -2.0, 0.0])
    for g in ([0.1, 4.0, -0.7], [-1.4, 0.0, 3.0]):
        expected = [_distance_to_interval(-g[j], -l1[j], l1[j]) if u[j] == 0 else
                    abs(-g[j] - (l1[j] * np.sign(u[j]) + 2 * l2 * u[j])) for j in range(3)]
        np.testing.assert_allclose(penalty.subdiff_distance(u, g), expected, rtol=1e-14)


@prop(r"The elastic-net penalty's conjugate is $\sup_u v^\top u - R(u)$ as a bounded scalar search finds it "
      r"coordinate by coordinate (relative $10^{-8}$) when $\lambda_2 > 0$, and its dual scale is then 1; with "
      r"$\lambda_2 = 0$ the conjugate is 0 (also for $v = 0$ and an empty v) while every $|v_j| \le \lambda_{1j}$ "
      r"up to rounding ($10^{-14}$ relative, at $\lambda_1 = 10^6$), $+\infty$ beyond (by $10^{-7}$ relative, at "
      r"$\lambda_1 = 10^{-6}$), and the dual scale is $\min(1, \min_j\lambda_{1j}/|v_j|)$, the largest s with "
      r"$R^*(sv)$ finite.",
      group="optimality", checks="penalties.ElasticNet", against="scipy.optimize.minimize_scalar")
def test_elastic_net_conjugate_and_dual_scale():
    l1 = np.array([0.5, 2.0, 1.5])
    v = np.array([3.0, -0.25, -4.5])
    smooth = ElasticNet(l1, 0.3)
    sup = sum(-so.minimize_scalar(lambda t, a=a, k=k: -(a * t - k * abs(t) - 0.3 * t * t), bounds=(-50, 50),
                                  method="bounded", options={"xatol": 1e-12}).fun for a, k in zip(v, l1))
    assert smooth.conjugate(v) == pytest.approx(sup, rel=1e-8)
    assert smooth.dual_scale(v) == 1.0
    kinked = ElasticNet(l1, 0.0)
    assert kinked.conjugate([0.5, -2.0, 1.0]) == 0.0  # on the boundary |v_j| = lambda_1j and inside
    assert kinked.conjugate(np.zeros(3)) == 0.0 and ElasticNet(1.0, 0.0).conjugate(np.zeros(0)) == 0.0
    assert kinked.conjugate(v) == np.inf
    assert ElasticNet(1e6, 0.0).conjugate([1e6 * (1 + 1e-14), 3.0]) == 0.0
    assert ElasticNet(1e6, 0.0).conjugate([1e6 * (1 + 1e-9), 3.0]) == np.inf
    assert ElasticNet(1e-6, 0.0).conjugate([1e-6 * (1 + 1e-7)]) == np.inf
    s = kinked.dual_scale(v)
    assert s == pytest.approx(min(0.5 / 3.0, 2.0 / 0.25, 1.5 / 4.5), rel=1e-15)
    assert kinked.conjugate(s * v) == 0.0 and kinked.conjugate((s + 1e-3) * v) == np.inf
    assert kinked.dual_scale([0.1, 0.0, -1.0]) == 1.0


@prop(r"The lasso penalty's `lam_max(g)` is the smallest multiple t of the strengths at which $u = 0$ is optimal "
      r"for a datafit with gradient g at 0: $|g_j| \le t\lambda_j$ for every j there and not for a t smaller by "
      r"$10^{-9}$ (relative); it is $\max_j|g_j|/\lambda_j$, and 0 for $g = 0$.",
      group="optimality", checks="penalties.L1")
def test_lasso_lam_max_is_where_zero_becomes_optimal():
    lam = np.array([0.5, 2.0, 4.0])
    g = np.array([-3.0, 1.0, 6.0])
    t = L1(lam).lam_max(g)
    assert t == pytest.approx(6.0, rel=1e-15)
    assert np.all(np.abs(g) <= t * lam) and not np.all(np.abs(g) <= t * (1 - 1e-9) * lam)
    assert L1(2.0).lam_max([-3.0, 1.0]) == pytest.approx(1.5, rel=1e-15)
    assert L1(lam).lam_max(np.zeros(3)) == 0.0


@prop(r"A penalty's repr names its class and its fields: numbers with 6 significant digits, vectors of up to 4 "
      r"entries in full and larger arrays by their shape (`<array 5>`, `<array 2x3>`); a penalty with free "
      r"coordinates shows the inner penalty's repr.",
      group="inputs", checks=("penalties.L1", "penalties.ElasticNet", "penalties.Unpenalized"))
def test_penalty_reprs():
    assert repr(L1(2.0)) == "L1(strength=2)"
    assert repr(L2(1 / 3)) == "L2(strength=0.333333)"
    assert repr(LogPenalty(1e-7, 123456789.0)) == "LogPenalty(weight=1e-07, curvature=1.23457e+08)"
    assert repr(ElasticNet(np.array([1.0, 2.5, 3.0, -4.0]), 0.5)) == "ElasticNet(l1=[1, 2.5, 3, -4], l2=0.5)"
    assert repr(ElasticNet(np.arange(5.0), 0.0)) == "ElasticNet(l1=<array 5>, l2=0)"
    assert repr(QuadraticForm(np.ones((2, 3)))) == "QuadraticForm(matrix=<array 2x3>)"
    assert repr(QuadraticForm(np.eye(2))) == "QuadraticForm(matrix=<array 2x2>)"
    assert repr(Unpenalized(L1(np.ones(3)), 3)) == "Unpenalized(L1(strength=[1, 1, 1]), n_penalized=3)"


@prop(r"A norm budget's value is 0 inside and on its surface (at exact points such as $(3, -4)$ and at the "
      r"projections of outside points) and $+\infty$ outside (2% or 20% beyond the bound), for the $\ell_1$ ball "
      r"and the squared $\ell_2$ ball.",
      group="optimality", checks=("constrained_least_squares", "solvers.constrained.project_l1_ball",
                                  "solvers.constrained.project_l2_ball"))
def test_norm_budgets_are_zero_inside_and_infinite_outside():
    rng = np.random.default_rng(4)
    for ball, norm in ((L1Ball(7.0), lambda u: np.abs(u).sum()), (SquaredL2Ball(25.0), lambda u: u @ u)):
        assert ball.value([3.0, -4.0]) == 0.0 == ball.value([0.5, 1.0]) == ball.value([0.0, 0.0])
        for _ in range(20):
            v = rng.standard_normal(6) * 10.0 ** rng.uniform(1, 4)
            on = ball.project(v)
            assert norm(on) == pytest.approx(ball.bound, rel=1e-12)
            assert ball.value(on) == 0.0
            for factor in (1.02, 1.2):
                assert ball.value(factor * on) == np.inf


@prop(r"A penalty extended by free coordinates has, per coordinate, the inner penalty's distance of $-g_j$ to "
      r"its subdifferential on the penalized ones and $|g_j|$ (the distance to $\{0\}$) on the free ones.",
      group="optimality", checks=("logistic_map", "penalties.Unpenalized"))
def test_unpenalized_coordinates_have_subdifferential_zero():
    lam = np.array([1.0, 0.5])
    penalty = Unpenalized(L1(lam), 2)
    u = np.array([0.3, 0.0, 5.0, -1.0])
    for g in ([-0.2, 0.3, -0.7, 0.0], [2.0, -1.5, 0.25, -3.0]):
        expected = [abs(-g[0] - lam[0]), _distance_to_interval(-g[1], -lam[1], lam[1]), abs(g[2]), abs(g[3])]
        np.testing.assert_allclose(penalty.subdiff_distance(u, g), expected, rtol=1e-15)


@prop(r"The ridge penalty states its elastic-net strengths $(\lambda_1, \lambda_2) = (0, \lambda)$ for one strength, "
      r"and none (it is not an elastic net of one $\lambda_2$) with one strength per coefficient.",
      group="optimality", checks="penalties.L2")
def test_ridge_elastic_net_strengths():
    assert L2(0.7).elastic_net_strengths() == (0.0, 0.7)
    assert L2(np.float64(2.5)).elastic_net_strengths() == (0.0, 2.5)
    assert L2(np.array([1.0, 2.0])).elastic_net_strengths() is None


@prop(r"The least-squares datafit's duality gap at u is $J(u) - D$ with the dual value written out: for the ridge "
      r"penalty $D = \lVert y\rVert^2 - \lVert y - r\rVert^2 - \lVert X^\top r\rVert^2/\lambda$, for the lasso "
      r"$D = 2s\,r^\top y - s^2\lVert r\rVert^2$ with the residual rescaled by "
      r"$s = \min(1, \lambda/\lVert 2X^\top r\rVert_\infty)$ (relative $10^{-10}$); it bounds "
      r"$J(u) - \min J$ from above, and is below $10^{-9}\lVert y\rVert^2$ at the minimizer.",
      group="optimality", checks=("datafits.quadratic.Quadratic", "ridge", "lasso"), against="ridge and lasso minima")
def test_least_squares_duality_gap_written_out():
    import regprior as rp

    rng = np.random.default_rng(7)
    X = rng.standard_normal((15, 4))
    y = X @ np.array([2.0, 0.0, -1.0, 0.5]) + rng.standard_normal(15)
    datafit = Quadratic(X, y)
    lam = 3.0
    best_ridge = rp.ridge(X, y, lam).coef
    best_lasso = rp.lasso(X, y, lam, tol=1e-14).coef
    ridge_min = np.sum((y - X @ best_ridge) ** 2) + lam * best_ridge @ best_ridge
    lasso_min = np.sum((y - X @ best_lasso) ** 2) + lam * np.abs(best_lasso).sum()
    for u in (np.zeros(4), np.array([1.0, -1.0, 0.0, 2.0]), best_lasso + 0.05):
        r = y - X @ u
        primal = r @ r + lam * u @ u
        dual = y @ y - (y - r) @ (y - r) - (X.T @ r) @ (X.T @ r) / lam
        gap = datafit.duality_gap(u, L2(lam))
        assert gap == pytest.approx(primal - dual, rel=1e-10)
        assert gap >= primal - ridge_min - 1e-10 * (y @ y)
        s = min(1.0, lam / np.abs(2 * X.T @ r).max())
        assert s < 1.0
        primal = r @ r + lam * np.abs(u).sum()
        gap = datafit.duality_gap(u, L1(lam))
        assert gap == pytest.approx(primal - (2 * s * (r @ y) - s * s * (r @ r)), rel=1e-10)
        assert gap >= primal - lasso_min - 1e-10 * (y @ y)
    assert 0.0 <= datafit.duality_gap(best_ridge, L2(lam)) <= 1e-9 * (y @ y)
    assert 0.0 <= datafit.duality_gap(best_lasso, L1(lam)) <= 1e-9 * (y @ y)


@prop(r"The norm balls' indicators allow the rounding their projections leave, $64\epsilon$ relative, and no more: "
      r"a point whose $\lVert u\rVert_1$ (or $\lVert u\rVert_2^2$) is exactly $\eta(1 + 2^{-46})$, the bound times "
      r"$1 + 64\epsilon$, has value 0, one at $\eta(1 + 2^{-45})$ has value $+\infty$.",
      group="optimality", checks=("penalties.L1Ball", "penalties.SquaredL2Ball"))
def test_norm_balls_allow_exactly_their_rounding():
    assert L1Ball(1.0).value([1.0 + 2.0**-46]) == 0.0
    assert L1Ball(1.0).value([1.0 + 2.0**-45]) == np.inf
    assert L1Ball(4.0).value([2.0, -2.0 * (1.0 + 2.0**-45)]) == 0.0  # a sum of 4 (1 + 2^-46)
    assert SquaredL2Ball(1.0).value([1.0, 2.0**-23]) == 0.0  # 1 + 2^-46, exactly
    assert SquaredL2Ball(1.0).value([1.0, 2.0**-22.5]) == np.inf  # 1 + 2^-45


@prop(r"The least-squares datafit evaluated through its Gram matrix (`use_gram`, which returns the datafit) gives "
      r"the value, gradient, Hessian and duality gaps (ridge, lasso, L1 ball, box) that it gives through $X$, to "
      r"relative $10^{-12}$, and its Lipschitz constant is $2\lVert X\rVert_2^2$ (the largest singular value), to "
      r"relative $10^{-12}$; its gradient's rounding bound is $2\epsilon(|X|^\top|X||u| + |X^\top y|)$, or "
      r"$2\epsilon(|X^\top X||u| + |X^\top y|)$ through the Gram matrix, and the gradient computed either way is "
      r"within 32 times that bound of the gradient in exact rational arithmetic.",
      group="routes", checks="datafits.quadratic.Quadratic", against="exact rational arithmetic")
def test_least_squares_datafit_through_its_gram_matrix():
    from fractions import Fraction

    rng = np.random.default_rng(8)
    X = rng.standard_normal((6, 3)) * np.array([1.0, 1e3, 1e-3])
    y = X @ np.array([1.0, -2e-3, 5e2]) + rng.standard_normal(6)
    direct, gram = Quadratic(X, y), Quadratic(X, y)
    assert gram.use_gram() is gram
    eps = np.finfo(float).eps
    exact_X = [[Fraction(v) for v in row] for row in X]
    for u in (np.zeros(3), np.array([0.5, -1e-3, 2e2]), np.array([-3.0, 4e-4, 1e3])):
        assert gram.value(u) == pytest.approx(direct.value(u), rel=1e-12)
        np.testing.assert_allclose(gram.gradient(u), direct.gradient(u), rtol=1e-12, atol=1e-12 * direct.scale())
        for penalty in (L2(3.0), L1(3.0), L1Ball(500.0), Box(np.full(3, -1e3), np.full(3, 1e3))):
            assert gram.duality_gap(u, penalty) == pytest.approx(direct.duality_gap(u, penalty), rel=1e-12,
                                                                 abs=1e-12 * direct.scale())
        np.testing.assert_array_equal(direct.gradient_rounding(u),
                                      2 * eps * (np.abs(X).T @ (np.abs(X) @ np.abs(u)) + np.abs(X.T @ y)))
        np.testing.assert_array_equal(gram.gradient_rounding(u),
                                      2 * eps * (np.abs(X.T @ X) @ np.abs(u) + np.abs(X.T @ y)))
        residual = [Fraction(yi) - sum(xij * Fraction(uj) for xij, uj in zip(row, u)) for row, yi in zip(exact_X, y)]
        exact = np.array([float(-2 * sum(exact_X[i][j] * residual[i] for i in range(6))) for j in range(3)])
        for datafit in (direct, gram):
            assert np.all(np.abs(datafit.gradient(u) - exact) <= 32 * datafit.gradient_rounding(u))
    np.testing.assert_allclose(gram.hessian(), direct.hessian(), rtol=1e-12)
    assert direct.lipschitz() == pytest.approx(2 * np.linalg.svd(X, compute_uv=False)[0] ** 2, rel=1e-12)


@prop(r"A penalty extended by free coordinates has the conjugate $R_0^*(v)$ and the inner dual scale when the free "
      r"entries of $v$ are 0, and $+\infty$ and a dual scale of 0 otherwise (no dual point with a nonzero free entry "
      r"is feasible); it offers exactly the capabilities its inner penalty has, and a missing one raises an "
      r"AttributeError naming it.",
      group="optimality", checks="penalties.Unpenalized")
def test_unpenalized_conjugate_and_capabilities():
    inner = L1(np.array([1.0, 0.5]))
    penalty = Unpenalized(inner, 2)
    for head in ([0.3, -0.4], [3.0, 1.0]):
        assert penalty.conjugate([*head, 0.0]) == inner.conjugate(head)
        assert penalty.dual_scale([*head, 0.0]) == inner.dual_scale(head)
        assert penalty.conjugate([*head, 1e-300]) == np.inf
        assert penalty.dual_scale([*head, -2.0]) == 0.0
    assert not hasattr(inner, "hessian") and not hasattr(penalty, "hessian")
    with pytest.raises(AttributeError) as info:
        penalty.hessian  # noqa: B018 - the attribute access is what is tested
    assert str(info.value) == "hessian"


@prop("A solver written against the protocol states what it needs and nothing more: with the methods it requires "
      "present and no condition of its own it accepts the problem (`refusal` is None), and it names every method "
      "that is missing.", group="machinery", checks="solvers.base.Solver")
def test_a_solver_without_a_condition_of_its_own_accepts_what_it_requires():
    from types import SimpleNamespace

    class Gradient(rp.solvers.Solver):
        name = "gradient"
        datafit_requires = ("gradient",)
        penalty_requires = ("prox",)

        def solve(self, datafit, penalty, **options):  # never called: only the refusal is under test
            raise AssertionError("not called")

    datafit, penalty = SimpleNamespace(gradient=lambda w: w), SimpleNamespace(prox=lambda w, step: w)
    assert Gradient().refusal(datafit, penalty) is None
    assert Gradient().refusal(SimpleNamespace(), SimpleNamespace()) == ("the datafit has no gradient; the penalty "
                                                                        "has no prox")
