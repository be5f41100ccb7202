"""The ridge family beyond the core: prior mean, per-coefficient and matrix penalties, the many-λ path,
intercept and sample weights, and the Gaussian posterior. Each is checked against an independent route."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import Ridge

import regprior as rp
from tests.properties import prop
from tests.reference import normal_equations
from tests.strategies import powers_of_ten, problems, well_posed_problems


def _scale(X, y, lam):
    return (np.linalg.norm(X) ** 2 + np.max(lam)) * (1 + np.linalg.norm(y)) + 1.0


@prop(r"Ridge with prior mean $\theta_0$ equals $\theta_0$ plus ridge on the shifted response $y - X\theta_0$, and "
      r"solves $(X^\top X + \lambda I)\beta = X^\top y + \lambda\theta_0$ as a dense NumPy solve does, within "
      r"rounding relative to $(\lVert X\rVert^2 + \lambda)(1 + \lVert y\rVert)/\lambda$.",
      group="metamorphic", checks=("ridge",), against="a dense solve of the normal equations")
@given(problem=problems(), lam=powers_of_ten(-2, 2), data=st.data())
def test_prior_mean_is_a_shift_of_the_data(problem, lam, data):
    X, y = problem.X, problem.y
    theta0 = data.draw(st.lists(st.floats(-3, 3), min_size=X.shape[1], max_size=X.shape[1]).map(np.array))
    shifted = rp.ridge(X, y - X @ theta0, lam).coef + theta0
    ours = rp.ridge(X, y, lam, prior_mean=theta0).coef
    np.testing.assert_allclose(ours, shifted, atol=1e-9 * _scale(X, y, lam) / lam)
    np.testing.assert_allclose(ours, normal_equations(X, y, lam * np.eye(X.shape[1]), theta0),
                               atol=1e-8 * _scale(X, y, lam) / lam)


@prop(r"With per-coefficient strengths $\lambda_k$ and a prior mean $\theta_0$, ridge and `generalized_ridge` with "
      r"$P = \operatorname{diag}(\lambda_k)$ solve $(X^\top X + P)\beta = X^\top y + P\theta_0$, and so does "
      r"`generalized_ridge` for a full $P = AA^\top + cI$, as dense NumPy solves of those systems give.",
      group="routes", checks=("ridge", "generalized_ridge"), against="dense solves of the normal equations")
@given(problem=problems(), data=st.data())
def test_per_coefficient_and_matrix_penalties_solve_theirnormal_equations(problem, data):
    X, y = problem.X, problem.y
    p = X.shape[1]
    lams = np.array(data.draw(st.lists(powers_of_ten(-2, 2), min_size=p, max_size=p)))
    theta0 = np.array(data.draw(st.lists(st.floats(-2, 2), min_size=p, max_size=p)))
    expected = normal_equations(X, y, np.diag(lams), theta0)
    tol = 1e-8 * _scale(X, y, lams) / lams.min()
    np.testing.assert_allclose(rp.ridge(X, y, lams, prior_mean=theta0).coef, expected, atol=tol)
    np.testing.assert_allclose(rp.generalized_ridge(X, y, np.diag(lams), prior_mean=theta0).coef, expected, atol=tol)
    # A full penalty matrix: P = A A^T + c I.
    A = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=p * p, max_size=p * p))).reshape(p, p)
    P = A @ A.T + lams.min() * np.eye(p)
    np.testing.assert_allclose(rp.generalized_ridge(X, y, P, prior_mean=theta0).coef,
                               normal_equations(X, y, P, theta0), atol=1e-7 * _scale(X, y, P) / lams.min())


@prop("With strengths $(0, 2, 5)$, one coefficient unpenalized, ridge (method `'cholesky-penalty'`) matches the "
      "dense solve of its normal equations (relative $10^{-10}$); with one observation and two unpenalized "
      "coefficients it raises `ValueError` saying they are neither determined by the data nor penalized.",
      group="routes", checks=("ridge",), against="a dense solve of the normal equations")
def test_a_singular_penalty_leaves_directions_unpenalized():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((30, 3)), rng.standard_normal(30)
    lams = np.array([0.0, 2.0, 5.0])
    expected = normal_equations(X, y, np.diag(lams), np.zeros(3))
    np.testing.assert_allclose(rp.ridge(X, y, lams).coef, expected, rtol=1e-10)
    assert rp.ridge(X, y, lams).method == "cholesky-penalty"
    with pytest.raises(ValueError, match="neither determined by the data nor penalized"):
        rp.ridge(X[:1], y[:1], lams * [0, 0, 1])  # one row cannot determine two unpenalized coefficients


@prop(r"`ridge_path` (one eigendecomposition for all $\lambda$) returns, for each of up to six $\lambda$ from "
      r"$10^{-3}$ to $10^3$, the solution of a separate ridge fit at that $\lambda$.",
      group="routes", checks=("ridge_path", "ridge"))
@given(problem=problems(), lams=st.lists(powers_of_ten(-3, 3), min_size=1, max_size=6))
def test_ridge_path_matches_one_fit_per_lambda(problem, lams):
    X, y = problem.X, problem.y
    path = rp.ridge_path(X, y, lams)
    assert path.coefs.shape == (len(lams), X.shape[1])
    for lam, coef in zip(lams, path.coefs):
        np.testing.assert_allclose(coef, rp.ridge(X, y, lam).coef, atol=1e-8 * _scale(X, y, lam) / lam)


@prop(r"Ridge with a fitted intercept gives the slopes and the intercept of a dense solve with a column of ones "
      r"prepended to $X$ and left unpenalized, within rounding relative to the conditioning of both routes "
      r"(the system $M = X_1^\top X_1 + \operatorname{diag}(0, \lambda I)$ is positive definite for every $X$).",
      group="routes", checks=("ridge",), against="a dense solve with an unpenalized column of ones")
@given(problem=problems(min_n=2), lam=powers_of_ten(-2, 2))
def test_intercept_is_an_unpenalized_column_of_ones(problem, lam):
    X, y = problem.X, problem.y
    n, p = X.shape
    ours = rp.ridge(X, y, lam, fit_intercept=True)
    # Independent route: append a column of ones and leave its coefficient unpenalized. v^T M v =
    # ||X1 v||^2 + lam ||v[1:]||^2 vanishes only for v = 0 (then X1 v = v[0] * ones), so M is never singular.
    X1 = np.column_stack([np.ones(n), X])
    P = np.diag(np.r_[0.0, np.full(p, lam)])
    full = normal_equations(X1, y, P, np.zeros(p + 1))
    tol = 1e-7 * _scale(X, y, lam) / lam + 1e-13 * np.linalg.cond(X1.T @ X1 + P) * np.abs(full).max()
    np.testing.assert_allclose(ours.coef, full[1:], atol=tol)
    assert ours.intercept == pytest.approx(full[0], abs=tol)


@prop(r"The ridge path with an intercept and sample weights $w_i \in [0.1, 10]$ gives, at every $\lambda$ of the "
      r"grid, the coefficients and intercept of a single ridge fit with the same options (relative $10^{-8}$).",
      group="routes", checks=("ridge_path", "ridge"))
@given(problem=problems(min_n=2), lams=st.lists(powers_of_ten(-2, 2), min_size=1, max_size=5), data=st.data())
def test_ridge_path_with_intercept_and_weights_matches_single_fits(problem, lams, data):
    X, y = problem.X, problem.y
    w = np.array(data.draw(st.lists(st.floats(0.1, 10), min_size=len(y), max_size=len(y))))
    path = rp.ridge_path(X, y, lams, fit_intercept=True, sample_weight=w)
    for lam, coef, intercept in zip(lams, path.coefs, path.intercepts):
        single = rp.ridge(X, y, lam, fit_intercept=True, sample_weight=w)
        tol = 1e-8 * _scale(X, y, lam) / lam * np.sqrt(w.max() / w.min())
        np.testing.assert_allclose(coef, single.coef, atol=tol)
        assert intercept == pytest.approx(single.intercept, abs=tol)


@prop(r"The generalized ridge with a penalty matrix $P$ (positive definite, or singular with a zero row and column), "
      r"an intercept, sample weights $w_i \in [0.1, 10]$ and a prior mean $\theta_0$ minimizes "
      r"$\sum_i w_i(y_i - \beta_0 - x_i^\top\beta)^2 + (\beta - \theta_0)^\top P(\beta - \theta_0)$: it equals a dense "
      r"solve of that problem's normal equations with an unpenalized column of ones, its objective is that value at "
      r"its solution, it reports $P$ as its strength, and it says which system it solved (whitened when $P$ is "
      r"positive definite, $X^\top X + P$ otherwise).",
      group="routes", checks="generalized_ridge", against="a dense solve of the weighted normal equations")
@given(problem=well_posed_problems(max_p=4), singular=st.booleans(), data=st.data())
def test_generalized_ridge_with_weights_intercept_and_mean(problem, singular, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    A = rng.standard_normal((p, p))
    P = A @ A.T + 0.1 * np.eye(p)
    if singular:
        P[0, :] = P[:, 0] = 0.0
    w = np.array(data.draw(st.lists(st.floats(0.1, 10), min_size=n, max_size=n)))
    theta0 = rng.standard_normal(p)
    fit = rp.generalized_ridge(X, y, P, prior_mean=theta0, fit_intercept=True, sample_weight=w)
    X1 = np.column_stack([np.ones(n), X])
    W = np.diag(w)
    P1 = np.zeros((p + 1, p + 1))
    P1[1:, 1:] = P
    full = np.linalg.solve(X1.T @ W @ X1 + P1, X1.T @ W @ y + P1 @ np.r_[0.0, theta0])
    tol = 1e-9 * np.linalg.cond(X1.T @ W @ X1 + P1) * (1 + np.abs(full).max())
    np.testing.assert_allclose(fit.coef, full[1:], atol=tol)
    assert fit.intercept == pytest.approx(full[0], abs=tol)
    r = y - fit.intercept - X @ fit.coef
    d = fit.coef - theta0
    assert fit.objective == pytest.approx(w @ r**2 + d @ P @ d, rel=1e-8, abs=1e-12)
    np.testing.assert_array_equal(fit.lam, P)
    assert fit.method == ("cholesky-penalty" if singular else "cholesky")


@prop(r"Ridge with sample weights $w_i \in [0.1, 10]$ and a fitted intercept gives the coefficients and intercept "
      "of scikit-learn's `Ridge(alpha=λ, solver='cholesky')` with the same weights (relative $10^{-8}$).",
      group="libraries", checks=("ridge",), against="scikit-learn Ridge")
@given(problem=well_posed_problems(), lam=powers_of_ten(-2, 2), data=st.data())
def test_weights_and_intercept_match_scikit_learn(problem, lam, data):
    X, y = problem.X, problem.y
    w = np.array(data.draw(st.lists(st.floats(0.1, 10), min_size=len(y), max_size=len(y))))
    ours = rp.ridge(X, y, lam, fit_intercept=True, sample_weight=w)
    ref = Ridge(alpha=lam, fit_intercept=True, solver="cholesky").fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.coef, ref.coef_, rtol=1e-8, atol=1e-10 * np.abs(ref.coef_).max())
    assert ours.intercept == pytest.approx(ref.intercept_, rel=1e-8, abs=1e-8 * (1 + abs(ref.intercept_)))


@prop(r"Giving observation $i$ an integer weight $c_i \in \{0, \dots, 3\}$ gives the same ridge solution as "
      "repeating its row $c_i$ times.",
      group="metamorphic", checks=("ridge",))
@given(problem=problems(), lam=powers_of_ten(-2, 2), data=st.data())
def test_integer_weights_duplicate_rows(problem, lam, data):
    """Weight 2 on a sample is the same as seeing it twice (its noise variance halves)."""
    X, y = problem.X, problem.y
    counts = np.array(data.draw(st.lists(st.integers(0, 3), min_size=len(y), max_size=len(y))))
    if counts.sum() == 0:
        counts[0] = 1
    rows = np.repeat(np.arange(len(y)), counts)
    weighted = rp.ridge(X, y, lam, sample_weight=counts.astype(float)).coef
    repeated = rp.ridge(X[rows], y[rows], lam).coef
    np.testing.assert_allclose(weighted, repeated, atol=1e-8 * _scale(X, y, lam) / lam)


@prop(r"Under a prior $\mathcal N(0, \sigma_w^2 I)$ the posterior mean from `gaussian_posterior` is the MAP from "
      r"`map_estimate`, its covariance times $X^\top X/\sigma^2 + I/\sigma_w^2$ is $I$ (within $10^{-7}$ times the "
      "condition number), and its 90% credible intervals have half-width $1.6449$ posterior sds.",
      group="routes", checks=("gaussian_posterior", "map_estimate", "GaussianPosterior.credible_interval"))
@given(problem=problems(), noise=powers_of_ten(-1, 1), scale=powers_of_ten(-1, 1))
def test_gaussian_posterior_mean_is_the_map_and_cov_the_inverse_precision(problem, noise, scale):
    X, y = problem.X, problem.y
    p = X.shape[1]
    prior = rp.GaussianPrior(scale)
    post = rp.gaussian_posterior(X, y, prior, noise)
    np.testing.assert_allclose(post.mean, rp.map_estimate(X, y, prior, noise), atol=1e-8 * _scale(X, y, 1) * scale**2)
    precision = X.T @ X / noise**2 + np.eye(p) / scale**2
    np.testing.assert_allclose(post.cov @ precision, np.eye(p), atol=1e-7 * np.linalg.cond(precision))
    lo, hi = post.credible_interval(0.9)
    np.testing.assert_allclose((hi - lo) / 2, 1.6448536269514722 * np.sqrt(np.diag(post.cov)), rtol=1e-9)


@prop("For a fit with intercept, the predictive means and sds of `GaussianPosterior.predict` at four new points "
      "match 200,000 simulated draws of coefficients (`GaussianPosterior.sample`), intercept and noise: means "
      "within 5 Monte Carlo standard errors, sds within 1%.",
      group="routes", checks=("gaussian_posterior", "GaussianPosterior.predict", "GaussianPosterior.sample"),
      against="Monte Carlo simulation (200,000 draws)")
def test_gaussian_posterior_predictive_matches_simulation():
    """Draw (beta, intercept, noise) from the posterior and compare the predictive moments."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 3))
    y = 1.5 + X @ np.array([1.0, 0.0, -1.0]) + 0.5 * rng.standard_normal(40)
    post = rp.gaussian_posterior(X, y, rp.GaussianPrior(2.0), 0.5, fit_intercept=True)
    X_new = rng.standard_normal((4, 3))
    mean, sd = post.predict(X_new, return_std=True)
    betas = post.sample(200_000, random_state=1)
    intercepts = (post.intercept - (betas - post.mean) @ post.x_offset
                  + rng.normal(0, np.sqrt(post.intercept_var), 200_000))
    draws = betas @ X_new.T + intercepts[:, None] + rng.normal(0, 0.5, (200_000, 4))
    # Monte Carlo error of a mean of 200k draws is sd/sqrt(200k); allow 5 of those.
    assert np.all(np.abs(mean - draws.mean(axis=0)) <= 5 * sd / np.sqrt(200_000))
    np.testing.assert_allclose(sd, draws.std(axis=0), rtol=0.01)


