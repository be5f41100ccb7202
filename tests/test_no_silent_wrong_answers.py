"""Issue 11, "no silent wrong answers": each input that used to give a wrong number with no error now gives the right
number or a clear ValueError/TypeError naming the argument. One table of bad, extreme and unusual calls, and a
regression test for each wrong number found."""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.linear_model import RidgeCV

import regprior as rp
from regprior.estimators import MAPRegressor
from tests.properties import prop

RNG = np.random.default_rng(0)
X = RNG.standard_normal((30, 4))
Y = X @ np.array([1.0, 0.5, -0.5, -1.0]) + 0.1 * RNG.standard_normal(30)
POST = rp.gaussian_posterior(X, Y, rp.GaussianPrior(1.0), 1.0)
NA_FRAME = pd.DataFrame(X).astype("Float64").mask(np.eye(30, 4, dtype=bool))

#: (id, call, exception, fragment of the message, which must begin with the named argument)
BAD_INPUTS = [
    # 4: a prior no library parameter can mean
    ("from_prior mean", lambda: rp.conventions.from_prior("sklearn.Ridge", rp.GaussianPrior(0.5, mean=3.0),
                                                          noise_sd=1.0), ValueError, "priors: GaussianPrior"),
    ("from_prior per-coefficient", lambda: rp.conventions.from_prior(
        "sklearn.Lasso", rp.LaplacePrior([1.0, 2.0]), noise_sd=1.0, n_samples=3), ValueError, "one scale per coef"),
    # 8: unrepresentable strengths
    ("penalty_strength noise 1e200", lambda: rp.GaussianPrior(1.0).penalty_strength(noise_sd=1e200), ValueError,
     "noise_sd = 1e+200: its square is not representable"),
    ("penalty_strength scale 1e-200", lambda: rp.GaussianPrior(1e-200).penalty_strength(1.0), ValueError,
     "scale: the result is not representable"),
    ("from_penalty_strength", lambda: rp.LaplacePrior.from_penalty_strength(1e-300, 1e200), ValueError,
     "noise_sd = 1e+200"),
    ("map_estimate noise 1e300", lambda: rp.map_estimate(X, Y, rp.GaussianPrior(1.0), noise_sd=1e300), ValueError,
     "noise_sd = 1e+300"),
    ("gaussian_posterior noise 1e300", lambda: rp.gaussian_posterior(X, Y, rp.GaussianPrior(1.0), 1e300),
     ValueError, "noise_sd = 1e+300"),
    ("gibbs noise 1e200", lambda: rp.bayesian_lasso_gibbs(X, Y, 1.0, noise_sd=1e200, n_samples=2), ValueError,
     "noise_sd = 1e+200"),
    ("gibbs b 1e-300", lambda: rp.bayesian_lasso_gibbs(X, Y, 1e-300, noise_sd=1.0, n_samples=2), ValueError,
     "b (1/b^2"),
    ("penalty_matrix", lambda: rp.MultivariateGaussianPrior(np.eye(4) * 1e-300).penalty_matrix(1e10), ValueError,
     "cov: the penalty matrix"),
    ("from_prior scale 1e-200", lambda: rp.conventions.from_prior("sklearn.Ridge", rp.GaussianPrior(1e-200),
                                                                  noise_sd=1.0), ValueError, "priors: a scale of"),
    ("from_prior scale 1e200", lambda: rp.conventions.from_prior("sklearn.Ridge", rp.GaussianPrior(1e200),
                                                                 noise_sd=1.0), ValueError, "underflows to 0"),
    # 11: misleading messages
    ("sparse X lad", lambda: rp.lad(sparse.csr_matrix(X), Y), TypeError, "X is a scipy.sparse matrix, which "
     "lad does not take"),
    ("sparse X logistic", lambda: rp.logistic_map(sparse.csc_matrix(X), Y > 1, rp.GaussianPrior(1.0)), TypeError,
     "X is a scipy.sparse matrix, which logistic_map does not take"),
    ("pandas NA X", lambda: rp.ridge(NA_FRAME, Y, 1.0), ValueError, "X has missing values"),
    ("pandas NA y", lambda: rp.lasso(X, pd.Series(Y).astype("Float64").mask(Y > 1), 1.0), ValueError,
     "y has missing values"),
    ("prior scale length", lambda: rp.map_estimate(X, Y, rp.GaussianPrior([1.0, 2.0, 3.0]), 1.0), ValueError,
     "prior: its scale has 3 entries"),
    ("posterior scale length", lambda: rp.gaussian_posterior(X, Y, rp.GaussianPrior([1.0, 2.0]), 1.0), ValueError,
     "prior: its scale has 2 entries"),
    ("elastic_net_path lam2 shape", lambda: rp.elastic_net_path(X, Y, [1.0, 0.5], lam2=[1.0, 2.0, 3.0]),
     ValueError, "lam2 must be a number or have one value per strength in lams1"),
    ("sample size -1", lambda: POST.sample(size=-1), ValueError, "size must be >= 0"),
    ("sample size 1.5", lambda: POST.sample(size=1.5), TypeError, "size must be an integer"),
    ("lasso max_iter 1e20", lambda: rp.lasso(X, Y, 1.0, max_iter=10**20), ValueError, "max_iter must be <="),
    ("from_prior vector", lambda: rp.conventions.from_prior("sklearn.Ridge", rp.GaussianPrior([1.0, 2.0]),
                                                            noise_sd=1.0), ValueError, "priors: GaussianPrior"),
    # 12: inconsistent acceptance
    ("MAPRegressor fit_intercept 'False'", lambda: MAPRegressor(fit_intercept="False").fit(X, Y), TypeError,
     "fit_intercept must be True or False"),
    ("ridge lam strings", lambda: rp.ridge(X, Y, ["1", "2", "3", "4"]), TypeError, "lam must contain real numbers"),
    ("ridge_path lams strings", lambda: rp.ridge_path(X, Y, ["1", "2"]), TypeError, "lams must contain real"),
    ("lasso_path lams strings", lambda: rp.lasso_path(X, Y, ["1", "2"]), TypeError, "lams must contain real"),
    ("scale and mean lengths", lambda: rp.GaussianPrior(scale=[1, 2], mean=[0, 0, 0]), ValueError,
     "mean has 3 entries but scale has 2"),
    ("Laplace scale and mean lengths", lambda: rp.LaplacePrior(scale=[1, 2], mean=[0, 0, 0]), ValueError,
     "mean has 3 entries"),
    ("Student-t scale and mean lengths", lambda: rp.StudentTPrior(3.0, scale=[1, 2], mean=[0, 0, 0]), ValueError,
     "mean has 3 entries"),
    ("complex cov", lambda: rp.MultivariateGaussianPrior(np.eye(2) * (1 + 1j)), TypeError,
     "cov must contain real numbers"),
    ("duality_gap coef 1e300", lambda: rp.duality_gap(X, Y, np.full(4, 1e300), 1.0), ValueError,
     "coef: the objective at these coefficients overflows"),
    ("objective coef 1e300", lambda: rp.objective(X, Y, np.full(4, 1e300)), ValueError, "coef: the objective"),
    ("neg_log_density NaN", lambda: rp.GaussianPrior(1.0).neg_log_density([np.nan]), ValueError,
     "coef must contain finite values"),
    ("neg_log_density 1e300", lambda: rp.GaussianPrior(1.0).neg_log_density([1e300]), ValueError,
     "coef: -log p(beta) overflows"),
    # 7: data whose squares overflow, where no rescaling applies
    ("map_estimate X 1e160", lambda: rp.map_estimate(X * 1e160, Y, rp.GaussianPrior(1.0), 1.0), ValueError,
     "X: entries up to"),
    ("ridge y 1e160", lambda: rp.ridge(X, Y * 1e160, 1.0), ValueError, "y: entries up to"),
]


