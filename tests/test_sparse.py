"""A scipy.sparse design gives the dense route's answer, without being densified.

The sparse route keeps the intercept (centring) and the sample weights implicit and runs coordinate descent on
the sparse columns (lasso, elastic net) or conjugate gradients (ridge); the dense route forms the centred,
weighted matrix. Both minimize the same objective, so they are compared through it: each one's objective is
within the other's duality gap (plus rounding), and where the objective is strongly convex the coefficients are
within the radius those gaps imply.
"""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from tests.properties import prop
from tests.strategies import powers_of_ten, problems

FORMATS = {"csr": sp.csr_matrix, "csc": sp.csc_matrix}


def _sparsify(X: np.ndarray, data) -> np.ndarray:
    """X with about half its entries set to exact zeros (drawn), so that the sparse structure is real."""
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=X.size, max_size=X.size))).reshape(X.shape)
    return np.where(mask, 0.0, X)


def _options(data, n: int) -> dict:
    options = {"fit_intercept": data.draw(st.booleans(), label="fit_intercept")}
    if data.draw(st.booleans(), label="weighted"):
        options["sample_weight"] = np.array(data.draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n)))
    return options


def _objective(X, y, result, lam1, lam2, options) -> float:
    return rp.objective(X, y, result.coef, lam1=lam1, lam2=lam2, intercept=result.intercept,
                        sample_weight=options.get("sample_weight"))


@prop(r"For the lasso and the elastic net, with or without an intercept and sample weights, a CSR or CSC copy of "
      r"X gives an objective within the sum of the two routes' duality gaps of the dense route's (plus "
      r"$10^{-9}\lVert y\rVert^2$ of rounding), and with $\lambda_2 > 0$ coefficients within the radius "
      r"$2\sqrt{(G_1 + G_2)/\lambda_2}$ that strong convexity gives.",
      group="routes", checks=("lasso", "elastic_net"))
@given(problem=problems(max_n=12, max_p=12), ratio=powers_of_ten(-2, -1), data=st.data())
def test_sparse_lasso_and_elastic_net_match_the_dense_route(problem, ratio, data):
    X = _sparsify(problem.X, data)
    y = problem.y
    options = _options(data, X.shape[0])
    top = rp.lam_max(X, y, **options)
    lam1 = ratio * top if top > 0 else 1.0
    lam2 = data.draw(st.sampled_from([0.0, 0.0, 0.1 * (1.0 + float(np.abs(X).max()) ** 2)]), label="lam2")
    fmt = data.draw(st.sampled_from(sorted(FORMATS)), label="format")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rp.ConvergenceWarning)
        dense = rp.elastic_net(X, y, lam1, lam2, tol=1e-12, **options)
        sparse = rp.elastic_net(FORMATS[fmt](X), y, lam1, lam2, tol=1e-12, **options)
    scale = float(y @ y) * (1.0 if "sample_weight" not in options else float(options["sample_weight"].max()))
    slack = dense.gap + sparse.gap + 1e-9 * (scale + 1e-300)
    assert abs(_objective(X, y, dense, lam1, lam2, options) - _objective(X, y, sparse, lam1, lam2, options)) <= slack
    if lam2 > 0:
        np.testing.assert_allclose(sparse.coef, dense.coef, rtol=0, atol=2 * np.sqrt(slack / lam2) + 1e-12)


@prop(r"Along a lasso or elastic-net path (a CSR copy of X, an intercept and sample weights), every point's "
      r"objective is within the two routes' gaps of the dense route's, and the default grid starts at the same "
      r"$\lambda_{\max}$.",
      group="routes", checks=("lasso_path", "elastic_net_path", "lam_max"))
@pytest.mark.parametrize("seed", range(4))
def test_sparse_paths_match_the_dense_route(seed):
    rng = np.random.default_rng(seed)
    n, p = (40, 120) if seed % 2 else (80, 30)
    X = rng.standard_normal((n, p)) * (rng.random((n, p)) < 0.2)
    y = X[:, :5] @ rng.uniform(1, 2, 5) + 0.5 * rng.standard_normal(n) + 3.0
    weights = rng.uniform(0.5, 2.0, n)
    lam2 = 0.0 if seed < 2 else 0.5
    dense = rp.elastic_net_path(X, y, lam2=lam2, n_lams=20, lam_min_ratio=1e-2, fit_intercept=True,
                                sample_weight=weights, tol=1e-10)
    sparse = rp.elastic_net_path(sp.csr_matrix(X), y, lam2=lam2, n_lams=20, lam_min_ratio=1e-2,
                                 fit_intercept=True, sample_weight=weights, tol=1e-10)
    np.testing.assert_allclose(sparse.lams, dense.lams, rtol=1e-12)
    for t, lam in enumerate(dense.lams):
        J = [rp.objective(X, y, coefs[t], lam1=lam, lam2=lam2, intercept=icpt[t], sample_weight=weights)
             for coefs, icpt in ((dense.coefs, dense.intercepts), (sparse.coefs, sparse.intercepts))]
        assert abs(J[0] - J[1]) <= dense.gaps[t] + sparse.gaps[t] + 1e-10 * float(weights @ y**2)


