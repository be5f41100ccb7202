"""The L-BFGS route (smooth, possibly non-convex priors such as the Student-t): what its result reports."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import regprior as rp
from regprior.datafits.quadratic import Quadratic
from regprior.solvers.quasi_newton import _newton_polish
from tests.properties import prop

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 3))
Y = 0.7 + X @ np.array([1.0, 0.0, -2.0]) + 0.5 * RNG.standard_normal(30)
PRIOR = rp.StudentTPrior(3.0, 0.5)


def _certificate(coef, intercept, noise_sd, fit_intercept):
    """The gradient of RSS + R (R the prior's penalty at weight 2 sigma^2), each entry over its column's norm."""
    penalty = PRIOR.penalty(rp.canonical_weight(noise_sd))
    Xc = X - X.mean(axis=0) if fit_intercept else X
    residual = Y - intercept - X @ coef
    return np.abs((-2 * Xc.T @ residual + penalty.gradient(coef)) / np.linalg.norm(Xc, axis=0)), penalty


@prop(r"With a Student-t prior `map_result` takes the L-BFGS route and reports it: method `lbfgs`, the objective "
      r"$\lVert y - \beta_0 - X\beta\rVert^2 + R(\beta)$ at the returned point (relative $10^{-12}$), the gap "
      r"$\max_j |\partial_j F|/\lVert x_j\rVert$ recomputed in the test, the tol given, `converged`, and with an "
      r"intercept the centred fit's intercept $\bar y - \bar x^\top\beta$; started at its own answer it takes no "
      r"iteration (also with a prior mean: `coef_init` is a coefficient), started elsewhere it reaches the same "
      r"point (within $10^{-8}$); `tol=0` is refused by name.",
      group="routes", checks=("map_result", "StudentTPrior"))
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_the_lbfgs_route_reports_its_result(fit_intercept):
    fit = rp.map_result(X, Y, PRIOR, 0.5, fit_intercept=fit_intercept, tol=1e-10)
    assert fit.method == "lbfgs" and fit.converged and fit.tol == 1e-10 and fit.n_iter > 0
    gradient, penalty = _certificate(fit.coef, fit.intercept, 0.5, fit_intercept)
    assert fit.gap == pytest.approx(gradient.max(), rel=1e-6, abs=1e-12)
    residual = Y - fit.intercept - X @ fit.coef
    assert fit.objective == pytest.approx(residual @ residual + penalty.value(fit.coef), rel=1e-12)
    if fit_intercept:
        assert fit.intercept == pytest.approx(Y.mean() - X.mean(axis=0) @ fit.coef, rel=1e-12)
    else:
        assert fit.intercept == 0.0
    again = rp.map_result(X, Y, PRIOR, 0.5, fit_intercept=fit_intercept, coef_init=fit.coef)
    assert again.n_iter == 0 and np.array_equal(again.coef, fit.coef)
    elsewhere = rp.map_result(X, Y, PRIOR, 0.5, fit_intercept=fit_intercept, coef_init=[0.5, 0.5, -0.5])
    np.testing.assert_allclose(elsewhere.coef, fit.coef, atol=1e-8)
    shifted = rp.StudentTPrior(3.0, 0.5, mean=0.3)  # coef_init is a coefficient, not an offset from the prior mean
    mode = rp.map_result(X, Y, shifted, 0.5, fit_intercept=fit_intercept)
    assert rp.map_result(X, Y, shifted, 0.5, fit_intercept=fit_intercept, coef_init=mode.coef).n_iter == 0
    with pytest.raises(ValueError) as info:
        rp.map_result(X, Y, PRIOR, 0.5, tol=0.0)
    assert str(info.value) == "tol must be > 0; got 0"


@prop(r"Stopped after one L-BFGS iteration far from the mode, where Newton's steps cannot help (a Cauchy prior, "
      r"$\sigma = 5$, started at 50), the fit warns with a `ConvergenceWarning` quoting the gradient, the iterations "
      r"and tol times the reference gradient, and returns `converged=False`; stopped after one iteration near "
      r"a strict minimum, the Newton polish finishes the job (converged at tol $10^{-14}$).",
      group="inputs", checks=("map_result", "ConvergenceWarning"))
def test_the_lbfgs_route_warns_when_it_stops_short():
    with pytest.warns(rp.ConvergenceWarning) as record:
        stuck = rp.map_result(X, Y, rp.StudentTPrior(1.0, 0.01), 5.0, max_iter=1, tol=1e-14, coef_init=[50, 50, 50])
    assert not stuck.converged
    assert re.fullmatch(rf"L-BFGS: the gradient's largest entry is {stuck.gap:.3g} after {stuck.n_iter} iterations, "
                        r"above tol \* \|grad f\(0\)\| = \S+; increase max_iter or loosen tol", str(record[0].message))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        polished = rp.map_result(X, Y, PRIOR, 0.5, max_iter=1, tol=1e-14)
    assert polished.converged and polished.n_iter > 1


@prop(r"The Newton polish after L-BFGS: on a strictly convex quadratic it lands on the minimizer in one step and "
      r"says so (one step); with a Hessian that is not positive definite it returns the point unchanged after no "
      r"step; without a Hessian, or above its size limit, it does not start.",
      group="optimality", checks="map_result")
def test_the_newton_polish_steps():
    datafit = Quadratic(X, Y)
    penalty = rp.GaussianPrior(1.0).penalty(rp.canonical_weight(1.0))

    def fun(u):
        return datafit.value(u) + penalty.value(u), datafit.gradient(u) + penalty.gradient(u)

    D = np.ones(3)
    start = np.array([3.0, -1.0, 2.0])
    u, steps = _newton_polish(datafit, penalty, start, fun, 1e-10, D)
    exact = np.linalg.solve(2 * X.T @ X + penalty.hessian_diag(start) * np.eye(3), 2 * X.T @ Y)
    np.testing.assert_allclose(u, exact, rtol=1e-10)
    assert steps == 1

    class Saddle:
        smooth = True

        def value(self, u):
            return -5.0 * float(u @ u) * len(Y)

        def gradient(self, u):
            return -10.0 * u * len(Y)

        def hessian_diag(self, u):
            return np.full(u.size, -10.0 * len(Y))

    def saddle_fun(u):
        return datafit.value(u) + Saddle().value(u), datafit.gradient(u) + Saddle().gradient(u)

    u, steps = _newton_polish(datafit, Saddle(), start, saddle_fun, 1e-10, D)
    assert steps == 0 and np.array_equal(u, start)

    class NoHessian(Saddle):
        hessian_diag = None

    assert _newton_polish(datafit, NoHessian(), start, saddle_fun, 1e-10, D) == (start, 0)


class _Separable:
    r"""$F(u) = \sum_j f_j(u_j)$ as a datafit with a diagonal Hessian; ``parts`` are ``(f, f', f'')`` per coordinate."""

    def __init__(self, *parts):
        self.parts = parts

    def fun(self, u):
        return (float(sum(f(t) for (f, _, _), t in zip(self.parts, u))),
                np.array([g(t) for (_, g, _), t in zip(self.parts, u)]))

    def hessian(self, u):
        return np.diag([h(t) for (_, _, h), t in zip(self.parts, u)])


class _Flat:
    """A zero penalty with its (zero) Hessian diagonal."""

    def hessian_diag(self, u):
        return np.zeros(u.size)


def _power(k):
    r"""$t \mapsto |t|^k$ with its derivatives (k > 1)."""
    return (lambda t: abs(t) ** k, lambda t: k * np.sign(t) * abs(t) ** (k - 1),
            lambda t: k * (k - 1) * abs(t) ** (k - 2))


def _hyperbola(a):
    r"""$t \mapsto a\sqrt{1 + t^2}$ with its derivatives: convex, Newton overshoots ($t \mapsto -t^3$)."""
    return (lambda t: a * np.sqrt(1 + t * t), lambda t: a * t / np.sqrt(1 + t * t), lambda t: a * (1 + t * t) ** -1.5)


@prop(r"The Newton polish's rules on separable functions where each Newton step is known in closed form: on "
      r"$u^4$ each step multiplies $u$ by $2/3$, and it stops at the first step whose gradient, over $D$, is within "
      r"tol (or after 20 steps); on $2u^2$ it lands on the minimizer in one step and stops there at tol 0; a step "
      r"that keeps the value (the cycle $\pm 9/16$ of $|u|^{3/2}$) is taken; a step that raises the value is taken "
      r"only when the largest entry of $D^{-1}\nabla F$ shrinks.",
      group="optimality", checks="map_result")
def test_the_newton_polish_follows_its_rules():
    quartic = _Separable(_power(4))
    D = np.array([2.0])
    # |F'(u_k)| = 4 (2/3)^(3k): tol between steps 18 and 19 stops at 19; between 20 and 21 it runs out at 20
    for last, budget in ((19, 19), (21, 20)):
        tol_abs = 1.5 * 4 * (2 / 3) ** (3 * last) / 2
        u, steps = _newton_polish(quartic, _Flat(), np.array([1.0]), quartic.fun, tol_abs, D)
        assert steps == budget
        np.testing.assert_allclose(u, (2 / 3) ** budget, rtol=1e-12)
    square = _Separable((lambda t: 2 * t * t, lambda t: 4 * t, lambda t: 4.0))
    assert _newton_polish(square, _Flat(), np.array([1.0]), square.fun, 0.0, np.ones(1)) == (np.zeros(1), 1)
    # |u|^(3/2) from 9/16: the step lands on -9/16 with the same value and gradient size; kept, then back: 20 steps
    cycle = _Separable(_power(1.5))
    u, steps = _newton_polish(cycle, _Flat(), np.array([0.5625]), cycle.fun, 1e-12, np.ones(1))
    assert steps == 20 and u[0] == 0.5625
    # a second coordinate whose step raises the value while the largest gradient entry stays 1.125: refused
    rising = _Separable(_power(1.5), _hyperbola(0.5))
    start = np.array([0.5625, 2.0])
    u, steps = _newton_polish(rising, _Flat(), start, rising.fun, 1e-12, np.ones(2))
    assert steps == 0 and np.array_equal(u, start)
    # with D = 4: from (1, 2) on 2u^2 + sqrt(1 + v^2) the value rises but the largest gradient entry falls from 4
    # to 8/sqrt(65): kept; the next step (to 512) raises both: refused
    shrinking = _Separable((lambda t: 2 * t * t, lambda t: 4 * t, lambda t: 4.0), _hyperbola(1.0))
    u, steps = _newton_polish(shrinking, _Flat(), np.array([1.0, 2.0]), shrinking.fun, 1e-12, np.full(2, 4.0))
    assert steps == 1
    np.testing.assert_allclose(u, [0.0, -8.0], rtol=1e-12, atol=0)


@prop(r"The Newton polish needs a Hessian from both parts and at most 2000 coefficients: a datafit without "
      r"`hessian` or a penalty without `hessian_diag` (a `QuadraticForm`) leaves the point as it is; with 2000 "
      r"coefficients it polishes ($2\lVert u\rVert^2$: one step to 0), with 2001 it does not start.",
      group="optimality", checks="map_result")
def test_the_newton_polish_needs_hessians_and_a_size_limit():
    datafit = Quadratic(X, Y)
    fun = (lambda u: (datafit.value(u), datafit.gradient(u)))
    start = np.array([3.0, -1.0, 2.0])

    class NoHessian:
        pass

    assert _newton_polish(NoHessian(), _Flat(), start, fun, 1e-10, np.ones(3)) == (start, 0)
    form = rp.penalties.QuadraticForm(np.eye(3))
    assert _newton_polish(datafit, form, start, fun, 1e-10, np.ones(3)) == (start, 0)

    class Norm:
        def hessian(self, u):
            return 4.0 * np.eye(u.size)

    def norm_fun(u):
        return 2.0 * float(u @ u), 4.0 * u

    for size, steps in ((2000, 1), (2001, 0)):
        start = np.ones(size)
        with threadpool_limits(1):  # a 2000 x 2000 Cholesky: threads on a busy machine wait on each other, 10x slower
            u, taken = _newton_polish(Norm(), _Flat(), start, norm_fun, 1e-10, np.ones(size))
        assert taken == steps and np.array_equal(u, np.zeros(size) if steps else start)


@prop(r"Edge cases of the L-BFGS route's certificate: with $y = 0$ the prior mean is returned as it is (gap 0, "
      r"converged, no iteration, no warning); started at $1/2$ on the column $(2, 0)$ with $y = 0$, L-BFGS-B's first "
      r"trial step (of length 1 in the equilibrated coordinate $2\beta$) lands exactly on the mode: gap 0 after one "
      r"iteration and no Newton step; an all-zero column gives its coefficient the prior mean and a finite "
      r"gap, and stopped after 2 iterations from a start away from it the reported gap is "
      r"$\max_j |\partial F/\partial\beta_j| / \lVert x_j\rVert$ recomputed here, 1 standing for the zero column's "
      r"norm; with $y$ scaled by $10^{-4}$ the gap is still within tol times $\lVert D^{-1}\nabla f(0)\rVert_\infty$ "
      r"recomputed in the test; stopped by `max_iter` and polished, `n_iter` counts both the L-BFGS iterations and "
      r"the Newton steps.",
      group="inputs", checks=("map_result", "StudentTPrior"))
def test_the_lbfgs_certificate_edge_cases():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        still = rp.map_result(X, np.zeros(30), PRIOR, 0.5)
        assert (still.gap, still.converged, still.n_iter) == (0.0, True, 0) and not np.any(still.coef)
        landed = rp.map_result(np.array([[2.0], [0.0]]), np.zeros(2), PRIOR, 0.5, fit_intercept=False,
                               coef_init=[0.5])
        assert (landed.coef[0], landed.gap, landed.converged, landed.n_iter) == (0.0, 0.0, True, 1)
        X0 = X.copy()
        X0[:, 1] = 0.0
        fit = rp.map_result(X0, Y, PRIOR, 0.5, fit_intercept=False)
        assert fit.converged and fit.coef[1] == 0.0 and np.isfinite(fit.gap)
        np.testing.assert_allclose(fit.coef[[0, 2]], rp.map_result(X[:, [0, 2]], Y, PRIOR, 0.5, fit_intercept=False)
                                   .coef, atol=1e-8)
        polished = rp.map_result(X, Y, PRIOR, 0.5, max_iter=5, tol=1e-14)
    assert polished.converged and polished.n_iter > 5
    with pytest.warns(rp.ConvergenceWarning):
        stopped = rp.map_result(X0, Y, PRIOR, 0.5, fit_intercept=False, coef_init=[1.0, 5.0, -2.0], max_iter=2)
    gradient = -2 * X0.T @ (Y - X0 @ stopped.coef) + PRIOR.penalty(rp.canonical_weight(0.5)).gradient(stopped.coef)
    norms = np.linalg.norm(X0, axis=0)
    norms[1] = 1.0
    assert stopped.coef[1] != 0.0 and not stopped.converged
    assert stopped.gap == pytest.approx(np.abs(gradient / norms).max(), rel=1e-9)
    small = rp.map_result(X, 1e-4 * Y, PRIOR, 0.5e-4, fit_intercept=False, tol=1e-6)
    reference = np.abs(2 * X.T @ (1e-4 * Y) / np.linalg.norm(X, axis=0)).max()
    assert small.converged and small.gap <= 1e-6 * reference


@prop(r"L-BFGS returns the local minimum of the basin it starts in: with a sharp Cauchy prior one coefficient's "
      r"posterior has two modes; started at 0 it reaches the one near 0, started at the least-squares coefficient "
      r"the one near it, each a minimum of the objective on its interval found by a bounded scalar search.",
      group="routes", checks=("map_result", "StudentTPrior"), against="scipy.optimize.minimize_scalar (bounded)")
def test_the_lbfgs_route_stays_in_its_basin():
    from scipy.optimize import minimize_scalar

    rng = np.random.default_rng(1)
    x = 10 * rng.standard_normal((40, 1))
    y = 0.3 * x[:, 0] + 3 * rng.standard_normal(40)
    prior, noise_sd = rp.StudentTPrior(1.0, 0.001), 3.0
    penalty = prior.penalty(rp.canonical_weight(noise_sd))

    def objective(b):
        r = y - x[:, 0] * b
        return r @ r + penalty.value(np.array([b]))

    least_squares = float(x[:, 0] @ y / (x[:, 0] @ x[:, 0]))
    near_zero = rp.map_result(x, y, prior, noise_sd, fit_intercept=False)
    near_ls = rp.map_result(x, y, prior, noise_sd, fit_intercept=False, coef_init=[least_squares])
    for fit, bounds in ((near_zero, (-0.01, 0.01)), (near_ls, (0.1, 0.6))):
        best = minimize_scalar(objective, bounds=bounds, method="bounded", options={"xatol": 1e-12})
        assert fit.converged and fit.coef[0] == pytest.approx(best.x, abs=1e-7)
        assert fit.objective == pytest.approx(objective(fit.coef[0]), rel=1e-12)


@prop(r"A datafit that has only what L-BFGS requires (value, gradient; no column norms) is minimized with $D = I$: "
      r"the least-squares fit of a hand-written datafit matches `map_result`'s (within $10^{-8}$), converged.",
      group="routes", checks=("map_result", "StudentTPrior"))
def test_the_lbfgs_route_takes_a_datafit_without_column_norms():
    class LeastSquares:
        n_features, center = 3, np.zeros(3)

        def value(self, u):
            r = Y - X @ u
            return float(r @ r)

        def gradient(self, u):
            return -2.0 * X.T @ (Y - X @ u)

        def coef_intercept(self, u):
            return u.copy(), 0.0

    penalty = PRIOR.penalty(rp.canonical_weight(0.5))
    fit = rp.solvers.LBFGS().solve(LeastSquares(), penalty)
    assert fit.converged and fit.method == "lbfgs"
    np.testing.assert_allclose(fit.coef, rp.map_result(X, Y, PRIOR, 0.5, fit_intercept=False).coef, atol=1e-8)
    assert rp.solvers.LBFGS().refusal(LeastSquares(), penalty) is None


@prop(r"L-BFGS refuses a penalty that is not smooth, saying so in the refusal that `select_solver`'s message "
      r"quotes: a penalty with a value and a gradient but a kink is refused as \"the penalty is not smooth\"; the "
      r"Student-t penalty is accepted.",
      group="routes", checks=("map_result", "StudentTPrior"))
def test_lbfgs_refuses_a_penalty_that_is_not_smooth():
    class Kinked(rp.penalties.Penalty):
        def value(self, u):
            return float(np.abs(u).sum())

        def gradient(self, u):
            return np.sign(u)

    datafit = Quadratic(X, Y)
    assert rp.solvers.LBFGS().refusal(datafit, Kinked()) == "the penalty is not smooth"
    assert rp.solvers.LBFGS().refusal(datafit, PRIOR.penalty(rp.canonical_weight(0.5))) is None