@prop(r"A table of bad, extreme and unusual calls across the public API (non-representable strengths, sparse and "
      r"pandas-NA input, mismatched per-coefficient parameters, strings for strengths, negative or fractional sizes, "
      r"unbounded iteration budgets, priors no library parameter can mean, data whose squares overflow): each raises "
      r"the `ValueError` or `TypeError` listed, whose message begins with the argument's name and says what is "
      r"wrong (no OverflowError, numba error, numpy broadcast error, NaN or silently ignored input).",
      group="inputs",
      checks=("conventions.from_prior", "GaussianPrior.penalty_strength", "LaplacePrior.from_penalty_strength",
              "map_estimate", "gaussian_posterior", "bayesian_lasso_gibbs", "MultivariateGaussianPrior.penalty_matrix",
              "ridge", "lasso", "elastic_net_path", "GaussianPosterior.sample", "estimators.MAPRegressor",
              "ridge_path", "lasso_path", "GaussianPrior", "LaplacePrior", "StudentTPrior",
              "MultivariateGaussianPrior", "duality_gap", "objective", "GaussianPrior.neg_log_density"))
@pytest.mark.parametrize("call, error, message", [row[1:] for row in BAD_INPUTS], ids=[row[0] for row in BAD_INPUTS])
def test_bad_inputs_are_refused_with_the_argument_named(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) in (error, rp.conventions.NoPriorEquivalent), type(info.value)
    assert message in str(info.value), str(info.value)


@prop(r"Numbers that used to be refused or mangled are accepted as numbers: a 0-d array for a strength, a noise sd, "
      r"an L2 strength, a bound and a tolerance gives the same result as the float; an object array of numbers (a "
      r"pandas nullable column without missing values) is a design.",
      group="inputs", checks=("ridge", "lasso", "elastic_net", "map_estimate", "lad", "constrained_least_squares"))
