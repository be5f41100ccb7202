"""The Laplace scale mixture, the Bayesian-lasso Gibbs sampler and the horseshoe.

The sampler is checked honestly: on problems whose exact posterior is a one-dimensional integral (one
coefficient, or an orthonormal design, which factorizes), its averages are compared with the exact posterior
moments — from the derivation's closed form and from scipy quadrature — within four Monte Carlo standard
errors estimated by batch means. All chains are seeded and short.
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import pytest
import scipy.integrate as si
import scipy.stats as ss
import sympy as sp
from scipy.optimize import brentq

import regprior as rp
from derivations import bayesian_lasso, horseshoe
from regprior.symbolic.symbols import b as bs, sigma as sigmas
from tests.properties import prop
from tests.strategies import mc_draws


@lru_cache(maxsize=None)
def _bl():
    res = bayesian_lasso.derivation().results
    q, a = res["one_d_symbols"]
    t = res["mixing_variable"]
    bp = res["beta_positive"]
    return {
        "mixing": sp.lambdify([t, bs], res["mixing_density"]),
        "marginal": sp.lambdify([bp, bs], res["marginal"]),
        # the closed forms involve exp(large) * erfc(large); mpmath evaluates them without overflow
        "mean_1d": sp.lambdify([q, a, sigmas, bs], res["posterior_mean_1d"], modules="mpmath"),
        "prob_pos_1d": sp.lambdify([q, a, sigmas, bs], res["prob_positive_1d"], modules="mpmath"),
        "tau_conditional": sp.lambdify([bp, bs], res["tau_conditional"].subs(sp.Abs(sp.Symbol("beta", real=True)), bp)),
    }


def _exact_1d(q, a, sigma, b):
    """Mean, median and P(beta > 0) of the posterior exp(-(q beta^2 - 2 a beta)/(2 sigma^2) - |beta|/b), by
    quadrature."""
    log_k = lambda t: -(q * t * t - 2 * a * t) / (2 * sigma**2) - abs(t) / b
    centre = a / q
    shift = max(log_k(centre), log_k(0.0))
    k = lambda t: np.exp(log_k(t) - shift)
    lo, hi = centre - 40 * sigma / np.sqrt(q) - 1, centre + 40 * sigma / np.sqrt(q) + 1
    neg = si.quad(k, lo, 0, epsabs=0, epsrel=1e-12, limit=200)[0]
    pos = si.quad(k, 0, hi, epsabs=0, epsrel=1e-12, limit=200)[0]
    total = neg + pos
    mean = (si.quad(lambda t: t * k(t), lo, 0, epsabs=0, epsrel=1e-12, limit=200)[0]
            + si.quad(lambda t: t * k(t), 0, hi, epsabs=0, epsrel=1e-12, limit=200)[0]) / total
    cdf = lambda x: (si.quad(k, lo, min(x, 0), limit=200)[0] + (si.quad(k, 0, x, limit=200)[0] if x > 0 else 0)) / total
    median = brentq(lambda x: cdf(x) - 0.5, lo, hi, xtol=1e-12)
    return mean, median, pos / total


@prop(r"The derived exponential mixing density $p(\tau^2)$ turns normals into the Laplace density: "
      r"$\int_0^\infty \mathcal N(\beta; 0, \tau^2)\,p(\tau^2)\,d\tau^2$ by quadrature equals `scipy.stats.laplace` "
      r"at $\beta$ (relative $10^{-8}$), and so does the derived closed-form marginal (relative $10^{-12}$).",
      group="symbols", evaluates=("bayesian-lasso:mixing_density", "bayesian-lasso:marginal"),
      against="numerical quadrature (scipy.integrate.quad) and scipy.stats.laplace")
@pytest.mark.parametrize("beta, b", [(0.3, 1.0), (-2.0, 0.5), (1e-3, 2.0), (4.0, 0.7)])
def test_the_scale_mixture_integrates_to_the_laplace_density(beta, b):
    mix = _bl()["mixing"]
    numeric = si.quad(lambda t: ss.norm.pdf(beta, 0, np.sqrt(t)) * mix(t, b), 0, np.inf, epsabs=0, epsrel=1e-11,
                      limit=400, points=None)[0]
    assert numeric == pytest.approx(ss.laplace.pdf(beta, 0, b), rel=1e-8)
    assert _bl()["marginal"](abs(beta), b) == pytest.approx(ss.laplace.pdf(beta, 0, b), rel=1e-12)


@prop(r"Given $\beta$, $1/\tau^2$ is inverse-Gaussian with the mean $\mu$ and shape $\lambda$ the derivation found: "
      r"the mean and variance of $1/\tau^2$ under "
      r"$p(\tau^2\mid\beta) \propto \mathcal N(\beta; 0, \tau^2)\,p(\tau^2)$, by quadrature, are $\mu$ (relative "
      r"$10^{-8}$) and $\mu^3/\lambda$ (relative $10^{-7}$).",
      group="symbols", evaluates=("bayesian-lasso:mixing_density", "bayesian-lasso:tau_conditional"),
      against="numerical quadrature (scipy.integrate.quad)")
@pytest.mark.parametrize("beta, b", [(0.3, 1.0), (2.0, 0.5)])
def test_derived_mixing_conditional_is_the_exact_conditional(beta, b):
    """E[1/tau^2 | beta] and Var[1/tau^2 | beta] of p(tau^2 | beta) ∝ N(beta; 0, tau^2) p(tau^2), by quadrature,
    against the inverse-Gaussian parameters the derivation found (mean mu, variance mu^3 / shape)."""
    mix = _bl()["mixing"]
    kern = lambda t: ss.norm.pdf(beta, 0, np.sqrt(t)) * mix(t, b)
    z = si.quad(kern, 0, np.inf, epsrel=1e-11, limit=400)[0]
    m1 = si.quad(lambda t: kern(t) / t, 0, np.inf, epsrel=1e-11, limit=400)[0] / z
    m2 = si.quad(lambda t: kern(t) / t**2, 0, np.inf, epsrel=1e-11, limit=400)[0] / z
    mu, shape = (float(v) for v in _bl()["tau_conditional"](abs(beta), b))
    assert m1 == pytest.approx(mu, rel=1e-8)
    assert m2 - m1**2 == pytest.approx(mu**3 / shape, rel=1e-7)


def _within_mc_error(estimate, exact, se, k=4.0):
    assert np.all(np.abs(estimate - exact) <= k * se), (estimate, exact, se)


@prop(r"With one coefficient and data that put the MAP (the lasso) exactly at 0, the derived closed forms of the "
      r"posterior mean and of $P(\beta > 0\mid y)$ match quadrature (relative $10^{-8}$), and the Gibbs sampler's "
      r"mean, median and fraction of positive draws lie within four batch-means standard errors of the exact values; "
      r"yet the exact mean and median are more than ten standard errors away from 0, and no draw is exactly 0.",
      group="routes", evaluates=("bayesian-lasso:posterior_mean_1d", "bayesian-lasso:prob_positive_1d"),
      checks=("bayesian_lasso_gibbs", "GibbsSamples.standard_error", "lasso", "LaplacePrior.penalty_strength"),
      against="numerical quadrature of the one-dimensional posterior")
def test_gibbs_one_coefficient_matches_the_exact_posterior_and_is_not_sparse():
    rng = np.random.default_rng(11)
    x = rng.standard_normal(20)
    sigma, b = 1.0, 0.1
    y = 0.02 * x + sigma * rng.standard_normal(20)
    q, a = x @ x, x @ y
    lam = rp.LaplacePrior(b).penalty_strength(sigma)
    assert abs(a) <= lam / 2  # the data put the MAP (the lasso) at exactly 0 ...
    assert rp.lasso(x[:, None], y, lam).coef[0] == 0.0
    mean, median, prob_pos = _exact_1d(q, a, sigma, b)
    assert float(_bl()["mean_1d"](q, a, sigma, b)) == pytest.approx(mean, rel=1e-8)
    assert float(_bl()["prob_pos_1d"](q, a, sigma, b)) == pytest.approx(prob_pos, rel=1e-8)
    draws = rp.bayesian_lasso_gibbs(x[:, None], y, b, sigma, n_samples=mc_draws(20_000), burn_in=1_000,
                                    random_state=3)
    se_mean, se_median = draws.standard_error(np.mean), draws.standard_error(np.median)
    _within_mc_error(draws.mean(), mean, se_mean)
    _within_mc_error(draws.median(), median, se_median)
    positive = (draws.coef[:, 0] > 0).astype(float)
    se_pos = np.std([c.mean() for c in np.array_split(positive, 25)], ddof=1) / 5
    _within_mc_error(positive.mean(), prob_pos, se_pos)
    # ... but the posterior mean and median are not 0, and the sampler resolves that
    assert abs(median) > 10 * se_median[0] and abs(mean) > 10 * se_mean[0]
    assert np.all(draws.coef != 0.0)


@prop(r"The mixing variances the sampler stores, `draws.mixing_var`, are the $\tau_j^2$ of its model "
      r"$\beta_j \mid \tau_j^2 \sim \mathcal N(0, \tau_j^2)$, drawn given the stored $\beta_j$: since "
      r"$1/\tau_j^2 \mid \beta_j$ is inverse Gaussian with mean $1/(b|\beta_j|)$ and shape $1/b^2$, "
      r"$E[\tau_j^2 \mid \beta_j] = b|\beta_j| + b^2$, and the average of $\tau_j^2 - b|\beta_j| - b^2$ over the "
      r"draws is within four standard errors of 0 (the differences are uncorrelated, each centred given its "
      r"$\beta_j$), for every coefficient, with the noise variance known and sampled.",
      group="routes", checks=("bayesian_lasso_gibbs", "GibbsSamples"))
@pytest.mark.parametrize("noise", ["known", "sampled"])
def test_gibbs_stores_the_mixing_variances_given_the_coefficients(noise):
    rng = np.random.default_rng(21)
    X = rng.standard_normal((30, 3))
    y = X @ np.array([1.0, -0.5, 0.0]) + rng.standard_normal(30)
    b = 0.5
    options = {"noise_sd": 1.0} if noise == "known" else {"noise_prior": rp.InverseGammaPrior(2.0, 1.0)}
    draws = rp.bayesian_lasso_gibbs(X, y, b, n_samples=mc_draws(4_000), burn_in=200, n_chains=1, random_state=4,
                                    **options)
    assert draws.mixing_var.shape == draws.coef.shape and np.all(draws.mixing_var > 0)
    differences = draws.mixing_var - (b * np.abs(draws.coef) + b**2)
    se = differences.std(axis=0, ddof=1) / np.sqrt(differences.shape[0])
    assert np.all(np.abs(differences.mean(axis=0)) <= 4 * se), (differences.mean(axis=0), se)


@prop(r"On an orthonormal design, where the posterior is a product of one-dimensional posteriors, the Gibbs "
      r"sampler's posterior means and medians lie within four batch-means standard errors of the exact ones by "
      r"quadrature; the lasso at the matching $\lambda = 2\sigma^2/b$ has at least one coefficient exactly 0 while "
      r"every exact posterior median is nonzero.",
      group="routes", checks=("bayesian_lasso_gibbs", "GibbsSamples.standard_error", "lasso",
                              "LaplacePrior.penalty_strength"),
      against="numerical quadrature of the factorized posterior")
def test_gibbs_on_an_orthonormal_design_matches_the_factorized_posterior():
    rng = np.random.default_rng(12)
    Q, _ = np.linalg.qr(rng.standard_normal((15, 3)))
    sigma, b = 0.5, 0.3
    y = Q @ np.array([2.0, 0.1, -0.8]) + sigma * rng.standard_normal(15)
    a = Q.T @ y  # with Q'Q = I the posterior is a product of one-dimensional posteriors with q = 1
    exact = np.array([_exact_1d(1.0, aj, sigma, b)[:2] for aj in a])
    draws = rp.bayesian_lasso_gibbs(Q, y, b, sigma, n_samples=mc_draws(15_000), burn_in=1_000, random_state=5)
    _within_mc_error(draws.mean(), exact[:, 0], draws.standard_error(np.mean))
    _within_mc_error(draws.median(), exact[:, 1], draws.standard_error(np.median))
    lasso = rp.lasso(Q, y, rp.LaplacePrior(b).penalty_strength(sigma), tol=1e-12).coef
    assert np.sum(lasso == 0) >= 1 and np.all(np.abs(exact[:, 1]) > 0)


@prop(r"With an inverse-gamma prior on the noise variance (one coefficient), the sampler's means of $\beta$ and of "
      r"$\sigma^2$ lie within four batch-means standard errors of the posterior means from a two-dimensional "
      r"quadrature of likelihood, Laplace prior and inverse-gamma prior on a grid in $(\beta, \log\sigma^2)$, "
      r"for the prior of fixed scale $b$ and for Park and Casella's prior of scale $b\sigma$ "
      r"(`scale_with_noise=True`).",
      group="routes", checks=("bayesian_lasso_gibbs", "InverseGammaPrior", "GibbsSamples.standard_error"),
      against="two-dimensional trapezoidal quadrature of scipy.stats densities")
@pytest.mark.parametrize("scale_with_noise", [False, True])
def test_gibbs_with_unknown_noise_matches_a_two_dimensional_quadrature(scale_with_noise):
    rng = np.random.default_rng(13)
    x = rng.standard_normal(12)
    y = 0.7 * x + 0.6 * rng.standard_normal(12)
    b, a0, b0 = 0.5, 3.0, 1.0
    draws = rp.bayesian_lasso_gibbs(x[:, None], y, b, noise_prior=rp.InverseGammaPrior(a0, b0),
                                    scale_with_noise=scale_with_noise, n_samples=mc_draws(20_000), burn_in=1_000,
                                    random_state=8)
    beta = np.linspace(-3, 4, 1401)
    u = np.linspace(np.log(0.01), np.log(20.0), 1401)  # u = log sigma^2
    B, V = np.meshgrid(beta, np.exp(u), indexing="ij")
    prior_scale = b * np.sqrt(V) if scale_with_noise else b
    log_post = (ss.norm.logpdf(y[:, None, None], x[:, None, None] * B, np.sqrt(V)).sum(axis=0)
                + ss.laplace.logpdf(B, 0, prior_scale) + ss.invgamma.logpdf(V, a0, scale=b0))
    w = np.exp(log_post - log_post.max()) * V
    z = np.trapezoid(np.trapezoid(w, u, axis=1), beta)
    mean_beta = np.trapezoid(np.trapezoid(w * B, u, axis=1), beta) / z
    mean_var = np.trapezoid(np.trapezoid(w * V, u, axis=1), beta) / z
    _within_mc_error(draws.mean(), mean_beta, draws.standard_error(np.mean))
    se_var = np.std([c.mean() for c in np.array_split(draws.noise_var, 25)], ddof=1) / 5
    _within_mc_error(draws.noise_var.mean(), mean_var, se_var)


@prop(r"With a known noise sd $\sigma$, Park and Casella's prior (`scale_with_noise=True`, scale $b\sigma$) is the "
      r"fixed-scale prior at $b\sigma$: the same seed gives the same draws (relative $10^{-12}$), mixing variances "
      r"included.",
      group="routes", checks="bayesian_lasso_gibbs")
def test_park_casella_prior_with_known_noise_is_the_fixed_scale_prior():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((30, 3))
    y = X @ np.array([1.0, 0.0, -0.3]) + 0.7 * rng.standard_normal(30)
    b, sigma = np.array([0.4, 1.5, 0.9]), 0.7
    scaled = rp.bayesian_lasso_gibbs(X, y, b, sigma, scale_with_noise=True, n_samples=200, random_state=3)
    fixed = rp.bayesian_lasso_gibbs(X, y, b * sigma, sigma, n_samples=200, random_state=3)
    np.testing.assert_allclose(scaled.coef, fixed.coef, rtol=1e-12)
    np.testing.assert_allclose(scaled.mixing_var, fixed.mixing_var, rtol=1e-12)


@prop(r"The sampler's inverse-Gaussian draws (the full conditional of $1/\tau_j^2$) follow "
      r"$\operatorname{IG}(\mu, \lambda)$ of `scipy.stats.invgauss`: 20,000 draws for each of $\mu/\lambda$ from "
      r"$10^{-2}$ to $10^{14}$ (where NumPy's `wald` returns 0) pass a Kolmogorov-Smirnov test at level $10^{-3}$, and "
      r"draws with different means in one call are independent of one another.",
      group="routes", checks="bayesian_lasso_gibbs", against="scipy.stats.invgauss")
def test_inverse_gaussian_draws_follow_scipy():
    from regprior.posterior.gibbs import _inverse_gaussian

    rng = np.random.default_rng(12)
    for mean, shape in ((1.0, 100.0), (0.3, 5.0), (2.0, 0.5), (10.0, 0.01), (1e-14, 1e-28)):
        draws = _inverse_gaussian(rng, np.full(20_000, mean), shape)
        assert ss.kstest(draws, ss.invgauss(mean / shape, scale=shape).cdf).pvalue > 1e-3, (mean, shape)
    means = np.tile([1.0, 4.0], 10_000)  # two means in one call: each half follows its own law, with no ties
    draws = _inverse_gaussian(rng, means, 2.0)
    for m in (1.0, 4.0):
        assert ss.kstest(draws[means == m], ss.invgauss(m / 2.0, scale=2.0).cdf).pvalue > 1e-3
    assert np.unique(draws).size == draws.size


@prop(r"With a nearly flat Laplace prior ($b = 10^{20}$, where NumPy's own inverse-Gaussian sampler returns 0 for "
      r"the mixing variances' full conditional) the Gibbs draws follow the flat-prior posterior "
      r"$\mathcal N\bigl(\hat\beta_{\mathrm{LS}}, \sigma^2(X^\top X)^{-1}\bigr)$: means within four batch-means "
      r"standard errors of least squares, standard deviations within 5%.",
      group="routes", checks="bayesian_lasso_gibbs", against="closed form (the flat-prior posterior)")
def test_gibbs_with_a_nearly_flat_prior_is_the_least_squares_posterior():
    rng = np.random.default_rng(8)
    X = rng.standard_normal((30, 2))
    sigma = 0.5
    y = X @ np.array([1.0, -0.5]) + sigma * rng.standard_normal(30)
    draws = rp.bayesian_lasso_gibbs(X, y, 1e20, sigma, n_samples=mc_draws(4000), burn_in=100, random_state=2)
    _within_mc_error(draws.mean(), np.linalg.lstsq(X, y, rcond=None)[0], draws.standard_error(np.mean))
    np.testing.assert_allclose(draws.coef.std(axis=0), sigma * np.sqrt(np.diag(np.linalg.inv(X.T @ X))), rtol=0.05)


#: Park & Casella's estimate of their lambda (the prior's scale is sigma/lambda) for the diabetes data by marginal
#: maximum likelihood, from their Monte Carlo EM: 0.237, given to three digits
PARK_CASELLA_DIABETES_LAMBDA = 0.237


@prop(r"Park and Casella's empirical-Bayes $\lambda$ for the diabetes data is reproduced: their Monte Carlo EM "
      r"($\lambda \leftarrow (2p / \sum_j E[\tau_j^2 \mid y])^{1/2}$, the expectations from the sampler with "
      r"`scale_with_noise=True`, a flat intercept and $p(\sigma^2) \propto 1/\sigma^2$), started where they start "
      r"it, settles within 0.002 of their published 0.237.",
      group="routes", checks="bayesian_lasso_gibbs",
      against="Park & Casella (2008), the diabetes data of Efron et al. (2004): lambda = 0.237 by marginal maximum "
              "likelihood")
def test_park_casella_empirical_bayes_lambda_on_the_diabetes_data():
    from sklearn.datasets import load_diabetes  # the same standardized design as Efron et al.'s lars data

    X, y = load_diabetes(return_X_y=True)
    n, p = X.shape
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    ols = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    noise_var = float(np.sum((yc - Xc @ ols) ** 2)) / (n - p - 1)
    lam = p * np.sqrt(noise_var) / np.sum(np.abs(ols))  # their starting value, from least squares
    rng = np.random.default_rng(2008)
    settled = []
    for iteration in range(40):  # EM is slow here: the first 30 iterations move lambda from 0.157 to near 0.237
        final = iteration >= 30
        draws = rp.bayesian_lasso_gibbs(X, y, 1.0 / lam, noise_prior=rp.InverseGammaPrior(0.0, 0.0),
                                        scale_with_noise=True, fit_intercept=True,
                                        n_samples=mc_draws(2_000 if final else 500), burn_in=100, n_chains=2,
                                        random_state=rng)
        # their tau_j^2, in beta_j | sigma^2, tau_j^2 ~ N(0, sigma^2 tau_j^2)
        tau2 = draws.mixing_var / draws.noise_var[:, None]
        lam = np.sqrt(2 * p / np.sum(tau2.mean(axis=0)))
        if final:
            settled.append(lam)
    # over seeds the settled average spreads by about 4e-4; 0.002 also covers the rounding of the published value
    # and the Monte Carlo error of Park & Casella's own EM
    assert abs(np.mean(settled) - PARK_CASELLA_DIABETES_LAMBDA) < 0.002, settled


@prop(r"The same seed gives identical draws; with a fixed noise level the draws have the documented shapes (four "
      r"chains of the requested length, pooled chain after chain) and "
      r"noise variance; the 90% credible interval brackets the median and holds 90% of each coefficient's draws "
      r"(within 0.01); more batches than draws and a level of 1 are refused.",
      group="inputs", checks=("bayesian_lasso_gibbs", "GibbsSamples.median", "GibbsSamples.credible_interval",
                              "GibbsSamples.standard_error"))
def test_samples_are_reproducible_and_summaries_are_consistent():
    rng = np.random.default_rng(14)
    X = rng.standard_normal((30, 2))
    y = X @ np.array([1.0, -1.0]) + rng.standard_normal(30)
    one = rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_samples=300, burn_in=50, thin=2, random_state=9)
    two = rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_samples=300, burn_in=50, thin=2, random_state=9)
    np.testing.assert_array_equal(one.coef, two.coef)
    assert one.coef.shape == one.mixing_var.shape == (4 * 300, 2) and np.all(one.noise_var == 1.0)
    assert one.chains().shape == (4, 300, 2) and one.intercept is None
    lo, hi = one.credible_interval(0.9)
    assert np.all(lo < one.median()) and np.all(one.median() < hi)
    inside = np.mean((one.coef > lo) & (one.coef < hi), axis=0)
    np.testing.assert_allclose(inside, 0.9, atol=0.01)
    with pytest.raises(ValueError, match="n_batches must be at most"):
        one.standard_error(n_batches=1201)
    with pytest.raises(ValueError, match="level must be < 1"):
        one.credible_interval(1.0)


@prop(r"`GibbsSamples.standard_error` is the batch-means estimate it documents: the draws cut into `n_batches` "
      r"consecutive batches (25 by default, from 2 up to one draw per batch), the summary of each, their standard "
      r"deviation over $\sqrt{\text{n\_batches}}$; fewer than 2 batches, more batches than draws and a non-integer "
      r"are refused with messages that say so in full.",
      group="inputs", checks=("GibbsSamples.standard_error",))
def test_standard_error_is_the_batch_means_estimate():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((20, 2))
    y = X @ np.array([1.0, -1.0]) + rng.standard_normal(20)
    draws = rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_samples=30, burn_in=10, random_state=1)
    n = draws.coef.shape[0]
    assert draws.coef.shape == (120, 2)

    def batch_means(k, statistic=np.mean):
        sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)  # the first n % k batches one draw longer
        edges = np.concatenate([[0], np.cumsum(sizes)])
        values = [statistic(draws.coef[a:b], axis=0) for a, b in zip(edges[:-1], edges[1:])]
        return np.std(values, axis=0, ddof=1) / np.sqrt(k)

    np.testing.assert_allclose(draws.standard_error(), batch_means(25), rtol=1e-12)
    np.testing.assert_allclose(draws.standard_error(np.median, n_batches=7), batch_means(7, np.median), rtol=1e-12)
    np.testing.assert_allclose(draws.standard_error(n_batches=2), batch_means(2), rtol=1e-12)
    np.testing.assert_allclose(draws.standard_error(n_batches=n), draws.coef.std(axis=0, ddof=1) / np.sqrt(n),
                               rtol=1e-12)
    for bad, error, message in [(1, ValueError, "n_batches must be >= 2; got 1"),
                                (n + 1, ValueError, f"n_batches must be at most the number of draws, {n}; got {n + 1}"),
                                ("4", TypeError, "n_batches must be an integer; got str '4'")]:
        with pytest.raises(error) as info:
            draws.standard_error(n_batches=bad)
        assert str(info.value) == message


# -- the horseshoe -------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _hs():
    res = horseshoe.derivation().results
    beta, tau, lam = res["beta"], res["tau"], res["mixing_variable"]
    q, a = res["one_d_symbols"]
    return {
        "integrand": sp.lambdify([lam, beta, tau], res["mixture_integrand"]),
        "e1": sp.lambdify([beta, tau], res["marginal_e1"], modules="mpmath"),
        "log_post": sp.lambdify([beta, q, a, sigmas, tau], res["log_posterior_1d"], modules="mpmath"),
    }


@prop(r"The exponential of the horseshoe log-density equals the quadrature over $\lambda$ of the derived "
      r"half-Cauchy scale-mixture integrand (relative $10^{-8}$) and, evaluated at $-\beta$, the derived closed form "
      r"in the exponential integral $E_1$ (relative $10^{-12}$), for $\beta$ from $0.01$ to $40$.",
      group="symbols", evaluates=("horseshoe:mixture_integrand", "horseshoe:marginal_e1"),
      checks="horseshoe_logpdf", against="numerical quadrature (scipy.integrate.quad)")
@pytest.mark.parametrize("beta, tau", [(0.01, 1.0), (0.5, 1.0), (3.0, 0.4), (40.0, 2.0)])
def test_horseshoe_density_matches_the_mixture_integral(beta, tau):
    numeric = si.quad(lambda lam: _hs()["integrand"](lam, beta, tau), 0, np.inf, epsabs=0, epsrel=1e-11, limit=400)[0]
    assert np.exp(rp.horseshoe_logpdf(beta, tau)) == pytest.approx(numeric, rel=1e-8)
    assert np.exp(rp.horseshoe_logpdf(-beta, tau)) == pytest.approx(float(_hs()["e1"](beta, tau)), rel=1e-12)


@prop(r"For data pointing away from 0 ($q = 1$, $a = 3$, $\sigma = \tau = 1$), the log-posterior "
      r"$-(q\beta^2 - 2a\beta)/(2\sigma^2) + \log p_{\mathrm{HS}}(\beta)$ has an interior local maximum on "
      r"$[0.05, 6]$, yet increases strictly along $\beta = 10^{-1}, \dots, 10^{-300}$ and ends above that maximum: "
      r"the supremum is at the pole $\beta = 0$. It equals the derived one-dimensional log-posterior down to "
      r"$10^{-300}$ (relative $10^{-10}$), and the posterior mean, by quadrature, lies in $(0, \beta^\ast + 1)$, "
      r"$\beta^\ast$ the local maximizer.",
      group="symbols", evaluates="horseshoe:log_posterior_1d", checks="horseshoe_logpdf",
      against="numerical quadrature (for the posterior mean)")
def test_horseshoe_map_is_degenerate_at_zero():
    """For data pointing away from 0 the log-posterior has a local maximum, yet it grows without bound toward
    0 and exceeds that maximum there: the global 'MAP' is 0."""
    q, a, sigma, tau = 1.0, 3.0, 1.0, 1.0
    log_post = lambda t: float(_hs()["log_post"](mpmath.mpf(t), q, a, sigma, tau))  # mpf: beta**2 must not underflow
    ours = lambda t: -(q * t * t - 2 * a * t) / (2 * sigma**2) + rp.horseshoe_logpdf(t, tau)
    grid = np.linspace(0.05, 6, 3000)
    local = np.array([ours(t) for t in grid])
    k = int(np.argmax(local))
    assert 0 < k < grid.size - 1  # an interior local maximum near the data
    near_zero = np.array([ours(10.0**-e) for e in range(1, 301)])
    assert np.all(np.diff(near_zero) > 0)  # increasing as beta -> 0 ...
    assert near_zero[-1] > local[k]  # ... and above the local maximum
    for e in (2, 50, 300):
        assert ours(10.0**-e) == pytest.approx(log_post(10.0**-e), rel=1e-10)
    # the pole is integrable: the posterior mean exists
    post = lambda t: np.exp(ours(t) - local[k])
    z = si.quad(post, -30, 0, limit=200)[0] + si.quad(post, 0, 30, limit=200)[0]
    mean = (si.quad(lambda t: t * post(t), -30, 0, limit=200)[0]
            + si.quad(lambda t: t * post(t), 0, 30, limit=200)[0]) / z
    assert 0 < mean < grid[k] + 1


# -- the frequentist side: ridge's sampling covariance (E7) --------------------------------------------------


def _compile_matrix(expr, n0, p0):
    """Lambdify a matrix expression of symbolic size at a concrete size: (X, lam, sigma[, beta]) -> array."""
    from regprior.symbolic.matrices import Xm, betam
    from regprior.symbolic.symbols import lam, n, p

    sized = expr.subs({n: n0, p: p0})
    X0, b0 = Xm.subs({n: n0, p: p0}), betam.subs({p: p0})
    return sp.lambdify([X0, lam, sigmas, b0], sized, modules="numpy")


@prop(r"Ridge is linear in $y$: with its matrix $H$ read off the solver column by column, the sampling covariance "
      r"$\sigma^2HH^\top$ equals the derived sandwich $\sigma^2A^{-1}X^\top XA^{-1}$, $A = X^\top X + \lambda I$, and "
      r"$HX\beta - \beta$ the derived bias $-\lambda A^{-1}\beta$ (relative $10^{-9}$), for $n > p$ and $p > n$; "
      r"40,000 simulated data sets reproduce the variances within 5%, and the posterior covariance "
      r"$\sigma^2A^{-1}$ is strictly larger on the diagonal.",
      group="symbols",
      evaluates=("ridge-sampling:sandwich", "ridge-sampling:bias", "ridge-sampling:wrong_sampling_cov"),
      checks="ridge", against=r"the solver's linear map $y \mapsto \hat\beta$ and Monte Carlo simulation")
@pytest.mark.parametrize("seed, n, p", [(0, 30, 2), (1, 8, 5), (2, 4, 6)])
def test_ridge_sampling_covariance_is_the_derived_sandwich(seed, n, p):
    from derivations import ridge_sampling

    res = ridge_sampling.derivation().results
    rng = np.random.default_rng(seed)
    X, beta = rng.standard_normal((n, p)), rng.standard_normal(p)
    lam, sigma = 2.5, 0.7
    # the ridge map y -> beta_hat, read off the solver column by column (it is linear in y)
    H = np.column_stack([rp.ridge(X, e, lam).coef for e in np.eye(n)])
    exact_cov = sigma**2 * H @ H.T
    sandwich = _compile_matrix(res["sandwich"], n, p)(X, lam, sigma, beta)
    np.testing.assert_allclose(exact_cov, sandwich, rtol=1e-9, atol=1e-12)
    bias = _compile_matrix(res["bias"], n, p)(X, lam, sigma, beta[:, None]).ravel()
    np.testing.assert_allclose(H @ X @ beta - beta, bias, rtol=1e-9, atol=1e-12)
    # a Monte Carlo check of the same covariance, and the posterior covariance is a different matrix
    draws = (X @ beta)[None, :] + sigma * rng.standard_normal((40_000, n))
    coefs = draws @ H.T
    np.testing.assert_allclose(np.var(coefs, axis=0), np.diag(sandwich), rtol=0.05)
    wrong = _compile_matrix(res["wrong_sampling_cov"], n, p)(X, lam, sigma, beta)
    assert np.all(np.diag(wrong) > np.diag(sandwich) * (1 + 1e-6))
