"""K-fold cross-validation of the lasso and the elastic net (rp.lasso_cv) against scikit-learn and explicit refits."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.linear_model import ElasticNetCV, LassoCV
from sklearn.model_selection import KFold

import regprior as rp
from tests.properties import prop


def _data(seed=0, n=90, p=12):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 3.0, p)
    coef = np.zeros(p)
    coef[:4] = [2.0, -1.5, 1.0, 0.5][:p]
    return X, 3.0 + X @ coef + 1.5 * rng.standard_normal(n)


@prop(r"On the same folds (scikit-learn's `KFold(5)`, unshuffled and shuffled), `lasso_cv` with `fit_intercept` "
      r"reproduces `LassoCV` and `ElasticNetCV` (`l1_ratio` 0.5): its default grid is scikit-learn's alpha grid "
      r"times $2n$ (relative $10^{-12}$), its fold errors are `mse_path_` (relative $10^{-5}$), it chooses the same "
      r"alpha, and the refit's coefficients and intercept agree (absolute $10^{-5}$); the `curve()` table has the "
      r"columns `lam`, `sklearn_alpha` (`alphas_`), `cv_mean` and `cv_se` (the mean of `mse_path_` over the folds "
      r"and its standard deviation over $\sqrt 5$).",
      group="libraries", checks=("lasso_cv", "LassoCVResult.curve"), against="scikit-learn LassoCV / ElasticNetCV")
@pytest.mark.parametrize("l1_ratio", [None, 0.5])
@pytest.mark.parametrize("shuffle", [False, True])
def test_lasso_cv_matches_scikit_learn_on_the_same_folds(l1_ratio, shuffle):
    X, y = _data()
    n = X.shape[0]
    folds = KFold(5, shuffle=shuffle, random_state=0 if shuffle else None)
    ours = rp.lasso_cv(X, y, cv=folds, l1_ratio=l1_ratio, fit_intercept=True, tol=1e-14)
    options = dict(cv=folds, tol=1e-12, max_iter=1_000_000, fit_intercept=True)
    if l1_ratio is None:
        theirs = LassoCV(**options).fit(X, y)
    else:
        theirs = ElasticNetCV(l1_ratio=l1_ratio, **options).fit(X, y)
    np.testing.assert_allclose(ours.lams / (2 * n), theirs.alphas_, rtol=1e-12)
    np.testing.assert_allclose(ours.cv_folds, theirs.mse_path_, rtol=1e-5)
    assert ours.sklearn_alpha() == pytest.approx(theirs.alpha_, rel=1e-12)
    np.testing.assert_allclose(ours.coef, theirs.coef_, atol=1e-5)
    assert ours.intercept == pytest.approx(theirs.intercept_, abs=1e-5)
    curve = ours.curve()
    assert list(curve.columns) == ["lam", "sklearn_alpha", "cv_mean", "cv_se"]
    np.testing.assert_array_equal(curve["lam"], ours.lams)
    np.testing.assert_allclose(curve["sklearn_alpha"], theirs.alphas_, rtol=1e-12)
    np.testing.assert_allclose(curve["cv_mean"], theirs.mse_path_.mean(axis=1), rtol=1e-5)
    np.testing.assert_allclose(curve["cv_se"], theirs.mse_path_.std(axis=1, ddof=1) / np.sqrt(5), rtol=1e-4)


@prop(r"With `scaling=\"fixed\"` every fold is fitted at the canonical λ itself, and with `\"per_sample\"` at "
      r"$\lambda n_k/n$: each fold error equals the held-out mean squared error of `rp.lasso` refitted on that fold's "
      r"training rows at that strength (relative $10^{-6}$); the mean and standard error are the fold errors' mean "
      r"and standard deviation over $\sqrt K$, `lam_min` minimizes the mean, and `lam_1se` is the largest λ within "
      r"one standard error of that minimum.",
      group="routes", checks="lasso_cv", against="explicit refits with rp.lasso")
@pytest.mark.parametrize("scaling", ["fixed", "per_sample"])
def test_lasso_cv_is_the_loop_a_user_would_write(scaling):
    X, y = _data(seed=1, n=53, p=6)
    n = X.shape[0]
    lams = np.geomspace(300.0, 1.0, 12)
    result = rp.lasso_cv(X, y, cv=4, lams=lams[::-1], fit_intercept=True, scaling=scaling, tol=1e-14)
    np.testing.assert_array_equal(result.lams, lams)  # sorted into decreasing order
    bounds = np.cumsum([0, 14, 13, 13, 13])  # KFold(4) on 53 rows
    for k in range(4):
        test = np.arange(bounds[k], bounds[k + 1])
        train = np.setdiff1d(np.arange(n), test)
        for t in (0, 5, 11):
            lam = lams[t] * (train.size / n if scaling == "per_sample" else 1.0)
            fit = rp.lasso(X[train], y[train], lam, fit_intercept=True, tol=1e-14)
            error = np.mean((y[test] - X[test] @ fit.coef - fit.intercept) ** 2)
            assert result.cv_folds[t, k] == pytest.approx(error, rel=1e-6)
    np.testing.assert_allclose(result.cv_mean, result.cv_folds.mean(axis=1))
    np.testing.assert_allclose(result.cv_se, result.cv_folds.std(axis=1, ddof=1) / 2.0)
    best = np.argmin(result.cv_mean)
    assert result.lam_min == lams[best]
    ok = result.cv_mean <= result.cv_mean[best] + result.cv_se[best]
    assert result.lam_1se == lams[ok].max() and result.lam_1se >= result.lam_min
    lam1, lam2 = result.strengths("1se")
    assert (lam1, lam2) == (result.lam_1se, 0.0)
    prior = result.prior(noise_sd=2.0)
    assert prior.scale == pytest.approx(2 * 2.0**2 / result.lam_min)


@prop("`lasso_cv` refuses, naming the argument, fewer than 2 folds, more folds than samples, an `l1_ratio` outside "
      "(0, 1], an unknown `scaling`, a `cv` that is neither an integer nor a splitter nor index pairs, and "
      "non-positive strengths.",
      group="inputs", checks="lasso_cv")
@pytest.mark.parametrize("kwargs, error, message", [
    ({"cv": 1}, ValueError, "cv must be >= 2"),
    ({"cv": 50}, ValueError, "cv = 50 folds need at least 50 samples"),
    ({"l1_ratio": 0.0}, ValueError, "l1_ratio must be > 0"),
    ({"l1_ratio": 1.5}, ValueError, "l1_ratio must be in"),
    ({"scaling": "n"}, ValueError, "scaling must be one of"),
    ({"cv": "five"}, TypeError,
     "cv must be an integer, a splitter with split(X, y) or an iterable of (train, test) index pairs; got str"),
    ({"cv": [1, 2, 3]}, TypeError,
     "cv must be an integer, a splitter with split(X, y) or an iterable of (train, test) index pairs; got list"),
    ({"cv": [(np.arange(10), np.arange(10, 20))]}, ValueError, "cv must give at least 2 folds"),
    ({"lams": [1.0, -1.0]}, ValueError, "lams must contain finite values > 0"),
    ({"verbose": "yes"}, TypeError, "verbose must be True, False"),
    ({"cv": [(np.arange(10), np.arange(10, 20)), (np.arange(20), np.array([], dtype=int))]}, ValueError,
     "cv: every fold needs at least one training and one test sample"),
    ({"cv": [(np.array([], dtype=int), np.arange(10)), (np.arange(10), np.arange(10, 20))]}, ValueError,
     "cv: every fold needs at least one training and one test sample"),
    ({"n_lams": 0}, ValueError, "n_lams must be >= 1"),
    ({"lam_min_ratio": 0.0}, ValueError, "lam_min_ratio must be > 0"),
    ({"lam_min_ratio": 1.0}, ValueError, "lam_min_ratio must be < 1"),
    ({"fit_intercept": "yes"}, TypeError, "fit_intercept must be True or False"),
])
def test_lasso_cv_rejects_bad_input(kwargs, error, message):
    X, y = _data(n=20, p=3)
    with pytest.raises(error, match="^" + re.escape(message)):
        rp.lasso_cv(X, y, **kwargs)


@prop("`lasso_cv`'s folds: K = n folds is leave-one-out (n folds of one sample each), three folds of index pairs "
      "are taken as given, a scikit-learn splitter that needs the labels (StratifiedKFold) receives `y`; without "
      "`fit_intercept` the fit has no intercept, and a one-point grid (`n_lams=1`) is the largest useful strength.",
      group="inputs", checks="lasso_cv")
def test_lasso_cv_folds_and_defaults():
    from sklearn.model_selection import StratifiedKFold

    X, y = _data(n=20, p=3)
    loo = rp.lasso_cv(X, y, cv=20, n_lams=5)
    assert loo.cv_folds.shape == (5, 20)
    pairs = [(np.arange(7, 20), np.arange(7)), (np.r_[0:7, 14:20], np.arange(7, 14)),
             (np.arange(14), np.arange(14, 20))]
    given = rp.lasso_cv(X, y, cv=pairs, n_lams=5)
    assert given.cv_folds.shape == (5, 3) and given.fit.intercept == 0.0
    labels = (np.arange(20) % 2).astype(float)
    stratified = rp.lasso_cv(X, labels, cv=StratifiedKFold(2), n_lams=5)
    assert np.isfinite(stratified.lam_min)
    single = rp.lasso_cv(X, y, n_lams=1)
    np.testing.assert_allclose(single.lams, [rp.lam_max(X, y)], rtol=1e-12)


@prop(r"`lasso_cv` with `l1_ratio=1` is the lasso (the same result as the default `None`, and its convergence "
      r"warnings name `lasso_path` and `lasso`, those with $\rho = 0.5$ `elastic_net_path` and `elastic_net`); "
      r"`scaling` is reported; a DataFrame's column names reach the refit and both summaries, whose intercept row "
      r"is there exactly when an intercept is fitted; and `strengths` refuses an unknown `which` by name.",
      group="inputs", checks="lasso_cv")
def test_lasso_cv_ratio_one_names_and_warnings():
    import warnings

    import pandas as pd

    X, y = _data(n=40, p=8)
    default, one = rp.lasso_cv(X, y, cv=3, n_lams=6), rp.lasso_cv(X, y, cv=3, n_lams=6, l1_ratio=1.0)
    np.testing.assert_array_equal(one.cv_folds, default.cv_folds)
    np.testing.assert_array_equal(one.coef, default.coef)
    assert (one.l1_ratio, one.lam_min, one.scaling) == (1.0, default.lam_min, "per_sample")
    assert rp.lasso_cv(X, y, cv=3, n_lams=6, scaling="fixed").scaling == "fixed"
    for l1_ratio, names in ((None, {"lasso_path", "lasso"}), (0.5, {"elastic_net_path", "elastic_net"})):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            rp.lasso_cv(X, y, cv=3, n_lams=4, max_iter=1, l1_ratio=l1_ratio)
        assert {re.match(r"(\w+)( at lam=\S+)? did not converge", str(w.message)).group(1) for w in record} == names
    frame = pd.DataFrame(X, columns=[f"c{j}" for j in range(8)])
    named = rp.lasso_cv(frame, y, cv=3, n_lams=6, fit_intercept=True)
    assert named.fit.feature_names == named.feature_names == tuple(frame.columns)
    assert list(named.summary().index) == list(named.fit.summary().index) == ["(intercept)"] + list(frame.columns)
    assert named.summary().loc["(intercept)", "coef"] == named.intercept != 0.0
    plain = rp.lasso_cv(X, y, cv=3, n_lams=6)
    assert plain.fit.feature_names is None and plain.intercept == 0.0
    assert list(plain.summary().index) == [f"x{j}" for j in range(8)]
    with pytest.raises(ValueError) as info:
        plain.strengths("max")
    assert str(info.value) == "which must be 'min' or '1se'; got 'max'"


@prop(r"`lasso_cv` on a flat curve (every strength above $\lambda_{\max}$ on every fold, so every fold error is the "
      r"held-out mean of $y^2 = 1$ and the standard errors are 0) breaks the tie as documented: `lam_min` and "
      r"`lam_1se` are both the largest λ. An automatic grid with $X^\top y = 0$ is refused with a message saying why.",
      group="inputs", checks="lasso_cv")
def test_lasso_cv_ties_and_a_response_orthogonal_to_the_design():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((20, 3))
    y = rng.choice([-1.0, 1.0], 20)
    lams = 1e6 * rp.lam_max(X, y) * np.array([1.0, 2.0, 4.0])
    flat = rp.lasso_cv(X, y, cv=4, lams=lams, scaling="fixed")
    np.testing.assert_array_equal(flat.cv_folds, np.ones((3, 4)))
    np.testing.assert_array_equal(flat.cv_se, np.zeros(3))
    assert flat.lam_min == flat.lam_1se == lams.max()
    half = rng.integers(-3, 4, (10, 3)).astype(float)  # integers: X^T y is exactly 0 in floating point
    with pytest.raises(ValueError) as info:
        rp.lasso_cv(np.vstack([half, -half]), np.ones(20))
    assert str(info.value) == ("X^T y = 0: every lambda gives beta = 0, so there is nothing to cross-validate; pass "
                               "lams")


@prop("With `verbose=True`, `lasso_cv` reports its progress over the folds on standard error (a tqdm bar or, "
      "without tqdm, lines counting the folds), and is silent otherwise.",
      group="inputs", checks="lasso_cv")
def test_lasso_cv_reports_progress_when_asked(capsys):
    X, y = _data(n=40, p=4)
    rp.lasso_cv(X, y, cv=3, n_lams=5)
    assert capsys.readouterr().err == ""
    rp.lasso_cv(X, y, cv=3, n_lams=5, verbose=True)
    err = capsys.readouterr().err
    assert re.search(r"(^|[\r\n])lasso_cv folds: ", err) and "3/3" in err
