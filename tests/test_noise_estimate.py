"""noise_sd="auto": the estimate of the noise standard deviation and where it is reported."""

from __future__ import annotations

import numpy as np
import pytest

import regprior as rp
from regprior.estimators import MAPRegressor
from tests.properties import prop


@prop(r"The least-squares noise estimate is $\lVert y - \hat\beta_0 - X\hat\beta\rVert^2/(n - p - 1)$ computed "
      r"independently (normal equations with a column of ones; with sample weights, the weighted residuals and the "
      r"number of positive weights), and over 4000 simulated data sets its square averages to the true σ² within "
      r"four Monte Carlo standard errors (it is unbiased).",
      group="routes", checks="estimate_noise_sd", against="normal equations; simulation")
def test_least_squares_noise_estimate_is_the_unbiased_residual_variance():
    rng = np.random.default_rng(0)
    n, p, sigma = 12, 4, 0.7
    X = rng.standard_normal((n, p))
    X1 = np.column_stack([np.ones(n), X])
    weights = rng.uniform(0.5, 2.0, n)
    weights[0] = 0.0
    y = 1.0 + X @ np.arange(1.0, p + 1) + sigma * rng.standard_normal(n)
    est = rp.estimate_noise_sd(X, y, fit_intercept=True)
    full = np.linalg.solve(X1.T @ X1, X1.T @ y)
    assert est.method == "least_squares" and est.dof == n - p - 1
    assert est.noise_var == pytest.approx(np.sum((y - X1 @ full) ** 2) / (n - p - 1), rel=1e-10)
    weighted = rp.estimate_noise_sd(X, y, fit_intercept=True, sample_weight=weights)
    W = np.diag(weights)
    wfull = np.linalg.solve(X1.T @ W @ X1, X1.T @ W @ y)
    assert weighted.dof == n - 1 - p - 1
    assert weighted.noise_var == pytest.approx(weights @ (y - X1 @ wfull) ** 2 / (n - 1 - p - 1), rel=1e-10)
    draws = np.array([rp.estimate_noise_sd(X, X @ np.ones(p) + sigma * rng.standard_normal(n)).noise_var
                      for _ in range(4000)])
    assert abs(draws.mean() - sigma**2) < 4 * draws.std() / np.sqrt(draws.size)


@prop(r"For p > n, the estimate is that of Reid, Tibshirani & Friedman (2016): the residual sum of squares of the "
      r"lasso refitted at the cross-validated λ over $n - \hat s - 1$ ($\hat s$ nonzero coefficients), computed from "
      r"`lasso_cv` by hand; on sparse simulated data with σ = 0.5 it lands within 25% of σ.",
      group="routes", checks=("estimate_noise_sd", "lasso_cv"), against="the estimator of Reid et al. (2016) by hand")
def test_wide_data_use_the_cross_validated_lasso_estimate():
    rng = np.random.default_rng(1)
    n, p = 60, 150
    X = rng.standard_normal((n, p))
    y = 2.0 + X[:, :4] @ np.array([3.0, -2.0, 1.5, 1.0]) + 0.5 * rng.standard_normal(n)
    est = rp.estimate_noise_sd(X, y, fit_intercept=True)
    fit = rp.lasso_cv(X, y, fit_intercept=True).fit
    s = np.count_nonzero(fit.coef)
    assert est.method == "cv_lasso" and est.dof == n - s - 1 and est.lam == fit.lam
    assert est.noise_var == pytest.approx(np.sum((y - fit.intercept - X @ fit.coef) ** 2) / (n - s - 1), rel=1e-12)
    assert 0.75 * 0.5 < est.noise_sd < 1.25 * 0.5


@prop(r"`map_result(..., noise_sd=\"auto\")` and `MAPRegressor(noise_sd=\"auto\")` fit the MAP at the estimated σ "
      r"(the same coefficients as with that σ given), report it (`result.noise_estimate`, `noise_sd_`, "
      r"`noise_estimate_`), with sample weights the weighted estimate, and a DataFrame's column names reach the "
      r"result's summary; a noise_sd of None is refused, saying what to give.",
      group="routes", checks=("map_result", "estimators.MAPRegressor", "estimate_noise_sd"))