def test_zero_dimensional_arrays_are_numbers():
    assert np.array_equal(rp.ridge(X, Y, np.array(1.5)).coef, rp.ridge(X, Y, 1.5).coef)
    assert np.array_equal(rp.elastic_net(X, Y, 1.0, np.array(1.5)).coef, rp.elastic_net(X, Y, 1.0, 1.5).coef)
    assert np.array_equal(rp.map_estimate(X, Y, rp.GaussianPrior(1.0), np.array(0.5)),
                          rp.map_estimate(X, Y, rp.GaussianPrior(1.0), 0.5))
    assert np.array_equal(rp.lad(X, Y, lam=np.array(1.0)).coef, rp.lad(X, Y, lam=1.0).coef)
    assert np.array_equal(rp.constrained_least_squares(X, Y, np.array(1.0)).coef,
                          rp.constrained_least_squares(X, Y, 1.0).coef)
    assert np.array_equal(rp.lasso(X, Y, 1.0, tol=np.array(1e-9)).coef, rp.lasso(X, Y, 1.0, tol=1e-9).coef)
    np.testing.assert_allclose(rp.ridge(pd.DataFrame(X).astype("Float64"), Y, 1.0).coef, rp.ridge(X, Y, 1.0).coef,
                               rtol=1e-14)


@prop(r"With one column $10^3$ to $10^{8}$ times the others (and a realistic design: five standardized features "
      r"and an amount near $5\cdot10^6$), `ridge_path` gives `ridge`'s coefficients at every $\lambda$ "
      r"(relative $10^{-8}$): the Gram eigendecomposition, which resolves eigenvalues only to $\epsilon$ times the "
      r"largest, is used only below a column-norm spread of $10^3$ (a relative $10^{-10}$ per eigenvalue), above it "
      r"each $\lambda$ is solved by the equilibrated Cholesky route.",
      group="routes", checks=("ridge_path", "ridge"))
@pytest.mark.parametrize("scale", [1e2, 9e2, 1.1e3, 1e5, 1e7, 1e8])
def test_ridge_path_keeps_small_columns_next_to_a_large_one(scale):
    Xs = X.copy()
    Xs[:, 0] *= scale
    lams = [1e-3, 1.0, 30.0]
    path = rp.ridge_path(Xs, Y, lams).coefs
    for lam, coef in zip(lams, path):
        np.testing.assert_allclose(coef, rp.ridge(Xs, Y, lam).coef, rtol=1e-8, atol=1e-12)
    rng = np.random.default_rng(1)
    features = np.column_stack([rng.standard_normal((200, 5)), rng.uniform(1e6, 1e7, 200)])
    target = features @ np.r_[1.0, -1.0, 0.5, 0.0, 2.0, 3e-7] + rng.standard_normal(200)
    np.testing.assert_allclose(rp.ridge_path(features, target, [1.0], fit_intercept=True).coefs[0],
                               rp.ridge(features, target, 1.0, fit_intercept=True).coef, rtol=1e-8)


@prop(r"Column scales $10^{14}$ to $10^{15}$ apart, or per-coefficient strengths spanning $10^{30}$ "
      r"($\lambda = (10^{-30}, 1, 1, 1)$), give one MAP by every route: `ridge`, `generalized_ridge`, `map_estimate`, "
      r"the Gaussian posterior's mean, `nig_posterior` and `joint_map`'s coefficients at its own $\lambda$ equal "
      r"ridge on the well-scaled problem mapped back (relative $10^{-8}$), for $n > p$ and $p > n$; with a "
      r"duplicated column (row) and $\lambda$ below rounding, where the SVD route runs, a dominant column no longer "
      r"zeroes the others.",
      group="routes",
      checks=("ridge", "generalized_ridge", "map_estimate", "gaussian_posterior", "nig_posterior", "joint_map"))
@pytest.mark.parametrize("shape", [(30, 4), (6, 9)])
@pytest.mark.parametrize("s", [1e14, 1e15, 1e-15])
def test_every_route_to_the_gaussian_map_agrees_at_extreme_scales(shape, s):
    rng = np.random.default_rng(2)
    X0 = rng.standard_normal(shape)
    y = X0 @ rng.standard_normal(shape[1]) + 0.1 * rng.standard_normal(shape[0])
    p = shape[1]
    lam = np.linspace(0.5, 2.0, p)
    d = np.ones(p)
    d[0] = s
    Xs, lam_s = X0 * d, lam * d**2
    reference = rp.ridge(X0, y, lam).coef / d  # the well-scaled problem, mapped to the scaled one
    check = lambda coef: np.testing.assert_allclose(coef * d, reference * d, rtol=1e-8, atol=1e-12)  # noqa: E731
    check(rp.ridge(Xs, y, lam_s).coef)
    check(rp.generalized_ridge(Xs, y, np.diag(lam_s)).coef)
    scale = 1.0 / np.sqrt(lam_s)  # noise sd 1: lam_j = 1 / scale_j^2
    check(rp.map_estimate(Xs, y, rp.GaussianPrior(scale), 1.0))
    check(rp.gaussian_posterior(Xs, y, rp.GaussianPrior(scale), 1.0).mean)
    check(rp.nig_posterior(Xs, y, 1.0 / lam_s, rp.InverseGammaPrior(2.0, 1.0)).mean)
    joint = rp.joint_map(Xs, y, rp.GaussianPrior(scale), rp.InverseGammaPrior(2.0, 1.0))
    np.testing.assert_allclose(joint.coef * d, rp.ridge(X0, y, joint.lam / d**2).coef, rtol=1e-8, atol=1e-12)
    # lam spanning 1e30: the unpenalized limit of the first coefficient
    wide = np.r_[1e-30, np.ones(p - 1)]
    limit = rp.ridge(X0, y, np.r_[0.0, np.ones(p - 1)]).coef
    for coef in (rp.ridge(X0, y, wide).coef, rp.generalized_ridge(X0, y, np.diag(wide)).coef,
                 rp.gaussian_posterior(X0, y, rp.GaussianPrior(1 / np.sqrt(wide)), 1.0).mean):
        np.testing.assert_allclose(coef, limit, rtol=1e-8, atol=1e-10)
    # singular after equilibration (a duplicated column or row, lam below rounding) next to a dominant column,
    # whose penalty is then negligible: the fit is that of the unscaled column (a tiny column would be shrunk away)
    if s < 1:
        return
    dup = np.column_stack([X0, X0[:, 1]]) if shape[0] > shape[1] else np.vstack([X0, X0[1]])
    ydup = y if shape[0] > shape[1] else np.r_[y, y[1] + 0.5]
    e = np.ones(dup.shape[1])
    e[0] = s
    fit, big = rp.ridge(dup, ydup, 1e-22), rp.ridge(dup * e, ydup, 1e-22)
    assert big.method == "svd"
    np.testing.assert_allclose((dup * e) @ big.coef, dup @ fit.coef, rtol=1e-6, atol=1e-8 * np.abs(ydup).max())


