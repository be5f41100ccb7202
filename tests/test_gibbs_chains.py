"""Several Gibbs chains, their convergence diagnostics (split-R-hat, ESS), the intercept, and the ArviZ export."""

from __future__ import annotations

import numpy as np
import pytest

import regprior as rp
from regprior.posterior.diagnostics import ess_bulk, split_rhat
from tests.properties import prop
from tests.strategies import mc_draws
from tests.test_bayesian_lasso import _exact_1d, _within_mc_error


def _ar1(rng, rho, shape):
    x = np.zeros(shape)
    noise = rng.standard_normal(shape) * np.sqrt(1 - rho**2)
    x[:, 0] = rng.standard_normal(shape[0])
    for t in range(1, shape[1]):
        x[:, t] = rho * x[:, t - 1] + noise[:, t]
    return x


@prop(r"Split-$\hat R$ and the bulk effective sample size behave as their definitions require on chains whose "
      r"answers are known: independent normal draws give $\hat R < 1.01$ and an ESS within 15% of the number of "
      r"draws; autoregressive chains with $\rho = 0.8$ give an ESS within 25% of $N(1-\rho)/(1+\rho)$; chains centred "
      r"at different values give $\hat R > 1.1$; a chain with a trend (its two halves disagree) gives "
      r"$\hat R > 1.1$ although it is a single chain.",
      group="routes", checks=("posterior.diagnostics.split_rhat", "posterior.diagnostics.ess_bulk"),
      against="independent and AR(1) chains with known effective sizes")
def test_diagnostics_on_chains_with_known_answers():
    rng = np.random.default_rng(0)
    iid = rng.standard_normal((4, 1000))
    assert split_rhat(iid) < 1.01
    assert ess_bulk(iid) == pytest.approx(4000, rel=0.15)
    ar = _ar1(rng, 0.8, (4, 5000))
    assert ess_bulk(ar) == pytest.approx(20_000 * 0.2 / 1.8, rel=0.25)
    apart = rng.standard_normal((4, 500)) + np.arange(4)[:, None]
    assert split_rhat(apart) > 1.1
    trend = rng.standard_normal((1, 1000)) + np.linspace(0, 3, 1000)
    assert split_rhat(trend) > 1.1
    with pytest.raises(ValueError, match="at least 4 draws per chain"):
        split_rhat(np.zeros((2, 3)))


@prop(r"Split-$\hat R$ (rank-normalized, bulk and tail) and the bulk ESS equal ArviZ's `rhat(method=\"rank\")` and "
      r"`ess(method=\"bulk\")` (relative $10^{-10}$) on independent, autocorrelated, heavy-tailed and disagreeing "
      r"chains of even and odd length, and the Gibbs draws exported with `to_arviz()` give ArviZ the same values.",
      group="libraries", checks=("posterior.diagnostics.split_rhat", "posterior.diagnostics.ess_bulk",
                                 "GibbsSamples.rhat", "GibbsSamples.ess", "GibbsSamples.to_arviz"), against="ArviZ")
def test_diagnostics_match_arviz():
    import arviz as az  # in the test extra: the comparison always runs
    rng = np.random.default_rng(1)
    cases = [rng.standard_normal((4, 500)), _ar1(rng, 0.9, (3, 801)), rng.standard_t(2, (4, 333)),
             rng.standard_normal((2, 400)) + np.array([[0.0], [0.7]])]
    for draws in cases:
        assert split_rhat(draws) == pytest.approx(float(az.rhat(draws, method="rank")), rel=1e-10)
        assert ess_bulk(draws) == pytest.approx(float(az.ess(draws, method="bulk")), rel=1e-10)
    X = rng.standard_normal((40, 2))
    y = 1.0 + X @ np.array([1.0, -0.5]) + 0.5 * rng.standard_normal(40)
    samples = rp.bayesian_lasso_gibbs(X, y, 0.5, 0.5, fit_intercept=True, n_samples=300, random_state=2)
    idata = samples.to_arviz()
    # the noise variance is known here (every draw the same), so only the sampled variables are compared
    np.testing.assert_allclose(az.rhat(idata, var_names=["coef"], method="rank")["coef"].values, samples.rhat(),
                               rtol=1e-10)
    np.testing.assert_allclose(az.ess(idata, var_names=["intercept"], method="bulk")["intercept"].values,
                               samples.ess("intercept"), rtol=1e-10)


@prop(r"With `fit_intercept=True` and one coefficient, the sampler's posterior mean and median of $\beta$ lie within "
      r"four batch-means standard errors of the exact ones by quadrature of the posterior with the intercept "
      r"integrated out (the centred data), and the intercept's draws average to $\bar y - \bar x\,E[\beta]$ and "
      r"spread by $\sqrt{\sigma^2/n + \bar x^2 \mathrm{Var}[\beta]}$; the four chains agree ($\hat R < 1.01$).",
      group="routes", checks=("bayesian_lasso_gibbs", "GibbsSamples.rhat"),
      against="numerical quadrature of the one-dimensional posterior of the centred data")
def test_gibbs_intercept_is_integrated_out_exactly():
    rng = np.random.default_rng(4)
    n, sigma, b = 25, 0.8, 0.4
    x = 2.0 + rng.standard_normal(n)
    y = 5.0 + 0.3 * x + sigma * rng.standard_normal(n)
    xc, yc = x - x.mean(), y - y.mean()
    mean, median, _ = _exact_1d(xc @ xc, xc @ yc, sigma, b)
    draws = rp.bayesian_lasso_gibbs(x[:, None], y, rp.LaplacePrior(b), sigma, fit_intercept=True,
                                    n_samples=mc_draws(10_000), random_state=6)
    _within_mc_error(draws.mean(), mean, draws.standard_error(np.mean))
    _within_mc_error(draws.median(), median, draws.standard_error(np.median))
    assert draws.intercept.mean() == pytest.approx(y.mean() - x.mean() * mean, abs=4 * 0.05)
    spread = np.sqrt(sigma**2 / n + x.mean() ** 2 * draws.coef[:, 0].var())
    assert draws.intercept.std() == pytest.approx(spread, rel=0.05)
    assert np.all(draws.rhat() < 1.01) and draws.rhat("intercept") < 1.01


