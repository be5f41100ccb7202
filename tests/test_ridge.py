"""Property 2: the ridge solution zeroes the gradient derived symbolically (and agrees with its other forms)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

import regprior as rp
from tests.strategies import powers_of_ten, problems
from tests.symbolic_cases import ridge_gradient


def _gradient(X, y, coef, lam):
    n, p = X.shape
    g = ridge_gradient()
    return np.array([g(X, y, coef, n, p, lam, k) for k in range(1, p + 1)])


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


@given(problem=problems(), lam=powers_of_ten(-3, 3))
def test_ridge_primal_and_dual_forms_agree(problem, lam):
    """(X^T X + lam I)^-1 X^T y == X^T (X X^T + lam I)^-1 y, the push-through identity derived symbolically."""
    X, y = problem.X, problem.y
    n, p = X.shape
    primal = np.linalg.solve(X.T @ X + lam * np.eye(p), X.T @ y)
    dual = X.T @ np.linalg.solve(X @ X.T + lam * np.eye(n), y)
    ours = rp.ridge(X, y, lam).coef
    scale = np.linalg.norm(X) * np.linalg.norm(y) / lam
    np.testing.assert_allclose(ours, primal, atol=1e-9 * scale)
    np.testing.assert_allclose(ours, dual, atol=1e-9 * scale)


def test_ridge_uses_the_n_by_n_system_when_p_exceeds_n():
    rng = np.random.default_rng(0)
    assert rp.ridge(rng.standard_normal((5, 20)), rng.standard_normal(5), 1.0).method == "cholesky-dual"
    assert rp.ridge(rng.standard_normal((20, 5)), rng.standard_normal(20), 1.0).method == "cholesky"


def test_ridge_with_zero_penalty_is_least_squares_and_refuses_rank_deficiency():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    np.testing.assert_allclose(rp.ridge(X, y, 0.0).coef, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12)
    X[:, 3] = X[:, 2]
    with pytest.raises(ValueError, match="full column rank"):
        rp.ridge(X, y, 0.0)