@prop(r"With sample weights $s_i$ and an intercept under a flat prior, the Gaussian posterior of the intercept is the "
      r"$(0, 0)$ entry of the joint posterior of (intercept, $\beta$), precision "
      r"$[\mathbf 1\ X]^\top S[\mathbf 1\ X]/\sigma^2 + \operatorname{diag}(0, 1/\sigma_w^2, \dots)$ by a dense "
      r"inverse: its mean is `intercept` and its variance, the predictive variance of the mean function at "
      r"$x_* = 0$, is $\sigma^2/\sum_i s_i$ (`intercept_var`) plus $\bar x^\top C\bar x$ (relative $10^{-10}$).",
      group="routes", checks=("gaussian_posterior", "GaussianPosterior.predict"),
      against="the joint Gaussian posterior, by a dense inverse")
def test_a_weighted_intercept_has_the_joint_posterior_s_variance():
    rng = np.random.default_rng(3)
    n, p, noise, scale = 30, 3, 0.7, 1.5
    X = rng.standard_normal((n, p)) + 1.0
    y = 2.0 + X @ np.array([1.0, -0.5, 0.0]) + noise * rng.standard_normal(n)
    w = rng.uniform(0.2, 3.0, n)
    post = rp.gaussian_posterior(X, y, rp.GaussianPrior(scale), noise, fit_intercept=True, sample_weight=w)
    A = np.column_stack([np.ones(n), X])
    joint_cov = np.linalg.inv(A.T @ (w[:, None] * A) / noise**2 + np.diag([0.0] + [scale**-2] * p))
    joint_mean = joint_cov @ (A.T @ (w * y)) / noise**2
    mean, sd = post.predict(np.zeros((1, p)), return_std=True, include_noise=False)
    assert post.intercept_var == pytest.approx(noise**2 / w.sum(), rel=1e-12)
    assert post.intercept == pytest.approx(joint_mean[0], rel=1e-10)
    assert mean[0] == pytest.approx(joint_mean[0], rel=1e-10)
    assert sd[0] ** 2 == pytest.approx(joint_cov[0, 0], rel=1e-10)
    assert post.intercept_var + post.x_offset @ post.cov @ post.x_offset == pytest.approx(joint_cov[0, 0], rel=1e-10)


