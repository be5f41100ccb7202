"""The numbers behind the posterior figures: one-dimensional quadrature and the evidence curve.

The figures on the Gaussian-posterior, Bayesian-lasso, horseshoe and unknown-noise pages plot quantities
computed by helpers in ``figures/posterior.py`` and ``figures/evidence.py``. Here those helpers are checked
against the derivations' closed forms (Gaussian and Laplace priors), against adaptive quadrature (the
horseshoe, which has no closed form) and against the library's evidence maximizer; and the numbers the
unknown-noise page quotes about its evidence-versus-cross-validation figure are recomputed.
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import pytest
import scipy.integrate as si
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.optimize import brentq

import regprior as rp
from derivations import bayesian_lasso
from figures.evidence import COMPARED_DEGREE, choices_of_lambda, legendre_features, profile_log_evidence
from figures.polynomial import data
from regprior.posterior import one_dimensional_posterior
from figures.posterior import (GAUSSIAN_SD, LAPLACE_SCALE,
                               point_estimates)
from regprior.symbolic.symbols import b as b_symbol, sigma as sigma_symbol
from tests.properties import prop
from tests.strategies import powers_of_ten
from tests.symbolic_cases import GAUSSIAN, LAPLACE, orthonormal_cases


@lru_cache(maxsize=None)
def _laplace_posterior_mean():
    """The Bayesian-lasso page's closed-form posterior mean of one coefficient, (q, a, sigma, b) -> mean."""
    res = bayesian_lasso.derivation().results
    q, a = res["one_d_symbols"]
    mean = sp.lambdify([q, a, sigma_symbol, b_symbol], res["posterior_mean_1d"], modules="mpmath")

    def evaluate(*args):
        # The closed form adds terms like exp(u^2) erfc(u) of opposite signs, with u up to
        # (sigma/b + |a|/sigma)/sqrt(2) ~ 14 here: they cancel to about 90 digits, so 15 are not enough
        # (at q = 1, a = 3, sigma = 1, b = 0.1 double precision gives 0.138 for 0.0621).
        # It also divides by (sigma^2 -+ a b), a removable singularity: where a b = +-sigma^2 exactly, take the
        # limit, the average of the values a hair's breadth (1e-60 relative) on either side.
        with mpmath.workdps(150):
            q, a, sigma, b = (mpmath.mpf(v) for v in args)
            try:
                return float(mean(q, a, sigma, b))
            except ZeroDivisionError:
                step = mpmath.mpf(10) ** -60 * (abs(a) + 1)
                return float((mean(q, a + step, sigma, b) + mean(q, a - step, sigma, b)) / 2)

    return evaluate


@prop(r"Under a Gaussian prior $\mathcal N(0, \sigma_w^2)$ the quadrature behind the figures gives a posterior "
      r"mean and median of one coefficient ($x^\top x = 1$) both equal to the derived ridge closed form "
      r"$z/(1 + \lambda)$ at the derived $\lambda = \sigma^2/\sigma_w^2$.",
      group="symbols", evaluates=("orthonormal-design:ridge", "gaussian-l2:lam"), checks="GaussianPrior",
      against="Simpson quadrature (figures/posterior.py)")
@given(z_over_sigma=st.floats(-10, 10), sigma=powers_of_ten(-2, 2), prior_ratio=powers_of_ten(-1, 1))
def test_gaussian_prior_quadrature_gives_the_ridge_closed_form(z_over_sigma, sigma, prior_ratio):
    z, sigma_w = z_over_sigma * sigma, prior_ratio * sigma
    post = one_dimensional_posterior(rp.GaussianPrior(sigma_w), z, sigma)
    exact = orthonormal_cases()["ridge"](z, GAUSSIAN.lam(sigma, sigma_w))
    posterior_sd = sigma * sigma_w / np.hypot(sigma, sigma_w)
    assert post.mean[0] == pytest.approx(exact, abs=1e-8 * posterior_sd)
    assert post.median[0] == pytest.approx(exact, abs=1e-7 * posterior_sd)


@prop(r"Under a Laplace prior the quadrature behind the figures gives the posterior mean of one coefficient "
      r"that the Bayesian-lasso derivation found in closed form (erfc terms), for data on either side of the "
      r"lasso threshold and prior scales from much narrower to much wider than the likelihood.",
      group="symbols", evaluates="bayesian-lasso:posterior_mean_1d", checks="LaplacePrior",
      against="Simpson quadrature (figures/posterior.py)")
