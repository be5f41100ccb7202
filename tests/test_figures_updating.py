"""The numbers behind the outlier, sequential-updating and prior-mean figures.

``figures/robustness.py`` and ``figures/updating.py`` plot quantities computed by their helpers. Here those
helpers are held to what the pages say the figures show: an outlier drags least squares and the lasso by the
same amount and LAD not at all once its residual has a sign; updating batch by batch gives the posterior of
all the data at once (the derived closed form); and the MAP's share of the way back to the prior mean only
shrinks as observations accumulate, more slowly for a stronger prior.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import regprior as rp
from figures.robustness import (OUTLIER_NOISE_SD, OUTLIER_PRIOR_SCALE, SHIFTS, outlier_data, pulled_fits)
from figures.updating import (BATCH_SIZE, DRIFT_NOISE_SD, DRIFT_NS, DRIFT_PRIOR_MEAN, DRIFT_PRIOR_SDS, N_BATCHES,
                              UPDATE_NOISE_SD, UPDATE_PRIOR_MEAN, UPDATE_PRIOR_SD, batch_posteriors, drift,
                              drift_data, prior_share, sequential_posteriors, update_data)
from tests.properties import prop
from tests.strategies import powers_of_ten
from tests.symbolic_cases import gaussian_posterior_cases, prior_mean_cases

SEEDS = st.integers(0, 2**32 - 1)


def _figure_lam() -> float:
    """The lasso's λ = 2σ²/b of the outlier figure."""
    return rp.LaplacePrior(OUTLIER_PRIOR_SCALE).penalty_strength(OUTLIER_NOISE_SD)


# ------------------------------------------------------------------------------------------- the outlier
@prop(r"On the outlier figure's data, lifting the response with the largest $x$ by $\delta$ from 0 to 10 moves the "
      "least-squares and lasso slopes along two parallel straight lines (the lasso's lower by its shrinkage), "
      r"while the LAD slope does not move at all, so at every $\delta > 0$ LAD has moved less than least squares "
      "(claim S0-15).",
      group="metamorphic", checks=("ridge", "lasso", "lad", "LaplacePrior"))
def test_outlier_figure_drags_least_squares_and_the_lasso_but_not_lad():
    X, y, index = outlier_data()
    fits = pulled_fits(X, y, index, SHIFTS, _figure_lam())
    ls, lasso, lad = (fits[name].slope for name in ("least squares", "lasso", "LAD"))
    rate = np.diff(ls) / np.diff(SHIFTS)
    np.testing.assert_allclose(rate, rate[0], rtol=1e-9)  # least squares is affine in the shift
    np.testing.assert_allclose(lasso - ls, lasso[0] - ls[0], atol=1e-9)  # parallel
    assert lasso[0] < ls[0] - 0.1 and lasso.min() > 0  # visibly shrunk, never zero
    moved = SHIFTS > 0
    assert np.all(np.abs(lad - lad[0])[moved] < np.abs(ls - ls[0])[moved])
    np.testing.assert_allclose(lad, lad[0], atol=1e-9)
    assert ls[-1] - ls[0] > 1.5  # the figure shows a large pull, not a marginal one


@prop(r"For any seeded sample of the outlier figure's kind and a lift $\delta$ of at least ten noise standard "
      r"deviations, doubling $\delta$ doubles the change of the least-squares slope, changes the lasso slope by "
      "exactly as much as least squares (the Laplace prior does not see the responses), and leaves the LAD fit "
      "unchanged once the lifted point's LAD residual is positive: a Laplace likelihood bounds the outlier's "
      "pull, a Laplace prior does not (claim S0-15, erratum E3).",
      group="metamorphic", checks=("ridge", "lasso", "lad"))