@prop("The chains are reproducible for a seed and differ from each other; the summary table has one row per feature "
      "(named from a DataFrame's columns) and the intercept, with mean, sd, 95% interval, R-hat and ESS; a prior with "
      "a mean, an unknown quantity name and a bad chain count are refused.",
      group="inputs", checks=("bayesian_lasso_gibbs", "GibbsSamples.chains", "GibbsSamples.summary"))
def test_chains_reproducible_summary_and_refusals():
    import pandas as pd

    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.standard_normal((30, 2)), columns=["dose", "age"])
    y = 2.0 + X.to_numpy() @ np.array([1.0, 0.0]) + rng.standard_normal(30)
    one = rp.bayesian_lasso_gibbs(X, y, 0.5, noise_prior=rp.InverseGammaPrior(2.0, 1.0), fit_intercept=True,
                                  n_samples=200, burn_in=20, random_state=3)
    two = rp.bayesian_lasso_gibbs(X, y, 0.5, noise_prior=rp.InverseGammaPrior(2.0, 1.0), fit_intercept=True,
                                  n_samples=200, burn_in=20, random_state=3)
    np.testing.assert_array_equal(one.coef, two.coef)
    chains = one.chains()
    assert chains.shape == (4, 200, 2) and not np.array_equal(chains[0], chains[1])
    table = one.summary()
    assert list(table.index) == ["(intercept)", "dose", "age"]
    assert list(table.columns) == ["mean", "sd", "2.5%", "97.5%", "r_hat", "ess_bulk"]
    np.testing.assert_allclose(table.loc["dose", "mean"], one.coef[:, 0].mean())
    with pytest.raises(ValueError, match="b: the Gibbs sampler takes a Laplace prior centred at 0"):
        rp.bayesian_lasso_gibbs(X, y, rp.LaplacePrior(0.5, mean=1.0), 1.0, n_samples=5)
    with pytest.raises(ValueError, match="name must be one of"):
        one.chains("tau")
    with pytest.raises(ValueError, match="n_chains must be >= 1"):
        rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_chains=0)


@prop(r"The diagnostics' edge cases agree with ArviZ or with their definition: one chain given as a vector or as a "
      r"row, chains of exactly four draws, several quantities at once (each equal to ArviZ's), a negatively "
      r"autocorrelated chain (Geyer's monotone sequence matters there) and one chain alone (relative $10^{-10}$); "
      r"constant draws have $\hat R = 1$ when the chains agree and $\infty$ when they do not, and an ESS equal to "
      r"the number of draws; NaN draws are refused by name; `to_arviz()` names the variables `coef`, `mixing_var`, "
      r"`noise_var` and `intercept` and indexes the coefficients by feature name.",
      group="libraries", checks=("posterior.diagnostics.split_rhat", "posterior.diagnostics.ess_bulk",
                                 "GibbsSamples.to_arviz"), against="ArviZ")
def test_diagnostics_edge_cases():
    import arviz as az
    import pandas as pd

    rng = np.random.default_rng(11)
    chain = rng.standard_normal(50)
    assert split_rhat(chain) == split_rhat(chain[None, :])
    assert ess_bulk(chain) == pytest.approx(float(az.ess(chain[None, :], method="bulk")), rel=1e-10)
    four = rng.standard_normal((3, 4))
    assert split_rhat(four) == pytest.approx(float(az.rhat(four, method="rank")), rel=1e-10)
    several = rng.standard_normal((4, 120, 2, 3)) + np.arange(6).reshape(2, 3)
    for (i, j), value in np.ndenumerate(split_rhat(several)):
        assert value == pytest.approx(float(az.rhat(several[:, :, i, j], method="rank")), rel=1e-10)
    for (i, j), value in np.ndenumerate(ess_bulk(several)):
        assert value == pytest.approx(float(az.ess(several[:, :, i, j], method="bulk")), rel=1e-10)
    alternating = _ar1(rng, -0.7, (2, 600))
    assert ess_bulk(alternating) == pytest.approx(float(az.ess(alternating, method="bulk")), rel=1e-10)
    assert split_rhat(np.full((3, 10), 2.0)) == 1.0
    assert split_rhat(np.array([[1.0] * 8, [2.0] * 8])) == np.inf
    assert ess_bulk(np.full((3, 10), 2.0)) == 30.0
    with pytest.raises(ValueError, match="^draws must be finite$"):
        ess_bulk(np.array([[0.0, 1.0, np.nan, 2.0, 3.0]]))

    X = pd.DataFrame(rng.standard_normal((30, 2)), columns=["dose", "age"])
    y = 1.0 + X.to_numpy() @ np.array([1.0, 0.0]) + rng.standard_normal(30)
    samples = rp.bayesian_lasso_gibbs(X, y, 0.5, noise_prior=rp.InverseGammaPrior(2.0, 1.0), fit_intercept=True,
                                      n_samples=20, n_chains=2, random_state=1)
    posterior = samples.to_arviz().posterior
    assert set(posterior.data_vars) == {"coef", "mixing_var", "noise_var", "intercept"}
    assert list(posterior["coef"].coords["feature"].values) == ["dose", "age"]
    assert posterior["mixing_var"].dims == ("chain", "draw", "feature")
    np.testing.assert_array_equal(posterior["noise_var"].values, samples.chains("noise_var"))