@prop(r"A refitted `MAPRegressor` keeps nothing of the previous fit: after a Gaussian-prior fit, a refit with a "
      r"Laplace prior has no `posterior_` and `predict(..., return_std=True)` refuses instead of answering with the "
      r"old model; refitting with the Gaussian prior again gives the same posterior as a fresh fit.",
      group="inputs", checks="estimators.MAPRegressor")
def test_a_refit_resets_every_fitted_attribute():
    model = MAPRegressor(prior=rp.GaussianPrior(1.0), noise_sd=1.0).fit(X, Y)
    assert hasattr(model, "posterior_") and hasattr(model, "penalty_strength_")
    model.set_params(prior=rp.LaplacePrior(0.001)).fit(X, Y)
    assert not hasattr(model, "posterior_")
    with pytest.raises(ValueError, match="return_std=True needs a Gaussian prior"):
        model.predict(X[:2], return_std=True)
    model.set_params(prior=rp.GaussianPrior(1.0)).fit(X, Y)
    fresh = MAPRegressor(prior=rp.GaussianPrior(1.0), noise_sd=1.0).fit(X, Y)
    np.testing.assert_array_equal(model.predict(X[:3], return_std=True)[1], fresh.predict(X[:3], return_std=True)[1])


@prop(r"For $p > n$ (a $20 \times 60$ design and a $200 \times 3000$ one) and independent Gaussian priors, the "
      r"posterior predictive sd and the coefficient sds are computed without the $p \times p$ covariance (it is not "
      r"formed) and equal those from the covariance formed afterwards (relative $10^{-9}$); `MAPRegressor`'s "
      r"coefficients are the ridge route's.",
      group="routes", checks=("gaussian_posterior", "GaussianPosterior.predict", "estimators.MAPRegressor"))
@pytest.mark.parametrize("shape", [(20, 60), (200, 3000)])
def test_the_predictive_sd_needs_no_p_by_p_covariance(shape):
    rng = np.random.default_rng(3)
    Xw = rng.standard_normal(shape)
    y = Xw[:, :5] @ np.ones(5) + rng.standard_normal(shape[0])
    model = MAPRegressor(prior=rp.GaussianPrior(rng.uniform(0.05, 0.5, shape[1])), noise_sd=0.8).fit(Xw, y)
    new = rng.standard_normal((7, shape[1]))
    mean, sd = model.predict(new, return_std=True)
    coef_sd = model.posterior_.sd
    assert "cov" not in model.posterior_.__dict__  # nothing p x p was formed
    np.testing.assert_allclose(model.coef_, rp.ridge(Xw, y, model.penalty_strength_, fit_intercept=True).coef,
                               rtol=1e-10, atol=1e-14)
    cov = model.posterior_.cov
    centred = new - model.posterior_.x_offset
    expected = np.sqrt(np.einsum("ij,jk,ik->i", centred, cov, centred) + model.posterior_.intercept_var + 0.64)
    np.testing.assert_allclose(sd, expected, rtol=1e-9)
    np.testing.assert_allclose(coef_sd, np.sqrt(np.diag(cov)), rtol=1e-9)


@prop(r"`ridge_loo_gcv` with $p \ge n$ ($20 \times 35$) and $\lambda$ from $10^{-2}$ down to $10^{-14}$ gives the "
      r"leave-one-out error of $n$ explicit refits and scikit-learn's `RidgeCV` (relative $10^{-8}$): the residual "
      r"outside $U$ and $1 - \sum_k U_{ik}^2$ are exactly 0 when $U$ is square, not rounding noise.",
      group="routes", checks="ridge_loo_gcv", against="n refits; scikit-learn RidgeCV")
