"""Closed forms on the orthonormal-design page against the solvers: soft-thresholding at λ/2 (lasso),
shrinkage by 1/(1+λ) (ridge), hard-thresholding at √λ (best subset by brute force), the one-column lasso,
and the piecewise-linear lasso path derived by enumerating sign patterns."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.strategies import powers_of_ten, problems
from tests.symbolic_cases import orthonormal_cases


@st.composite
def orthonormal_problems(draw, max_p: int = 6):
    """X with orthonormal columns (Q of a QR factorization, n >= p) and y of widely varying scale."""
    p = draw(st.integers(1, max_p))
    n = draw(st.integers(p, p + 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    Q, _ = np.linalg.qr(rng.standard_normal((n, p)))
    y = rng.standard_normal(n) * draw(powers_of_ten(-2, 2))
    return Q, y


def _apply(f, z, lam):
    return np.array([float(f(zj, lam)) for zj in z])


@prop(r"On a design with orthonormal columns the lasso solution is the derived soft-thresholding of "
      r"$z = X^\top y$ at $\lambda/2$, coordinate by coordinate (to $10^{-7}(1 + \max_j|z_j|)$); thresholding at "
      r"$\lambda$, the threshold of the half-squared-error convention, does not reproduce it on the coordinates "
      r"with $|z_j| > \lambda/2$.",
      group="routes", evaluates=("orthonormal-design:lasso", "orthonormal-design:wrong_threshold"), checks="lasso")
@given(problem=orthonormal_problems(), ratio=powers_of_ten(-3, -1))
def test_lasso_on_an_orthonormal_design_is_soft_thresholding_at_half_lambda(problem, ratio):
    X, y = problem
    z = X.T @ y
    lam = ratio * 2 * np.abs(z).max() or 1.0
    case = orthonormal_cases()
    fit = rp.lasso(X, y, lam, tol=1e-14)
    np.testing.assert_allclose(fit.coef, _apply(case["lasso"], z, lam), atol=1e-7 * (1 + np.abs(z).max()))
    # thresholding at lambda (the half-squared-error convention's threshold) is a different answer
    wrong = _apply(case["wrong_threshold"], z, lam)
    differs = np.abs(z) > lam / 2  # where the two thresholds give different values
    assert not differs.any() or not np.allclose(fit.coef[differs], wrong[differs], rtol=1e-6, atol=0)


@prop(r"On a design with orthonormal columns the ridge solution is the derived uniform shrinkage "
      r"$\hat\beta_j = z_j/(1 + \lambda)$ of $z = X^\top y$ (relative $10^{-10}$), for $\lambda$ from $10^{-3}$ to "
      r"$10^{4}$.",
      group="routes", evaluates="orthonormal-design:ridge", checks="ridge")
@given(problem=orthonormal_problems(), lam=powers_of_ten(-3, 3))
def test_ridge_on_an_orthonormal_design_shrinks_by_one_over_one_plus_lambda(problem, lam):
    X, y = problem
    z = X.T @ y
    np.testing.assert_allclose(rp.ridge(X, y, lam).coef, _apply(orthonormal_cases()["ridge"], z, lam),
                               rtol=1e-10, atol=1e-12 * (1 + np.abs(z).max()))


@prop(r"On a design with orthonormal columns, brute force over all $2^p$ subsets (least squares on each, "
      r"minimizing $\lVert y - X\beta\rVert^2 + \lambda\,\#\{j : \beta_j \ne 0\}$) gives the derived hard-thresholding "
      r"of $z = X^\top y$ at $\sqrt\lambda$, on every coordinate except ties $z_j^2 = \lambda$, where both choices "
      r"are optimal.",
      group="routes", evaluates="orthonormal-design:subset", against="brute force over all subsets")
@given(problem=orthonormal_problems(max_p=5), ratio=powers_of_ten(-2, -1))
def test_best_subset_on_an_orthonormal_design_is_hard_thresholding(problem, ratio):
    """Brute force over all 2^p subsets (least squares on each) against hard-thresholding at sqrt(lambda)."""
    X, y = problem
    n, p = X.shape
    z = X.T @ y
    lam = ratio * (z**2).max() or 1.0
    best, best_value = None, np.inf
    for mask in itertools.product((False, True), repeat=p):
        coef = np.zeros(p)
        if any(mask):
            coef[list(mask)] = np.linalg.lstsq(X[:, list(mask)], y, rcond=None)[0]
        value = np.sum((y - X @ coef) ** 2) + lam * sum(mask)
        if value < best_value - 1e-12 * (1 + abs(value)):
            best, best_value = coef, value
    hard = _apply(orthonormal_cases()["subset"], z, lam)
    ties = np.isclose(z**2, lam, rtol=1e-9)  # at |z| = sqrt(lambda) both choices are optimal
    np.testing.assert_allclose(best[~ties], hard[~ties], atol=1e-9 * (1 + np.abs(z).max()))


@prop(r"With one column $x$ the lasso solution is the derived $S_{\lambda/2}(x^\top y)/\lVert x\rVert^2$ "
      r"(relative $10^{-7}$), and 0 for a zero column; leaving out the division by $\lVert x\rVert^2$ gives a "
      r"different value unless the solution is 0 or $\lVert x\rVert^2 = 1$.",
      group="routes",
      evaluates=("orthonormal-design:one_column_lasso", "orthonormal-design:wrong_one_column_no_division"),
      checks="lasso")
@given(problem=problems(max_p=1), ratio=powers_of_ten(-3, -1))
def test_one_column_lasso_divides_the_soft_threshold_by_the_squared_norm(problem, ratio):
    X, y = problem.X, problem.y
    x = X[:, 0]
    a, q = float(x @ y), float(x @ x)
    lam = ratio * 2 * abs(a) or 1.0
    case = orthonormal_cases()
    fit = rp.lasso(X, y, lam, tol=1e-14)
    if q == 0.0:
        assert fit.coef[0] == 0.0
        return
    derived = case["one_column_lasso"](a, q, lam)
    assert fit.coef[0] == pytest.approx(derived, rel=1e-7, abs=1e-9 * (abs(a) / q + 1e-300))
    wrong = case["wrong_one_column"](a, q, lam)
    assert derived == 0.0 or np.isclose(q, 1.0) or wrong != pytest.approx(derived, rel=1e-6)


@prop(r"For the page's two-coefficient example, at every $\lambda \in [0.01, 6]$ at least one piece of the lasso "
      r"path that SymPy found by enumerating sign patterns is valid, and every valid piece equals the solver's "
      r"solution on a design with that $X^\top X$ and $X^\top y$ (to $10^{-8}$).",
      group="routes", evaluates=("orthonormal-design:path_pieces", "orthonormal-design:example"), checks="lasso")
@given(lam=st.floats(0.01, 6.0))
def test_lasso_path_from_sign_patterns_matches_the_solver(lam):
    case = orthonormal_cases()
    gram, z = case["example"]
    # a design with exactly this Gram matrix and X^T y = z: X = R (Cholesky factor), y = R^-T z
    R = np.linalg.cholesky(gram).T
    y = np.linalg.solve(R.T, z)
    fit = rp.lasso(R, y, lam, tol=1e-15)
    valid = [np.asarray(coef(lam), dtype=float).ravel() for coef, cond in case["path_pieces"] if cond(lam)]
    assert len(valid) >= 1  # exactly one away from the breakpoints, two agreeing ones at a breakpoint
    for coef in valid:
        np.testing.assert_allclose(fit.coef, coef, atol=1e-8)
