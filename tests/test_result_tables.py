"""The numbers in the result objects' tables and intervals, each recomputed another way.

``summary()`` is what a practitioner reads first, so its columns are checked by name and by value: the Gaussian
posterior's intercept row against the joint posterior of (intercept, β) under a nearly flat prior on the
intercept, the normal-inverse-gamma intervals against a quadrature over σ², the Gibbs summary against the draws
themselves, the selection tables against the attributes they print.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.integrate as si
import scipy.stats as ss

import regprior as rp
from tests.properties import prop


def _data(n=25, p=3, seed=0, offset=0.0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + offset
    y = X @ np.linspace(1.0, -1.0, p) + 2.0 + 0.5 * rng.standard_normal(n)
    return X, y


@prop(r"The Gaussian posterior's summary has the columns mean, sd, 2.5% and 97.5% per coefficient and, with an "
      r"intercept, an intercept row whose sd and 95% interval equal those of the joint Gaussian posterior of "
      r"(intercept, $\beta$) with a $\mathcal N(0, 10^{12})$ prior on the intercept (relative $10^{-6}$); the row is "
      r"there even when the fitted intercept is exactly 0, and absent without an intercept.",
      group="routes", checks=("gaussian_posterior", "GaussianPosterior.credible_interval"),
      against="the joint posterior of (intercept, coefficients) by a linear solve")
def test_gaussian_posterior_table_and_intercept_row():
    X, y = _data(offset=1.5)
    sigma, sigma_w = 0.5, 0.8
    post = rp.gaussian_posterior(X, y, rp.GaussianPrior(sigma_w), sigma, fit_intercept=True)
    table = post.summary()
    assert list(table.columns) == ["mean", "sd", "2.5%", "97.5%"]
    assert list(table.index) == ["(intercept)", "x0", "x1", "x2"]
    Z = np.column_stack([np.ones(len(y)), X])
    precision = Z.T @ Z / sigma**2 + np.diag([1e-12] + [1 / sigma_w**2] * X.shape[1])
    cov = np.linalg.inv(precision)
    mean = cov @ Z.T @ y / sigma**2
    sd = np.sqrt(np.diag(cov))
    z = ss.norm.ppf(0.975)
    expected = np.column_stack([mean, sd, mean - z * sd, mean + z * sd])
    np.testing.assert_allclose(table.to_numpy(), expected, rtol=1e-6)

    plain = rp.gaussian_posterior(X, y, rp.GaussianPrior(sigma_w), sigma).summary()
    assert list(plain.index) == ["x0", "x1", "x2"]
    # centred columns and a response of mean exactly 0: the fitted intercept is exactly 0, and still reported
    Xc = np.array([[1.0, -2.0], [-1.0, 2.0], [2.0, 1.0], [-2.0, -1.0]])
    yc = np.array([1.0, -1.0, 0.5, -0.5])
    centred = rp.gaussian_posterior(Xc, yc, rp.GaussianPrior(1.0), 1.0, fit_intercept=True)
    assert centred.intercept == 0.0
    row = centred.summary().loc["(intercept)"]
    assert row["sd"] == pytest.approx(0.5) and row["97.5%"] == pytest.approx(z * 0.5)


@prop(r"`GaussianPosterior.sample` with the same seed gives the same draws, and different seeds different ones.",
      group="inputs", checks="GaussianPosterior.sample")
def test_gaussian_posterior_samples_follow_the_seed():
    X, y = _data()
    post = rp.gaussian_posterior(X, y, rp.GaussianPrior(1.0), 0.5)
    np.testing.assert_array_equal(post.sample(5, random_state=3), post.sample(5, random_state=3))
    assert not np.array_equal(post.sample(5, random_state=3), post.sample(5, random_state=4))


@prop(r"The normal-inverse-gamma posterior's 95% interval of each coefficient has posterior probability 0.025 "
      r"below and above it, computed as $\int \Phi\bigl((q - m_j)/(\sigma\sqrt{V_{jj}})\bigr)\,"
      r"\mathrm{IG}(\sigma^2; a_n, b_n)\,d\sigma^2$ by quadrature (absolute $10^{-8}$); its summary has the columns "
      r"mean, 2.5% and 97.5%.",
      group="routes", checks=("nig_posterior", "NIGPosterior.credible_interval"),
      against="quadrature over the inverse-gamma posterior of the noise variance (scipy.integrate.quad)")
def test_nig_intervals_hold_their_probability():
    X, y = _data(n=12)
    post = rp.nig_posterior(X, y, [0.5, 2.0, 1.0], rp.InverseGammaPrior(2.0, 1.5))
    lower, upper = post.credible_interval(0.95)

    def below(q, j):
        sd = np.sqrt(post.cov_factor[j, j])
        integrand = lambda v: ss.norm.cdf((q - post.mean[j]) / (np.sqrt(v) * sd)) * ss.invgamma.pdf(
            v, post.shape, scale=post.scale)
        return si.quad(integrand, 0, np.inf, epsabs=1e-12, epsrel=1e-12, limit=200)[0]

    for j in range(3):
        assert below(lower[j], j) == pytest.approx(0.025, abs=1e-8)
        assert below(upper[j], j) == pytest.approx(0.975, abs=1e-8)
    table = post.summary()
    assert list(table.columns) == ["mean", "2.5%", "97.5%"]
    np.testing.assert_array_equal(table.to_numpy(), np.column_stack([post.mean, lower, upper]))


@prop(r"The Gibbs summary reads the draws: per coefficient their mean, standard deviation ($n - 1$ in the "
      r"denominator), 2.5% and 97.5% quantiles, and, with several chains of at least four draws, split-$\hat R$ and "
      r"bulk ESS (not with one chain, nor with three draws per chain); the credible interval is each coefficient's "
      r"own pair of quantiles (95% by default); the intercept row reads the intercept's draws the same way.",
      group="routes", checks=("bayesian_lasso_gibbs", "GibbsSamples.credible_interval"))
def test_gibbs_summary_reads_the_draws():
    X, y = _data(n=20, p=2)
    draws = rp.bayesian_lasso_gibbs(X, y, 0.5, 0.5, fit_intercept=True, n_samples=4, burn_in=5, random_state=1)
    table = draws.summary()
    assert list(table.columns) == ["mean", "sd", "2.5%", "97.5%", "r_hat", "ess_bulk"]
    coefs = table.loc[["x0", "x1"]]
    np.testing.assert_allclose(coefs["mean"], draws.coef.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(coefs["sd"], draws.coef.std(axis=0, ddof=1), rtol=1e-14)
    np.testing.assert_allclose(coefs["2.5%"], np.quantile(draws.coef, 0.025, axis=0), rtol=1e-14)
    np.testing.assert_allclose(coefs["97.5%"], np.quantile(draws.coef, 0.975, axis=0), rtol=1e-14)
    np.testing.assert_allclose(coefs["r_hat"], draws.rhat(), rtol=1e-14)
    np.testing.assert_allclose(coefs["ess_bulk"], draws.ess(), rtol=1e-14)
    row = table.loc["(intercept)"]
    b0 = draws.intercept
    expected = [b0.mean(), b0.std(ddof=1), np.quantile(b0, 0.025), np.quantile(b0, 0.975),
                draws.rhat("intercept"), draws.ess("intercept")]
    np.testing.assert_allclose(row.to_numpy(dtype=float), expected, rtol=1e-14)
    lo, hi = draws.credible_interval(0.5)
    np.testing.assert_array_equal(lo, np.quantile(draws.coef, 0.25, axis=0))
    np.testing.assert_array_equal(hi, np.quantile(draws.coef, 0.75, axis=0))
    lo, hi = draws.credible_interval()  # the default level is 95%
    np.testing.assert_array_equal(lo, coefs["2.5%"])
    np.testing.assert_array_equal(hi, coefs["97.5%"])

    one_chain = rp.bayesian_lasso_gibbs(X, y, 0.5, 0.5, fit_intercept=True, n_samples=50, n_chains=1,
                                        random_state=1).summary()
    assert list(one_chain.columns) == ["mean", "sd", "2.5%", "97.5%"]
    short = rp.bayesian_lasso_gibbs(X, y, 0.5, 0.5, fit_intercept=True, n_samples=3, random_state=1).summary()
    assert list(short.columns) == ["mean", "sd", "2.5%", "97.5%"]


@prop(r"The selection tables print what the results hold: `ridge_loo_gcv`'s summary has columns loo, gcv and dof "
      r"indexed by lam, `estimate_noise_sd`'s one row noise_sd, method, rss, dof and lam.",
      group="routes", checks=("ridge_loo_gcv", "estimate_noise_sd"))
def test_selection_tables_print_the_results():
    X, y = _data(n=30)
    lams = np.array([0.1, 1.0, 10.0])
    sel = rp.ridge_loo_gcv(X, y, lams)
    expected = pd.DataFrame({"loo": sel.loo, "gcv": sel.gcv, "dof": sel.dof}, index=pd.Index(lams, name="lam"))
    pd.testing.assert_frame_equal(sel.summary(), expected)
    est = rp.estimate_noise_sd(X, y, fit_intercept=True)
    expected = pd.DataFrame({"noise_sd": [est.noise_sd], "method": [est.method], "rss": [est.rss],
                             "dof": [est.dof], "lam": [est.lam]})
    pd.testing.assert_frame_equal(est.summary(), expected)


@prop(r"An elastic-net `lasso_cv` result states its strengths in the canonical objective "
      r"$\lVert y - X\beta\rVert^2 + \lambda_1\lVert\beta\rVert_1 + \lambda_2\lVert\beta\rVert_2^2$: refitting "
      r"`rp.elastic_net` at `strengths()` gives the result's coefficients (absolute $10^{-6}$), and `prior(sigma)` "
      r"is the Laplace prior $b = 2\sigma^2/\lambda_1$ with the Gaussian $\sigma_w = \sigma/\sqrt{\lambda_2}$; a "
      r"fitted intercept is a row of the summary.",
      group="routes", checks=("lasso_cv", "elastic_net"))
def test_elastic_net_cv_states_its_strengths_and_prior():
    X, y = _data(n=60, p=4, seed=3)
    result = rp.lasso_cv(X, y, l1_ratio=0.4, n_lams=20, cv=3, fit_intercept=True, tol=1e-12)
    lam1, lam2 = result.strengths()
    assert lam1 == pytest.approx(0.4 * result.lam_min) and lam2 > 0
    refit = rp.elastic_net(X, y, lam1, lam2, fit_intercept=True, tol=1e-12)
    np.testing.assert_allclose(refit.coef, result.fit.coef, atol=1e-6)
    laplace, gaussian = result.prior(0.7)
    assert laplace.scale == pytest.approx(2 * 0.7**2 / lam1)
    assert gaussian.scale == pytest.approx(0.7 / np.sqrt(lam2))
    assert "(intercept)" in result.summary().index
