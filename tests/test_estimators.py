"""The scikit-learn estimators: the API contract (check_estimator) and agreement with the solvers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import BayesianRidge
from sklearn.utils.estimator_checks import parametrize_with_checks

import regprior as rp
from regprior.estimators import MAPRegressor
from tests import reference
from tests.properties import prop


#: the checks an estimator that estimates its noise level cannot pass, and why
AUTO_NOISE_EXCEPTIONS = {
    **dict.fromkeys(
        ["check_sample_weights_shape", "check_sample_weights_not_overwritten", "check_regressors_no_decision_function"],
        "the check's data are fitted exactly by a line, so the residuals say nothing about the noise and "
        "noise_sd='auto' refuses them"),
    "check_sample_weight_equivalence_on_dense_data":
        "a repeated row adds a residual degree of freedom and a weight does not, so the noise estimate (and with it "
        "the strength the prior means) differs between the two",
}


@prop(r"The scikit-learn estimator passes scikit-learn's own estimator checks, with the default prior, a Laplace "
      r"prior with a given noise sd, a Gaussian prior without intercept, and a Laplace prior with the noise sd "
      r"estimated (`noise_sd=\"auto\"`; four checks are expected to fail for it, each for a stated reason: their "
      r"data are fitted exactly, or they equate weights with repeated rows, which change the degrees of freedom).",
      group="libraries", checks="estimators.MAPRegressor", against="scikit-learn's estimator checks")
@parametrize_with_checks(
    [
        MAPRegressor(),
        MAPRegressor(prior=rp.LaplacePrior(0.5), noise_sd=0.3),
        MAPRegressor(prior=rp.GaussianPrior(2.0), noise_sd=1.0, fit_intercept=False),
        MAPRegressor(prior=rp.LaplacePrior(0.5), noise_sd="auto"),
    ],
    expected_failed_checks=lambda estimator: AUTO_NOISE_EXCEPTIONS if estimator.noise_sd == "auto" else {},
)
def test_scikit_learn_estimator_contract(estimator, check):
    check(estimator)


@prop(r"For a Gaussian, a Laplace and a per-coefficient Gaussian prior, the estimator's coefficients and intercept "
      r"are those of the canonical objective with an unpenalized column of ones, computed by a route that shares no "
      r"code with it (a dense solve for the Gaussian priors, FISTA with a zero L1 weight on that column for the "
      r"Laplace prior; relative $10^{-7}$); they equal `map_estimate` with an intercept (relative $10^{-9}$), its "
      r"predictions are $X\hat\beta + \hat\beta_0$, and its penalty strength is the prior's at the given noise sd.",
      group="routes", checks=("estimators.MAPRegressor", "map_estimate", "GaussianPrior.penalty_strength"),
      against="a dense solve / FISTA (tests/reference.py) with a column of ones")
@pytest.mark.parametrize("prior", [rp.GaussianPrior(0.7), rp.LaplacePrior(0.05), rp.GaussianPrior([0.5, 1.0, 2.0])])
def test_estimator_is_the_map_with_an_intercept(prior):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((60, 3))
    y = -1.0 + X @ np.array([1.5, 0.0, -0.5]) + 0.4 * rng.standard_normal(60)
    model = MAPRegressor(prior=prior, noise_sd=0.4, tol=1e-12).fit(X, y)
    lam = np.broadcast_to(prior.penalty_strength(0.4), (3,))
    X1 = np.column_stack([np.ones(60), X])
    if isinstance(prior, rp.LaplacePrior):
        full = reference.fista(X1, y, np.r_[0.0, lam])
    else:
        full = np.linalg.solve(X1.T @ X1 + np.diag(np.r_[0.0, lam]), X1.T @ y)
    np.testing.assert_allclose(model.coef_, full[1:], rtol=1e-7, atol=1e-9)
    assert model.intercept_ == pytest.approx(full[0], rel=1e-7)
    expected = rp.map_estimate(X, y, prior, 0.4, fit_intercept=True,
                               **({"tol": 1e-12} if isinstance(prior, rp.LaplacePrior) else {}))
    np.testing.assert_allclose(model.coef_, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(model.predict(X), X @ model.coef_ + model.intercept_)
    assert np.allclose(model.penalty_strength_, prior.penalty_strength(0.4))


@prop(r"With scikit-learn's `BayesianRidge` precisions fixed (prior sd $\lambda^{-1/2}$, noise sd "
      r"$\alpha^{-1/2}$), the estimator reproduces its coefficients and intercept (relative $10^{-7}$), and its "
      r"predictive variance exceeds `BayesianRidge`'s by exactly $\sigma^2/n$, the intercept's uncertainty, which "
      r"`BayesianRidge` leaves out (relative $10^{-6}$).",
      group="libraries", checks="estimators.MAPRegressor", against="scikit-learn BayesianRidge")
def test_gaussian_estimator_reproduces_bayesian_ridge_at_its_fitted_precisions():
    """BayesianRidge's alpha_ is the noise precision and lambda_ the weight precision: with those fixed, the MAP
    under N(0, 1/lambda_) at noise sd 1/sqrt(alpha_) is BayesianRidge's coef_ (and its predictive std)."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((80, 4))
    y = X @ np.array([1.0, -2.0, 0.0, 0.5]) + 0.3 * rng.standard_normal(80)
    br = BayesianRidge(tol=1e-12, max_iter=10_000).fit(X, y)
    model = MAPRegressor(prior=rp.GaussianPrior(1 / np.sqrt(br.lambda_)), noise_sd=1 / np.sqrt(br.alpha_)).fit(X, y)
    np.testing.assert_allclose(model.coef_, br.coef_, rtol=1e-7)
    assert model.intercept_ == pytest.approx(br.intercept_, rel=1e-7)
    _, std = model.predict(X[:5], return_std=True)
    _, br_std = br.predict(X[:5], return_std=True)
    # BayesianRidge ignores the intercept's uncertainty; ours includes it (sigma^2 / n), so ours is larger.
    np.testing.assert_allclose(std**2 - br_std**2, 1 / br.alpha_ / 80, rtol=1e-6)