@prop(r"For $p > n$, where the posterior is kept without forming its $p \times p$ covariance, "
      r"`GaussianPosterior.predict` returns the predictive means alone by default and, with `return_std`, the sds "
      r"$\sqrt{x_*^\top C x_*}$ (with $\sigma^2$ added under `include_noise`) of the explicit "
      r"$C = (X^\top X/\sigma^2 + \operatorname{diag}(1/\sigma_{w,j}^2))^{-1}$ at 600 new points (more than two "
      r"chunks of rows), sds far below $\sigma$ included (relative $10^{-8}$); the same once `cov` is formed; a new "
      r"$X$ with another number of features is refused with the whole message.",
      group="routes", checks=("gaussian_posterior", "GaussianPosterior.predict"))
def test_gaussian_predictive_sds_without_the_covariance():
    rng = np.random.default_rng(11)
    n, p, sigma = 12, 40, 0.7
    X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
    scales = np.geomspace(1e-3, 1.0, p)
    post = rp.gaussian_posterior(X, y, rp.GaussianPrior(scales), sigma)
    new = rng.standard_normal((600, p))
    new[300:, 10:] = 0.0  # half the points use only the ten most constrained coefficients: sds near 1e-2 sigma
    mean = post.predict(new)
    assert isinstance(mean, np.ndarray) and mean.shape == (600,)
    means, sd_mean = post.predict(new, return_std=True, include_noise=False)
    _, sd_new = post.predict(new, return_std=True)
    cov = np.linalg.inv(X.T @ X / sigma**2 + np.diag(1.0 / scales**2))
    exact = np.sqrt(np.einsum("ij,jk,ik->i", new, cov, new))
    assert exact[300:].max() < 0.05 * sigma
    np.testing.assert_allclose(means, new @ post.mean, rtol=1e-12)
    np.testing.assert_allclose(sd_mean, exact, rtol=1e-8)
    np.testing.assert_allclose(sd_new, np.sqrt(exact**2 + sigma**2), rtol=1e-10)
    np.testing.assert_allclose(post.cov, cov, rtol=1e-8, atol=1e-12)  # forms C: predict uses it from now on
    np.testing.assert_allclose(post.predict(new, return_std=True, include_noise=False)[1], exact, rtol=1e-8)
    with pytest.raises(ValueError) as info:
        post.predict(np.ones((2, 3)))
    assert str(info.value) == "X has 3 features but the posterior has 40"