def test_leave_one_out_near_interpolation_matches_refits_and_ridgecv():
    rng = np.random.default_rng(0)
    Xw, y = rng.standard_normal((20, 35)), rng.standard_normal(20)
    lams = np.array([1e-2, 1e-6, 1e-10, 1e-12, 1e-14])
    sel = rp.ridge_loo_gcv(Xw, y, lams)
    for lam, loo in zip(lams, sel.loo):
        errors = []
        for i in range(20):
            keep = np.arange(20) != i
            errors.append((y[i] - Xw[i] @ rp.ridge(Xw[keep], y[keep], lam).coef) ** 2)
        assert loo == pytest.approx(np.mean(errors), rel=1e-8)
        assert loo == pytest.approx(-RidgeCV(alphas=[lam], fit_intercept=False).fit(Xw, y).best_score_, rel=1e-8)


@prop(r"The lasso far below $\lambda_{\max}$ ($10^{-13}$ and $10^{-15}$ of it, $n > p$) is certified without "
      r"iterating: it returns least squares, `converged`, with the gap $G_{LS} + \lambda\lVert\beta_{LS}\rVert_1 \le "
      r"\mathrm{tol}\lVert y\rVert^2$, which the independently recomputed duality gap of the objective does not "
      r"contradict; along a path down to $10^{-12}\lambda_{\max}$ every point converges.",
      group="optimality", checks=("lasso", "lasso_path"))
def test_the_lasso_certificate_does_not_collapse_as_lambda_goes_to_zero():
    rng = np.random.default_rng(0)
    Xw = rng.standard_normal((400, 40))
    y = Xw @ rng.standard_normal(40) + rng.standard_normal(400)
    top = rp.lam_max(Xw, y)
    ls = rp.ridge(Xw, y, 0.0).coef
    for ratio in (1e-13, 1e-15):
        with warnings.catch_warnings():
            warnings.simplefilter("error", rp.ConvergenceWarning)
            fit = rp.lasso(Xw, y, ratio * top)
        assert fit.converged and fit.n_iter == 0 and fit.gap <= 1e-8 * (y @ y)
        np.testing.assert_allclose(fit.coef, ls, rtol=1e-9, atol=1e-12)
        excess = rp.objective(Xw, y, fit.coef, lam1=ratio * top) - rp.objective(Xw, y, ls)
        assert excess <= fit.gap + 1e-12 * (y @ y)
    path = rp.lasso_path(Xw, y, n_lams=8, lam_min_ratio=1e-12)
    assert np.all(path.converged)


@prop(r"`horseshoe_logpdf` is computed in logarithms: at $\tau = 10^{154}$, $\beta = \tau = 10^{-200}$, "
      r"$\beta = 10^{160}$ and ordinary points it equals the log of $e^zE_1(z)/(\tau\sqrt{2\pi^3})$ evaluated "
      r"with 50-digit mpmath (relative $10^{-12}$), where it used to give $\pm\infty$.",
      group="symbols", checks="horseshoe_logpdf", against="mpmath at 50 digits")
@pytest.mark.parametrize("beta, tau", [(1.0, 1e154), (1e-200, 1e-200), (1e160, 1.0), (0.1, 1.0), (30.0, 1.0),
                                       (1e5, 1.0), (1e3, 1e-3)])
def test_horseshoe_log_density_is_finite_where_it_is_representable(beta, tau):
    with mpmath.workdps(50):
        z = mpmath.mpf(beta) ** 2 / (2 * mpmath.mpf(tau) ** 2)
        exact = float(mpmath.log(mpmath.exp(z) * mpmath.e1(z)) - mpmath.log(tau)
                      - mpmath.log(mpmath.sqrt(2 * mpmath.pi**3)))
    assert float(rp.horseshoe_logpdf(beta, tau)) == pytest.approx(exact, rel=1e-12)