@prop(r"`lam_max` and `duality_gap` of a sparse X equal the dense values (to $10^{-12}$ relative).",
      group="routes", checks=("lam_max", "duality_gap"))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_sparse_lam_max_and_duality_gap_equal_dense(fmt):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((30, 50)) * (rng.random((30, 50)) < 0.3)
    y = rng.standard_normal(30)
    weights = rng.uniform(0.5, 2, 30)
    for options in ({}, {"fit_intercept": True}, {"fit_intercept": True, "sample_weight": weights}):
        assert rp.lam_max(FORMATS[fmt](X), y, **options) == pytest.approx(rp.lam_max(X, y, **options), rel=1e-12)
    coef = rng.standard_normal(50) * (rng.random(50) < 0.2)
    for lam2 in (0.0, 0.3):
        assert rp.duality_gap(FORMATS[fmt](X), y, coef, 2.0, lam2) == pytest.approx(
            rp.duality_gap(X, y, coef, 2.0, lam2), rel=1e-12)


@prop(r"Ridge on a sparse X (conjugate gradients, with an intercept, sample weights, a prior mean and scalar or "
      r"per-coefficient strengths) certifies a gap below its tolerance, its objective is within that gap of the "
      r"direct solve's (and the objective's own rounding at the solution), and its coefficients within "
      r"$2\sqrt{G/\lambda_{\min}}$ of them.",
      group="routes", checks="ridge")
@given(problem=problems(max_n=12, max_p=12), lam=powers_of_ten(-2, 2), data=st.data())
def test_sparse_ridge_matches_the_direct_solve(problem, lam, data):
    X = _sparsify(problem.X, data)
    y = problem.y
    options = _options(data, X.shape[0])
    if data.draw(st.booleans(), label="prior_mean"):
        options["prior_mean"] = 0.5
    strength = lam * (1.0 + float(np.abs(X).max()) ** 2)
    if data.draw(st.booleans(), label="per-coefficient"):
        strength = strength * np.linspace(0.5, 2.0, X.shape[1])
    _check_sparse_ridge(X, y, strength, options)


@prop(r"Sparse ridge on one sample with an intercept, a sample weight and a prior mean, where both objectives are "
      r"rounding noise (the deep search's counterexample), passes the same comparison as the property above.",
      group="routes", checks="ridge")
def test_sparse_ridge_on_one_sample_with_an_intercept_and_a_prior_mean():
    """The deep search's counterexample (seed 1953116543): both objectives are rounding noise."""
    x = np.nextafter(7.8, 8.0)  # 7.800000000000001: objectives 3.2e-30 (sparse) and 9.9e-31 (dense)
    _check_sparse_ridge(np.array([[0.0, 0.0, 0.0, x]]), np.array([0.0]), 1.0 + x**2,
                        {"fit_intercept": True, "sample_weight": np.array([5.0]), "prior_mean": 0.5})


def _check_sparse_ridge(X, y, strength, options):
    dense = rp.ridge(X, y, strength, **options)
    sparse = rp.ridge(sp.csc_matrix(X), y, strength, tol=1e-12, **options)
    assert sparse.method == "conjugate-gradient" and sparse.gap is not None
    prepared = rp.datafits.prepare(X, y, **options).y  # the response the tolerance is relative to
    scale = float(prepared @ prepared)
    assert sparse.gap <= 1e-12 * scale
    # the rounding of the objective itself at the solution (coefficients and residuals known to a few ulps): the
    # deep search (seed 1953116543) drew one sample, an intercept and a prior mean, where both objectives are
    # rounding noise (3e-30 and 1e-30) and the relative allowance alone is 1e-40
    weight = float(np.max(options.get("sample_weight", 1.0)))
    fitted = np.abs(y) + np.abs(X @ dense.coef) + abs(dense.intercept)
    rounding = (4 * np.finfo(float).eps) ** 2 * (
        float(np.sum(np.broadcast_to(strength, dense.coef.shape) * (np.abs(dense.coef) + 0.5) ** 2))
        + weight * float(fitted @ fitted))
    assert sparse.objective - dense.objective <= sparse.gap + 1e-10 * (scale + dense.objective) + rounding
    radius = 2 * np.sqrt((sparse.gap + 1e-12 * scale) / np.min(strength)) + 1e-12
    np.testing.assert_allclose(sparse.coef, dense.coef, rtol=0, atol=radius)
    assert sparse.intercept == pytest.approx(dense.intercept, abs=radius * (1 + np.abs(X).sum()) + 1e-12)