@prop(r"Under a prior $\mathcal N(\theta_0, LL^\top)$ the MAP from `map_estimate` and the posterior mean from "
      r"`gaussian_posterior` both equal $\theta_0 + L\hat\gamma$, where $\hat\gamma$ is plain ridge at "
      r"$\lambda = \sigma^2$ on the whitened problem $(XL,\ y - X\theta_0)$ (relative $10^{-9}$).",
      group="metamorphic", checks=("map_estimate", "gaussian_posterior", "MultivariateGaussianPrior", "ridge"))
def test_full_covariance_prior_whitens_to_plain_ridge():
    """beta = theta0 + L gamma turns N(theta0, L L^T) into an isotropic prior on gamma
    (issue: Sigma is a whitening of X)."""
    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((25, 4)), rng.standard_normal(25)
    A = rng.standard_normal((4, 4))
    cov = A @ A.T + 0.5 * np.eye(4)
    theta0 = rng.standard_normal(4)
    prior = rp.MultivariateGaussianPrior(cov, mean=theta0)
    noise = 0.7
    L = np.linalg.cholesky(cov)
    gamma = rp.ridge(X @ L, y - X @ theta0, noise**2).coef
    np.testing.assert_allclose(rp.map_estimate(X, y, prior, noise), theta0 + L @ gamma, rtol=1e-9)
    np.testing.assert_allclose(rp.gaussian_posterior(X, y, prior, noise).mean, theta0 + L @ gamma, rtol=1e-9)


