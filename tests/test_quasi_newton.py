"""The L-BFGS route (smooth, possibly non-convex priors such as the Student-t): what its result reports."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

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
