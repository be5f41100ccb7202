"""The coordinate-descent engine (lasso, elastic net, paths), each result against an independent route."""

from __future__ import annotations

import types
import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.linear_model import ElasticNet, Lasso

import regprior as rp
from tests import reference
from tests.properties import prop
from tests.strategies import Problem, powers_of_ten, problems, well_posed_problems


def _objective(X, y, coef, lam1, lam2=0.0):
    r = y - X @ coef
    return float(r @ r + np.sum(lam1 * np.abs(coef)) + lam2 * coef @ coef)


def _lam(X, y, ratio):
    top = rp.lam_max(X, y)
    return ratio * top if top > 0 else 1.0


@prop(r"The elastic net at $(\lambda_1, \lambda_2)$ is the lasso at $\lambda_1$ on the augmented data "
      r"$[X; \sqrt{\lambda_2}I]$, $[y; 0]$: both solvers converge, their objective values agree within the sum of "
      r"their duality gaps, and their coefficients within $2\sqrt{(G_1 + G_2)/\lambda_2}$, the radius that strong "
      r"convexity (modulus $2\lambda_2$) gives those gaps.",
      group="metamorphic", checks=("elastic_net", "lasso"))
@given(problem=problems(), ratio=powers_of_ten(-3, -1), lam2=powers_of_ten(-2, 2))
# two equal columns of squared norm 4e6: on the augmented design coordinate descent crept along the direction
# that makes them differ (ratio 1 - 1/4e6 per epoch) and ran out of epochs; the exact step on the support fixes it
@example(problem=Problem(np.array([[0.0, 0.0, 0.0], [2000.0, 2000.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0],
                                   [0.0, 0.0, 0.0]]), np.array([0.0, 1.0, 0.0, 0.0, 1.0]), "duplicate_column"),
         ratio=0.1, lam2=1.0)
@example(problem=Problem(np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [100.0, 100.0], [100.0, 100.0]]),
                         np.array([0.0, 0.0, 0.0, 0.0, 1.0]), "duplicate_column"), ratio=0.1, lam2=0.01)
def test_elastic_net_is_the_lasso_on_the_augmented_design(problem, ratio, lam2):
    """||y - Xb||^2 + l1|b|_1 + l2|b|^2 = ||[y;0] - [X; sqrt(l2) I] b||^2 + l1|b|_1."""
    X, y = problem.X, problem.y
    p = X.shape[1]
    lam1 = _lam(X, y, ratio)
    enet = rp.elastic_net(X, y, lam1, lam2, tol=1e-12)
    Xa, ya = np.vstack([X, np.sqrt(lam2) * np.eye(p)]), np.r_[y, np.zeros(p)]
    lasso = rp.lasso(Xa, ya, lam1, tol=1e-12)
    assert enet.converged and lasso.converged
    # Both are certified within their gaps of the same optimal value; the enet optimum is unique.
    assert abs(enet.objective - lasso.objective) <= enet.gap + lasso.gap + 1e-12 * (y @ y)
    tol = np.sqrt((enet.gap + lasso.gap + 1e-12 * (y @ y)) / lam2) * 2  # strong convexity (modulus 2 lam2)
    np.testing.assert_allclose(enet.coef, lasso.coef, atol=tol + 1e-12)


@prop(r"The elastic net with $\lambda_1 = 0$, converged or not, has an objective value between ridge's (the "
      r"closed form) and ridge's plus its own duality gap $G$ (up to $10^{-10}\lVert y\rVert^2$ of rounding), and "
      r"coefficients within $2\sqrt{G/\lambda_2}$ of ridge's, so its gap stays a valid certificate without an L1 "
      r"part.",
      group="routes", checks=("elastic_net", "ridge"))
@given(problem=problems(), lam2=powers_of_ten(-2, 2))
def test_elastic_net_without_l1_is_ridge(problem, lam2):
    """The gap stays valid with no L1 part. Coordinate descent on a badly conditioned quadratic may need
    more epochs than allowed (it then warns); the agreement is checked through the certificate either way."""
    X, y = problem.X, problem.y
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rp.ConvergenceWarning)
        enet = rp.elastic_net(X, y, 0.0, lam2, tol=1e-12)
    ridge = rp.ridge(X, y, lam2)
    assert 0 <= enet.objective - ridge.objective + 1e-10 * (y @ y) <= enet.gap + 2e-10 * (y @ y)
    np.testing.assert_allclose(enet.coef, ridge.coef, atol=2 * np.sqrt((enet.gap + 1e-12 * (y @ y)) / lam2) + 1e-12)


@prop(r"At an arbitrary point $b$, not a solver's output, the duality gap is at least $J(b) - J(\hat\beta)$, "
      r"$\hat\beta$ a tightly converged elastic-net solution (up to $10^{-9}(1 + \lVert y\rVert^2)$), for "
      r"$\lambda_2 \in \{0, 0.1, 10\}$.",
      group="optimality", checks=("duality_gap", "elastic_net"))
@given(problem=problems(), ratio=powers_of_ten(-2, -1), data=st.data())
def test_duality_gap_bounds_the_suboptimality_of_any_point(problem, ratio, data):
    """The certificate is valid everywhere, not only at the solver's output."""
    X, y = problem.X, problem.y
    p = X.shape[1]
    lam1 = _lam(X, y, ratio)
    lam2 = data.draw(st.sampled_from([0.0, 0.1, 10.0]))
    best = rp.elastic_net(X, y, lam1, lam2, tol=1e-13, max_iter=200_000)
    optimum = best.objective - best.gap  # a lower bound on min J
    coef = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=p, max_size=p)))
    gap = rp.duality_gap(X, y, coef, lam1, lam2)
    assert gap >= _objective(X, y, coef, lam1, lam2) - best.objective - 1e-9 * (1 + y @ y)
    assert gap >= _objective(X, y, coef, lam1, lam2) - optimum - best.gap - 1e-9 * (1 + y @ y)


def _equal_columns():
    X = np.zeros((7, 2))
    X[4:] = 1000.0
    return X, np.r_[np.zeros(6), 1.0]


def _near_equal_columns():
    X = np.zeros((6, 10))
    X[0, 1], X[0, 7] = 0.99999, 1.0
    return X, np.r_[1.0, np.zeros(5)]


@prop(r"Where coordinate descent crept for 100,000 to 200,000 epochs without converging (found by the deep search): "
      r"two equal columns of squared norm $3\cdot 10^6$ with $\lambda_2 \in \{0, 0.1, 10\}$, and the lasso on two "
      r"columns in ratio 0.99999, the elastic net converges at $\mathrm{tol} = 10^{-13}$ within the default budget; "
      r"for $\lambda_2 > 0$ the equal columns get coefficients equal within the strong-convexity radius "
      r"$2\sqrt{G/\lambda_2}$ ($G$ plus its rounding; the minimizer is unique, hence symmetric), and the lasso puts "
      r"all the weight on the larger of the two near-equal columns.",
      group="optimality", checks=("elastic_net", "lasso"))
