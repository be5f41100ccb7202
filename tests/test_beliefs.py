"""Priors from beliefs: an interval and its probability give the prior scale (the priors-from-beliefs page)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.stats as ss
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from derivations import priors_from_beliefs
from regprior.symbolic.symbols import belief_half_width, belief_prob, sigma
from tests.properties import prop
from tests.strategies import powers_of_ten

SCIPY = {rp.GaussianPrior: ss.norm, rp.LaplacePrior: ss.laplace}
RESULT = {rp.GaussianPrior: "gaussian", rp.LaplacePrior: "laplace"}
probabilities = st.floats(1e-6, 1 - 1e-6)


def _evaluated(name: str, h: float, q: float, noise: float) -> float:
    """The derivation's recorded result at (h, q, sigma), in 30-digit arithmetic (the printed form
    log(-1/(q - 1)) loses digits to cancellation for small q in float64; the reference must not)."""
    expr = priors_from_beliefs.derivation().results[name]
    return float(expr.evalf(30, subs={belief_half_width: h, belief_prob: q, sigma: noise}))


@prop(r"`GaussianPrior.from_interval(h, q)` and `LaplacePrior.from_interval(h, q)` give the prior under which "
      r"`scipy.stats` finds $P(|\beta_j - \theta_{0j}| \le h) = q$ (relative $10^{-9}$ of $q$ and of $1 - q$), for h "
      r"over four decades, q in $(10^{-6}, 1 - 10^{-6})$ and any mean; the scale is the derivation's recorded "
      r"solution evaluated numerically, and the penalty strength at noise sd σ is its recorded λ.",
      group="symbols", evaluates=("priors-from-beliefs:gaussian_scale", "priors-from-beliefs:laplace_scale",
                                  "priors-from-beliefs:gaussian_lam", "priors-from-beliefs:laplace_lam"),
      checks=("GaussianPrior.from_interval", "LaplacePrior.from_interval"), against="scipy.stats")
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior], ids=lambda c: c.__name__)
@given(h=powers_of_ten(-2, 2), q=probabilities, mean=st.floats(-100, 100), noise=powers_of_ten(-1, 1))
def test_interval_belief_gives_the_prior_scipy_agrees_with(cls, h, q, mean, noise):
    prior = cls.from_interval(h, q, mean=mean)
    dist = SCIPY[cls](loc=mean, scale=prior.scale)
    inside = dist.cdf(mean + h) - dist.cdf(mean - h)
    outside = 2 * dist.sf(mean + h)
    assert inside == pytest.approx(q, rel=1e-9)
    assert outside == pytest.approx(1 - q, rel=1e-9)
    kind = RESULT[cls]
    assert prior.scale == pytest.approx(_evaluated(f"{kind}_scale", h, q, noise), rel=1e-12)
    assert prior.penalty_strength(noise) == pytest.approx(_evaluated(f"{kind}_lam", h, q, noise), rel=1e-12)
    assert prior.mean == mean


@prop(r"With one half-width per coefficient, `from_interval` gives one scale per coefficient, each the scalar "
      r"answer for its own half-width; a belief of “95% within ±2” gives $\sigma_w = 2/1.95996\ldots$ and "
      r"$b = 2/\ln 20$; without a mean argument the prior is centred at 0.",
      group="symbols", checks=("GaussianPrior.from_interval", "LaplacePrior.from_interval"), against="scipy.stats")
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior], ids=lambda c: c.__name__)
def test_interval_belief_per_coefficient_and_the_headline_numbers(cls):
    widths = np.array([0.5, 2.0, 30.0])
    prior = cls.from_interval(widths, 0.8)
    np.testing.assert_allclose(prior.scale, [cls.from_interval(w, 0.8).scale for w in widths], rtol=1e-15)
    headline = cls.from_interval(2.0, 0.95)
    expected = 2.0 / ss.norm.ppf(0.975) if cls is rp.GaussianPrior else 2.0 / np.log(20.0)
    assert headline.scale == pytest.approx(expected, rel=1e-14)
    assert headline.mean == 0.0
    assert np.all(prior.mean == 0.0)


@prop("A belief with a half-width that is not positive, a probability outside (0, 1), or a half-width so small that "
      "the scale underflows, is refused with an error naming the argument.",
      group="inputs", checks=("GaussianPrior.from_interval", "LaplacePrior.from_interval"))
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior], ids=lambda c: c.__name__)
@pytest.mark.parametrize("half_width, prob, error, message", [
    (0.0, 0.5, ValueError, "half_width must contain|half_width must be > 0"),
    (-1.0, 0.5, ValueError, "half_width must be > 0"),
    (1.0, 0.0, ValueError, "prob must be > 0"),
    (1.0, 1.0, ValueError, "prob must be < 1"),
    (1.0, 1.5, ValueError, "prob must be < 1"),
    (1.0, "0.9", TypeError, "prob must be a real number"),
    ([1.0, -1.0], 0.5, ValueError, "half_width must contain finite values > 0"),
    (5e-324, 0.999, ValueError, "half_width and prob"),
])
def test_bad_beliefs_are_refused(cls, half_width, prob, error, message):
    with pytest.raises(error, match=message):
        cls.from_interval(half_width, prob)


@prop(r"Turning a belief or a strength into a scale refuses what float64 cannot hold, with whole messages and no "
      r"floating-point warning first: a half-width of $10^{308}$ held with probability $10^{-300}$ (the scale "
      r"overflows) or of $5\cdot10^{-324}$ held with probability 0.999 (it underflows to 0), a strength whose scale "
      r"overflows ($5\cdot10^{-324}$ at $\sigma = 10^{154}$ for the Gaussian, $10^{-300}$ at $\sigma = 10^5$ for the "
      r"Laplace prior) or underflows to 0 ($10^{300}$ at $\sigma = 10^{-200}$ for the Gaussian's "
      r"$\sigma/\sqrt\lambda$, at $\sigma = 10^{-100}$ for the Laplace prior's $2\sigma^2/\lambda$), and a noise sd "
      r"of 0; the same for one-per-coefficient arrays, and under NumPy's `errstate(all='raise')` (never a "
      r"`FloatingPointError`).",
      group="inputs", checks=("GaussianPrior.from_interval", "LaplacePrior.from_interval",
                              "GaussianPrior.from_penalty_strength", "LaplacePrior.from_penalty_strength"))
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior], ids=lambda c: c.__name__)
def test_scales_out_of_range_are_refused_whole(cls):
    unrepresentable = ": the result is not representable in float64 for these values (overflow or underflow); " \
                      "rescale the problem"
    # the scale is sigma / sqrt(lam) (Gaussian) or 2 sigma^2 / lam (Laplace)
    strengths = [(5e-324, 1e154), (1e300, 1e-200)] if cls is rp.GaussianPrior else [(1e-300, 1e5), (1e300, 1e-100)]
    beliefs = [(1e308, 1e-300), (5e-324, 0.999)]
    for shaped in (float, lambda v: np.array([v, 1.0])):  # a number, or one value per coefficient
        cases = [(cls.from_interval, (shaped(h), q), "half_width and prob: the scale" + unrepresentable)
                 for h, q in beliefs]
        cases += [(cls.from_penalty_strength, (shaped(1.0), 0.0), "noise_sd must be > 0; got 0")]
        cases += [(cls.from_penalty_strength, (shaped(lam), sd), "scale" + unrepresentable) for lam, sd in strengths]
        for make, args, message in cases:
            for state in ({}, {"all": "raise"}):  # NumPy's default error state, and a caller's strict one
                with warnings.catch_warnings(), np.errstate(**state), pytest.raises(ValueError) as info:
                    warnings.simplefilter("error")
                    make(*args)
                assert str(info.value) == message
