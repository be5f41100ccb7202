"""The pitfalls page: its recorded written, right and derived forms evaluated numerically, and the entries that
are about code and numbers (E11, E13, E17, E18, E23) demonstrated with the solvers and scikit-learn."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, example, given
from hypothesis import strategies as st
from numpy.polynomial import legendre
from sklearn.linear_model import Lasso, Ridge

import regprior as rp
from catalogue import pitfalls
from catalogue.pitfalls import entries
from catalogue.pitfalls.algebra import symbol_named
from regprior.symbolic.numeric import lambdify_indexed, lambdify_matrix
from regprior.symbolic.symbols import X as X_sym
from regprior.symbolic.symbols import beta, k, n, p
from regprior.symbolic.symbols import y as y_sym
from tests.properties import prop
from tests.strategies import Problem, powers_of_ten, well_posed_problems


#: array arguments of the recorded forms, by the name of their IndexedBase: the sizes along each axis
SHAPES = {"X": ("n", "p"), "y": ("n",), "x": ("n",), "beta": ("p",)}


@lru_cache(maxsize=None)
def results() -> dict[str, sp.Basic]:
    return pitfalls.derivation().results


@lru_cache(maxsize=None)
def compiled(number: int) -> tuple[tuple[sp.Basic, ...], dict]:
    """The arguments shared by the recorded forms of entry ``number`` and each form compiled on them."""
    forms = {form: results()[f"e{number}_{form}"] for form in (*pitfalls.EVALUATED[number], "derived")}
    exprs = list(forms.values())
    if any(isinstance(e, sp.MatrixExpr) for e in exprs):
        matrices = sorted({m for e in exprs for m in e.atoms(sp.MatrixSymbol)}, key=str)
        sizes = {s for m in matrices for s in m.shape if isinstance(s, sp.Symbol)}
        scalars = sorted({s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)} - sizes, key=str)
        args = (*matrices, *scalars)
        return args, {form: lambdify_matrix(args, e) for form, e in forms.items()}
    bases = sorted({a.base for e in exprs for a in e.atoms(sp.Indexed)}, key=str)
    bound = {s for e in exprs for s in e.atoms(sp.Symbol)} - {s for e in exprs for s in e.free_symbols}
    scalars = sorted({s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)} - bound
                     - {b.label for b in bases}, key=str)
    args = (*bases, *scalars)
    return args, {form: lambdify_indexed(args, e) for form, e in forms.items()}


def draw_point(args: tuple[sp.Basic, ...], rng: np.random.Generator) -> list:
    """Values for ``args``: sizes n, p in 1..6, an integer index in 1..p, arrays of those sizes, and scalars over
    two orders of magnitude (positive where the symbol is nonnegative, of either sign otherwise)."""
    sizes = {"n": int(rng.integers(1, 7)), "p": int(rng.integers(1, 7))}
    size_symbols = {n: sizes["n"], p: sizes["p"]}
    values = []
    for a in args:
        if isinstance(a, sp.MatrixSymbol):
            values.append(rng.standard_normal(tuple(int(s.subs(size_symbols)) for s in a.shape)))
        elif isinstance(a, sp.IndexedBase):
            values.append(rng.standard_normal(tuple(sizes[axis] for axis in SHAPES[str(a.label)])))
        elif a.name in sizes and a.is_integer:
            values.append(sizes[a.name])
        elif a.is_integer:
            values.append(int(rng.integers(1, sizes["p"] + 1)))
        else:
            magnitude = 10 ** rng.uniform(-1, 1)
            values.append(magnitude if a.is_nonnegative else magnitude * rng.choice([-1.0, 1.0]))
    return values


def _close(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.all(np.isfinite(a)) and np.allclose(a, b, rtol=1e-9, atol=1e-9 * (1 + np.max(np.abs(b)))))


@prop("For every pitfall whose forms are recorded, the right form and the derived form (an expression taken from "
      r"another derivation page) have the same value at points drawn over sizes $n, p \le 6$, arrays and scalars of "
      "two orders of magnitude.",
      group="symbols", evaluates=("pitfalls:e*_right", "pitfalls:e*_derived"))
@pytest.mark.parametrize("number", [number for number, forms in pitfalls.EVALUATED.items() if "right" in forms])
@given(seed=st.integers(0, 2**32 - 1))
def test_right_forms_equal_the_derived_ones(number, seed):
    args, f = compiled(number)
    values = draw_point(args, np.random.default_rng(seed))
    assert _close(f["right"](*values), f["derived"](*values))


@prop("For every pitfall whose written form is recorded, the written form differs from the derived one at some of "
      "40 drawn points (the two forms are different functions, not the same one written twice).",
      group="symbols", evaluates=("pitfalls:e*_wrong", "pitfalls:e*_derived"))
@pytest.mark.parametrize("number", [number for number, forms in pitfalls.EVALUATED.items() if "wrong" in forms])
def test_written_forms_differ_from_the_derived_ones(number):
    args, f = compiled(number)
    points = [draw_point(args, np.random.default_rng(seed)) for seed in range(40)]
    assert any(not _close(f["wrong"](*v), f["derived"](*v)) for v in points)


@prop("The pitfalls page has exactly one target `pitfall-e1` … `pitfall-e37` per erratum, each opening the "
      "entry's collapsible block, and its opening table has one row per entry, in page order, linking that "
      "target; no erratum number is shown to the reader.",
      group="machinery", evaluates="pitfalls")
def test_every_erratum_has_one_entry():
    d = pitfalls.derivation()
    found = pitfalls.targets(d)
    assert sorted(found) == sorted(f"pitfall-e{k}" for k in range(1, 38))
    text = d.to_myst()
    assert all(text.count(f"({t})=\n````{{rp-details}} ") == 1 for t in found)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "<pitfall-e" in line]
    assert [re.search(r"<(pitfall-e\d+)>", row)[1] for row in rows] == found
    assert not re.search(r"\bE\d{1,2}\b", re.sub(r"\(pitfall-e\d+\)=|<pitfall-e\d+>", "", text))


@prop("The pitfalls page builds with every check passing: each entry of the catalogue without a remark has a "
      "checked step labelled `pitfalls-e<k>`, each entry with one is a note without a check, and the sections "
      "show the entries in the catalogue's order.", group="machinery", evaluates="pitfalls")
def test_every_entry_is_checked_unless_it_is_a_note():
    d = pitfalls.derivation()
    catalogue = entries.catalogue()
    checked = {s.label for s in d.steps if s.checked}
    notes = {k for k, entry in catalogue.entries.items() if entry.remark}
    assert notes and checked >= {f"pitfalls-e{k}" for k in set(entries.NUMBERS) - notes}
    assert not checked & {f"pitfalls-e{k}" for k in notes}, "an entry with a remark has a check"
    order = [int(t.removeprefix("pitfall-e")) for t in pitfalls.targets(d)]
    assert order == [k for section in catalogue.sections for k in section.entries]


@prop("Loading the pitfalls catalogue refuses an erratum without an entry or without a place in a section, an "
      "unknown field and an unknown severity, each with a message naming the entry.", group="machinery")
def test_loading_refuses_an_incomplete_catalogue():
    text = entries.PITFALLS_FILE.read_text(encoding="utf-8")
    assert len(entries.parse(text).entries) == 37
    cases = {
        "entries lack [37]": text.replace("[entries.E37]", "[entries.E99]"),
        "sections lack [2]": text.replace("entries = [2, 25, 33, 37]", "entries = [25, 33, 37]"),
        "unknown field(s) ['rigth']": text.replace("[entries.E1]\n", "[entries.E1]\nrigth = 'x'\n"),
        "severity must be one of": text.replace('severity = "NOT"', 'severity = "MINOR"', 1),
    }
    for message, bad in cases.items():
        assert bad != text, message
        with pytest.raises(entries.RegisterError, match=re.escape(message)):
            entries.parse(bad)


# ------------------------------------------------------------------------------------------- E17
@lru_cache(maxsize=None)
def updates() -> dict:
    """The recorded E17 updates as functions of (a, lambda, q); the written one ignores q."""
    from derivations import lasso_coordinate

    a, lam, q = lasso_coordinate.derivation().results["soft_threshold_symbols"]
    return {form: sp.lambdify((a, lam, q), results()[f"e17_{form}"]) for form in ("wrong", "right", "derived")}


def coordinate_descent(update, X, y, lam, sweeps, *, stop_above=np.inf, stall=0.0):
    """Cyclic coordinate descent on ||y - Xb||^2 + lam ||b||_1 with the given one-coordinate update (a, lam, q).

    Stops early once a coefficient exceeds ``stop_above`` in absolute value (before the iterates overflow), or once
    a whole sweep moves no coefficient by more than ``stall`` times the largest (0: never).
    """
    coef, r, q = np.zeros(X.shape[1]), y.astype(float).copy(), np.sum(X**2, axis=0)
    for _ in range(sweeps):
        moved = 0.0
        for j in np.flatnonzero(q > 0):
            a = X[:, j] @ r + q[j] * coef[j]
            new = float(update(a, lam, q[j]))
            r -= X[:, j] * (new - coef[j])
            moved = max(moved, abs(new - coef[j]))
            coef[j] = new
        if np.abs(coef).max() > stop_above or moved <= stall * np.abs(coef).max():
            break
    return coef


#: correlated columns (0.64) where, at lambda = 0.9875 lambda_max, only the second coefficient is ever active
_ONE_ACTIVE_X = np.array([
    [-0.00841333, 4.47658107], [-2.39189861, 0.65821562], [4.6316785, 2.20330484], [-1.9157974, -2.45047578],
    [-2.9801856, -0.94642275], [-1.94406939, 0.45725844], [3.43432511, 5.53453689], [3.48522026, 3.90736102],
    [-4.07269154, -2.50004661], [-1.444338, 0.68402902], [-5.64701998, 2.67194794], [4.16160421, 2.46791214],
    [-6.18172543, -7.91686077], [3.71768706, 5.22439996], [1.66717177, 0.20757845], [-1.12466083, -5.82175796],
    [-1.64613935, 0.33664786], [-4.81398486, 0.23646571], [2.52448269, 3.32301978], [-0.42481379, 1.14243239]])
_ONE_ACTIVE_Y = np.array([-3.49367333, -0.22198376, -4.26988833, 3.4441202, 3.99125805, 1.63391959, -7.33981972,
                          -8.29542122, 4.7540544, 0.51386775, 0.34287034, -5.32114614, 13.78109306, -9.05447368,
                          -1.63196621, 8.23619519, 0.37367654, 3.82676722, -4.80052892, -1.78420997])

#: the same kind of data, where at lambda = 0.825 lambda_max the written update settles on the first coefficient while
#: the lasso's only nonzero coefficient is the second
_OTHER_ACTIVE_X = np.array([
    [-0.01121777, 5.96877477], [-3.18919815, 0.87762083], [6.17557133, 2.93773979], [-2.55439653, -3.26730104],
    [-3.9735808, -1.261897], [-2.59209251, 0.60967792], [4.57910014, 7.37938252], [4.64696034, 5.20981469],
    [-5.43025538, -3.33339548], [-1.925784, 0.9120387], [-7.52935998, 3.56259725], [5.54880561, 3.29054952],
    [-8.24230058, -10.55581436], [4.95691608, 6.96586661], [2.22289569, 0.27677127], [-1.49954778, -7.76234395],
    [-2.19485246, 0.44886381], [-6.41864648, 0.31528762], [3.36597692, 4.43069304], [-0.56641839, 1.52324319]])
_OTHER_ACTIVE_Y = np.array([
    -5.2380204, -0.13067476, -5.80284098, 4.67835112, 4.79385311, 1.73843913, -9.99754383, -10.32605833,
    6.32139621, 0.4572616, 0.1225066, -6.8888925, 17.76745363, -11.63248791, -1.95544561, 10.66991025, 0.48188385,
    4.43489209, -6.46354495, -2.16788193])


@st.composite
def unscaled_correlated(draw):
    """Columns sharing a common component, scaled by 3 to 30: Gram entries far above 1 off the diagonal."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n, p = draw(st.integers(20, 60)), draw(st.integers(2, 5))
    common = rng.standard_normal((n, 1))
    X = draw(st.floats(3, 30)) * (rng.standard_normal((n, p)) + common)
    y = X @ rng.standard_normal(p) + rng.standard_normal(n)
    return X, y