@prop(r"`ridge_path` keeps the grid it was given (`.lams`, as floats), solves $\lambda = 0$ on a square full-rank "
      r"$X$ ($p = n$ is full column rank, not rank-deficient) as least squares, and on a wide $X$ with duplicated rows "
      r"($XX^\top$ singular) at $\lambda = 10^{-8}$ gives the SVD's ridge solution "
      r"$\sum_i \frac{s_i}{s_i^2 + \lambda} (u_i^\top y)\, v_i$ over the nonzero singular values, so the null "
      r"directions of $XX^\top$ contribute nothing.",
      group="routes", checks="ridge_path", against="least squares; the SVD")
def test_ridge_path_grid_square_least_squares_and_singular_wide_design():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((6, 6))
    y = rng.standard_normal(6)
    path = rp.ridge_path(X, y, [0, 1])
    assert path.lams.dtype == float and np.array_equal(path.lams, [0.0, 1.0])
    np.testing.assert_allclose(path.coefs[0], np.linalg.solve(X, y), rtol=1e-9, atol=1e-9)

    rows = rng.standard_normal((4, 12))
    X = np.vstack([rows, rows[:2]])  # 6 x 12 with two repeated rows: X X^T has a two-dimensional null space
    y = rng.standard_normal(6)
    lam = 1e-8
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > s.max() * 1e-10
    expected = Vt[keep].T @ (s[keep] / (s[keep] ** 2 + lam) * (U[:, keep].T @ y))
    np.testing.assert_allclose(rp.ridge_path(X, y, [lam]).coefs[0], expected, rtol=1e-6,
                               atol=1e-6 * np.abs(expected).max())