@pytest.mark.parametrize("design, lam2", [(_equal_columns, 0.0), (_equal_columns, 0.1), (_equal_columns, 10.0),
                                          (_near_equal_columns, 0.0)])
def test_coordinate_descent_converges_where_it_crept(design, lam2):
    X, y = design()
    fit = rp.elastic_net(X, y, 0.1 * rp.lam_max(X, y), lam2, tol=1e-13)
    assert fit.converged and fit.gap <= 1e-13 * (y @ y)
    if design is _equal_columns and lam2 > 0:
        rounding = 1e-15 * (y @ y)  # the gap is known to a few ulps of J(0) = ||y||^2 (here it came out -1e-16)
        assert abs(fit.coef[0] - fit.coef[1]) <= 2 * np.sqrt((max(fit.gap, 0.0) + rounding) / lam2)
    if design is _near_equal_columns:
        assert fit.coef[1] == 0.0 and fit.coef[7] > 0


@prop(r"With an intercept, scikit-learn's `ElasticNet(alpha, l1_ratio)` $= (\alpha, \rho)$ has the coefficients "
      r"and intercept of the elastic net at $\lambda_1 = 2n\alpha\rho$, $\lambda_2 = n\alpha(1 - \rho)$, the "
      r"conversion written out in the test, within what the two duality gaps certify: "
      r"$\lVert\Delta\beta\rVert_H \le \sqrt{G_1} + \sqrt{G_2}$ with $H = X_c^\top X_c + \lambda_2 I$ ($X_c$ centred; "
      r"$J(\beta) - \min J \ge \lVert\beta - \hat\beta\rVert_H^2$) and the intercepts within "
      r"$\lVert\bar x\rVert_{H^{-1}}$ times that.",
      group="libraries", checks="elastic_net",
      against="scikit-learn ElasticNet, its gap recomputed by tests/reference.py")
@given(problem=well_posed_problems(), ratio=powers_of_ten(-3, -1), l1_ratio=st.floats(0.05, 1.0))
# sklearn's intercept 3.1e-6 from ours, which a tolerance of 1e-6 relative to it refused; both solutions are
# within their gaps (4e-9 and 0 on an objective of 1732) of the optimum, and that is the distance they certify
@example(problem=Problem(np.array([[8.93313035, 2.86340361, -11.94188379], [4.37435555, 6.15014056, 12.42766164],
                                   [19.65291196, 6.62469067, -12.47977812], [-4.48006847, -3.30324533, -1.23927932],
                                   [7.81625172, 0.1901916, -13.5595212]]),
                         np.array([25.13897742, -192.1757932, -66.93589168, 69.42740441, 69.33734735]), "gaussian"),
         ratio=0.001, l1_ratio=0.25)
def test_matches_scikit_learn_elastic_net_through_the_conversion(problem, ratio, l1_ratio):
    """sklearn: 1/(2n)||r||^2 + a*rho|b|_1 + a(1-rho)/2 |b|^2  =>  lam1 = 2 n a rho, lam2 = n a (1 - rho)."""
    X, y = problem.X, problem.y
    n, p = X.shape
    alpha = _lam(X, y, ratio) / (2 * n * l1_ratio)
    lam1, lam2 = 2 * n * alpha * l1_ratio, n * alpha * (1 - l1_ratio)
    ref = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=True, tol=1e-12, max_iter=100_000).fit(X, y)
    ours = rp.elastic_net(X, y, lam1, lam2, fit_intercept=True, tol=1e-13)
    # Centring takes the intercept out: J is then quadratic with Hessian 2H plus a convex penalty, so
    # J(b) - min J >= ||b - b*||_H^2 and each solution is within sqrt(its gap) of b* in the H-norm.
    xbar = X.mean(axis=0)
    Xc, yc = X - xbar, y - y.mean()
    rounding = 1e-12 * (yc @ yc)
    radius = np.sqrt(ours.gap + rounding) + np.sqrt(reference.lasso_gap(Xc, yc, ref.coef_, lam1, lam2) + rounding)
    H = Xc.T @ Xc + lam2 * np.eye(p)
    d = ours.coef - ref.coef_
    assert np.sqrt(d @ H @ d) <= radius
    # intercept = ybar - xbar^T b, so the intercepts differ by xbar^T d <= ||xbar||_{H^-1} ||d||_H
    assert abs(ours.intercept - ref.intercept_) <= np.sqrt(xbar @ np.linalg.solve(H, xbar)) * radius + 1e-12 * (
        1 + abs(ref.intercept_))


@prop(r"With sample weights $s_i$ and an intercept, scikit-learn's `Lasso(alpha)` has the coefficients and "
      r"intercept of the weighted lasso at $\lambda = 2\alpha\sum_i s_i$ (to $10^{-6}$ relative to the largest).",
      group="libraries", checks="lasso", against="scikit-learn Lasso")
@given(problem=well_posed_problems(), ratio=powers_of_ten(-3, -1), data=st.data())
def test_matches_scikit_learn_lasso_with_sample_weights(problem, ratio, data):
    """With weights s, sklearn minimizes 1/(2 sum s) sum s_i r_i^2 + a|b|_1, so lam = 2 (sum s) a."""
    X, y = problem.X, problem.y
    s = np.array(data.draw(st.lists(st.floats(0.2, 5.0), min_size=len(y), max_size=len(y))))
    alpha = _lam(X, y, ratio) / (2 * len(y))
    ref = Lasso(alpha=alpha, fit_intercept=True, tol=1e-12, max_iter=100_000).fit(X, y, sample_weight=s)
    ours = rp.lasso(X, y, 2 * s.sum() * alpha, fit_intercept=True, sample_weight=s, tol=1e-13)
    np.testing.assert_allclose(ours.coef, ref.coef_, atol=1e-6 * (1 + np.abs(ref.coef_).max()))
    assert ours.intercept == pytest.approx(ref.intercept_, abs=1e-6 * (1 + abs(ref.intercept_)))


@prop(r"The lasso computed with and without the precomputed Gram matrix $X^\top X$ reaches objective values that "
      r"agree within the sum of the two duality gaps.",
      group="routes", checks="lasso")
@given(problem=problems(), ratio=powers_of_ten(-3, -1))
def test_gram_and_working_set_variants_agree(problem, ratio):
    X, y = problem.X, problem.y
    lam = _lam(X, y, ratio)
    a = rp.lasso(X, y, lam, tol=1e-12, precompute=False)
    b = rp.lasso(X, y, lam, tol=1e-12, precompute=True)
    assert abs(a.objective - b.objective) <= a.gap + b.gap + 1e-12 * (y @ y)


@prop(r"`precompute='auto'` is the documented choice: a path with $n \ge 2p$ is computed from the full Gram matrix "
      r"(the same path, gaps and epochs as `precompute=True`), a path with $n < 2p$ and a single fit without it (the "
      r"same as `precompute=False`).",
      group="routes", checks=("lasso_path", "elastic_net_path", "lasso"))