@prop(r"Coordinate descent with the one-line update written without the division by $\lVert x_k\rVert^2$ diverges "
      "on unscaled, correlated columns (the coefficients pass $10^{12}$ times the lasso solution's size within 40 "
      r"sweeps), or, where a single coefficient stays active (near $\lambda_{\max}$), stops at its own fixed point "
      r"$\beta_k = S(x_k^\top y, \lambda/2)$ with the other coefficients held at 0, whose objective is above the "
      "lasso's by more than the lasso's gap; the same loop with the derived update reaches the lasso solution.",
      group="routes", evaluates=("pitfalls:e17_wrong", "pitfalls:e17_right"), checks=("lasso", "lam_max"))
@given(problem=unscaled_correlated(), ratio=powers_of_ten(-2, -1))
@example(problem=(_ONE_ACTIVE_X, _ONE_ACTIVE_Y), ratio=0.9875)  # the lasso's coefficient, ||x_k||^2 times too far
@example(problem=(_OTHER_ACTIVE_X, _OTHER_ACTIVE_Y), ratio=0.825)  # another coefficient than the lasso's
def test_update_without_the_division_diverges(problem, ratio):
    X, y = problem
    lam = ratio * rp.lam_max(X, y)
    reference = rp.lasso(X, y, lam, tol=1e-12)
    scale = 1 + np.abs(reference.coef).max()
    wrong = coordinate_descent(updates()["wrong"], X, y, lam, sweeps=40, stop_above=1e12 * scale)
    if np.abs(wrong).max() <= 1e12 * scale:
        # With one coefficient k active and the others held at 0 by the threshold, the written update does not
        # depend on beta_k (a_k = x_k^T y): it stops at its own fixed point, not divergent but not the lasso either
        # (||x_k||^2 times too far out, or on another coefficient than the lasso's). The deep search found both, at
        # lambda = 0.9875 and 0.825 lambda_max.
        (active,) = np.flatnonzero(wrong)
        c = X[:, active] @ y
        assert wrong[active] == pytest.approx(np.sign(c) * (abs(c) - lam / 2), rel=1e-10)
        held = np.abs(np.delete(X, active, axis=1).T @ (y - X[:, active] * wrong[active]))
        assert np.all(held <= lam / 2)
        objective = lambda b: float((y - X @ b) @ (y - X @ b) + lam * np.abs(b).sum())  # noqa: E731
        assert objective(wrong) > reference.objective + reference.gap
    right = coordinate_descent(updates()["right"], X, y, lam, sweeps=2000)
    np.testing.assert_allclose(right, reference.coef, atol=1e-6 * scale)