@given(z_over_sigma=st.floats(-10, 10), sigma=powers_of_ten(-2, 2), prior_ratio=powers_of_ten(-1, 1))
@example(z_over_sigma=1.0, sigma=1.0, prior_ratio=1.0)  # at the lasso threshold z = sigma^2/b the recorded form was 0/0
def test_laplace_prior_quadrature_gives_the_closed_form_mean(z_over_sigma, sigma, prior_ratio):
    z, b = z_over_sigma * sigma, prior_ratio * sigma
    post = one_dimensional_posterior(rp.LaplacePrior(b), z, sigma)
    exact = _laplace_posterior_mean()(1.0, z, sigma, b)
    assert post.mean[0] == pytest.approx(exact, abs=1e-8 * sigma)


def _adaptive_mean_median(log_prior, z, sigma):
    """Mean and median of exp(-(beta - z)^2 / (2 sigma^2)) p(beta) by scipy.integrate.quad and brentq, split at 0."""
    kernel = lambda t: np.exp(-((t - z) ** 2) / (2 * sigma**2) + log_prior(t))
    lo, hi = min(z, 0.0) - 40 * sigma, max(z, 0.0) + 40 * sigma
    quad = lambda f, a, c: si.quad(f, a, c, epsabs=0, epsrel=1e-12, limit=200)[0]
    below = quad(kernel, lo, 0.0)
    total = below + quad(kernel, 0.0, hi)
    mean = (quad(lambda t: t * kernel(t), lo, 0.0) + quad(lambda t: t * kernel(t), 0.0, hi)) / total
    if below > total / 2:
        median = brentq(lambda m: quad(kernel, lo, m) - total / 2, lo, 0.0, xtol=1e-13)
    else:
        median = brentq(lambda m: below + quad(kernel, 0.0, m) - total / 2, 0.0, hi, xtol=1e-13)
    return mean, median


@prop(r"Under the horseshoe prior, whose density has a pole at 0, the grid quadrature behind the MAP / mean / "
      r"median figure gives the same posterior mean and median as adaptive quadrature split at the pole.",
      group="routes", checks="horseshoe_logpdf", against="scipy.integrate.quad and brentq")
@pytest.mark.parametrize("z, sigma, tau", [(0.0, 1.0, 1.0), (0.4, 1.0, 1.0), (-1.5, 1.0, 1.0), (3.0, 1.0, 1.0),
                                           (4.5, 0.5, 0.2)])
def test_horseshoe_quadrature_agrees_with_adaptive_quadrature(z, sigma, tau):
    log_prior = lambda t: rp.horseshoe_logpdf(t, tau)
    post = one_dimensional_posterior(log_prior, z, sigma)
    mean, median = _adaptive_mean_median(log_prior, z, sigma)
    assert post.mean[0] == pytest.approx(mean, abs=1e-8 * sigma)
    assert post.median[0] == pytest.approx(median, abs=1e-8 * sigma)


@prop(r"The quadrature behind the posterior figures refuses, with a whole message naming the argument, a `log_prior` "
      r"that is neither a prior nor a callable, a `centre` that is empty, two-dimensional or not finite, a `width` "
      r"that is not positive and an `n_nodes` that is not an integer, or is even or below 3 (Simpson's rule needs "
      r"an odd number of nodes, one of them at 0).",
      group="inputs", checks="posterior.one_dimensional_posterior")
def test_the_quadrature_refuses_what_it_cannot_integrate():
    laplace = rp.LaplacePrior(1.0)
    centre_message = "centre must be a finite number or a non-empty 1-D array of finite numbers"
    refusals = [((3.0, 0.0, 1.0), {}, TypeError, "log_prior must be a Prior or a callable; got float"),
                ((laplace, [], 1.0), {}, ValueError, centre_message),
                ((laplace, [[1.0, 2.0]], 1.0), {}, ValueError, centre_message),
                ((laplace, [1.0, np.nan], 1.0), {}, ValueError, centre_message),
                ((laplace, np.inf, 1.0), {}, ValueError, centre_message),
                ((laplace, 0.5, 0.0), {}, ValueError, "width must be > 0; got 0"),
                ((laplace, 0.5, 1.0), {"n_nodes": 4}, ValueError, "n_nodes must be an odd integer >= 3; got 4"),
                ((laplace, 0.5, 1.0), {"n_nodes": 1}, ValueError, "n_nodes must be >= 3; got 1"),
                ((laplace, 0.5, 1.0), {"n_nodes": 5.0}, TypeError, "n_nodes must be an integer; got float 5.0")]
    for args, keywords, error, message in refusals:
        with pytest.raises(error) as info:
            one_dimensional_posterior(*args, **keywords)
        assert str(info.value) == message, args
    post = one_dimensional_posterior(laplace, [0.5], 1.0, n_nodes=3)  # the smallest grid is accepted
    assert post.nodes.shape == (3,) and post.nodes[1] == 0.0


