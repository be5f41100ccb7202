"""The compiled kernels (C, ``regprior/solvers/_cdcore.c``) against plain-Python references.

The C port replaced numba kernels compiled with ``fastmath``; its reductions are vectorized and may round
differently, nothing else. Each kernel is run for a fixed number of epochs next to the textbook loop of
``tests/kernel_reference.py`` and the iterates compared to rounding level, through the Anderson extrapolation
(every sixth epoch) included.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from regprior.datafits.sparse_design import SparseDesign
from regprior.solvers import _cd_kernels as kernels
from tests import kernel_reference as ref
from tests.properties import prop


def _problem(seed: int, n: int, k: int, zero_column: bool):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, k)) * rng.uniform(0.5, 3.0, size=k)
    if zero_column:
        X[:, k // 2] = 0.0
    y = X[:, : max(1, k // 4)] @ rng.uniform(1, 2, size=max(1, k // 4)) + rng.standard_normal(n)
    alpha = rng.uniform(0.05, 0.3) * np.abs(X.T @ y).max() * rng.uniform(0.5, 1.5, size=k)
    return X, y, alpha


def _assert_same_iterate(X, y, w, expected, alpha, gamma, epochs, gap, gap_ref):
    """The compiled iterate ``w`` after ``epochs`` epochs against the reference's ``expected``.

    Before the first extrapolation (after ANDERSON_K + 1 epochs) the two loops do the same arithmetic, and the
    iterates agree to 1e-9 of the largest coefficient. From there on each loop solves a small, ill-conditioned system
    for the extrapolated point (differences of nearly equal iterates) and keeps it only if it lowers the objective,
    so one may keep it where the other does not; then each iterate is certified by its own duality gap (the objective
    after the epoch is at most the gap above the minimum, an extrapolation kept only lowers it), and the objectives
    agree to within the larger gap."""
    if epochs <= ref.ANDERSON_K:
        np.testing.assert_allclose(w, expected, rtol=0, atol=1e-9 * max(np.abs(expected).max(), 1e-300))
    else:
        slack = max(gap, gap_ref) + 1e-12 * float(y @ y)
        assert ref.primal(X, y, w, alpha, gamma) == pytest.approx(ref.primal(X, y, expected, alpha, gamma),
                                                                  rel=0, abs=slack)


CASES = [(seed, n, k, zero, gamma) for seed, (n, k) in enumerate([(30, 8), (20, 40), (60, 25), (15, 3)])
         for zero in (False, True) for gamma in (0.0, 0.7)]


@prop(r"The compiled Gram-matrix coordinate descent gives the iterates of the textbook loop (residual recomputed "
      r"at every update, the extrapolation of the last six epochs kept when it lowers $P$) after 1, 5, 6, 13 and 40 "
      r"epochs, to $10^{-9}$ relative to the largest coefficient before the first extrapolation (after it, where "
      r"one loop may keep an extrapolated point the other drops, their objectives within the larger duality gap), "
      r"on designs with a zero column and with $\lambda_2 \in \{0, 0.7\}$.",
      group="routes", checks="lasso", against="plain-Python loop (tests/kernel_reference.py)")
@pytest.mark.parametrize("seed,n,k,zero,gamma", CASES)
def test_gram_kernel_matches_reference(seed, n, k, zero, gamma):
    X, y, alpha = _problem(seed, n, k, zero)
    G, b = np.ascontiguousarray(X.T @ X), X.T @ y
    for epochs in (1, 5, 6, 13, 40):
        w = np.zeros(k)
        used, gap = kernels.gram_cd(G, b, w, alpha, gamma, float(y @ y), -1.0, epochs)  # tol < 0: every epoch runs
        expected, used_ref, gap_ref = ref.cd(X, y, np.zeros(k), alpha, gamma, -1.0, epochs)
        assert used == used_ref == epochs
        _assert_same_iterate(X, y, w, expected, alpha, gamma, epochs, gap, gap_ref)
        assert gap == pytest.approx(gap_ref, rel=1e-6, abs=1e-9 * float(y @ y))


@prop(r"The compiled sparse coordinate descent on a working set of CSC columns, with the centring and weights "
      r"kept implicit, gives the iterates and the residual of the textbook loop on the explicitly centred, "
      r"weighted dense matrix after 1, 5, 6, 13 and 40 epochs (to $10^{-9}$ relative before the first extrapolation, "
      r"their objectives within the larger gap after it), columns outside the working set untouched.",
      group="routes", checks="lasso", against="plain-Python loop (tests/kernel_reference.py)")
@pytest.mark.parametrize("seed,n,k,zero,gamma", CASES)
@pytest.mark.parametrize("centred", [False, True])
def test_sparse_kernel_matches_reference(seed, n, k, zero, gamma, centred):
    X, y, alpha = _problem(seed, n, k, zero)
    rng = np.random.default_rng(100 + seed)
    X[rng.random(X.shape) < 0.5] = 0.0  # half the entries structurally zero
    weights = rng.uniform(0.2, 2.0, size=n)
    root = np.sqrt(weights)
    offset = (weights @ X) / weights.sum() if centred else None
    design = SparseDesign(sp.csc_matrix(X * root[:, None]), offset, root, weights.sum())
    dense = design.toarray()
    np.testing.assert_allclose(dense, root[:, None] * (X - (offset if centred else 0.0)), atol=1e-12)
    target = root * (y - (weights @ y) / weights.sum() if centred else y)
    cols = np.arange(0, k, 2) if k > 3 else np.arange(k)  # a working set of every other column
    for epochs in (1, 5, 6, 13, 40):
        w = np.zeros(cols.size)
        r = target.copy()
        norm2 = np.einsum("ij,ij->j", dense[:, cols], dense[:, cols])
        used, gap = kernels.sparse_cd(design, cols, w, alpha[cols], norm2, dense[:, cols].T @ target, gamma, r,
                                      float(target @ target), -1.0, epochs)
        expected, used_ref, gap_ref = ref.cd(dense[:, cols], target, np.zeros(cols.size), alpha[cols], gamma, -1.0,
                                             epochs)
        assert used == used_ref == epochs
        _assert_same_iterate(dense[:, cols], target, w, expected, alpha[cols], gamma, epochs, gap, gap_ref)
        np.testing.assert_allclose(r, target - dense[:, cols] @ w, rtol=0, atol=1e-9 * np.abs(target).max())


@prop(r"The compiled gap, the Gram-matrix objective and the screening pass agree with their plain-Python "
      r"references at random points (gap and objective to $10^{-12}$ relative; the same features screened and the "
      r"same priorities to $10^{-12}$ of the largest).",
      group="routes", checks="duality_gap", against="plain-Python loop (tests/kernel_reference.py)")
@pytest.mark.parametrize("seed", range(6))
def test_gap_objective_and_screening_match_reference(seed):
    X, y, alpha = _problem(seed, 25, 12, seed % 2 == 1)
    rng = np.random.default_rng(seed)
    w = np.where(rng.random(12) < 0.5, 0.0, rng.standard_normal(12))
    gamma = [0.0, 0.3][seed % 2]
    r = y - X @ w
    c = X.T @ r
    got = kernels.gap_from_correlations(c, w, alpha, gamma, float(r @ r), float(r @ y))
    np.testing.assert_allclose(got, ref.gap(c, w, alpha, gamma, float(r @ r), float(r @ y)), rtol=1e-12)
    G = np.ascontiguousarray(X.T @ X)
    objective = kernels._gram_primal(w, G, X.T @ y, alpha, gamma, float(y @ y))
    assert objective == pytest.approx(ref.primal(X, y, w, alpha, gamma), rel=1e-12)
    screened = rng.random(12) < 0.2
    expected = ref.screen_and_rank(c, w, alpha, gamma, np.einsum("ij,ij->j", X, X), got[2], 0.1 * got[0], screened)
    priority, available = kernels.screen_and_rank(c, w, alpha, gamma, np.einsum("ij,ij->j", X, X), got[2],
                                                   0.1 * got[0], screened)
    finite = np.isfinite(expected[0])
    np.testing.assert_array_equal(priority[~finite], expected[0][~finite])
    np.testing.assert_allclose(priority[finite], expected[0][finite], rtol=0,
                               atol=1e-12 * max(np.abs(expected[0][finite]).max(initial=0.0), 1.0))
    assert available == expected[1]
    np.testing.assert_array_equal(screened, expected[2])


@prop("The compiled kernels refuse arrays of the wrong type or length with a TypeError or ValueError that names "
      "the argument, instead of reading out of bounds.",
      group="inputs", checks="lasso")
def test_kernels_check_their_arguments():
    G, b = np.eye(3), np.ones(3)
    with pytest.raises(TypeError, match="w must be"):
        kernels.gram_cd(G, b, np.zeros(3, dtype=np.float32), np.ones(3), 0.0, 1.0, 0.0, 1)
    with pytest.raises(ValueError, match="G must be k x k"):
        kernels.gram_cd(np.eye(2), b, np.zeros(3), np.ones(3), 0.0, 1.0, 0.0, 1)
    design = SparseDesign(sp.csc_matrix(np.eye(3)), None, None, 3.0)
    with pytest.raises(ValueError, match="cols out of range"):
        kernels.sparse_cd(design, np.array([5]), np.zeros(1), np.ones(1), np.ones(1), np.ones(1), 0.0, np.ones(3),
                          3.0, 0.0, 1)


@prop("The compiled sparse coordinate descent and logistic proximal Newton take the working set's column indices in "
      "any integer type: 32-bit indices give exactly the iterates, residual or margins, and gap of 64-bit ones.",
      group="inputs", checks="lasso")
def test_kernels_take_column_indices_of_any_integer_type():
    rng = np.random.default_rng(5)
    X, y, alpha = _problem(5, 20, 6, False)
    design = SparseDesign(sp.csc_matrix(X), None, None, 20.0)
    AT = np.ascontiguousarray(rng.standard_normal((3, 10)) + 0.8)
    runs = {}
    for dtype in (np.int64, np.int32):
        cols = np.array([0, 2, 3], dtype=dtype)
        w, r = np.zeros(3), y.copy()
        norm2 = np.einsum("ij,ij->j", X[:, [0, 2, 3]], X[:, [0, 2, 3]])
        sparse = kernels.sparse_cd(design, cols, w, alpha[[0, 2, 3]], norm2, X[:, [0, 2, 3]].T @ y, 0.0, r,
                                   float(y @ y), -1.0, 5)
        u, z = np.zeros(2), np.zeros(10)
        logistic = kernels.logistic_pn(AT, np.array([0, 2], dtype=dtype), u, np.full(2, 0.05), z, np.zeros(10),
                                       1e-12, 3, 5)
        runs[dtype] = (sparse, w, r, logistic, u, z)
    for first, second in zip(runs[np.int64], runs[np.int32]):
        np.testing.assert_array_equal(first, second)


@prop(r"The kernels' soft-thresholding $S_\kappa(a)$ is the minimizer of $\tfrac12(w - a)^2 + \kappa|w|$ that a "
      r"bounded scalar search finds (within $10^{-7}$): $a - \kappa$ above $\kappa$, $a + \kappa$ below $-\kappa$, "
      r"0 in between and at the ends.",
      group="routes", checks="lasso", against="scipy.optimize.minimize_scalar")
def test_soft_threshold_is_the_scalar_lasso_minimizer():
    import scipy.optimize as so

    for a, kappa in ((3.0, 1.0), (-3.0, 1.0), (0.5, 1.0), (-0.5, 1.0), (1.0, 1.0), (-2.5, 0.25), (0.75, 0.0)):
        best = so.minimize_scalar(lambda w, a=a, kappa=kappa: 0.5 * (w - a) ** 2 + kappa * abs(w), bounds=(-10, 10),
                                  method="bounded", options={"xatol": 1e-12}).x
        got = kernels.soft_threshold(a, kappa)
        assert isinstance(got, float) and got == pytest.approx(best, abs=1e-7)
    assert kernels.soft_threshold(3.0, 1.0) == 2.0 and kernels.soft_threshold(-2.5, 0.25) == -2.25
    assert kernels.soft_threshold(0.5, 1.0) == 0.0 == kernels.soft_threshold(-1.0, 1.0)
