"""Metamorphic properties and independent routes: transformations of the input with a known effect on the
answer, and a second algorithm (FISTA, tests/reference.py) that must land on the same point."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.linear_model import Lasso, Ridge

import regprior as rp
from tests.properties import prop
from tests.reference import fista, lasso_gap, objective
from tests.strategies import Problem, powers_of_ten, problems, well_posed_problems

PRIORS = [rp.GaussianPrior, rp.LaplacePrior]


def _lam(X, y, ratio):
    top = rp.lam_max(X, y)
    return ratio * top if top > 0 else 1.0


def _certified_close(X, y, a, b, gap, lam1, lam2=0.0):
    """Two candidate minimizers agree in objective within the certificate (their coefficients may differ when
    the minimizer is not unique, e.g. p > n for the lasso)."""
    return abs(objective(X, y, a, lam1, lam2) - objective(X, y, b, lam1, lam2)) <= gap + 1e-10 * (1 + y @ y)


@prop(r"The stacked data $([X; X], [y; y])$ at $2\lambda$ have the ridge and the lasso solutions of $(X, y)$ at "
      r"$\lambda$; scikit-learn's `Lasso` gives the same coefficients on both at the same `alpha` "
      r"$= \lambda/(2n)$, while its `Ridge` needs `alpha` doubled.",
      group="metamorphic", checks=("ridge", "lasso"), against="scikit-learn Lasso and Ridge")
@given(problem=well_posed_problems(), ratio=powers_of_ten(-2, -1))
def test_stacking_the_data_twice_doubles_the_canonical_strength(problem, ratio):
    """[X; X], [y; y] at 2 lambda has the same solution as X, y at lambda (the sum of squares doubles);
    scikit-learn's Lasso alpha, normalized by n, stays the same while its Ridge alpha doubles."""
    X, y = problem.X, problem.y
    lam = _lam(X, y, ratio)
    X2, y2 = np.vstack([X, X]), np.r_[y, y]
    np.testing.assert_allclose(rp.ridge(X2, y2, 2 * lam).coef, rp.ridge(X, y, lam).coef, rtol=1e-8, atol=1e-12)
    a, b = rp.lasso(X2, y2, 2 * lam, tol=1e-13), rp.lasso(X, y, lam, tol=1e-13)
    np.testing.assert_allclose(a.coef, b.coef, atol=1e-6 * (1 + np.abs(b.coef).max()))
    n = X.shape[0]
    sk = lambda XX, yy: Lasso(alpha=lam / (2 * n), fit_intercept=False, tol=1e-12, max_iter=100_000).fit(XX, yy).coef_
    np.testing.assert_allclose(sk(X2, y2), sk(X, y), atol=1e-6 * (1 + np.abs(b.coef).max()))
    rk = lambda XX, yy, alpha: Ridge(alpha=alpha, fit_intercept=False).fit(XX, yy).coef_
    np.testing.assert_allclose(rk(X2, y2, 2 * lam), rk(X, y, lam), rtol=1e-8, atol=1e-12)


@prop(r"Measuring $y$ in other units ($y \to cy$, with the noise sd and the prior scale multiplied by $c$, for $c$ "
      "from $10^{-2}$ to $10^2$) multiplies the MAP by $c$ under a Gaussian and under a Laplace prior; the "
      r"canonical $\lambda$ stays the same for the Gaussian prior and is multiplied by $c$ for the Laplace prior.",
      group="metamorphic",
      checks=("map_estimate", "GaussianPrior.penalty_strength", "LaplacePrior.penalty_strength"))
@pytest.mark.parametrize("prior_cls", PRIORS, ids=lambda c: c.__name__)
@given(problem=well_posed_problems(), scale=powers_of_ten(-1, 1), noise=powers_of_ten(-1, 0), c=powers_of_ten(-2, 2))
def test_changing_the_units_of_y_scales_the_map(prior_cls, problem, scale, noise, c):
    """Measure y in other units (y -> c y): the noise sd and the prior scale carry y's units, and the MAP
    scales by c. In canonical terms lambda is unchanged for ridge and multiplied by c for the lasso."""
    X, y = problem.X, problem.y
    base = rp.map_estimate(X, y, prior_cls(scale), noise, **({"tol": 1e-13} if prior_cls is rp.LaplacePrior else {}))
    scaled = rp.map_estimate(X, c * y, prior_cls(c * scale), c * noise,
                             **({"tol": 1e-13} if prior_cls is rp.LaplacePrior else {}))
    np.testing.assert_allclose(scaled, c * base, rtol=1e-6, atol=1e-9 * c * (1 + np.abs(base).max()))
    lam_ratio = prior_cls(c * scale).penalty_strength(c * noise) / prior_cls(scale).penalty_strength(noise)
    assert lam_ratio == pytest.approx(1.0 if prior_cls is rp.GaussianPrior else c, rel=1e-12)


@prop("Permuting the columns of $X$ permutes the ridge coefficients the same way; for the lasso, whose minimizer "
      "need not be unique, the coefficients fitted to the permuted columns, put back in order, have the objective "
      "of the original fit within the sum of the two duality gaps.",
      group="metamorphic", checks=("ridge", "lasso"))
@given(problem=problems(), ratio=powers_of_ten(-2, -1), data=st.data())
def test_permuting_columns_permutes_the_coefficients(problem, ratio, data):
    X, y = problem.X, problem.y
    perm = np.array(data.draw(st.permutations(range(X.shape[1]))))
    lam = _lam(X, y, ratio)
    np.testing.assert_allclose(rp.ridge(X[:, perm], y, lam).coef, rp.ridge(X, y, lam).coef[perm],
                               rtol=1e-8, atol=1e-10 * (1 + np.linalg.norm(y)))
    a, b = rp.lasso(X[:, perm], y, lam, tol=1e-12), rp.lasso(X, y, lam, tol=1e-12)
    assert _certified_close(X, y, a.coef[np.argsort(perm)], b.coef, a.gap + b.gap, lam)