@prop(r"`map_estimate` and `MAPRegressor` with a Gaussian or Laplace prior take a CSR matrix and return the "
      r"dense route's coefficients and intercept (to $10^{-5}$ of the largest); predictions equal "
      r"$X\hat\beta + \hat\beta_0$.",
      group="routes", checks=("map_estimate", "estimators.MAPRegressor"))
@pytest.mark.parametrize("prior", [rp.GaussianPrior(0.5), rp.LaplacePrior(0.05)], ids=["gaussian", "laplace"])
def test_map_estimate_and_estimator_take_sparse_input(prior):
    from regprior.estimators import MAPRegressor

    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 40)) * (rng.random((60, 40)) < 0.25)
    y = X[:, :4] @ np.array([1.0, -2.0, 0.5, 1.5]) + 0.3 * rng.standard_normal(60) + 1.0
    weights = rng.uniform(0.5, 2.0, 60)
    dense = rp.map_estimate(X, y, prior, 0.5, fit_intercept=True, sample_weight=weights, tol=1e-12)
    sparse = rp.map_estimate(sp.csr_matrix(X), y, prior, 0.5, fit_intercept=True, sample_weight=weights, tol=1e-12)
    np.testing.assert_allclose(sparse, dense, rtol=0, atol=1e-5 * np.abs(dense).max())
    model = MAPRegressor(prior=prior, noise_sd=0.5, tol=1e-12).fit(sp.csr_matrix(X), y, sample_weight=weights)
    reference = MAPRegressor(prior=prior, noise_sd=0.5, tol=1e-12).fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=0, atol=1e-5 * np.abs(reference.coef_).max())
    assert model.intercept_ == pytest.approx(reference.intercept_, abs=1e-5 * (1 + abs(reference.intercept_)))
    np.testing.assert_allclose(model.predict(sp.csc_matrix(X)), X @ model.coef_ + model.intercept_, atol=1e-10)
    if isinstance(prior, rp.GaussianPrior):
        with pytest.raises(ValueError, match="sparse X"):
            model.predict(X, return_std=True)


@prop(r"A sparse 400 $\times$ 20000 design at 0.1% density (64 MB if dense) is fitted by `lasso`, `lasso_path`, "
      r"`ridge` and `map_estimate`, with an intercept and sample weights, while Python allocates less than a "
      r"tenth of its dense size: it is never densified.",
      group="inputs", checks=("lasso", "lasso_path", "ridge", "map_estimate"))
def test_sparse_input_is_never_densified():
    rng = np.random.default_rng(1)
    n, p = 400, 20_000
    X = sp.random(n, p, density=1e-3, format="csr", random_state=1, data_rvs=rng.standard_normal)
    y = np.asarray(X[:, :10] @ np.ones(10)).ravel() + 0.1 * rng.standard_normal(n)
    weights = rng.uniform(0.5, 2.0, n)
    tracemalloc.start()
    try:
        top = rp.lam_max(X, y, fit_intercept=True, sample_weight=weights)
        rp.lasso(X, y, 0.05 * top, fit_intercept=True, sample_weight=weights)
        rp.lasso_path(X, y, n_lams=5, lam_min_ratio=0.1, fit_intercept=True, sample_weight=weights)
        rp.ridge(X, y, 1.0, fit_intercept=True, sample_weight=weights)
        rp.map_estimate(X, y, rp.LaplacePrior(0.1), 1.0, fit_intercept=True, sample_weight=weights)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < n * p * 8 / 10


@prop(r"Bad sparse input is refused by name, with whole messages: NaN or infinite stored values (`ValueError` "
      r"naming X), a complex dtype (`TypeError`), no rows, $\lambda = 0$ with a sparse X for the lasso "
      r"(`ValueError`); boolean and integer sparse designs are numbers (the same fit as the float matrix); and the "
      r"user's matrix is left as it was, whatever the fit does with its copy.",
      group="inputs", checks=("lasso", "ridge", "map_estimate"))