def test_auto_precompute_takes_the_gram_matrix_for_tall_paths_only():
    rng = np.random.default_rng(3)
    for n, gram in ((40, True), (9, False)):
        X, y = rng.standard_normal((n, 5)), rng.standard_normal(n)
        for fit in (rp.lasso_path, lambda *a, **k: rp.elastic_net_path(*a, lam2=0.3, **k)):
            auto, chosen = (fit(X, y, n_lams=8, lam_min_ratio=1e-2, tol=1e-12, precompute=option)
                            for option in ("auto", gram))
            for field in ("coefs", "gaps", "n_iters"):
                np.testing.assert_array_equal(getattr(auto, field), getattr(chosen, field))
        lam = 0.05 * rp.lam_max(X, y)
        auto, plain = (rp.lasso(X, y, lam, tol=1e-12, precompute=option) for option in ("auto", False))
        assert np.array_equal(auto.coef, plain.coef) and auto.gap == plain.gap and auto.n_iter == plain.n_iter


@prop(r"A lasso with per-feature strengths $\lambda_j$ has the optimal value of the plain lasso at $\lambda = 1$ "
      r"on the rescaled columns $x_j/\lambda_j$ (substituting $\beta_j = \gamma_j/\lambda_j$), within the sum of "
      r"the two duality gaps.",
      group="metamorphic", checks="lasso")
@given(problem=problems(), data=st.data())
def test_per_feature_strengths_are_rescaled_columns(problem, data):
    """sum_j l_j |b_j| with b_j = g_j / l_j turns into |g|_1 on columns x_j / l_j."""
    X, y = problem.X, problem.y
    p = X.shape[1]
    lams = np.array(data.draw(st.lists(powers_of_ten(-1, 1), min_size=p, max_size=p))) * _lam(X, y, 0.2)
    weighted = rp.lasso(X, y, lams, tol=1e-12)
    plain = rp.lasso(X / lams, y, 1.0, tol=1e-12)
    assert abs(weighted.objective - plain.objective) <= weighted.gap + plain.gap + 1e-12 * (y @ y)


@prop(r"The lasso path's $\lambda$ decrease strictly and every point converged; each point's objective value "
      r"agrees with a fresh fit at its $\lambda$ within the sum of their duality gaps, and the gap it reports is the "
      r"one the duality-gap function recomputes (relative $10^{-6}$).",
      group="optimality", checks=("lasso_path", "lasso", "duality_gap"))
@given(problem=problems(), n_lams=st.integers(2, 8))
def test_path_points_are_certified_solutions(problem, n_lams):
    X, y = problem.X, problem.y
    if rp.lam_max(X, y) == 0:
        return  # X^T y = 0: the path is all zeros, checked in test_lambda_max_is_the_exact_threshold
    path = rp.lasso_path(X, y, n_lams=n_lams, lam_min_ratio=1e-2, tol=1e-10)
    assert np.all(np.diff(path.lams) < 0) and path.converged.all()
    for lam, coef, gap in zip(path.lams, path.coefs, path.gaps):
        fresh = rp.lasso(X, y, lam, tol=1e-10)
        assert abs(_objective(X, y, coef, lam) - fresh.objective) <= gap + fresh.gap + 1e-12 * (y @ y)
        assert rp.duality_gap(X, y, coef, lam) == pytest.approx(gap, rel=1e-6, abs=1e-10 * (y @ y))


@prop(r"With its defaults a lasso path (and an elastic-net path with $\lambda_2 = 0$, the same thing) has 100 "
      r"strengths spaced geometrically from $\lambda_{\max}$ to $10^{-3}\lambda_{\max}$, and every point carries a "
      r"gap, recomputed from scratch, of at most the default $10^{-8}\lVert y\rVert^2$.",
      group="optimality", checks=("lasso_path", "elastic_net_path"), against="the duality gap of tests/reference.py")
@given(problem=well_posed_problems())
def test_path_defaults(problem):
    X, y = problem.X, problem.y
    top = rp.lam_max(X, y)
    for path in (rp.lasso_path(X, y), rp.elastic_net_path(X, y)):
        np.testing.assert_allclose(path.lams, top * np.geomspace(1.0, 1e-3, 100), rtol=1e-12)
        assert path.coefs.shape == (100, X.shape[1]) and path.converged.all()
        gaps = [reference.lasso_gap(X, y, coef, lam) for coef, lam in zip(path.coefs, path.lams)]
        assert max(gaps) <= (1e-8 + 1e-14) * (y @ y)


@prop(r"Lasso and elastic-net paths with an unpenalized intercept and sample weights $w_i \in [0.1, 10]$ start at "
      r"the weighted, centred $\lambda_{\max}$ with all coefficients 0; at every point the intercept is the weighted "
      r"mean residual $\sum_i w_i(y_i - x_i^\top\hat\beta)/\sum_i w_i$ (the flat prior's stationarity condition), "
      r"and the weighted objective $\sum_i w_i(y_i - \beta_0 - x_i^\top\beta)^2 + \lambda_1\lVert\beta\rVert_1 + "
      r"\lambda_2\lVert\beta\rVert^2$ agrees with a fresh fit at that $\lambda$ within the sum of their gaps.",
      group="optimality", checks=("elastic_net_path", "lasso_path", "elastic_net", "lam_max"))
@given(problem=well_posed_problems(), lam2=st.sampled_from([0.0, 0.5]), data=st.data())
def test_paths_with_intercept_and_weights_are_certified_fits(problem, lam2, data):
    X, y = problem.X, problem.y
    w = np.array(data.draw(st.lists(st.floats(0.1, 10), min_size=len(y), max_size=len(y))))
    options = dict(fit_intercept=True, sample_weight=w, tol=1e-10)
    path = (rp.elastic_net_path(X, y, lam2=lam2, n_lams=5, lam_min_ratio=1e-2, **options) if lam2 else
            rp.lasso_path(X, y, n_lams=5, lam_min_ratio=1e-2, **options))
    assert path.lams[0] == pytest.approx(rp.lam_max(X, y, fit_intercept=True, sample_weight=w), rel=1e-12)
    assert not path.coefs[0].any() and path.converged.all()

    def weighted_objective(coef, intercept, lam):
        r = y - X @ coef - intercept
        return w @ r**2 + lam * np.abs(coef).sum() + lam2 * coef @ coef

    for lam, coef, intercept, gap in zip(path.lams, path.coefs, path.intercepts, path.gaps):
        assert intercept == pytest.approx(w @ (y - X @ coef) / w.sum(), rel=1e-9, abs=1e-12 * (1 + np.abs(y).max()))
        fresh = rp.elastic_net(X, y, lam, lam2, **options)
        difference = weighted_objective(coef, intercept, lam) - weighted_objective(fresh.coef, fresh.intercept, lam)
        assert abs(difference) <= gap + fresh.gap + 1e-12 * (w @ y**2)


@prop(r"$\lambda_{\max} = 2\lVert X^\top y\rVert_\infty$ is the exact end of the path: just above it (by a "
      r"factor $1 + 10^{-9}$) every coefficient is exactly 0, and at $0.999\lambda_{\max}$ some coefficient is not.",
      group="metamorphic", checks=("lam_max", "lasso"))
