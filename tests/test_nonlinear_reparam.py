"""MAP for a nonlinear model (the derived penalty with f specialized) and the non-invariance of modes.

The nonlinear derivation leaves f undefined; the test substitutes a one-hidden-unit network
f(x, β) = β₁ tanh(β₂ x) into the *recorded* negative log-posterior, compiles it, and checks that its
minimizer is the minimizer of the penalized sum of squares at the derived λ. The reparameterization results
are checked by locating modes, medians and means of the same densities numerically with scipy.stats.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import scipy.integrate as si
import scipy.optimize as so
import scipy.stats as ss
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st
from sympy.core.function import AppliedUndef

import regprior as rp
from derivations import nonlinear_map, reparameterization
from regprior.symbolic.numeric import lambdify_indexed
from regprior.symbolic.symbols import Z as Zs, beta as betas, n as ns, p as ps, sigma as sigmas, sigma_w as sws
from regprior.symbolic.symbols import y as ys
from tests.properties import prop
from tests.strategies import examples, powers_of_ten

xs = sp.IndexedBase("xv", real=True)


@lru_cache(maxsize=None)
def _network_posterior():
    """The recorded -log posterior with f(x_i, beta) := beta_1 tanh(beta_2 x_i), compiled with its gradient."""
    res = nonlinear_map.derivation().results
    f, x = res["model_function"], res["model_inputs"]
    concrete = res["neg_log_posterior"].replace(
        lambda e: isinstance(e, AppliedUndef) and e.func == f,
        lambda e: betas[1] * sp.tanh(betas[2] * xs[e.args[0].indices[0]]),
    )
    assert not concrete.has(f) and not concrete.has(x)
    args = (xs, ys, betas, ns, ps, sigmas, sws, Zs)
    gradient = [lambdify_indexed(args, sp.diff(concrete, betas[k]).doit()) for k in (1, 2)]
    return (lambdify_indexed(args, concrete), lambda *values: np.array([float(g(*values)) for g in gradient]),
            sp.lambdify([sigmas, sws], res["lam"]))


def _local_minima(fun, jac, starts):
    # Exact gradients: with finite differences BFGS stopped where the gradient was still 1e-4 (the -log p is the
    # penalized sum of squares over 2 sigma^2 = 72), off by 2e-4 relative on a minimum that flat.
    return [so.minimize(fun, s0, jac=jac, method="BFGS", options={"gtol": 1e-10}).x for s0 in starts]


@prop(r"With $f(x, \beta) = \beta_1\tanh(\beta_2 x)$ substituted into the recorded negative log-posterior, the "
      r"derived $\lambda = \sigma^2/\sigma_w^2$ is the Gaussian prior's strength, and among the local minima BFGS "
      r"finds from four starts on the compiled $-\log p$ and from the same four on "
      r"$\sum_i(y_i - f(x_i, \beta))^2 + \lambda\lVert\beta\rVert^2$, the lowest under either objective is the same "
      r"point up to the symmetry $\beta \to -\beta$ (relative $10^{-5}$), where the gradient of the penalized sum "
      r"of squares vanishes.",
      group="routes", evaluates=("nonlinear-map:neg_log_posterior", "nonlinear-map:lam"),
      checks=("GaussianPrior.penalty_strength",), against="scipy.optimize (BFGS) on the penalized sum of squares")
@examples(ci=10)
@given(seed=st.integers(0, 2**32 - 1), noise=powers_of_ten(-1, 0), prior_sd=powers_of_ten(-1, 1))
@example(seed=491613, noise=6.0, prior_sd=4.0)  # a flat minimum near 0, missed by 2e-4 with numerical gradients
@example(seed=17224, noise=2.0, prior_sd=30.0)  # the two objectives' best of four runs were different local minima
def test_map_of_a_nonlinear_model_is_penalized_least_squares_at_the_derived_lambda(seed, noise, prior_sd):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, 25)
    y = 1.5 * np.tanh(0.8 * x) + noise * rng.standard_normal(25)
    nlp, nlp_gradient, lam_of = _network_posterior()
    lam = lam_of(noise, prior_sd)
    assert lam == pytest.approx(rp.GaussianPrior(prior_sd).penalty_strength(noise), rel=1e-12)

    def neg_log_posterior(w):
        return nlp(x, y, w, 25, 2, noise, prior_sd, 1.0)

    def pls(w):
        return np.sum((y - w[0] * np.tanh(w[1] * x)) ** 2) + lam * (w @ w)

    def pls_gradient(w):
        t = np.tanh(w[1] * x)
        r = y - w[0] * t
        return np.array([-2 * r @ t, -2 * r @ (w[0] * x * (1 - t**2))]) + 2 * lam * w

    # f saturates, so both objectives have several local minima, and BFGS, which sees them at scales 2 sigma^2
    # apart, can reach different ones from the same start: the lowest of all eight must be the same point under
    # both objectives.
    starts = [np.array(s0) for s0 in ([1.0, 1.0], [-1.0, 1.0], [0.5, -2.0], [2.0, 0.3])]
    found = (_local_minima(neg_log_posterior, lambda w: nlp_gradient(x, y, w, 25, 2, noise, prior_sd, 1.0), starts)
             + _local_minima(pls, pls_gradient, starts))
    w_map, w_pls = min(found, key=neg_log_posterior), min(found, key=pls)
    # (beta1, beta2) and (-beta1, -beta2) give the same f and the same penalty: compare up to that symmetry
    w_pls = w_pls if w_pls[0] * w_map[0] >= 0 else -w_pls
    np.testing.assert_allclose(w_map, w_pls, rtol=1e-5, atol=1e-6)
    assert np.abs(pls_gradient(w_map)).max() <= 1e-6 * (1 + y @ y)


@lru_cache(maxsize=None)
def _reparam():
    return reparameterization.derivation().results


@prop(r"For $T \sim \mathrm{Exp}(1)$ and $\varphi = \log T$, the derived density $e^{\varphi}e^{-e^{\varphi}}$ is "
      r"the change of variables of `scipy.stats.expon`; its grid mode is the derived $\hat\varphi = 0$, while "
      r"$T$'s is the derived 0, not $e^{\hat\varphi}$; the derived median $\log\log 2$ is $\log$ of $T$'s median, "
      r"the derived mean $-\gamma$ matches quadrature and is not $\log\mathbb E[T]$; and without the Jacobian the "
      "density's mass grows without bound.",
      group="symbols",
      evaluates=("reparameterization:phi_density", "reparameterization:phi_mode", "reparameterization:theta_mode",
                 "reparameterization:median_phi", "reparameterization:mean_phi",
                 "reparameterization:wrong_density_without_jacobian"),
      against="scipy.stats and numerical quadrature")
def test_modes_of_theta_and_of_log_theta_are_different_points():
    res = _reparam()
    phi = res["phi"]
    p_phi = sp.lambdify([phi], res["phi_density"])
    grid = np.linspace(-8, 4, 120_001)
    # the density of log(T) for T ~ Exp(1), by scipy: p(phi) = p_T(e^phi) e^phi
    np.testing.assert_allclose(p_phi(grid), ss.expon.pdf(np.exp(grid)) * np.exp(grid), rtol=1e-12, atol=1e-300)
    assert grid[np.argmax(p_phi(grid))] == pytest.approx(float(res["phi_mode"]), abs=1e-4)
    theta = np.linspace(1e-9, 5, 10_001)
    assert theta[np.argmax(ss.expon.pdf(theta))] == pytest.approx(float(res["theta_mode"]), abs=1e-8)
    assert np.exp(float(res["phi_mode"])) != pytest.approx(float(res["theta_mode"]), abs=0.5)
    # median maps through log, the mean does not
    assert float(res["median_phi"]) == pytest.approx(np.log(ss.expon.median()), rel=1e-12)
    mean_phi = si.quad(lambda t: t * p_phi(t), -40, 5, limit=200, epsabs=1e-12)[0]
    assert mean_phi == pytest.approx(float(res["mean_phi"]), abs=1e-9)
    assert mean_phi != pytest.approx(np.log(ss.expon.mean()), abs=0.1)
    # without the Jacobian the "density" has infinite mass
    wrong = sp.lambdify([phi], res["wrong_density_without_jacobian"])
    masses = [si.quad(wrong, -L, 3)[0] for L in (10, 100, 1000)]
    assert masses[1] > masses[0] + 50 and masses[2] > masses[1] + 500


@prop("For a Gamma$(a, b)$ posterior of the noise precision, the derived modes $b/(a - 1)$, $b/(a + 1)$ and "
      "$2b/(2a + 1)$, of the precision (as a variance), of the variance and of the sd (squared), match the maxima "
      "of the `scipy.stats` densities, with their Jacobians, on a fine grid (relative $10^{-3}$), and are three "
      "different numbers.",
      group="symbols", evaluates=("reparameterization:noise_modes",), against="scipy.stats densities on a grid")
@pytest.mark.parametrize("a, b", [(3.0, 2.0), (1.5, 0.4), (10.0, 7.0)])
def test_three_parameterizations_of_the_noise_give_three_modes(a, b):
    a_s, b_s = _reparam()["noise_mode_symbols"]
    modes = [float(e) for e in sp.lambdify([a_s, b_s], _reparam()["noise_modes"])(a, b)]
    precision = ss.gamma(a, scale=1 / b)
    tau = np.linspace(1e-6, precision.ppf(0.999999), 400_001)
    v = 1 / tau
    s = np.sqrt(v)
    numeric = [
        1 / tau[np.argmax(precision.pdf(tau))],
        v[np.argmax(ss.invgamma(a, scale=b).pdf(v))],
        s[np.argmax(precision.pdf(1 / s**2) * 2 / s**3)] ** 2,  # density of the sd: Jacobian |d tau / d s|
    ]
    np.testing.assert_allclose(numeric, modes, rtol=1e-3)
    assert len({round(m, 8) for m in modes}) == 3