@pytest.mark.parametrize("prior", [rp.GaussianPrior(0.5), rp.LaplacePrior(0.2)], ids=["gaussian", "laplace"])
def test_auto_noise_is_the_estimate_and_is_reported(prior):
    import pandas as pd

    rng = np.random.default_rng(2)
    X = pd.DataFrame(rng.standard_normal((80, 3)), columns=["age", "dose", "weight"])
    y = 1.0 + X.to_numpy() @ np.array([1.0, -0.5, 0.0]) + 0.3 * rng.standard_normal(80)
    est = rp.estimate_noise_sd(X, y, fit_intercept=True)
    fit = rp.map_result(X, y, prior, "auto", fit_intercept=True,
                        **({"tol": 1e-12} if isinstance(prior, rp.LaplacePrior) else {}))
    given = rp.map_result(X, y, prior, est.noise_sd, fit_intercept=True,
                          **({"tol": 1e-12} if isinstance(prior, rp.LaplacePrior) else {}))
    assert fit.noise_estimate == est
    np.testing.assert_allclose(fit.coef, given.coef, rtol=1e-12, atol=1e-14)
    assert list(fit.summary().index) == ["(intercept)", "age", "dose", "weight"]
    model = MAPRegressor(prior=prior, noise_sd="auto").fit(X, y)
    assert model.noise_sd_ == est.noise_sd and model.noise_estimate_ == est
    np.testing.assert_allclose(model.coef_, MAPRegressor(prior=prior, noise_sd=est.noise_sd).fit(X, y).coef_)
    assert MAPRegressor(prior=prior, noise_sd=0.4).fit(X, y).noise_sd_ == 0.4
    weights = rng.uniform(0.2, 3.0, 80)
    weighted = rp.map_result(X, y, prior, "auto", fit_intercept=True, sample_weight=weights)
    assert weighted.noise_estimate == rp.estimate_noise_sd(X, y, fit_intercept=True, sample_weight=weights) != est
    with pytest.raises(TypeError) as info:
        rp.map_result(X, y, prior, None)
    assert str(info.value) == "noise_sd must be a positive number, or 'auto' to estimate it from the data; got None"


@prop("The noise estimate refuses, naming the argument: least squares with no residual degree of freedom, an exact "
      "fit, an unknown method, sample weights with the cross-validated lasso; `noise_sd` other than a number or "
      "'auto' is refused by `map_estimate` and `MAPRegressor` (None with a message pointing to 'auto').",
      group="inputs", checks=("estimate_noise_sd", "map_estimate", "estimators.MAPRegressor"))
def test_noise_estimate_refusals():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((6, 5))
    y = rng.standard_normal(6)
    with pytest.raises(ValueError, match="X: least squares leaves no residual degree of freedom"):
        rp.estimate_noise_sd(X, y, fit_intercept=True, method="least_squares")
    with pytest.raises(ValueError, match="y: the fit reproduces y exactly"):
        rp.estimate_noise_sd(X[:, :2], X[:, :2] @ [1.0, 2.0])
    with pytest.raises(ValueError, match="method must be one of"):
        rp.estimate_noise_sd(X, y, method="mad")
    with pytest.raises(ValueError, match="sample_weight: the cross-validated lasso"):
        rp.estimate_noise_sd(X, y, sample_weight=np.ones(6), method="cv_lasso")
    with pytest.raises(ValueError, match="noise_sd must be a positive number or 'auto'"):
        rp.map_estimate(X, y, rp.GaussianPrior(1.0), "estimate")
    with pytest.raises(TypeError, match="or 'auto' to estimate it"):
        rp.map_estimate(X, y, rp.GaussianPrior(1.0), None)
    with pytest.raises(TypeError, match="or 'auto' to estimate it"):
        MAPRegressor(noise_sd=None).fit(X, y)


@prop(r"The noise estimate's choices and messages at their boundaries: `method='auto'` takes least squares exactly "
      r"when $n > p$ (+1 with an intercept), one residual degree of freedom is enough, no intercept unless asked, "
      r"`cv` reaches the cross-validation, a residual $10^{-8}$ of $\lVert y\rVert$ is noise while $10^{-12}$ (or "
      r"$y = 0$) is an exact fit, and the refusals read in full (also a lasso keeping as many coefficients as "
      r"samples).",
      group="inputs", checks="estimate_noise_sd")