@given(problem=problems())
def test_lambda_max_is_the_exact_threshold(problem):
    X, y = problem.X, problem.y
    top = rp.lam_max(X, y)
    assert np.all(rp.lasso(X, y, top * (1 + 1e-9) + 1e-300).coef == 0)
    if top > 0:
        below = rp.lasso(X, y, top * (1 - 1e-3), tol=1e-12)
        assert np.any(below.coef != 0)


@prop(r"A path on columns scaled by $c = 2^{\pm 500}$ (squares beyond float64) is the path on the unscaled design "
      r"with $\lambda_1 \to c\lambda_1$, $\lambda_2 \to c^2\lambda_2$, $\beta \to \beta/c$ and the same gaps, "
      r"every point converged; where $\lambda_{\max}$ itself under- or overflows ($X, y \sim 10^{-200}$; "
      r"$X \sim 10^{300}$, $y \sim 10^{10}$) the default path is refused with a sentence saying so.",
      group="metamorphic", checks=("lasso_path", "elastic_net_path"))
def test_paths_on_badly_scaled_columns_are_the_scaled_paths():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((20, 5)), rng.standard_normal(20)
    options = dict(n_lams=6, lam_min_ratio=1e-2, tol=1e-12)
    for c in (2.0**-500, 2.0**500):
        pairs = [(rp.lasso_path(X, y, **options), rp.lasso_path(c * X, y, **options)),
                 (rp.elastic_net_path(X, y, lam2=0.5, **options),
                  rp.elastic_net_path(c * X, y, lam2=0.5 * c * c, **options))]
        for plain, scaled in pairs:
            assert scaled.converged.all()
            np.testing.assert_allclose(scaled.lams, c * plain.lams, rtol=1e-12)
            np.testing.assert_allclose(scaled.lams2, c * c * plain.lams2, rtol=1e-12)
            np.testing.assert_allclose(c * scaled.coefs, plain.coefs, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(scaled.gaps, plain.gaps, rtol=1e-6, atol=1e-14 * (y @ y))
    expected = ("X and y: the strengths of the path (lambda_max = 2 max|X^T y|) are not representable in float64 for "
                "data this small or large; rescale X and y, or pass lams")
    for Xs, ys in ((1e-200 * X, 1e-200 * y), (1e300 * X, 1e10 * y)):
        for fit in (rp.lasso_path, rp.elastic_net_path):
            with pytest.raises(ValueError) as info:
                fit(Xs, ys)
            assert str(info.value) == expected


@prop(r"Scaling X and y by the same $c = 2^{-500}$, so that the solver rescales both by one power of two, "
      r"leaves the lasso and elastic-net coefficients unchanged at $\lambda_1 \to c^2\lambda_1$, "
      r"$\lambda_2 \to c^2\lambda_2$ (to $10^{-9}$), each fit certified.",
      group="metamorphic", checks=("lasso", "elastic_net"))
def test_x_and_y_scaled_alike_give_the_unscaled_coefficients():
    rng = np.random.default_rng(5)
    X = np.clip(rng.standard_normal((30, 4)), -2.5, 2.5)
    y = np.clip(X @ np.array([1.0, 0.5, 0.0, -1.0]) + 0.3 * rng.standard_normal(30), -2.5, 2.5)
    X[0, 0] = y[0] = 3.0  # the largest entries of both: one binade, so one rescaling unit (2^-499)
    c, lam = 2.0**-500, 0.3 * rp.lam_max(X, y)
    pairs = [(rp.lasso(X, y, lam, tol=1e-12), rp.lasso(c * X, c * y, c * c * lam, tol=1e-12)),
             (rp.elastic_net(X, y, lam, 2.0, tol=1e-12), rp.elastic_net(c * X, c * y, c * c * lam, c * c * 2.0,
                                                                         tol=1e-12))]
    for plain, scaled in pairs:
        assert plain.converged and scaled.converged
        assert np.count_nonzero(plain.coef) == 3
        np.testing.assert_allclose(scaled.coef, plain.coef, rtol=1e-9, atol=1e-12)


@prop(r"A prior mean survives the rescaling of an $X$ far from 1: with $X \to cX$, $c = 2^{-500}$, and the mean "
      r"$\theta_0 \to \theta_0/c$, ridge at $\lambda \to c^2\lambda$ and the lasso at $\lambda_1 \to c\lambda_1$ give "
      r"the unscaled coefficients divided by $c$ (ridge: the dense solve "
      r"$(X^\top X + \lambda I)^{-1}(X^\top y + \lambda\theta_0)$, to $10^{-12}$; lasso: to $10^{-9}$, both fits "
      r"certified).", group="metamorphic", checks=("ridge", "lasso"))
def test_a_prior_mean_is_rescaled_with_x():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((25, 3))
    y = X @ np.array([1.0, -1.0, 0.5]) + 0.2 * rng.standard_normal(25)
    mean, c, lam = np.array([2.0, -0.5, 1.0]), 2.0**-500, 3.0
    exact = np.linalg.solve(X.T @ X + lam * np.eye(3), X.T @ y + lam * mean)
    np.testing.assert_allclose(c * rp.ridge(c * X, y, c * c * lam, prior_mean=mean / c).coef, exact, rtol=1e-12)
    lam1 = 0.3 * rp.lam_max(X, y)
    plain = rp.lasso(X, y, lam1, prior_mean=mean, tol=1e-12)
    scaled = rp.lasso(c * X, y, c * lam1, prior_mean=mean / c, tol=1e-12)
    assert plain.converged and scaled.converged
    np.testing.assert_allclose(c * scaled.coef, plain.coef, rtol=1e-9)


@prop(r"The solvers' loops run with BLAS limited to one thread and leave everything else as it was: inside "
      r"`single_threaded_blas` every loaded BLAS has 1 thread (from 2 set before), OpenMP pools keep theirs, and on "
      r"leaving the previous limits are back; a process with no BLAS gets a context that does nothing.",
      group="routes", checks=("lasso", "lasso_path"))
def test_single_threaded_blas_limits_blas_only_and_restores_it(monkeypatch):
    import threadpoolctl

    from regprior.solvers import _threads

    def threads():
        return {(info["user_api"], info["filepath"]): info["num_threads"] for info in threadpoolctl.threadpool_info()}

    monkeypatch.setattr(_threads, "_controller", None)  # as in a fresh process
    with threadpoolctl.threadpool_limits(limits=2):
        before = threads()
        assert any(api == "blas" for api, _ in before)
        with _threads.single_threaded_blas():
            inside = threads()
        assert threads() == before
    assert inside == {(api, path): 1 if api == "blas" else count for (api, path), count in before.items()}

    class NoBLAS:  # what threadpoolctl finds in a process without BLAS
        def select(self, user_api):
            assert user_api == "blas"
            return types.SimpleNamespace(lib_controllers=[])

    monkeypatch.setattr(threadpoolctl, "ThreadpoolController", NoBLAS)
    monkeypatch.setattr(_threads, "_controller", None)
    for _ in range(2):  # the first call finds no BLAS, the second reuses that finding
        with _threads.single_threaded_blas() as context:
            assert context is None
    assert _threads._controller is False


@prop(r"Along an elastic-net path with $\lambda_2 = \lambda_1/3$ from $\lambda_{\max}$ to $\lambda_{\max}/100$ "
      r"(warm starts), every point equals a separate elastic-net fit at its strengths (to $10^{-5}$).",
      group="routes", checks=("elastic_net_path", "elastic_net", "lam_max"))
def test_elastic_net_path_with_fixed_l1_ratio_matches_single_fits():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 15)), rng.standard_normal(40)
    lams = np.geomspace(rp.lam_max(X, y), rp.lam_max(X, y) / 100, 6)
    path = rp.elastic_net_path(X, y, lams, lam2=lams / 3, tol=1e-11)
    for lam1, lam2, coef in zip(path.lams, path.lams2, path.coefs):
        np.testing.assert_allclose(coef, rp.elastic_net(X, y, lam1, lam2, tol=1e-12).coef, atol=1e-5)


