"""MAP logistic regression against its derivation and against scikit-learn at the derived C.

The negative log-posterior, its log-loss gradient and the C ↔ prior-scale relations are compiled from the
logistic derivation. The solver must zero the derived gradient (Gaussian prior) or meet the derived
subgradient conditions (Laplace prior) within what its duality gap allows, match scikit-learn's
LogisticRegression at C = σ_w² / C = b, and match a generic optimizer when the prior has a mean and
per-coefficient scales (which scikit-learn cannot express).
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import mpmath
import numpy as np
import pytest
import scipy.optimize as so
from scipy.special import expit
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression

import regprior as rp
from derivations import logistic_map
from regprior.datafits import Logistic
from regprior.penalties import LogPenalty
from regprior.solvers.fista import FISTA, fista
from regprior.symbolic.numeric import lambdify_indexed, one_based
from regprior.symbolic.symbols import X as Xs, Z as Zs, b as bs, beta as betas, k as ks, n as ns, p as ps
from regprior.symbolic.symbols import sigma as sigmas, sigma_w as sws, y as ys
from tests.properties import prop
from tests.strategies import examples, powers_of_ten


def _lambdify_mpmath(args, expr):
    """``expr`` compiled for mpmath (indexed arguments 1-based, as lambdify_indexed takes them), returning a float.

    The derived negative log-posterior holds log(exp(x_i^T beta) + 1), which overflows float64 beyond a margin
    of 709 (nearly separable data under a weak prior reach that) and cancels against y_i x_i^T beta; mpmath's
    exp does not overflow and 50 digits absorb the cancellation.
    """
    f = sp.lambdify(list(args), expr, modules="mpmath")
    indexed = [isinstance(a, sp.IndexedBase) for a in args]

    def evaluate(*values):
        with mpmath.workdps(50):
            return float(f(*(one_based(v) if is_idx else v for v, is_idx in zip(values, indexed))))

    return evaluate


@lru_cache(maxsize=None)
def _compiled():
    res = logistic_map.derivation().results
    return {
        "nlp_gaussian": _lambdify_mpmath((Xs, ys, betas, ns, ps, sws, Zs), res["neg_log_posterior_gaussian"]),
        "nlp_laplace": _lambdify_mpmath((Xs, ys, betas, ns, ps, bs, Zs), res["neg_log_posterior_laplace"]),
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


#: the deep search's one-class counterexample (all labels 0): the MAP under a proper prior exists
_ONE_COLUMN = np.array([[1.83509285], [-1.13847729], [0.14678877], [-0.51437451], [1.17562937], [0.13536509]])


def _gradient(X, y, coef):
    n, p = X.shape
    with np.errstate(over="ignore"):  # 1/(1 + exp(-margin)) at a margin below -709 is 1/inf = 0, its limit
        return np.array([_compiled()["gradient"](X, y, coef, n, p, k) for k in range(1, p + 1)])


@prop("Under a Gaussian prior, `logistic_map` (Newton) converges to a point where the derived log-loss gradient "
      r"plus $\beta/\sigma_w^2$ vanishes within what its gap $G$ certifies, $\sqrt{2LG}$ with "
      r"$L = \lVert X\rVert_2^2/4 + 1/\sigma_w^2$, and reports the derived "
      "negative log-posterior less its constant as its objective; on data of both classes (scikit-learn refuses "
      r"one class) scikit-learn's `LogisticRegression` at the derived $C = \sigma_w^2$ is within "
      r"$\sqrt{2G_1\sigma_w^2} + \sqrt{2G_2\sigma_w^2}$ of it, $G_1, G_2$ the two duality gaps (strong convexity); and "
      r"the ridge-style reading $C = \sigma_w^2/\sigma^2$ is a different number at $\sigma = 3$.",
      group="optimality",
      evaluates=("logistic-map:logloss_gradient", "logistic-map:neg_log_posterior_gaussian", "logistic-map:C_gaussian",
                 "logistic-map:wrong_C_gaussian"), checks=("logistic_map", "logistic_duality_gap"),
      against="scikit-learn LogisticRegression")
@given(problem=classification_problems(), scale=powers_of_ten(-1, 1))
# the gradient was 2.7e-6 where 1e-6 (1 + ||X||_F^2) = 2.6e-6 was allowed; its gap, 3.7e-13, allows 2.9e-6
@example(problem=(np.array([[-0.16236538, 0.31778395, 0.07509734, -0.10707894],
                            [0.02012108, -0.09336208, -0.15955026, 0.07992746],
                            [0.14262009, 0.20265924, 0.1046609, 0.75146698],
                            [0.30683686, -0.01577843, 0.11677539, 0.01966335],
                            [0.0898349, -0.40490845, 0.21993068, -0.01302023],
                            [0.07688942, -0.00219441, -0.26973032, 0.18787147],
                            [0.18804267, 0.14225748, -0.04528317, 0.0516949],
                            [-0.06843976, -0.05076234, -0.30853855, -0.01939215],
                            [0.02087566, 0.0969009, 0.02960066, 0.37376364]]),
                  np.array([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0])), scale=0.3)
@example(problem=(_ONE_COLUMN, np.zeros(6)), scale=1.0)  # one class only: scikit-learn refuses it
# separable data under a weak prior: margins of 3300, where log(exp(margin) + 1) overflowed a float64 reference
@example(problem=(np.array([[-100.0], [-1.0], [-0.1], [0.1], [1.0], [100.0]]), np.array([0.0, 0, 0, 1, 1, 1])),
         scale=70.0)
def test_gaussian_prior_map_zeroes_the_derived_gradient_and_matches_sklearn(problem, scale):
    X, y = problem
    n, p = X.shape
    fit = rp.logistic_map(X, y, rp.GaussianPrior(scale), tol=1e-13)
    assert fit.converged and fit.method == "newton"
    # The derived stationarity condition, d(log-loss)/d beta_k + beta_k / sigma_w^2 = 0, within what the gap
    # certifies: the gradient of the negative log-posterior is Lipschitz with L = ||X||_2^2 / 4 + 1/sigma_w^2, so
    # ||gradient||^2 <= 2 L (f - min f) <= 2 L G. The gap is a difference of sums of n terms of the objective's
    # size, known to about n ulps of it.
    grad = _gradient(X, y, fit.coef) + fit.coef / scale**2
    lipschitz = np.linalg.norm(X, 2) ** 2 / 4 + 1 / scale**2
    gap_rounding = n * np.finfo(float).eps * (1 + fit.objective)
    assert np.linalg.norm(grad) <= np.sqrt(2 * lipschitz * (max(fit.gap, 0.0) + gap_rounding))
    # the objective is the derived negative log-posterior minus its constant
    nlp = _compiled()["nlp_gaussian"](X, y, fit.coef, n, p, scale, 1.0)
    assert nlp - p / 2 * np.log(2 * np.pi * scale**2) == pytest.approx(fit.objective, rel=1e-10)
    if np.unique(y).size < 2:
        return  # scikit-learn refuses data of one class (ValueError); the MAP exists and was checked above
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
      r"$|g_k + \operatorname{sign}(\beta_k)/b| \le \max(\sqrt{2q_kG}, 2G/|\beta_k|)$ elsewhere; on data of both "
      "classes scikit-learn's liblinear at the derived $C = b$ reaches an objective within the sum of the two gaps and "
      "coefficients within $10^{-4}$.",
      group="optimality",
      evaluates=("logistic-map:logloss_gradient", "logistic-map:neg_log_posterior_laplace", "logistic-map:C_laplace"),
      checks=("logistic_map", "logistic_duality_gap"), against="scikit-learn LogisticRegression (liblinear)")
@examples(ci=20)
@given(problem=classification_problems(), scale=powers_of_ten(-2, 0))
@example(problem=(_ONE_COLUMN, np.zeros(6)), scale=1.0)  # one class only: scikit-learn refuses it
# a column equal to the labels' signs, nonzero at the optimum, whose first Gap Safe test from 0 (dual point scaled
# by 2.9/3.63) is nearly tight: a radius sqrt(gap/3) instead of the safe sqrt(gap/2) discarded it
@example(problem=(np.array([[-1.0, -1.2], [1.0, 4.26], [-1.0, -0.05], [1.0, 8.16], [1.0, -6.56], [-1.0, -0.15]]),
                  np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0])), scale=1 / 2.9)
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
    if np.unique(y).size < 2:
        return  # scikit-learn refuses data of one class (liblinear calls it multiclass); the checks above hold
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
      "`logistic_map` reaches an objective no higher than SciPy's trust-region Newton minimum of the log-loss plus "
      r"$\sum_k(\beta_k - m_k)^2/(2\sigma_{w,k}^2)$, and the same coefficients (within $10^{-5}$, or within "
      r"$\sqrt{2G/\mu}$ when the certified gap $G$ and the smallest prior precision $\mu$ allow more).",
      group="routes", checks=("logistic_map",),
      against="scipy.optimize (trust-exact, exact Hessian) on the penalized log-loss")
@given(problem=classification_problems(max_p=4), data=st.data())
def test_prior_mean_and_per_coefficient_scales_match_a_generic_optimizer(problem, data):
    X, y = problem
    p = X.shape[1]
    scales = np.array(data.draw(st.lists(powers_of_ten(-1, 1), min_size=p, max_size=p)))
    mean = np.array(data.draw(st.lists(st.floats(-2, 2), min_size=p, max_size=p)))
    # tol 1e-11: the comparison below needs no more, and 1e-13 (3.6e-12 absolute for 52 samples) can be below the
    # rounding floor of the gap's own evaluation, where Newton rightly warns with the gap it reached (4.4e-12 for a
    # prior mean far from the data, the deep search's seed 3045230072)
    fit = rp.logistic_map(X, y, rp.GaussianPrior(scales, mean), tol=1e-11)
    s = 2 * y - 1

    def f(c):
        z = s * (X @ c)
        w = expit(-z)
        return (np.logaddexp(0, -z).sum() + np.sum((c - mean) ** 2 / (2 * scales**2)),
                -X.T @ (s * w) + (c - mean) / scales**2)

    def hessian(c):
        w = expit(-s * (X @ c))
        return (X * (w * (1 - w))[:, None]).T @ X + np.diag(1 / scales**2)

    ref = so.minimize(f, np.zeros(p), jac=True, hess=hessian, method="trust-exact", options={"gtol": 1e-12})
    assert fit.objective <= ref.fun + 1e-9 * (1 + abs(ref.fun))
    # the objective is at least mu-strongly convex (mu the smallest prior precision), so a point within gap G of the
    # minimum is within sqrt(2 G / mu) of it: on nearly separable data under a weak prior (scale 9.9, the deep
    # search's seed 110234702) the certified gap allows 6e-5, more than the fixed 1e-5 the test asked
    mu = float(np.min(1 / scales**2))
    radius = np.sqrt(2 * fit.gap / mu) + 1e-12 / mu
    np.testing.assert_allclose(fit.coef, ref.x, atol=max(1e-5 * (1 + np.abs(ref.x).max()), radius))


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


@prop(r"`logistic_duality_gap` for a prior with a mean $\theta_0 \ne 0$ (Gaussian or Laplace) is an upper bound on "
      r"the suboptimality of any coefficients: $F(\beta) - F(\hat\beta) \le G(\beta)$ at the MAP, at points around "
      r"it, at 0 and at $\theta_0$, with $F(\beta) = \sum_i \log(1 + e^{-s_i x_i^\top\beta}) - \log p(\beta)$ written "
      r"out here; and it vanishes at the MAP (at most $10^{-8} n$), so it measures the distance to the MAP under the "
      r"prior centred at $\theta_0$, not at $-\theta_0$ or 0.",
      group="optimality", checks=("logistic_duality_gap", "logistic_map"))
@examples(ci=15)
@given(seed=st.integers(0, 2**32 - 1), laplace=st.booleans(),
       mean=st.floats(0.2, 2.0) | st.floats(-2.0, -0.2), scale=powers_of_ten(-1, 1))
def test_logistic_duality_gap_with_a_prior_mean_bounds_the_suboptimality(seed, laplace, mean, scale):
    rng = np.random.default_rng(seed)
    n, p = 40, 3
    X = rng.standard_normal((n, p))
    y = (rng.random(n) < expit(X @ np.array([1.0, -1.0, 0.5]))).astype(float)
    signs = 2.0 * y - 1.0
    prior = (rp.LaplacePrior if laplace else rp.GaussianPrior)(scale, mean=mean)

    def F(beta):
        prior_term = (np.abs(beta - mean).sum() / scale if laplace
                      else ((beta - mean) ** 2).sum() / (2.0 * scale**2))
        return float(np.logaddexp(0.0, -signs * (X @ beta)).sum()) + prior_term

    fit = rp.logistic_map(X, y, prior, tol=1e-12)
    best = F(fit.coef)
    assert rp.logistic_duality_gap(X, y, fit.coef, prior) <= 1e-8 * n
    for beta in (fit.coef + 0.3 * rng.standard_normal(p), np.zeros(p), np.full(p, mean)):
        gap = rp.logistic_duality_gap(X, y, beta, prior)
        assert F(beta) - best <= gap + 1e-9 * (1.0 + abs(best)), (beta, F(beta) - best, gap)


@prop(r"The logistic datafit's gradient is the central difference of its value and its Hessian the central "
      r"difference of its gradient (relative $10^{-6}$), with and without an intercept and a prior mean; its column "
      r"norms are those of X (the labels' signs do not change them), and $\sqrt n$ for the intercept; the "
      r"Lipschitz constant of its gradient is $\lVert X\rVert_2^2/4$ (the logistic slope is at most 1/4), above the "
      r"Hessian's largest eigenvalue.",
      group="routes", checks="logistic_map", against="central finite differences")
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_logistic_datafit_derivatives_are_the_finite_differences(fit_intercept):
    rng = np.random.default_rng(21)
    X = rng.standard_normal((30, 3))
    y = (X @ np.array([1.0, -2.0, 0.5]) + rng.standard_normal(30) > 0).astype(int)
    datafit = Logistic(X, y, np.array([0.3, 0.0, -0.2]), fit_intercept=fit_intercept)
    u = rng.standard_normal(datafit.n_features)
    h = 1e-5
    steps = h * np.eye(u.size)
    numeric_gradient = np.array([(datafit.value(u + e) - datafit.value(u - e)) / (2 * h) for e in steps])
    np.testing.assert_allclose(datafit.gradient(u), numeric_gradient, rtol=1e-6, atol=1e-8)
    numeric_hessian = np.array([(datafit.gradient(u + e) - datafit.gradient(u - e)) / (2 * h) for e in steps])
    np.testing.assert_allclose(datafit.hessian(u), numeric_hessian, rtol=1e-6, atol=1e-8)
    norms = [np.sqrt(sum(x * x for x in X[:, j])) for j in range(3)] + ([np.sqrt(30.0)] if fit_intercept else [])
    np.testing.assert_allclose(datafit.column_norms(), norms, rtol=1e-14)
    design = np.column_stack([X, np.ones(30)]) if fit_intercept else X  # the signs of the rows do not matter
    assert datafit.lipschitz() == pytest.approx(np.linalg.norm(design, 2) ** 2 / 4, rel=1e-12)
    assert np.linalg.eigvalsh(datafit.hessian(u)).max() <= datafit.lipschitz()


@prop(r"The binary entropy $H(w) = -w\log w - (1-w)\log(1-w)$, minus the conjugate of the logistic loss, is "
      r"mpmath's value at 50 digits at interior points down to $10^{-300}$ (relative $10^{-13}$), exactly 0 at "
      r"$w = 0$ and $w = 1$, $\log 2$ at $\frac12$, finite and float64 everywhere in $[0, 1]$, and computed "
      r"without a floating-point warning.", group="optimality", checks="logistic_duality_gap", against="mpmath")
def test_binary_entropy_at_the_ends_and_inside():
    from regprior.datafits.logistic import binary_entropy

    inside = np.array([1e-300, 1e-12, 0.1, 0.5, 0.9, 1 - 2.0**-40])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = binary_entropy(inside)
        ends = binary_entropy(np.array([0.0, 1.0]))
    with mpmath.workdps(50):
        exact = [float(-mpmath.mpf(w) * mpmath.log(w) - (1 - mpmath.mpf(w)) * mpmath.log1p(-mpmath.mpf(w)))
                 for w in inside]
    np.testing.assert_allclose(values, exact, rtol=1e-13)
    assert ends.dtype == np.float64 and ends.tolist() == [0.0, 0.0]
    assert binary_entropy(np.array([0.5]))[0] == pytest.approx(np.log(2), rel=1e-15)


@prop(r"The logistic fit's bookkeeping: without an intercept it returns the intercept 0.0; its tolerances are per "
      r"sample (converged means a gap of at most tol times $n$, and the warning of a stopped Newton solve quotes "
      r"that product); one sample with an intercept is refused as one class; labels outside the codings are "
      r"refused with the first five values found; a prior the gap cannot handle, a wrong `coef` and (for the "
      r"datafit on its own) a `fit_intercept` that is not a bool are refused by name, with whole messages.",
      group="inputs", checks=("logistic_map", "logistic_duality_gap", "datafits.Logistic"))
def test_logistic_bookkeeping_and_messages():
    rng = np.random.default_rng(8)
    X = rng.standard_normal((30, 3))
    y = (X[:, 0] + rng.standard_normal(30) > 0).astype(float)
    fit = rp.logistic_map(X, y, rp.GaussianPrior(1.0), tol=1e-8)
    assert fit.intercept == 0.0 and fit.converged and fit.gap <= 1e-8 * 30
    with pytest.warns(rp.ConvergenceWarning) as record:
        rp.logistic_map(X, y, rp.GaussianPrior(1.0), tol=1e-12, max_iter=1)
    assert re.fullmatch(r"Newton: duality gap \S+ after 1 iterations is above tol \* scale = 3e-11; increase "
                        r"max_iter or loosen tol", str(record[0].message)), str(record[0].message)
    with pytest.raises(ValueError) as info:
        rp.logistic_map(X[:1], y[:1], rp.GaussianPrior(1.0), fit_intercept=True)
    assert str(info.value) == ("y contains one class only: with fit_intercept the intercept would grow without bound; "
                               "give samples of both classes")
    with pytest.raises(ValueError) as info:
        rp.logistic_map(X[:8], np.arange(8.0) + 2, rp.GaussianPrior(1.0))
    assert str(info.value) == ("y must contain class labels 0 and 1 (or -1 and 1); got the values "
                               "[2.0, 3.0, 4.0, 5.0, 6.0]")
    with pytest.raises(TypeError) as info:  # the datafit on its own, as the API page offers it
        Logistic(X, y, fit_intercept="yes")
    assert str(info.value) == "fit_intercept must be True or False; got 'yes'"
    with pytest.raises(TypeError) as info:
        rp.logistic_duality_gap(X, y, np.zeros(3), rp.StudentTPrior(3.0, 1.0))
    assert str(info.value) == ("prior: a duality gap needs a convex penalty with a known conjugate; StudentTPrior "
                               "gives LogPenalty")
    with pytest.raises(TypeError) as info:
        rp.logistic_duality_gap(X, y, np.zeros(3), "GaussianPrior")
    assert str(info.value) == "prior must be a regprior Prior (e.g. GaussianPrior, LaplacePrior); got str"
    with pytest.raises(ValueError) as info:
        rp.logistic_duality_gap(X, y, np.zeros(2), rp.GaussianPrior(1.0))
    assert str(info.value).startswith("coef ")


@prop(r"With a full-covariance Gaussian prior (correlated coefficients and a mean) and an intercept, `logistic_map` "
      r"takes the Newton route with the prior's full Hessian and returns the minimizer of "
      r"$\sum_i\log(1 + e^{-s_i(\beta_0 + x_i^\top\beta)}) + \frac12(\beta - m)^\top\Sigma^{-1}(\beta - m)$ that "
      r"SciPy's trust-region Newton finds on that objective written out here (to $10^{-7}$).",
      group="routes", checks="logistic_map", against="scipy.optimize.minimize (trust-exact)")
def test_logistic_map_with_a_full_covariance_prior():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((60, 3))
    y = (X @ np.array([1.0, -1.0, 0.5]) + rng.standard_normal(60) > 0).astype(float)
    cov, mean = np.array([[1.0, 0.6, 0.0], [0.6, 2.0, 0.3], [0.0, 0.3, 0.5]]), np.array([0.2, 0.0, 0.0])
    fit = rp.logistic_map(X, y, rp.MultivariateGaussianPrior(cov, mean=mean), fit_intercept=True, tol=1e-12)
    assert fit.method == "newton" and fit.converged
    s, precision = 2 * y - 1, np.linalg.inv(cov)
    A = np.column_stack([np.ones(60), X]) * s[:, None]

    def value(w):
        return np.sum(np.logaddexp(0.0, -A @ w)) + 0.5 * (w[1:] - mean) @ precision @ (w[1:] - mean)

    def gradient(w):
        g = -A.T @ expit(-A @ w)
        g[1:] += precision @ (w[1:] - mean)
        return g

    def hessian(w):
        p = expit(A @ w)
        H = (A * (p * (1 - p))[:, None]).T @ A
        H[1:, 1:] += precision
        return H

    reference = so.minimize(value, np.zeros(4), jac=gradient, hess=hessian, method="trust-exact",
                            options={"gtol": 1e-12}).x
    np.testing.assert_allclose(np.r_[fit.intercept, fit.coef], reference, atol=1e-7)


def _stopped(**kwargs):
    """``logistic_map`` on a fixed problem with the ConvergenceWarnings it emitted (as strings)."""
    rng = np.random.default_rng(7)
    X = rng.standard_normal((50, 3))
    y = (X @ np.array([1.0, -1.0, 0.5]) + rng.standard_normal(50) > 0).astype(float)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fit = rp.logistic_map(X, y, **kwargs)
    return X, y, fit, [str(w.message) for w in record if issubclass(w.category, rp.ConvergenceWarning)]


def _full_newton_step(A, y, w, precision):
    r"""The full Newton step of :math:`\sum_i \log(1 + e^{a_i^\top w}) - y_i a_i^\top w + \tfrac12 w^\top P w` (labels
    0/1, a zero prior mean) from w, written out here from the log-loss: ``w - H^{-1} g``."""
    p = expit(A @ w)
    gradient = A.T @ (p - y) + precision @ w
    hessian = (A * (p * (1 - p))[:, None]).T @ A + precision
    return w - np.linalg.solve(hessian, gradient)


@prop(r"Newton's steps under a Gaussian prior: the first from the prior mean is the full step $t = 1$ of the "
      r"Newton system built here from the log-loss ($\sigma_w = 10$, where $t = 2$ would lower the objective "
      r"further but is not tried); stopped by `max_iter = 2` it warns after 2 iterations; started at its own answer "
      r"(with a prior mean: `coef_init` is a coefficient) it takes no iteration; the result reports the tol given.",
      group="routes", checks="logistic_map", against="the Newton system of the log-loss written out here")
def test_newton_steps_and_bookkeeping():
    X, y, one, messages = _stopped(prior=rp.GaussianPrior(10.0), max_iter=1)
    assert one.n_iter == 1 and not one.converged and len(messages) == 1
    np.testing.assert_allclose(one.coef, _full_newton_step(X, y, np.zeros(3), np.eye(3) / 100.0), rtol=1e-10)
    _, _, two, messages = _stopped(prior=rp.GaussianPrior(1.0), max_iter=2, tol=1e-14)
    assert two.n_iter == 2 and not two.converged
    assert messages == [f"Newton: duality gap {two.gap:.3g} after 2 iterations is above tol * scale = 5e-13; "
                        f"increase max_iter or loosen tol"]
    prior = rp.GaussianPrior(1.0, mean=[0.5, -0.2, 0.1])
    _, _, fit, messages = _stopped(prior=prior)
    assert fit.converged and fit.tol == 1e-10 and fit.method == "newton" and not messages
    _, _, again, _ = _stopped(prior=prior, coef_init=fit.coef)
    assert again.n_iter == 0 and np.array_equal(again.coef, fit.coef)


@prop(r"With an intercept, `coef_init` starts the coefficients and the intercept starts at 0: one Newton step "
      r"(`max_iter = 1`) is the full step of the Newton system in $(\beta, \beta_0)$ built here from "
      r"$(\beta_{\text{init}}, 0)$; a `coef_init` of the wrong length is refused naming it, as without an intercept.",
      group="routes", checks="logistic_map", against="the Newton system of the log-loss written out here")
def test_coef_init_with_an_intercept_starts_the_coefficients_and_the_intercept_at_zero():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 3))
    y = (rng.random(50) < expit(X @ np.array([2.0, -1.0, 0.0]) + 0.5)).astype(float)
    start = np.array([1.5, -0.8, -0.2])
    with pytest.warns(rp.ConvergenceWarning):
        one = rp.logistic_map(X, y, rp.GaussianPrior(1.0), fit_intercept=True, coef_init=start, max_iter=1)
    expected = _full_newton_step(np.column_stack([X, np.ones(50)]), y, np.append(start, 0.0),
                                 np.diag([1.0, 1.0, 1.0, 0.0]))  # the intercept's prior is flat
    np.testing.assert_allclose(np.append(one.coef, one.intercept), expected, rtol=1e-10)
    for fit_intercept in (False, True):
        with pytest.raises(ValueError) as info:
            rp.logistic_map(X, y, rp.GaussianPrior(1.0), fit_intercept=fit_intercept, coef_init=start[:2])
        assert str(info.value) == "coef_init must have shape (3,) to match X; got (2,)"


@prop(r"Newton's default budget is 100 steps: on separable data under a nearly flat Gaussian prior "
      r"($\sigma_w = 10^{50}$), where each damped step moves the margin by about 1 and the gap reaches "
      r"$10^{-10} n$ only after more than 100 steps, `logistic_map` stops after exactly 100 with a warning saying so "
      r"(the fit of `max_iter=100`), and converges when given a larger budget.",
      group="routes", checks="logistic_map")
def test_newton_default_budget_is_100_steps():
    X = np.array([[1.0], [2.0], [-1.0], [-2.0]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    prior = rp.GaussianPrior(1e50)
    with pytest.warns(rp.ConvergenceWarning) as record:
        fit = rp.logistic_map(X, y, prior)
    assert fit.method == "newton" and fit.n_iter == 100 and not fit.converged
    assert [str(w.message) for w in record] == [f"Newton: duality gap {fit.gap:.3g} after 100 iterations is above "
                                                f"tol * scale = 4e-10; increase max_iter or loosen tol"]
    with pytest.warns(rp.ConvergenceWarning):
        explicit = rp.logistic_map(X, y, prior, max_iter=100)
    assert np.array_equal(explicit.coef, fit.coef) and explicit.gap == fit.gap
    longer = rp.logistic_map(X, y, prior, max_iter=1000)
    assert longer.converged and longer.n_iter > 100 and longer.coef[0] > fit.coef[0]


@prop(r"Proximal Newton's bookkeeping under a Laplace prior: without an intercept the intercept is 0.0; started at "
      r"its own answer (with a prior mean) it takes no Newton step; `max_iter` is the budget of Newton steps in "
      r"total (stopped at 2 to 5, from the prior mean or far from it, it reports exactly that many and warns); an "
      r"all-zero column gets the coefficient 0 without a floating-point warning; `tol=0` is refused by name.",
      group="inputs", checks=("logistic_map", "ConvergenceWarning"))
def test_prox_newton_bookkeeping():
    prior = rp.LaplacePrior(0.5, mean=[0.5, -0.2, 0.1])
    X, y, fit, messages = _stopped(prior=prior)
    assert fit.method == "prox-newton" and fit.converged and fit.intercept == 0.0 and not messages
    _, _, again, _ = _stopped(prior=prior, coef_init=fit.coef)
    assert again.n_iter == 0 and again.converged
    np.testing.assert_allclose(again.coef, fit.coef, atol=1e-12)
    for budget, start in [(b, s) for b in range(2, 6) for s in (None, [20.0, 20.0, 20.0])]:
        _, _, short, messages = _stopped(prior=rp.LaplacePrior(0.5), tol=1e-14, max_iter=budget, coef_init=start)
        assert short.n_iter == budget and not short.converged
        assert messages == [f"proximal Newton: duality gap {short.gap:.3g} after {budget} Newton steps is above "
                            f"tol * n_samples = 5e-13; increase max_iter or loosen tol"]
    X0 = X.copy()
    X0[:, 1] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zero = rp.logistic_map(X0, y, rp.LaplacePrior(0.5))
    assert zero.converged and zero.coef[1] == 0.0
    with pytest.raises(ValueError) as info:
        rp.logistic_map(X, y, rp.LaplacePrior(0.5), tol=0.0)
    assert str(info.value) == "tol must be > 0; got 0"


@prop(r"FISTA's bookkeeping, on the logistic loss under a Laplace prior with a mean: it reports `method = 'fista'` "
      r"and the tol given, checks the gap every 10 iterations (a converged run stops at a multiple of 10), started "
      r"at its own answer (`coef_init` is a coefficient, not an offset from the mean) takes no iteration; stopped "
      r"early it warns with the gap and the product tol times $n$; it refuses tol = 0, and its condition refuses "
      r"a penalty that is not convex, with whole messages.",
      group="routes", checks="logistic_map")
def test_fista_bookkeeping():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 3))
    y = (X @ np.array([1.0, -1.0, 0.5]) + rng.standard_normal(40) > 0).astype(float)
    prior = rp.LaplacePrior(0.5, mean=[0.3, 0.0, -0.2])
    datafit = Logistic(X, y, center=prior.mean)
    penalty = datafit.extend(prior.penalty(datafit.prior_weight()))
    fit = FISTA().solve(datafit, penalty, tol=1e-10)
    assert fit.method == "fista" and fit.tol == 1e-10 and fit.converged
    assert fit.n_iter > 0 and fit.n_iter % 10 == 0
    again = FISTA().solve(datafit, penalty, tol=1e-10, coef_init=fit.coef)
    assert again.n_iter == 0 and np.array_equal(again.coef, fit.coef)
    with pytest.warns(rp.ConvergenceWarning) as record:
        FISTA().solve(datafit, penalty, tol=1e-10, max_iter=10)
    assert re.fullmatch(r"proximal gradient \(FISTA\): duality gap \S+ after 10 iterations is above tol \* scale = "
                        r"4e-09; increase max_iter or loosen tol", str(record[0].message)), str(record[0].message)
    with pytest.raises(ValueError) as info:
        FISTA().solve(datafit, penalty, tol=0.0)
    assert str(info.value) == "tol must be > 0; got 0"
    assert FISTA().condition(datafit, penalty) is None
    assert FISTA().condition(datafit, LogPenalty(1.0, np.ones(3))) == "the penalty is not convex"


@prop(r"FISTA's iterates follow the accelerated scheme with gradient restart, checked iteration by iteration on the "
      r"logistic loss under a Laplace prior: $u_{k+1} = \operatorname{prox}_{g/L}(z_k - \nabla f(z_k)/L)$, "
      r"$t_{k+1} = (1 + \sqrt{1 + 4t_k^2})/2$ from $t_1 = 1$, $z_{k+1} = u_{k+1} + \frac{t_k - 1}{t_{k+1}}"
      r"(u_{k+1} - u_k)$, and $t_k$ reset to 1 before that when $(z_k - u_{k+1})^\top(u_{k+1} - u_k) > 0$ (the "
      r"step points against the motion). Run for $k$ iterations it returns $u_k$, $k$ and the gap at $u_k$.",
      group="routes", checks="logistic_map")
def test_fista_iterates_follow_the_restarted_scheme():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((30, 4))
    y = (X @ np.array([2.0, -1.0, 0.0, 0.5]) + 0.5 * rng.standard_normal(30) > 0).astype(float)
    datafit = Logistic(X, y)
    penalty = datafit.extend(rp.LaplacePrior(0.8).penalty(datafit.prior_weight()))
    step = 1.0 / datafit.lipschitz()
    start = np.array([3.0, 3.0, -3.0, 1.0])  # far from the answer, so that the momentum builds and restarts
    u, z, t, restarts = start.copy(), start.copy(), 1.0, 0
    for k in range(1, 61):
        new = penalty.prox(z - step * datafit.gradient(z), step)
        if (z - new) @ (new - u) > 0:
            t, restarts = 1.0, restarts + 1
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        z = new + ((t - 1) / t_next) * (new - u)
        u, t = new, t_next
        got, gap, n_iter = fista(datafit, penalty, start, tol_abs=0.0, max_iter=k, check_every=1000)
        assert n_iter == k and gap == datafit.duality_gap(got, penalty)
        np.testing.assert_allclose(got, u, rtol=1e-13, atol=1e-14)
    assert restarts >= 1 and np.linalg.norm(u - start) > 1.0  # the run restarted and travelled


@prop(r"The refusals `select_solver` quotes for the logistic solvers: Newton refuses a penalty that is not smooth "
      r"and convex (a kinked one, however convex) and a smooth convex one without a Hessian; proximal Newton "
      r"refuses a penalty with an L2 part or none of the elastic-net form, and an L1 strength of 0; an integer L1 "
      r"strength is solved as the same float.",
      group="inputs", checks=("logistic_map",))
def test_logistic_solver_refusals():
    from regprior.penalties import L1, L2, ElasticNet, Penalty

    X, y, _, _ = _stopped(prior=rp.GaussianPrior(1.0))
    datafit = Logistic(X, y)

    class Smooth(Penalty):
        smooth = True

        def value(self, u):
            return float(u @ u)

        def gradient(self, u):
            return 2.0 * u

        def conjugate(self, v):
            return float(v @ v) / 4.0

    class Kinked(Smooth):
        smooth = False

    newton, prox_newton = rp.solvers.Newton(), rp.solvers.ProxNewton()
    assert newton.refusal(datafit, Kinked()) == "the penalty is not smooth and convex"
    assert newton.refusal(datafit, Smooth()) == "the penalty has no Hessian"
    assert newton.refusal(datafit, L2(1.0)) is None
    not_l1 = "the penalty is not L1 alone (an L2 part goes to Newton or FISTA)"
    assert prox_newton.refusal(datafit, ElasticNet(1.0, 0.5)) == not_l1
    assert prox_newton.refusal(datafit, L2(np.ones(3))) == not_l1
    assert prox_newton.refusal(datafit, L1(np.array([1.0, 0.0, 1.0]))) == (
        "an L1 strength is 0 (an unpenalized coefficient has no dual constraint to rescale into)")
    assert prox_newton.refusal(datafit, L1(2)) is None
    np.testing.assert_allclose(prox_newton.solve(datafit, L1(2)).coef,
                               rp.logistic_map(X, y, rp.LaplacePrior(0.5)).coef, rtol=1e-12)


@prop(r"Convergence is a gap *at most* $\mathrm{tol}\cdot n$, boundary included: given a tol whose product with $n$ "
      r"is exactly the gap reached after 3 steps (Newton under a Gaussian prior, proximal Newton under a Laplace "
      r"prior), the solver stops after those 3 steps, converged and without a warning.",
      group="inputs", checks=("logistic_map", "ConvergenceWarning"))
@pytest.mark.parametrize("prior", [rp.GaussianPrior(1.0), rp.LaplacePrior(0.5)], ids=["newton", "prox-newton"])
def test_a_gap_equal_to_the_tolerance_has_converged(prior):
    _, _, three, _ = _stopped(prior=prior, tol=1e-14, max_iter=3)
    gap = three.gap
    tol = next(t for t in (gap / 50, np.nextafter(gap / 50, 0.0), np.nextafter(gap / 50, 1.0)) if t * 50 == gap)
    _, _, fit, messages = _stopped(prior=prior, tol=tol, max_iter=10)
    assert (fit.n_iter, fit.gap, fit.converged, messages) == (3, gap, True, [])
