"""The lasso engine's support reduction, tested against its own contract.

Coordinate descent can only creep along a direction d with X_S d = 0 (S the support): the fit does not change
and the L1 penalty changes linearly. ``_Engine.reduce_support`` takes such steps exactly, each until a
coefficient reaches 0, until X_S has full column rank (or the penalty is flat along what is left). The lasso's
answers do not depend on it (its gap is certified either way), which is why it is tested on its own here.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from regprior.datafits.quadratic import prepare
from regprior.solvers.coordinate_descent import _Engine
from tests.properties import prop
from tests.strategies import powers_of_ten


@st.composite
def rank_deficient_supports(draw):
    """A design whose first k columns have rank r < k, a few more columns, and coefficients nonzero on the first k.

    The penalty weights are drawn continuously, so a penalty that is flat along a null direction (which needs
    the weighted signs to lie in the row space of X_S) has probability zero.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(2, 8))
    r = draw(st.integers(1, min(n, 4)))
    k = draw(st.integers(r + 1, r + 4))
    extra = draw(st.integers(0, 3))
    scale = draw(powers_of_ten(-1, 1))
    X = np.column_stack([rng.standard_normal((n, r)) @ rng.standard_normal((r, k)), rng.standard_normal((n, extra))])
    X *= scale
    w = np.r_[rng.standard_normal(k) * draw(powers_of_ten(-1, 1)), np.zeros(extra)]
    alpha = rng.uniform(0.1, 2.0, k + extra)
    return X, rng.standard_normal(n), w, alpha


def _halved_objective(X, y, w, alpha):
    r = y - X @ w
    return 0.5 * r @ r + alpha @ np.abs(w)


@prop(r"On a support $S$ whose columns have rank $r < |S|$, the support reduction leaves the fit $X\beta$ unchanged "
      r"(to rounding), removes coefficients without adding any or flipping a sign, does not raise "
      r"$\tfrac12\lVert y - X\beta\rVert^2 + \sum_j \alpha_j|\beta_j|$ (it lowers it by the penalty saved), and stops "
      r"with the columns of the remaining support linearly independent, so at most $r$ of them.",
      group="optimality", checks="lasso")
@given(case=rank_deficient_supports(), gram=st.booleans())
def test_support_reduction_takes_the_null_space_steps_exactly(case, gram):
    X, y, w, alpha = case
    engine = _Engine(prepare(X, y), use_gram=gram)
    before = w.copy()
    changed = engine.reduce_support(w, alpha)
    assert changed  # a rank-deficient support with a non-flat penalty always has a step to take
    size = np.linalg.norm(X, 2) * np.abs(before).sum()
    np.testing.assert_allclose(X @ w, X @ before, atol=1e-9 * size)
    kept = w != 0
    assert not np.any(kept & (before == 0))
    assert np.all(np.sign(w[kept]) == np.sign(before[kept]))
    assert _halved_objective(X, y, w, alpha) < _halved_objective(X, y, before, alpha)
    # the fit is unchanged, so the decrease is all penalty
    saved = alpha @ np.abs(before) - alpha @ np.abs(w)
    assert saved > 0
    S = np.flatnonzero(w)
    rank = np.linalg.matrix_rank(X[:, S], tol=1e-9 * np.linalg.norm(X, 2))
    assert rank == S.size and S.size <= np.linalg.matrix_rank(X[:, np.flatnonzero(before)])


@prop("With a full-column-rank support there is nothing to reduce: the support reduction reports no change and "
      "leaves the coefficients exactly as they were; an all-zero vector is left alone too.",
      group="optimality", checks="lasso")
@given(seed=st.integers(0, 2**32 - 1), gram=st.booleans())
def test_support_reduction_leaves_independent_supports_alone(seed, gram):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((8, 4)), rng.standard_normal(8)
    engine = _Engine(prepare(X, y), use_gram=gram)
    w = rng.standard_normal(4)
    before = w.copy()
    assert not engine.reduce_support(w, np.full(4, 0.5))
    np.testing.assert_array_equal(w, before)
    zero = np.zeros(4)
    assert not engine.reduce_support(zero, np.full(4, 0.5)) and not zero.any()


@prop(r"The exact step on the support, $t = (X_S^\top X_S + \lambda_2 I)^{-1}(X_S^\top y - \alpha_S\odot s)$ with the "
      r"signs $s$ held and stopped where a coefficient first reaches 0, never raises "
      r"$\tfrac12\lVert y - X\beta\rVert^2 + \sum_j\alpha_j|\beta_j| + \tfrac{\lambda_2}{2}\lVert\beta\rVert^2$, adds "
      r"no coefficient and flips no sign; when no coefficient reaches 0 the gradient of that smooth piece vanishes on "
      r"$S$ (relative $10^{-9}$).",
      group="optimality", checks=("lasso", "elastic_net"))
@given(seed=st.integers(0, 2**32 - 1), gamma=st.sampled_from([0.0, 0.1, 10.0]), gram=st.booleans(),
       scale=powers_of_ten(-2, 3))
def test_exact_step_on_the_support_lowers_the_objective_and_keeps_the_signs(seed, gamma, gram, scale):
    rng = np.random.default_rng(seed)
    n, p = rng.integers(3, 10), rng.integers(1, 6)
    X, y = scale * rng.standard_normal((n, p)), rng.standard_normal(n)
    w = rng.standard_normal(p) * (rng.random(p) < 0.7)
    alpha = rng.uniform(0.01, 1.0, p)
    engine = _Engine(prepare(X, y), use_gram=gram)
    before = w.copy()
    changed = engine.newton_on_support(w, alpha, gamma)

    def objective(v):
        return _halved_objective(X, y, v, alpha) + 0.5 * gamma * v @ v

    if not changed:
        np.testing.assert_array_equal(w, before)
        return
    assert objective(w) < objective(before)
    assert not np.any((w != 0) & (before == 0)) and np.all(w * np.sign(before) >= 0)
    S = np.flatnonzero(before)
    if np.all(w[S] != 0):  # the step reached t: the smooth piece is stationary there
        H = X[:, S].T @ X[:, S] + gamma * np.eye(S.size)
        residual = H @ w[S] - (X[:, S].T @ y - alpha[S] * np.sign(before[S]))
        assert np.abs(residual).max() <= 1e-9 * (np.abs(H).max() * np.abs(w[S]).max() + np.abs(X.T @ y).max() + 1)
