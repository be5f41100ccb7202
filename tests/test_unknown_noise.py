"""Unknown noise variance: joint MAP, the normal-inverse-gamma posterior and evidence maximization.

Each numeric routine is checked against the formulas its derivation recorded (compiled, not retyped) and
against an independent route: a generic optimizer on the derived objective, quadrature of the joint
posterior built from scipy.stats densities, the Gaussian marginal density of y, and scikit-learn's
BayesianRidge.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import mpmath
import numpy as np
import pytest
import scipy.optimize as so
import scipy.stats as ss
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.linear_model import BayesianRidge, Ridge

import regprior as rp
from derivations import evidence, joint_map_noise, normal_inverse_gamma
from derivations._noise_models import a0 as a0s, b0 as b0s, v as vs
from regprior.symbolic.numeric import lambdify_indexed
from regprior.symbolic.symbols import X as Xs, beta as betas, n as ns, p as ps, sigma as sigmas, sigma_w as sws, y as ys
from tests.properties import prop
from tests.strategies import Problem, examples, powers_of_ten, well_posed_problems
from tests.symbolic_cases import ridge_gradient

noise_priors = st.one_of(st.none(), st.builds(rp.InverseGammaPrior, st.floats(0.0, 5.0), powers_of_ten(-2, 1)))


@st.composite
def signal_problems(draw, max_p: int = 4):
    """A clear linear signal in noise (so that the evidence has an interior maximum)."""
    p = draw(st.integers(1, max_p))
    n = draw(st.integers(p + 8, p + 30))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((n, p)) * draw(powers_of_ten(-1, 1))
    coef = rng.choice([-1.0, 1.0], p) * rng.uniform(0.5, 2.0, p) / np.linalg.norm(X, axis=0) * np.sqrt(n)
    y = X @ coef + draw(powers_of_ten(-2, -1)) * rng.standard_normal(n)
    return X, y


# -- joint MAP ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _joint():
    res = joint_map_noise.derivation().results
    args = (Xs, ys, betas, ns, ps, a0s, b0s)
    return {
        "noise_step": lambdify_indexed(args, res["noise_step"]),
        "wrong_noise_step": lambdify_indexed(args, res["wrong_noise_step"]),
        "objective": lambdify_indexed(args + (vs, sws), res["objective"]),
        "lam": sp.lambdify([sigmas, sws], res["lam"]),
    }


def _a0_b0(noise_prior):
    return (-1.0, 0.0) if noise_prior is None else (noise_prior.shape, noise_prior.scale)


@prop(r"The joint MAP of $(\beta, \sigma^2)$ is a fixed point of the derived steps: $\hat\sigma^2$ is "
      r"$\bigl(2b_0 + \lVert y - X\hat\beta\rVert^2\bigr)/(2a_0 + n + 2)$ at $\hat\beta$, and $\hat\beta$ zeroes "
      r"the derived ridge gradient at $\lambda = \hat\sigma^2/\sigma_w^2$; the reported objective is the derived "
      r"one, which BFGS over $(\beta, \log\sigma^2)$ does not beat; with a noise prior, the step that drops the "
      r"$\sigma$-dependent normalizer gives a different $\hat\sigma^2$.",
      group="optimality",
      evaluates=("joint-map-noise:noise_step", "joint-map-noise:lam", "joint-map-noise:objective",
                 "joint-map-noise:wrong_noise_step", "ridge-solution:gradient"), checks=("joint_map",),
      against="scipy.optimize (BFGS) on the derived objective")
@given(problem=well_posed_problems(max_p=4), scale=powers_of_ten(-1, 1), noise_prior=noise_priors)
def test_joint_map_is_the_derived_fixed_point_and_a_minimum(problem, scale, noise_prior):
    X, y = problem.X, problem.y
    n, p = X.shape
    a0, b0 = _a0_b0(noise_prior)
    fit = rp.joint_map(X, y, rp.GaussianPrior(scale), noise_prior, tol=1e-13, max_iter=10_000)
    f = _joint()
    # sigma^2 is the derived sigma^2-step at the returned beta ...
    assert fit.noise_var == pytest.approx(f["noise_step"](X, y, fit.coef, n, p, a0, b0), rel=1e-9)
    # ... and beta zeroes the derived ridge gradient at the derived lambda(sigma^2)
    lam = f["lam"](np.sqrt(fit.noise_var), scale)
    assert lam == pytest.approx(fit.lam, rel=1e-12)
    grad = np.array([ridge_gradient()(X, y, fit.coef, n, p, lam, k) for k in range(1, p + 1)])
    assert np.abs(grad).max() <= 1e-8 * (np.linalg.norm(X) ** 2 + lam) * (1 + np.abs(fit.coef).max())
    # an independent optimizer on the derived objective, over (beta, log sigma^2), does no better
    obj = lambda w: f["objective"](X, y, w[:p], n, p, a0, b0, np.exp(w[p]), scale)
    ours = obj(np.r_[fit.coef, np.log(fit.noise_var)])
    assert ours == pytest.approx(fit.objective, rel=1e-9, abs=1e-9)  # the derived objective is what it reports
    other = so.minimize(obj, np.r_[np.zeros(p), np.log(np.var(y) + 1e-12)], method="BFGS",
                        options={"gtol": 1e-10, "maxiter": 5000})
    assert ours <= other.fun + 1e-7 * (1 + abs(other.fun))
    # dropping the sigma-dependent normalizer (E6) would give a different sigma^2-step
    if noise_prior is not None:
        wrong = f["wrong_noise_step"](X, y, fit.coef, n, p, a0, b0)
        assert not np.isclose(wrong, fit.noise_var, rtol=1e-3)


@prop("With $p > n$ (an exact fit exists) `joint_map` raises `ValueError` ('no maximum') without a noise prior "
      r"and with the Jeffreys prior $\mathrm{IG}(0, 0)$, and converges to $\hat\sigma^2 > 0$ with the proper "
      r"$\mathrm{IG}(2, 0.5)$.",
      group="inputs", checks=("joint_map", "InverseGammaPrior"))
def test_joint_map_refuses_an_unbounded_posterior_and_accepts_a_proper_noise_prior():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((5, 8)), rng.standard_normal(5)  # p > n: an exact fit exists
    with pytest.raises(ValueError, match="no maximum"):
        rp.joint_map(X, y, rp.GaussianPrior(1.0))
    with pytest.raises(ValueError, match="no maximum"):
        rp.joint_map(X, y, rp.GaussianPrior(1.0), rp.InverseGammaPrior(0.0, 0.0))  # Jeffreys: still b0 = 0
    fit = rp.joint_map(X, y, rp.GaussianPrior(1.0), rp.InverseGammaPrior(2.0, 0.5))
    assert fit.converged and fit.noise_var > 0


@prop(r"Without a noise prior, `joint_map` calls data fitted exactly when the least-squares residual is at most "
      r"$10^{-10}\lVert y\rVert$: a residual of $10^{-11}\lVert y\rVert$ (or 0) is refused ('no maximum'), one of "
      r"$10^{-9}\lVert y\rVert$ is a proper problem whose maximum it finds ($\hat\sigma^2 > 0$, converged), so the "
      r"threshold is on the residual's norm and not on its square.",
      group="inputs", checks=("joint_map",))
@pytest.mark.parametrize("relative, refused", [(0.0, True), (1e-11, True), (1e-9, False), (1e-6, False)])
def test_joint_map_exact_fit_threshold_is_on_the_residual_norm(relative, refused):
    rng = np.random.default_rng(11)
    X = rng.standard_normal((20, 3))
    fitted = X @ np.array([1.0, -2.0, 0.5])
    noise = rng.standard_normal(20)
    noise -= X @ np.linalg.lstsq(X, noise)[0]  # orthogonal to the columns: the least-squares residual itself
    y = fitted + relative * np.linalg.norm(fitted) / np.linalg.norm(noise) * noise
    if refused:
        with pytest.raises(ValueError, match="no maximum"):
            rp.joint_map(X, y, rp.GaussianPrior(1.0))
    else:
        fit = rp.joint_map(X, y, rp.GaussianPrior(1.0))
        assert fit.converged and 0.0 < fit.noise_var < np.inf


@prop("Stopped after one iteration, `joint_map` warns with a `ConvergenceWarning` quoting the relative change of "
      "the noise variance and returns `converged=False`.",
      group="inputs", checks=("joint_map", "ConvergenceWarning"))
def test_joint_map_warns_when_stopped_early():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((30, 3))
    y = X @ np.ones(3) + rng.standard_normal(30)
    with pytest.warns(rp.ConvergenceWarning, match="relative change of the noise variance"):
        fit = rp.joint_map(X, y, rp.GaussianPrior(1.0), max_iter=1)
    assert not fit.converged


@prop(r"With a prior mean $\theta_0$, per-coefficient scales $s_j$, an intercept and an $\mathrm{IG}(a_0, b_0)$ noise "
      r"prior, `joint_map` returns the ridge solution toward $\theta_0$ at $\lambda_j = \hat\sigma^2/s_j^2$ (closed "
      r"form on the centred data, relative $10^{-8}$), $\hat\sigma^2 = (\lVert y - \hat\beta_0 - X\hat\beta\rVert^2 "
      r"+ 2b_0)/(n + 2a_0 + 2)$, and the objective of its Notes at that point.",
      group="optimality", checks=("joint_map",), against="closed-form ridge toward the prior mean")
def test_joint_map_with_a_prior_mean_and_an_intercept_is_the_closed_form_fixed_point():
    rng = np.random.default_rng(21)
    n, p = 25, 3
    X = rng.standard_normal((n, p))
    y = 4.0 + X @ np.array([1.0, -0.5, 2.0]) + 0.4 * rng.standard_normal(n)
    theta0, scales = np.array([0.5, 0.5, -1.0]), np.array([0.3, 1.0, 0.2])
    for noise_prior, (a0, b0) in ((None, (-1.0, 0.0)), (rp.InverseGammaPrior(3.0, 0.7), (3.0, 0.7))):
        fit = rp.joint_map(X, y, rp.GaussianPrior(scales, mean=theta0), noise_prior, fit_intercept=True, tol=1e-14)
        lam = fit.noise_var / scales**2
        np.testing.assert_allclose(fit.lam, lam, rtol=1e-12)
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        coef = np.linalg.solve(Xc.T @ Xc + np.diag(lam), Xc.T @ yc + lam * theta0)
        np.testing.assert_allclose(fit.coef, coef, rtol=1e-8)
        assert fit.intercept == pytest.approx(y.mean() - X.mean(axis=0) @ coef, rel=1e-8)
        rss = float(np.sum((y - fit.intercept - X @ coef) ** 2))
        assert fit.noise_var == pytest.approx((rss + 2 * b0) / (n + 2 * a0 + 2), rel=1e-8)
        objective = ((n / 2 + a0 + 1) * np.log(fit.noise_var) + (rss + 2 * b0) / (2 * fit.noise_var)
                     + np.sum((coef - theta0) ** 2 / (2 * scales**2)))
        assert fit.objective == pytest.approx(objective, rel=1e-9)


@prop(r"`joint_map` starts at `noise_var_init` $\sigma_0^2$, by default the mean square of the centred response "
      r"(1 when that is 0): one iteration returns $(\lVert y - \hat\beta_0 - X\beta(\sigma_0^2)\rVert^2 + "
      r"2b_0)/(n + 2a_0 + 2)$, $\beta(\sigma_0^2)$ the closed-form ridge at $\sigma_0^2/s^2$ (relative $10^{-9}$).",
      group="inputs", checks=("joint_map",), against="closed-form ridge")
def test_joint_map_one_iteration_from_its_starting_noise_variance():
    rng = np.random.default_rng(22)
    n, p, scale = 20, 2, 0.5
    X = rng.standard_normal((n, p))
    Xc = X - X.mean(axis=0)

    def one_step(y, start, theta0, a0, b0):
        lam = start / scale**2
        coef = np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T @ (y - y.mean()) + lam * theta0)
        r = y - y.mean() - Xc @ coef
        return (r @ r + 2 * b0) / (n + 2 * a0 + 2)

    y = 2.0 + X @ np.array([1.0, -1.0]) + rng.standard_normal(n)
    constant = np.full(n, 2.0)  # centred: 0, so the default start is 1
    theta0 = np.array([3.0, -2.0])
    cases = [(y, 0.37, None), (y, None, None), (constant, None, rp.InverseGammaPrior(1.0, 0.2)),
             (constant, 1.0, rp.InverseGammaPrior(1.0, 0.2))]
    for response, start, noise_prior in cases:
        a0, b0 = (-1.0, 0.0) if noise_prior is None else (noise_prior.shape, noise_prior.scale)
        expected = one_step(response, np.mean((response - response.mean()) ** 2) or 1.0 if start is None else start,
                            theta0, a0, b0)
        with pytest.warns(rp.ConvergenceWarning):
            fit = rp.joint_map(X, response, rp.GaussianPrior(scale, mean=theta0), noise_prior, fit_intercept=True,
                               noise_var_init=start, max_iter=1)
        assert fit.n_iter == 1 and fit.noise_var == pytest.approx(expected, rel=1e-9)


@prop("`joint_map`'s refusals and warning read in full: a prior without a quadratic penalty is named; data a linear "
      "fit reproduces exactly (affine data with an intercept, or $y = 0$) are refused without a noise prior's scale; "
      r"the `ConvergenceWarning` names `joint_map`; and a mode $\hat\sigma^2$ that underflows to 0 ($y = 0$, a "
      r"subnormal $b_0$) is refused, naming `noise_prior`.",
      group="inputs", checks=("joint_map", "ConvergenceWarning"))
def test_joint_map_messages_read_in_full():
    rng = np.random.default_rng(23)
    X = rng.standard_normal((15, 2))
    with pytest.raises(TypeError) as info:
        rp.joint_map(X, X[:, 0], rp.LaplacePrior(1.0))
    assert str(info.value) == ("prior must have a quadratic penalty with scales not tied to the noise (a "
                               "GaussianPrior); got LaplacePrior")
    exact = ("X and y: the data are fitted exactly by a linear model, so with no inverse-gamma scale (b0 = 0) the "
             "joint posterior grows without bound as sigma^2 -> 0 and has no maximum; pass "
             "noise_prior=InverseGammaPrior(a0, b0) with b0 > 0")
    for y, intercept in ((5.0 + X @ np.array([1.0, 2.0]), True), (np.zeros(15), False)):
        with pytest.raises(ValueError) as info:
            rp.joint_map(X, y, rp.GaussianPrior(1.0), fit_intercept=intercept)
        assert str(info.value) == exact
    with pytest.warns(rp.ConvergenceWarning) as record:
        rp.joint_map(X, X[:, 0] + rng.standard_normal(15), rp.GaussianPrior(1.0), max_iter=1)
    assert re.fullmatch(r"joint_map: the relative change of the noise variance is [0-9.e+-]+ after 1 iterations, "
                        r"above tol = 1e-10", str(record[0].message)), str(record[0].message)
    # the mode 2 b0 / (n + 2 a0 + 2) of y = 0 under a subnormal b0 underflows: refused, not returned as sigma^2 = 0
    with pytest.raises(ValueError) as info:
        rp.joint_map(X, np.zeros(15), rp.GaussianPrior(1.0), rp.InverseGammaPrior(1.0, 5e-324))
    assert str(info.value) == ("noise_prior: the noise variance underflows to 0 (the scale b0 and the residuals are "
                               "below the floating-point range), so the joint mode cannot be represented; rescale y "
                               "and b0")


# -- normal-inverse-gamma ----------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _nig():
    res = normal_inverse_gamma.derivation().results
    a_n, b_n = res["mode_symbols"]
    return {
        "lam": sp.lambdify([res["v0"]], res["lam"]),
        "wrong_lam": sp.lambdify([sigmas, res["v0"]], res["wrong_lam"]),
        "a_n": sp.lambdify([a0s, ns], res["a_n"]),
        "df": sp.lambdify([a_n], res["df"]),
        "t_scale": sp.lambdify([a_n, b_n], res["t_scale"]),
        "joint_noise_mode": sp.lambdify([a0s, ns, ps, b_n], res["joint_noise_mode"]),
        "marginal_noise_mode": sp.lambdify([a_n, b_n], res["marginal_noise_mode"]),
    }


def _completed_square(X, y, v0, theta0, b0, mean):
    r"""b_n from the other side of the completed square, :math:`b_0 + \tfrac12(y^\top y + \theta_0^\top V_0^{-1}\theta_0
    - m^\top V_n^{-1} m)`, and :math:`V_n^{-1} = X^\top X + V_0^{-1}`, computed directly (v0: one prior variance or
    one per coefficient)."""
    Vn_inv = X.T @ X + np.diag(np.broadcast_to(1.0 / np.asarray(v0, dtype=float), X.shape[1]))
    return b0 + 0.5 * (y @ y + theta0 @ (theta0 / v0) - mean @ Vn_inv @ mean), Vn_inv


@prop(r"The normal-inverse-gamma posterior's mean is ridge at the derived $\lambda = 1/v_0$ with the prior mean "
      r"(not $\sigma^2/v_0$); $a_n = a_0 + n/2$ as derived, and $b_n$ and $V_n$ agree with the completed square "
      "computed directly; the coefficient marginal is the derived Student $t$ with $2a_n$ degrees of freedom and "
      r"scale $(b_n/a_n)V_n$; and the joint mode of $\sigma^2$, $2b_n/(2a_0 + n + p + 2)$, lies below the marginal "
      "mode $b_n/(a_n + 1)$, both as derived.",
      group="routes",
      evaluates=("normal-inverse-gamma:lam", "normal-inverse-gamma:wrong_lam", "normal-inverse-gamma:a_n",
                 "normal-inverse-gamma:df", "normal-inverse-gamma:t_scale", "normal-inverse-gamma:joint_noise_mode",
                 "normal-inverse-gamma:marginal_noise_mode"),
      checks=("nig_posterior", "ridge", "NIGPosterior.coef_marginal", "NIGPosterior.joint_mode",
              "NIGPosterior.noise_var_mode"))
@given(problem=well_posed_problems(max_p=4), v0=powers_of_ten(-2, 2), shape=st.floats(0.5, 5.0),
       scale=powers_of_ten(-2, 1), shift=st.floats(-1, 1))
def test_nig_posterior_matches_the_derived_closed_form(problem, v0, shape, scale, shift):
    X, y = problem.X, problem.y
    n, p = X.shape
    theta0 = np.full(p, shift)
    post = rp.nig_posterior(X, y, v0, rp.InverseGammaPrior(shape, scale), prior_mean=theta0)
    f = _nig()
    # the beta-mode is ridge at the derived lambda = 1/v0, whatever sigma^2 is
    assert post.lam == pytest.approx(f["lam"](v0))
    np.testing.assert_allclose(post.mean, rp.ridge(X, y, f["lam"](v0), prior_mean=theta0).coef, rtol=1e-10,
                               atol=1e-12)
    assert post.shape == pytest.approx(f["a_n"](shape, n))
    other, Vn_inv = _completed_square(X, y, v0, theta0, scale, post.mean)
    assert post.scale == pytest.approx(other, rel=1e-7, abs=1e-9 * (y @ y + theta0 @ theta0 / v0))
    np.testing.assert_allclose(post.cov_factor @ Vn_inv, np.eye(p), atol=1e-8 * np.linalg.cond(Vn_inv))
    # the marginal t: degrees of freedom and scale from the derivation
    t = post.coef_marginal()
    assert t.df == pytest.approx(f["df"](post.shape))
    np.testing.assert_allclose(t.shape, f["t_scale"](post.shape, post.scale) * post.cov_factor, rtol=1e-12)
    # the two modes of sigma^2
    _, joint_var = post.joint_mode()
    assert joint_var == pytest.approx(f["joint_noise_mode"](shape, n, p, post.scale), rel=1e-12)
    assert post.noise_var_mode() == pytest.approx(f["marginal_noise_mode"](post.shape, post.scale), rel=1e-12)
    assert joint_var < post.noise_var_mode()
    assert not np.isclose(f["wrong_lam"](1.7, v0), f["lam"](v0))  # lambda is not sigma^2 / v0


@prop(r"With per-coefficient prior variances $V_0 = \operatorname{diag}(v_0)$ and a prior mean (a `GaussianPrior` "
      r"of $\beta/\sigma$ with scales $\sqrt{v_{0j}}$), the normal-inverse-gamma posterior is the derived one: its "
      r"mean is ridge at the derived $\lambda_j = 1/v_{0j}$ toward $\theta_0$, $a_n$ as derived, $b_n$ and $V_n$ "
      r"from the completed square, and `coef_marginal` is the Student $t$ located at that mean with the derived $2a_n$ "
      r"degrees of freedom and scale $(b_n/a_n)V_n$.",
      group="routes", evaluates=("normal-inverse-gamma:lam", "normal-inverse-gamma:a_n", "normal-inverse-gamma:df",
                                 "normal-inverse-gamma:t_scale"),
      checks=("nig_posterior", "NIGPosterior.coef_marginal"))
def test_nig_posterior_with_per_coefficient_prior_variances():
    rng = np.random.default_rng(3)
    n, p, a0, b0 = 12, 3, 2.5, 1.5
    X = rng.standard_normal((n, p))
    y = X @ np.array([3.0, -2.0, 4.0]) + 0.5 * rng.standard_normal(n)
    v0, theta0 = np.array([0.5, 2.0, 1.0]), np.array([2.0, -1.0, 3.0])
    post = rp.nig_posterior(X, y, rp.GaussianPrior(np.sqrt(v0), mean=theta0), rp.InverseGammaPrior(a0, b0))
    f = _nig()
    np.testing.assert_allclose(post.mean, rp.ridge(X, y, f["lam"](v0), prior_mean=theta0).coef, rtol=1e-12)
    assert post.shape == pytest.approx(f["a_n"](a0, n), rel=1e-15)
    other, Vn_inv = _completed_square(X, y, v0, theta0, b0, post.mean)
    assert post.scale == pytest.approx(other, rel=1e-10)
    np.testing.assert_allclose(post.cov_factor @ Vn_inv, np.eye(p), atol=1e-12 * np.linalg.cond(Vn_inv))
    t = post.coef_marginal()
    np.testing.assert_array_equal(t.loc, post.mean)
    assert t.df == pytest.approx(f["df"](post.shape), rel=1e-15)
    np.testing.assert_allclose(t.shape, f["t_scale"](post.shape, post.scale) * post.cov_factor, rtol=1e-12)


@prop("For $p = 1$, integrating likelihood "
      r"$\times\ \mathcal N(\beta;\, \theta_0, \sigma^2 v_0) \times \mathrm{IG}(\sigma^2;\, a_0, b_0)$, all from "
      r"`scipy.stats`, over a fine grid in $(\beta, \log\sigma^2)$ reproduces the mean and variance of $\beta$ "
      r"and the mean of $\sigma^2$ that the closed-form marginals give (relative $10^{-7}$).",
      group="routes", checks=("nig_posterior", "NIGPosterior.coef_marginal", "NIGPosterior.noise_var_mode"),
      against="quadrature (trapezoid rule) of the joint posterior built from scipy.stats densities")
@pytest.mark.parametrize("seed", [0, 1])
def test_nig_marginals_match_quadrature_of_the_joint_posterior(seed):
    """p = 1: integrate likelihood x N(beta; theta0, sigma^2 v0) x IG(sigma^2; a0, b0), built from scipy.stats,
    over (beta, sigma^2) and compare the moments with the closed-form marginals."""
    rng = np.random.default_rng(seed)
    n, v0, a0, b0, theta0 = 6, 2.0, 3.0, 0.5, 0.3
    x = rng.standard_normal(n)
    y = 0.8 * x + 0.5 * rng.standard_normal(n)
    post = rp.nig_posterior(x[:, None], y, v0, rp.InverseGammaPrior(a0, b0), prior_mean=theta0)

    # a fine grid in (beta, u = log sigma^2): the integrand is smooth and decays fast in both, so the
    # trapezoid rule is accurate far beyond the tolerances below
    sd_beta = np.sqrt(post.cov_factor[0, 0] * post.scale / post.shape)
    beta = post.mean[0] + sd_beta * np.linspace(-40, 40, 1601)
    u = np.log(post.noise_var_mode()) + np.linspace(-12, 12, 1601)
    B, V = np.meshgrid(beta, np.exp(u), indexing="ij")
    log_joint = (ss.norm.logpdf(y[:, None, None], x[:, None, None] * B, np.sqrt(V)).sum(axis=0)
                 + ss.norm.logpdf(B, theta0, np.sqrt(V * v0)) + ss.invgamma.logpdf(V, a0, scale=b0))
    dens = np.exp(log_joint - log_joint.max()) * V  # d sigma^2 = sigma^2 du

    def moment(g):
        return np.trapezoid(np.trapezoid(g * dens, u, axis=1), beta)

    z = moment(1.0)
    mean_beta = moment(B) / z
    var_beta = moment((B - mean_beta) ** 2) / z
    mean_var = moment(V) / z
    t = post.coef_marginal()
    assert mean_beta == pytest.approx(post.mean[0], rel=1e-8)
    assert var_beta == pytest.approx(t.shape[0, 0] * t.df / (t.df - 2), rel=1e-7)
    assert mean_var == pytest.approx(post.scale / (post.shape - 1), rel=1e-7)


# -- evidence ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _evidence():
    res = evidence.derivation().results
    args = (ns, ps, evidence.alpha, evidence.tau, evidence.R, evidence.M, evidence.d_eig)
    return {name: lambdify_indexed(args, res[name]) for name in ("log_evidence", "alpha_update", "tau_update")} | {
        "lam": sp.lambdify([evidence.alpha, evidence.tau], res["lam"]),
        "wrong_lam": sp.lambdify([evidence.alpha, evidence.tau], res["wrong_lam"]),
    }


def _symbolic_args(X, y, alpha, tau):
    n, p = X.shape
    d = np.linalg.eigvalsh(X.T @ X).clip(min=0)
    m = rp.ridge(X, y, alpha / tau).coef
    r = y - X @ m
    return (n, p, alpha, tau, r @ r, m @ m, d)


def _gaussian_log_density(y, cov_of) -> float:
    """log N(y; 0, S) in 50-digit arithmetic, S = cov_of(mpmath) built from the float inputs exactly.

    scipy.stats.multivariate_normal works in float64, where I/tau + X X^T/alpha with a condition number of 1e8 (X
    of size 80, tau = 300) loses 8 digits: it was 1.6e-8 relative off, regprior and the derived formula were right.
    """
    with mpmath.workdps(50):
        S = cov_of(mpmath)
        Y = mpmath.matrix([mpmath.mpf(float(v)) for v in y])
        quadratic = (Y.T * mpmath.lu_solve(S, Y))[0]
        return float(-(len(y) * mpmath.log(2 * mpmath.pi) + mpmath.log(mpmath.det(S)) + quadratic) / 2)


def _marginal_covariance(X, alpha, tau):
    """I/tau + X X^T/alpha as a function of the mpmath module (entries from the float inputs, exactly)."""
    n, p = X.shape

    def build(mp):
        a, t = mp.mpf(float(alpha)), mp.mpf(float(tau))
        return mp.matrix([[mp.fsum(mp.mpf(float(X[i, k])) * mp.mpf(float(X[j, k])) for k in range(p)) / a
                           + (1 / t if i == j else 0) for j in range(n)] for i in range(n)])

    return build


@prop(r"The log evidence from `log_evidence` and from the derived formula (in the eigenvalues of $X^\top X$ and "
      r"the ridge fit at $\alpha/\tau$) both equal the log-density of $y$ under "
      r"$\mathcal N(0, I/\tau + XX^\top/\alpha)$, computed with 50 digits (relative $10^{-8}$).",
      group="symbols", evaluates=("evidence:log_evidence",), checks=("log_evidence", "ridge"),
      against="the Gaussian log-density in mpmath (50 digits)")
@given(problem=well_posed_problems(max_p=5), alpha=powers_of_ten(-2, 2), tau=powers_of_ten(-2, 2))
# an ill-conditioned covariance, where scipy.stats' float64 log-density was the one 1.6e-8 off
@example(problem=Problem(np.array([[-77.47413686], [18.30244812], [-59.41006062]]),
                         np.array([7.63144158, -1.13876579, 4.97830681]), "gaussian"), alpha=0.1, tau=300.0)
def test_log_evidence_is_the_gaussian_marginal_density_of_y(problem, alpha, tau):
    X, y = problem.X, problem.y
    direct = _gaussian_log_density(y, _marginal_covariance(X, alpha, tau))
    ours = rp.log_evidence(X, y, alpha, tau)
    derived = _evidence()["log_evidence"](*_symbolic_args(X, y, alpha, tau))
    assert ours == pytest.approx(direct, rel=1e-8, abs=1e-8)
    assert derived == pytest.approx(direct, rel=1e-8, abs=1e-8)


@prop("`evidence_ridge` converges to a fixed point of the derived re-estimation equations for the precisions "
      r"$\alpha$ and $\tau$ (relative $10^{-9}$), with $\lambda = \alpha/\tau$, where central differences of "
      r"`log_evidence` in $\log\alpha$ and $\log\tau$ vanish; scikit-learn's `BayesianRidge` without hyperpriors "
      "finds the same precisions, coefficients and log evidence. Where the signal is too weak for an interior "
      r"maximum and `evidence_ridge` refuses the data, `BayesianRidge` drives $\alpha$ up too, its coefficients "
      r"to below $10^{-6}$ of least squares'.",
      group="optimality", evaluates=("evidence:alpha_update", "evidence:tau_update", "evidence:lam"),
      checks=("evidence_ridge", "log_evidence"), against="scikit-learn BayesianRidge")
@examples(ci=15)
@given(problem=signal_problems())
# noise 0.7 on a signal of about 1 per sample (least squares explains a third of ||y||^2): no interior maximum
@example(problem=(np.array([[-0.39186984, 0.0499204], [-0.16519017, -0.16796939], [0.06261588, -0.22571108],
                            [0.29692277, -0.04889286], [0.56806968, -0.65703215], [-0.36065999, -0.85608305],
                            [-1.66996132, -2.23249938], [0.06011967, -0.83050892], [-0.75513702, -0.58071411],
                            [0.41772362, 0.56780857]]),
                  np.array([0.80824291, 0.08657608, -1.50680622, -1.35854981, -0.69426673, 0.69644401, -0.44304545,
                            -1.3134625, 0.58799384, -0.83764456])))
def test_evidence_ridge_is_a_stationary_point_and_matches_bayesian_ridge(problem):
    X, y = problem
    br = BayesianRidge(alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0, fit_intercept=False, tol=1e-14,
                       max_iter=20_000, compute_score=True).fit(X, y)
    try:
        fit = rp.evidence_ridge(X, y, tol=1e-13, max_iter=20_000)
    except ValueError as refusal:
        # The draw's noise (up to 1 per sample) can hide the signal; the refusal must then be right: the same
        # re-estimation in scikit-learn lets the weight precision grow without bound and the coefficients vanish.
        assert "no interior maximum" in str(refusal)
        least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
        assert np.abs(br.coef_).max() <= 1e-6 * np.abs(least_squares).max()
        return
    assert fit.converged
    args = _symbolic_args(X, y, fit.weight_precision, fit.noise_precision)
    f = _evidence()
    # a fixed point of the derived re-estimation equations
    assert f["alpha_update"](*args) == pytest.approx(fit.weight_precision, rel=1e-9)
    assert f["tau_update"](*args) == pytest.approx(fit.noise_precision, rel=1e-9)
    assert fit.lam == pytest.approx(f["lam"](fit.weight_precision, fit.noise_precision))
    # ... and a stationary point of the evidence itself (central differences in log-precision)
    h = 1e-4
    for direction in ((1, 0), (0, 1)):
        up = rp.log_evidence(X, y, fit.weight_precision * np.exp(h * direction[0]),
                             fit.noise_precision * np.exp(h * direction[1]))
        down = rp.log_evidence(X, y, fit.weight_precision * np.exp(-h * direction[0]),
                               fit.noise_precision * np.exp(-h * direction[1]))
        assert abs(up - down) / (2 * h) <= 1e-5 * (1 + abs(fit.log_evidence))
    # scikit-learn's BayesianRidge without hyperpriors runs the same iteration (names swapped)
    assert br.alpha_ == pytest.approx(fit.noise_precision, rel=1e-6)
    assert br.lambda_ == pytest.approx(fit.weight_precision, rel=1e-6)
    np.testing.assert_allclose(br.coef_, fit.coef, rtol=1e-6, atol=1e-9 * np.abs(fit.coef).max())
    assert br.scores_[-1] == pytest.approx(fit.log_evidence, rel=1e-7, abs=1e-7)


@prop("With its default hyperpriors, with or without intercept, `BayesianRidge`'s `coef_` is ridge at the derived "
      r"$\lambda$ = `lambda_`/`alpha_`, by scikit-learn's `Ridge` and by regprior (relative $10^{-8}$); the "
      r"swapped reading `alpha_`/`lambda_` $= \lambda'$ gives other coefficients, at least "
      r"$|\lambda - \lambda'|\,\lVert\hat\beta_\lambda\rVert/(\sigma_{\max}^2 + \lambda')$ away (half of it, for "
      r"rounding), $\sigma_{\max}$ the largest singular value of the (centred) design.",
      group="libraries", evaluates=("evidence:lam", "evidence:wrong_lam"), checks=("ridge",),
      against="scikit-learn BayesianRidge and Ridge")
@examples(ci=15)
@given(problem=signal_problems(), fit_intercept=st.booleans())
@example(problem=(np.array([[163.27352971], [-204.45320251], [33.44790774], [-45.42156849], [-36.21194337],
                            [-17.24777305], [-161.59889033], [-18.55459021], [-69.2170461], [265.83996133],
                            [18.06292906], [-28.21046355], [-22.50299345], [-53.44370769], [-84.4120441],
                            [-31.26407818]]),
                  np.array([2.23423121, -2.78274017, 0.45512122, -0.59436375, -0.48416054, -0.24207893, -2.19983904,
                            -0.2441601, -0.91204776, 3.61031243, 0.24192997, -0.3685144, -0.31924731, -0.73099577,
                            -1.13442699, -0.41636076])), fit_intercept=False)
def test_ridge_at_lambda_over_alpha_reproduces_bayesian_ridge(problem, fit_intercept):
    """With scikit-learn's default hyperpriors and intercept handling: coef_ is ridge at lambda_ / alpha_."""
    X, y = problem
    br = BayesianRidge(fit_intercept=fit_intercept).fit(X, y)
    lam = br.lambda_ / br.alpha_
    assert lam == pytest.approx(_evidence()["lam"](br.lambda_, br.alpha_))
    ridge = Ridge(alpha=lam, fit_intercept=fit_intercept, solver="cholesky").fit(X, y)
    np.testing.assert_allclose(ridge.coef_, br.coef_, rtol=1e-8, atol=1e-10 * np.abs(br.coef_).max())
    ours = rp.ridge(X, y, lam, fit_intercept=fit_intercept)
    np.testing.assert_allclose(ours.coef, br.coef_, rtol=1e-8, atol=1e-10 * np.abs(br.coef_).max())
    # The swapped reading alpha_ / lambda_ is a different estimator: by the resolvent identity,
    # beta(lam) - beta(lam') = (lam' - lam) (Xc^T Xc + lam' I)^{-1} beta(lam), at least |lam' - lam| ||beta(lam)|| /
    # (sigma_max^2 + lam') long. Near lam = 1, or with both strengths far below sigma_max^2, that is small (the deep
    # search found 7e-7 relative, which a fixed 1e-6 refused), but it is what the two must differ by.
    lam_swapped = _evidence()["wrong_lam"](br.lambda_, br.alpha_)
    wrong = rp.ridge(X, y, lam_swapped, fit_intercept=fit_intercept).coef
    Xc = X - X.mean(axis=0) if fit_intercept else X
    apart = abs(lam_swapped - lam) * np.linalg.norm(ours.coef) / (np.linalg.norm(Xc, 2) ** 2 + lam_swapped)
    assert np.linalg.norm(wrong - ours.coef) >= apart / 2 - 1e-12 * np.linalg.norm(ours.coef)