@prop(r"Predicting with `return_std=True` under a Laplace prior raises a `ValueError` saying it needs a Gaussian "
      r"prior, after a fit on a sparse X one saying the covariance was not computed and why, and fitting with a prior "
      r"that is not a regprior prior raises a `TypeError` naming what was given.",
      group="inputs", checks="estimators.MAPRegressor")
def test_return_std_needs_a_gaussian_prior():
    X, y = np.eye(3), np.arange(3.0)
    model = MAPRegressor(prior=rp.LaplacePrior(1.0)).fit(X, y)
    with pytest.raises(ValueError) as info:
        model.predict(X, return_std=True)
    assert str(info.value) == ("return_std=True needs a Gaussian prior: with this prior the posterior is not Gaussian "
                               "and the MAP alone says nothing about its spread")
    sparse_fit = MAPRegressor(prior=rp.GaussianPrior(1.0)).fit(sparse.csr_matrix(X), y)
    with pytest.raises(ValueError) as info:
        sparse_fit.predict(X, return_std=True)
    assert str(info.value) == ("return_std=True needs the posterior covariance (p x p), which is not computed when the "
                               "model is fitted on a sparse X; fit on a dense X for it")
    with pytest.raises(TypeError) as info:
        MAPRegressor(prior=0.5).fit(X, y)
    assert str(info.value) == "prior must be a regprior Prior (e.g. GaussianPrior(1.0)); got float"


@prop(r"A prior is a scikit-learn parameter: `GridSearchCV` over `{\"mapregressor__prior__scale\": [...]}` in a "
      r"`Pipeline` (scaler, then `MAPRegressor`) gives the same mean test scores (relative $10^{-10}$) and the same "
      r"best scale as the loop over the folds written by hand; the searched pipeline's own prior is left as it was; "
      r"`clone` gives a pipeline whose prior is equal but a new object, so fitting the clone changes nothing in the "
      r"original.",
      group="libraries", checks=("estimators.MAPRegressor", "Prior.get_params", "Prior.set_params"),
      against="scikit-learn GridSearchCV and clone, and a hand-written loop over KFold")