@prop("For columns of unit norm the written and the derived coordinate updates are the same map, so coordinate "
      "descent with either reaches the lasso solution.",
      group="routes", evaluates=("pitfalls:e17_wrong", "pitfalls:e17_derived"), checks="lasso")
@given(problem=well_posed_problems(), ratio=powers_of_ten(-2, -1))
@example(problem=Problem(np.array([  # correlated columns at 0.01 lambda_max: 3% off after 300 sweeps
    [-0.19508408, -0.06447526, 1.27170346, 0.36428395, -0.34044686],
    [-0.40923242, -1.01697699, -0.34913731, -2.03167001, 2.43009005],
    [-0.85571216, -0.18055055, -0.52948159, -1.48947901, 0.90714727],
    [-1.07537525, 0.86458014, -0.31096259, -0.37900864, -0.48365606],
    [-0.0241509, 1.6762937, 0.76880146, 1.44354655, -0.48871635],
    [0.21919449, -1.11959975, 0.7741194, 0.2533345, -1.31364197],
    [0.13430056, -1.35937528, 0.25833148, -0.43813532, 0.51588235]]),
    np.array([0.37432674, -2.97039588, -4.47707273, -3.98121063, 3.41225292, -0.60713979, -0.3538329]),
    "gaussian"), ratio=0.01)