@prop("Stopped after 2 iterations, `evidence_ridge` warns with a `ConvergenceWarning` that names it and quotes the "
      "relative change of the precisions, the iterations and tol; a response orthogonal to the design is refused "
      "with a `ValueError` saying why; and an ordinary problem converges without any warning.",
      group="inputs", checks=("evidence_ridge", "ConvergenceWarning"))
def test_evidence_ridge_warns_when_stopped_early_and_refuses_a_pure_noise_problem():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((30, 2))
    y = X @ np.array([1.0, -1.0]) + 0.3 * rng.standard_normal(30)
    with pytest.warns(rp.ConvergenceWarning) as record:
        fit = rp.evidence_ridge(X, y, max_iter=2)
    assert re.fullmatch(r"evidence_ridge: the relative change of the precisions is [0-9.e+-]+ after 2 iterations, "
                        r"above tol = 1e-10", str(record[0].message)), str(record[0].message)
    assert not fit.converged and fit.n_iter == 2
    with pytest.raises(ValueError) as info:
        rp.evidence_ridge(np.array([[1.0], [0.0]]), np.array([0.0, 1.0]))
    assert str(info.value) == ("y is orthogonal to every column of X (or zero), so the evidence grows without bound "
                               "as the weight precision grows: there is no finite maximum")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rp.evidence_ridge(X, y).converged


