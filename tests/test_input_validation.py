"""Property 5: bad input raises ValueError/TypeError naming the argument, never returns NaN."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from regprior.solvers.constrained import project_l1_ball, project_l2_ball
from tests.properties import prop
from tests.reference import inside_regprior

GOOD_X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
GOOD_Y = np.array([1.0, 2.0, 3.0])

ENTRY_POINTS = {
    "ridge": lambda X=GOOD_X, y=GOOD_Y, lam=1.0: rp.ridge(X, y, lam),
    "lasso": lambda X=GOOD_X, y=GOOD_Y, lam=1.0: rp.lasso(X, y, lam),
    "map_gaussian": lambda X=GOOD_X, y=GOOD_Y: rp.map_estimate(X, y, rp.GaussianPrior(1.0), 1.0),
    "map_laplace": lambda X=GOOD_X, y=GOOD_Y: rp.map_estimate(X, y, rp.LaplacePrior(1.0), 1.0),
    "duality_gap": lambda X=GOOD_X, y=GOOD_Y, lam=1.0: rp.duality_gap(X, y, np.zeros(2), lam),
    "constrained": lambda X=GOOD_X, y=GOOD_Y: rp.constrained_least_squares(X, y, 1.0),
    "elastic_net": lambda X=GOOD_X, y=GOOD_Y: rp.elastic_net(X, y, 1.0, 1.0),
    "lasso_path": lambda X=GOOD_X, y=GOOD_Y: rp.lasso_path(X, y, n_lams=3),
    "elastic_net_path": lambda X=GOOD_X, y=GOOD_Y: rp.elastic_net_path(X, y, lam2=1.0, n_lams=3),
    "ridge_path": lambda X=GOOD_X, y=GOOD_Y: rp.ridge_path(X, y, [0.1, 1.0]),
    "lam_max": lambda X=GOOD_X, y=GOOD_Y: rp.lam_max(X, y),
}

BAD_DATA = [
    ("X", dict(X=np.array([1.0, 2.0, 3.0])), ValueError, "2-D"),
    ("X", dict(X=np.ones((3, 2, 1))), ValueError, "2-D"),
    ("X", dict(X=np.empty((0, 2)), y=np.empty(0)), ValueError, "at least one row"),
    ("X", dict(X=np.empty((3, 0))), ValueError, "at least one row and one column"),
    ("X", dict(X=np.array([[1.0, np.nan], [0, 1], [1, 1]])), ValueError, "NaN"),
    ("X", dict(X=np.array([[1.0, np.inf], [0, 1], [1, 1]])), ValueError, "inf"),
    ("X", dict(X=np.array([["a", "b"], ["c", "d"], ["e", "f"]])), TypeError, "real numbers"),
    ("X", dict(X=GOOD_X.astype(complex)), TypeError, "complex"),
    ("X", dict(X=np.array([[1, None], [0, 1], [1, 1]], dtype=object)), ValueError, "missing values"),
    ("X", dict(X=np.array([[1, "a"], [0, 1], [1, 1]], dtype=object)), TypeError, "real numbers"),
    ("X", dict(X=pd.DataFrame(GOOD_X).astype("Float64").mask(np.eye(3, 2, dtype=bool))), ValueError,
     "missing values"),
    ("y", dict(y=pd.Series(GOOD_Y).astype("Float64").mask([False, True, False])), ValueError, "missing values"),
    ("y", dict(y=np.array([1.0, 2.0])), ValueError, "has 2 entries but X has 3 rows"),
    ("y", dict(y=GOOD_Y[:, None]), ValueError, "1-D"),
    ("y", dict(y=np.array([1.0, np.nan, 3.0])), ValueError, "NaN"),
    ("y", dict(y=np.array(["1", "2", "3"])), TypeError, "real numbers"),
]


@prop(r"Each malformed `X` or `y` (not 2-D or 1-D, empty, NaN or infinite entries, strings, complex or `None` "
      r"entries, a `y` of the wrong length) is refused by ridge, the lasso, the MAP under either prior, the duality "
      r"gap, the constrained solver, the elastic net, the lasso, elastic-net and ridge paths and $\lambda_{\max}$ with "
      r"a `ValueError` or `TypeError` whose message begins with the argument's name and says what is wrong.",
      group="inputs",
      checks=("ridge", "lasso", "map_estimate", "duality_gap", "constrained_least_squares", "elastic_net",
              "lasso_path", "elastic_net_path", "ridge_path", "lam_max"))
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("arg, kwargs, error, message", BAD_DATA, ids=[f"{a}-{m}" for a, _, _, m in BAD_DATA])
def test_bad_data_is_rejected_with_the_argument_named(entry, arg, kwargs, error, message):
    with pytest.raises(error) as info:
        ENTRY_POINTS[entry](**kwargs)
    assert str(info.value).startswith(f"{arg} "), str(info.value)  # the message names the argument first
    assert message in str(info.value)


@prop(r"Ridge and the lasso refuse a negative, NaN or infinite $\lambda$ with a `ValueError`, and a string, "
      r"boolean or complex $\lambda$ with a `TypeError`, naming `lam`.",
      group="inputs", checks=("ridge", "lasso"))
@pytest.mark.parametrize("solver", [rp.ridge, rp.lasso])
@pytest.mark.parametrize(
    "lam, error, message",
    [(-1.0, ValueError, "lam must be >= 0"), (np.nan, ValueError, "lam must be finite"),
     (np.inf, ValueError, "lam must be finite"), ("1", TypeError, "lam must be a real number"),
     (True, TypeError, "lam must be a real number"), (1 + 1j, TypeError, "lam must be a real number")],
)
def test_bad_penalty_strength_is_rejected(solver, lam, error, message):
    with pytest.raises(error, match=message):
        solver(GOOD_X, GOOD_Y, lam)


@prop(r"The lasso refuses a nonpositive or NaN tolerance, a zero or non-integer iteration limit, and a starting "
      r"point of the wrong shape or with NaN, naming the option.",
      group="inputs", checks="lasso")
@pytest.mark.parametrize(
    "kwargs, error, message",
    [(dict(tol=0.0), ValueError, "tol must be > 0"), (dict(tol=-1e-3), ValueError, "tol must be > 0"),
     (dict(tol=np.nan), ValueError, "tol must be finite"), (dict(max_iter=0), ValueError, "max_iter must be >= 1"),
     (dict(max_iter=2.5), TypeError, "max_iter must be an integer"),
     (dict(coef_init=np.zeros(3)), ValueError, r"coef_init must have shape \(2,\)"),
     (dict(coef_init=np.array([np.nan, 0.0])), ValueError, "coef_init contains NaN")],
)
def test_bad_lasso_options_are_rejected(kwargs, error, message):
    with pytest.raises(error, match=message):
        rp.lasso(GOOD_X, GOOD_Y, 1.0, **kwargs)


@prop(r"An iteration limit may be as large as $2^{62}$, within what the compiled kernels count in 64 bits: the "
      r"lasso takes `max_iter` $= 2^{62}$ (and converges on a small problem) and refuses $2^{62} + 1$, naming the "
      r"bound.",
      group="inputs", checks="lasso")
def test_the_largest_iteration_limit_is_accepted_and_one_more_refused():
    assert rp.lasso(GOOD_X, GOOD_Y, 1.0, max_iter=2**62).converged
    with pytest.raises(ValueError) as info:
        rp.lasso(GOOD_X, GOOD_Y, 1.0, max_iter=2**62 + 1)
    assert str(info.value) == "max_iter must be <= 4611686018427387904; got 4611686018427387905"


@prop(r"A number given as a 0-d array of a real dtype is that number, whatever the dtype (`np.array(2, "
      r"dtype=np.int16)` is $\lambda = 2$); a 0-d array of strings, objects or complex numbers is refused as an "
      r"array, naming `lam`.",
      group="inputs", checks="ridge")
def test_a_zero_dimensional_array_of_a_real_dtype_is_its_number():
    for value in (np.array(2, dtype=np.int16), np.array(2.0, dtype=np.float32)):
        assert np.array_equal(rp.ridge(GOOD_X, GOOD_Y, value).coef, rp.ridge(GOOD_X, GOOD_Y, 2.0).coef)
    for value in (np.array("2"), np.array(2.0, dtype=object), np.array(2.0 + 0.0j)):
        with pytest.raises(TypeError) as info:
            rp.ridge(GOOD_X, GOOD_Y, value)
        assert str(info.value) == f"lam must be a real number; got ndarray {value!r}"


@prop(r"`ridge` refuses a nonpositive or NaN tolerance and a zero or non-integer iteration limit, naming the option, "
      r"also for a dense X, which it solves directly without them: whether a call is valid does not depend on how X "
      r"is stored.",
      group="inputs", checks="ridge")
@pytest.mark.parametrize(
    "kwargs, error, message",
    [(dict(tol=0.0), ValueError, "tol must be > 0; got 0"),
     (dict(tol=-1e-3), ValueError, "tol must be > 0; got -0.001"), (dict(tol=np.nan), ValueError, "tol must be finite"),
     (dict(max_iter=0), ValueError, "max_iter must be >= 1"),
     (dict(max_iter=2.5), TypeError, "max_iter must be an integer")],
)
def test_bad_ridge_options_are_rejected(kwargs, error, message):
    with pytest.raises(error) as info:
        rp.ridge(GOOD_X, GOOD_Y, 1.0, **kwargs)
    assert str(info.value).startswith(message)


@prop(r"The lasso and elastic-net paths refuse a nonpositive tolerance, a zero iteration limit, fewer than one "
      r"$\lambda$, a `lam_min_ratio` outside $(0, 1)$, strengths that are negative, NaN, 2-D or empty, a 0 in `lams` "
      r"with no L2 part (that point is least squares), and a negative `lam2`, naming the argument; with "
      r"$X^\top y = 0$ and no `lams` they say there is no path to compute.",
      group="inputs", checks=("lasso_path", "elastic_net_path"))
@pytest.mark.parametrize("path", [rp.lasso_path, rp.elastic_net_path])
@pytest.mark.parametrize(
    "kwargs, error, message",
    [(dict(tol=0.0), ValueError, "^tol must be > 0"), (dict(max_iter=0), ValueError, "^max_iter must be >= 1"),
     (dict(n_lams=0), ValueError, "^n_lams must be >= 1"),
     (dict(lam_min_ratio=1.0), ValueError, "^lam_min_ratio must be < 1"),
     (dict(lam_min_ratio=0.0), ValueError, "^lam_min_ratio must be > 0"),
     (dict(lams=[1.0, -1.0]), ValueError, "^lams must be a non-empty 1-D array of finite values >= 0"),
     (dict(lams=[np.nan]), ValueError, "^lams must be a non-empty 1-D array"),
     (dict(lams=[[1.0, 2.0]]), ValueError, "^lams must be a non-empty 1-D array"),
     (dict(lams=[]), ValueError, "^lams must be a non-empty 1-D array"),
     (dict(lams=[0.5, 0.0]), ValueError, "^lams contains 0 with lam2 = 0")],
)
def test_bad_path_options_are_rejected(path, kwargs, error, message):
    if path is rp.elastic_net_path and "lams" in kwargs:  # its strengths are called lams1
        kwargs = {"lams1": kwargs["lams"]}
        message = message.replace("^lams", "^lams1")
    with pytest.raises(error, match=message):
        path(GOOD_X, GOOD_Y, **kwargs)


FULL_RANK_MESSAGE = ("^lams contains 0 but X does not have full column rank, so least squares has no unique solution; "
                     "use strengths > 0$")


@prop(r"The ridge path refuses strengths that are 2-D, empty, negative or NaN, and a 0 among them when $X$ does not "
      r"have full column rank (duplicated columns, or $p > n$), naming `lams`.",
      group="inputs", checks="ridge_path")
@pytest.mark.parametrize("X, lams, message", [
    (GOOD_X, [[1.0, 2.0]], r"^lams must be a non-empty 1-D array of penalty strengths; got shape \(1, 2\)"),
    (GOOD_X, [], r"^lams must be a non-empty 1-D array of penalty strengths; got shape \(0,\)"),
    (GOOD_X, [1.0, -1.0], "^lams must contain finite values >= 0"),
    (GOOD_X, [np.nan], "^lams must contain finite values >= 0"),
    (np.column_stack([GOOD_X[:, 0], GOOD_X[:, 0]]), [1.0, 0.0], FULL_RANK_MESSAGE),
    (np.ones((2, 3)), [0.0], FULL_RANK_MESSAGE),
])
def test_bad_ridge_path_strengths_are_rejected(X, lams, message):
    with pytest.raises(ValueError, match=message):
        rp.ridge_path(X, GOOD_Y[: X.shape[0]], lams)


@prop(r"The duality gap refuses, naming the argument: coefficients of the wrong length or with NaN, one L1 strength "
      r"per feature of the wrong length, a negative L1 or L2 strength, a zero per-feature L1 strength without an L2 "
      r"part, and $\lambda_1 = \lambda_2 = 0$ (the lasso dual needs a positive L1 strength); a zero L1 strength is "
      r"accepted when $\lambda_2 > 0$, and positive per-feature L1 strengths without an L2 part.",
      group="inputs", checks="duality_gap")
def test_bad_duality_gap_arguments_are_rejected():
    gap = lambda coef=(0.0, 0.0), lam=1.0, lam2=0.0: rp.duality_gap(GOOD_X, GOOD_Y, coef, lam, lam2)  # noqa: E731
    for kwargs, message in [
        (dict(coef=np.zeros(3)), r"^coef must have shape \(2,\)"), (dict(coef=[np.nan, 0.0]), "^coef contains NaN"),
        (dict(lam=[1.0, 2.0, 3.0]), r"^lam must be a number or have one value per feature, shape \(2,\)"),
        (dict(lam=-1.0), "^lam must be >= 0"), (dict(lam2=-1.0), "^lam2 must be >= 0"),
        (dict(lam=[1.0, 0.0]), "^lam must be > 0"),
        (dict(lam=0.0), r"^lam must be > 0 when lam2 is 0 \(the lasso dual needs a positive L1 strength\)$"),
    ]:
        with pytest.raises(ValueError, match=message):
            gap(**kwargs)
    assert gap(lam=0.0, lam2=1.0) >= 0 and gap(lam=[0.0, 1.0], lam2=1.0) >= 0
    assert gap(lam=[1.0, 2.0]) >= 0  # positive per-feature strengths and no L2 part: a valid lasso gap


@prop(r"An elastic-net path refuses a negative or NaN `lam2`, naming it, and a lasso path with $X^\top y = 0$ "
      r"and no `lams` refuses to invent a grid (every $\lambda$ gives $\beta = 0$).",
      group="inputs", checks=("elastic_net_path", "lasso_path"))
def test_bad_path_l2_strength_and_empty_correlations_are_rejected():
    for lam2 in (-1.0, np.nan):
        with pytest.raises(ValueError, match="^lam2 must be finite and >= 0"):
            rp.elastic_net_path(GOOD_X, GOOD_Y, lams1=[1.0], lam2=lam2)
    with pytest.raises(ValueError, match="no path to compute"):
        rp.lasso_path(GOOD_X, np.zeros(3))


@prop(r"The generalized ridge refuses a penalty matrix of the wrong shape, with NaN, not symmetric or not positive "
      r"semi-definite, naming `penalty`, and a singular $X^\top X + P$ (a direction neither the data nor the penalty "
      r"determines) with a message that says so.",
      group="inputs", checks="generalized_ridge")
@pytest.mark.parametrize("X, P, message", [
    (GOOD_X, np.eye(3), r"^penalty must have shape \(2, 2\) to match X; got \(3, 3\)"),
    (GOOD_X, [[1.0, np.nan], [0.0, 1.0]], "^penalty contains NaN or inf; every entry must be finite"),
    (GOOD_X, [[1.0, 0.5], [0.0, 1.0]], "^penalty must be symmetric"),
    (GOOD_X, [[1.0, 0.0], [0.0, -1.0]], "^penalty must be positive semi-definite"),
    (np.column_stack([GOOD_X[:, 0], GOOD_X[:, 0]]), np.zeros((2, 2)),
     r"^X\^T X \+ penalty is singular: some direction is neither determined by the data nor penalized"),
])
def test_bad_penalty_matrices_are_rejected(X, P, message):
    with pytest.raises(ValueError, match=message):
        rp.generalized_ridge(X, GOOD_Y, P)


@prop(r"Ridge refuses per-coefficient strengths of the wrong length, with NaN or negative, naming `lam`.",
      group="inputs", checks="ridge")
@pytest.mark.parametrize("lam, message", [([1.0, 2.0, 3.0], r"^lam must be a number or have one value per feature, "
                                                              r"shape \(2,\); got shape \(3,\)"),
                                          ([1.0, np.nan], "^lam must contain finite values"),
                                          ([1.0, -1.0], "^lam must be >= 0")])
def test_bad_per_coefficient_strengths_are_rejected(lam, message):
    with pytest.raises(ValueError, match=message):
        rp.ridge(GOOD_X, GOOD_Y, lam)


WEIGHTED = {
    "ridge": lambda w: rp.ridge(GOOD_X, GOOD_Y, 1.0, sample_weight=w),
    "lasso": lambda w: rp.lasso(GOOD_X, GOOD_Y, 1.0, sample_weight=w),
    "elastic_net": lambda w: rp.elastic_net(GOOD_X, GOOD_Y, 1.0, 1.0, sample_weight=w),
    "ridge_path": lambda w: rp.ridge_path(GOOD_X, GOOD_Y, [1.0], sample_weight=w),
    "lasso_path": lambda w: rp.lasso_path(GOOD_X, GOOD_Y, n_lams=2, sample_weight=w),
    "constrained": lambda w: rp.constrained_least_squares(GOOD_X, GOOD_Y, 1.0, sample_weight=w),
    "lam_max": lambda w: rp.lam_max(GOOD_X, GOOD_Y, sample_weight=w),
    "generalized_ridge": lambda w: rp.generalized_ridge(GOOD_X, GOOD_Y, np.eye(2), sample_weight=w),
}


@prop(r"Every solver that takes sample weights refuses a negative weight (a weight is $\sigma^2/\sigma_i^2$), all "
      r"weights zero, the wrong number of weights, a NaN weight and a 2-D array, naming `sample_weight`.",
      group="inputs", checks=("ridge", "lasso", "elastic_net", "ridge_path", "lasso_path", "constrained_least_squares",
                              "lam_max", "generalized_ridge"))
@pytest.mark.parametrize("entry", sorted(WEIGHTED))
@pytest.mark.parametrize("weights, message", [
    ([1.0, -1.0, 1.0], r"^sample_weight must be >= 0 \(a weight is sigma\^2 / sigma_i\^2"),
    ([0.0, 0.0, 0.0], "^sample_weight must have at least one positive entry; all weights are zero"),
    ([1.0, 1.0], "^sample_weight has 2 entries but X has 3 rows"),
    ([1.0, np.nan, 1.0], "^sample_weight contains NaN"),
    ([[1.0, 1.0, 1.0]], r"^sample_weight must be a 1-D array of shape \(n_samples,\); got shape \(1, 3\)"),
])
def test_bad_sample_weights_are_rejected(entry, weights, message):
    with pytest.raises(ValueError, match=message):
        WEIGHTED[entry](weights)


@prop(r"The L1- and L2-ball projections refuse a negative, NaN or non-numeric radius, naming `radius`, and return "
      r"floating-point arrays for integer input (inside the ball or not).",
      group="inputs", checks=("solvers.constrained.project_l1_ball", "solvers.constrained.project_l2_ball"))
@pytest.mark.parametrize("project", [project_l1_ball, project_l2_ball], ids=["l1", "l2"])
def test_projections_check_the_radius_and_return_floats(project):
    for radius, error, message in [(-1.0, ValueError, "^radius must be >= 0"),
                                   (np.nan, ValueError, "^radius must be finite"),
                                   ("a", TypeError, "^radius must be a real number")]:
        with pytest.raises(error, match=message):
            project([1.0, 2.0], radius)
    for radius in (5.0, 0.5):
        out = project(np.array([1, 0]), radius)
        assert out.dtype == np.float64


@prop(r"The Gaussian and Laplace priors refuse a zero, negative, infinite, NaN, `None` or string scale, naming "
      r"`scale`.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior"))
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior])
@pytest.mark.parametrize(
    "scale, error, message",
    [(0.0, ValueError, "scale must be > 0"), (-2.0, ValueError, "scale must be > 0"),
     (np.inf, ValueError, "scale must be finite"), (np.nan, ValueError, "scale must be finite"),
     (None, TypeError, "scale must be a real number"), ("1", TypeError, "scale must be a real number")],
)
def test_bad_prior_scale_is_rejected(cls, scale, error, message):
    with pytest.raises(error, match=message):
        cls(scale)


@prop(r"For both priors a zero noise sd, a strength $\lambda = 0$ (a flat, improper prior) and an infinite noise "
      r"sd are refused by the strength–scale maps, and a negative noise sd by the MAP estimate.",
      group="inputs",
      checks=("GaussianPrior.penalty_strength", "GaussianPrior.from_penalty_strength", "LaplacePrior.penalty_strength",
              "LaplacePrior.from_penalty_strength", "map_estimate"))
@pytest.mark.parametrize("cls", [rp.GaussianPrior, rp.LaplacePrior])
def test_bad_noise_and_strength_are_rejected(cls):
    with pytest.raises(ValueError, match="noise_sd must be > 0"):
        cls(1.0).penalty_strength(0.0)
    with pytest.raises(ValueError, match="lam must be > 0"):
        cls.from_penalty_strength(0.0, 1.0)  # lam = 0 would be a flat, improper prior
    with pytest.raises(ValueError, match="noise_sd must be finite"):
        cls.from_penalty_strength(1.0, np.inf)
    with pytest.raises(ValueError, match="noise_sd must be > 0"):
        rp.map_estimate(GOOD_X, GOOD_Y, cls(1.0), -1.0)


@prop(r"The MAP estimate refuses a number in place of a prior with a `TypeError` that says what it got.",
      group="inputs", checks="map_estimate")
def test_map_estimate_needs_a_prior_object():
    with pytest.raises(TypeError) as info:
        rp.map_estimate(GOOD_X, GOOD_Y, 1.0, 1.0)
    assert str(info.value) == "prior must be a regprior Prior (e.g. GaussianPrior, LaplacePrior); got float"


@prop(r"Ridge and the lasso accept `float32`, `float64`, `int32`, `int64` and boolean data, compute in float64, "
      r"and return exactly the coefficients of the same data converted to float64.",
      group="inputs", checks=("ridge", "lasso"))
@given(dtype=st.sampled_from([np.float32, np.float64, np.int64, np.int32, bool]))
def test_real_dtypes_are_accepted_and_computed_in_float64(dtype):
    X = (GOOD_X * 3).astype(dtype)
    y = (GOOD_Y > 1.5).astype(dtype)
    for solver in (rp.ridge, rp.lasso):
        result = solver(X, y, 0.5)
        assert result.coef.dtype == np.float64
        expected = solver(X.astype(np.float64), y.astype(np.float64), 0.5).coef
        np.testing.assert_array_equal(result.coef, expected)



@prop(r"A sparse design is read, never written: a CSC matrix with unsorted and duplicate entries is left exactly as "
      r"given (its data, indices and pointers) by the lasso, ridge, the elastic net and the MAP, which fit the summed "
      r"matrix; a `float32`, integer or boolean sparse design gives exactly the coefficients of its float64 copy; and "
      r"a sparse array of one or three dimensions, or one holding strings, is refused with the whole message naming "
      r"`X`.",
      group="inputs", checks=("lasso", "ridge", "elastic_net", "map_result"))
def test_sparse_designs_are_copied_converted_and_checked():
    import scipy.sparse as sp

    y = np.array([1.0, 2.0, 3.0, 0.5])
    fits = (lambda X: rp.lasso(X, y, 0.1).coef, lambda X: rp.ridge(X, y, 0.1).coef,
            lambda X: rp.elastic_net(X, y, 0.1, 0.2, fit_intercept=True).coef,
            lambda X: rp.map_result(X, y, rp.GaussianPrior(1.0), 1.0).coef)
    # column 0 holds row 2 and then row 0 twice (1 + 3): unsorted, with a duplicate
    given = sp.csc_matrix((np.array([1.0, 2.0, 3.0, 4.0]), np.array([2, 0, 0, 1]), np.array([0, 3, 4])), shape=(4, 2))
    data, indices, indptr = given.data.copy(), given.indices.copy(), given.indptr.copy()
    summed = np.array([[5.0, 0.0], [0.0, 4.0], [1.0, 0.0], [0.0, 0.0]])
    for fit in fits:
        np.testing.assert_allclose(fit(given), fit(summed), rtol=1e-9, atol=1e-12)
        assert np.array_equal(given.data, data) and np.array_equal(given.indices, indices)
        assert np.array_equal(given.indptr, indptr) and not given.has_canonical_format
    dense = np.array([[1, 0], [0, 2], [3, 1], [1, 1]])
    for X in (sp.csr_matrix(dense), sp.csr_matrix(dense.astype(bool)), sp.csr_matrix(dense.astype(np.float32) * 1.1)):
        for fit in fits:
            np.testing.assert_array_equal(fit(X), fit(X.astype(np.float64)))
    for shape in ((4,), (4, 2, 2)):
        with pytest.raises(ValueError) as info:
            rp.lasso(sp.coo_array(np.ones(shape)), y, 0.1)
        assert str(info.value) == f"X must be 2-D of shape (n_samples, n_features); got shape {shape}"
    strings = sp.csr_matrix(dense.astype(float))  # scipy refuses an object dtype at construction, not afterwards
    strings.data = strings.data.astype(str).astype(object)
    with pytest.raises(TypeError) as info:
        rp.lasso(strings, y, 0.1)
    assert str(info.value) == "X must contain real numbers; got a sparse matrix of dtype object"


def _unconverged_calls():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 20))
    X[:, 1:] += 0.9 * X[:, :-1]
    y = X[:, :3].sum(axis=1) + rng.standard_normal(50)
    return {
        "lasso": lambda: rp.lasso(X, y, 1.0, tol=1e-14, max_iter=1),
        "lasso_path": lambda: rp.lasso_path(X, y, n_lams=3, tol=1e-14, max_iter=1),
        "elastic_net": lambda: rp.elastic_net(X, y, 1.0, 0.1, tol=1e-14, max_iter=1),
        "constrained": lambda: rp.constrained_least_squares(X, y, 1.0, tol=1e-14, max_iter=2),
        "logistic_map": lambda: rp.logistic_map(X, (y > 0).astype(float), rp.GaussianPrior(1.0), max_iter=1, tol=1e-14),
        "joint_map": lambda: rp.joint_map(X, y, rp.GaussianPrior(1.0), max_iter=1),
        "evidence_ridge": lambda: rp.evidence_ridge(X, y, max_iter=1),
    }


@prop("Every iterative solver stopped before its tolerance issues `ConvergenceWarning`s attributed to the caller's "
      "line (here the line of this test file that made the call), never to one of its own lines nor to a frame "
      "further out, so a user's warning filters and messages point at their own code.",
      group="inputs", checks=("lasso", "lasso_path", "elastic_net", "constrained_least_squares", "logistic_map",
                              "joint_map", "evidence_ridge", "ConvergenceWarning"))
@pytest.mark.parametrize("name", sorted(_unconverged_calls()))
def test_convergence_warnings_point_at_the_caller(name):
    call = _unconverged_calls()[name]
    with pytest.warns(rp.ConvergenceWarning) as record:
        call()
    assert record and not any(inside_regprior(w.filename) for w in record)
    # the line of the lambda that called the solver, not that of this function, which called the lambda
    assert all((w.filename, w.lineno) == (__file__, call.__code__.co_firstlineno) for w in record)



UNPENALIZED = "> 0 (an unpenalized feature needs lam2 > 0; for an intercept use fit_intercept)"


@prop(r"Per-feature L1 strengths: a negative one is refused by the lasso and the elastic net; a zero one is refused "
      r"without an L2 part (the feature would be unpenalized, its coefficient possibly unbounded) with a message "
      r"that says so, and accepted with any $\lambda_2 > 0$, where it leaves that coefficient to the ridge part alone.",
      group="inputs", checks=("lasso", "elastic_net"))
def test_per_feature_l1_strengths_are_checked_against_the_l2_part():
    for call, message in [
        (lambda: rp.lasso(GOOD_X, GOOD_Y, [0.0, 1.0]), f"lam must be {UNPENALIZED}"),
        (lambda: rp.lasso(GOOD_X, GOOD_Y, [-1.0, 1.0]), f"lam must be {UNPENALIZED}"),
        (lambda: rp.elastic_net(GOOD_X, GOOD_Y, [0.0, 1.0], 0.0), f"lam1 must be {UNPENALIZED}"),
        (lambda: rp.elastic_net(GOOD_X, GOOD_Y, [-1.0, 1.0], 0.5), "lam1 must be >= 0"),
    ]:
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value) == message
    fit = rp.elastic_net(GOOD_X, GOOD_Y, [0.0, 1.0], 0.5, tol=1e-12)
    assert fit.converged
    # the first coefficient has no L1 penalty: its partial optimality condition is the ridge one, exactly 0
    g0 = -2 * GOOD_X[:, 0] @ (GOOD_Y - GOOD_X @ fit.coef) + 2 * 0.5 * fit.coef[0]
    assert abs(g0) <= 1e-6 * (1 + np.abs(GOOD_X).sum() * np.abs(GOOD_Y).sum())


@prop(r"A missing value in an object array (None, pandas' `NA` or `NaT`) is refused with the whole message "
      r"saying what it is and what to do, for the design and the response alike.",
      group="inputs", checks=("ridge",))
def test_missing_values_in_object_arrays_are_named():
    for missing in (None, pd.NA, pd.NaT):
        X = np.array([[1.0, missing], [2.0, 3.0], [1.0, 1.0]], dtype=object)
        with pytest.raises(ValueError) as info:
            rp.ridge(X, np.ones(3), 1.0)
        assert str(info.value) == ("X has missing values (None or pandas NA); every entry must be a number: drop or "
                                   "impute them first")
        with pytest.raises(ValueError) as info:
            rp.ridge(np.eye(3), np.array([1.0, missing, 2.0], dtype=object), 1.0)
        assert str(info.value) == ("y has missing values (None or pandas NA); every entry must be a number: drop or "
                                   "impute them first")


@prop(r"A prior covariance given as small integers or booleans is read in float64: `MultivariateGaussianPrior` "
      r"keeps $\Sigma$ as float64 and its precision is $\Sigma^{-1}$ to rounding, e.g. "
      r"$\begin{pmatrix}2&1\\1&2\end{pmatrix}^{-1} = \tfrac13\begin{pmatrix}2&-1\\-1&2\end{pmatrix}$.",
      group="inputs", checks=("MultivariateGaussianPrior",))
def test_integer_and_boolean_covariances_are_read_in_float64():
    for cov, inverse in [(np.array([[2, 1], [1, 2]], dtype=np.int8), np.array([[2.0, -1.0], [-1.0, 2.0]]) / 3),
                         (np.eye(3, dtype=bool), np.eye(3))]:
        prior = rp.MultivariateGaussianPrior(cov)
        assert prior.cov.dtype == np.float64 and np.array_equal(prior.cov, cov.astype(np.float64))
        np.testing.assert_allclose(prior.precision(len(cov)), inverse, rtol=1e-14, atol=1e-15)


@prop(r"The name of the package function a refusal quotes is that of the outermost regprior frame on the call stack; "
      r"asked from outside the package (no regprior frame above the helper's caller) it is the fallback "
      r"\"this function\".",
      group="inputs")
def test_entry_point_outside_the_package_is_this_function():
    # Called through the public functions, the name is checked by the sparse-input tests, which the mutation run
    # deselects (its trampolines rename every function); this case reads the same from a plain and a mutated copy.
    from regprior._validation import _entry_point

    assert _entry_point() == "this function"
    assert (lambda: _entry_point())() == "this function"


@prop(r"A per-feature strength comes back on the result as the solver's own float64 copy: `lam` on the results of "
      r"ridge, the lasso and the elastic net is writable, and writing into it changes neither the caller's array nor "
      r"the coefficients.",
      group="inputs", checks=("ridge", "lasso", "elastic_net"))
def test_a_per_feature_strength_on_a_result_is_a_writable_copy():
    # Only a prior's parameters are frozen (read_only=True in check_strength); a result belongs to the caller, as
    # scikit-learn's fitted arrays do.
    for fit in (lambda lam: rp.ridge(GOOD_X, GOOD_Y, lam), lambda lam: rp.lasso(GOOD_X, GOOD_Y, lam),
                lambda lam: rp.elastic_net(GOOD_X, GOOD_Y, lam, 1.0)):
        given = np.array([1, 2], dtype=np.int64)
        result = fit(given)
        coef = result.coef.copy()
        assert result.lam.dtype == np.float64 and result.lam.flags.writeable
        result.lam[:] = 7.0
        assert np.array_equal(given, [1, 2]) and np.array_equal(result.coef, coef)