@prop(r"Below the rounding level of $X^\top X$ ridge still solves its problem: with singular values $1, 10^{-9}, 0$ "
      r"and $\lambda = 10^{-18}$ (Cholesky refuses, so the SVD route runs) it matches least squares on the augmented "
      r"system $[X; \sqrt\lambda I]$ (relative $10^{-6}$), and on a design scaled by $10^{-10}$ it is not mistaken "
      r"for singular: $\lambda = 0$ and $\lambda = 10^{-22}$ match `numpy.linalg.lstsq` and the augmented system.",
      group="routes", checks="ridge", against="numpy.linalg.lstsq on the augmented system")
def test_ridge_below_the_rounding_level_and_on_tiny_designs():
    rng = np.random.default_rng(0)
    U, _ = np.linalg.qr(rng.standard_normal((6, 3)))
    V, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    X, y = U @ np.diag([1.0, 1e-9, 0.0]) @ V.T, rng.standard_normal(6)

    def augmented(X, y, lam):
        p = X.shape[1]
        return np.linalg.lstsq(np.vstack([X, np.sqrt(lam) * np.eye(p)]), np.concatenate([y, np.zeros(p)]),
                               rcond=None)[0]

    fit = rp.ridge(X, y, 1e-18)
    assert fit.method == "svd"
    np.testing.assert_allclose(fit.coef, augmented(X, y, 1e-18), rtol=1e-6)
    tiny, y2 = rng.standard_normal((8, 3)) * 1e-10, rng.standard_normal(8)
    np.testing.assert_allclose(rp.ridge(tiny, y2, 0.0).coef, np.linalg.lstsq(tiny, y2, rcond=None)[0], rtol=1e-8)
    fit = rp.ridge(tiny, y2, 1e-22)
    assert fit.method == "cholesky"
    np.testing.assert_allclose(fit.coef, augmented(tiny, y2, 1e-22), rtol=1e-8)