def test_grid_search_over_a_prior_scale_in_a_pipeline():
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, KFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(8)
    X = rng.standard_normal((90, 5)) * [1.0, 10.0, 0.1, 1.0, 3.0]
    y = 2.0 + X @ np.array([1.0, 0.0, 5.0, -1.0, 0.0]) + rng.standard_normal(90)
    prior = rp.LaplacePrior(1.0)
    pipe = make_pipeline(StandardScaler(), MAPRegressor(prior=prior, noise_sd=1.0, tol=1e-12))
    scales = [0.01, 0.1, 1.0, 10.0]
    folds = KFold(3, shuffle=True, random_state=0)
    grid = GridSearchCV(pipe, {"mapregressor__prior__scale": scales}, cv=folds).fit(X, y)
    by_hand = []
    for scale in scales:
        scores = []
        for train, test in folds.split(X):
            model = make_pipeline(StandardScaler(), MAPRegressor(prior=rp.LaplacePrior(scale), noise_sd=1.0, tol=1e-12))
            scores.append(model.fit(X[train], y[train]).score(X[test], y[test]))
        by_hand.append(np.mean(scores))
    np.testing.assert_allclose(grid.cv_results_["mean_test_score"], by_hand, rtol=1e-10)
    assert grid.best_params_["mapregressor__prior__scale"] == scales[int(np.argmax(by_hand))]
    assert grid.best_estimator_[-1].prior == rp.LaplacePrior(scales[int(np.argmax(by_hand))])
    assert pipe[-1].prior is prior and prior == rp.LaplacePrior(1.0)  # the search worked on clones
    copy = clone(pipe)
    assert copy[-1].prior == prior and copy[-1].prior is not prior
    copy.set_params(mapregressor__prior__scale=0.5).fit(X, y)
    assert prior.scale == 1.0 and copy[-1].prior.scale == 0.5


@prop(r"The fitted attributes are the solver's: with a Laplace prior `n_iter_` and `gap_` are `map_result`'s "
      r"(coordinate descent's epochs and certified gap), with a Gaussian prior `n_iter_` is 1 and there is no `gap_` "
      r"(a direct solve); `noise_sd_` is the σ used; with sample weights the posterior mean equals the weighted MAP "
      r"(relative $10^{-10}$), and `noise_sd=\"auto\"` estimates σ with the weights, as `estimate_noise_sd` does.",
      group="routes", checks=("estimators.MAPRegressor", "map_result", "estimate_noise_sd"))
def test_fitted_attributes_are_the_solvers():
    rng = np.random.default_rng(12)
    X = rng.standard_normal((50, 4))
    y = 0.5 + X @ np.array([1.0, -1.0, 0.0, 0.3]) + 0.5 * rng.standard_normal(50)
    weights = rng.uniform(0.2, 3.0, 50)
    laplace = MAPRegressor(prior=rp.LaplacePrior(0.2), noise_sd=0.5, tol=1e-9).fit(X, y)
    result = rp.map_result(X, y, rp.LaplacePrior(0.2), 0.5, fit_intercept=True, tol=1e-9)
    assert laplace.n_iter_ == result.n_iter > 1 and laplace.gap_ == result.gap
    assert laplace.noise_sd_ == 0.5 and not hasattr(laplace, "posterior_")
    gaussian = MAPRegressor(prior=rp.GaussianPrior(0.7), noise_sd=0.5).fit(X, y, sample_weight=weights)
    assert gaussian.n_iter_ == 1 and not hasattr(gaussian, "gap_")
    np.testing.assert_allclose(gaussian.posterior_.mean, gaussian.coef_, rtol=1e-10)
    assert gaussian.posterior_.intercept == pytest.approx(gaussian.intercept_, rel=1e-10)
    auto = MAPRegressor(prior=rp.GaussianPrior(0.7), noise_sd="auto").fit(X, y, sample_weight=weights)
    expected = rp.estimate_noise_sd(X, y, fit_intercept=True, sample_weight=weights)
    assert auto.noise_estimate_ == expected and auto.noise_sd_ == expected.noise_sd
    assert expected.noise_sd != rp.estimate_noise_sd(X, y, fit_intercept=True).noise_sd  # the weights matter


@prop(r"A prior without a penalty strength (Student-t, uniform) is fitted as `map_result` fits it (coefficients, "
      r"intercept, `n_iter_` and `gap_` the solver's), and the estimator has no `penalty_strength_`; a response "
      r"given as objects (numbers stored as strings, as a CSV column may arrive) is converted as scikit-learn's "
      r"`LinearRegression` converts it: the fit is the one on the floats.",
      group="routes", checks=("estimators.MAPRegressor", "map_result"), against="scikit-learn LinearRegression")
