"""Numeric checks for claims of the source material that no other test covered (see docs/coverage.md).

Each test names the IDs it answers from the claim register (``catalogue/claims.toml``). The checks use
regprior's solvers and posteriors, the derived coordinate update (compiled, not retyped), and the seeded data
behind the site's degree-15 polynomial figure.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from derivations import lasso_coordinate
from figures import polynomial
from tests.properties import prop
from tests.strategies import coefficient_vectors, powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import orthonormal_cases


# -- S2-2: sequential updating equals batch updating ---------------------------------------------------------


@prop("Updating a Gaussian posterior in two batches, with the posterior of the first batch as the prior of the "
      "second, gives the posterior of all the data at once: the same mean and covariance (claim S2-2).",
      group="metamorphic", checks=("gaussian_posterior", "MultivariateGaussianPrior"))
@given(problem=problems(min_n=2, max_n=10, max_p=5, x_scales=(-1, 1), y_scales=(-1, 1)), noise=powers_of_ten(-1, 1),
       scale=powers_of_ten(-1, 1), data=st.data())
def test_sequential_updating_equals_batch_updating(problem, noise, scale, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    split = data.draw(st.integers(1, n - 1), label="split")
    theta0 = np.array(data.draw(st.lists(st.floats(-2, 2), min_size=p, max_size=p), label="prior mean"))
    prior = rp.GaussianPrior(scale, mean=theta0)
    first = rp.gaussian_posterior(X[:split], y[:split], prior, noise)
    second = rp.gaussian_posterior(X[split:], y[split:], rp.MultivariateGaussianPrior(first.cov, mean=first.mean),
                                   noise)
    batch = rp.gaussian_posterior(X, y, prior, noise)
    # rounding in a solve with the posterior precision H grows with its condition number
    precision = X.T @ X / noise**2 + np.eye(p) / scale**2
    slack = 1e-10 * np.linalg.cond(precision)
    np.testing.assert_allclose(second.cov, batch.cov, rtol=0, atol=slack * np.abs(batch.cov).max())
    np.testing.assert_allclose(second.mean, batch.mean, rtol=0,
                               atol=slack * (1 + np.abs(batch.mean).max() + np.abs(theta0).max()))


# -- S2-15: with more data the MAP moves from the prior mean to least squares --------------------------------


@prop(r"As the same data are observed $k = 1, 2, 4, \dots, 256$ times, the MAP under a fixed Gaussian prior "
      "approaches the least-squares estimate: its distance from it never grows and is at most "
      r"$\lambda/(k d_{\min} + \lambda)$ times the distance between least squares and the prior mean, with "
      r"$d_{\min}$ the smallest eigenvalue of $X^\top X$ (claim S2-15).",
      group="metamorphic", checks=("map_estimate", "ridge", "GaussianPrior"))
@given(problem=well_posed_problems(max_p=4), noise=powers_of_ten(-1, 0), scale=powers_of_ten(-1, 1), data=st.data())
def test_map_moves_from_the_prior_mean_to_least_squares_as_data_accumulate(problem, noise, scale, data):
    X, y = problem.X, problem.y
    p = X.shape[1]
    theta0 = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=p, max_size=p), label="prior mean"))
    prior = rp.GaussianPrior(scale, mean=theta0)
    lam = prior.penalty_strength(noise)
    least_squares = rp.ridge(X, y, 0.0).coef
    d_min = np.linalg.eigvalsh(X.T @ X).min()
    start = np.linalg.norm(least_squares - theta0)
    rounding = 1e-9 * (1 + np.linalg.norm(least_squares) + np.linalg.norm(theta0))
    distances = []
    for k in 2 ** np.arange(9):
        coef = rp.map_estimate(np.tile(X, (k, 1)), np.tile(y, k), prior, noise)
        distances.append(np.linalg.norm(coef - least_squares))
        assert distances[-1] <= lam / (k * d_min + lam) * start + rounding
    assert all(later <= earlier + rounding for earlier, later in zip(distances, distances[1:]))


# -- S2-1: a credible interval that means what it says --------------------------------------------------------


@prop("A 90% credible interval for a normal mean (the conjugate Gaussian posterior of one coefficient on a "
      "column of ones) contains the true mean in 90% of data sets drawn from the prior and the model, within "
      "four binomial standard errors over 4000 seeded draws (claims S2-1, S0-33).",
      group="routes", checks=("gaussian_posterior", "GaussianPrior"), against="simulation from the prior")
def test_credible_interval_of_a_normal_mean_is_calibrated():
    rng = np.random.default_rng(20)
    prior = rp.GaussianPrior(1.0, mean=175.0)  # a population mean believed to lie around 173-177
    noise, n, draws, level = 7.0, 20, 4000, 0.9
    X = np.ones((n, 1))
    truths = 175.0 + rng.standard_normal(draws)
    inside = 0
    for truth in truths:
        y = truth + noise * rng.standard_normal(n)
        lo, hi = rp.gaussian_posterior(X, y, prior, noise).credible_interval(level)
        inside += bool(lo[0] <= truth <= hi[0])
    se = np.sqrt(level * (1 - level) / draws)
    assert abs(inside / draws - level) <= 4 * se


# -- S1-13, S1-20, S1-21: cyclic coordinate descent with the derived update -----------------------------------


@lru_cache(maxsize=None)
def _derived_update():
    """(a, lam, q) -> the exact minimizer over one coefficient, compiled from the coordinate-descent page."""
    res = lasso_coordinate.derivation().results
    return sp.lambdify(list(res["soft_threshold_symbols"]), res["update"])


def _objective(X, y, coef, lam):
    r = y - X @ coef
    return float(r @ r + lam * np.abs(coef).sum())


def _sweep(X, y, coef, lam, update):
    """One cyclic pass of exact coordinate minimization; returns the objective after every move."""
    values = []
    for k in range(X.shape[1]):
        q = X[:, k] @ X[:, k]
        if q == 0.0:  # a zero column: its coefficient does not change the objective
            continue
        a = X[:, k] @ (y - X @ coef) + q * coef[k]
        coef[k] = float(update(a, lam, q))
        values.append(_objective(X, y, coef, lam))
    return values


@prop("Cyclic coordinate descent with the derived update never increases the lasso objective, and each move "
      "lands on the minimizer along its coordinate: nudging the moved coefficient either way does not lower "
      "$J$ (claims S1-13, S1-20).",
      group="optimality", evaluates="lasso-coordinate:update")
@given(problem=problems(max_n=8, max_p=4), ratio=powers_of_ten(-3, -1), data=st.data())
def test_coordinate_moves_are_exact_minimizations_and_never_increase_the_objective(problem, ratio, data):
    X, y = problem.X, problem.y
    p = X.shape[1]
    lam = ratio * rp.lam_max(X, y) or 1.0
    coef = data.draw(coefficient_vectors(p), label="start") * data.draw(powers_of_ten(-3, 0), label="start scale")
    update = _derived_update()
    before = _objective(X, y, coef, lam)
    for _ in range(5):
        for k in range(p):
            q = X[:, k] @ X[:, k]
            if q == 0.0:
                continue
            a = X[:, k] @ (y - X @ coef) + q * coef[k]
            coef[k] = float(update(a, lam, q))
            after = _objective(X, y, coef, lam)
            rounding = 1e-12 * (before + q * coef[k] ** 2 + 1e-300)
            assert after <= before + rounding
            for step in (1e-6, 1e-3):
                delta = step * (abs(coef[k]) + abs(a) / q)
                for sign in (1.0, -1.0):
                    moved = coef.copy()
                    moved[k] += sign * delta
                    assert _objective(X, y, moved, lam) >= after - rounding
            before = after


def _worked_example():
    """Two correlated features with true coefficients (1, 2), like the tutorial's example; lambda = 1 in its
    halved convention, which is lambda = 2 in the canonical one."""
    rng = np.random.default_rng(21)
    z = rng.standard_normal((100, 2))
    X = np.column_stack([z[:, 0], 0.5 * z[:, 0] + np.sqrt(0.75) * z[:, 1]])
    return X, X @ np.array([1.0, 2.0]) + 0.5 * rng.standard_normal(100), 2.0


@prop(r"On a two-feature example (correlation 0.5, 100 rows, canonical $\lambda = 2$) cyclic coordinate descent "
      "with the derived update decreases the objective monotonically and reaches the solution of "
      r"{func}`~regprior.lasso` within 20 sweeps; the update without the division by $\lVert x_k\rVert^2$ moves "
      "away from it (claims S1-21, S1-20).",
      group="optimality", evaluates=("lasso-coordinate:update", "orthonormal-design:wrong_one_column_no_division"),
      checks="lasso")
def test_worked_two_feature_example_converges_in_a_few_sweeps():
    X, y, lam = _worked_example()
    solution = rp.lasso(X, y, lam, tol=1e-15).coef
    update = _derived_update()
    coef, values, sweeps = np.zeros(2), [_objective(X, y, np.zeros(2), lam)], 0
    while np.abs(coef - solution).max() > 1e-9:
        values += _sweep(X, y, coef, lam, update)
        sweeps += 1
        assert sweeps <= 20, (coef, solution)
    assert all(b <= a * (1 + 1e-14) for a, b in zip(values, values[1:]))
    # the compact form without the division (E17) on these unnormalized columns (norm^2 about 100)
    wrong = orthonormal_cases()["wrong_one_column"]
    coef = np.zeros(2)
    for _ in range(20):
        _sweep(X, y, coef, lam, lambda a, lam_, q: wrong(a, q, lam_))
    assert not np.isfinite(coef).all() or np.abs(coef - solution).max() > 10


# -- S1-1, S1-2, S1-3, S1-7: the degree-15 polynomial of the introduction -------------------------------------

GRID = np.linspace(0.0, 1.0, 2001)


def _fit(basis, lam):
    """Fitted values on the data and on GRID, and the coefficients, with an unpenalized intercept."""
    x, y = polynomial.data()
    fit = rp.ridge(basis(x), y, lam, fit_intercept=True)
    return basis(x) @ fit.coef + fit.intercept, basis(GRID) @ fit.coef + fit.intercept, fit.coef


@prop("The polynomial example's data are regenerated identically from their seed: 30 sorted points in "
      r"$(0, 1)$ scattered around $\cos(1.5\pi x)$ with a residual standard deviation near the stated 0.1 "
      "(claim S1-1).", group="machinery")
def test_polynomial_example_data_are_seeded():
    (x, y), (x2, y2) = polynomial.data(), polynomial.data()
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    assert x.shape == y.shape == (30,) and np.all(np.diff(x) > 0) and 0 < x[0] and x[-1] < 1
    assert 0.05 < np.std(y - np.cos(1.5 * np.pi * x)) < 0.15


@prop(r"Degree-15 least squares on the 30 points fits them more closely than ridge at $\lambda = 10^{-3}$ but "
      "strays more than ten times as far from the true curve between them, is over a hundred times rougher "
      "(mean squared second difference) and has coefficients a thousand times larger; along "
      r"$\lambda = 10^{-8}, \dots, 10^{2}$ the coefficient norm shrinks and the training error grows "
      "(claims S1-2, S1-7).", group="routes", checks="ridge")
def test_degree_15_least_squares_overfits_and_ridge_generalizes():
    x, y = polynomial.data()
    truth = np.cos(1.5 * np.pi * GRID)
    (ls_data, ls_grid, ls_coef), (rg_data, rg_grid, rg_coef) = (_fit(polynomial.monomials, lam)
                                                                for lam in (0.0, polynomial.LAM))
    roughness = lambda f: np.mean(np.diff(f, 2) ** 2)
    assert np.sum((ls_data - y) ** 2) < np.sum((rg_data - y) ** 2)
    assert np.abs(ls_grid - truth).max() > 10 * np.abs(rg_grid - truth).max()
    assert roughness(ls_grid) > 100 * roughness(rg_grid)
    assert np.linalg.norm(ls_coef) > 1e3 * np.linalg.norm(rg_coef)
    norms, errors = [], []
    for lam in np.geomspace(1e-8, 1e2, 11):
        fitted, _, coef = _fit(polynomial.monomials, lam)
        norms.append(np.linalg.norm(coef))
        errors.append(np.sum((fitted - y) ** 2))
    assert all(b <= a * (1 + 1e-9) for a, b in zip(norms, norms[1:]))
    assert all(b >= a * (1 - 1e-9) for a, b in zip(errors, errors[1:]))


@prop("The huge degree-15 least-squares coefficients are a property of the monomial basis, not of the fit: "
      "the centred monomial design has a condition number above $10^{11}$ and coefficients above $10^{9}$, the "
      "Legendre design below $10^{4}$ and 100, and both give the same fitted curve (claim S1-3).",
      group="metamorphic", checks="ridge")
def test_huge_polynomial_coefficients_come_from_the_basis_not_the_fit():
    x, _ = polynomial.data()
    condition = {name: np.linalg.cond(basis(x) - basis(x).mean(axis=0)) for name, basis in polynomial.BASES.items()}
    (mono_data, mono_grid, mono_coef) = _fit(polynomial.monomials, 0.0)
    (leg_data, leg_grid, leg_coef) = _fit(polynomial.legendres, 0.0)
    assert condition["monomials"] > 1e11 and condition["Legendre"] < 1e4
    assert np.abs(mono_coef).max() > 1e9 and np.abs(leg_coef).max() < 100
    np.testing.assert_allclose(mono_data, leg_data, atol=1e-4)
    assert np.abs(mono_grid - leg_grid).max() <= 1e-4 * np.abs(leg_grid).max()