#: (id, call, exception, the whole message): refusals whose every word is the promise, checked in full
WHOLE_MESSAGES = [
    ("lasso coef_init with None", lambda: rp.lasso(X, Y, 1.0, coef_init=[1.0, None, 2.0, 0.0]), ValueError,
     "coef_init has missing values (None or pandas NA); every entry must be a number: drop or impute them first"),
    ("lasso coef_init of strings", lambda: rp.lasso(X, Y, 1.0, coef_init=list("abcd")), TypeError,
     "coef_init must contain real numbers; got an array of dtype <U1"),
    ("posterior of a Laplace prior", lambda: rp.gaussian_posterior(X, Y, rp.LaplacePrior(1.0), 1.0), TypeError,
     "prior must be a Gaussian prior (GaussianPrior or MultivariateGaussianPrior: one with a precision matrix, so "
     "that the posterior is Gaussian too); got LaplacePrior"),
    ("posterior of a string", lambda: rp.gaussian_posterior(X, Y, "gaussian", 1.0), TypeError,
     "prior must be a Gaussian prior (GaussianPrior or MultivariateGaussianPrior: one with a precision matrix, so "
     "that the posterior is Gaussian too); got str"),
    ("posterior covariance singular",
     lambda: rp.gaussian_posterior(np.repeat(X[:, :1], 2, axis=1), Y, rp.GaussianPrior(1e20), 1.0).cov, ValueError,
     "prior: X^T X + sigma^2 Sigma^-1 is singular to working precision, so the posterior covariance is not "
     "computable in float64 (a prior variance far beyond what the data resolve, on collinear columns); use a smaller "
     "prior scale"),
    ("posterior covariance overflow", lambda: rp.gaussian_posterior(X[:, :2] * 1e-150, Y, rp.GaussianPrior(1e160),
                                                                    1e10).cov, ValueError,
     "prior, noise_sd: the posterior covariance overflows float64; rescale the problem"),
    ("penalty of a tiny covariance", lambda: rp.MultivariateGaussianPrior(np.eye(2) * 1e-300).penalty(1e10),
     ValueError, "cov: the penalty matrix sigma^2 Sigma^-1 overflows float64 for this noise level; rescale the "
     "problem"),
    ("from_prior underflow", lambda: rp.conventions.from_prior("sklearn.Ridge", rp.GaussianPrior(1e150),
                                                               noise_sd=1e-100), ValueError,
     "alpha for sklearn.Ridge is nonzero at these inputs but below the smallest positive float64, so it is not "
     "representable in float64 (it underflows to 0, which would drop the penalty or prior the inputs ask for)"),
    ("to_prior with another solver", lambda: rp.conventions.to_prior("sklearn.LogisticRegression", C=1.0,
                                                                     l1_ratio=0.5, solver="lbfgs"), ValueError,
     "solver='lbfgs': sklearn.LogisticRegression computes the MAP with solver='saga' here; the conversion reads the "
     "prior from the other parameters"),
    ("response_sd 0", lambda: rp.conventions.to_prior("glmnet", lambda_=1.0, alpha=0.5, noise_sd=1.0, n_samples=10,
                                                      response_sd=0.0), ValueError, "response_sd must be > 0; got 0"),
    ("response_sd string", lambda: rp.conventions.to_prior("glmnet", lambda_=1.0, alpha=0.5, noise_sd=1.0,
                                                           n_samples=10, response_sd="a"), TypeError,
     "response_sd must be a real number; got str 'a'"),
    ("ridge beyond float64", lambda: rp.ridge(X * 1e-170, Y, 1.0), ValueError,
     "lam: the L2 penalty is beyond the range of float64 relative to X, whose largest entry is about 1.66e-170 (lam "
     "/ 1.66e-170^2 overflows); at such a strength the data barely count (the coefficients are the penalty's inverse "
     "applied to X^T y, to working precision); rescale X"),
    ("ridge_path beyond float64", lambda: rp.ridge_path(X * 1e-170, Y, [0.0, 1.0]), ValueError,
     "lams: the L2 penalty is beyond the range of float64 relative to X, whose largest entry is about 1.66e-170 "
     "(lams / 1.66e-170^2 overflows); at such a strength the data barely count (the coefficients are the penalty's "
     "inverse applied to X^T y, to working precision); rescale X"),
    ("elastic_net beyond float64", lambda: rp.elastic_net(X * 1e-170, Y, 1e-200, 1.0), ValueError,
     "lam2: the L2 penalty is beyond the range of float64 relative to X, whose largest entry is about 1.66e-170 "
     "(lam2 / 1.66e-170^2 overflows); at such a strength the data barely count (the coefficients are the penalty's "
     "inverse applied to X^T y, to working precision); rescale X"),
    ("elastic_net_path beyond float64", lambda: rp.elastic_net_path(X * 1e-170, Y, [1.0], lam2=1.0), ValueError,
     "lam2: the L2 penalty is beyond the range of float64 relative to X, whose largest entry is about 1.66e-170 "
     "(lam2 / 1.66e-170^2 overflows); at such a strength the data barely count (the coefficients are the penalty's "
     "inverse applied to X^T y, to working precision); rescale X"),
    ("generalized_ridge beyond float64", lambda: rp.generalized_ridge(X * 1e-170, Y, np.eye(4)), ValueError,
     "penalty: the L2 penalty is beyond the range of float64 relative to X, whose largest entry is about 1.66e-170 "
     "(penalty / 1.66e-170^2 overflows); at such a strength the data barely count (the coefficients are the "
     "penalty's inverse applied to X^T y, to working precision); rescale X"),
    ("library not a string", lambda: rp.conventions.to_prior(5, alpha=1.0), TypeError,
     "library must be a string such as 'sklearn.Lasso'; got int 5"),
    ("library 'Lasso'", lambda: rp.conventions.to_prior("Lasso", alpha=1.0), ValueError,
     "library 'Lasso' is unknown. Did you mean 'sklearn.Lasso'? Known libraries: "
     + ", ".join(rp.conventions.LIBRARIES)),
    ("lasso at lam 0 on a sparse X", lambda: rp.lasso(sparse.csr_matrix(X), Y, 0.0), ValueError,
     "lam = 0 with a sparse X is least squares, which lasso does not solve for sparse input; use lam > 0 (or a dense "
     "X)"),
    ("lasso precompute=True on a sparse X", lambda: rp.lasso(sparse.csr_matrix(X), Y, 1.0, precompute=True),
     ValueError, "precompute=True needs a dense X (a sparse X is solved column by column); use 'auto'"),
    ("prior density at a NaN coefficient", lambda: rp.LaplacePrior(1.0).neg_log_density([np.nan, 1.0]), ValueError,
     "coef must contain finite values"),
    ("uniform bounds of two lengths", lambda: rp.UniformPrior([0.0, 1.0], [1.0, 2.0, 3.0]), ValueError,
     "lower has 2 entries but upper has 3"),
    ("prior mean and scale of two lengths", lambda: rp.GaussianPrior(scale=[1, 2], mean=[0, 0, 0]), ValueError,
     "mean has 3 entries but scale has 2 entries: per-coefficient parameters must have one entry per feature each "
     "(or be a single number)"),
    ("sparse X whose squares overflow", lambda: rp.lasso(sparse.csc_matrix(X * 1e160), Y, 1.0), ValueError,
     "X: entries up to 2.33e+160 make its columns' sums of squares overflow float64 (X^T X would be inf); divide X by "
     "a constant c: the coefficients are then multiplied by c (an L2 strength by c^2, an L1 strength by c), see the "
     "units step on the weights and intercept page"),
    ("y whose squares overflow", lambda: rp.ridge(X, Y * 1e160, 1.0), ValueError,
     "y: entries up to 3.52e+160 make its sum of squares overflow float64; divide y by a constant c: the coefficients "
     "and an L1 strength are then divided by c (an L2 strength stays), see the units step on the weights and "
     "intercept page"),
    ("prior mean of strings", lambda: rp.GaussianPrior(1.0, mean=["a", "b"]), TypeError,
     "mean must contain real numbers; got an array of dtype <U1"),
    ("uniform bound of strings", lambda: rp.UniformPrior(["a", "b"], 1.0), TypeError,
     "lower must contain real numbers; got an array of dtype <U1"),
    ("y with a missing value", lambda: rp.ridge(X, pd.Series(np.where(np.arange(30) == 3, np.nan, Y)), 1.0),
     ValueError, "y has missing values (NaN, None or pandas NA); every entry must be a number: drop or impute them "
     "first"),
    ("X of ragged rows", lambda: rp.ridge([[1.0, 2.0], [3.0]], [1.0, 2.0], 1.0), TypeError,
     "X must be array-like of real numbers; got list"),
    ("y of objects with a string", lambda: rp.ridge(X, np.array([1.5, "a", *Y[2:]], dtype=object), 1.0), TypeError,
     "y must contain real numbers; got an array of dtype object holding str"),
    ("prior mean of two kinds of objects", lambda: rp.GaussianPrior(1.0, mean=np.array(["a", b"x"], dtype=object)),
     TypeError, "mean must contain real numbers; got an array of dtype object holding bytes, str"),
    ("empty prior mean of objects", lambda: rp.GaussianPrior(1.0, mean=np.array([], dtype=object)), TypeError,
     "mean must contain real numbers; got an array of dtype object holding nothing"),
    ("uniform interval of length 0", lambda: rp.UniformPrior(1.0, 1.0), ValueError,
     "lower must be < upper in every coordinate (a uniform prior needs an interval of positive length)"),
    ("uniform bounds crossed in one coordinate", lambda: rp.UniformPrior([0.0, 2.0], [1.0, 1.0]), ValueError,
     "lower must be < upper in every coordinate (a uniform prior needs an interval of positive length)"),
]


