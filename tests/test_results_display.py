"""Results people can read: short reprs, summary tables with the feature names of a DataFrame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import regprior as rp
from tests.properties import prop


def _results(X, y, labels):
    """One result of every kind a user meets, from a DataFrame X."""
    gauss, laplace = rp.GaussianPrior(1.0), rp.LaplacePrior(0.5)
    return {
        "ridge": rp.ridge(X, y, 1.0, fit_intercept=True),
        "lasso": rp.lasso(X, y, 5.0, fit_intercept=True),
        "elastic_net": rp.elastic_net(X, y, 5.0, 1.0, fit_intercept=True),
        "map_result (FISTA)": rp.map_result(X, y, rp.UniformPrior(-1.0, 1.0), 1.0, fit_intercept=True),
        "logistic_map": rp.logistic_map(X, labels, gauss, fit_intercept=True),
        "gaussian_posterior": rp.gaussian_posterior(X, y, gauss, 1.0, fit_intercept=True),
        "nig_posterior": rp.nig_posterior(X, y, gauss, rp.InverseGammaPrior(2.0, 1.0), fit_intercept=True),
        "evidence_ridge": rp.evidence_ridge(X, y, fit_intercept=True),
        "bayesian_lasso_gibbs": rp.bayesian_lasso_gibbs(X, y, laplace, 1.0, fit_intercept=True, n_samples=50,
                                                        burn_in=10, random_state=0),
        "lasso_cv": rp.lasso_cv(X, y, fit_intercept=True, n_lams=10),
        "lasso_path": rp.lasso_path(X, y, fit_intercept=True, n_lams=10),
        "ridge_path": rp.ridge_path(X, y, [0.1, 1.0, 10.0], fit_intercept=True),
        "ridge_loo_gcv": rp.ridge_loo_gcv(X, y, [0.1, 1.0, 10.0], fit_intercept=True),
        "joint_map": rp.joint_map(X, y, gauss, fit_intercept=True),
        "estimate_noise_sd": rp.estimate_noise_sd(X, y, fit_intercept=True),
    }


@prop("Every result object (solver results, posteriors, samples, paths, cross-validation, evidence, noise estimate) "
      "prints in one short line: arrays as their shapes, numbers with six significant digits, nothing of more than "
      "240 characters for 60 samples and 8 features; and each `summary()` is a pandas DataFrame whose rows (for "
      "per-feature results) are the DataFrame's column names, after an `(intercept)` row when one was fitted.",
      group="inputs", checks=("ridge", "lasso", "map_result", "logistic_map", "gaussian_posterior", "nig_posterior",
                              "evidence_ridge", "bayesian_lasso_gibbs", "lasso_cv", "lasso_path", "ridge_path",
                              "ridge_loo_gcv", "joint_map", "estimate_noise_sd"))
def test_every_result_prints_short_and_has_a_named_summary():
    rng = np.random.default_rng(0)
    columns = [f"feature_{k}" for k in range(8)]
    X = pd.DataFrame(rng.standard_normal((60, 8)), columns=columns)
    y = 1.0 + X.to_numpy() @ rng.standard_normal(8) + rng.standard_normal(60)
    labels = (y > np.median(y)).astype(int)
    for name, result in _results(X, y, labels).items():
        text = repr(result)
        assert "\n" not in text and len(text) <= 240, (name, text)
        assert "array([" not in text, (name, text)
        table = result.summary()
        assert isinstance(table, pd.DataFrame), name
        if name in ("lasso_path", "ridge_path"):
            assert list(table.columns[-8:]) == columns, name  # one coefficient column per feature
        elif name not in ("ridge_loo_gcv", "estimate_noise_sd"):
            rows = list(table.index)
            assert rows[-8:] == columns, (name, rows)
            assert rows[0] == "(intercept)" or name == "nig_posterior", (name, rows)
        assert not table.select_dtypes("number").isna().any().any(), name


@prop("Without pandas, `summary()` raises an ImportError that says how to install it.", group="inputs",
      checks="ridge")
def test_summary_without_pandas_says_how_to_get_it(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError) as info:
        rp.ridge(np.eye(3), np.ones(3), 1.0).summary()
    assert str(info.value) == ('summary() returns a pandas DataFrame and needs pandas; install it with '
                               '`pip install pandas` (or `pip install "regprior[pandas]"`)')


@prop(r"The short repr, value by value: a nested result as its class name, a 0-d array as its number, an array as "
      r"its shape (`<array 3x2>`), booleans as True/False (numpy's too), integers without a decimal point, floats "
      r"with six significant digits, a tuple of more than four items as its length and a shorter one as itself, "
      r"None as None; the whole repr is the class name and `field=value` parts joined by commas.",
      group="inputs", checks="ridge")
def test_the_short_repr_of_each_kind_of_value():
    from regprior._results import _short

    ridge = rp.ridge(np.eye(3), np.arange(3.0), 1.0)
    cases = [(ridge, "<RidgeResult>"), (np.array(2.5), "2.5"), (np.array(True), "True"), (np.zeros((3, 2)),
             "<array 3x2>"), (np.bool_(False), "False"), (True, "True"), (np.int64(7), "7"), (3, "3"),
             (1 / 3, "0.333333"), (np.float32(2.0), "2"), ((1, 2, 3, 4, 5), "<tuple of 5>"), ((1, 2, 3, 4),
             "(1, 2, 3, 4)"), (None, "None"), ("lbfgs", "'lbfgs'")]
    for value, text in cases:
        assert _short(value) == text, (value, _short(value))
    assert repr(ridge) == ("RidgeResult(coef=<array 3>, intercept=0, lam=1, objective=2.5, method='cholesky', "
                           "gap=None)")


@prop(r"A path's table has one row per strength, indexed by `lam`: for the lasso path its columns are `lam2`, "
      r"`intercept`, `n_nonzero` and `gap`, then one column per feature holding the path's coefficients; for the "
      r"ridge path `intercept` and then the coefficients; a result's per-feature table is indexed by `feature` and "
      r"gets an `(intercept)` row only when a nonzero scalar intercept was fitted.",
      group="inputs", checks=("lasso_path", "ridge_path", "ridge"))
def test_path_and_coefficient_tables_hold_the_numbers():
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.standard_normal((30, 3)), columns=["a", "b", "c"])
    y = 2.0 + X.to_numpy() @ np.array([1.0, 0.0, -1.0]) + rng.standard_normal(30)
    path = rp.elastic_net_path(X, y, n_lams=4, lam2=0.5, fit_intercept=True)
    table = path.summary()
    assert table.index.name == "lam" and list(table.columns) == ["lam2", "intercept", "n_nonzero", "gap", "a", "b",
                                                                 "c"]
    np.testing.assert_array_equal(table.index.to_numpy(), path.lams)
    np.testing.assert_array_equal(table[["a", "b", "c"]].to_numpy(), path.coefs)
    np.testing.assert_array_equal(table["lam2"].to_numpy(), path.lams2)
    np.testing.assert_array_equal(table["intercept"].to_numpy(), path.intercepts)
    np.testing.assert_array_equal(table["n_nonzero"].to_numpy(), np.count_nonzero(path.coefs, axis=1))
    np.testing.assert_array_equal(table["gap"].to_numpy(), path.gaps)
    ridge_path = rp.ridge_path(X, y, [0.1, 10.0], fit_intercept=True)
    ridge_table = ridge_path.summary()
    assert list(ridge_table.columns) == ["intercept", "a", "b", "c"] and ridge_table.index.name == "lam"
    np.testing.assert_array_equal(ridge_table["intercept"].to_numpy(), ridge_path.intercepts)
    fitted = rp.ridge(X, y, 1.0, fit_intercept=True).summary()
    assert fitted.index.name == "feature" and list(fitted.index) == ["(intercept)", "a", "b", "c"]
    assert fitted["coef"].dtype == np.float64
    through_origin = rp.ridge(X, y, 1.0).summary()
    assert through_origin.index.name == "feature" and list(through_origin.index) == ["a", "b", "c"]


@prop("A result keeps the column names of a DataFrame X as `feature_names` only when every name is a string, as "
      "scikit-learn reads them: integer names, or a mix of strings and integers, give None (and a plain array has "
      "none).", group="inputs", checks=("ridge",))
def test_feature_names_are_kept_only_when_all_are_strings():
    rng = np.random.default_rng(0)
    values, y = rng.standard_normal((10, 2)), rng.standard_normal(10)
    assert rp.ridge(pd.DataFrame(values, columns=["a", "b"]), y, 1.0).feature_names == ("a", "b")
    for columns in ([0, 1], ["a", 1]):
        assert rp.ridge(pd.DataFrame(values, columns=columns), y, 1.0).feature_names is None
    assert rp.ridge(values, y, 1.0).feature_names is None


@prop("Annotating a result (with the feature names of X, or another read-only attribute) sets only what the result "
      "type declares: an undeclared name is refused by name, and a value of None leaves the result as it was.",
      group="machinery")
def test_a_result_takes_only_the_annotations_its_type_declares():
    from regprior._results import annotate

    result = rp.ridge(np.eye(3), np.ones(3), 1.0)
    with pytest.raises(AttributeError, match="^RidgeResult has no annotation 'bogus'$"):
        annotate(result, bogus=1)
    assert annotate(result, feature_names=None) is result and result.feature_names is None