@prop("`regprior.conventions` reads `sklearn.BayesianRidge`'s `lambda_` and `alpha_` as the evidence derivation's "
      r"weight and noise precisions: its $\lambda_2$ is the derived $\lambda = \alpha/\tau$ and its noise sd is "
      r"$1/\sqrt{\tau}$ (relative $10^{-12}$).",
      group="libraries", evaluates=("evidence:lam",), checks=("conventions.to_canonical",))
@given(alpha_=powers_of_ten(-2, 2), lambda_=powers_of_ten(-2, 2))
def test_derived_lambda_agrees_with_the_conventions_module(alpha_, lambda_):
    """BayesianRidge's alpha_ is the noise precision tau and lambda_ the weight precision alpha: the evidence
    derivation's lambda = alpha / tau must be what regprior.conventions reads off the same parameters."""
    canonical = rp.conventions.to_canonical("sklearn.BayesianRidge", alpha_=alpha_, lambda_=lambda_)
    assert canonical.lam2 == pytest.approx(_evidence()["lam"](lambda_, alpha_), rel=1e-12)
    assert canonical.noise_sd == pytest.approx(1 / np.sqrt(alpha_), rel=1e-12)


@prop(r"`evidence_ridge` starts where its documentation says (weight precision 1, noise precision $1/\mathrm{var}(y)$, "
      r"or 1 when $y$ is constant): the defaults give bit for bit the fit of those starting values given explicitly; "
      r"`effective_params` is $\gamma = \sum_j \tau d_j/(\alpha + "
      r"\tau d_j)$ at the returned precisions ($d_j$ the eigenvalues of $X^\top X$, relative $10^{-12}$); two samples "
      r"with an intercept (one observation left) are a problem it solves, one sample is refused.",
      group="inputs", checks="evidence_ridge")