@prop(r"Refusals read in full: a posterior asked of a non-Gaussian prior, a posterior covariance singular to working "
      r"precision or overflowing float64, a prior penalty matrix that overflows, a converted strength that underflows "
      r"to 0, a solver other than the one a conversion names, an unusable `response_sd`, a library that is no string "
      r"a library's bare class name (`'Lasso'`, which is offered the full name), a lasso at $\lambda = 0$ on a sparse "
      r"$X$ (least squares, which it does not solve for sparse input) or with `precompute=True` (a sparse $X$ has no "
      r"Gram matrix here), a prior density asked at a NaN coefficient, a prior's mean and scale of two lengths, a mean "
      r"or bound of strings, a $y$ with a missing value or holding a string, a mean of objects (empty, or of two "
      r"kinds), an $X$ of ragged rows, a sparse $X$ whose "
      r"columns' sums of squares overflow or a $y$ whose sum of squares does, "
      r"uniform-prior bounds of two lengths or with an empty interval (equal, or crossed in one coordinate), and an "
      r"L2 strength that, in the units "
      r"where $X$'s entries are near 1, is beyond float64 ($X$ near $10^{-170}$, $\lambda_2 = 1$: it used to give NaN "
      r"coefficients or zeros) each raise the listed "
      r"error with exactly the listed message (argument, what is wrong, what to do).",
      group="inputs",
      checks=("gaussian_posterior", "GaussianPosterior.cov", "MultivariateGaussianPrior.penalty",
              "conventions.from_prior", "conventions.to_prior", "ridge", "ridge_path", "elastic_net",
              "elastic_net_path", "generalized_ridge", "UniformPrior", "GaussianPrior", "lasso",
              "Prior.neg_log_density"))
@pytest.mark.parametrize("call, error, message", [row[1:] for row in WHOLE_MESSAGES],
                         ids=[row[0] for row in WHOLE_MESSAGES])
