"""Leave-one-out CV and GCV for ridge (regprior.selection), against routes that share nothing with it.

The shortcut e_i / (1 - h_ii) is checked against n explicit refits with `rp.ridge`, GCV and the degrees of
freedom against the hat matrix formed from its definition by a linear solve, and the whole curve against
scikit-learn's RidgeCV (its efficient leave-one-out mode), with and without an intercept.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.linear_model import RidgeCV

import regprior as rp
from tests.properties import prop
from tests.strategies import powers_of_ten, problems


def _strengths(X, ratios):
    """Strengths relative to the scale of X^T X (1 for an all-zero X), so that every drawn scale is covered."""
    scale = float(np.sum(X**2)) or 1.0
    return scale * np.asarray(ratios)


def _refit_loo(X, y, lam, fit_intercept):
    """Mean squared leave-one-out error by n explicit ridge fits."""
    n = X.shape[0]
    errors = []
    for i in range(n):
        keep = np.arange(n) != i
        fit = rp.ridge(X[keep], y[keep], lam, fit_intercept=fit_intercept)
        errors.append(y[i] - X[i] @ fit.coef - fit.intercept)
    return float(np.mean(np.square(errors)))


def _hat_matrix(X, lam, fit_intercept):
    """H = Z (Z^T Z + P)^{-1} Z^T with Z = [1, X] and P = diag(0, lam I) (Z = X, P = lam I without intercept)."""
    n, p = X.shape
    Z = np.column_stack([np.ones(n), X]) if fit_intercept else X
    P = lam * np.eye(Z.shape[1])
    if fit_intercept:
        P[0, 0] = 0.0
    return Z @ np.linalg.solve(Z.T @ Z + P, Z.T)


@prop(r"For every drawn design (wide, square, tall; duplicated, collinear and zero columns; tiny to huge "
      r"scales) and strength, with and without an intercept, `ridge_loo_gcv`'s leave-one-out error equals the "
      r"mean squared error of $n$ explicit `ridge` refits, each without one sample; its GCV equals "
      r"$\frac1n\lVert(I - H)y\rVert^2/(1 - \operatorname{tr}H/n)^2$ and its degrees of freedom $\operatorname{tr}H$, "
      r"with $H$ formed from its definition by a linear solve (relative $10^{-7}$).",
      group="routes", checks="ridge_loo_gcv", against="n explicit ridge refits; the hat matrix by a linear solve")
@given(problem=problems(min_n=2, max_n=8, max_p=7), ratios=st.lists(powers_of_ten(-3, 1), min_size=1, max_size=3),
       fit_intercept=st.booleans())
def test_loo_is_n_refits_and_gcv_is_the_hat_matrix_formula(problem, ratios, fit_intercept):
    X, y = problem.X, problem.y
    n = X.shape[0]
    lams = _strengths(X, ratios)
    sel = rp.ridge_loo_gcv(X, y, lams, fit_intercept=fit_intercept)
    np.testing.assert_array_equal(sel.lams, lams)
    floor = 1e-12 * float(y @ y) / n  # rounding relative to the size of y
    for k, lam in enumerate(lams):
        assert sel.loo[k] == pytest.approx(_refit_loo(X, y, lam, fit_intercept), rel=1e-7, abs=floor)
        H = _hat_matrix(X, lam, fit_intercept)
        e = y - H @ y
        dof = float(np.trace(H))
        assert sel.dof[k] == pytest.approx(dof, rel=1e-7, abs=1e-9)
        assert sel.gcv[k] == pytest.approx(float(e @ e) / n / (1 - dof / n) ** 2, rel=1e-7, abs=floor)
    assert sel.lam_loo == lams[np.argmin(sel.loo)] and sel.lam_gcv == lams[np.argmin(sel.gcv)]


@prop(r"On Gaussian designs with a signal, `ridge_loo_gcv`'s leave-one-out curve equals scikit-learn's "
      r"`RidgeCV(alphas=lams, store_cv_results=True)` mean squared errors (relative $10^{-9}$), with and without an "
      r"intercept, and both pick the same $\lambda$ (scikit-learn's `alpha` is the canonical $\lambda$).",
      group="libraries", checks="ridge_loo_gcv", against="scikit-learn RidgeCV")
@pytest.mark.parametrize("n, p", [(30, 5), (12, 20), (15, 15)])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_loo_matches_scikit_learn_ridge_cv(n, p, fit_intercept):
    rng = np.random.default_rng(n * p)
    X = rng.standard_normal((n, p))
    y = X[:, :3] @ np.array([2.0, -1.0, 0.5]) + 3.0 + rng.standard_normal(n)
    lams = np.geomspace(1e-2, 1e3, 26)
    sel = rp.ridge_loo_gcv(X, y, lams, fit_intercept=fit_intercept)
    cv = RidgeCV(alphas=lams, fit_intercept=fit_intercept, store_cv_results=True).fit(X, y)
    np.testing.assert_allclose(sel.loo, cv.cv_results_.mean(axis=0), rtol=1e-9)
    assert sel.lam_loo == cv.alpha_


@prop(r"Leave-one-out error and GCV are unchanged by reordering the samples, and scale by $c^2$ when $y$ does "
      r"(relative $10^{-10}$); the degrees of freedom fall from $\operatorname{rank}X$ (plus 1 with an intercept) "
      r"towards 0 (towards 1) as $\lambda$ grows.",
      group="metamorphic", checks="ridge_loo_gcv")
@given(problem=problems(min_n=2, max_n=8, max_p=7), c=powers_of_ten(-3, 3), fit_intercept=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_loo_and_gcv_respect_permutation_and_scaling(problem, c, fit_intercept, seed):
    X, y = problem.X, problem.y
    lams = _strengths(X, [1e-3, 1e-1, 1e1])
    sel = rp.ridge_loo_gcv(X, y, lams, fit_intercept=fit_intercept)
    order = np.random.default_rng(seed).permutation(X.shape[0])
    moved = rp.ridge_loo_gcv(X[order], y[order], lams, fit_intercept=fit_intercept)
    scaled = rp.ridge_loo_gcv(X, c * y, lams, fit_intercept=fit_intercept)
    floor = 1e-13 * float(y @ y)
    for other, factor in ((moved, 1.0), (scaled, c * c)):
        np.testing.assert_allclose(other.loo, factor * sel.loo, rtol=1e-10, atol=factor * floor)
        np.testing.assert_allclose(other.gcv, factor * sel.gcv, rtol=1e-10, atol=factor * floor)
    assert np.all(np.diff(sel.dof) <= 1e-12)  # more shrinkage, fewer degrees of freedom
    rank = np.linalg.matrix_rank(X - X.mean(axis=0) if fit_intercept else X)
    assert sel.dof[0] <= rank + fit_intercept + 1e-9 and sel.dof[-1] >= fit_intercept - 1e-9


@prop("Bad input to `ridge_loo_gcv` is refused with a message naming the argument: fewer than 2 samples, "
      "strengths that are not a non-empty 1-D array of finite positive numbers, a non-boolean `fit_intercept`, "
      "and a strength so small that the fit interpolates a sample (its leave-one-out prediction undefined).",
      group="inputs", checks="ridge_loo_gcv")
@pytest.mark.parametrize("X, y, lams, kwargs, error, message", [
    (np.ones((1, 2)), [1.0], [1.0], {}, ValueError, "leave-one-out needs at least 2 samples; got n_samples = 1"),
    (np.eye(3), [1.0, 2.0, 3.0], [[1.0]], {}, ValueError,
     "lams must be a non-empty 1-D array of penalty strengths; got shape (1, 1)"),
    (np.eye(3), [1.0, 2.0, 3.0], [], {}, ValueError,
     "lams must be a non-empty 1-D array of penalty strengths; got shape (0,)"),
    (np.eye(3), [1.0, 2.0, 3.0], [1.0, 0.0], {}, ValueError, "lams must contain finite values > 0"),
    (np.eye(3), [1.0, 2.0, 3.0], [np.inf], {}, ValueError, "lams must contain finite values > 0"),
    (np.eye(3), [1.0, 2.0, 3.0], [1.0], {"fit_intercept": 1}, TypeError, "fit_intercept must be True or False; got 1"),
    (np.arange(15.0).reshape(3, 5) ** 2, [1.0, 2.0, 4.0], [1e-300], {}, ValueError,
     "lams: at lam=1e-300 the ratios lam/s^2 (s the singular values of X) fall below 1e-280, where float64 loses "
     "their digits; the leave-one-out error is then the lam -> 0 limit, which a slightly larger strength already "
     "gives: use larger strengths"),
    (np.column_stack([np.ones(4), np.arange(4.0)]), [0.0, 1.0, 0.0, 5.0], [1.0, 1e-300], {}, ValueError,
     "lams: at lam=1e-300 the ratios lam/s^2 (s the singular values of X) fall below 1e-280, where float64 loses "
     "their digits; the leave-one-out error is then the lam -> 0 limit, which a slightly larger strength already "
     "gives: use larger strengths"),
    # three samples, three features and an intercept: at lam = 1e-250 a sample's leverage is 1 to working precision
    (np.random.default_rng(0).standard_normal((3, 3)), [0.5, -1.0, 2.0], [1.0, 1e-250], {"fit_intercept": True},
     ValueError, "at lam=1e-250 the fit interpolates a sample (leverage 1 to working precision), so its "
     "leave-one-out prediction is undefined; use larger strengths"),
])
def test_bad_selection_input_is_refused(X, y, lams, kwargs, error, message):
    with pytest.raises(error) as info:
        rp.ridge_loo_gcv(X, y, lams, **kwargs)
    assert str(info.value) == message


@prop(r"Near interpolation (300 small random designs, $n \le 5$, with an intercept, $\lambda$ from $10^{-16}$ to "
      r"$10^{-10}$, where leverages and $n - \operatorname{tr}H$ round to 0 or below), `ridge_loo_gcv` either "
      r"refuses with its interpolation or precision message or returns finite leave-one-out and GCV errors with "
      r"$\operatorname{tr}H \le n$: it never returns inf or NaN.",
      group="inputs", checks="ridge_loo_gcv")
def test_loo_and_gcv_near_interpolation_are_finite_or_refused():
    lams = 10.0 ** np.arange(-16, -9)
    for seed in range(300):
        rng = np.random.default_rng(seed)
        n, p = int(rng.integers(2, 6)), int(rng.integers(1, 7))
        X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
        try:
            sel = rp.ridge_loo_gcv(X, y, lams, fit_intercept=True)
        except ValueError as refusal:
            assert "the fit interpolates a sample" in str(refusal) or "fall below 1e-280" in str(refusal)
            continue
        assert np.all(np.isfinite(sel.loo)) and np.all(np.isfinite(sel.gcv)) and np.all(sel.dof <= n), seed