def test_updates_agree_on_unit_norm_columns(problem, ratio):
    X = problem.X / np.linalg.norm(problem.X, axis=0)
    lam = ratio * rp.lam_max(X, problem.y)
    # cyclic coordinate descent converges only linearly, slowly on correlated columns at small lambda (the deep
    # search's seed 1953116543 drew one still 3% off after 300 sweeps): run each until a sweep stalls
    wrong = coordinate_descent(updates()["wrong"], X, problem.y, lam, sweeps=200_000, stall=1e-13)
    derived = coordinate_descent(updates()["derived"], X, problem.y, lam, sweeps=200_000, stall=1e-13)
    np.testing.assert_allclose(wrong, derived, rtol=1e-10, atol=1e-12 * (1 + np.abs(derived).max()))
    reference = rp.lasso(X, problem.y, lam, tol=1e-12)
    np.testing.assert_allclose(derived, reference.coef, atol=1e-5 * (1 + np.abs(reference.coef).max()))


# ------------------------------------------------------------------------------------------- E13
def unsquared_objective(X, y, w, lam):
    r = y - X @ w
    return float(r @ r + lam * np.linalg.norm(w))


@prop(r"With the unsquared penalty $\lambda\lVert\beta\rVert_2$ and $\lambda \ge 2\lVert X^\top y\rVert_2$, the "
      r"derived slope from 0 is nonnegative in the steepest direction and no drawn point beats $\beta = 0$; ridge at "
      r"the same $\lambda$ is not 0.",
      group="optimality", evaluates="constraint-penalty:unsquared_zero_slope", checks="ridge")