@given(seed=SEEDS, shift=st.floats(3.0, 30.0))
def test_an_outlier_pulls_the_lasso_like_least_squares_and_lad_boundedly(seed, shift):
    X, y, index = outlier_data(seed)
    fits = pulled_fits(X, y, index, [0.0, shift, 2 * shift], _figure_lam())
    ls, lasso, lad = (fits[name] for name in ("least squares", "lasso", "LAD"))
    first, second = ls.slope[1] - ls.slope[0], ls.slope[2] - ls.slope[0]
    assert second == pytest.approx(2 * first, rel=1e-9)
    assert np.all(lasso.slope > 0)  # the lasso is off its kink, where the prior's pull is a constant
    np.testing.assert_allclose(lasso.slope - lasso.slope[0], ls.slope - ls.slope[0], atol=1e-9)
    # the invariance holds once the lifted point lies above the LAD line; below it, lifting further still moves it
    residual = y[index] + shift - lad.intercept[1] - lad.slope[1] * X[index, 0]
    assume(residual > 1e-9)
    assert lad.slope[2] == pytest.approx(lad.slope[1], abs=1e-8)
    assert lad.intercept[2] == pytest.approx(lad.intercept[1], abs=1e-8)


# ---------------------------------------------------------------------------------- sequential updating
@prop("Updating a normal mean batch by batch, each posterior becoming the next prior, gives after every batch the "
      "posterior of all the observations so far at once, and that is the derived closed form "
      r"$C = (X^\top X/\sigma^2 + \Sigma^{-1})^{-1}$, $m = C(X^\top y/\sigma^2 + \Sigma^{-1}\theta_0)$; the "
      "posterior standard deviation shrinks with every batch (claim S2-2).",
      group="routes", evaluates=("gaussian-posterior:covariance_iid", "gaussian-posterior:mean_iid"),
      checks=("gaussian_posterior", "MultivariateGaussianPrior", "GaussianPrior"),
      against="the derived closed form, all data at once")
@given(seed=SEEDS, n_batches=st.integers(1, 6), batch_size=st.integers(1, 6), prior_sd=powers_of_ten(-1, 1),
       prior_mean=st.floats(-3, 3), noise=powers_of_ten(-1, 1))
def test_batch_by_batch_posteriors_equal_all_at_once_and_narrow(seed, n_batches, batch_size, prior_sd, prior_mean,
                                                                 noise):
    batches = update_data(seed, n_batches, batch_size)
    prior = rp.GaussianPrior(prior_sd, mean=prior_mean)
    steps = sequential_posteriors(batches, prior, noise)
    together = batch_posteriors(batches, prior, noise)
    case = gaussian_posterior_cases()
    Sigma, theta0 = np.array([[prior_sd**2]]), np.array([prior_mean])
    for k, (step, joint) in enumerate(zip(steps, together)):
        X = np.vstack([Xb for Xb, _ in batches[:k + 1]])
        y = np.concatenate([yb for _, yb in batches[:k + 1]])
        np.testing.assert_allclose(step.cov, joint.cov, rtol=1e-10)
        np.testing.assert_allclose(step.mean, joint.mean, rtol=1e-10, atol=1e-12 * (1 + abs(prior_mean)))
        np.testing.assert_allclose(joint.cov, case["covariance"](X, Sigma, noise), rtol=1e-10)
        np.testing.assert_allclose(joint.mean, case["mean"](X, y, Sigma, theta0, noise), rtol=1e-10,
                                   atol=1e-12 * (1 + abs(prior_mean)))
    variances = [prior_sd**2] + [step.cov[0, 0] for step in steps]
    assert all(later < earlier for earlier, later in zip(variances, variances[1:]))


@prop("On the sequential-updating figure's data the posterior of all 20 observations at once is the last "
      "batch-by-batch posterior, and the 95% interval narrows from the prior's to less than a sixth of it.",
      group="routes", checks=("gaussian_posterior", "MultivariateGaussianPrior"))
def test_sequential_updating_figure_ends_on_the_all_at_once_posterior():
    batches = update_data()
    prior = rp.GaussianPrior(UPDATE_PRIOR_SD, mean=UPDATE_PRIOR_MEAN)
    last = sequential_posteriors(batches, prior, UPDATE_NOISE_SD)[-1]
    at_once = rp.gaussian_posterior(np.ones((N_BATCHES * BATCH_SIZE, 1)), np.concatenate([y for _, y in batches]),
                                    prior, UPDATE_NOISE_SD)
    np.testing.assert_allclose(last.mean, at_once.mean, rtol=1e-12)
    np.testing.assert_allclose(last.cov, at_once.cov, rtol=1e-12)
    assert np.sqrt(last.cov[0, 0]) < UPDATE_PRIOR_SD / 6