def test_priors_without_a_strength_and_a_response_of_objects():
    from sklearn.linear_model import LinearRegression

    rng = np.random.default_rng(14)
    X = rng.standard_normal((40, 3))
    y = 1.0 + X @ np.array([0.8, -0.4, 0.0]) + 0.3 * rng.standard_normal(40)
    for prior in (rp.StudentTPrior(3.0, 0.5), rp.UniformPrior(-0.5, 0.5)):
        model = MAPRegressor(prior=prior, noise_sd=0.3, tol=1e-10).fit(X, y)
        result = rp.map_result(X, y, prior, 0.3, fit_intercept=True, tol=1e-10)
        np.testing.assert_array_equal(model.coef_, result.coef)
        assert (model.intercept_, model.n_iter_, model.gap_) == (result.intercept, result.n_iter, result.gap)
        assert not hasattr(model, "penalty_strength_")
    strings = np.array([repr(float(v)) for v in y], dtype=object)
    np.testing.assert_array_equal(LinearRegression().fit(X, strings).coef_, LinearRegression().fit(X, y).coef_)
    fitted = MAPRegressor(prior=rp.LaplacePrior(0.3), noise_sd=0.3).fit(X, strings)
    np.testing.assert_array_equal(fitted.coef_, MAPRegressor(prior=rp.LaplacePrior(0.3), noise_sd=0.3).fit(X, y).coef_)


@prop(r"The estimators refuse a strength-like parameter at its boundary and below it, naming it: `noise_sd` 0 or "
      r"-1, `tol` 0 or $-10^{-8}$ (and "
      r"`MAPClassifier`'s `tol=0`, `max_iter=0`) raise `ValueError`s whose whole message is the check's (\"noise_sd "
      r"must be > 0; got 0\"); `noise_sd` given as any other string than \"auto\" is a `ValueError`, as None a "
      r"`TypeError`, and \"auto\" with a sparse X a `TypeError` that says why and what to do instead; the classifier "
      r"refuses a prior that is not a regprior Prior, naming its type.",
      group="inputs", checks=("estimators.MAPRegressor", "estimators.MAPClassifier"))
def test_estimator_parameters_are_refused_at_their_boundaries():
    from scipy import sparse

    from regprior.estimators import MAPClassifier

    X, y = np.eye(4) + 0.1, np.arange(4.0)
    for params, message in [({"noise_sd": 0}, "noise_sd must be > 0; got 0"),
                            ({"noise_sd": -1.0}, "noise_sd must be > 0; got -1"),
                            ({"tol": 0.0}, "tol must be > 0; got 0"), ({"tol": -1e-8}, "tol must be > 0; got -1e-08")]:
        with pytest.raises(ValueError) as info:
            MAPRegressor(**params).fit(X, y)
        assert str(info.value) == message
    for params, message in [({"tol": 0.0}, "tol must be > 0; got 0"),
                            ({"max_iter": 0}, "max_iter must be >= 1; got 0")]:
        with pytest.raises(ValueError) as info:
            MAPClassifier(**params).fit(X, [0, 1, 0, 1])
        assert str(info.value) == message
    with pytest.raises(TypeError) as info:
        MAPClassifier(prior=0.5).fit(X, [0, 1, 0, 1])
    assert str(info.value) == "prior must be a regprior Prior (e.g. GaussianPrior(1.0)); got float"
    refusal = "noise_sd must be a positive number, or 'auto' to estimate it from the data; got "
    with pytest.raises(ValueError) as info:
        MAPRegressor(noise_sd="medium").fit(X, y)
    assert str(info.value) == refusal + "'medium'"
    with pytest.raises(TypeError) as info:
        MAPRegressor(noise_sd=None).fit(X, y)
    assert str(info.value) == refusal + "None"
    with pytest.raises(TypeError) as info:
        MAPRegressor(noise_sd="auto").fit(sparse.csr_matrix(X), y)
    assert str(info.value) == ("X is a scipy.sparse matrix, for which noise_sd='auto' cannot estimate the noise level "
                               "(the estimate needs a dense X); give noise_sd, or fit on X.toarray()")