def test_evidence_ridge_starting_values_and_effective_parameters():
    rng = np.random.default_rng(13)
    X = rng.standard_normal((25, 3))
    for y in (X @ np.array([0.5, 0.0, -0.3]) + 0.5 * rng.standard_normal(25), np.full(25, 3.0)):
        default = rp.evidence_ridge(X, y)
        start = 1.0 / np.var(y) if np.var(y) > 0 else 1.0
        explicit = rp.evidence_ridge(X, y, weight_precision_init=1.0, noise_precision_init=start)
        assert (default.weight_precision, default.noise_precision, default.n_iter) == \
            (explicit.weight_precision, explicit.noise_precision, explicit.n_iter)
        np.testing.assert_array_equal(default.coef, explicit.coef)
        d = np.linalg.eigvalsh(X.T @ X)
        alpha, tau = default.weight_precision, default.noise_precision
        assert default.effective_params == pytest.approx(np.sum(tau * d / (alpha + tau * d)), rel=1e-12)
    two = rp.evidence_ridge(X[:2, :1], np.array([1.0, -0.5]), fit_intercept=True)
    assert np.isfinite(two.log_evidence)
    with pytest.raises(ValueError) as info:
        rp.evidence_ridge(X[:1], np.array([1.0]), fit_intercept=True)
    assert str(info.value) == "X: one sample and an intercept leave no observation for the evidence"