@prop(r"With $p = 2000 \gg n = 50$ strongly correlated columns and $\lambda = \lambda_{\max}/200$, the lasso "
      r"converges and reports a duality gap of at most $10^{-10}\lVert y\rVert^2$.",
      group="optimality", checks=("lasso", "lam_max"))
def test_hard_problem_with_many_more_features_than_samples_converges():
    """p >> n with correlated columns and a small lambda: the working-set engine certifies a tight gap."""
    rng = np.random.default_rng(1)
    n, p = 50, 2000
    X = np.empty((n, p))
    X[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        X[:, j] = 0.6 * X[:, j - 1] + 0.8 * rng.standard_normal(n)
    y = X[:, :10] @ rng.standard_normal(10) + 0.5 * rng.standard_normal(n)
    result = rp.lasso(X, y, rp.lam_max(X, y) / 200, tol=1e-10)
    assert result.converged and result.gap <= 1e-10 * (y @ y)


@prop(r"A prior mean $\theta_0$ is a shift: the lasso and the elastic net with `prior_mean=`$\theta_0$ equal "
      r"$\theta_0$ plus the fit to $y - X\theta_0$ (within the radius their gaps allow), and a warm start "
      r"`coef_init` changes nothing but the work done (the same point within the gaps).",
      group="metamorphic", checks=("lasso", "elastic_net"))
@given(problem=well_posed_problems(), ratio=powers_of_ten(-2, -1), lam2=st.sampled_from([0.0, 0.5]), data=st.data())
def test_prior_mean_is_a_shift_and_warm_starts_change_nothing(problem, ratio, lam2, data):
    X, y = problem.X, problem.y
    p = X.shape[1]
    theta0 = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=p, max_size=p)))
    shifted = y - X @ theta0
    lam = _lam(X, shifted, ratio)
    fit = rp.elastic_net(X, y, lam, lam2, prior_mean=theta0, tol=1e-12)
    ref = rp.elastic_net(X, shifted, lam, lam2, tol=1e-12)
    # X has full column rank here: J is strongly convex with modulus 2 sigma_min(X)^2, so a gap g puts the
    # point within sqrt(g / sigma_min^2) of the minimizer
    smin2 = np.linalg.svd(X, compute_uv=False).min() ** 2 + lam2

    def radius(result):  # its gap, plus rounding relative to ||y - X theta0||^2
        return np.sqrt((result.gap + 1e-14 * (shifted @ shifted)) / smin2)

    assert np.linalg.norm(fit.coef - (theta0 + ref.coef)) <= radius(fit) + radius(ref)
    warm = rp.elastic_net(X, y, lam, lam2, prior_mean=theta0, tol=1e-12, coef_init=fit.coef + 0.1)
    assert np.linalg.norm(warm.coef - fit.coef) <= radius(fit) + radius(warm)


@prop(r"A lasso or elastic-net result reports the strengths and tolerance it was given, the objective "
      r"$J(\hat\beta)$ recomputed from its coefficients, the intercept that goes with them, `converged` exactly when "
      r"its gap is at most $\mathrm{tol}\,\lVert y\rVert^2$, and at $\lambda_1 = \lambda_2 = 0$ (least squares) "
      r"zero epochs and the residual sum of squares as its objective; the default tolerance is $10^{-8}$.",
      group="optimality", checks=("lasso", "elastic_net"))
@given(problem=well_posed_problems(), ratio=powers_of_ten(-2, -1), lam2=st.sampled_from([0.0, 0.5]))
def test_lasso_result_fields(problem, ratio, lam2):
    X, y = problem.X, problem.y
    lam = _lam(X, y, ratio)
    for lam1, tol in ((lam, 1e-9), (0.0, 1e-9)):
        if lam1 == 0.0 and lam2 == 0.0:
            fit = rp.lasso(X, y, 0.0, tol=tol)
            assert fit.n_iter == 0
        else:
            fit = rp.elastic_net(X, y, lam1, lam2, tol=tol)
        assert fit.lam == lam1 and fit.lam2 == lam2 and fit.tol == tol
        assert fit.objective == pytest.approx(_objective(X, y, fit.coef, lam1) + lam2 * fit.coef @ fit.coef,
                                              rel=1e-10, abs=1e-12 * (y @ y))
        assert fit.converged == (fit.gap <= tol * (y @ y))
        assert fit.intercept == 0.0
    with_intercept = rp.lasso(X, y, lam, fit_intercept=True)
    assert with_intercept.intercept == pytest.approx(np.mean(y - X @ with_intercept.coef),
                                                     abs=1e-12 * (1 + np.abs(y).max()))
    # the documented default tolerance, 1e-8 relative to ||y||^2, for both entry points
    for default in (rp.lasso(X, y, lam), rp.elastic_net(X, y, lam, lam2 or 0.5)):
        assert default.tol == 1e-8 and default.converged and default.gap <= 1e-8 * (y @ y)


@prop(r"With more features than the compiled solver takes at once ($p = 150$) and the Gram matrix precomputed, the "
      r"working-set outer loop (correlations from $X^\top y - X^\top X\beta$) reaches the same objective as the "
      r"residual-based loop within their gaps, and both gaps, recomputed from scratch, meet the tolerance.",
      group="routes", checks=("lasso", "elastic_net"), against="the duality gap of tests/reference.py")
@pytest.mark.parametrize("lam2", [0.0, 1.0])
def test_gram_outer_loop_matches_the_residual_loop(lam2):
    rng = np.random.default_rng(11)
    X = rng.standard_normal((400, 150))
    X[:, 1:] += 0.5 * X[:, :-1]
    y = X[:, :10] @ rng.uniform(1, 2, 10) + rng.standard_normal(400)
    lam = 0.02 * rp.lam_max(X, y)
    gram = rp.elastic_net(X, y, lam, lam2, precompute=True, tol=1e-10)
    plain = rp.elastic_net(X, y, lam, lam2, precompute=False, tol=1e-10)
    for fit in (gram, plain):
        assert reference.lasso_gap(X, y, fit.coef, lam, lam2) <= (1e-10 + 1e-14) * (y @ y)
    assert abs(gram.objective - plain.objective) <= gram.gap + plain.gap + 1e-13 * (y @ y)



