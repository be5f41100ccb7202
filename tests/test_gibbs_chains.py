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
      r"chains of even and odd length, also short ones (4 to 12 draws, where Geyer's sequence meets the chain's "
      r"end), and the Gibbs draws exported with `to_arviz()` give ArviZ the same values.",
      group="libraries", checks=("posterior.diagnostics.split_rhat", "posterior.diagnostics.ess_bulk",
                                 "GibbsSamples.rhat", "GibbsSamples.ess", "GibbsSamples.to_arviz"), against="ArviZ")
def test_diagnostics_match_arviz():
    import arviz as az  # in the test extra: the comparison always runs
    rng = np.random.default_rng(1)
    cases = [rng.standard_normal((4, 500)), _ar1(rng, 0.9, (3, 801)), rng.standard_t(2, (4, 333)),
             rng.standard_normal((2, 400)) + np.array([[0.0], [0.7]])]
    # short chains (4 to 12 draws) end Geyer's sequence at the chain's end, where its stopping rules meet
    short = [rng.standard_normal((2, n)).cumsum(axis=1) * rng.uniform(0, 1) + rng.standard_normal((2, n))
             for n in range(4, 13) for _ in range(3)]
    for draws in cases + short:
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
      "a mean, an unknown quantity name (the message lists those the draws hold) and a bad chain count are refused.",
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
    with pytest.raises(ValueError) as info:
        one.chains("tau")
    assert str(info.value) == "name must be one of 'coef', 'mixing_var', 'noise_var', 'intercept'; got 'tau'"
    no_intercept = rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_samples=4, burn_in=0, n_chains=1, random_state=3)
    with pytest.raises(ValueError) as info:
        no_intercept.chains("intercept")
    assert str(info.value) == "name must be one of 'coef', 'mixing_var', 'noise_var'; got 'intercept'"
    with pytest.raises(ValueError, match="n_chains must be >= 1"):
        rp.bayesian_lasso_gibbs(X, y, 0.5, 1.0, n_chains=0)


