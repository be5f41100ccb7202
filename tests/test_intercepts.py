"""A flat-prior intercept in the evidence and the conjugate posterior, checked against routes that do not centre."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats as ss

import regprior as rp
from tests.properties import prop


def _flat_intercept_log_evidence(X, y, alpha, tau, wide=1e7):
    """log p(y | alpha, tau) with a N(0, wide) prior on the intercept, its normalizer removed: as wide grows this is
    the evidence under a flat prior p(beta_0) = 1, computed without centring anything."""
    n = X.shape[0]
    cov = np.eye(n) / tau + X @ X.T / alpha + wide * np.ones((n, n))
    _, logdet = np.linalg.slogdet(cov)
    log_normal = -0.5 * (n * np.log(2 * np.pi) + logdet + y @ np.linalg.solve(cov, y))
    return log_normal + 0.5 * np.log(2 * np.pi * wide)


@prop(r"With `fit_intercept=True`, `evidence_ridge` returns ridge with an unpenalized intercept at "
      r"$\lambda = \alpha/\tau$ (relative $10^{-9}$), its log evidence is that of the Gaussian marginal of y with a "
      r"very wide prior on the intercept whose normalizer is removed (the flat-prior limit, absolute $10^{-5}$), and "
      r"the precisions it returns maximize that evidence (its slopes in $\log\alpha$, $\log\tau$ by central "
      r"differences are below $10^{-4}$ there, and above 0.1 at 1.2 times the precisions).",
      group="routes", checks="evidence_ridge", against="the multivariate normal marginal of y (scipy.stats)")
def test_evidence_with_an_intercept_is_the_flat_prior_limit():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 3)) + 2.0
    y = 4.0 + X @ np.array([1.0, -0.5, 0.2]) + 0.7 * rng.standard_normal(30)
    fit = rp.evidence_ridge(X, y, fit_intercept=True, tol=1e-13, max_iter=10_000)
    ridge = rp.ridge(X, y, fit.lam, fit_intercept=True)
    np.testing.assert_allclose(fit.coef, ridge.coef, rtol=1e-9)
    assert fit.intercept == pytest.approx(ridge.intercept, rel=1e-9)
    alpha, tau = fit.weight_precision, fit.noise_precision
    assert fit.log_evidence == pytest.approx(_flat_intercept_log_evidence(X, y, alpha, tau), abs=1e-5)
    h = 1e-3

    def slope(a, t, da, dt):
        up = _flat_intercept_log_evidence(X, y, a * np.exp(da), t * np.exp(dt))
        return (up - _flat_intercept_log_evidence(X, y, a * np.exp(-da), t * np.exp(-dt))) / (2 * h)

    for da, dt in ((h, 0), (0, h)):
        assert abs(slope(alpha, tau, da, dt)) < 1e-4
        assert abs(slope(1.2 * alpha, 1.2 * tau, da, dt)) > 0.1  # away from the maximum the slope is visible


@prop(r"With `fit_intercept=True` and one coefficient, the normal-inverse-gamma posterior's mean of $\beta$, its "
      r"mean of $\sigma^2$ ($b_n/(a_n - 1)$) and the intercept's mean agree with a three-dimensional quadrature of "
      r"likelihood × conditional Gaussian prior × inverse-gamma prior × flat intercept prior over "
      r"$(\beta_0, \beta, \log\sigma^2)$ (relative $2\cdot 10^{-3}$); a `GaussianPrior` of β/σ gives the same "
      r"posterior as the variance factor $v_0 = s^2$ and mean it holds.",
      group="routes", checks="nig_posterior", against="three-dimensional trapezoidal quadrature")
def test_conjugate_posterior_with_an_intercept_matches_quadrature():
    rng = np.random.default_rng(1)
    n, v0, a0, b0 = 10, 2.0, 3.0, 2.0
    x = 1.0 + rng.standard_normal(n)
    y = 2.0 + 0.8 * x + 0.8 * rng.standard_normal(n)
    post = rp.nig_posterior(x[:, None], y, rp.GaussianPrior(np.sqrt(v0), mean=0.5), rp.InverseGammaPrior(a0, b0),
                            fit_intercept=True)
    same = rp.nig_posterior(x[:, None], y, v0, rp.InverseGammaPrior(a0, b0), prior_mean=0.5, fit_intercept=True)
    # the GaussianPrior holds s = sqrt(v0), whose square is v0 only to rounding: the same posterior to rounding
    np.testing.assert_allclose([*post.mean, post.shape, post.scale, post.intercept],
                               [*same.mean, same.shape, same.scale, same.intercept], rtol=1e-13)
    b0s = np.linspace(-4, 8, 161)
    bs = np.linspace(-2.5, 4, 161)
    us = np.linspace(np.log(0.02), np.log(12.0), 161)
    B0, B, U = np.meshgrid(b0s, bs, us, indexing="ij")
    V = np.exp(U)
    resid = y[None, None, None, :] - B0[..., None] - B[..., None] * x
    log_post = (-0.5 * n * U - 0.5 * np.sum(resid**2, axis=-1) / V
                + ss.norm.logpdf(B, 0.5, np.sqrt(V * v0)) + ss.invgamma.logpdf(V, a0, scale=b0) + U)  # + U: dV = V dU
    w = np.exp(log_post - log_post.max())

    def integral(f):
        return np.trapezoid(np.trapezoid(np.trapezoid(f, us, axis=2), bs, axis=1), b0s)

    z = integral(w)
    assert post.mean[0] == pytest.approx(integral(w * B) / z, rel=2e-3)
    assert post.scale / (post.shape - 1) == pytest.approx(integral(w * V) / z, rel=2e-3)
    assert post.intercept == pytest.approx(integral(w * B0) / z, rel=2e-3)


@prop("`nig_posterior` refuses a prior that is not Gaussian and a mean given twice; `evidence_ridge` refuses one "
      "sample with an intercept.", group="inputs", checks=("nig_posterior", "evidence_ridge"))
def test_intercept_and_prior_refusals():
    X, y = np.eye(3), np.arange(3.0)
    with pytest.raises(TypeError, match="prior_cov_factor: the conjugate posterior needs a GaussianPrior"):
        rp.nig_posterior(X, y, rp.LaplacePrior(1.0), rp.InverseGammaPrior(1.0, 1.0))
    with pytest.raises(TypeError, match="prior_mean: give the mean in the GaussianPrior"):
        rp.nig_posterior(X, y, rp.GaussianPrior(1.0), rp.InverseGammaPrior(1.0, 1.0), prior_mean=1.0)
    with pytest.raises(ValueError, match="one sample and an intercept"):
        rp.evidence_ridge(np.ones((1, 2)), np.ones(1), fit_intercept=True)


@prop(r"`nig_posterior` at the edges of float64 and of propriety refuses with whole messages that name the argument: "
      r"prior variances whose reciprocal overflows (`1e-320`), prior variances so large that $X^\top X + V_0^{-1}$ "
      r"is singular on collinear columns, an inverse-gamma scale of 0 with an exact fit ($b_n = 0$), a Gaussian "
      r"prior with the wrong number of scales, and a noise prior of another type; a scalar prior variance gives a "
      r"float $\lambda$, per-coefficient ones an array of $1/v_{0j}$, and a `GaussianPrior` with mean 1 (or a mean "
      r"per coefficient) shrinks toward it (ridge with that prior mean, relative $10^{-12}$).",
      group="inputs", checks="nig_posterior")
def test_nig_posterior_edges():
    collinear, y = np.ones((3, 2)), np.array([1.0, 2.0, 3.0])
    noise = rp.InverseGammaPrior(2.0, 1.0)
    refusals = [
        ((collinear, y, 1e-320, noise), ValueError, "prior_cov_factor: 1/v0 (the ridge strength) is not representable "
                                                    "in float64 for these values; rescale the problem"),
        ((collinear, y, 1e20, noise), ValueError, "prior_cov_factor: X^T X + V0^-1 is singular to working precision, "
                                                  "so V_n is not computable in float64 (prior variances far beyond "
                                                  "what the data resolve, on collinear columns)"),
        ((np.eye(2), np.zeros(2), 1.0, rp.InverseGammaPrior(2.0, 0.0)), ValueError,
         "noise_prior: b_n = 0 (scale 0 and an exact fit), so the posterior of sigma^2 is improper"),
        ((np.eye(3), y, rp.GaussianPrior([1.0, 2.0]), noise), ValueError,
         "prior_cov_factor: its scale has 2 entries but X has 3 features"),
        ((np.eye(3), y, 1.0, rp.GaussianPrior(1.0)), TypeError,
         "noise_prior must be an InverseGammaPrior; got GaussianPrior"),
        ((np.eye(3), y, rp.LaplacePrior(1.0), noise), TypeError,
         "prior_cov_factor: the conjugate posterior needs a GaussianPrior (of beta / sigma); got LaplacePrior"),
    ]
    for args, error, message in refusals:
        with pytest.raises(error) as info:
            rp.nig_posterior(*args)
        assert str(info.value) == message
    X = np.eye(3) + 0.1
    scalar = rp.nig_posterior(X, y, 0.5, noise)
    assert type(scalar.lam) is float and scalar.lam == 2.0
    per_coef = rp.nig_posterior(X, y, [1.0, 2.0, 4.0], noise)
    np.testing.assert_array_equal(per_coef.lam, [1.0, 0.5, 0.25])
    shifted = rp.nig_posterior(X, y, rp.GaussianPrior(1.0, mean=1.0), noise)
    np.testing.assert_allclose(shifted.mean, rp.ridge(X, y, 1.0, prior_mean=[1.0, 1.0, 1.0]).coef, rtol=1e-12)
    assert type(shifted.lam) is float
    means = rp.nig_posterior(X, y, rp.GaussianPrior(1.0, mean=[1.0, 0.0, -2.0]), noise)
    np.testing.assert_allclose(means.mean, rp.ridge(X, y, 1.0, prior_mean=[1.0, 0.0, -2.0]).coef, rtol=1e-12)