@prop(r"Coordinate descent stopped after one epoch names the problem it solved in its `ConvergenceWarning`: "
      r"`lasso` for a Laplace prior through `map_result`, `elastic_net` for an elastic-net penalty given to the "
      r"solver, with the gap it returns and $\mathrm{tol}\,\lVert y\rVert^2$; for a response of size $10^{-170}$, "
      r"whose $\lVert y\rVert^2$ underflows to 0, the relative gap is still quoted, computed in the units the solver "
      r"works in, and it is that of the same problem at $y$'s own size; for $y = 0$ started away from the "
      r"solution it is `inf`. Given one L2 strength per "
      r"coefficient it declines with a sentence saying why.",
      group="optimality", checks=("map_result", "lasso"))
def test_coordinate_descent_warnings_name_the_problem():
    import re

    from regprior.datafits.quadratic import Quadratic
    from regprior.penalties import L2, ElasticNet
    from regprior.solvers import CoordinateDescent, select_solver

    rng = np.random.default_rng(12)
    X = rng.standard_normal((30, 4))
    y = X @ np.array([1.0, -1.0, 0.0, 2.0]) + rng.standard_normal(30)
    tol_abs = 1e-14 * (y @ y)

    def expected(name, fit, tol_abs, relative):
        return (f"{name} did not converge in 1 epochs: duality gap {fit.gap:.3e} > tol * ||y||^2 = {tol_abs:.3e} "
                f"(relative gap {relative} > tol = 1e-14); increase max_iter or loosen tol")

    with pytest.warns(rp.ConvergenceWarning) as record:
        fit = rp.map_result(X, y, rp.LaplacePrior(0.1), noise_sd=1.0, max_iter=1, tol=1e-14)
    assert str(record[0].message) == expected("lasso", fit, tol_abs, f"{fit.gap / (y @ y):.3e}")
    with pytest.warns(rp.ConvergenceWarning) as record:
        fit = CoordinateDescent().solve(Quadratic(X, y), ElasticNet(1.0, 0.5), max_iter=1, tol=1e-14)
    assert str(record[0].message) == expected("elastic_net", fit, tol_abs, f"{fit.gap / (y @ y):.3e}")
    tiny = 1e-170 * y
    with pytest.warns(rp.ConvergenceWarning) as record:
        fit = rp.lasso(X, tiny, 0.1 * rp.lam_max(X, tiny), max_iter=1, tol=1e-14)
    quoted = re.fullmatch(r"lasso did not converge in 1 epochs: duality gap \S+ > tol \* \|\|y\|\|\^2 = 0\.000e\+00 "
                          r"\(relative gap (\S+) > tol = 1e-14\); increase max_iter or loosen tol",
                          str(record[0].message))
    with pytest.warns(rp.ConvergenceWarning):  # the same problem at y's own size, where nothing underflows
        plain = rp.lasso(X, y, 0.1 * rp.lam_max(X, y), max_iter=1, tol=1e-14)
    assert float(quoted[1]) == pytest.approx(plain.gap / (y @ y), rel=1e-3)
    with pytest.warns(rp.ConvergenceWarning) as record:  # y = 0, started away from the solution 0
        fit = rp.lasso(X, np.zeros(30), 0.1, coef_init=[5.0, -5.0, 1.0, 2.0], max_iter=1, tol=1e-14)
    assert str(record[0].message) == expected("lasso", fit, 0.0, "inf")
    with pytest.raises(TypeError) as info:
        select_solver(Quadratic(X, y), L2(np.array([1.0, 2.0, 3.0, 4.0])), solvers=(CoordinateDescent(),))
    assert str(info.value) == ("no solver minimizes Quadratic + L2:\n  coordinate descent: the penalty is not of the "
                               "elastic-net form (one L2 strength for all coefficients)")


@prop(r"`duality_gap` at coefficients whose residuals are $\infty - \infty$ (NumPy's own product loop, a strided X) "
      r"refuses with its whole message and no floating-point warning.",
      group="optimality", checks="duality_gap")
def test_duality_gap_refuses_an_overflowing_objective():
    wide = np.array([[2.0, 9.0, -2.0], [1.0, 9.0, -1.0], [2.0, 9.0, 0.5]])[:, ::2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as info:
            rp.duality_gap(wide, np.array([1.0, 2.0, 3.0]), np.full(2, 1e308), 1.0)
    assert str(info.value) == ("coef: the objective at these coefficients overflows float64 (its residuals or "
                               "penalty are too large to square), so there is no finite gap to report")


@prop(r"`logistic_duality_gap` under a prior subclassed to give a convex penalty without a conjugate "
      r"($\sum_j u_j^4$) refuses it with a whole `TypeError` naming the prior and its penalty: the gap needs "
      r"$R^*$.", group="inputs", checks="logistic_duality_gap")
def test_logistic_duality_gap_refuses_a_convex_penalty_without_a_conjugate():
    from regprior.penalties import Penalty

    class Quartic(Penalty):
        def value(self, u):
            return float(np.sum(np.asarray(u, dtype=float) ** 4))

        def gradient(self, u):
            return 4.0 * np.asarray(u, dtype=float) ** 3

    class QuarticPrior(rp.GaussianPrior):
        def penalty(self, weight):
            return Quartic()

    with pytest.raises(TypeError) as info:
        rp.logistic_duality_gap(np.eye(2), np.array([0, 1]), np.zeros(2), QuarticPrior(1.0))
    assert str(info.value) == ("prior: a duality gap needs a convex penalty with a known conjugate; QuarticPrior "
                               "gives Quartic")


@prop(r"`elastic_net_path` is silent by default (nothing on standard output or error) and reports its progress "
      r"on standard error with `verbose=True`.", group="inputs", checks="elastic_net_path")
def test_elastic_net_path_is_silent_unless_asked(capsys):
    rng = np.random.default_rng(13)
    X, y = rng.standard_normal((20, 4)), rng.standard_normal(20)
    rp.elastic_net_path(X, y, n_lams=12)
    assert capsys.readouterr() == ("", "")
    rp.elastic_net_path(X, y, n_lams=12, verbose=True)
    assert capsys.readouterr().err != ""


@prop(r"Along a path, a strength at which the least-squares solution certifies itself within the tolerance (here "
      r"$10^{-13}\lambda_{\max}$ on a full-rank $40\times 5$ design) takes that solution without an epoch "
      r"(`n_iters` 0, converged, equal to `numpy.linalg.lstsq`'s to $10^{-9}$); an elastic-net point at the same "
      r"$\lambda_1$ with $\lambda_2 = 1$ is not handed over (it is `elastic_net`'s, far from least squares); "
      r"integer strengths give the float64 path of the same floats, with a boolean `converged`.",
      group="routes", checks=("lasso_path", "elastic_net_path"), against="numpy.linalg.lstsq")
def test_a_path_hands_over_to_least_squares_only_where_it_certifies():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 5))
    y = X @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + 0.1 * rng.standard_normal(40)
    lams = rp.lam_max(X, y) * np.array([1e-9, 1e-13])
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    path = rp.lasso_path(X, y, lams, tol=1e-10)
    assert path.converged.dtype == np.bool_ and path.converged.tolist() == [True, True]
    assert path.n_iters[0] > 0 and path.n_iters[1] == 0
    np.testing.assert_allclose(path.coefs[1], least_squares, rtol=1e-9)
    net = rp.elastic_net_path(X, y, lams, lam2=1.0, tol=1e-12)
    for coef, lam1 in zip(net.coefs, lams):
        np.testing.assert_allclose(coef, rp.elastic_net(X, y, lam1, 1.0, tol=1e-12).coef, atol=1e-6)
        assert np.max(np.abs(coef - least_squares)) > 0.05
    ints, floats = rp.lasso_path(X, y, [3, 1]), rp.lasso_path(X, y, [3.0, 1.0])
    assert ints.lams.dtype == np.float64 and ints.converged.dtype == np.bool_
    np.testing.assert_array_equal(ints.coefs, floats.coefs)
    assert rp.elastic_net_path(X, y, [3.0, 1.0], lam2=1).lams2.dtype == np.float64


