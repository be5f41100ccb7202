"""The constrained (Ivanov) form: exact projections, the projected-gradient solver and its certificate,
the η(λ) maps for L1 and squared L2 with the multiplier recovered as λ, and the box (uniform prior)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.optimize as so
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import regprior as rp
from regprior.solvers.constrained import project_l1_ball, project_l2_ball
from tests.properties import prop
from tests.strategies import powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import constraint_cases, rss

VECTORS = st.integers(1, 12).flatmap(lambda p: arrays(np.float64, (p,), elements=st.floats(-1e3, 1e3)))


@prop(r"The projection $w$ of $v$ onto the L1 ball of radius $r$ lies in the ball (to a relative $10^{-12}$ of $r$, "
      r"also at $\lVert v\rVert_1/r \approx 10^{8}$, where $|v_j| - \theta$ cancels) and satisfies the variational "
      r"inequality $(v - w)^\top(s - w) \le 0$ for every $s$ in the ball (checked at the vertices $\pm r e_j$, enough "
      r"because it is linear in $s$), so it is the closest point; a $v$ already inside is returned unchanged.",
      group="optimality", checks="solvers.constrained.project_l1_ball")
@given(v=VECTORS, radius=st.one_of(st.just(0.0), powers_of_ten(-3, 3)))
# |v| / r ~ 1e8: |v_j| - theta cancels to 8 digits (a gradient step of a poorly scaled problem produced it)
@example(v=np.array([150000.002, -3.0]), radius=0.002)
def test_l1_projection_is_the_closest_point_of_the_ball(v, radius):
    w = project_l1_ball(v, radius)
    scale = 1 + np.abs(v).sum()
    assert np.abs(w).sum() <= radius * (1 + 1e-12)
    # Variational inequality (v - w)^T (s - w) <= 0 for every s in the ball; the left side is linear in s,
    # so it suffices to check the 2p vertices +-radius e_j: max_s (v - w)^T s = radius ||v - w||_inf.
    assert radius * np.abs(v - w).max() - (v - w) @ w <= 1e-10 * scale**2
    if np.abs(v).sum() <= radius:
        np.testing.assert_array_equal(w, v)


@prop(r"The projection $w$ of $v$ onto the L2 ball of radius $r$ lies in the ball and satisfies the variational "
      r"inequality $r\lVert v - w\rVert_2 - (v - w)^\top w \le 0$, i.e. $(v - w)^\top(s - w) \le 0$ for every $s$ in "
      r"the ball, so it is the closest point.",
      group="optimality", checks="solvers.constrained.project_l2_ball")
@given(v=VECTORS, radius=st.one_of(st.just(0.0), powers_of_ten(-3, 3)))
def test_l2_projection_is_the_closest_point_of_the_ball(v, radius):
    w = project_l2_ball(v, radius)
    scale = 1 + np.linalg.norm(v)
    assert np.linalg.norm(w) <= radius * (1 + 1e-12) + 1e-300
    assert radius * np.linalg.norm(v - w) - (v - w) @ w <= 1e-10 * scale**2


def _tight(X, y, lam):
    return rp.lasso(X, y, lam, tol=1e-14, max_iter=100_000).coef


@prop(r"Given the budget $\eta = \lVert\hat\beta_\lambda\rVert_1$ of a tightly converged lasso solution, the "
      r"constrained solver converges to that solution (to $10^{-5}$ relative to its size) and reports the multiplier "
      r"$\mu = \lambda$ (relative $10^{-4}$); the reported $\mu$ is the derived "
      r"$2(X\hat\beta)^\top(y - X\hat\beta)/(k_R\eta)$ with $k_R = 1$ at its solution (relative $10^{-9}$).",
      group="routes", evaluates="constraint-penalty:multiplier", checks=("constrained_least_squares", "lasso"))
@given(problem=well_posed_problems(max_p=5), ratio=st.floats(0.05, 0.9))
def test_l1_budget_of_a_lasso_solution_gives_back_the_solution_and_lambda(problem, ratio):
    X, y = problem.X, problem.y
    n, p = X.shape
    lam = ratio * 2 * np.abs(X.T @ y).max()
    penalized = _tight(X, y, lam)
    eta = np.abs(penalized).sum()
    fit = rp.constrained_least_squares(X, y, eta, norm="l1", tol=1e-13, max_iter=200_000)
    assert fit.converged
    scale = 1 + np.abs(penalized).max()
    np.testing.assert_allclose(fit.coef, penalized, atol=1e-5 * scale)
    assert fit.multiplier == pytest.approx(lam, rel=1e-4)
    # the reported multiplier is the derived formula at the constrained solution (k_R = 1)
    derived = constraint_cases()["multiplier"](X, y, fit.coef, n, p, 1.0, eta)
    assert fit.multiplier == pytest.approx(derived, rel=1e-9)


@prop(r"Given the budget $\eta = \lVert\hat\beta_\lambda\rVert_2^2$ of a ridge solution, the constrained solver "
      r"returns that solution within the radius its Frank–Wolfe gap certifies, $\sqrt{\mathrm{gap}/\lambda}$ (the "
      r"Lagrangian $\lVert y - X\beta\rVert^2 + \lambda(\lVert\beta\rVert^2 - \eta)$ is $2\lambda$-strongly convex), "
      r"and a multiplier $\mu$ within the change of $(X\beta)^\top(y - X\beta)/\eta$ over that radius of "
      r"$\lambda$, also on designs with duplicated, collinear or zero columns; the reported $\mu$ is the derived "
      r"formula with $k_R = 2$ at its solution, to rounding.",
      group="routes", evaluates="constraint-penalty:multiplier", checks=("constrained_least_squares", "ridge"))
@given(problem=problems(max_p=5), lam=powers_of_ten(-2, 2))
def test_squared_l2_budget_of_a_ridge_solution_gives_back_the_solution_and_lambda(problem, lam):
    X, y = problem.X, problem.y
    n, p = X.shape
    penalized = rp.ridge(X, y, lam).coef
    eta = float(penalized @ penalized)
    if eta == 0.0:  # X^T y = 0: beta = 0 for every lambda, no multiplier to recover
        return
    fit = rp.constrained_least_squares(X, y, eta, norm="l2", tol=1e-14, max_iter=200_000)
    # With the ridge minimizer b* on the boundary and lam its multiplier, the Lagrangian
    # rss(b) + lam (||b||^2 - eta) is 2 lam-strongly convex and equals rss(b*) at b*, so every feasible b has
    # rss(b) - rss(b*) >= lam ||b - b*||^2: the Frank-Wolfe gap certifies a radius around b*.
    norm_X2 = np.linalg.norm(X, 2) ** 2
    ridge_error = 1e-14 * (norm_X2 + lam) / lam * np.sqrt(eta)  # the direct solve: cond(X^T X + lam I) ulps
    # the gap g^T b + sqrt(eta) ||g|| (g = 2 X^T (X b - y)) is itself known only to ~1e-13 of its terms' size
    gap_floor = 2e-13 * (norm_X2 * np.linalg.norm(fit.coef) + np.linalg.norm(X.T @ y)) * (
        np.linalg.norm(fit.coef) + np.sqrt(eta))
    # and a point outside the ball by rounding loses lam (||b||^2 - eta) of the Lagrangian bound
    outside = max(float(fit.coef @ fit.coef) - eta, 0.0)
    radius = np.sqrt((max(fit.gap, 0.0) + gap_floor + lam * outside) / lam) + ridge_error
    assert np.linalg.norm(fit.coef - penalized) <= radius
    # The multiplier is g(b) / eta with g(b) = (Xb)^T (y - Xb) and g(b*) = lam eta; g moves by at most
    # ||X^T (y - 2 X b)|| |d| + 3 ||X||^2 |d|^2 over a distance |d| <= radius, and g is computed to ~1e-14 of its terms.
    fitted = X @ fit.coef
    moved = np.linalg.norm(X.T @ (y - 2 * fitted)) * radius + 3 * norm_X2 * radius**2
    rounding = 1e-13 * (fitted @ fitted + np.linalg.norm(fitted) * np.linalg.norm(y))
    assert abs(fit.multiplier - lam) <= (moved + rounding) / eta + 1e-9 * lam
    derived = constraint_cases()["multiplier"](X, y, fit.coef, n, p, 2.0, eta)
    assert fit.multiplier == pytest.approx(max(derived, 0.0), rel=1e-12, abs=rounding / eta)


@prop(r"The squared norm of the ridge solution equals the derived spectral formula "
      r"$\eta(\lambda) = \sum_k c_k^2/(d_k + \lambda)^2$, with $X^\top X = V\operatorname{diag}(d)V^\top$ and "
      r"$c = V^\top X^\top y$ (relative $10^{-8}$), and does not increase with $\lambda$; the L1 norm of the lasso "
      r"solution does not increase with $\lambda$ either.",
      group="symbols", evaluates="constraint-penalty:eta_of_lambda", checks=("ridge", "lasso"))
@given(problem=well_posed_problems(max_p=5), lams=st.lists(powers_of_ten(-2, 2), min_size=2, max_size=6, unique=True))
def test_budget_maps_decrease_with_lambda_and_follow_the_spectral_formula(problem, lams):
    X, y = problem.X, problem.y
    p = X.shape[1]
    lams = np.sort(lams)
    d, V = np.linalg.eigh(X.T @ X)
    c = V.T @ (X.T @ y)
    eta_formula = constraint_cases()["eta_of_lambda"]
    ridge_eta = [float(np.sum(rp.ridge(X, y, lam).coef ** 2)) for lam in lams]
    np.testing.assert_allclose(ridge_eta, [eta_formula(c, d, p, lam) for lam in lams], rtol=1e-8)
    assert all(a >= b * (1 - 1e-12) for a, b in zip(ridge_eta, ridge_eta[1:]))
    lam_max = 2 * np.abs(X.T @ y).max()
    l1_eta = [np.abs(_tight(X, y, lam * lam_max / lams.max())).sum() for lam in lams]
    assert all(a >= b - 1e-7 * (1 + a) for a, b in zip(l1_eta, l1_eta[1:]))


@prop(r"Stopped after at most 50 iterations, converged or not, the constrained solver's point is feasible, its "
      r"residual sum of squares exceeds that of a tightly converged run by at most the gap it reports (plus "
      r"$10^{-9}\lVert y\rVert^2$), and the objective it reports is that residual sum of squares; for L1 and squared "
      r"L2 budgets.",
      group="optimality", checks="constrained_least_squares")
@given(problem=problems(max_p=5), budget=powers_of_ten(-3, 2), norm=st.sampled_from(["l1", "l2"]))
def test_certificate_bounds_the_distance_to_the_optimum(problem, budget, norm):
    X, y = problem.X, problem.y
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rp.ConvergenceWarning)  # the certificate must hold either way
        rough = rp.constrained_least_squares(X, y, budget, norm=norm, tol=1e-3, max_iter=50)
        # rss(fine) >= min rss whether or not the tight run converges, so the bound below holds either way;
        # the tighter the run, the more the bound bites
        fine = rp.constrained_least_squares(X, y, budget, norm=norm, tol=1e-12, max_iter=200_000)
    r = rss(X, y, rough.coef)
    size = (lambda b: np.abs(b).sum()) if norm == "l1" else (lambda b: b @ b)
    assert size(rough.coef) <= budget * (1 + 1e-9) and size(fine.coef) <= budget * (1 + 1e-9)
    assert r - rss(X, y, fine.coef) <= rough.gap + 1e-9 * (y @ y)
    assert rough.objective == pytest.approx(r, rel=1e-9, abs=1e-12 * (1 + y @ y))


@prop(r"Under a uniform prior on a box $[l, u]$ the constrained solver's MAP lies in the box, has a residual sum "
      r"of squares no larger than that of SciPy's bounded-variable least squares (plus "
      r"$10^{-8}(1 + \lVert y\rVert^2)$), and agrees with its solution to $10^{-5}$.",
      group="routes", checks="constrained_least_squares", against="scipy.optimize.lsq_linear (BVLS)")
@given(problem=well_posed_problems(max_p=5), data=st.data())
def test_box_constraint_matches_bounded_least_squares(problem, data):
    """A uniform prior on a box: the MAP is box-constrained least squares (checked against scipy's
    lsq_linear), which is the clipped least-squares solution only when the coordinates do not interact."""
    X, y = problem.X, problem.y
    p = X.shape[1]
    lower = np.array(data.draw(st.lists(st.floats(-2, 0), min_size=p, max_size=p)))
    upper = lower + np.array(data.draw(st.lists(st.floats(0.01, 2), min_size=p, max_size=p)))  # scipy needs l < u
    fit = rp.constrained_least_squares(X, y, (lower, upper), norm="box", tol=1e-14, max_iter=200_000)
    ref = so.lsq_linear(X, y, bounds=(lower, upper), method="bvls", tol=1e-14)
    assert rss(X, y, fit.coef) <= rss(X, y, ref.x) + 1e-8 * (1 + y @ y)
    np.testing.assert_allclose(fit.coef, ref.x, atol=1e-5 * (1 + np.abs(ref.x).max()))
    assert np.all(fit.coef >= lower) and np.all(fit.coef <= upper)


def _frank_wolfe_gap(X, y, coef, norm, bound):
    """max over the feasible set C of g^T (b - s), g = 2 X^T (X b - y): the vertex s of C that minimizes g^T s."""
    g = 2 * X.T @ (X @ coef - y)
    if norm == "l1":
        return g @ coef + bound * np.abs(g).max()
    if norm == "l2":
        return g @ coef + np.sqrt(bound) * np.linalg.norm(g)
    lower, upper = bound
    return g @ coef - np.where(g > 0, g * lower, g * upper).sum()


@prop(r"Whatever the budget or box, the constrained solver's reported gap is the Frank–Wolfe gap "
      r"$\max_{s \in C} \nabla f(\hat\beta)^\top(\hat\beta - s)$ recomputed from scratch, its objective is the "
      r"residual sum of squares, it echoes the norm, bound and tolerance, and with the default tolerance the gap is at "
      r"most $10^{-8}$ of the larger of $\lVert y\rVert^2$ and the objective at the projection of 0.",
      group="optimality", checks="constrained_least_squares", against="the Frank–Wolfe gap computed in the test")
@given(problem=problems(max_p=5), norm=st.sampled_from(["l1", "l2", "box"]), budget=powers_of_ten(-2, 1))
def test_reported_certificate_is_the_frank_wolfe_gap(problem, norm, budget):
    X, y = problem.X, problem.y
    p = X.shape[1]
    bound = (np.full(p, -budget), np.full(p, budget / 2)) if norm == "box" else budget
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rp.ConvergenceWarning)  # the certificate must be right either way
        fit = rp.constrained_least_squares(X, y, bound, norm=norm)
    # the gap's terms, in absolute value: what it can be known to (the gradient itself cancels)
    reach = budget if norm != "box" else np.maximum(np.abs(bound[0]), np.abs(bound[1]))
    terms = 2 * (np.abs(X).T @ (np.abs(X) @ np.abs(fit.coef)) + np.abs(X.T @ y))
    rounding = 1e-12 * (terms @ (np.abs(fit.coef) + reach))
    assert fit.gap == pytest.approx(_frank_wolfe_gap(X, y, fit.coef, norm, bound), abs=rounding)
    assert fit.objective == pytest.approx(rss(X, y, fit.coef), rel=1e-12, abs=1e-12 * (1 + y @ y))
    assert fit.norm == norm and fit.tol == 1e-8
    if norm == "box":
        np.testing.assert_array_equal(fit.bound[0], bound[0]) and np.testing.assert_array_equal(fit.bound[1], bound[1])
    else:
        assert fit.bound == budget
    if fit.converged:
        start = np.clip(np.zeros(p), *bound) if norm == "box" else np.zeros(p)
        assert fit.gap <= max(1e-8 * max(y @ y, rss(X, y, start)), rounding) * (1 + 1e-9)


@prop(r"Under a box, the reported multipliers are the KKT multipliers: $|g_j|$ for a coefficient at a bound, where "
      r"the gradient $g = \nabla\lVert y - X\beta\rVert^2$ points out of the box ($g_j \ge 0$ at the lower bound, "
      r"$g_j \le 0$ at the upper one, to the certificate's precision), and 0 for a coefficient strictly inside, "
      r"where $g_j$ vanishes to that precision.",
      group="optimality", checks="constrained_least_squares")
@given(problem=well_posed_problems(max_p=5), data=st.data())
def test_box_multipliers_are_the_kkt_multipliers(problem, data):
    X, y = problem.X, problem.y
    p = X.shape[1]
    lower = np.array(data.draw(st.lists(st.floats(-1, 0), min_size=p, max_size=p)))
    upper = lower + np.array(data.draw(st.lists(st.floats(0.01, 1), min_size=p, max_size=p)))
    fit = rp.constrained_least_squares(X, y, (lower, upper), norm="box", tol=1e-13, max_iter=200_000)
    g = 2 * X.T @ (X @ fit.coef - y)
    slack = 1e-5 * (1 + np.abs(g).max())
    at_lower, at_upper = fit.coef <= lower, fit.coef >= upper
    inside = ~(at_lower | at_upper)
    np.testing.assert_allclose(fit.multiplier[~inside], np.abs(g[~inside]), rtol=1e-12)
    assert np.all(fit.multiplier[inside] == 0.0)
    assert np.all(g[at_lower] >= -slack) and np.all(g[at_upper] <= slack)
    assert np.all(np.abs(g[inside]) <= slack)


@prop(r"A lower bound within rounding of the start $\beta = 0$ ($-1.9\cdot 10^{-20}$, $-2.4\cdot 10^{-211}$), with the "
      r"gradient pointing out of the box: the coefficient is reported at its bound with multiplier $|g|$, not at 0 "
      "with multiplier 0 (the gap at 0 is already below rounding, so no iteration runs).",
      group="optimality", checks="constrained_least_squares")
@pytest.mark.parametrize("lower", [-1.9e-20, -2.427655096282408e-211])
def test_box_bound_within_rounding_of_the_start_gets_its_multiplier(lower):
    # the deep search's counterexample to test_box_multipliers_are_the_kkt_multipliers
    X = np.array([[0.34558419], [0.82161814], [0.33043708]])
    y = np.array([0.45500533, -0.62432305, -0.9675647])
    fit = rp.constrained_least_squares(X, y, ([lower], [lower + 1.0]), norm="box", tol=1e-13, max_iter=200_000)
    g = 2 * X.T @ (X @ fit.coef - y)
    assert g[0] > 1.0  # the objective falls toward the lower bound
    assert fit.coef[0] == lower and fit.converged
    assert fit.multiplier[0] == pytest.approx(g[0], rel=1e-12)


@prop(r"A zero budget with $X^\top y = 0$ needs no penalty at all: the multiplier is 0 for both the L1 and the "
      r"squared-L2 budget, and $\hat\beta = 0$.",
      group="metamorphic", checks="constrained_least_squares")
def test_zero_budget_with_uncorrelated_response_needs_no_multiplier():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    y = np.array([-1.0, 1.0, 1.0])  # orthogonal to both columns: X^T y = 0
    assert not (X.T @ y).any()
    for norm in ("l1", "l2"):
        fit = rp.constrained_least_squares(X, y, 0.0, norm=norm)
        assert fit.multiplier == 0.0 and not fit.coef.any()


@prop(r"The solver's momentum pays: on a problem with condition number about 300 and a squared-L2 budget it "
      r"certifies a $10^{-10}$ tolerance in fewer than a fifth of the iterations that plain projected gradient with "
      r"the same step $1/L$ needs to reach the same objective value.",
      group="routes", checks="constrained_least_squares", against="plain projected gradient written in the test")
def test_acceleration_beats_plain_projected_gradient():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 8)) @ np.diag(np.geomspace(1.0, 0.003, 8))  # condition number ~300
    y = X @ rng.standard_normal(8) + 0.1 * rng.standard_normal(40)
    ls = np.linalg.lstsq(X, y, rcond=None)[0]
    eta = 0.25 * ls @ ls
    fit = rp.constrained_least_squares(X, y, eta, norm="l2", tol=1e-10, max_iter=200_000)
    assert fit.converged
    L = 2 * np.linalg.norm(X, 2) ** 2
    b, steps = np.zeros(8), 0
    while rss(X, y, b) > fit.objective and steps < 50 * fit.n_iter:
        b = project_l2_ball(b - 2 * X.T @ (X @ b - y) / L, np.sqrt(eta))
        steps += 1
    assert steps > 5 * fit.n_iter, (steps, fit.n_iter)


@prop(r"With one coefficient the box-constrained solution is the derived clip of the least-squares value "
      r"$t_{\mathrm{LS}} = x^\top y/\lVert x\rVert^2$ to $[l, u]$ (to $10^{-9}(1 + |t_{\mathrm{LS}}|)$), for boxes of "
      r"zero width too.",
      group="routes", evaluates="constraint-penalty:clip", checks="constrained_least_squares")
@given(problem=problems(max_p=1), lo=st.floats(-3, 0), width=st.floats(0, 3))
def test_one_coefficient_box_solution_clips_least_squares(problem, lo, width):
    X, y = problem.X, problem.y
    q = float(X[:, 0] @ X[:, 0])
    if q == 0.0:  # a zero column: every feasible value is optimal
        return
    t_ls = float(X[:, 0] @ y) / q
    fit = rp.constrained_least_squares(X, y, (lo, lo + width), norm="box", tol=1e-14)
    assert fit.coef[0] == pytest.approx(constraint_cases()["clip"](t_ls, lo, lo + width), abs=1e-9 * (1 + abs(t_ls)))


@prop(r"With two strongly correlated columns, clipping the least-squares solution to the box $[-1, 1]^2$ is not "
      r"the box-constrained solution: its residual sum of squares is more than 1 above the constrained solver's.",
      group="routes", checks=("constrained_least_squares", "ridge"))
def test_clipping_is_not_the_box_solution_for_correlated_columns():
    rng = np.random.default_rng(9)
    x = rng.standard_normal(50)
    X = np.column_stack([x, x + 0.1 * rng.standard_normal(50)])
    y = X @ np.array([3.0, -1.0]) + 0.1 * rng.standard_normal(50)
    box = (np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
    fit = rp.constrained_least_squares(X, y, box, norm="box", tol=1e-14)
    clipped = np.clip(rp.ridge(X, y, 0.0).coef, *box)
    assert rss(X, y, fit.coef) < rss(X, y, clipped) - 1.0


@prop(r"For the unsquared penalty $\lambda\lVert\beta\rVert_2$ with $\lambda > 2\lVert X^\top y\rVert_2$, the "
      r"derived one-sided slope $\lambda - 2v^\top X^\top y$ of $\lVert y - sXv\rVert^2 + \lambda s$ at $s = 0^+$ is "
      r"nonnegative along the steepest direction $v \propto X^\top y$ and five random unit directions, and negative "
      r"along the steepest direction below the threshold; ridge at the same $\lambda$ is not zero.",
      group="symbols", evaluates="constraint-penalty:unsquared_zero_slope", checks="ridge")
@given(problem=problems(), ratio=st.floats(1.001, 10))
def test_unsquared_l2_penalty_is_exactly_zero_beyond_twice_the_correlation_norm(problem, ratio):
    """lambda * ||beta||_2 (not squared): at lam >= 2 ||X^T y|| every direction from 0 goes uphill (the derived
    one-sided slope), while ridge at the same lam is not zero."""
    X, y = problem.X, problem.y
    n = X.shape[0]
    g = X.T @ y
    if not g.any():
        return
    lam = ratio * 2 * np.linalg.norm(g)
    slope = constraint_cases()["unsquared_zero_slope"]
    rng = np.random.default_rng(0)
    for v in [g / np.linalg.norm(g), *rng.standard_normal((5, X.shape[1]))]:
        v = v / np.linalg.norm(v)
        assert slope(X @ v, y, n, lam) >= -1e-12 * lam
    steepest = g / np.linalg.norm(g)
    assert slope(X @ steepest, y, n, lam / ratio**2) < 0  # below the threshold the best direction goes down
    assert np.any(rp.ridge(X, y, lam).coef != 0)


@prop(r"An L1 budget of 0 gives exactly $\hat\beta = 0$ with the multiplier $2\lVert X^\top y\rVert_\infty$, a "
      r"strength at which the lasso is exactly 0; a squared-L2 budget of 0 gives the multiplier $\infty$.",
      group="metamorphic", checks=("constrained_least_squares", "lasso"))
def test_zero_budget_forces_zero_and_reports_the_smallest_multiplier():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 3)), rng.standard_normal(20)
    fit = rp.constrained_least_squares(X, y, 0.0, norm="l1")
    np.testing.assert_array_equal(fit.coef, 0.0)
    assert fit.multiplier == pytest.approx(2 * np.abs(X.T @ y).max())
    assert np.all(rp.lasso(X, y, fit.multiplier).coef == 0.0)
    assert rp.constrained_least_squares(X, y, 0.0, norm="l2").multiplier == np.inf


@prop(r"A budget twice the size of the least-squares solution (L1 or squared L2) gives the least-squares "
      r"solution (to $10^{-6}$) and the multiplier 0.",
      group="metamorphic", checks=("constrained_least_squares", "ridge"))
def test_inactive_budget_gives_least_squares_and_zero_multiplier():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    ls = rp.ridge(X, y, 0.0).coef
    for norm, size in (("l1", np.abs(ls).sum()), ("l2", ls @ ls)):
        fit = rp.constrained_least_squares(X, y, 2 * size, norm=norm, tol=1e-14)
        np.testing.assert_allclose(fit.coef, ls, atol=1e-6)
        assert fit.multiplier == pytest.approx(0.0, abs=1e-6)


@prop(r"Stopped after 3 iterations on a badly conditioned problem, the constrained solver warns with a "
      r"`ConvergenceWarning` that gives the Frank–Wolfe gap reached, and reports `converged` false and 3 iterations.",
      group="inputs", checks=("constrained_least_squares", "ConvergenceWarning"))
def test_constrained_solver_warns_with_the_gap_when_it_stops_early():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 30))
    X[:, 1:] += 0.95 * X[:, :-1]
    y = rng.standard_normal(40)
    with pytest.warns(rp.ConvergenceWarning, match=r"Frank-Wolfe gap \d\.\d+e[+-]\d+ > tol"):
        fit = rp.constrained_least_squares(X, y, 1.0, norm="l1", tol=1e-14, max_iter=3)
    assert not fit.converged and fit.n_iter == 3


@prop(r"Invalid budgets (negative, non-numeric, NaN, a box that is not a pair, has $l > u$, infinite or "
      r"wrongly shaped bounds), unknown norms, and bad tolerances, iteration counts and starting points raise "
      r"`ValueError` or `TypeError` whose whole message names the argument (and the side of the box), what was "
      r"expected and what was given.",
      group="inputs", checks="constrained_least_squares")
@pytest.mark.parametrize(
    "kwargs, error, message",
    [(dict(bound=-1.0), ValueError, "bound must be >= 0; got -1"),
     (dict(bound="1"), TypeError, "bound must be a real number; got str '1'"),
     (dict(bound=np.nan), ValueError, "bound must be finite; got nan"),
     (dict(norm="l3"), ValueError, "norm must be one of 'l1', 'l2', 'box'; got 'l3'"),
     (dict(norm=1), TypeError, "norm must be one of 'l1', 'l2', 'box'; got int 1"),
     (dict(norm="box", bound=1.0), TypeError, "bound must be a pair (lower, upper) for norm='box'; got float 1.0"),
     (dict(norm="box", bound=(1.0, 0.0)), ValueError, "bound must have lower <= upper in every coordinate"),
     (dict(norm="box", bound=(-np.inf, 1.0)), ValueError,
      "bound (lower) must be finite: a uniform prior needs a bounded box"),
     (dict(norm="box", bound=(0.0, np.inf)), ValueError,
      "bound (upper) must be finite: a uniform prior needs a bounded box"),
     (dict(norm="box", bound=(np.zeros(3), 1.0)), ValueError,
      "bound (lower) must be a number or have one value per feature, shape (2,); got (3,)"),
     (dict(norm="box", bound=(0.0, np.ones(3))), ValueError,
      "bound (upper) must be a number or have one value per feature, shape (2,); got (3,)"),
     (dict(tol=0.0), ValueError, "tol must be > 0; got 0"),
     (dict(max_iter=0), ValueError, "max_iter must be >= 1; got 0"),
     (dict(coef_init=np.zeros(5)), ValueError, "coef_init must have shape (2,) to match X; got (5,)")],
)
def test_bad_constrained_options_are_rejected(kwargs, error, message):
    X, y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0, 3.0])
    kwargs = {"bound": 1.0, **kwargs}
    bound = kwargs.pop("bound")
    with pytest.raises(error) as info:
        rp.constrained_least_squares(X, y, bound, **kwargs)
    assert str(info.value) == message


@prop(r"A tolerance far below what rounding resolves ($10^{-300}$) stops at the documented rounding level: for an L1 "
      r"budget, a squared-L2 budget and a box the fit converges without a warning in fewer than 10,000 of the "
      r"100,000 iterations allowed, at the first iterate whose Frank–Wolfe gap is at most "
      r"$32\sum_j e_j(|\beta_j| + m_j)$ ($e$ the gradient's rounding bound, $m_j$ the largest $|\beta_j|$ the set "
      r"allows): the same run stopped one iteration earlier has a gap above that level, and warns.",
      group="optimality", checks=("constrained_least_squares", "datafits.quadratic.Quadratic.gradient_rounding"))
def test_tolerance_below_rounding_stops_at_the_rounding_level():
    from regprior.datafits import Quadratic

    rng = np.random.default_rng(9)
    X = rng.standard_normal((20, 30))
    y = X @ rng.standard_normal(30) + 0.1 * rng.standard_normal(20)

    def level(coef, reach):
        return 32 * Quadratic(X, y).gradient_rounding(coef) @ (np.abs(coef) + reach)

    for norm, bound, reach in (("l1", 2.0, 2.0), ("l2", 4.0, 2.0), ("box", (np.full(30, -0.5), np.full(30, 0.5)), 0.5)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fit = rp.constrained_least_squares(X, y, bound, norm=norm, tol=1e-300, max_iter=100_000)
        assert fit.converged and 1 < fit.n_iter < 10_000, (norm, fit.n_iter)
        assert 0.0 <= fit.gap <= level(fit.coef, reach), norm
        with pytest.warns(rp.ConvergenceWarning, match="did not converge"):
            early = rp.constrained_least_squares(X, y, bound, norm=norm, tol=1e-300, max_iter=fit.n_iter - 1)
        assert not early.converged and early.gap > level(early.coef, reach), norm


@prop(r"A coefficient within rounding of the start at either bound of its box (at $\mp 1.9\cdot 10^{-20}$, the "
      r"objective falling toward it) is reported at that bound while a second coefficient, already optimal inside "
      r"its box, stays where it is; and one that a projected-gradient step from the start lands on exactly is put "
      r"on that bound (the lower one for a step to the lower bound, the upper one for a step to the upper).",
      group="optimality", checks="constrained_least_squares")
@pytest.mark.parametrize("side", [-1.0, 1.0])
def test_box_puts_coefficients_on_the_bound_they_reach(side):
    from regprior.datafits import Quadratic

    X = np.array([[0.3, 0.0], [0.8, 0.0], [0.3, 0.0], [0.0, 1.0], [0.0, -1.0]])
    y = np.array([0.5 * side, 0.6 * side, side, 1.0, 1.0])  # falling toward the edge; the second column is orthogonal
    edge = side * 1.9e-20
    box = (np.array([min(edge, edge - side), -1.0]), np.array([max(edge, edge - side), 1.0]))
    fit = rp.constrained_least_squares(X, y, box, norm="box", tol=1e-13)
    assert fit.coef.tolist() == [edge, 0.0] and fit.converged

    x, y = np.array([[1.0], [0.0], [0.0], [0.0]]), np.array([0.4 * side, 1.0, 1.0, 1.0])
    datafit = Quadratic(x, y).use_gram()
    reached = 0.0 - datafit.gradient(np.zeros(1))[0] / datafit.lipschitz()  # the step from 0, as the solver takes it
    assert np.sign(reached) == side
    box = ([min(reached, reached - side)], [max(reached, reached - side)])
    fit = rp.constrained_least_squares(x, y, box, norm="box", tol=0.5)  # loose: no iteration runs from 0
    assert fit.n_iter == 0 and fit.coef[0] == reached