@given(problem=well_posed_problems(), ratio=st.floats(1.0, 10.0), data=st.data())
def test_unsquared_norm_has_an_exact_zero(problem, ratio, data):
    from derivations import constraint_penalty

    res = constraint_penalty.derivation().results
    w, lam_s = res["unsquared_symbols"]
    slope = lambdify_indexed((w, y_sym, n, lam_s), res["unsquared_zero_slope"])
    X, yv = problem.X, problem.y
    correlation = X.T @ yv
    lam = ratio * 2 * np.linalg.norm(correlation)
    steepest = X @ (correlation / np.linalg.norm(correlation))
    assert slope(steepest, yv, len(yv), lam) >= -1e-12 * lam
    for _ in range(5):
        point = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=X.shape[1], max_size=X.shape[1])))
        assert unsquared_objective(X, yv, point, lam) >= unsquared_objective(X, yv, np.zeros(X.shape[1]), lam) - 1e-9
    assert np.abs(rp.ridge(X, yv, lam).coef).max() > 0


@prop(r"Below that threshold the minimizer of $\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_2$ (found as "
      r"a ridge solution at the strength $\lambda/(2\lVert\beta\rVert_2)$ by a one-dimensional root search) zeroes "
      "the gradient built from the recorded unsquared-norm derivative, and it is not the ridge solution at "
      r"$\lambda$ (beyond the root search's precision; the two strengths, hence the two solutions, coincide only "
      r"where $\lVert\beta\rVert_2 = 1/2$).",
      group="optimality", evaluates=("pitfalls:e13_wrong", "ridge-solution:gradient"), checks="ridge",
      against="scipy.optimize.brentq")
@given(problem=well_posed_problems(), ratio=powers_of_ten(-2, -1))
# ||beta|| = 0.49 and a weak penalty: the two solutions differ by 2e-4 of their size, below the 1e-3 once asked for
@example(problem=Problem(np.array([[2.76467354], [6.57294515], [2.64349661]]),
                         np.array([7.78792237, 3.16081305, -5.17706829]), "gaussian"), ratio=0.01)
def test_unsquared_norm_minimizer_is_not_ridge(problem, ratio):
    from scipy.optimize import brentq

    from derivations import ridge_solution

    X, yv = problem.X, problem.y
    lam_v = ratio * 2 * np.linalg.norm(X.T @ yv)
    radius = lambda t: np.linalg.norm(rp.ridge(X, yv, lam_v / (2 * t)).coef) - t  # noqa: E731
    top = np.linalg.norm(np.linalg.lstsq(X, yv, rcond=None)[0]) + 1.0
    t_star = brentq(radius, 1e-12 * top, top, xtol=1e-14 * top, rtol=1e-14)
    minimizer = rp.ridge(X, yv, lam_v / (2 * t_star)).coef
    lam_r = symbol_named(ridge_solution.derivation().results["gradient"], "lambda")
    data_fit = ridge_solution.derivation().results["gradient"].subs(lam_r, 0)
    fit_grad = lambdify_indexed((X_sym, y_sym, beta, n, p, k), data_fit)
    norm_grad = lambdify_indexed((beta, p, k, lam_r), results()["e13_wrong"])
    size = X.shape[1]
    grad = np.array([fit_grad(X, yv, minimizer, len(yv), size, j) + norm_grad(minimizer, size, j, lam_v)
                     for j in range(1, size + 1)])
    assert np.abs(grad).max() <= 1e-6 * (np.abs(X.T @ yv).max() + lam_v)
    # The minimizer is ridge at lam_v / (2 t*): it is ridge at lam_v only where t* = ||beta||_2 = 1/2, and near
    # there (or for a weak penalty) the two differ little. What they must differ by is more than the precision of
    # the root t* (xtol 1e-14 of its bracket), which carries over to the coefficients at about that relative size.
    ridge = rp.ridge(X, yv, lam_v).coef
    assert np.abs(minimizer - ridge).max() > 1e-9 * np.abs(ridge).max()


