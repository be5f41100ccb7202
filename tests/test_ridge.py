"""Property 2: the ridge solution zeroes the gradient derived symbolically (and agrees with its other forms)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

import regprior as rp
from tests.properties import prop
from tests.strategies import powers_of_ten, problems
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