@prop(r"A default path whose $\lambda_{\max}$ underflows float64 (both $X$ and $y$ near $10^{-200}$, nearly "
      r"orthogonal) is refused as not representable, not as $X^\top y = 0$.",
      group="inputs", checks=("lasso_path",))
def test_a_path_whose_lambda_max_underflows_is_refused_as_such():
    X = np.array([[1.0], [1.0]]) * 1e-200
    y = np.array([1.0, -1.0 + 1e-3]) * 1e-200
    with pytest.raises(ValueError) as info:
        rp.lasso_path(X, y)
    assert str(info.value) == ("X and y: the strengths of the path (lambda_max = 2 max|X^T y|) are not representable "
                               "in float64 for data this small or large; rescale X and y, or pass lams")


@prop(r"Convergence along a path is a gap *at most* $\mathrm{tol}\,\lVert y\rVert^2$, boundary included: given a tol "
      r"whose product with $\lVert y\rVert^2$ is exactly the gap an earlier run stopped at, the path stops at the "
      r"same point, converged and without a warning, for a strength solved by coordinate descent "
      r"($0.3\lambda_{\max}$) and for one handed over to least squares ($10^{-13}\lambda_{\max}$, no epoch).",
      group="inputs", checks=("lasso_path", "ConvergenceWarning"))
def test_a_path_gap_equal_to_the_tolerance_has_converged():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 5))
    y = X @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + 0.1 * rng.standard_normal(40)
    y2 = float(y @ y)
    for lam, epochs in ((0.3, 4), (1e-13, 0)):
        lam = lam * rp.lam_max(X, y)
        first = rp.lasso_path(X, y, [lam], tol=1e-6)
        gap = float(first.gaps[0])
        tol = next(t for t in (gap / y2, np.nextafter(gap / y2, 0.0), np.nextafter(gap / y2, 1.0)) if t * y2 == gap)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            again = rp.lasso_path(X, y, [lam], tol=tol)
        assert (again.n_iters.tolist(), float(again.gaps[0]), again.converged.tolist()) == ([epochs], gap, [True])


@prop(r"The epoch budget holds in the Gram-matrix engine (a path with $n \ge 2p$), which runs in chunks of 100 "
      r"epochs with exact steps between them: on correlated columns where the point needs more than 250 epochs (321 "
      r"here), `max_iter` = 150 or 250 stops at exactly that many, unconverged and with a warning, and a budget of "
      r"1000 reports all of them, more than 250; with a column $10^{-7}$ from another, the exact steps taken after "
      r"the first chunk certify the point at tol $10^{-12}$ within 200 epochs.",
      group="optimality", checks="lasso_path")
def test_gram_engine_counts_epochs_across_chunks():
    rng = np.random.default_rng(31)
    Z = rng.standard_normal((30, 6))
    X, y = Z + 3 * Z[:, [0]] * rng.uniform(0.9, 1.1, 6), rng.standard_normal(30)
    lam = 0.1 * rp.lam_max(X, y)
    for budget in (150, 250):
        with pytest.warns(rp.ConvergenceWarning):
            path = rp.lasso_path(X, y, lams=[lam], tol=1e-14, max_iter=budget)
        assert (path.n_iters.tolist(), path.converged.tolist()) == ([budget], [False])
    path = rp.lasso_path(X, y, lams=[lam], tol=1e-14, max_iter=1000)
    assert path.converged.tolist() == [True] and 250 < path.n_iters[0] < 1000  # 321 here: every chunk counted
    # a column 1e-7 from another: the exact steps between chunks certify the point after the first chunk (101
    # epochs here); coordinate descent alone creeps along the near-null direction and is not certified in 5000
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((30, 4))
    X = np.column_stack([Z, Z[:, 0] + 1e-7 * rng.standard_normal(30)])
    y = Z @ np.array([1.0, 1.0, 0.0, 0.0]) + rng.standard_normal(30)
    path = rp.lasso_path(X, y, lams=[1e-2 * rp.lam_max(X, y)], tol=1e-12, max_iter=5000)
    assert path.converged.tolist() == [True] and path.n_iters[0] <= 200


@prop(r"Far below $\lambda_{\max}$ ($\lambda = 10^{-10}\lambda_{\max}$) with X of full column rank and $n \ge p$ "
      r"(a square X included), `lasso` hands over to the least-squares point, whose own certificate is within tol: "
      r"0 epochs, converged, the coefficients of `numpy.linalg.lstsq` (relative $10^{-12}$) and the objective "
      r"$\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$ recomputed at them; with $p > n$, a rank-deficient X "
      r"or $\lambda = 10^{-3}\lambda_{\max}$ coordinate descent runs instead.",
      group="routes", checks=("lasso", "lam_max"), against="numpy.linalg.lstsq")
def test_lasso_far_below_lam_max_hands_over_to_least_squares():
    rng = np.random.default_rng(4)
    for n, p in ((12, 4), (4, 4)):
        X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
        lam = 1e-10 * rp.lam_max(X, y)
        fit = rp.lasso(X, y, lam)
        assert fit.converged and fit.n_iter == 0, (n, p)
        np.testing.assert_allclose(fit.coef, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12, atol=0)
        r = y - X @ fit.coef
        assert fit.objective == pytest.approx(r @ r + lam * np.abs(fit.coef).sum(), rel=1e-12)
        assert rp.lasso(X, y, 1e-3 * rp.lam_max(X, y)).n_iter > 0
    wide, tall = rng.standard_normal((3, 5)), rng.standard_normal((12, 3))
    deficient = np.column_stack([tall, tall[:, 0]])  # n > p, rank p - 1
    for X, y in ((wide, rng.standard_normal(3)), (deficient, rng.standard_normal(12))):
        assert rp.lasso(X, y, 1e-10 * rp.lam_max(X, y)).n_iter > 0