def test_noise_estimate_boundaries_and_messages():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((6, 5))
    y = X @ np.arange(1.0, 6.0) + rng.standard_normal(6)
    plain = rp.estimate_noise_sd(X, y)
    assert plain.method == "least_squares" and plain.dof == 1 and plain.lam is None
    assert rp.estimate_noise_sd(X, y, fit_intercept=True).method == "cv_lasso"
    assert rp.estimate_noise_sd(X[:5], y[:5]).method == "cv_lasso"
    Xw = rng.standard_normal((30, 40))
    yw = Xw[:, :3] @ np.array([3.0, -2.0, 1.0]) + 0.5 * rng.standard_normal(30)
    six = rp.estimate_noise_sd(Xw, yw, cv=6)
    fit = rp.lasso_cv(Xw, yw, cv=6).fit
    assert fit.lam != rp.lasso_cv(Xw, yw).lam_min  # six folds choose another strength than the default five
    assert six.lam == fit.lam and six.rss == pytest.approx(float(np.sum((yw - Xw @ fit.coef) ** 2)), rel=1e-12)
    scale = float(np.linalg.norm(y))
    direction = np.linalg.svd(X.T)[2][-1]  # orthogonal to the columns of X: a residual the fit cannot absorb
    near = X @ np.arange(1.0, 6.0) + 1e-8 * scale * direction
    assert rp.estimate_noise_sd(X, near).rss == pytest.approx((1e-8 * scale) ** 2, rel=1e-6)
    exact = X @ np.arange(1.0, 6.0) + 1e-12 * scale * direction
    with pytest.raises(ValueError) as info:
        rp.estimate_noise_sd(X, exact)
    assert str(info.value) == ("y: the fit reproduces y exactly, so the residuals say nothing about the noise; give "
                               "noise_sd")
    with pytest.raises(ValueError) as info:
        rp.estimate_noise_sd(X, np.zeros(6))  # y = 0: a residual of 0 is an exact fit, not sigma = 0
    assert str(info.value) == ("y: the fit reproduces y exactly, so the residuals say nothing about the noise; give "
                               "noise_sd")
    draw = np.random.default_rng(0)
    dense = draw.standard_normal((6, 12))
    with pytest.raises(ValueError) as info:  # noiseless and dense: the chosen lasso keeps all 6 coefficients
        rp.estimate_noise_sd(dense, dense @ draw.standard_normal(12), cv=3)
    assert str(info.value) == ("X: the cross-validated lasso keeps as many coefficients as there are samples, so no "
                               "residual degree of freedom is left for the noise; give noise_sd")
    with pytest.raises(ValueError) as info:
        rp.estimate_noise_sd(X[:5], y[:5], method="least_squares")
    assert str(info.value) == ("X: least squares leaves no residual degree of freedom (n = 5 samples, rank 5); use "
                               "method='cv_lasso' or give noise_sd")
    with pytest.raises(ValueError) as info:
        rp.estimate_noise_sd(X, y, fit_intercept=True, method="least_squares")
    assert str(info.value) == ("X: least squares leaves no residual degree of freedom (n = 6 samples, rank 5 + 1 "
                               "intercept); use method='cv_lasso' or give noise_sd")
    with pytest.raises(ValueError) as info:
        rp.estimate_noise_sd(X, y, sample_weight=np.ones(6), method="cv_lasso")
    assert str(info.value) == ("sample_weight: the cross-validated lasso estimate takes no sample weights; give "
                               "noise_sd or use method='least_squares'")
    with pytest.raises(TypeError, match="^fit_intercept must be True or False"):
        rp.estimate_noise_sd(X, y, fit_intercept="no")


@prop(r"`estimate_noise_sd` checks `cv` whichever estimate it makes, but only for its kind when least squares is "
      r"used: four samples and one feature give the least-squares estimate with the default `cv=5` (which the "
      r"cross-validated lasso could not split), while `cv=1.5`, `cv=1` and a string are refused by name.",
      group="inputs", checks="estimate_noise_sd")
def test_noise_estimate_checks_cv_without_needing_its_folds():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 1))
    y = X[:, 0] + rng.standard_normal(4)
    estimate = rp.estimate_noise_sd(X, y)
    assert estimate.method == "least_squares" and estimate.dof == 3
    for cv, error in ((1.5, TypeError), (1, ValueError), ("five", TypeError)):
        with pytest.raises(error) as info:
            rp.estimate_noise_sd(X, y, cv=cv)
        assert str(info.value).startswith("cv must ")
