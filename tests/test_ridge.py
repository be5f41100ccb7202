"""Property 2: the ridge solution zeroes the gradient derived symbolically (and agrees with its other forms)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.strategies import powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import ridge_closed_forms, ridge_gradient


def _gradient(X, y, coef, lam):
    n, p = X.shape
    g = ridge_gradient()
    return np.array([g(X, y, coef, n, p, lam, k) for k in range(1, p + 1)])


@prop("The ridge solution is finite and zeroes the derived gradient of "
      r"$J = \lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert^2$ up to rounding: "
      r"$\max_k|\partial J/\partial\beta_k| \le 10^{-10}\bigl((\lVert X\rVert_F^2 + \lambda)\lVert\hat\beta\rVert "
      r"+ \lVert X\rVert_F\lVert y\rVert\bigr)$, for $\lambda$ from $10^{-3}$ to $10^3$.",
      group="optimality", evaluates=("ridge-solution:gradient",), checks=("ridge",))
@given(problem=problems(), lam=powers_of_ten(-3, 3))
def test_ridge_solution_zeroes_the_symbolic_gradient(problem, lam):
    X, y = problem.X, problem.y
    result = rp.ridge(X, y, lam)
    coef = result.coef
    grad = _gradient(X, y, coef, lam)
    # Backward-stable solvers leave a gradient of the size of rounding in the terms that cancel.
    norm_x = np.linalg.norm(X)
    scale = (norm_x**2 + lam) * np.linalg.norm(coef) + norm_x * np.linalg.norm(y)
    assert np.all(np.isfinite(coef))
    assert np.abs(grad).max() <= 1e-10 * scale, (result.method, np.abs(grad).max(), scale)


@prop(r"The ridge solution equals both closed forms the derivation records, $(X^\top X + \lambda I_p)^{-1}X^\top y$ "
      r"and (by the push-through identity) $X^\top(XX^\top + \lambda I_n)^{-1}y$, compiled from their SymPy "
      r"matrix expressions, within $10^{-9}\lVert X\rVert_F\lVert y\rVert/\lambda$.",
      group="routes", evaluates=("ridge-solution:solution", "ridge-solution:solution_dual"), checks=("ridge",),
      against=r"the derived $p \times p$ and $n \times n$ closed forms, evaluated by NumPy")
@given(problem=problems(), lam=powers_of_ten(-3, 3))
def test_ridge_primal_and_dual_forms_agree(problem, lam):
    """rp.ridge against the recorded solution and solution_dual of the ridge-solution derivation."""
    X, y = problem.X, problem.y
    forms = ridge_closed_forms()
    primal, dual = forms["solution"](X, y, lam), forms["dual"](X, y, lam)
    ours = rp.ridge(X, y, lam).coef
    scale = np.linalg.norm(X) * np.linalg.norm(y) / lam
    np.testing.assert_allclose(ours, primal, atol=1e-9 * scale)
    np.testing.assert_allclose(ours, dual, atol=1e-9 * scale)


@prop(r"Ridge reports `method='cholesky-dual'` (the $n \times n$ system) for a $5 \times 20$ design and "
      r"`method='cholesky'` (the $p \times p$ system) for a $20 \times 5$ one.",
      group="routes", checks=("ridge",))
def test_ridge_uses_the_n_by_n_system_when_p_exceeds_n():
    rng = np.random.default_rng(0)
    assert rp.ridge(rng.standard_normal((5, 20)), rng.standard_normal(5), 1.0).method == "cholesky-dual"
    assert rp.ridge(rng.standard_normal((20, 5)), rng.standard_normal(20), 1.0).method == "cholesky"


@prop(r"At $\lambda = 0$ ridge returns the least-squares solution of `numpy.linalg.lstsq` (relative $10^{-12}$) "
      "for a full-rank design, and raises `ValueError` ('full column rank') when two columns are equal.",
      group="inputs", checks=("ridge",), against="numpy.linalg.lstsq")
def test_ridge_with_zero_penalty_is_least_squares_and_refuses_rank_deficiency():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    np.testing.assert_allclose(rp.ridge(X, y, 0.0).coef, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12)
    X[:, 3] = X[:, 2]
    with pytest.raises(ValueError, match="full column rank"):
        rp.ridge(X, y, 0.0)


def _singular_design(rng, shape):
    """A design whose smaller Gram system is singular to working precision at lam = 1e-20: a duplicated column when
    n > p, a duplicated row when p > n, scaled so that lam is far below ||X||^2 * eps."""
    X = rng.standard_normal(shape)
    return (np.column_stack([X, X[:, 0]]) if shape[0] > shape[1] else np.vstack([X, X[0]])) * 1e8


@prop(r"The equilibrated Cholesky solver behind `gaussian_posterior` solves $Ax = b$ for a symmetric positive "
      r"definite $A$ given as integers, floats or nested lists, for a vector and a matrix $b$ (relative $10^{-14}$ "
      r"against `numpy.linalg.solve`), without changing the caller's $A$, and is None for an $A$ singular after "
      r"equilibration (rank one).",
      group="routes", checks="gaussian_posterior", against="numpy.linalg.solve")
def test_equilibrated_solver_takes_any_numeric_matrix_and_leaves_it():
    from regprior.solvers.direct import equilibrated_solver

    A = np.array([[4, 2, 0], [2, 3, 1], [0, 1, 5]])
    b, B = np.array([1.0, 2.0, -1.0]), np.arange(6.0).reshape(3, 2)
    floats = A.astype(float)
    for matrix in (A, A.tolist(), floats):
        solve = equilibrated_solver(matrix)
        np.testing.assert_allclose(solve(b), np.linalg.solve(A, b), rtol=1e-14)
        np.testing.assert_allclose(solve(B), np.linalg.solve(A, B), rtol=1e-14)
    for kept in (A, floats):
        np.testing.assert_array_equal(kept, [[4, 2, 0], [2, 3, 1], [0, 1, 5]])
    assert A.dtype.kind == "i"
    assert equilibrated_solver(np.ones((3, 3))) is None


@prop(r"When $X^\top X + \lambda I$ is singular to working precision ($\lambda$ far below the rounding of "
      r"$\lVert X\rVert^2$, with a duplicated column, or row when $p > n$), ridge says so by its route, "
      r"`method='svd'`, and returns $V\,\mathrm{diag}(s/(s^2 + \lambda))\,U^\top y$ over the singular values above "
      r"rounding: the vector least squares finds on the augmented data $[X; \sqrt\lambda I]$, $[y; 0]$, with the same "
      r"objective to rounding, for $n > p$ and $p > n$.",
      group="routes", checks="ridge", against="numpy.linalg.lstsq on the augmented data")
@pytest.mark.parametrize("shape", [(6, 3), (3, 6)])
@pytest.mark.parametrize("seed", range(4))
def test_ridge_falls_back_to_the_svd_when_the_system_is_singular(shape, seed):
    rng = np.random.default_rng(seed)
    X = _singular_design(rng, shape)
    y = rng.standard_normal(X.shape[0])
    lam = 1e-20
    fit = rp.ridge(X, y, lam)
    assert fit.method == "svd"
    p = X.shape[1]
    augmented = np.linalg.lstsq(np.vstack([X, np.sqrt(lam) * np.eye(p)]), np.r_[y, np.zeros(p)], rcond=None)[0]
    np.testing.assert_allclose(fit.coef, augmented, rtol=1e-6, atol=1e-9 * np.abs(augmented).max())
    objective = lambda b: (y - X @ b) @ (y - X @ b) + lam * b @ b  # noqa: E731
    assert objective(fit.coef) == pytest.approx(objective(augmented), rel=1e-9, abs=1e-12 * (y @ y))


@prop(r"Every ridge result reports the strength it was given (a number or one per coefficient), the objective "
      r"$\lVert y - X\hat\beta\rVert^2 + \sum_j\lambda_j\hat\beta_j^2$ at its solution (the residual sum of squares "
      r"alone at $\lambda = 0$), and the route taken: `cholesky` ($n \ge p$), `cholesky-dual` ($p > n$), "
      r"`least-squares` ($\lambda = 0$) or `cholesky-penalty` (per-coefficient strengths with a zero; without one "
      r"the problem is whitened into plain ridge, `cholesky`).",
      group="optimality", checks="ridge")
@given(problem=well_posed_problems(), lam=powers_of_ten(-2, 2), data=st.data())
def test_ridge_result_fields(problem, lam, data):
    X, y = problem.X, problem.y
    p = X.shape[1]
    per = np.array(data.draw(st.lists(powers_of_ten(-2, 2), min_size=p, max_size=p)))
    with_zero = per.copy()
    with_zero[0] = 0.0
    for strength, method in ((lam, "cholesky"), (per, "cholesky"), (0.0, "least-squares"),
                             (with_zero, "cholesky-penalty")):
        fit = rp.ridge(X, y, strength)
        r = y - X @ fit.coef
        expected = r @ r + np.sum(np.broadcast_to(strength, (p,)) * fit.coef**2)
        assert fit.objective == pytest.approx(expected, rel=1e-10, abs=1e-12 * (1 + y @ y))
        np.testing.assert_array_equal(fit.lam, strength)
        assert fit.method == method
    wide = X.T  # p rows, n > p columns
    assert rp.ridge(wide, y[:p], lam).method == "cholesky-dual"



@prop(r"When the system is singular to working precision and one column dominates the others (norm above $10^3$ "
      r"times their median: a duplicated column, or row when $p > n$, plus a column $10^5$ times as large), ridge "
      r"takes the SVD route with that column eliminated first and returns the exact minimizer, computed by mpmath "
      r"at 80 digits from the normal equations, to a relative $10^{-8}$ (the SVD alone, whose rounding level would "
      r"be the dominant column's, does not resolve the others).",
      group="routes", checks="ridge", against="mpmath at 80 digits")
@pytest.mark.parametrize("shape", [(8, 3), (3, 8)])
@pytest.mark.parametrize("seed", range(3))
def test_ridge_eliminates_a_dominant_column_in_the_svd_fallback(shape, seed):
    rng = np.random.default_rng(seed)
    X = _singular_design(rng, shape)
    X = np.column_stack([X, 1e5 * X[:, 1] + 1e8 * rng.standard_normal(X.shape[0])])
    y = rng.standard_normal(X.shape[0])
    lam = 1e-20
    fit = rp.ridge(X, y, lam)
    assert fit.method == "svd"
    exact = _exact_ridge(X, y, lam, digits=80)
    np.testing.assert_allclose(fit.coef, exact, rtol=0, atol=1e-8 * np.abs(exact).max())


@prop(r"`ridge_path` on columns in very different units (one $10^5$ times the others, solved strength by strength) "
      r"with an intercept gives at every strength the coefficients and intercept `ridge` gives (relative "
      r"$10^{-10}$), echoes its strengths, and keeps a DataFrame's column names, as on the eigendecomposition route.",
      group="routes", checks=("ridge_path", "ridge"))
@pytest.mark.parametrize("spread", [1.0, 1e5])
def test_ridge_path_with_an_intercept_on_either_route(spread):
    import pandas as pd

    rng = np.random.default_rng(5)
    X = pd.DataFrame(rng.standard_normal((30, 3)) * [1.0, spread, 1.0], columns=["a", "b", "c"])
    y = 3.0 + X.to_numpy() @ np.array([1.0, 1.0 / spread, -1.0]) + rng.standard_normal(30)
    lams = [0.1, 1.0, 10.0]
    path = rp.ridge_path(X, y, lams, fit_intercept=True)
    np.testing.assert_array_equal(path.lams, lams)
    for k, lam in enumerate(lams):
        fit = rp.ridge(X, y, lam, fit_intercept=True)
        np.testing.assert_allclose(path.coefs[k], fit.coef, rtol=1e-10)
        assert path.intercepts[k] == pytest.approx(fit.intercept, rel=1e-10)
    assert list(path.summary().columns[-3:]) == ["a", "b", "c"]


@prop(r"`ridge_path`, which works from the eigendecomposition of $X^\top X$ (eigenvalues resolved only to "
      r"$\sqrt\epsilon$ of the largest singular value), refuses $\lambda = 0$ with a whole message when a column is "
      r"a duplicate of another or differs from it by $10^{-9}$: least squares is not determined to working precision "
      r"there, although an SVD of X would still count that direction; likewise when a column is zero.",
      group="routes", checks="ridge_path")
@pytest.mark.parametrize("offset", [0.0, 1e-9, None])
def test_ridge_path_judges_the_rank_at_the_gram_matrix_resolution(offset):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((10, 3))
    X = np.column_stack([X, np.zeros(10) if offset is None else X[:, 0] + offset * rng.standard_normal(10)])
    with pytest.raises(ValueError) as info:
        rp.ridge_path(X, rng.standard_normal(10), [0.0, 1.0])
    assert str(info.value) == ("lams contains 0 but X does not have full column rank, so least squares has no unique "
                               "solution; use strengths > 0")


def _exact_ridge(X, y, lam, digits=60):
    """The ridge minimizer of the float data X, y, from the normal equations in mpmath."""
    import mpmath

    with mpmath.workdps(digits):
        A, b = mpmath.matrix(X.tolist()), mpmath.matrix(y.tolist())
        exact = mpmath.lu_solve(A.T * A + mpmath.mpf(lam) * mpmath.eye(X.shape[1]), A.T * b)
        return np.array([float(value) for value in exact])


@prop(r"`ridge_path` on columns of norms below 1 that differ by a factor $10^4$, the small one nearly parallel to a "
      r"large one, returns at $\lambda = 10^{-16}$ and $10^{-12}$ the exact minimizer (mpmath at 60 digits from the "
      r"normal equations) to $10^{-8}$ of its largest entry: such a spread of scales is solved strength by strength, "
      r"since an eigendecomposition of $X^\top X$ would lose the small column's direction.",
      group="routes", checks="ridge_path", against="mpmath at 60 digits")
@pytest.mark.parametrize("seed", range(2))
def test_ridge_path_resolves_small_columns_of_very_different_norms(seed):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((20, 3))
    X = 0.01 * np.column_stack([Z[:, 0], Z[:, 1], 1e-4 * (Z[:, 0] + 1e-3 * Z[:, 2])])
    y = rng.standard_normal(20)
    lams = [1e-16, 1e-12]
    path = rp.ridge_path(X, y, lams)
    for k, lam in enumerate(lams):
        exact = _exact_ridge(X, y, lam)
        np.testing.assert_allclose(path.coefs[k], exact, rtol=0, atol=1e-8 * np.abs(exact).max())


@prop(r"`ridge_path` on a design whose squares underflow float64 (X times $c = 2^{-530}$, strengths $2^{-3}$, 1 and "
      r"$2^3$ times $c^2$) returns the path of the unscaled problem divided by $c$ (relative $10^{-12}$): "
      r"$\hat\beta(cX, c^2\lambda) = \hat\beta(X, \lambda)/c$.",
      group="metamorphic", checks="ridge_path")
def test_ridge_path_is_equivariant_under_a_tiny_scale_of_the_design():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((15, 4)), rng.standard_normal(15)
    c = 2.0**-530
    lams = np.array([0.125, 1.0, 8.0])
    path, scaled = rp.ridge_path(X, y, lams), rp.ridge_path(c * X, y, c * c * lams)
    np.testing.assert_allclose(scaled.coefs * c, path.coefs, rtol=1e-12)
    np.testing.assert_array_equal(scaled.lams, c * c * lams)


@prop(r"With a direction of singular value $10^{-10}$ (two columns differing by $10^{-10}$ times a third vector, one "
      r"of them duplicated, so the system is singular to working precision at $\lambda = 10^{-20}$) and a column 1500 "
      r"times as large, ridge takes the SVD route with that column eliminated first and returns every coefficient of "
      r"the exact minimizer (mpmath at 80 digits from the normal equations) to a relative $10^{-4}$, both the "
      r"$10^{9}$-sized ones along the small direction, where $s^2$ and $\lambda$ are comparable, and the dominant "
      r"column's.", group="routes", checks="ridge", against="mpmath at 80 digits")
@pytest.mark.parametrize("seed", range(2))
def test_ridge_svd_fallback_resolves_a_direction_near_the_strength(seed):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((8, 3))
    x1 = Z[:, 0]
    X = np.column_stack([x1, x1 + 1e-10 * Z[:, 1], x1, 1500 * (x1 + Z[:, 2])])
    y = rng.standard_normal(8)
    fit = rp.ridge(X, y, 1e-20)
    assert fit.method == "svd"
    np.testing.assert_allclose(fit.coef, _exact_ridge(X, y, 1e-20, digits=80), rtol=1e-4)


@prop(r"With three columns 4096 times larger than the others (two of them exactly 4096 times one of the others, the "
      r"third with a part outside their span), a duplicated column and $\lambda = 10^{-20}$, ridge takes the SVD "
      r"route, eliminates the large columns first and returns every coefficient of the exact minimizer (mpmath at 80 "
      r"digits from the normal equations) to a relative $10^{-6}$, including how the fit along a large column is "
      r"shared with the small column it is a multiple of (the minimum-norm split, set by the penalty).",
      group="routes", checks="ridge", against="mpmath at 80 digits")
@pytest.mark.parametrize("seed", range(2))
def test_ridge_svd_fallback_splits_a_multiple_column_as_the_exact_minimizer(seed):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((8, 5))
    X = np.column_stack([Z[:, 0], Z[:, 0], Z[:, 1], Z[:, 2], Z[:, 3], 4096 * Z[:, 1], 4096 * Z[:, 2], 4096 * Z[:, 4]])
    y = rng.standard_normal(8)
    fit = rp.ridge(X, y, 1e-20)
    assert fit.method == "svd"
    np.testing.assert_allclose(fit.coef, _exact_ridge(X, y, 1e-20, digits=80), rtol=1e-6)


@prop(r"With a column $10^{10}$ times larger than the others, one 4096 times larger with a part outside the others' "
      r"span of only $10^{-7}$ times a unit-variance vector (above its own rounding level, below that of the largest "
      r"column), a duplicated column and $\lambda = 10^{-20}$, ridge's SVD route reaches the exact minimum of $J$ "
      r"(mpmath at 80 digits) to a relative $10^{-9}$: a small genuine part of a column is kept, not taken for "
      r"rounding.", group="routes", checks="ridge", against="mpmath at 80 digits")
@pytest.mark.parametrize("seed", range(2))
def test_ridge_svd_fallback_keeps_a_small_part_outside_the_span(seed):
    import mpmath

    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((12, 9))
    small = np.column_stack([Z[:, 0], Z[:, 1], Z[:, 0], Z[:, 4], Z[:, 5], Z[:, 6], Z[:, 7]])
    X = np.column_stack([small, 4096 * Z[:, 1], 4096 * Z[:, 4] + 1e-7 * Z[:, 2], 1e10 * Z[:, 3]])
    y = rng.standard_normal(12)
    lam = 1e-20
    fit = rp.ridge(X, y, lam)
    assert fit.method == "svd"

    def objective(coef):
        with mpmath.workdps(80):
            r = mpmath.matrix(y.tolist()) - mpmath.matrix(X.tolist()) * mpmath.matrix(coef.tolist())
            return (r.T * r)[0] + mpmath.mpf(lam) * sum(mpmath.mpf(c) ** 2 for c in coef)

    best = objective(_exact_ridge(X, y, lam, digits=80))
    assert float((objective(fit.coef) - best) / best) <= 1e-9


@prop(r"The direct solver takes least squares with a ridge penalty, for a dense or a sparse X, and with a full "
      r"penalty matrix for a dense X; it declines, with its reason quoted by `select_solver`, a penalty with neither "
      r"(an L1 penalty: not quadratic) and a full penalty matrix for a sparse X.",
      group="routes", checks=("ridge", "generalized_ridge"))
def test_direct_solver_takes_quadratic_penalties_only():
    import scipy.sparse as sps

    from regprior.datafits.quadratic import Quadratic
    from regprior.penalties import L1, L2, QuadraticForm
    from regprior.solvers import select_solver
    from regprior.solvers.direct import Direct

    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((6, 3)), rng.standard_normal(6)
    dense, sparse = Quadratic(X, y), Quadratic(sps.csc_matrix(X), y)
    for datafit, penalty in ((dense, L2(1.0)), (sparse, L2(1.0)), (dense, QuadraticForm(np.eye(3)))):
        assert isinstance(select_solver(datafit, penalty, solvers=(Direct(),)), Direct)
    for datafit, penalty, reason in (
            (dense, L1(1.0), "the penalty is not quadratic (no ridge_strength or penalty_matrix)"),
            (sparse, L1(1.0), "the penalty is not quadratic (no ridge_strength or penalty_matrix)"),
            (sparse, QuadraticForm(np.eye(3)),
             "a sparse X takes a ridge penalty (one strength per coefficient), not a full penalty matrix")):
        with pytest.raises(TypeError) as info:
            select_solver(datafit, penalty, solvers=(Direct(),))
        assert str(info.value) == (f"no solver minimizes Quadratic + {type(penalty).__name__}:\n"
                                   f"  direct (Cholesky): {reason}")


@prop(r"The columns eliminated first are exactly those whose norm is above $10^3$ times the median norm of the "
      r"nonzero columns: zero columns do not count in the median (four of them beside three of norm 1 flag none; "
      r"three of norm 0.1 make one of norm 200 dominant), a norm of exactly $10^3$ times the median is not above it, "
      r"and an all-zero X has none, without a floating-point warning.",
      group="routes", checks="ridge")
def test_dominant_columns_are_measured_against_the_nonzero_median():
    from regprior.solvers.direct import dominant_columns

    def with_norms(*norms):  # columns along distinct axes, so each norm is exact
        return np.diag(np.asarray(norms, dtype=float))

    cases = [((0, 0, 0, 0, 1, 1, 1), [False] * 7), ((0.1, 0.1, 0.1, 200), [False, False, False, True]),
             ((1, 1, 1000), [False, False, False]), ((1, 1, 1001), [False, False, True]),
             ((0, 1, 1, 2e3), [False, False, False, True])]
    for norms, expected in cases:
        assert dominant_columns(with_norms(*norms)).tolist() == expected, norms
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dominant_columns(np.zeros((3, 4))).tolist() == [False] * 4


@prop(r"With more columns than rows and one or two columns $10^5$ times the others (norm above $10^3$ times their "
      r"median), ridge solves the $n \times n$ dual system with those columns eliminated first and returns the exact "
      r"minimizer, computed by mpmath at 80 digits from the normal equations, to $10^{-9}$ of its largest coefficient, "
      r"and each of the other columns' coefficients to a relative $10^{-7}$.",
      group="routes", checks="ridge", against="mpmath at 80 digits")
@pytest.mark.parametrize("dominant", [[4], [1, 5]])
@pytest.mark.parametrize("lam", [1e-3, 1.0, 1e3])
def test_ridge_eliminates_dominant_columns_in_the_dual_system(dominant, lam):
    rng = np.random.default_rng(len(dominant))
    X = rng.standard_normal((4, 7))
    X[:, dominant] *= 1e5
    y = rng.standard_normal(4)
    fit = rp.ridge(X, y, lam)
    assert fit.method == "cholesky-dual"
    exact = _exact_ridge(X, y, lam, digits=80)
    np.testing.assert_allclose(fit.coef, exact, rtol=0, atol=1e-9 * np.abs(exact).max())
    small = np.setdiff1d(np.arange(7), dominant)
    np.testing.assert_allclose(fit.coef[small], exact[small], rtol=1e-7)