# ------------------------------------------------------------------------------ away from the prior mean
def _share_slack(least_squares, prior_mean):
    """Rounding in the share (MAP - LS)/(theta0 - LS): the estimates' rounding over the denominator."""
    return 1e-10 * (1 + np.abs(least_squares) + abs(prior_mean)) / np.abs(prior_mean - least_squares)


@prop(r"For any seeded stream $y = 2x + \varepsilon$ and any prior $\mathcal N(\theta_0, \sigma_w^2)$, the MAP "
      "on the first $n$ observations is the derived one-coefficient solution, and its share of the way from "
      r"least squares back to $\theta_0$ lies in $[0, 1]$, never grows with $n$, and is larger under a prior "
      "ten times narrower (claim S2-15).",
      group="metamorphic", evaluates="prior-mean:scalar_solution", checks=("map_estimate", "ridge", "GaussianPrior"))
@given(seed=SEEDS, prior_sd=powers_of_ten(-2, 0), prior_mean=st.floats(-3, 3))
def test_the_map_share_of_the_prior_mean_only_shrinks_as_data_accumulate(seed, prior_sd, prior_mean):
    ns = DRIFT_NS[DRIFT_NS <= 2000]
    X, y = drift_data(seed, int(ns[-1]))
    scalar = prior_mean_cases()["scalar"]
    shares = []
    for sd in (prior_sd, prior_sd / 10):
        prior = rp.GaussianPrior(sd, mean=prior_mean)
        lam = prior.penalty_strength(DRIFT_NOISE_SD)
        least_squares, map_ = drift(X, y, ns, prior, DRIFT_NOISE_SD)
        derived = np.array([scalar(X[:n, 0], y[:n], n, lam, prior_mean) for n in ns])
        np.testing.assert_allclose(map_, derived, rtol=1e-10, atol=1e-12 * (1 + abs(prior_mean)))
        # the share is defined where least squares differs from the prior mean
        usable = np.abs(prior_mean - least_squares) > 1e-6 * (1 + abs(prior_mean))
        share = prior_share(map_, least_squares, prior_mean)[usable]
        slack = _share_slack(least_squares, prior_mean)[usable]
        assert np.all((share > -slack) & (share < 1 + slack))
        assert np.all(np.diff(share) <= slack[1:] + slack[:-1])
        shares.append((share, slack))
    (weak, weak_slack), (strong, strong_slack) = shares
    assert np.all(strong >= weak - weak_slack - strong_slack)


@prop(r"On the prior-mean figure's data the share of the way back to $\theta_0 = 0.5$ falls with $n$ for each of "
      r"the three priors, is ordered by $\lambda$ at every $n$, passes one half within a factor 2 of "
      r"$n = \lambda$, and is below 0.1 at $n = 10^5$ (claim S2-15).",
      group="metamorphic", checks=("map_estimate", "ridge", "GaussianPrior"))
def test_prior_mean_figure_shares_fall_in_order_of_strength():
    X, y = drift_data()
    shares = []
    for sd in DRIFT_PRIOR_SDS:
        prior = rp.GaussianPrior(sd, mean=DRIFT_PRIOR_MEAN)
        least_squares, map_ = drift(X, y, DRIFT_NS, prior, DRIFT_NOISE_SD)
        share = prior_share(map_, least_squares, DRIFT_PRIOR_MEAN)
        assert np.all(np.diff(share) <= 1e-12)
        half = DRIFT_NS[np.argmax(share < 0.5)]
        lam = prior.penalty_strength(DRIFT_NOISE_SD)
        assert lam / 2 <= half <= 2 * lam
        assert share[-1] < 0.1
        shares.append(share)
    assert np.all(np.diff(np.array(shares), axis=0) > 0)  # a narrower prior keeps a larger share at every n