def test_sparse_designs_are_checked():
    X = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]))
    y = np.array([1.0, 2.0, 3.0])
    bad = X.copy()
    bad.data[0] = np.nan
    refusals = [(lambda: rp.lasso(bad, y, 1.0), ValueError, "X contains NaN; every entry must be finite")]
    worse = X.copy()
    worse.data[0] = np.inf
    refusals += [
        (lambda: rp.ridge(worse, y, 1.0), ValueError, "X contains inf; every entry must be finite"),
        (lambda: rp.lasso(X.astype(complex), y, 1.0), TypeError,
         "X must contain real numbers; got a sparse matrix of dtype complex128"),
        (lambda: rp.lasso(sp.csr_matrix((0, 2)), np.ones(0), 1.0), ValueError,
         "X must have at least one row and one column; got shape (0, 2)"),
    ]
    for call, error, message in refusals:
        with pytest.raises(error) as info:
            call()
        assert str(info.value) == message
    with pytest.raises(ValueError, match="lam = 0 with a sparse X"):
        rp.lasso(X, y, 0.0)
    plain = rp.lasso(X, y, 0.1, fit_intercept=True).coef
    for kind in (bool, np.int64):
        integral = sp.csr_matrix(np.array([[1, 0], [0, 1], [1, 1]], dtype=kind))
        np.testing.assert_allclose(rp.lasso(integral, y, 0.1).coef, rp.lasso(integral.toarray(), y, 0.1).coef,
                                   rtol=1e-10)
    before = X.copy()
    rp.map_estimate(X, y, rp.LaplacePrior(0.5), 1.0, fit_intercept=True, sample_weight=[1.0, 2.0, 0.5])
    rp.lasso(X, y, 0.1, fit_intercept=True)
    assert (X != before).nnz == 0 and np.array_equal(rp.lasso(X, y, 0.1, fit_intercept=True).coef, plain)


@prop(r"Functions without a sparse route (`ridge_path`, `generalized_ridge`, `logistic_map`, priors without a "
      r"sparse solver) refuse a sparse X with a `TypeError` that names the function called, and $\lambda = 0$ with "
      r"a sparse X for ridge is refused with a `ValueError`.",
      group="inputs", checks=("ridge", "ridge_path", "generalized_ridge", "map_estimate"))
def test_sparse_input_errors_are_clear():
    X = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]))
    y = np.array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="^lam must be > 0"):
        rp.ridge(X, y, 0.0)
    for call in (lambda: rp.ridge_path(X, y, [1.0]), lambda: rp.generalized_ridge(X, y, np.eye(2)),
                 lambda: rp.logistic_map(X, np.array([0, 1, 1]), rp.GaussianPrior(1.0))):
        with pytest.raises(TypeError, match=r"^X is a scipy.sparse matrix, which \w+ does not take; pass a dense"):
            call()
    with pytest.raises(TypeError, match="it needs a dense X"):
        rp.map_estimate(X, y, rp.StudentTPrior(3.0, 1.0), 1.0)


@prop(r"A solver that does not take a sparse X (FISTA) refuses a sparse datafit with the one sentence `it needs a "
      r"dense X (X is scipy.sparse)`, before checking anything else, and takes the same data dense; coordinate "
      r"descent, which takes a sparse X, does not refuse it.",
      group="inputs", checks=("solvers.base.Solver",))
def test_a_solver_without_sparse_support_says_so():
    from regprior.datafits import Quadratic
    from regprior.penalties import L1
    from regprior.solvers.coordinate_descent import CoordinateDescent
    from regprior.solvers.fista import FISTA

    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    y = np.array([1.0, 2.0, 3.0])
    sparse = Quadratic(sp.csr_matrix(X), y)
    assert FISTA().refusal(sparse, L1(1.0)) == "it needs a dense X (X is scipy.sparse)"
    assert FISTA().refusal(sparse, object()) == "it needs a dense X (X is scipy.sparse)"  # the first reason given
    assert FISTA().refusal(Quadratic(X, y), L1(1.0)) is None
    assert CoordinateDescent().refusal(sparse, L1(1.0)) is None


@prop(r"Ridge on a sparse X (conjugate gradients) certifies what it returns: the reported gap bounds its objective's "
      r"excess over the dense solve's and, stopped after one iteration, is $g^\top\Lambda^{-1}g$ for the residual $g$ "
      r"of the normal equations (recomputed in the test), below its value at $\beta = 0$, and is quoted in a "
      r"`ConvergenceWarning` with the iterations (1, or 2 for `max_iter=2`) and $\mathrm{tol}\,\lVert y\rVert^2$; it "
      r"reports the strength it was given; a zero strength is refused with a whole message saying why.",
      group="optimality", checks="ridge")