def test_refusals_say_in_full_what_is_wrong(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert str(info.value) == message


@prop(r"A sparse $X$ given to a solver that takes only dense ones is refused with the way out in full: a dense array "
      r"(`X.toarray()`) or one of the functions that take sparse input, all listed. (The function named in between is "
      r"the one the user called, read from the call stack; `make test` checks it, and this test, which leaves it out, "
      r"also runs under mutation.)", group="inputs", checks=("lad",))
def test_a_sparse_x_is_refused_with_the_functions_that_take_it():
    with pytest.raises(TypeError) as info:
        rp.lad(sparse.csr_matrix(X), Y)
    message = str(info.value)
    assert message.startswith("X is a scipy.sparse matrix, which ")
    assert message.endswith(" does not take; pass a dense array (X.toarray()), or use one of the functions that take "
                            "sparse input: lasso, elastic_net, lasso_path, elastic_net_path, lam_max, duality_gap, "
                            "ridge, map_estimate, MAPRegressor")


@prop(r"A sparse $y$ is refused with the way out, a dense array (`y.toarray()`); a $y$ holding $+\infty$ and "
      r"$-\infty$ is refused as containing inf, with no floating-point warning on the way (warnings are errors here).",
      group="inputs", checks=("ridge",))
def test_a_sparse_or_infinite_y_is_refused_by_name():
    with pytest.raises(TypeError) as info:
        rp.ridge(X, sparse.csr_matrix(Y[:, None]), 1.0)
    # the function named in between is the caller, read from the call stack (checked by make test, not here)
    assert str(info.value).startswith("y is a scipy.sparse matrix, which is not supported yet by ")
    assert str(info.value).endswith("; pass a dense array (y.toarray())")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^y contains inf; every entry must be finite$"):
            rp.ridge(X, np.concatenate([[np.inf, -np.inf], Y[2:]]), 1.0)


@prop(r"A response of integers, booleans, float32 or float16 is read as the same numbers in float64: ridge, the lasso, "
      r"the elastic net, the lasso path, the MAP under a Laplace prior and the noise estimate give exactly the fit of "
      r"the float64 copy.", group="inputs",
      checks=("ridge", "lasso", "elastic_net", "lasso_path", "map_estimate", "estimate_noise_sd"))
@pytest.mark.parametrize("kind", ["int", "bool", "float32", "float16"])
def test_a_response_of_any_real_dtype_is_read_as_float64(kind):
    y = {"int": np.round(3 * Y).astype(int), "bool": Y > 0, "float32": Y.astype(np.float32),
         "float16": Y.astype(np.float16)}[kind]
    fits = [lambda v: rp.ridge(X, v, 1.0).coef, lambda v: rp.lasso(X, v, 0.1).coef,
            lambda v: rp.elastic_net(X, v, 0.1, 0.5).coef, lambda v: rp.lasso_path(X, v, n_lams=5).coefs,
            lambda v: np.asarray(rp.map_estimate(X, v, rp.LaplacePrior(1.0), 1.0)),
            lambda v: rp.estimate_noise_sd(X, v).noise_sd]
    for fit in fits:
        np.testing.assert_array_equal(fit(y), fit(y.astype(np.float64)))


@prop(r"A sparse $X$ is checked for overflow as a dense one is, column by column ($X^\top X$ must be finite): a row "
      r"whose sum of squares overflows, and so the total, is no reason to refuse it, and the lasso on it equals the "
      r"lasso on the same dense $X$.", group="inputs", checks=("lasso",))
def test_a_sparse_x_is_checked_column_by_column():
    rng = np.random.default_rng(0)
    dense = 1e153 * rng.standard_normal((6, 3))
    dense[0, :2] = 1.2e154  # row 0: 2.9e308 overflows; columns 0 and 1: 1.5e308 each, finite
    assert np.all(np.isfinite(np.einsum("ij,ij->j", dense, dense)))
    assert not np.isfinite(np.einsum("ij,ij->i", dense, dense)[0])
    y = rng.standard_normal(6)
    lam = 0.5 * np.abs(dense.T @ y).max()
    want = rp.lasso(dense, y, lam).coef
    got = rp.lasso(sparse.csc_matrix(dense), y, lam).coef
    assert np.count_nonzero(want) == 2
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=0.0)


@prop(r"A scalar prior mean other than 0 is the centre the posterior shrinks toward: with `GaussianPrior(scale, "
      r"mean=1)` the posterior mean is $(X^\top X + \lambda I)^{-1}(X^\top y + \lambda\,\mathbf 1)$, "
      r"$\lambda = \sigma^2/s^2$, by a dense solve.",
      group="routes", checks=("gaussian_posterior",))
def test_a_scalar_prior_mean_is_the_centre_of_the_posterior():
    lam = 0.5**2 / 0.7**2
    expected = np.linalg.solve(X.T @ X + lam * np.eye(4), X.T @ Y + lam * np.ones(4))
    post = rp.gaussian_posterior(X, Y, rp.GaussianPrior(0.7, mean=1.0), 0.5)
    np.testing.assert_allclose(post.mean, expected, rtol=1e-12)
