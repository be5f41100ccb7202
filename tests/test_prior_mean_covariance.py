"""Prior mean, prior covariance and the Gaussian posterior: the derived closed forms (compiled from the
derivations) against the numeric solvers and scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats as ss
from hypothesis import example, given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.strategies import coefficient_vectors, powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import gaussian_posterior_cases, prior_covariance_cases, prior_mean_cases, rss


def _vector(data, p, lo=-3.0, hi=3.0):
    return np.array(data.draw(st.lists(st.floats(lo, hi), min_size=p, max_size=p)))


def _spd_from(draw, p, scale):
    """A symmetric positive definite p x p matrix A A^T + c I with entries of size ~scale."""
    A = np.array(draw(st.lists(st.floats(-1.0, 1.0), min_size=p * p, max_size=p * p))).reshape(p, p)
    return scale * (A @ A.T + draw(st.floats(0.05, 2.0)) * np.eye(p))


def _tolerance(X, y, lam, theta0):
    # Solutions are backward stable: errors are rounding relative to the size of the normal equations.
    return 1e-8 * (np.linalg.norm(X) ** 2 + lam) * (1 + np.linalg.norm(y) + np.linalg.norm(theta0)) / lam


@prop(r"Ridge with prior mean $\theta_0$ equals both derived closed forms, "
      r"$(X^\top X + \lambda I)^{-1}(X^\top y + \lambda\theta_0)$ and "
      r"$\theta_0 + (X^\top X + \lambda I)^{-1}X^\top(y - X\theta_0)$, within rounding relative to the normal "
      "equations.",
      group="routes", evaluates=("prior-mean:solution", "prior-mean:solution_shifted"), checks=("ridge",))
@given(problem=problems(), lam=powers_of_ten(-2, 2), data=st.data())
def test_prior_mean_closed_form_and_shift_match_ridge(problem, lam, data):
    X, y = problem.X, problem.y
    theta0 = _vector(data, X.shape[1])
    case = prior_mean_cases()
    ours = rp.ridge(X, y, lam, prior_mean=theta0).coef
    tol = _tolerance(X, y, lam, theta0)
    np.testing.assert_allclose(case["solution"](X, y, theta0, lam), ours, atol=tol)
    np.testing.assert_allclose(case["solution_shifted"](X, y, theta0, lam), ours, atol=tol)


@prop("With one coefficient, the derived "
      r"$\hat\beta = (\lambda\theta_0 + \sum_i x_i y_i)/(\lambda + \sum_i x_i^2)$ equals ridge with prior mean "
      r"$\theta_0$ (relative $10^{-10}$) and lies between the least-squares estimate and $\theta_0$.",
      group="routes", evaluates=("prior-mean:scalar_solution",), checks=("ridge",))
@given(problem=well_posed_problems(max_p=1), lam=powers_of_ten(-2, 2), theta0=st.floats(-5, 5))
def test_one_coefficient_is_a_weighted_average_of_least_squares_and_the_prior_mean(problem, lam, theta0):
    X, y = problem.X, problem.y
    n = X.shape[0]
    got = prior_mean_cases()["scalar"](X[:, 0], y, n, lam, theta0)
    assert got == pytest.approx(rp.ridge(X, y, lam, prior_mean=theta0).coef[0], rel=1e-10, abs=1e-12)
    ols = rp.ridge(X, y, 0.0).coef[0]
    assert min(ols, theta0) - 1e-12 <= got <= max(ols, theta0) + 1e-12  # between the two


@prop(r"Along each eigenvector $v_k$ of $X^\top X$, with eigenvalue $d_k$, ridge with prior mean $\theta_0$ has "
      r"$v_k^\top(\hat\beta - \theta_0) = \tfrac{d_k}{d_k + \lambda}\,v_k^\top(\hat\beta_{\mathrm{LS}} - "
      r"\theta_0)$, as the prior-mean page states for $p > 1$.",
      group="routes", checks=("ridge",), against=r"the eigendecomposition of $X^\top X$ (NumPy)")
@given(problem=well_posed_problems(), lam=powers_of_ten(-2, 2), data=st.data())
def test_shrinkage_toward_the_prior_mean_is_d_over_d_plus_lambda_per_eigendirection(problem, lam, data):
    """The page's sentence about p > 1: along eigenvector k of X^T X, beta_hat - theta0 is the least-squares
    departure times d_k / (d_k + lambda)."""
    X, y = problem.X, problem.y
    theta0 = _vector(data, X.shape[1])
    d, V = np.linalg.eigh(X.T @ X)
    ols = rp.ridge(X, y, 0.0).coef
    ours = rp.ridge(X, y, lam, prior_mean=theta0).coef
    np.testing.assert_allclose(V.T @ (ours - theta0), d / (d + lam) * (V.T @ (ols - theta0)),
                               atol=1e-8 * (1 + np.abs(ols).max() + np.abs(theta0).max()))


@prop(r"Under a prior $\mathcal N(\theta_0, \sigma_w^2 I)$ the derived negative log-posterior equals the "
      "`scipy.stats` likelihood times the library's prior density, and minus "
      r"$\bigl(\lVert y - X\beta\rVert^2 + \lambda\lVert\beta - \theta_0\rVert^2\bigr)/(2\sigma^2)$ it leaves the "
      r"derived constant, at three drawn $\beta$.",
      group="symbols", evaluates=("prior-mean:neg_log_posterior", "prior-mean:constant"),
      checks=("GaussianPrior.neg_log_density", "GaussianPrior.penalty_strength", "GaussianPrior.penalty"),
      against="scipy.stats")
@given(problem=problems(max_n=6, max_p=5), noise=powers_of_ten(-1, 1), scale=powers_of_ten(-1, 1), data=st.data())
def test_centred_posterior_splits_into_scaled_objective_plus_the_derived_constant(problem, noise, scale, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    theta0 = _vector(data, p)
    case = prior_mean_cases()
    prior = rp.GaussianPrior(scale, mean=theta0)
    for _ in range(3):
        coef = data.draw(coefficient_vectors(p))
        nlp = case["neg_log_posterior"](X, y, coef, theta0, n, p, noise, scale, 1.0)
        # the symbolic posterior is scipy's likelihood times the numeric prior ...
        expected = -ss.norm(X @ coef, noise).logpdf(y).sum() + prior.neg_log_density(coef)
        assert nlp == pytest.approx(expected, rel=1e-9, abs=1e-9)
        # ... and minus J/(2 sigma^2) it leaves the derived constant
        scaled = ((rss(X, y, coef) + prior.penalty(rp.priors.canonical_weight(noise)).value(coef - prior.mean))
                  / (2 * noise**2))
        assert nlp - scaled == pytest.approx(case["constant"](n, p, noise, scale, 1.0), rel=1e-9,
                                             abs=1e-9 * (abs(nlp) + abs(scaled)))


@prop(r"For the prior $\propto e^{-\kappa\beta^2}$ the derived normalizer $\sqrt{\kappa/\pi}$ and variance "
      r"$1/(2\kappa)$ match a Riemann sum on a fine grid (relative $10^{-9}$), the derived "
      r"$\lambda = 2\kappa\sigma^2$ is the Gaussian prior's strength at that variance, and the commonly printed "
      r"normalizer, variance and strength are off by the factors $1/(2\kappa)$, $\sqrt{2\kappa}$ and $1/(2\sigma^2)$ "
      r"(relative $10^{-12}$): right only at $\kappa = 1/2$ (normalizer and variance) and $\sigma^2 = 1/2$ "
      "(strength).",
      group="symbols",
      evaluates=("prior-mean:kappa_normalizer", "prior-mean:kappa_variance", "prior-mean:lam_from_kappa",
                 "prior-mean:wrong_kappa_normalizer", "prior-mean:wrong_kappa_variance",
                 "prior-mean:wrong_lam_from_kappa"), checks=("GaussianPrior.penalty_strength",),
      against="numerical integration on a grid")
@given(kappa=powers_of_ten(-2, 2), noise=powers_of_ten(-1, 1))
@example(kappa=0.5, noise=1.0)  # where the printed normalizer is the right one
def test_precision_parameterization_normalizer_variance_and_strength(kappa, noise):
    case = prior_mean_cases()["kappa"]
    xs = np.linspace(-40, 40, 400_001) / np.sqrt(kappa)
    kernel = np.exp(-kappa * xs**2)
    step = xs[1] - xs[0]
    assert case["kappa_normalizer"](kappa, noise) * kernel.sum() * step == pytest.approx(1.0, rel=1e-9)
    assert case["kappa_variance"](kappa, noise) == pytest.approx((xs**2 * kernel).sum() / kernel.sum(), rel=1e-9)
    # the strength it implies is the Gaussian prior's, at sd = sqrt(variance)
    sd = np.sqrt(case["kappa_variance"](kappa, noise))
    assert case["lam_from_kappa"](kappa, noise) == pytest.approx(rp.GaussianPrior(sd).penalty_strength(noise))
    # The commonly printed forms are off by these factors, so right only where a factor is 1: the normalizer and
    # the variance at kappa = 1/2 (where the deep search found the normalizers equal, which an assertion that
    # they always differ refused) and the strength at sigma^2 = 1/2.
    ratios = {name: case[f"wrong_{name}"](kappa, noise) / case[name](kappa, noise)
              for name in ("kappa_normalizer", "kappa_variance", "lam_from_kappa")}
    assert ratios == pytest.approx({"kappa_normalizer": 1 / (2 * kappa), "kappa_variance": np.sqrt(2 * kappa),
                                    "lam_from_kappa": 1 / (2 * noise**2)}, rel=1e-12)


@st.composite
def full_covariance_problems(draw):
    """A drawn problem with a prior N(theta0, Sigma): (X, y, Sigma, theta0)."""
    problem = draw(problems(max_p=5))
    p = problem.X.shape[1]
    cov = _spd_from(draw, p, draw(powers_of_ten(-1, 1)))
    theta0 = np.array(draw(st.lists(st.floats(-3.0, 3.0), min_size=p, max_size=p)))
    return problem.X, problem.y, cov, theta0


@prop(r"Under a prior $\mathcal N(\theta_0, \Sigma)$ the penalty matrix is the derived $P = \sigma^2\Sigma^{-1}$, "
      "and both derived closed forms, the whitened "
      r"$\theta_0 + L(\sigma^2 I + L^\top X^\top XL)^{-1}L^\top X^\top(y - X\theta_0)$ with $\Sigma = LL^\top$ and "
      r"the general $\theta_0 + (X^\top X + P)^{-1}X^\top(y - X\theta_0)$, equal the MAP within a tolerance scaled "
      r"by the condition number of $X^\top X + P$.",
      group="routes",
      evaluates=("prior-covariance:lam_matrix_scale", "prior-covariance:solution_whitened",
                 "prior-covariance:solution_general"),
      checks=("map_estimate", "MultivariateGaussianPrior.penalty_matrix"))
@given(problem=full_covariance_problems(), noise=powers_of_ten(-1, 1))
def test_whitened_and_generalized_forms_are_the_map_under_a_full_covariance(problem, noise):
    X, y, cov, theta0 = problem
    case = prior_covariance_cases()
    prior = rp.MultivariateGaussianPrior(cov, mean=theta0)
    ours = rp.map_estimate(X, y, prior, noise)
    P = prior.penalty_matrix(noise)
    np.testing.assert_allclose(P, case["penalty_scale"](noise) * np.linalg.inv(cov), rtol=1e-7,
                               atol=1e-9 * np.abs(P).max())
    L = np.linalg.cholesky(cov)
    tol = 1e-7 * np.linalg.cond(X.T @ X + P) * (1 + np.abs(ours).max())
    np.testing.assert_allclose(case["whitened"](X, y, L, theta0, noise), ours, atol=tol)
    np.testing.assert_allclose(case["general"](X, y, P, theta0), ours, atol=tol)


@prop(r"Under a prior $\mathcal N(\theta_0, \Sigma)$ the derived negative log-posterior (its $\log\det\Sigma$ "
      r"given by NumPy) equals $-\log$ likelihood $-\log$ prior from `scipy.stats.norm` and "
      "`scipy.stats.multivariate_normal`, and the library's `MultivariateGaussianPrior` has the negative "
      "log-density of the latter.",
      group="symbols", evaluates=("prior-covariance:neg_log_posterior",),
      checks=("MultivariateGaussianPrior.neg_log_density",), against="scipy.stats")
@given(problem=problems(max_n=6, max_p=4), noise=powers_of_ten(-1, 1), data=st.data())
def test_mahalanobis_posterior_is_scipy_likelihood_times_multivariate_prior(problem, noise, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    cov = _spd_from(data.draw, p, 1.0)
    theta0 = _vector(data, p)
    coef = _vector(data, p, -10, 10)
    nlp = prior_covariance_cases()["neg_log_posterior"](X, y, coef, theta0, np.linalg.inv(cov), n, p, noise,
                                                         np.linalg.slogdet(cov)[1], 1.0)
    expected = -ss.norm(X @ coef, noise).logpdf(y).sum() - ss.multivariate_normal(theta0, cov).logpdf(coef)
    assert nlp == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert rp.MultivariateGaussianPrior(cov, mean=theta0).neg_log_density(coef) == pytest.approx(
        -ss.multivariate_normal(theta0, cov).logpdf(coef), rel=1e-9)


@prop(r"A Gaussian prior with per-coefficient sds $\tau_k$ has the derived strengths "
      r"$\lambda_k = \sigma^2/\tau_k^2$; ridge at those strengths is the MAP under the full covariance "
      r"$\operatorname{diag}(\tau_k^2)$; and the shortcut $\lambda_k = 1/\tau_k^2$ agrees with them exactly when "
      r"$\sigma = 1$.",
      group="symbols", evaluates=("prior-covariance:lam_k", "prior-covariance:wrong_lam_k"),
      checks=("GaussianPrior.penalty_strength", "map_estimate", "MultivariateGaussianPrior", "ridge"))
@given(scales=st.lists(powers_of_ten(-2, 2), min_size=1, max_size=6), noise=powers_of_ten(-1, 1))
def test_diagonal_covariance_gives_per_coefficient_strengths(scales, noise):
    scales = np.array(scales)
    case = prior_covariance_cases()
    derived = [case["lam_k"](scales, noise, k) for k in range(1, scales.size + 1)]
    np.testing.assert_allclose(rp.GaussianPrior(scales).penalty_strength(noise), derived, rtol=1e-12)
    # the diagonal covariance, as a full matrix, gives the same MAP as the per-coefficient strengths
    rng = np.random.default_rng(scales.size)
    X, y = rng.standard_normal((8, scales.size)), rng.standard_normal(8)
    full = rp.map_estimate(X, y, rp.MultivariateGaussianPrior(np.diag(scales**2)), noise)
    np.testing.assert_allclose(rp.ridge(X, y, np.array(derived)).coef, full, rtol=1e-8, atol=1e-10)
    # "lambda_k = 1 / tau_k^2" forgets the noise variance
    wrong = [case["wrong_lam_k"](scales, k) for k in range(1, scales.size + 1)]
    assert np.allclose(wrong, derived) == bool(np.isclose(noise, 1.0))


@prop(r"Under a prior $\mathcal N(\theta_0, \Sigma)$, `gaussian_posterior` has the derived covariance "
      r"$(\Sigma^{-1} + X^\top X/\sigma^2)^{-1}$ and mean, the derived mode for a general noise precision "
      r"$W = I/\sigma^2$ is the same vector, and the predictive variance at a new point is the derived "
      r"$\sigma^2 + x_*^\top(\Sigma^{-1} + X^\top X/\sigma^2)^{-1}x_*$.",
      group="routes",
      evaluates=("gaussian-posterior:covariance_iid", "gaussian-posterior:mean_iid", "gaussian-posterior:mode",
                 "gaussian-posterior:predictive_variance"),
      checks=("gaussian_posterior", "GaussianPosterior.predict"))
@given(problem=full_covariance_problems(), noise=powers_of_ten(-1, 1), data=st.data())
def test_gaussian_posterior_matches_the_completed_square(problem, noise, data):
    X, y, cov, theta0 = problem
    p = X.shape[1]
    case = gaussian_posterior_cases()
    post = rp.gaussian_posterior(X, y, rp.MultivariateGaussianPrior(cov, mean=theta0), noise)
    C = case["covariance"](X, cov, noise)
    # both routes invert the posterior precision: each entry carries rounding of ~eps * cond * max|C|
    np.testing.assert_allclose(post.cov, C, rtol=1e-7, atol=(1e-9 + 1e-14 * np.linalg.cond(C)) * np.abs(C).max())
    m = case["mean"](X, y, cov, theta0, noise)
    np.testing.assert_allclose(post.mean, m, atol=1e-7 * np.linalg.cond(C) * (1 + np.abs(m).max()))
    # the general-W mode with W = I / sigma^2 is the same vector
    np.testing.assert_allclose(case["mode"](X, y, np.eye(len(y)) / noise**2, cov, theta0), m,
                               atol=1e-7 * np.linalg.cond(C) * (1 + np.abs(m).max()))
    x_new = _vector(data, p)
    _, sd = post.predict(x_new[None, :], return_std=True)
    # x*^T C x* carries the covariance's rounding, ||x*||^2 times its entries'
    assert sd[0] ** 2 == pytest.approx(case["predictive_variance"](x_new, X, cov, noise), rel=1e-7,
                                       abs=1e-14 * np.linalg.cond(C) * np.abs(C).max() * (x_new @ x_new))


@prop(r"For the Gaussian prior of strength $\lambda$, the posterior covariance is the derived "
      r"$\sigma^2(X^\top X + \lambda I)^{-1}$ (relative $10^{-8}$).",
      group="routes", evaluates=("gaussian-posterior:covariance_ridge",),
      checks=("gaussian_posterior", "GaussianPrior.from_penalty_strength"))
@given(problem=well_posed_problems(), lam=powers_of_ten(-2, 2), noise=powers_of_ten(-1, 1))
def test_isotropic_posterior_covariance_is_sigma_squared_times_inverse_ridge_matrix(problem, lam, noise):
    X, y = problem.X, problem.y
    prior = rp.GaussianPrior.from_penalty_strength(lam, noise)
    post = rp.gaussian_posterior(X, y, prior, noise)
    np.testing.assert_allclose(post.cov, gaussian_posterior_cases()["covariance_ridge"](X, lam, noise), rtol=1e-8)


@prop("With sample weights $w_i$, the posterior covariance is the inverse of the derived precision "
      r"$\Sigma^{-1} + X^\top WX$ with $W = \operatorname{diag}(w)/\sigma^2$, and the posterior mean is the "
      "derived mode (relative $10^{-10}$).",
      group="routes", evaluates=("gaussian-posterior:precision", "gaussian-posterior:mode"),
      checks=("gaussian_posterior",))
def test_weighted_posterior_precision_uses_the_noise_precision_matrix():
    rng = np.random.default_rng(11)
    X, y = rng.standard_normal((12, 3)), rng.standard_normal(12)
    weights, noise, cov = rng.uniform(0.2, 5, 12), 0.7, np.diag([1.0, 2.0, 0.5])
    post = rp.gaussian_posterior(X, y, rp.MultivariateGaussianPrior(cov), noise, sample_weight=weights)
    H = gaussian_posterior_cases()["precision"](X, np.diag(weights) / noise**2, cov)
    np.testing.assert_allclose(post.cov, np.linalg.inv(H), rtol=1e-10)
    np.testing.assert_allclose(post.mean, gaussian_posterior_cases()["mode"](
        X, y, np.diag(weights) / noise**2, cov, np.zeros(3)), rtol=1e-10)