def test_sparse_ridge_certifies_its_answer():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5))
    X[X < 0.5] = 0.0
    y = rng.standard_normal(40)
    lam = np.array([0.5, 1.0, 2.0, 0.5, 4.0])
    fit = rp.ridge(sp.csr_matrix(X), y, lam)
    dense = rp.ridge(X, y, lam)
    assert fit.method == "conjugate-gradient" and np.array_equal(fit.lam, lam)
    assert 0.0 <= fit.objective - dense.objective + 1e-12 * dense.objective <= fit.gap + 1e-12 * dense.objective
    assert fit.gap <= 1e-10 * (y @ y)
    with pytest.warns(rp.ConvergenceWarning) as record:
        short = rp.ridge(sp.csr_matrix(X), y, lam, max_iter=1)
    g = X.T @ (y - X @ short.coef) - lam * short.coef
    assert short.gap == pytest.approx(g @ (g / lam), rel=1e-10)
    start = X.T @ y  # the residual of the normal equations at beta = 0: one iteration has moved from there
    assert short.gap < 0.9 * (start @ (start / lam))
    with pytest.warns(rp.ConvergenceWarning, match="after 2 iterations is above"):
        rp.ridge(sp.csr_matrix(X), y, lam, max_iter=2)
    assert str(record[0].message) == (f"ridge (conjugate gradients, sparse X): certified gap {short.gap:.3e} after 1 "
                                      f"iterations is above tol * ||y||^2 = {1e-10 * (y @ y):.3e}; increase max_iter "
                                      "or loosen tol")
    with pytest.raises(ValueError) as info:
        rp.ridge(sp.csr_matrix(X), y, [0.5, 0.0, 1.0, 1.0, 1.0])
    assert str(info.value) == ("lam must be > 0 (every entry) for a sparse X: the conjugate-gradient route certifies "
                               "its answer through the penalty; use a dense X for least squares or unpenalized "
                               "coefficients")


@prop(r"The implicitly centred and weighted sparse design behaves as the dense matrix $\tilde X$ it stands for "
      r"(the dense design prepared with the same intercept and weights): products with a vector and with a matrix, "
      r"the transpose's products with a vector and with a matrix, the squared column norms, the Gram blocks of "
      r"chosen rows and columns, a column subset and `toarray()`, all to a relative $10^{-12}$; the squared column "
      r"norms also for the design scaled by $10^{-3}$ (norms below 1).",
      group="routes", checks=("lasso",))
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_the_sparse_design_is_the_prepared_dense_matrix(fit_intercept):
    from regprior.datafits.quadratic import prepare

    rng = np.random.default_rng(11)
    dense = rng.standard_normal((12, 4))
    dense[rng.random((12, 4)) < 0.5] = 0.0
    y, weights = rng.standard_normal(12), rng.uniform(0.5, 2.0, 12)
    design = prepare(sp.csr_matrix(dense), y, fit_intercept=fit_intercept, sample_weight=weights,
                     accept_sparse=True).X
    plain = prepare(dense, y, fit_intercept=fit_intercept, sample_weight=weights).X
    v, R, W = rng.standard_normal(4), rng.standard_normal((12, 3)), rng.standard_normal((4, 2))
    close = {"rtol": 1e-12, "atol": 1e-13}
    np.testing.assert_allclose(design @ v, plain @ v, **close)
    np.testing.assert_allclose(design @ W, plain @ W, **close)
    np.testing.assert_allclose(design.T @ R[:, 0], plain.T @ R[:, 0], **close)
    np.testing.assert_allclose(design.T @ R, plain.T @ R, **close)
    np.testing.assert_allclose(design.col_norm2(), np.sum(plain**2, axis=0), **close)
    small = prepare(sp.csr_matrix(1e-3 * dense), y, fit_intercept=fit_intercept, sample_weight=weights,
                    accept_sparse=True).X
    np.testing.assert_allclose(small.col_norm2(), 1e-6 * np.sum(plain**2, axis=0), rtol=1e-12)
    np.testing.assert_allclose(design.gram([0, 2]), plain[:, [0, 2]].T @ plain[:, [0, 2]], **close)
    np.testing.assert_allclose(design.gram([1], [1, 3]), plain[:, [1]].T @ plain[:, [1, 3]], **close)
    np.testing.assert_allclose(design.columns([1, 3]).toarray(), plain[:, [1, 3]], **close)
    np.testing.assert_allclose(design.toarray(), plain, **close)
    assert design.T.shape == (4, 12)