@prop(r"`generalized_ridge` at its edges: a penalty that is symmetric to a relative $10^{-11}$ and has an eigenvalue "
      r"of $-10^{-11}$ times its largest entry (rounding) is taken, one asymmetric by $10^{-8}$ or with an eigenvalue "
      r"of $-10^{-8}$ (relative to its largest entry, 2 or $2\cdot10^{-3}$) is refused with a whole message; a "
      r"design of entries near $10^{160}$, whose $X^\top X$ overflows, is rescaled, and the penalty $P = I$, "
      r"negligible there, gives ridge's answer at $\lambda = 1$ (relative $10^{-12}$) without a floating-point "
      r"warning, through $X^\top X + P$ since whitening by $P$ would overflow; a penalty of strings is refused by "
      r"name.",
      group="inputs", checks=("generalized_ridge", "ridge"))
def test_generalized_ridge_edges():
    import warnings

    rng = np.random.default_rng(4)
    X = rng.standard_normal((20, 3))
    y = X @ np.array([1.0, 0.0, -1.0]) + rng.standard_normal(20)
    last = np.outer([0, 0, 1.0], [0, 0, 1.0])
    for scale in (1.0, 1e-3):  # the tolerances are relative to the penalty's largest entry, 2 * scale
        base = scale * np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 0.0]])
        for relative, taken in ((1e-11, True), (1e-8, False)):
            asymmetric = base.copy()
            asymmetric[0, 1] += relative * 2 * scale
            negative = base - relative * 2 * scale * last
            for penalty, message in ((asymmetric, "penalty must be symmetric"),
                                     (negative, "penalty must be positive semi-definite")):
                if taken:
                    rp.generalized_ridge(X, y, penalty)
                else:
                    with pytest.raises(ValueError) as info:
                        rp.generalized_ridge(X, y, penalty)
                    assert str(info.value) == message
    with pytest.raises(TypeError) as info:
        rp.generalized_ridge(X, y, [["a", "b", "c"]] * 3)
    assert str(info.value).startswith("penalty ")
    huge = X * 1e160
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = rp.generalized_ridge(huge, y, np.eye(3))
    np.testing.assert_allclose(fit.coef, rp.ridge(huge, y, 1.0).coef, rtol=1e-12)
    assert fit.method == "cholesky-penalty"


