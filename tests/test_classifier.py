"""MAPClassifier and logistic_map with an intercept: the API contract and agreement with scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks

import regprior as rp
from regprior.estimators import MAPClassifier
from tests.properties import prop


def _data(seed=0, n=150, intercept=0.8):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 4)) * [1.0, 2.0, 0.5, 1.0]
    logits = intercept + X @ np.array([1.5, -0.7, 0.0, 0.4])
    return X, (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(int)


@prop("The classifier passes scikit-learn's own estimator checks with a Gaussian prior, a Laplace prior, and "
      "without intercept.", group="libraries", checks="estimators.MAPClassifier",
      against="scikit-learn's estimator checks")
@parametrize_with_checks([MAPClassifier(), MAPClassifier(prior=rp.LaplacePrior(0.5)),
                          MAPClassifier(prior=rp.GaussianPrior(2.0), fit_intercept=False)])
def test_classifier_passes_scikit_learn_checks(estimator, check):
    check(estimator)


@prop(r"With an unpenalized intercept, `MAPClassifier` and `logistic_map(fit_intercept=True)` reproduce scikit-learn's "
      r"`LogisticRegression` built from `conventions.from_prior(\"sklearn.LogisticRegression\", prior)` (a Gaussian "
      r"prior: lbfgs; a Laplace prior: saga, which leaves the intercept unpenalized) to $10^{-5}$, with arbitrary "
      r"labels; the duality gap certifies the intercept problem (below the tolerance at the solution, and positive "
      r"away from it).",
      group="libraries", checks=("estimators.MAPClassifier", "logistic_map", "conventions.from_prior"),
      against="scikit-learn LogisticRegression")
@pytest.mark.parametrize("prior", [rp.GaussianPrior(0.8), rp.LaplacePrior(0.1)], ids=["gaussian", "laplace"])
def test_classifier_matches_logistic_regression_through_the_converter(prior):
    X, y = _data()
    labels = np.array(["no", "yes"])[y]
    params = rp.conventions.from_prior("sklearn.LogisticRegression", prior)  # with solver="saga" for the Laplace prior
    theirs = LogisticRegression(**params, tol=1e-12, max_iter=200_000).fit(X, labels)
    ours = MAPClassifier(prior=prior, tol=1e-12).fit(X, labels)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-5)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-5)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    fit = rp.logistic_map(X, y, prior, fit_intercept=True)
    assert fit.converged and fit.gap <= 1e-10 * X.shape[0]
    from regprior.datafits import Logistic
    datafit = Logistic(X, y, fit_intercept=True)
    penalty = datafit.extend(prior.penalty(1.0))
    u = np.append(fit.coef, fit.intercept)
    assert datafit.duality_gap(u, penalty) <= 1e-10 * X.shape[0]
    away = datafit.duality_gap(u + 0.3, penalty)
    assert away >= datafit.value(u + 0.3) + penalty.value(u + 0.3) - fit.objective - 1e-9 > 0


@prop("With three classes the classifier fits one prior-regularized logistic regression per class against the "
      "rest (each `logistic_map` with an intercept), normalizes the probabilities to sum to 1 and predicts the class "
      "with the largest log-odds.", group="routes", checks=("estimators.MAPClassifier", "logistic_map"))
def test_classifier_one_vs_rest():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((120, 3))
    y = np.array(["a", "b", "c"])[np.argmax(X @ rng.standard_normal((3, 3)) + rng.standard_normal((120, 3)), axis=1)]
    clf = MAPClassifier(prior=rp.GaussianPrior(1.0), tol=1e-10).fit(X, y)
    for k, label in enumerate(clf.classes_):
        fit = rp.logistic_map(X, (y == label).astype(float), rp.GaussianPrior(1.0), fit_intercept=True)
        np.testing.assert_allclose(clf.coef_[k], fit.coef, rtol=1e-12)
        assert clf.intercept_[k] == pytest.approx(fit.intercept, rel=1e-12)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[np.argmax(clf.decision_function(X), axis=1)])


@prop("An intercept with one class only is refused (the intercept would grow without bound), by the datafit and by "
      "the classifier, naming `y`.", group="inputs", checks=("logistic_map", "estimators.MAPClassifier"))
def test_one_class_is_refused():
    X = np.eye(4)
    with pytest.raises(ValueError, match="y contains one class only"):
        rp.logistic_map(X, np.ones(4), rp.GaussianPrior(1.0), fit_intercept=True)
    with pytest.raises(ValueError, match="y contains only one class"):
        MAPClassifier().fit(X, np.ones(4))


@prop(r"The defaults and edges of the estimators: with no prior both use `GaussianPrior(1.0)` (the classifier's "
      r"coefficients are `logistic_map`'s under it, the regressor's `map_estimate`'s at σ = 1); `max_iter` bounds "
      r"the classifier's iterations; a sample exactly on the boundary (log-odds 0) is predicted as the first class, "
      r"as scikit-learn's linear classifiers do; a probability that is exactly 0 has the log-probability $-\infty$ "
      r"without a warning; predictions from an object-dtype X are float64 numbers equal to those from the float "
      r"array.", group="routes", checks=("estimators.MAPClassifier", "estimators.MAPRegressor", "logistic_map"))
def test_estimator_defaults_and_edges():
    import warnings

    from regprior.estimators import MAPRegressor

    rng = np.random.default_rng(9)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] + rng.standard_normal(40) > 0).astype(float)
    clf = MAPClassifier(tol=1e-12).fit(X, y)
    fit = rp.logistic_map(X, y, rp.GaussianPrior(1.0), fit_intercept=True, tol=1e-12)
    np.testing.assert_allclose(clf.coef_[0], fit.coef, rtol=1e-10)
    response = X @ [1.0, -1.0] + rng.standard_normal(40)
    regressor = MAPRegressor().fit(X, response)
    np.testing.assert_allclose(regressor.coef_, rp.map_estimate(X, response, rp.GaussianPrior(1.0), 1.0,
                                                                fit_intercept=True), rtol=1e-12)
    with pytest.warns(rp.ConvergenceWarning):
        bounded = MAPClassifier(tol=1e-14, max_iter=1).fit(X, y)
    assert bounded.n_iter_[0] == 1
    centred = MAPClassifier(fit_intercept=False).fit(X, y)
    assert centred.decision_function(np.zeros((1, 2)))[0] == 0.0
    assert centred.predict(np.zeros((1, 2)))[0] == centred.classes_[0]
    steep = MAPClassifier(fit_intercept=False).fit(X, y)
    steep.coef_ = np.array([[1e4, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log_proba = steep.predict_log_proba(np.array([[1.0, 0.0]]))
    assert log_proba[0, 0] == -np.inf and log_proba[0, 1] == 0.0
    for model, data in [(clf, X), (regressor, X)]:
        scores = model.decision_function(data.astype(object)) if model is clf else model.predict(data.astype(object))
        expected = model.decision_function(data) if model is clf else model.predict(data)
        assert scores.dtype == np.float64
        np.testing.assert_array_equal(scores, expected)