@prop(r"Along a lasso path from $\lambda_{\max}$ down to $10^{-2}\lambda_{\max}$, "
      r"$\lVert\hat\beta(\lambda)\rVert_1$ does not decrease as $\lambda$ decreases beyond the slack "
      r"$(G_i + G_{i+1})/\lambda_{i+1}$ that the two points' duality gaps allow; along the ridge path at the same "
      r"$\lambda$, $\lVert\hat\beta(\lambda)\rVert_2$ does not decrease beyond rounding.",
      group="metamorphic", checks=("lasso_path", "ridge_path", "lam_max"))
@given(problem=problems(), n_lams=st.integers(3, 10))
def test_norms_shrink_monotonically_along_paths(problem, n_lams):
    """The penalty at the solution is non-increasing in the strength: ||b(lam)||_1 for the lasso and
    ||b(lam)||_2 for ridge (compare the objective at lam' > lam at the two solutions)."""
    X, y = problem.X, problem.y
    if rp.lam_max(X, y) == 0:
        return  # X^T y = 0: every solution is 0 and there is no path to order
    path = rp.lasso_path(X, y, n_lams=n_lams, lam_min_ratio=1e-2, tol=1e-12)
    l1 = np.abs(path.coefs).sum(axis=1)
    # Each point is within its gap of the optimum, which bounds how much its norm can be off.
    slack = (path.gaps[1:] + path.gaps[:-1]) / path.lams[1:] + 1e-9 * (1 + l1.max())
    assert np.all(np.diff(l1) >= -slack)
    ridge = rp.ridge_path(X, y, path.lams).coefs
    l2 = np.linalg.norm(ridge, axis=1)
    assert np.all(np.diff(l2) >= -1e-9 * (1 + l2.max()))


@prop("The elastic net by coordinate descent and by FISTA reach objectives that differ by at most the sum of "
      r"their duality gaps (FISTA's recomputed from scratch), for $\lambda_2 \in \{0, 0.5, 20\}$; for "
      r"$\lambda_2 > 0$, where the minimizer is unique, the coefficients agree within the strong-convexity radius "
      r"$2\sqrt{(G_{\mathrm{CD}} + G_{\mathrm{FISTA}})/\lambda_2}$.",
      group="routes", checks=("elastic_net",),
      against="FISTA (tests/reference.py), its gap recomputed by tests/reference.py")
@given(problem=problems(max_n=8, max_p=8), ratio=powers_of_ten(-2, -1), lam2=st.sampled_from([0.0, 0.5, 20.0]))
# two equal columns of squared norm 9e6 and lam2 = 0.5: coordinate descent crept toward equal coefficients
# (ratio 1 - 1e-7 per epoch) and ran out of epochs; the exact step on the support fixes it
@example(problem=Problem(np.array([[3000.0, 3000.0, 0.0, 0.0, 0.0, 0.0], [0.0] * 6, [0.0] * 6]),
                         np.array([1.0, 0.0, 0.0]), "duplicate_column"), ratio=0.1, lam2=0.5)
def test_coordinate_descent_and_fista_agree(problem, ratio, lam2):
    X, y = problem.X, problem.y
    lam1 = _lam(X, y, ratio)
    cd = rp.elastic_net(X, y, lam1, lam2, tol=1e-13)
    pg = fista(X, y, lam1, lam2)
    gap_pg = lasso_gap(X, y, pg, lam1, lam2)
    assert abs(cd.objective - objective(X, y, pg, lam1, lam2)) <= cd.gap + gap_pg + 1e-10 * (1 + y @ y)
    if lam2 > 0:  # strongly convex: the minimizer is unique and both must be close to it
        np.testing.assert_allclose(cd.coef, pg, atol=2 * np.sqrt((cd.gap + gap_pg + 1e-12 * (y @ y)) / lam2) + 1e-9)


@prop("The duality gap `elastic_net` reports is never above the gap recomputed from scratch with NumPy (beyond "
      r"$10^{-9}(1 + \lVert y\rVert^2)$), and for the lasso ($\lambda_2 = 0$) equals it to a relative $10^{-6}$; a "
      r"lasso fit reported as converged at $\mathrm{tol} = 10^{-9}$ has a recomputed gap of at most "
      r"$10^{-9}\lVert y\rVert^2$.",
      group="optimality", checks=("elastic_net",),
      against="the duality gap recomputed from scratch (tests/reference.py)")
@given(problem=problems(), ratio=powers_of_ten(-3, -1), lam2=st.sampled_from([0.0, 1.0]))
def test_reported_gap_matches_an_independent_recomputation(problem, ratio, lam2):
    X, y = problem.X, problem.y
    lam1 = _lam(X, y, ratio)
    result = rp.elastic_net(X, y, lam1, lam2, tol=1e-9)
    independent = lasso_gap(X, y, result.coef, lam1, lam2)
    # regprior may use a second, tighter dual point when lam2 > 0, so its gap can only be smaller.
    assert result.gap <= independent + 1e-9 * (1 + y @ y)
    if lam2 == 0:
        assert result.gap == pytest.approx(independent, rel=1e-6, abs=1e-9 * (1 + y @ y))
    assert independent <= 1e-9 * (y @ y) or not result.converged or lam2 > 0