# ------------------------------------------------------------------------------------------- E18
@prop("scikit-learn's `Lasso(alpha = λ/n, fit_intercept=False)`, with `alpha` from the recorded right form, solves "
      r"$\tfrac12\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$, i.e. the canonical problem at $2\lambda$ "
      "(through `conventions.to_canonical`); `Lasso(alpha = λ)` is a different estimate.",
      group="libraries", evaluates=("pitfalls:e18_right", "pitfalls:e18_wrong"),
      checks=("lasso", "conventions.to_canonical"), against="scikit-learn")
@given(problem=well_posed_problems(), ratio=powers_of_ten(-2, -1))
# lambda = 0.9875 lambda_max: the lasso is 7e-4, Lasso(alpha = lambda) is 0; they differ by all of the former
@example(problem=Problem(np.array([[0.18084715], [1.3014998], [-0.23416503], [0.30802825], [-1.45396664],
                                   [-1.04780321], [1.09047997], [-0.66443437], [1.90925466], [-1.63650982]]),
                         np.array([1.43220031, 1.02473002, 1.41185802, -0.87004763, 0.51364312, 1.10799549,
                                   0.31246967, 0.35153909, 0.39756296, 0.42514656]), "gaussian"), ratio=0.9875)
def test_lasso_alpha_is_lambda_over_n(problem, ratio):
    X, yv = problem.X, problem.y
    lam_s = symbol_named(results()["e18_right"], "lambda")
    right, wrong = (sp.lambdify((lam_s, n), results()[f"e18_{form}"]) for form in ("right", "wrong"))
    lam_half = ratio * np.abs(X.T @ yv).max()
    alpha = float(right(lam_half, len(yv)))
    canonical = rp.conventions.to_canonical("sklearn.Lasso", alpha=alpha, n_samples=len(yv))
    assert canonical.lam1 == pytest.approx(2 * lam_half)
    ours = rp.lasso(X, yv, canonical.lam1, tol=1e-13).coef
    ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, yv).coef_
    scale = 1 + np.abs(ours).max()
    np.testing.assert_allclose(ref, ours, atol=1e-6 * scale)
    other = Lasso(alpha=float(wrong(lam_half, len(yv))), fit_intercept=False, tol=1e-12,
                  max_iter=100_000).fit(X, yv).coef_
    # Lasso(alpha = lambda) is the lasso at n times the strength. Near lambda_max ours is itself small and the other is
    # 0, so the difference is measured against ours: on one coordinate it is min((n-1) r/(1 - r), 1) of it, r the
    # ratio to lambda_max, at least 2% here.
    assert np.abs(other - ours).max() > 1e-3 * np.abs(ours).max()


# ------------------------------------------------------------------------------------------- E23
@prop(r"`np.random.normal(k)` (a location, not a size) returns one number, so adding it to $X\beta$ shifts every "
      "response by the same amount: the 'noise' is an intercept.",
      group="metamorphic")
@given(k=st.integers(1, 20), seed=st.integers(0, 2**32 - 1))
def test_normal_with_one_argument_is_one_number(k, seed):
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((30, k))
    offset = rng.normal(k)
    y = X @ np.ones(k) + offset
    assert np.ndim(offset) == 0
    np.testing.assert_allclose(y - X @ np.ones(k), np.full(30, offset))


@prop(r"The snippet's closed form $(X^\top X + I)^{-1}X^\top y$ (recorded written form) equals the ridge solution "
      r"(recorded derived form, and `ridge`) at $\lambda = 1$ and differs from it at other $\lambda$.",
      group="routes", evaluates=("pitfalls:e23_wrong", "pitfalls:e23_derived"), checks="ridge")