@prop(r"The exact step on the support solves $H t = r$ for a positive semidefinite $H$ as documented: it equals "
      r"the pseudo-inverse with eigenvalues below $10^{-12}$ of the largest dropped (relative $10^{-14}$ times the "
      r"condition number of the kept part) for "
      r"positive definite, singular and nearly singular $H$ at scales $10^{-10}$ to $10^{10}$, it is None for "
      r"$H = 0$, and it takes the Cholesky factorization exactly when every pivot is above $10^{-6}$ of the largest "
      r"diagonal entry (a pivot equal to that bound goes to the eigendecomposition).",
      group="routes", checks=("lasso", "elastic_net"))
def test_exact_step_solves_the_support_system_by_the_documented_route(monkeypatch):
    from regprior.solvers.coordinate_descent import _psd_solve

    rng = np.random.default_rng(11)
    Q = np.linalg.qr(rng.standard_normal((4, 4)))[0]
    rhs = rng.standard_normal(4)
    spectra = {"definite": [3.0, 2.0, 1.0, 0.5], "singular": [3.0, 1.0, 0.0, 0.0],
               "nearly singular": [1.0, 0.5, 1e-9, 1e-9], "wide but kept": [1.0, 1e-5, 1e-8, 1e-10]}
    for name, spectrum in spectra.items():
        for scale in (1e-10, 1.0, 1e10):
            eigvals = scale * np.array(spectrum)
            H = (Q * eigvals) @ Q.T
            H = (H + H.T) / 2
            kept = eigvals > 1e-12 * eigvals.max()
            expected = (Q[:, kept] / eigvals[kept]) @ (Q[:, kept].T @ rhs)
            condition = eigvals[kept].max() / eigvals[kept].min()
            np.testing.assert_allclose(_psd_solve(H, rhs), expected, rtol=1e-14 * condition, atol=0,
                                       err_msg=f"{name} at scale {scale}")
    assert _psd_solve(np.zeros((3, 3)), np.ones(3)) is None

    routes = []
    for fn in ("cholesky", "eigh"):
        real = getattr(np.linalg, fn)
        monkeypatch.setattr(np.linalg, fn, lambda a, _real=real, _fn=fn: routes.append(_fn) or _real(a))
    for H, route in ((np.diag([1.0, 2e-6]), ["cholesky"]), (np.diag([1e-8, 2e-14]), ["cholesky"]),
                     (np.diag([1.0, 1e-6]), ["cholesky", "eigh"]), (np.diag([1e8, 50.0]), ["cholesky", "eigh"]),
                     (np.diag([1e8, 2e3]), ["cholesky"]), (np.diag([1.0, 0.0]), ["cholesky", "eigh"])):
        routes.clear()
        d = np.diag(H)
        np.testing.assert_allclose(_psd_solve(H, np.ones(2)), np.divide(1.0, d, out=np.zeros(2), where=d > 0),
                                   rtol=1e-12)
        assert routes == route, f"{np.diag(H)} went {routes}, not {route}"


@prop(r"Coordinate descent's exact step on the support does what its docstring says: with the signs $s$ of the "
      r"support held it goes to $t = (X_S^\top X_S + \gamma I)^{-1}(X_S^\top y - \alpha_S \odot s)$ when no "
      r"coefficient changes sign; otherwise along the segment to $t$ up to where the first coefficient reaches 0, "
      r"which is set to exactly 0 while a coefficient that would reach 0 later keeps its sign; it changes nothing "
      r"(and says so) at the minimum already, or when the support's Gram matrix is 0.",
      group="optimality", checks=("lasso", "elastic_net"))
def test_exact_step_on_the_support_goes_where_documented():
    from regprior.datafits.quadratic import prepare
    from regprior.solvers.coordinate_descent import _Engine

    rng = np.random.default_rng(12)
    X = rng.standard_normal((8, 3))
    y = X @ np.array([2.0, -3.0, 1.0]) + 0.1 * rng.standard_normal(8)
    engine = _Engine(prepare(X, y), use_gram=False)
    alpha, gamma = np.full(3, 0.1), 0.5

    def target(signs):
        return np.linalg.solve(X.T @ X + gamma * np.eye(3), X.T @ y - alpha * signs)

    t = target(np.array([1.0, -1.0, 1.0]))
    assert np.array_equal(np.sign(t), [1.0, -1.0, 1.0])
    w = t * np.array([1.3, 0.7, 1.1])
    assert engine.newton_on_support(w, alpha, gamma)
    np.testing.assert_allclose(w, t, rtol=1e-12)
    before = w.copy()
    assert not engine.newton_on_support(w, alpha, gamma)  # at the minimum: nothing to gain
    assert np.array_equal(w, before)

    start = np.array([1.0, 0.5, -0.12])  # the last two against the signs of their targets
    t = target(np.sign(start))
    reach = start / (start - t)
    assert t[0] > 0 and t[1] < 0 < t[2] and reach[2] < reach[1] < 2 * reach[2] < 1
    w = start.copy()
    assert engine.newton_on_support(w, alpha, gamma)
    expected = start + reach[2] * (t - start)
    assert w[2] == 0.0 and w[1] > 0
    np.testing.assert_allclose(w[:2], expected[:2], rtol=1e-12)

    X0 = X.copy()
    X0[:, 0] = 0.0
    w = np.array([1.0, 0.0, 0.0])
    assert not _Engine(prepare(X0, y), use_gram=False).newton_on_support(w, alpha, 0.0)
    assert w.tolist() == [1.0, 0.0, 0.0]


@prop(r"A warm start at the solution is already converged, in the user's units: with columns from $10^{-3}$ to "
      r"$10^{3}$, a response near $10^{4}$ and a prior mean, `lasso` started from its own answer (`coef_init`) "
      r"certifies it in 0 epochs and returns it unchanged; also with X scaled by $10^{200}$, or by $10^{150}$ with y "
      r"by $10^{-155}$, where the solver works in rescaled units.",
      group="metamorphic", checks="lasso")
@pytest.mark.parametrize("sx, sy", [(1.0, 1.0), (1e200, 1.0), (1e150, 1e-155)])
def test_lasso_warm_start_at_the_solution_is_converged(sx, sy):
    rng = np.random.default_rng(3)
    X = sx * rng.standard_normal((40, 5)) * np.array([1e-3, 1.0, 1e3, 1.0, 1e2])
    y = sy * 1e4 * (X / sx @ np.array([1e3, 1.0, 0.0, -2.0, 1e-2]) + rng.standard_normal(40))
    mean = np.array([500.0, 0.5, 0.0, -1.0, 0.0]) * (sy / sx)
    fit = rp.lasso(X, y, 50.0 * sx * sy, prior_mean=mean, tol=1e-10)
    assert fit.converged and fit.n_iter > 0
    warm = rp.lasso(X, y, 50.0 * sx * sy, prior_mean=mean, tol=1e-10, coef_init=fit.coef)
    assert warm.converged and warm.n_iter == 0
    np.testing.assert_array_equal(warm.coef, fit.coef)