@prop(r"The quadrature's default grid is the documented one: nodes $E u^3$ with $E = \max|c| + 12s$, an odd number "
      r"of them, one at 0, at least 4001, and enough that the widest spacing $3E\,\Delta u = 6E/(n - 1)$ is at most "
      r"$s/50$ (checked where $150E/s$ is a whole number, so one node fewer would break it); the density it returns "
      r"integrates to 1 over $\beta$; and each centre is normalized on its own (one $800s$ out, with a Laplace "
      r"prior, gives the mean $z - \sigma^2/b$ as if alone).",
      group="inputs", checks="posterior.one_dimensional_posterior")
def test_the_quadrature_grid_is_the_documented_one():
    for centre, width, size in (([0.5, -30.0], 0.1, 93601), (0.0, 1.0, 4001)):  # 150 E / s = 46800; 1800
        post = one_dimensional_posterior(lambda beta: -np.abs(beta), centre, width)
        nodes = post.nodes
        np.testing.assert_allclose(si.simpson(post.density, x=nodes, axis=1), 1.0, rtol=1e-9)  # a density in beta
        extent = np.max(np.abs(centre)) + 12 * width
        assert nodes.size == size and nodes.size % 2 == 1 and nodes[nodes.size // 2] == 0.0
        assert nodes[-1] == pytest.approx(extent, rel=1e-15) and nodes[0] == -nodes[-1]
        assert 6 * extent / (nodes.size - 1) <= width / 50 * (1 + 1e-15)
    # each centre is normalized on its own: one 800 s out, where the kernel is near e^-800, is as if alone
    both, alone = (one_dimensional_posterior(lambda beta: -np.abs(beta), centre, 1.0) for centre in ([0.5, 800.0],
                                                                                                     800.0))
    np.testing.assert_allclose([both.mean[1], both.median[1]], [alone.mean[0], alone.median[0]], rtol=1e-12)
    assert both.mean[1] == pytest.approx(799.0, rel=1e-12)  # z - sigma^2/b, the lasso shift, far from 0


@prop(r"A posterior symmetric about 0 (centre 0 with a Gaussian, Laplace or horseshoe prior) has its median at 0 to "
      r"rounding ($10^{-14} s$), though the integrand vanishes like $u^2$ there, so that the cumulative integral "
      r"crosses 1/2 at a triple root; it used to stop $10^{-10} s$ away. Moving the centre by $10^{-12} s$ moves the "
      r"median to the same side.",
      group="routes", checks="posterior.one_dimensional_posterior")
@pytest.mark.parametrize("log_prior", [lambda beta: -beta**2 / 2, lambda beta: -np.abs(beta),
                                       lambda beta: rp.horseshoe_logpdf(beta, 1.0)],
                         ids=["gaussian", "laplace", "horseshoe"])
def test_a_symmetric_posterior_has_its_median_at_zero(log_prior):
    for width in (1.0, 0.01):
        median = one_dimensional_posterior(log_prior, [0.0, 1e-12 * width, -1e-12 * width], width).median
        assert abs(median[0]) <= 1e-14 * width
        assert median[1] > 0 > median[2]


@prop(r"The curves of the MAP / mean / median figure: the Gaussian MAP is the derived ridge closed form and the "
      r"Laplace MAP the derived soft threshold at $\lambda/2 = \sigma^2/b$; under the Laplace and horseshoe "
      r"priors the posterior mean and median are odd in $z$, nonzero for $z \ne 0$, and lie strictly between 0 "
      r"and $z$.",
      group="symbols", evaluates=("orthonormal-design:ridge", "orthonormal-design:lasso", "gaussian-l2:lam",
                                  "laplace-l1:lam"),
      checks=("ridge", "lasso", "horseshoe_logpdf"))
def test_the_figure_curves_have_the_derived_maps_and_shrink_without_zeroing():
    z = np.linspace(-5.0, 5.0, 201)
    estimates = point_estimates(z)
    closed = orthonormal_cases()
    np.testing.assert_allclose(estimates["Gaussian"]["map"], closed["ridge"](z, GAUSSIAN.lam(1.0, GAUSSIAN_SD)),
                               atol=1e-12)
    soft = np.array([float(closed["lasso"](v, LAPLACE.lam(1.0, LAPLACE_SCALE))) for v in z])
    np.testing.assert_allclose(estimates["Laplace"]["map"], soft, atol=1e-9)
    assert np.sum(estimates["Laplace"]["map"] == 0.0) > 50  # the dead zone |z| <= sqrt(2) holds 57 of the points
    nonzero = z != 0
    for name in ("Laplace", "horseshoe"):
        for summary in ("mean", "median"):
            values = estimates[name][summary]
            np.testing.assert_allclose(values, -values[::-1], atol=1e-9)
            assert np.all(values[nonzero] / z[nonzero] > 0) and np.all(values[nonzero] / z[nonzero] < 1)


@prop(r"The log-evidence curve of the unknown-noise figure (the evidence at the best noise precision for each "
      r"$\lambda$) reaches its largest value at the $\lambda$ where the evidence maximizer stops, and that value "
      r"is the maximizer's log evidence.",
      group="routes", checks=("log_evidence", "evidence_ridge"), against="bounded scalar search (scipy.optimize)")
@pytest.mark.parametrize("degree", [1, 4, 15])
def test_the_evidence_curve_peaks_where_evidence_ridge_stops(degree):
    x, y = data()
    X = legendre_features(x, degree)
    fit = rp.evidence_ridge(X, y)
    at, below, above = profile_log_evidence(X, y, [fit.lam, fit.lam * 0.97, fit.lam / 0.97])
    assert at == pytest.approx(fit.log_evidence, abs=1e-8)
    assert below < at and above < at


@prop(r"What the unknown-noise page says of its evidence-versus-cross-validation figure (degree-15 Legendre "
      r"model of the 30 points) holds: the evidence picks $\lambda \approx 0.063$, leave-one-out $0.0071$ and GCV "
      r"$1.3\times10^{-6}$ on the figure's grid; the leftmost point has leverage 0.98 at the first and 1.0000 at "
      r"the last, where leave-one-out reaches 112 while GCV is at its minimum; the GCV fit dives to about $-208$ "
      r"below $x = 0.13$, the leave-one-out fit bulges to 2.3 there, and the evidence fit stays within 0.3 of the "
      r"cosine on $[0, 0.85]$ and within 0.42 everywhere.",
      group="routes", checks=("ridge_loo_gcv", "evidence_ridge", "ridge"), against="the hat matrix by a linear solve")
def test_the_evidence_versus_cross_validation_page_states_what_the_numbers_say():
    x, y = data()
    X = legendre_features(x, COMPARED_DEGREE)
    lams = np.geomspace(1e-6, 1e2, 161)
    selection = rp.ridge_loo_gcv(X, y, lams)
    chosen = choices_of_lambda(X, y, selection)
    assert chosen["evidence"] == pytest.approx(0.063, rel=0.01)
    assert chosen["LOO"] == pytest.approx(0.0071, rel=0.01)
    assert chosen["GCV"] == pytest.approx(1.3e-6, rel=0.05)
    assert selection.loo[lams == chosen["GCV"]][0] == pytest.approx(112, rel=0.01)

    def leverage_of_leftmost(lam):
        return (X @ np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T))[np.argmin(x), np.argmin(x)]

    assert np.sum(x < 0.13) == 1
    assert round(leverage_of_leftmost(chosen["evidence"]), 2) == 0.98
    assert round(leverage_of_leftmost(chosen["GCV"]), 4) == 1.0
    grid = np.linspace(0, 1, 400)
    G, truth = legendre_features(grid, COMPARED_DEGREE), np.cos(1.5 * np.pi * grid)
    fits = {name: G @ rp.ridge(X, y, lam).coef for name, lam in chosen.items()}
    gap = grid < 0.13
    assert fits["GCV"][gap].min() == pytest.approx(-208, rel=0.01)
    assert fits["LOO"][gap].max() == pytest.approx(2.3, abs=0.05)
    error = np.abs(fits["evidence"] - truth)
    assert error[grid <= 0.85].max() < 0.3 and error.max() < 0.42
