"""Sample weights as per-sample noise variances and the intercept as a flat-prior coefficient: the derived
intercept, centring and marginal against the solvers (fit_intercept / sample_weight), scipy and quadrature."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.integrate as si
import scipy.stats as ss
from hypothesis import example, given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.strategies import coefficient_vectors, powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import weights_intercept_cases


def _weights(data, n):
    return np.array(data.draw(st.lists(powers_of_ten(-2, 2), min_size=n, max_size=n)))


@prop("With sample weights $w_i$, the derived negative log-posterior equals "
      r"$-\sum_i\log\mathcal N(y_i;\, x_i^\top\beta, \sigma^2/w_i)$ from `scipy.stats` plus the Gaussian prior's "
      "negative log-density, and minus "
      r"$\bigl(\sum_i w_i(y_i - x_i^\top\beta)^2 + \lambda\lVert\beta\rVert^2\bigr)/(2\sigma^2)$ it leaves the "
      r"derived constant, at three drawn $\beta$.",
      group="symbols", evaluates=("weights-intercept:neg_log_posterior", "weights-intercept:constant"),
      checks=("GaussianPrior.neg_log_density", "GaussianPrior.penalty_strength", "GaussianPrior.penalty"),
      against="scipy.stats")
@given(problem=problems(max_n=6, max_p=5), noise=powers_of_ten(-1, 1), scale=powers_of_ten(-1, 1), data=st.data())
def test_weighted_posterior_is_scipy_with_per_sample_noise_and_splits_into_the_weighted_objective(
        problem, noise, scale, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    w = _weights(data, n)
    case = weights_intercept_cases()
    prior = rp.GaussianPrior(scale)
    for _ in range(3):
        coef = data.draw(coefficient_vectors(p))
        nlp = case["neg_log_posterior"](X, y, w, coef, n, p, noise, scale, 1.0)
        expected = -ss.norm(X @ coef, noise / np.sqrt(w)).logpdf(y).sum() + prior.neg_log_density(coef)
        assert nlp == pytest.approx(expected, rel=1e-9, abs=1e-9)
        r = y - X @ coef
        scaled = (w @ r**2 + prior.penalty(rp.priors.canonical_weight(noise)).value(coef - prior.mean)) / (2 * noise**2)
        assert nlp - scaled == pytest.approx(case["constant"](w, n, p, noise, scale, 1.0), rel=1e-9,
                                             abs=1e-9 * (abs(nlp) + abs(scaled)))


@prop("The intercept that ridge, the lasso and `constrained_least_squares` fit with sample weights "
      r"$W = \operatorname{diag}(w)$ is the derived "
      r"$\hat\beta_0 = \mathbf 1^\top W(y - X\hat\beta)/\mathbf 1^\top W\mathbf 1$ at the slopes $\hat\beta$ they "
      "return (also when the iterative solvers stop early), within $10^{-10}$ of the data's scale.",
      group="optimality", evaluates=("weights-intercept:intercept",),
      checks=("ridge", "lasso", "constrained_least_squares"))
@pytest.mark.parametrize("solver", ["ridge", "lasso", "constrained"])
@given(problem=problems(min_n=2, max_p=5), lam=powers_of_ten(-2, 2), data=st.data())
def test_fitted_intercept_is_the_derived_weighted_mean_formula(solver, problem, lam, data):
    X, y = problem.X, problem.y
    n = X.shape[0]
    w = _weights(data, n)
    # The intercept formula holds at whatever slopes a solver returns, so the iterative solvers get a small
    # iteration budget here and may stop early (their convergence is tested elsewhere).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rp.ConvergenceWarning)
        if solver == "ridge":
            fit = rp.ridge(X, y, lam, fit_intercept=True, sample_weight=w)
        elif solver == "lasso":
            fit = rp.lasso(X, y, lam, fit_intercept=True, sample_weight=w, max_iter=200)
        else:
            fit = rp.constrained_least_squares(X, y, lam, norm="l1", fit_intercept=True, sample_weight=w,
                                               max_iter=200)
    derived = weights_intercept_cases()["intercept"](X, y, fit.coef, np.ones(n), np.diag(w))
    scale = (1 + np.abs(y).max()) * (1 + np.abs(X).max() * np.abs(fit.coef).sum())
    assert fit.intercept == pytest.approx(derived, abs=1e-10 * scale)


@prop("Weighted ridge with a fitted intercept gives the slopes of weighted ridge without one on the data centred "
      r"by the derived residual $y - X\beta - \mathbf 1\,\mathbf 1^\top W(y - X\beta)/\mathbf 1^\top W\mathbf 1$ "
      r"(its values at $\beta = 0$ and $\beta = e_j$ give the centred response and columns).",
      group="routes", evaluates=("weights-intercept:centred_residual",), checks=("ridge",))
@given(problem=problems(min_n=2, max_p=5), lam=powers_of_ten(-2, 2), data=st.data())
def test_intercept_fit_equals_the_centred_problem(problem, lam, data):
    """Solving the centred data without an intercept gives the same slopes (the derived centred residual)."""
    X, y = problem.X, problem.y
    n, p = X.shape
    w = _weights(data, n)
    case = weights_intercept_cases()
    fit = rp.ridge(X, y, lam, fit_intercept=True, sample_weight=w)
    # centre by the derived formula: the residual of the centred data at beta = e_j gives column j, at 0 gives y
    y_c = case["centred_residual"](X, y, np.zeros(p), np.ones(n), np.diag(w))
    X_c = np.column_stack([y_c - case["centred_residual"](X, y, e, np.ones(n), np.diag(w)) for e in np.eye(p)])
    centred = rp.ridge(X_c, y_c, lam, sample_weight=w).coef
    tol = 1e-8 * (np.linalg.norm(X) ** 2 + lam) * (1 + np.linalg.norm(y)) / lam
    np.testing.assert_allclose(fit.coef, centred, atol=tol)


@prop("With a fitted intercept and sample weights, a column of ones in $X$ gets coefficient 0 (within "
      "$10^{-12}$), and the intercept lands near the true value 2 (within 0.2).",
      group="inputs", checks=("ridge",))
def test_a_column_of_ones_gets_coefficient_zero_with_a_fitted_intercept():
    rng = np.random.default_rng(4)
    x = rng.uniform(-1, 1, 30)
    X = np.column_stack([np.ones(30), x, x**2])
    y = 2 + x - x**2 + 0.1 * rng.standard_normal(30)
    fit = rp.ridge(X, y, 1e-3, fit_intercept=True, sample_weight=rng.uniform(0.5, 2, 30))
    assert fit.coef[0] == pytest.approx(0.0, abs=1e-12)
    assert fit.intercept == pytest.approx(2.0, abs=0.2)


@prop("The derived marginal "
      r"$\int e^{-(At^2 - 2Bt + C)/(2\sigma^2)}\,dt = \sqrt{2\pi}\,\sigma A^{-1/2}e^{(B^2/A - C)/(2\sigma^2)}$ "
      "matches numerical quadrature to a relative $10^{-8}$, for $A$ from $10^{-2}$ to $10^2$ and $C > B^2/A$.",
      group="symbols", evaluates=("weights-intercept:marginal",), against="numerical quadrature")
@given(A=powers_of_ten(-2, 2), B=st.floats(-10, 10), excess=powers_of_ten(-2, 2), noise=powers_of_ten(-1, 1))
@example(A=0.1, B=9.0, excess=1.0, noise=1.0)  # a peak far from 0, which quadrature over R at once missed
def test_integrating_the_intercept_out_matches_quadrature(A, B, excess, noise):
    C = B**2 / A + excess  # C >= B^2 / A for a sum of squares
    # Split at the peak B/A (where the integral is split does not change its value): over all of R at once,
    # QUADPACK sampled nothing of a peak at t = 90 of width 3 (A = 0.1, B = 9) and returned 3e-21 for 4.8.
    integrand = lambda t: np.exp(-(A * t**2 - 2 * B * t + C) / (2 * noise**2))  # noqa: E731
    value = sum(si.quad(integrand, lo, hi, epsabs=0, epsrel=1e-11)[0] for lo, hi in ((-np.inf, B / A), (B / A, np.inf)))
    assert weights_intercept_cases()["marginal"](A, B, C, noise) == pytest.approx(value, rel=1e-8)


@prop("Shifting $y$ by $c$ moves ridge's fitted (flat-prior) intercept by $c$ and leaves the slopes unchanged; an "
      "intercept penalized like the other coefficients (a column of ones beside the centred $X$) moves only by "
      r"the derived $nc/(n + \lambda)$.",
      group="metamorphic", evaluates=("weights-intercept:wrong_penalized_intercept_shift",), checks=("ridge",))
@given(problem=well_posed_problems(), lam=powers_of_ten(-1, 2), shift=st.floats(-100, 100))
def test_flat_prior_intercept_moves_with_the_data_but_a_penalized_one_does_not(problem, lam, shift):
    X, y = problem.X, problem.y
    n = X.shape[0]
    base = rp.ridge(X, y, lam, fit_intercept=True)
    moved = rp.ridge(X, y + shift, lam, fit_intercept=True)
    assert moved.intercept - base.intercept == pytest.approx(shift, abs=1e-8 * (1 + abs(shift) + np.abs(y).max()))
    np.testing.assert_allclose(moved.coef, base.coef, atol=1e-8 * (1 + np.abs(base.coef).max()))
    # penalizing the intercept (a column of ones under the same lam): the shift is derived as A c / (A + lam)
    ones = np.ones((n, 1))
    pen_base = rp.ridge(np.hstack([ones, X - X.mean(axis=0)]), y, lam).coef[0]
    pen_moved = rp.ridge(np.hstack([ones, X - X.mean(axis=0)]), y + shift, lam).coef[0]
    expected = weights_intercept_cases()["wrong_intercept_shift"](float(n), lam, shift)
    assert pen_moved - pen_base == pytest.approx(expected, abs=1e-8 * (1 + abs(shift)))


@prop(r"The least-squares datafit that `map_result` minimizes, with sample weights $s_i$, has the value of "
      r"`objective` (relative $10^{-12}$), the gradient $-2X^\top S(y - Xu)$ and the Hessian $2X^\top SX$ (relative "
      r"$10^{-12}$), evaluated directly and through its Gram matrix (`use_gram`) alike.",
      group="routes", checks=("objective", "map_result"))
def test_the_weighted_datafit_value_gradient_and_hessian():
    from regprior.datafits.quadratic import Quadratic

    rng = np.random.default_rng(21)
    X, y, u = rng.standard_normal((15, 3)), rng.standard_normal(15), rng.standard_normal(3)
    s = rng.uniform(0.5, 2.0, 15)
    for datafit in (Quadratic(X, y, sample_weight=s), Quadratic(X, y, sample_weight=s).use_gram()):
        assert datafit.value(u) == pytest.approx(rp.objective(X, y, u, sample_weight=s), rel=1e-12)
        np.testing.assert_allclose(datafit.gradient(u), -2 * X.T @ (s * (y - X @ u)), rtol=1e-12)
        np.testing.assert_allclose(datafit.hessian(u), 2 * X.T @ (s[:, None] * X), rtol=1e-12)