@given(problem=well_posed_problems(), lam=powers_of_ten(-2, 2))
def test_snippet_ignores_lambda(problem, lam):
    assume(abs(np.log10(lam)) > 0.05)  # the two coincide at lambda = 1 by construction
    X, yv = problem.X, problem.y
    args, f = compiled(23)
    point = {"X": X, "y": yv, "lambda": lam}
    values = [point[str(a)] for a in args]
    derived = f["derived"](*values)
    np.testing.assert_allclose(derived, rp.ridge(X, yv, lam).coef, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(f["wrong"](*values), rp.ridge(X, yv, 1.0).coef, rtol=1e-8, atol=1e-10)
    assert np.abs(f["wrong"](*values) - derived).max() > 1e-8 * (1 + np.abs(derived).max())


@prop("scikit-learn's `Ridge(alpha=1.0)` with its default intercept solves the centred problem, and with "
      "`fit_intercept=False` the uncentred one: each agrees with `ridge` on its own problem, so comparing the default "
      "with a no-intercept closed form compares two different estimators.",
      group="libraries", checks="ridge", against="scikit-learn")
@given(problem=well_posed_problems(), offset=powers_of_ten(-1, 2))
def test_ridge_default_intercept_is_the_centred_problem(problem, offset):
    X, yv = problem.X, problem.y + offset
    with_intercept = Ridge(alpha=1.0).fit(X, yv).coef_
    without = Ridge(alpha=1.0, fit_intercept=False).fit(X, yv).coef_
    centred = rp.ridge(X - X.mean(axis=0), yv - yv.mean(), 1.0).coef
    np.testing.assert_allclose(with_intercept, centred, rtol=1e-7, atol=1e-9 * (1 + np.abs(centred).max()))
    np.testing.assert_allclose(without, rp.ridge(X, yv, 1.0).coef, rtol=1e-7, atol=1e-9 * (1 + np.abs(without).max()))


# ------------------------------------------------------------------------------------------- E11
#: column k: the monomial coefficients of the shifted Legendre polynomial P_k(2x - 1), the integers
#: (-1)^(k+j) C(k, j) C(k+j, j) for x^j (all below 2^53, so float64 holds them exactly); monomial coefficients
#: are ``TO_MONOMIAL @`` Legendre ones
TO_MONOMIAL = np.array([[(-1) ** (k + j) * math.comb(k, j) * math.comb(k + j, j) for k in range(16)]
                        for j in range(16)], dtype=float)


@prop("For 30 points drawn in $[0, 1]$, the degree-15 monomial design has condition number above $10^{10}$ and "
      "above $10^4$ times that of the Legendre design, and the largest least-squares monomial coefficient is over "
      "$10^4$ times the largest Legendre one. Where the monomial condition number is below $10^{13}$ the two "
      "least-squares fits give the same curve; above it float64 cannot compute the monomial fit accurately (its "
      r"coefficients, near $10^9$, cancel in $Mc$; at $6.4\cdot 10^{14}$ its curve was 0.02 off, at "
      r"$2.8\cdot 10^{14}$ its largest coefficient was 6900 times the largest Legendre one where the exact "
      r"least-squares one is $1.6\cdot 10^7$ times), a cost of the ill-conditioned basis, not of the model. So the "
      "monomial coefficients compared are the Legendre ones carried through the exact change of basis, and no "
      "curve is compared above $10^{13}$.",
      group="metamorphic")
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=1957840)  # condition number 6.4e14: the monomial fit's curve is 0.02 off (deep search)
@example(seed=11080)  # condition number 2.8e14: float64's monomial coefficients are 100% off (deep search)
def test_monomial_coefficients_measure_conditioning(seed):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 1, 30))
    y = np.cos(1.5 * np.pi * x) + 0.1 * rng.standard_normal(30)
    monomial, leg = np.vander(x, 16, increasing=True), legendre.legvander(2 * x - 1, 15)
    condition = np.linalg.cond(monomial)
    assert condition > 1e10
    assert condition > 1e4 * np.linalg.cond(leg)
    c_leg = np.linalg.lstsq(leg, y, rcond=None)[0]
    c_mono = TO_MONOMIAL @ c_leg  # the monomial least-squares coefficients: same functions, same fitted curve
    # the same curve, up to the rounding of forming c_mono and of the two evaluations (n eps |A| |c| bounds, n = 16)
    rounding = 16 * np.finfo(float).eps * (np.abs(monomial) @ (2 * np.abs(TO_MONOMIAL) @ np.abs(c_leg))
                                            + np.abs(leg) @ np.abs(c_leg))
    assert np.all(np.abs(monomial @ c_mono - leg @ c_leg) <= rounding)
    if condition < 1e13:
        computed = np.linalg.lstsq(monomial, y, rcond=None)[0]
        np.testing.assert_allclose(monomial @ computed, leg @ c_leg, atol=1e-3 * np.abs(y).max())
    assert np.abs(c_mono).max() > 1e4 * np.abs(c_leg).max()