@prop(r"The diagnostics' edge cases agree with ArviZ or with their definition: one chain given as a vector or as a "
      r"row, chains of exactly four draws, several quantities at once (each equal to ArviZ's), a negatively "
      r"autocorrelated chain (Geyer's monotone sequence matters there), tied draws with a pair of "
      r"autocorrelations summing to exactly 0, and one chain alone (relative $10^{-10}$); "
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
    # tied 0/1 draws whose split chains have autocorrelations rho_4 + rho_5 = 0 exactly: Geyer's pairs stop there,
    # keeping that pair (ArviZ: the sum must be > 0 to go on, and >= 0 to keep the pair)
    ties = np.array([[1.0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1]])
    assert ess_bulk(ties) == pytest.approx(float(az.ess(ties, method="bulk")), rel=1e-10)
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


@prop(r"Burn-in and thinning select sweeps of one chain: for a seed, the draws with `burn_in=1, thin=3` are every "
      r"third draw of the chain kept from sweep 1 with `thin=1` (both run 13 sweeps), and those with `burn_in=4` "
      r"are its draws from the fourth on, for $\beta$, $\tau^2$ and $\sigma^2$ alike, in the order drawn; the "
      r"mixing variances are stored as $\tau^2$, the reciprocals of what the inverse-Gaussian step draws: their "
      r"chain average matches that of $E[\tau_j^2 \mid \beta_j] = b|\beta_j| + b^2$ (within 10%).",
      group="routes", checks=("bayesian_lasso_gibbs", "GibbsSamples.chains"))
def test_burn_in_and_thinning_select_sweeps_of_one_chain():
    rng = np.random.default_rng(21)
    X = rng.standard_normal((25, 3))
    y = X @ np.array([1.0, 0.0, -0.5]) + 0.5 * rng.standard_normal(25)
    prior = rp.InverseGammaPrior(3.0, 1.0)

    def run(burn_in, thin, n_samples):
        return rp.bayesian_lasso_gibbs(X, y, 0.4, noise_prior=prior, burn_in=burn_in, thin=thin, n_samples=n_samples,
                                       n_chains=1, random_state=5)

    every = run(1, 1, 12)
    thinned = run(1, 3, 4)
    later = run(4, 1, 9)
    for name in ("coef", "mixing_var", "noise_var"):
        np.testing.assert_array_equal(getattr(thinned, name), getattr(every, name)[::3])
        np.testing.assert_array_equal(getattr(later, name), getattr(every, name)[3:])
    # given beta_j, 1/tau_j^2 is inverse Gaussian with mean 1/(b |beta_j|) and shape 1/b^2, so E[tau_j^2 | beta_j] =
    # b |beta_j| + b^2 (the mean of the reciprocal of an inverse Gaussian is 1/mean + 1/shape); over the chain the
    # average of tau^2 matches the average of b |beta| + b^2, which the reciprocals stored in its place would not
    long = run(200, 1, 4000)
    ratio = long.mixing_var.mean(axis=0) / (0.4 * np.abs(long.coef) + 0.4**2).mean(axis=0)
    np.testing.assert_allclose(ratio, 1.0, rtol=0.1)


@prop(r"A `GibbsSamples` made from given draws summarizes exactly those draws: `chains` splits them chain after "
      r"chain; the summary's sd uses $n - 1$, its interval the 2.5% and 97.5% quantiles, for the coefficients and the "
      r"intercept alike; R-hat and the bulk ESS appear with two or more chains of at least four draws (and not with "
      r"one chain or three draws per chain); the batch-means standard error is the $n-1$ spread of the batch "
      r"statistics over $\sqrt{\text{batches}}$; and the ArviZ export holds the same draws by chain, with the "
      r"feature names as the coefficients' coordinate.",
      group="routes", checks=("GibbsSamples.summary", "GibbsSamples.chains", "GibbsSamples.standard_error",
                              "GibbsSamples.to_arviz", "GibbsSamples.rhat", "GibbsSamples.ess"))
def test_gibbs_samples_summarize_the_given_draws():
    from regprior.posterior.gibbs import GibbsSamples

    rng = np.random.default_rng(4)
    coef = rng.standard_normal((12, 2)) * [1.0, 3.0] + [0.5, -2.0]
    intercept = rng.standard_normal(12) + 4.0
    draws = GibbsSamples(coef, rng.uniform(0.5, 2.0, (12, 2)), rng.uniform(0.5, 2.0, 12), intercept, n_chains=2)
    np.testing.assert_array_equal(draws.chains(), coef.reshape(2, 6, 2))
    np.testing.assert_array_equal(draws.chains("intercept"), intercept.reshape(2, 6))
    table = draws.summary()
    assert list(table.index) == ["(intercept)", "x0", "x1"]
    for row, values in [("(intercept)", intercept), ("x0", coef[:, 0]), ("x1", coef[:, 1])]:
        expected = [values.mean(), values.std(ddof=1), np.quantile(values, 0.025), np.quantile(values, 0.975)]
        np.testing.assert_allclose(table.loc[row, ["mean", "sd", "2.5%", "97.5%"]].to_numpy(float), expected,
                                   rtol=1e-12)
    np.testing.assert_allclose(table.loc["x1", "r_hat"], split_rhat(draws.chains()[:, :, 1]), rtol=1e-12)
    np.testing.assert_allclose(table.loc["(intercept)", "ess_bulk"], ess_bulk(intercept.reshape(2, 6)), rtol=1e-12)
    shorter = GibbsSamples(coef[:8], coef[:8] ** 2, np.ones(8), intercept[:8], n_chains=2)
    assert "r_hat" in shorter.summary().columns  # two chains of four draws
    for few in (GibbsSamples(coef[:6], coef[:6] ** 2, np.ones(6), intercept[:6], n_chains=2),
                GibbsSamples(coef, coef**2, np.ones(12), intercept, n_chains=1)):
        assert list(few.summary().columns) == ["mean", "sd", "2.5%", "97.5%"]
    batches = np.array_split(coef, 3)
    expected = np.array([batch.mean(axis=0) for batch in batches]).std(axis=0, ddof=1) / np.sqrt(3)
    np.testing.assert_allclose(draws.standard_error(np.mean, n_batches=3), expected, rtol=1e-12)
    medians = np.array([np.median(batch, axis=0) for batch in np.array_split(coef, 4)])
    np.testing.assert_allclose(draws.standard_error(np.median, n_batches=4), medians.std(axis=0, ddof=1) / 2,
                               rtol=1e-12)
    data = draws.to_arviz()
    np.testing.assert_array_equal(data.posterior["coef"].to_numpy(), coef.reshape(2, 6, 2))
    np.testing.assert_array_equal(data.posterior["intercept"].to_numpy(), intercept.reshape(2, 6))
    np.testing.assert_array_equal(data.posterior["mixing_var"].to_numpy(), draws.mixing_var.reshape(2, 6, 2))
    np.testing.assert_array_equal(data.posterior["noise_var"].to_numpy(), draws.noise_var.reshape(2, 6))
    assert list(data.posterior["coef"].coords["feature"].to_numpy()) == ["x0", "x1"]


@prop(r"`bayesian_lasso_gibbs` at the edges refuses with whole messages naming the argument: a Laplace scale whose "
      r"$1/b^2$ overflows ($b = 10^{-160}$, $10^{-170}$), a scale $b\sigma$ out of range or 0 with `scale_with_noise`, "
      r"a scale with one value per feature of the wrong length, a Laplace prior with a nonzero mean, "
      r"a chain that leaves float64 ($b = 8\cdot 10^{-155}$, whose $1/b^2$ is representable; $b = 10^{-150}$ with "
      r"`scale_with_noise` and an unknown $\sigma$ near $10^{-10}$, whose $1/(b\sigma)^2$ and the rate of "
      r"$\sigma^2$'s full conditional overflow in sweep 0, and $b = 2.5\cdot 10^{-144}$ there, whose mixing variances "
      r"and that rate overflow in sweep 3 ($b = 10^{-143}$: in sweep 49, to $\infty$, so that the draw of "
      r"$1/\sigma^2$ is 0), or with $\sigma$ near $10^{100}$ and $b = 10^{100}$, whose mixing "
      r"variances overflow; $b = 10^{154}$, whose "
      r"mixing variances overflow although the coefficients stay finite; with $p > n$ and a "
      r"nearly flat prior, $b = 10^{100}$, at the first sweep's factorization), while $b = 10^{-110}$ and, with "
      r"$n > p$, $b = 10^{100}$ run; an improper "
      r"posterior of $\sigma^2$ ($a_0 = 0$ with one sample and an intercept), a `LaplacePrior` with "
      r"`scale_with_noise`, a noise prior of another type; and none of them lets a floating-point warning out "
      r"first. A prior with $a_0 = 0$ and two samples is proper and runs; `burn_in=0` is allowed; the defaults are "
      r"2000 draws after 500 sweeps of burn-in, unthinned, in 4 chains.",
      group="inputs", checks="bayesian_lasso_gibbs")
def test_gibbs_sampler_edges():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((6, 2))
    y = X[:, 0] + 0.1 * rng.standard_normal(6)
    wide = rng.standard_normal((3, 5))
    short = {"n_samples": 3, "burn_in": 1, "n_chains": 1, "random_state": 0}
    remedy = ("rescale X and y so that the coefficients, b and the noise sd are within a few hundred orders of "
              "magnitude of 1")
    chain_left = f"b, X, y: the chain left the range of float64 (a draw overflowed or was NaN); {remedy}"
    unrepresentable = (": the result is not representable in float64 for these values (overflow or underflow); "
                       "rescale the problem")

    def noise_rate_left(sweep):
        return (f"b, X, y: in sweep {sweep} the chain left the range of float64 (the rate of the noise variance's full "
                f"conditional overflowed, or its draw underflowed); {remedy}")

    refusals = [
        ((X, y, 1e-160, 1.0), {}, ValueError, "b (1/b^2, the shape of the full conditional of 1/tau^2)"
         + unrepresentable),
        ((X, y, 1e-80, 1e-75), {"scale_with_noise": True}, ValueError,
         "b * noise_sd (the Laplace scale the prior has at this noise level)" + unrepresentable),
        ((X, y, 1e-170, 1.0), {}, ValueError, "b (1/b^2, the shape of the full conditional of 1/tau^2)"
         + unrepresentable),  # b^2 underflows to 0
        ((X, y, 1e-154, 1e-154), {"scale_with_noise": True}, ValueError,
         "b * noise_sd (the Laplace scale the prior has at this noise level)" + unrepresentable),  # (b sigma)^2 is 0
        ((X, y, 8e-155, 1.0), {}, ValueError, chain_left),  # 1/b^2 = 1.6e308 is representable, the chain is not
        ((X, y, 8e-155, 1.0), {"scale_with_noise": True}, ValueError, chain_left),
        # sigma^2 unknown, near 1e-20: the absolute scale b sigma, near 1e-160, has a 1/(b sigma)^2 that overflows, and
        # so does the rate of sigma^2's full conditional (whose draw 1/sigma^2 was then 0, divided by)
        ((X, 1e-10 * y, 1e-150), {"noise_prior": rp.InverseGammaPrior(1.0, 1e-20), "scale_with_noise": True},
         ValueError, noise_rate_left(0)),
        # the other way, sigma near 1e100 unknown and b = 1e100: b sigma |beta_j| overflows, so a drawn 1/tau_j^2 is 0
        ((X, 1e100 * y, 1e100), {"noise_prior": rp.InverseGammaPrior(1.0, 1e200), "scale_with_noise": True},
         ValueError, chain_left),
        # a little larger, b sigma near 2.5e-154: in sweep 3 the mixing variances sigma^2 tau_j^2 overflow as sigma^2
        # moves, and with them that rate
        ((X, 1e-10 * y, 2.5e-144), {"noise_prior": rp.InverseGammaPrior(1.0, 1e-20), "scale_with_noise": True,
                                    "n_samples": 50, "random_state": 3}, ValueError, noise_rate_left(3)),
        # at b = 1e-143 the rate overflows to inf, not NaN, in sweep 49: its draw 1/sigma^2 is exactly 0
        ((X, 1e-10 * y, 1e-143), {"noise_prior": rp.InverseGammaPrior(1.0, 1e-20), "scale_with_noise": True,
                                  "n_samples": 50, "random_state": 1}, ValueError, noise_rate_left(49)),
        # 2 b^2, the prior's mean mixing variance, overflows at the start; the drawn mixing variances overflow too
        ((X, y, 1e154, 1.0), {}, ValueError, chain_left),
        ((wide, wide[:, 0], 1e100, 1.0), {}, ValueError, "b, X, y: in sweep 0 the chain left the range of float64 (a "
         f"mixing variance overflowed or underflowed); {remedy}"),  # p > n: X^T X + ~0 is singular
        ((X[:1], y[:1], 1.0), {"noise_prior": rp.InverseGammaPrior(0.0, 1.0), "fit_intercept": True}, ValueError,
         "noise_prior: the posterior of sigma^2 is improper for these data (a0 + (n - 1)/2 <= 0)"),
        ((X, y, rp.LaplacePrior(1.0), 1.0), {"scale_with_noise": True}, TypeError,
         "b: with scale_with_noise=True, b is the Laplace scale in units of the noise sd (Park & Casella's 1/lambda), "
         "a number or an array; a LaplacePrior's scale is absolute"),
        ((X, y, 1.0), {"noise_prior": rp.GaussianPrior(1.0)}, TypeError,
         "noise_prior must be an InverseGammaPrior; got GaussianPrior"),
        ((X, y, np.ones(3), 1.0), {}, ValueError,
         "b must be a number or have one value per feature, shape (2,); got shape (3,)"),
        ((X, y, rp.LaplacePrior(1.0, mean=0.5), 1.0), {}, ValueError,
         "b: the Gibbs sampler takes a Laplace prior centred at 0; got a nonzero mean"),
    ]
    for args, kwargs, error, message in refusals:
        with pytest.raises(error) as info:
            rp.bayesian_lasso_gibbs(*args, **{**short, **kwargs})
        assert str(info.value) == message
    proper = rp.bayesian_lasso_gibbs(X[:2], y[:2], 1.0, noise_prior=rp.InverseGammaPrior(0.5, 1.0), fit_intercept=True,
                                     **short)
    assert np.all(np.isfinite(proper.noise_var))
    for scale_with_noise in (False, True):  # 1/b^2 = 1e220 and the chain are representable at b = 1e-110
        tiny = rp.bayesian_lasso_gibbs(X, y, 1e-110, 1.0, scale_with_noise=scale_with_noise, **short)
        assert np.all(np.isfinite(tiny.coef)) and np.all(np.abs(tiny.coef) < 1e-100)
        flat = rp.bayesian_lasso_gibbs(X, y, 1e100, 1.0, scale_with_noise=scale_with_noise, **short)
        assert np.all(np.isfinite(flat.coef)) and np.all(np.isfinite(flat.mixing_var))
    assert rp.bayesian_lasso_gibbs(X, y, 1.0, 1.0, **{**short, "burn_in": 0}).coef.shape == (3, 2)
    default = rp.bayesian_lasso_gibbs(X, y, 1.0, 1.0, random_state=4)
    explicit = rp.bayesian_lasso_gibbs(X, y, 1.0, 1.0, n_samples=2000, burn_in=500, thin=1, n_chains=4, random_state=4)
    assert default.n_chains == 4 and default.coef.shape == (8000, 2)
    np.testing.assert_array_equal(default.coef, explicit.coef)


@prop("Without ArviZ, `GibbsSamples.to_arviz()` raises an ImportError that says how to install it.",
      group="inputs", checks="GibbsSamples.to_arviz")
def test_to_arviz_without_arviz_says_how_to_get_it(monkeypatch):
    import sys

    draws = rp.bayesian_lasso_gibbs(np.eye(3), np.ones(3), 1.0, 1.0, n_samples=4, burn_in=0, n_chains=1,
                                    random_state=0)
    monkeypatch.setitem(sys.modules, "arviz", None)  # a None entry makes `import arviz` fail as if not installed
    with pytest.raises(ImportError) as info:
        draws.to_arviz()
    assert str(info.value) == ('to_arviz() needs ArviZ; install it with `pip install arviz` (or '
                               '`pip install "regprior[arviz]"`)')
