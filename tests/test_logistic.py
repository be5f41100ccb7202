"""MAP logistic regression against its derivation and against scikit-learn at the derived C.

The negative log-posterior, its log-loss gradient and the C ↔ prior-scale relations are compiled from the
logistic derivation. The solver must zero the derived gradient (Gaussian prior) or meet the derived
subgradient conditions (Laplace prior) within what its duality gap allows, match scikit-learn's
LogisticRegression at C = σ_w² / C = b, and match a generic optimizer when the prior has a mean and
per-coefficient scales (which scikit-learn cannot express).
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np
import pytest
import scipy.optimize as so
from scipy.special import expit
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression

import regprior as rp
from derivations import logistic_map
from regprior.symbolic.numeric import lambdify_indexed
from regprior.symbolic.symbols import X as Xs, Z as Zs, b as bs, beta as betas, k as ks, n as ns, p as ps
from regprior.symbolic.symbols import sigma as sigmas, sigma_w as sws, y as ys
from tests.properties import prop
from tests.strategies import powers_of_ten


@lru_cache(maxsize=None)
def _compiled():
    res = logistic_map.derivation().results
    return {
        "nlp_gaussian": lambdify_indexed((Xs, ys, betas, ns, ps, sws, Zs), res["neg_log_posterior_gaussian"]),
        "nlp_laplace": lambdify_indexed((Xs, ys, betas, ns, ps, bs, Zs), res["neg_log_posterior_laplace"]),
        "gradient": lambdify_indexed((Xs, ys, betas, ns, ps, ks), res["logloss_gradient"]),
        "C_gaussian": sp.lambdify([sws], res["C_gaussian"]),
        "C_laplace": sp.lambdify([bs], res["C_laplace"]),
        "wrong_C": sp.lambdify([sws, sigmas], res["wrong_C_gaussian"]),
    }


@st.composite
def classification_problems(draw, max_p: int = 5):
    p = draw(st.integers(1, max_p))
    n = draw(st.integers(p + 5, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((n, p)) * draw(powers_of_ten(-1, 0))
    coef = rng.standard_normal(p) * draw(powers_of_ten(-1, 1))
    y = (rng.random(n) < expit(X @ coef)).astype(float)
    return X, y


def _gradient(X, y, coef):
    n, p = X.shape
    return np.array([_compiled()["gradient"](X, y, coef, n, p, k) for k in range(1, p + 1)])


@prop("Under a Gaussian prior, `logistic_map` (Newton) converges to a point where the derived log-loss gradient "
      r"plus $\beta/\sigma_w^2$ vanishes (within $10^{-6}(1 + \lVert X\rVert_F^2)$) and reports the derived "
      "negative log-posterior less its constant as its objective; scikit-learn's `LogisticRegression` at the "
      r"derived $C = \sigma_w^2$ is within $\sqrt{2G_1\sigma_w^2} + \sqrt{2G_2\sigma_w^2}$ of it, $G_1, G_2$ the "
      r"two duality gaps (strong convexity); and the ridge-style reading $C = \sigma_w^2/\sigma^2$ is a different "
      r"number at $\sigma = 3$.",
      group="optimality",
      evaluates=("logistic-map:logloss_gradient", "logistic-map:neg_log_posterior_gaussian", "logistic-map:C_gaussian",
                 "logistic-map:wrong_C_gaussian"), checks=("logistic_map", "logistic_duality_gap"),
      against="scikit-learn LogisticRegression")
@given(problem=classification_problems(), scale=powers_of_ten(-1, 1))
def test_gaussian_prior_map_zeroes_the_derived_gradient_and_matches_sklearn(problem, scale):
    X, y = problem
    n, p = X.shape
    fit = rp.logistic_map(X, y, rp.GaussianPrior(scale), tol=1e-13)
    assert fit.converged and fit.method == "newton"
    # the derived stationarity condition: d(log-loss)/d beta_k + beta_k / sigma_w^2 = 0
    grad = _gradient(X, y, fit.coef) + fit.coef / scale**2
    assert np.abs(grad).max() <= 1e-6 * (1 + np.linalg.norm(X) ** 2)
    # the objective is the derived negative log-posterior minus its constant
    nlp = _compiled()["nlp_gaussian"](X, y, fit.coef, n, p, scale, 1.0)
    assert nlp - p / 2 * np.log(2 * np.pi * scale**2) == pytest.approx(fit.objective, rel=1e-10)
    # scikit-learn at the derived C; the gap bounds the distance: |b - b*|^2 <= 2 gap sigma_w^2 (strong convexity)
    C = _compiled()["C_gaussian"](scale)
    sk = LogisticRegression(C=C, l1_ratio=0.0, fit_intercept=False, tol=1e-14, solver="newton-cholesky",
                            max_iter=1000).fit(X, y)
    sk_gap = rp.logistic_duality_gap(X, y, sk.coef_[0], rp.GaussianPrior(scale))
    rounding = 1e-12 * (1 + fit.objective)  # a gap is a difference of two numbers of the objective's size
    bound = np.sqrt(2 * (fit.gap + rounding) * scale**2) + np.sqrt(2 * (sk_gap + rounding) * scale**2)
    assert np.linalg.norm(fit.coef - sk.coef_[0]) <= bound
    # reading C the ridge way (sigma_w^2 / sigma^2) with sigma != 1 fits a different model
    wrong = _compiled()["wrong_C"](scale, 3.0)
    assert not np.isclose(wrong, C)


@prop("Under a Laplace prior, `logistic_map` (proximal Newton) reports the derived negative log-posterior less its "
      r"constant, and with the derived log-loss gradient $g$, $q_k = \lVert x_k\rVert^2/4$ and its gap $G$ it has "
      r"$|g_k| \le 1/b + \sqrt{2q_kG}$ at zero coefficients and "
      r"$|g_k + \operatorname{sign}(\beta_k)/b| \le \max(\sqrt{2q_kG}, 2G/|\beta_k|)$ elsewhere; scikit-learn's "
      "liblinear at the derived $C = b$ reaches an objective within the sum of the two gaps and coefficients "
      "within $10^{-4}$.",
      group="optimality",
      evaluates=("logistic-map:logloss_gradient", "logistic-map:neg_log_posterior_laplace", "logistic-map:C_laplace"),
      checks=("logistic_map", "logistic_duality_gap"), against="scikit-learn LogisticRegression (liblinear)")
@settings(max_examples=20)
@given(problem=classification_problems(), scale=powers_of_ten(-2, 0))
def test_laplace_prior_map_meets_the_subgradient_conditions_and_matches_sklearn(problem, scale):
    X, y = problem
    n, p = X.shape
    fit = rp.logistic_map(X, y, rp.LaplacePrior(scale), tol=1e-13)
    assert fit.converged and fit.method == "prox-newton"
    nlp = _compiled()["nlp_laplace"](X, y, fit.coef, n, p, scale, 1.0)
    assert nlp - p * np.log(2 * scale) == pytest.approx(fit.objective, rel=1e-10)
    # Subgradient conditions within what the gap allows: the log-loss gradient is Lipschitz with constant
    # q_k = |x_k|^2 / 4 along coordinate k, so a violation v would permit a decrease of v^2 / (2 q_k) > gap
    # (for a nonzero coefficient, also 2 gap / |beta_k| when the move would cross zero).
    g = _gradient(X, y, fit.coef)
    gap = fit.gap + 1e-12 * n
    for j in range(p):
        q = X[:, j] @ X[:, j] / 4
        slack = np.sqrt(2 * q * gap) + 1e-9
        if fit.coef[j] == 0.0:
            assert abs(g[j]) <= 1 / scale + slack
        else:
            assert abs(g[j] + np.sign(fit.coef[j]) / scale) <= max(slack, 2 * gap / abs(fit.coef[j])) + 1e-9
    C = _compiled()["C_laplace"](scale)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # liblinear may warn about its own iteration count
        sk = LogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", fit_intercept=False, tol=1e-14,
                                max_iter=100_000).fit(X, y)
    prior = rp.LaplacePrior(scale)
    sk_obj = _compiled()["nlp_laplace"](X, y, sk.coef_[0], n, p, scale, 1.0) - p * np.log(2 * scale)
    sk_gap = rp.logistic_duality_gap(X, y, sk.coef_[0], prior)
    # both are within their gaps of the same minimum
    assert abs(fit.objective - sk_obj) <= fit.gap + sk_gap + 1e-10 * n
    np.testing.assert_allclose(fit.coef, sk.coef_[0], atol=1e-4 * (1 + np.abs(fit.coef).max()))


@prop(r"With a prior mean $m$ and per-coefficient scales $\sigma_{w,k}$ (which scikit-learn cannot express), "
      "`logistic_map` reaches an objective no higher than SciPy's BFGS minimum of the log-loss plus "
      r"$\sum_k(\beta_k - m_k)^2/(2\sigma_{w,k}^2)$, and the same coefficients (within $10^{-5}$).",
      group="routes", checks=("logistic_map",), against="scipy.optimize (BFGS) on the penalized log-loss")
@given(problem=classification_problems(max_p=4), data=st.data())
def test_prior_mean_and_per_coefficient_scales_match_a_generic_optimizer(problem, data):
    X, y = problem
    p = X.shape[1]
    scales = np.array(data.draw(st.lists(powers_of_ten(-1, 1), min_size=p, max_size=p)))
    mean = np.array(data.draw(st.lists(st.floats(-2, 2), min_size=p, max_size=p)))
    fit = rp.logistic_map(X, y, rp.GaussianPrior(scales, mean), tol=1e-13)
    s = 2 * y - 1

    def f(c):
        z = s * (X @ c)
        w = expit(-z)
        return np.logaddexp(0, -z).sum() + np.sum((c - mean) ** 2 / (2 * scales**2)), -X.T @ (s * w) + (c - mean) / scales**2

    ref = so.minimize(f, np.zeros(p), jac=True, method="BFGS", options={"gtol": 1e-11, "maxiter": 10_000})
    assert fit.objective <= ref.fun + 1e-9 * (1 + abs(ref.fun))
    np.testing.assert_allclose(fit.coef, ref.x, atol=1e-5 * (1 + np.abs(ref.x).max()))


@prop(r"Labels coded as 0/1, as $\pm1$ or as booleans give identical coefficients; labels 1 and 2 raise "
      "`ValueError` ('y must contain class labels 0 and 1'), a prior other than Gaussian or Laplace raises "
      "`TypeError`, and a prior scale of the wrong length raises `ValueError` naming `prior`.",
      group="inputs", checks=("logistic_map",))
def test_label_codings_agree_and_bad_labels_are_refused():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] + 0.5 * rng.standard_normal(40) > 0).astype(float)
    base = rp.logistic_map(X, y, rp.LaplacePrior(0.5)).coef
    np.testing.assert_array_equal(rp.logistic_map(X, 2 * y - 1, rp.LaplacePrior(0.5)).coef, base)
    np.testing.assert_array_equal(rp.logistic_map(X, y.astype(bool), rp.LaplacePrior(0.5)).coef, base)
    with pytest.raises(ValueError, match="y must contain class labels 0 and 1"):
        rp.logistic_map(X, y + 1, rp.GaussianPrior(1.0))
    with pytest.raises(TypeError, match="prior must be a regprior Prior"):
        rp.logistic_map(X, y, 1.0)
    with pytest.raises(ValueError, match="prior: its scale has 3 entries"):
        rp.logistic_map(X, y, rp.GaussianPrior([1.0, 1.0, 1.0]))


@prop("Stopped after one iteration, `logistic_map` warns with a `ConvergenceWarning` quoting the duality gap and "
      r"returns `converged=False` with a gap above $\mathrm{tol}\cdot n$.",
      group="inputs", checks=("logistic_map", "ConvergenceWarning"))
def test_logistic_map_warns_with_the_gap_when_stopped_early():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((50, 3))
    y = (X @ np.array([1.0, -1.0, 0.5]) + rng.standard_normal(50) > 0).astype(float)
    with pytest.warns(rp.ConvergenceWarning, match="duality gap"):
        fit = rp.logistic_map(X, y, rp.LaplacePrior(0.1), max_iter=1)
    assert not fit.converged and fit.gap > fit.tol * 50


@prop(r"The logistic derivation's $C = \sigma_w^2$ and $C = b$ invert what `regprior.conventions` reads off "
      "`sklearn.LogisticRegression` with `l1_ratio` 0 and 1: the prior scales it returns give back $C$ (relative "
      "$10^{-12}$).",
      group="libraries", evaluates=("logistic-map:C_gaussian", "logistic-map:C_laplace"),
      checks=("conventions.to_prior",))
@given(C=powers_of_ten(-2, 2))
def test_derived_C_agrees_with_the_conventions_module(C):
    """Two independent derivations of the same mapping: this page's (C = sigma_w^2, C = b) and regprior.conventions'."""
    (gauss,) = rp.conventions.to_prior("sklearn.LogisticRegression", C=C, l1_ratio=0.0)
    (laplace,) = rp.conventions.to_prior("sklearn.LogisticRegression", C=C, l1_ratio=1.0)
    assert _compiled()["C_gaussian"](gauss.scale) == pytest.approx(C, rel=1e-12)
    assert _compiled()["C_laplace"](laplace.scale) == pytest.approx(C, rel=1e-12)
