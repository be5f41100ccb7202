"""Properties 1 and 4: the symbolic negative log-posterior against the numeric priors and solvers.

1. −log p(β | y, X) (lambdified from the derivation) minus factor × J(β) (J computed by NumPy
   with λ from ``Prior.penalty_strength``) is the same number at every β, and that number is the
   derivation's constant.
4. Minimizing the lambdified −log p directly with SciPy gives ``rp.map_estimate``: this checks the
   prior → λ mapping end to end.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize as so
import scipy.stats as ss
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.strategies import coefficient_vectors, powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import GAUSSIAN, LAPLACE, PRIOR_CASES, laplace_lifted, rss

cases = pytest.mark.parametrize("case", PRIOR_CASES, ids=lambda c: c.name)


@prop(r"For the Gaussian and the Laplace prior, the derived $-\log p(\beta\mid y, X)$ minus the derived factor "
      r"$\tfrac{1}{2\sigma^2}$ times $\lVert y - X\beta\rVert^2 + \lambda R(\beta)$, with $\lambda$ and $R$ from "
      r"the library's prior, is the derived constant at four drawn $\beta$ (to a relative $10^{-9}$ of the two "
      "large sides).",
      group="symbols",
      evaluates=("gaussian-l2:neg_log_posterior", "gaussian-l2:factor", "gaussian-l2:constant",
                 "laplace-l1:neg_log_posterior", "laplace-l1:factor", "laplace-l1:constant"),
      checks=("GaussianPrior.penalty_strength", "GaussianPrior.penalty", "LaplacePrior.penalty_strength",
              "LaplacePrior.penalty"))
@cases
@given(problem=problems(), noise=powers_of_ten(-2, 2), scale=powers_of_ten(-2, 2), data=st.data())
def test_neg_log_posterior_is_scaled_objective_plus_constant(case, problem, noise, scale, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    prior = case.prior_cls(scale)
    factor = case.factor(noise)
    constant = case.constant(n, p, noise, scale, 1.0)
    for _ in range(4):
        coef = data.draw(coefficient_vectors(p))
        nlp = case.neg_log_posterior(X, y, coef, n, p, noise, scale, 1.0)
        scaled = factor * (rss(X, y, coef) + prior.penalty(rp.priors.canonical_weight(noise)).value(coef - prior.mean))
        # The two sides are large numbers whose difference is the constant; allow for their rounding.
        assert nlp - scaled == pytest.approx(constant, rel=1e-9, abs=1e-9 * (abs(nlp) + abs(scaled)))


@prop(r"The library's `penalty_strength` is the derived $\lambda$ ($\sigma^2/\sigma_w^2$ for the Gaussian prior, "
      r"$2\sigma^2/b$ for the Laplace prior), and `from_penalty_strength` returns the derived scale $s(\lambda)$, "
      "which is the scale started from (relative $10^{-12}$).",
      group="symbols",
      evaluates=("gaussian-l2:lam", "gaussian-l2:scale_from_lam", "laplace-l1:lam", "laplace-l1:scale_from_lam"),
      checks=("GaussianPrior.penalty_strength", "GaussianPrior.from_penalty_strength", "LaplacePrior.penalty_strength",
              "LaplacePrior.from_penalty_strength"))
@cases
@given(scale=powers_of_ten(-2, 2), noise=powers_of_ten(-2, 2))
def test_symbolic_lambda_matches_numeric_prior_both_ways(case, scale, noise):
    lam = case.prior_cls(scale).penalty_strength(noise)
    assert lam == pytest.approx(case.lam(noise, scale), rel=1e-12)
    back = case.prior_cls.from_penalty_strength(lam, noise)
    assert back.scale == pytest.approx(case.scale_from_lam(noise, lam), rel=1e-12)
    assert back.scale == pytest.approx(scale, rel=1e-12)


@prop("The library's Gaussian and Laplace negative log-densities equal those of `scipy.stats.norm` and "
      r"`scipy.stats.laplace` to a relative $10^{-12}$ (the Laplace one where $|\beta|/b < 700$, where SciPy's own "
      "value is accurate).",
      group="symbols", checks=("GaussianPrior.neg_log_density", "LaplacePrior.neg_log_density"),
      against="scipy.stats")
@given(coef=st.integers(1, 8).flatmap(coefficient_vectors), scale=powers_of_ten(-2, 2))
def test_prior_densities_match_scipy_stats(coef, scale):
    assert rp.GaussianPrior(scale).neg_log_density(coef) == pytest.approx(
        -ss.norm(0, scale).logpdf(coef).sum(), rel=1e-12
    )
    # scipy.stats.laplace.logpdf goes through exp(-|x|/b), which is subnormal beyond |x|/b ~ 708 and
    # then loses digits; compare only where scipy's own value is accurate (the symbolic comparison in
    # test_symbolic_posterior_is_scipy_likelihood_times_prior has no such limit).
    accurate = coef[np.abs(coef) / scale < 700]
    assert rp.LaplacePrior(scale).neg_log_density(accurate) == pytest.approx(
        -ss.laplace(0, scale).logpdf(accurate).sum(), rel=1e-12
    )


@prop(r"For the Gaussian and the Laplace prior, the derived $-\log p(\beta\mid y, X)$ (with $Z = 1$) is the "
      "negative log-likelihood from `scipy.stats.norm` plus the library prior's negative log-density.",
      group="symbols", evaluates=("gaussian-l2:neg_log_posterior", "laplace-l1:neg_log_posterior"),
      checks=("GaussianPrior.neg_log_density", "LaplacePrior.neg_log_density"), against="scipy.stats")
@cases
@given(problem=problems(max_n=6, max_p=6), noise=powers_of_ten(-1, 1), scale=powers_of_ten(-1, 1), data=st.data())
def test_symbolic_posterior_is_scipy_likelihood_times_prior(case, problem, noise, scale, data):
    """The symbolic −log posterior (with Z = 1) is −log likelihood − log prior evaluated by scipy.stats."""
    X, y = problem.X, problem.y
    n, p = X.shape
    coef = data.draw(coefficient_vectors(p))
    prior = case.prior_cls(scale)
    expected = -ss.norm(X @ coef, noise).logpdf(y).sum() + prior.neg_log_density(coef)
    got = case.neg_log_posterior(X, y, coef, n, p, noise, scale, 1.0)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def _minimize_gaussian(X, y, noise, scale):
    n, p = X.shape
    f = lambda c: GAUSSIAN.neg_log_posterior(X, y, c, n, p, noise, scale, 1.0)
    g = lambda c: np.array([GAUSSIAN.gradient(X, y, c, n, p, noise, scale, 1.0, k) for k in range(1, p + 1)])
    res = so.minimize(f, np.zeros(p), jac=g, method="BFGS", options={"gtol": 1e-10, "maxiter": 10_000})
    return res.x, f


def _minimize_laplace(X, y, noise, scale):
    n, p = X.shape
    value, d_u, d_v = laplace_lifted()
    args = (n, p, noise, scale, 1.0)

    def fun(w):
        u, v = w[:p], w[p:]
        grad = ([d_u(X, y, u, v, *args, k) for k in range(1, p + 1)]
                + [d_v(X, y, u, v, *args, k) for k in range(1, p + 1)])
        return value(X, y, u, v, *args), np.array(grad)

    # L-BFGS-B stops on a relative decrease of f; restarting it from its own answer (which resets its
    # curvature memory) polishes the solution until a restart no longer lowers f.
    w, best = np.zeros(2 * p), np.inf
    for _ in range(8):
        res = so.minimize(fun, w, jac=True, method="L-BFGS-B", bounds=[(0, None)] * (2 * p),
                          options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20_000, "maxcor": 30})
        if not res.fun < best:
            break
        w, best = res.x, res.fun
    nlp = lambda c: LAPLACE.neg_log_posterior(X, y, c, n, p, noise, scale, 1.0)
    return w[:p] - w[p:], nlp


@prop(r"For the Gaussian and the Laplace prior, `map_estimate` attains a symbolic $-\log p(\beta\mid y, X)$ no "
      "higher than SciPy's minimizer of it (up to rounding) and agrees with that minimizer (relative $10^{-4}$): "
      r"BFGS with the derived gradient for the Gaussian prior, L-BFGS-B on the split $\beta = u - v$, "
      r"$u, v \ge 0$, for the Laplace prior.",
      group="routes",
      evaluates=("gaussian-l2:neg_log_posterior", "gaussian-l2:gradient", "laplace-l1:neg_log_posterior"),
      checks=("map_estimate",), against="scipy.optimize on the lambdified −log posterior")
@cases
@given(problem=well_posed_problems(), noise=powers_of_ten(-1, 0), scale=powers_of_ten(-1, 1))
def test_map_estimate_minimizes_the_symbolic_neg_log_posterior(case, problem, noise, scale):
    X, y = problem.X, problem.y
    prior = case.prior_cls(scale)
    ours = rp.map_estimate(X, y, prior, noise, **({"tol": 1e-14} if case is LAPLACE else {}))
    direct, nlp = (_minimize_gaussian if case is GAUSSIAN else _minimize_laplace)(X, y, noise, scale)
    # rp's answer is at least as good as the independent optimizer's (up to rounding) ...
    assert nlp(ours) <= nlp(direct) + 1e-10 * (1 + abs(nlp(direct)))
    # ... and, the minimizer being unique here, the two agree.
    np.testing.assert_allclose(ours, direct, rtol=1e-4, atol=1e-5 * (1 + np.abs(direct).max()))