@prop(r"A prior mean of subnormal size with $y = 0$ (the deep search's counterexample, seed 2432189953: "
      r"$\theta_0 = 2.2\cdot10^{-309}$, $X = 1$, $\lambda = 1$) gives `ridge` and `generalized_ridge` the minimizer "
      r"$\lambda\theta_0/(1 + \lambda)$ (to two subnormal steps) without a floating-point warning: the rescaled "
      r"mean is $\theta_0 a / b$ computed in that order, since $1/b$ overflows for the subnormal unit $b$ such a "
      r"response is brought up by.",
      group="routes", checks=("ridge", "generalized_ridge"))
@pytest.mark.parametrize("mean", [2.225073858507203e-309, 1e-310, 5e-324])
def test_a_subnormal_prior_mean_is_rescaled_without_overflow(mean):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fit in (rp.ridge(np.array([[1.0]]), np.array([0.0]), [1.0], prior_mean=[mean]),
                    rp.generalized_ridge(np.array([[1.0]]), np.array([0.0]), np.eye(1), prior_mean=[mean])):
            # subnormal numbers are spaced by 5e-324: two of those steps of rounding are allowed
            assert fit.coef[0] == pytest.approx(mean / 2, rel=1e-15, abs=2 * 5e-324)


@prop(r"`generalized_ridge` computes an integer penalty matrix in float64: with entries $2^{62}$ and $2^{61}$ (whose "
      r"sum $P + P^\top$ would overflow int64) it returns what the same matrix as floats gives and a dense solve of "
      r"$(X^\top X + P)\beta = X^\top y$ (relative $10^{-10}$); so does `map_result` under a prior subclassed to give "
      r"that integer matrix as its quadratic-form penalty.",
      group="inputs", checks=("generalized_ridge", "map_result"), against="a dense solve of the normal equations")
def test_generalized_ridge_takes_an_integer_penalty_as_float():
    rng = np.random.default_rng(7)
    X, y = 1e9 * rng.standard_normal((10, 2)), 1e9 * rng.standard_normal(10)
    P = np.array([[2**62, 2**61], [2**61, 2**62]])
    fit = rp.generalized_ridge(X, y, P)
    np.testing.assert_allclose(fit.coef, rp.generalized_ridge(X, y, P.astype(float)).coef, rtol=1e-10)
    np.testing.assert_allclose(fit.coef, normal_equations(X, y, P.astype(float), np.zeros(2)), rtol=1e-10)
    from regprior.penalties import QuadraticForm

    class IntegerPenaltyPrior(rp.MultivariateGaussianPrior):
        def penalty(self, weight):
            return QuadraticForm(P)

    np.testing.assert_allclose(rp.map_result(X, y, IntegerPenaltyPrior(np.eye(2)), noise_sd=1.0).coef, fit.coef,
                               rtol=1e-10)


@prop(r"The direct solver (a Gaussian prior through `map_result`) refuses options it does not have with a whole "
      r"message naming them in sorted order, refuses `tol = 0` even though a dense X never reads it (`tol must be > 0; "
      r"got 0`), and takes a positive `tol` and `max_iter` without changing the direct answer.",
      group="inputs", checks=("map_result", "ridge"))
def test_the_direct_solver_refuses_unknown_options_and_a_zero_tolerance():
    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((10, 3)), rng.standard_normal(10)
    prior = rp.GaussianPrior(1.0)
    with pytest.raises(TypeError) as info:
        rp.map_result(X, y, prior, noise_sd=1.0, zeta=1, alpha=2)
    assert str(info.value) == "the direct solver has no option(s) 'alpha', 'zeta'"
    with pytest.raises(ValueError) as info:
        rp.map_result(X, y, prior, noise_sd=1.0, tol=0.0)
    assert str(info.value) == "tol must be > 0; got 0"
    fit = rp.map_result(X, y, prior, noise_sd=1.0, tol=1e-3, max_iter=5)
    np.testing.assert_allclose(fit.coef, rp.ridge(X, y, 1.0).coef, rtol=1e-12)
    assert fit.method == "cholesky"
