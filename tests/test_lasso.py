"""Property 3: the lasso solution satisfies the symbolic optimality conditions within its gap's tolerance."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.reference import inside_regprior
from tests.strategies import powers_of_ten, problems
from tests.symbolic_cases import lasso_conditions


def _lam_max(X, y):
    return 2 * np.abs(X.T @ y).max()


@prop(r"Whether or not it converged, the $\hat\beta$ the lasso returns meets the derived KKT conditions within the "
      r"slack its reported duality gap $G$ implies: with $g_k = -2x_k^\top(y - X\hat\beta)$ and "
      r"$q_k = \lVert x_k\rVert^2$, $|g_k| \le \lambda + 2\sqrt{q_k G}$ where $\hat\beta_k = 0$ and "
      r"$|g_k + \lambda\operatorname{sign}\hat\beta_k| \le \max(2\sqrt{q_k G}, 2G/|\hat\beta_k|)$ elsewhere, plus "
      "a rounding allowance; a zero column gets coefficient 0. It reports convergence exactly when "
      r"$G \le \mathrm{tol}\,\lVert y\rVert^2$, and warns exactly when it does not.",
      group="optimality",
      evaluates=("lasso-coordinate:gradient", "lasso-coordinate:kkt_active", "lasso-coordinate:kkt_zero",
                 "lasso-coordinate:gap_tolerance_zero", "lasso-coordinate:gap_tolerance_active"), checks=("lasso",))
@given(problem=problems(), ratio=powers_of_ten(-4, 0), tol=st.sampled_from([1e-4, 1e-8, 1e-12]))
def test_lasso_satisfies_symbolic_kkt_within_gap_tolerance(problem, ratio, tol):
    X, y = problem.X, problem.y
    n, p = X.shape
    lam = ratio * _lam_max(X, y)
    if lam == 0.0:  # y orthogonal to every column (e.g. y = 0): beta = 0 is optimal for every lam > 0
        lam = 1.0
    # The certificate must hold whether or not the solver reached tol: some drawn problems (tiny lam,
    # p > n, a flat valley along the null space of X) need more epochs than this, and then it warns.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", rp.ConvergenceWarning)
        result = rp.lasso(X, y, lam, tol=tol, max_iter=5_000)
    assert result.converged == (result.gap <= tol * (y @ y))
    assert result.converged == (not caught)
    cond = lasso_conditions()
    # The derived tolerance assumes exact arithmetic; add the rounding of a gap and of a gradient.
    gap = max(result.gap, 0.0) + 1e-13 * (y @ y)
    for k in range(1, p + 1):
        xk = X[:, k - 1]
        q = xk @ xk
        g = cond.data_fit_gradient(X, y, result.coef, n, p, k)
        slack = 1e-9 * np.sqrt(q) * np.linalg.norm(y)
        bk = result.coef[k - 1]
        if q == 0.0:
            assert bk == 0.0
        elif bk == 0.0:
            assert cond.kkt_zero(g, lam) <= cond.tol_zero(lam, q, gap) - lam + slack
        else:
            assert abs(cond.kkt_active(g, lam, result.coef, k)) <= cond.tol_active(q, gap, abs(bk)) + slack


@prop(r"The duality gap the lasso reports with its solution (at $\lambda = 0.1\,\lambda_{\max}$) is the one "
      r"`duality_gap` recomputes from $(X, y, \hat\beta, \lambda)$, to a relative $10^{-6}$.",
      group="optimality", checks=("lasso", "duality_gap"))
@given(problem=problems())
def test_lasso_gap_matches_the_public_duality_gap(problem):
    X, y = problem.X, problem.y
    lam = 0.1 * _lam_max(X, y) or 1.0
    result = rp.lasso(X, y, lam, tol=1e-10)
    assert rp.duality_gap(X, y, result.coef, lam) == pytest.approx(result.gap, rel=1e-6, abs=1e-12 * (y @ y))


def _correlated_problem():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 200))
    X[:, 1:] += 0.9 * X[:, :-1]  # correlated columns: many epochs needed
    y = X[:, :5].sum(axis=1) + 0.1 * rng.standard_normal(50)
    return X, y


@prop(r"Stopped after 2 epochs on a correlated $50 \times 200$ design, the lasso warns with a `ConvergenceWarning` "
      r"attributed to a line outside regprior that quotes the epochs, the duality gap reached, "
      r"$\mathrm{tol}\,\lVert y\rVert^2$ and the relative gap $\mathrm{gap}/\lVert y\rVert^2$, and returns "
      r"`converged=False`, `n_iter=2` and that gap.",
      group="inputs", checks=("lasso", "ConvergenceWarning"))
def test_lasso_warns_with_the_gap_when_it_stops_early():
    X, y = _correlated_problem()
    with pytest.warns(rp.ConvergenceWarning) as record:
        result = rp.lasso(X, y, 0.01 * _lam_max(X, y), tol=1e-12, max_iter=2)
    assert not result.converged
    assert result.n_iter == 2
    assert result.gap > 1e-12 * (y @ y)
    (warning,) = record
    assert not inside_regprior(warning.filename)
    assert str(warning.message) == (
        f"lasso did not converge in 2 epochs: duality gap {result.gap:.3e} > tol * ||y||^2 = {1e-12 * (y @ y):.3e} "
        f"(relative gap {result.gap / (y @ y):.3e} > tol = 1e-12); increase max_iter or loosen tol")


@prop(r"A lasso path stopped after 2 epochs per $\lambda$ warns once for every $\lambda$ it did not solve, naming the "
      r"path and the $\lambda$ and quoting each gap, attributed to a line outside regprior, and marks exactly those "
      r"points as not converged, with an integer count of 2 epochs at each of them.",
      group="inputs", checks=("lasso_path", "ConvergenceWarning"))
def test_lasso_path_warns_for_each_unconverged_point():
    X, y = _correlated_problem()
    lams = _lam_max(X, y) * np.array([1.5, 0.3, 0.01])
    with pytest.warns(rp.ConvergenceWarning) as record:
        path = rp.lasso_path(X, y, lams, tol=1e-12, max_iter=2)
    assert path.converged[0] and not path.converged[1:].any()  # above lambda_max the answer is 0 at once
    assert path.n_iters.dtype.kind == "i" and path.n_iters[1:].tolist() == [2, 2]
    assert len(record) == 2 and not any(inside_regprior(w.filename) for w in record)
    for warning, lam, gap in zip(record, lams[1:], path.gaps[1:]):
        assert str(warning.message).startswith(f"lasso_path at lam={lam:.4g} did not converge in 2 epochs: "
                                               f"duality gap {gap:.3e} > tol * ||y||^2 = {1e-12 * (y @ y):.3e}")


@prop(r"The elastic net and its path, stopped after 2 epochs, warn under their own names (`elastic_net`, "
      r"`elastic_net_path at lam=`$\lambda_1$) with the epochs and the gap reached.",
      group="inputs", checks=("elastic_net", "elastic_net_path", "ConvergenceWarning"))
def test_elastic_net_warnings_name_the_function():
    X, y = _correlated_problem()
    lam = 0.01 * _lam_max(X, y)
    with pytest.warns(rp.ConvergenceWarning) as record:
        result = rp.elastic_net(X, y, lam, 0.1, tol=1e-12, max_iter=2)
    (warning,) = record
    assert str(warning.message).startswith(f"elastic_net did not converge in 2 epochs: duality gap {result.gap:.3e} > ")
    with pytest.warns(rp.ConvergenceWarning) as record:
        path = rp.elastic_net_path(X, y, [lam], 0.1, tol=1e-12, max_iter=2)
    (warning,) = record
    assert str(warning.message).startswith(f"elastic_net_path at lam={lam:.4g} did not converge in 2 epochs: "
                                           f"duality gap {path.gaps[0]:.3e} > ")


@prop(r"A lasso or elastic net started (`coef_init`) from its own converged solution is certified before any epoch: "
      r"it returns `n_iter = 0` and the same coefficients, where the cold start needed epochs.",
      group="optimality", checks=("lasso", "elastic_net"))
@pytest.mark.parametrize("lam2", [0.0, 0.5])
def test_a_warm_start_at_the_solution_needs_no_epoch(lam2):
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((40, 10)), rng.standard_normal(40)
    lam = 0.2 * _lam_max(X, y)
    fit = (lambda **kw: rp.lasso(X, y, lam, tol=1e-12, **kw)) if lam2 == 0 else (
        lambda **kw: rp.elastic_net(X, y, lam, lam2, tol=1e-12, **kw))
    cold = fit()
    warm = fit(coef_init=cold.coef)
    assert cold.converged and cold.n_iter > 0
    assert warm.converged and warm.n_iter == 0
    np.testing.assert_array_equal(warm.coef, cold.coef)


@prop(r"At $\lambda = 0$ the lasso returns the least-squares solution of `numpy.linalg.lstsq` (relative "
      r"$10^{-12}$), reports convergence, and certifies it with a gap of at most $10^{-10}\lVert y\rVert^2$.",
      group="routes", checks=("lasso",), against="numpy.linalg.lstsq")
def test_lasso_with_zero_penalty_is_least_squares():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    result = rp.lasso(X, y, 0.0)
    np.testing.assert_allclose(result.coef, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12)
    assert result.converged and abs(result.gap) <= 1e-10 * (y @ y)


@prop("Started from the cold-start solution plus 0.5 in every coordinate, the lasso returns the cold-start "
      "solution again (within $10^{-6}$).",
      group="metamorphic", checks=("lasso",))
def test_lasso_warm_start_reaches_the_same_solution():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((40, 10)), rng.standard_normal(40)
    lam = 0.2 * _lam_max(X, y)
    cold = rp.lasso(X, y, lam, tol=1e-12)
    warm = rp.lasso(X, y, lam, tol=1e-12, coef_init=cold.coef + 0.5)
    np.testing.assert_allclose(warm.coef, cold.coef, atol=1e-6)


@prop(r"The lasso's `prior_mean` $\theta_0$ is a shift: `lasso(X, y, lam, prior_mean=`$\theta_0$`)` is $\theta_0$ "
      r"plus the lasso fit to $y - X\theta_0$ (both at tol $10^{-13}$, within $10^{-6}$).",
      group="metamorphic", checks="lasso")
def test_lasso_prior_mean_is_a_shift():
    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((40, 6)), rng.standard_normal(40)
    theta0 = np.array([1.0, -2.0, 0.0, 0.5, 3.0, -1.0])
    lam = 0.3 * _lam_max(X, y - X @ theta0)
    fit = rp.lasso(X, y, lam, prior_mean=theta0, tol=1e-13)
    ref = rp.lasso(X, y - X @ theta0, lam, tol=1e-13)
    assert np.any(ref.coef == 0) and np.any(ref.coef != 0)  # a sparse fit, so the shift is not the trivial one
    np.testing.assert_allclose(fit.coef, theta0 + ref.coef, atol=1e-6)


@prop(r"`objective` is the canonical objective term by term: $\sum_i w_i(y_i - \beta_0 - x_i^\top\beta)^2 + "
      r"\sum_j \lambda_{1j}|\beta_j - \theta_{0j}| + \sum_j \lambda_{2j}(\beta_j - \theta_{0j})^2$ with "
      r"per-coefficient strengths, a prior mean given as a number or per coefficient, an intercept and weights "
      r"(relative $10^{-14}$ against the sum written out); strengths or a prior mean of the wrong length are refused "
      r"by name, and an objective that overflows is refused with a whole message.",
      group="routes", checks="objective")
def test_objective_is_the_canonical_sum():
    rng = np.random.default_rng(17)
    X = rng.standard_normal((12, 3))
    y = rng.standard_normal(12)
    coef, weights = np.array([0.5, -1.0, 2.0]), rng.uniform(0.5, 2.0, 12)
    lam1, lam2 = np.array([0.3, 0.0, 1.5]), np.array([2.0, 0.5, 0.0])
    for mean in (0.25, np.array([1.0, 0.0, -0.5])):
        u = coef - mean
        expected = (weights @ (y + 0.7 - X @ coef) ** 2 + np.sum(lam1 * np.abs(u)) + np.sum(lam2 * u**2))
        value = rp.objective(X, y, coef, lam1=lam1, lam2=lam2, prior_mean=mean, intercept=-0.7,
                             sample_weight=weights)
        assert value == pytest.approx(expected, rel=1e-14)
    for kwargs, name in (({"lam1": [1.0, 2.0]}, "lam1"), ({"lam2": [1.0, 2.0]}, "lam2"),
                         ({"prior_mean": [1.0, 2.0]}, "prior_mean")):
        with pytest.raises(ValueError) as info:
            rp.objective(X, y, coef, **kwargs)
        assert str(info.value).startswith(name + " "), str(info.value)
    with pytest.raises(ValueError) as info:
        rp.objective(X, y, np.full(3, 1e300))
    assert str(info.value) == ("coef: the objective at these coefficients overflows float64 (its residuals or penalty "
                               "are too large to square)")


@prop(r"`objective` with its defaults is the residual sum of squares $\lVert y - X\beta\rVert^2$ (no penalty, no "
      r"intercept; relative $10^{-14}$); a number as prior mean that is not real (a string, a complex number) is "
      r"refused by name, as ridge refuses it; an objective whose penalty overflows and then meets a zero strength "
      r"($0 \cdot \infty$), or whose residuals are $\infty - \infty$, is refused with the whole overflow message, "
      r"without a floating-point warning.", group="routes", checks=("objective", "ridge"))
def test_objective_defaults_refusals_and_overflow():
    rng = np.random.default_rng(18)
    X, y, coef = rng.standard_normal((12, 2)), rng.standard_normal(12), np.array([0.5, -1.0])
    assert rp.objective(X, y, coef) == pytest.approx(np.sum((y - X @ coef) ** 2), rel=1e-14)
    for mean in ("a", 1j):
        for call, args in ((rp.objective, (X, y, coef)), (rp.ridge, (X, y, 1.0))):
            with pytest.raises(TypeError) as info:
                call(*args, prior_mean=mean)
            assert str(info.value).startswith("prior_mean must contain real numbers; got "), str(info.value)
    message = ("coef: the objective at these coefficients overflows float64 (its residuals or penalty are too large "
               "to square)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as info:  # u = coef - mean overflows, and lam1 = 0 multiplies it
            rp.objective(X, y, np.full(2, 1e308), prior_mean=-1e308)
        assert str(info.value) == message
        wide = np.array([[2.0, 9.0, -2.0], [1.0, 9.0, -1.0]])[:, ::2]  # X @ coef = inf - inf, in NumPy's own loop
        with pytest.raises(ValueError) as info:
            rp.objective(wide, np.ones(2), np.full(2, 1e308))
        assert str(info.value) == message