@prop(r"The fixed-point iteration behind `joint_map` and `evidence_ridge` stops when no entry changes by more than "
      r"`tol` relative to its new value, equality included: halving a positive state changes it by exactly 1 "
      r"relative to the new value, so `tol=1` stops after one step and `tol=0.5` never does, warning with the change "
      r"reached (1) after `max_iter` steps; with two entries the larger relative change decides. `joint_map` reports "
      r"a scalar strength as a Python float.",
      group="inputs", checks=("joint_map", "evidence_ridge", "ConvergenceWarning"))
def test_the_fixed_point_iteration_stops_on_the_relative_change():
    from regprior.solvers.fixed_point import fixed_point

    def halve(state):
        return tuple(value / 2 for value in state)

    assert fixed_point(halve, (1.0,), 1.0, 5, "f", "x") == ((0.5,), 1, True)
    with pytest.warns(rp.ConvergenceWarning) as caught:
        assert fixed_point(halve, (1.0,), 0.5, 5, "f", "x") == ((1 / 32,), 5, False)
    assert str(caught[0].message) == "f: the relative change of x is 1 after 5 iterations, above tol = 0.5"

    def settle(state):  # the first entry is fixed, the second moves by a relative 0.25 and then by 0
        return state[0], 4.0 if state[1] != 4.0 else 4.0

    assert fixed_point(settle, (1e6, 3.0), 0.3, 5, "f", "x") == ((1e6, 4.0), 1, True)
    assert fixed_point(settle, (1e6, 3.0), 0.2, 5, "f", "x") == ((1e6, 4.0), 2, True)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((20, 2))
    fit = rp.joint_map(X, X @ np.array([1.0, -1.0]) + rng.standard_normal(20), rp.GaussianPrior(1.0))
    assert type(fit.lam) is float
