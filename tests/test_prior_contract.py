r"""The contract every prior keeps: one list of priors, the same checks for each.

A prior is defined once, symbolically, in :mod:`regprior.symbolic.models`; its numeric class names that model
(``symbolic_model``) and which symbol each of its parameters is (``symbolic_parameters``). The checks below take
nothing else: adding a prior to :data:`PRIORS` is all it takes for a new prior to be held to them.

1. ``neg_log_density`` is minus the log of the SymPy density (normalizer included), evaluated numerically.
2. ``penalty(w)`` is w times the negative log-prior, up to a constant free of β.
3. The canonical penalty ``penalty(2σ²)`` is the strength that :func:`regprior.symbolic.models.penalized_form`
   derives from the negative log-posterior, times the model's penalty term.
4. Whatever the penalty offers is consistent: its proximal map minimizes, its gradient is the finite-difference
   slope, its conjugate satisfies the Fenchel–Young inequality (with equality on the subdifferential).
5. ``map_estimate`` returns a point that meets the first-order conditions of the numeric negative log-posterior,
   whichever solver the penalty's capabilities select.
6. Priors take part in scikit-learn's parameter protocol (``get_params``, ``set_params``, ``clone``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from regprior.symbolic import models
from regprior.symbolic.numeric import lambdify_matrix
from regprior.symbolic.symbols import p, sigma
from tests.properties import prop
from tests.strategies import examples

P = 3
_SPD = np.array([[1.0, 0.3, -0.2], [0.3, 0.8, 0.1], [-0.2, 0.1, 0.5]])

#: every prior class, with typical and per-coefficient parameters and a mean where the class has one
PRIORS = [
    rp.GaussianPrior(0.7),
    rp.GaussianPrior([0.5, 1.0, 2.0], mean=[0.3, -1.0, 0.0]),
    rp.LaplacePrior(0.4, mean=0.5),
    rp.LaplacePrior([0.2, 1.0, 3.0]),
    rp.MultivariateGaussianPrior(_SPD, mean=[0.1, 0.0, -0.3]),
    rp.StudentTPrior(3.0, 0.5),
    rp.StudentTPrior(1.0, [0.3, 1.0, 2.0], mean=0.2),
    rp.UniformPrior(-1.0, 2.0),
    rp.UniformPrior([-0.5, 0.0, -2.0], [0.5, 3.0, 2.0]),
]
IDS = [repr(prior) for prior in PRIORS]


@prop("Every prior class the package exports is in the contract's list, so none escapes these checks.",
      group="machinery")
def test_every_prior_class_is_listed():
    names = rp.__all__  # the package imports its names on first use, so vars(rp) holds only those used so far
    exported = {obj for obj in (getattr(rp, name) for name in names)
                if isinstance(obj, type) and issubclass(obj, rp.Prior) and obj is not rp.Prior}
    assert exported == {type(prior) for prior in PRIORS}


# -- the symbolic side, evaluated ------------------------------------------------------------------------------

def _symbol(model_expr: sp.Basic, name: str) -> sp.Symbol:
    matches = [s for s in model_expr.free_symbols if s.name == name]
    assert len(matches) == 1, f"the model has no single symbol named {name!r}: {model_expr.free_symbols}"
    return matches[0]


def _location(prior) -> np.ndarray:
    return np.broadcast_to(np.asarray(getattr(prior, "mean", 0.0), dtype=float), (P,))


@lru_cache(maxsize=None)
def _scalar_density(model_name: str, names: tuple[str, ...]):
    """(x, *parameter values) -> the model's density of one coefficient, compiled."""
    model = getattr(models, model_name)
    x = sp.Symbol("x", real=True)
    expr = model.density_value(x)
    params = [_symbol(expr, name) for name in names]
    return sp.lambdify([x, *params], expr, modules="numpy")


def symbolic_neg_log_density(prior, coef: np.ndarray) -> float:
    r""":math:`-\log p(\beta)` from the SymPy model (the product of per-coefficient densities, or the matrix one)."""
    model = getattr(models, prior.symbolic_model)
    params = prior.get_params()
    if isinstance(model, models.GaussianVectorPrior):
        b_, m_ = sp.MatrixSymbol("b", p, 1), sp.MatrixSymbol("m", p, 1)
        det = sp.Symbol("det", positive=True)  # NumPy's printer has no determinant: pass it in
        expr = model.matrix_density(b_, m_).xreplace({sp.Determinant(model.cov): det}).subs(p, P)
        density = lambdify_matrix(tuple(a.subs(p, P) for a in (model.cov, b_, m_)) + (det,), expr)
        return -np.log(density(params["cov"], coef, _location(prior), np.linalg.det(params["cov"])))
    names = tuple(prior.symbolic_parameters.values())
    density = _scalar_density(prior.symbolic_model, names)
    values = [np.broadcast_to(np.asarray(params[key], dtype=float), (P,)) for key in prior.symbolic_parameters]
    t = coef - _location(prior)
    return float(-sum(np.log(float(density(t[j], *(v[j] for v in values)))) for j in range(P)))


@lru_cache(maxsize=None)
def _derived_strength(model_name: str):
    """(lambda, penalty term) from penalized_form on the Gaussian likelihood with this prior's model."""
    model = getattr(models, model_name)
    nlp = models.neg_log_posterior(models.gaussian_likelihood, model)
    return models.penalized_form(nlp, models.gaussian_likelihood.data_fit, model.penalty())


def symbolic_canonical_penalty(prior, u: np.ndarray, noise_sd: float) -> float:
    r""":math:`\lambda R(u)`, λ and R from the derivation, at noise standard deviation ``noise_sd``."""
    model = getattr(models, prior.symbolic_model)
    form = _derived_strength(prior.symbolic_model)
    params = prior.get_params()
    if isinstance(model, models.GaussianVectorPrior):
        assert form.factor == 1 / (2 * sigma**2)
        lam = float(form.lam.subs(sigma, noise_sd))
        return lam * float(u @ np.linalg.solve(params["cov"], u))
    x = sp.Symbol("x", real=True)
    term = model.penalty_term(x)
    present = {s.name: s for s in (form.lam * term).free_symbols}
    symbols = [present.get(name, sp.Symbol(name)) for name in prior.symbolic_parameters.values()]
    f = sp.lambdify([x, sigma, *symbols], form.lam * term, modules="numpy")
    values = [np.broadcast_to(np.asarray(params[key], dtype=float), (P,)) for key in prior.symbolic_parameters]
    return float(sum(f(u[j], noise_sd, *(v[j] for v in values)) for j in range(P)))


def _inside(prior, rng) -> np.ndarray:
    """A coefficient vector where the prior has positive density (inside a uniform prior's box)."""
    if isinstance(prior, rp.UniformPrior):
        lower, upper = (np.broadcast_to(np.asarray(v, float), (P,)) for v in (prior.lower, prior.upper))
        return lower + (upper - lower) * rng.uniform(0.05, 0.95, P)
    return _location(prior) + rng.normal(0, 1.5, P)


# -- 1-3: the numeric prior is the symbolic model ------------------------------------------------------------

@prop(r"Every prior's `neg_log_density` is $-\log$ of the density its SymPy model defines (normalizer included), "
      r"at random coefficients; every `penalty(w)` differs from $w\,(-\log p(\beta))$ by a constant free of $\beta$; "
      r"and where the model has a penalty term, `penalty(2\sigma^2)` is the strength `penalized_form` derives from "
      r"the negative log-posterior times that term.",
      group="symbols", checks=("Prior.neg_log_density", "Prior.penalty"), evaluates="gaussian-l2")
@pytest.mark.parametrize("prior", PRIORS, ids=IDS)
@given(seed=st.integers(0, 2**32 - 1), noise=st.sampled_from([0.3, 1.0, 4.0]))
@examples(ci=10)
def test_the_numeric_prior_is_the_symbolic_model(prior, seed, noise):
    rng = np.random.default_rng(seed)
    coef = _inside(prior, rng)
    assert prior.neg_log_density(coef) == pytest.approx(symbolic_neg_log_density(prior, coef), rel=1e-10, abs=1e-10)
    other = _inside(prior, rng)
    for weight in (1.0, 2 * noise**2):
        penalty = prior.penalty(weight)
        moved = penalty.value(coef - _location(prior)) - penalty.value(other - _location(prior))
        expected = weight * (prior.neg_log_density(coef) - prior.neg_log_density(other))
        assert moved == pytest.approx(expected, rel=1e-9, abs=1e-9 * weight)
    if not isinstance(prior, rp.UniformPrior):  # an indicator has no strength to derive
        u = coef - _location(prior)
        canonical = prior.penalty(rp.priors.canonical_weight(noise)).value(u)
        assert canonical == pytest.approx(symbolic_canonical_penalty(prior, u, noise), rel=1e-10, abs=1e-12)
    outside = coef.copy()
    if isinstance(prior, rp.UniformPrior):
        outside[0] = np.max(prior.upper) + 1.0
        assert prior.neg_log_density(outside) == np.inf and prior.penalty(1.0).value(outside) == np.inf


@prop("A prior with a single strength per coefficient converts it both ways: `from_penalty_strength` inverts "
      "`penalty_strength`, which is the canonical penalty's strength.",
      group="symbols", checks=("GaussianPrior.penalty_strength", "LaplacePrior.from_penalty_strength"))
@pytest.mark.parametrize("prior", [p_ for p_ in PRIORS if getattr(p_, "from_penalty_strength", None)], ids=repr)
@pytest.mark.parametrize("noise", [0.2, 1.0, 30.0])
def test_strength_round_trip(prior, noise):
    lam = prior.penalty_strength(noise)
    back = type(prior).from_penalty_strength(lam, noise, mean=prior.mean)
    np.testing.assert_allclose(back.scale, prior.scale, rtol=1e-12)
    assert back.mean is prior.mean or np.array_equal(back.mean, prior.mean)
    u = np.linspace(-1.0, 2.0, P)
    canonical = prior.penalty(rp.priors.canonical_weight(noise))
    assert canonical.value(u) == pytest.approx(canonical.value(np.ones(P) * 0) + np.sum(
        np.broadcast_to(lam, (P,)) * (u * u if isinstance(prior, rp.GaussianPrior) else np.abs(u))), rel=1e-12)


# -- 4: what a penalty offers is consistent ------------------------------------------------------------------

@prop(r"Each penalty's capabilities agree with its value: the proximal map minimizes "
      r"$\tfrac12\lVert u - v\rVert^2 + t\,R(u)$ (no random point does better, and the subdifferential condition "
      r"holds there), the gradient is the central finite difference of the value and the Hessian's diagonal that "
      r"of the gradient, and the conjugate satisfies "
      r"$R(u) + R^*(v) \ge u^\top v$, with equality at $v = \nabla R(u)$ for smooth convex penalties.",
      group="optimality", checks="Prior.penalty")
@pytest.mark.parametrize("prior", PRIORS, ids=IDS)
@given(seed=st.integers(0, 2**32 - 1))
@examples(ci=10)
def test_penalty_capabilities_agree_with_its_value(prior, seed):
    rng = np.random.default_rng(seed)
    penalty = prior.penalty(rng.uniform(0.1, 5.0))
    u = _inside(prior, rng) - _location(prior)
    if getattr(penalty, "prox", None) is not None:
        v, step = rng.normal(0, 2, P), rng.uniform(0.05, 2.0)
        w = penalty.prox(v, step)
        objective = lambda z: 0.5 * np.sum((z - v) ** 2) + step * penalty.value(z)  # noqa: E731
        best = objective(w)
        assert np.isfinite(best)
        for _ in range(50):
            z = w + rng.normal(0, 0.3, P) * rng.choice([1e-3, 1e-1, 1.0])
            assert objective(z) >= best - 1e-9 * (1 + abs(best))
        if getattr(penalty, "subdiff_distance", None) is not None:
            assert np.all(penalty.subdiff_distance(w, (w - v) / step) <= 1e-9 * (1 + np.abs(v).max() / step))
        elif getattr(penalty, "frank_wolfe_gap", None) is not None:
            assert penalty.frank_wolfe_gap(w, (w - v) / step) <= 1e-9 * (1 + np.abs(v).max() ** 2 / step)
    if getattr(penalty, "gradient", None) is not None:
        h = 1e-6 * (1 + np.abs(u))
        numeric = np.array([(penalty.value(u + h[j] * np.eye(P)[j]) - penalty.value(u - h[j] * np.eye(P)[j]))
                            / (2 * h[j]) for j in range(P)])
        np.testing.assert_allclose(penalty.gradient(u), numeric, rtol=1e-6, atol=1e-8)
    if getattr(penalty, "hessian_diag", None) is not None:  # separable: the Hessian is diagonal
        h = 1e-5 * (1 + np.abs(u))
        step = h[:, None] * np.eye(P)
        numeric = np.array([(penalty.gradient(u + step[j])[j] - penalty.gradient(u - step[j])[j]) / (2 * h[j])
                            for j in range(P)])
        np.testing.assert_allclose(penalty.hessian_diag(u), numeric, rtol=1e-5, atol=1e-7)
    if getattr(penalty, "conjugate", None) is not None:
        v = rng.normal(0, 3, P)
        v = v * penalty.dual_scale(v)
        assert penalty.value(u) + penalty.conjugate(v) >= u @ v - 1e-9 * (1 + abs(u @ v))
        if penalty.smooth and penalty.convex:
            g = penalty.gradient(u)
            assert penalty.value(u) + penalty.conjugate(g) == pytest.approx(u @ g, rel=1e-9, abs=1e-12)


# -- 5: the MAP is first-order optimal, whichever solver runs -------------------------------------------------

@prop(r"For every prior, `map_estimate` returns coefficients at which the first-order conditions of "
      r"$\lVert y - X\beta\rVert^2 + R(\beta - \theta_0)$ hold (the penalty's own subdifferential distance, or its "
      r"Frank–Wolfe gap for a constraint), and no nearby point has a lower negative log-posterior; the solver is "
      r"chosen by the penalty's capabilities.",
      group="optimality", checks=("map_estimate", "map_result"))
@pytest.mark.parametrize("prior", PRIORS, ids=IDS)
@pytest.mark.parametrize("seed", range(3))
def test_map_estimate_is_first_order_optimal(prior, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((25, P))
    y = X @ np.array([1.0, -0.5, 0.0]) + 0.5 * rng.standard_normal(25)
    noise = 0.5
    fit = rp.map_result(X, y, prior, noise, tol=1e-12)
    coef = fit.coef
    u = coef - _location(prior)
    penalty = prior.penalty(rp.priors.canonical_weight(noise))
    grad = -2 * X.T @ (y - X @ coef)
    scale = float(np.abs(2 * X.T @ y).max())
    if getattr(penalty, "subdiff_distance", None) is not None:
        assert np.all(penalty.subdiff_distance(u, grad) <= 1e-6 * scale)
    else:
        assert penalty.frank_wolfe_gap(u, grad) <= 1e-9 * float(y @ y)
    posterior = lambda b: (y - X @ b) @ (y - X @ b) / (2 * noise**2) + prior.neg_log_density(b)  # noqa: E731
    for _ in range(30):
        near = coef + rng.normal(0, 1e-3, P)
        if np.isfinite(prior.neg_log_density(near)):
            assert posterior(near) >= posterior(coef) - 1e-9 * abs(posterior(coef))


@prop(r"A uniform prior's MAP (FISTA on a box) started outside the box, `coef_init` = (5, -5, 3) or the "
      r"least-squares point (where the data's gradient vanishes) with bounds $\pm1$, is the MAP started at the prior "
      r"mean: the start is projected onto the box before the first gap is "
      r"taken, and the answer lies in the box.",
      group="optimality", checks=("map_result", "UniformPrior"))
def test_a_constrained_map_started_outside_its_set_is_projected_first():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, P))
    y = X @ np.array([0.5, -2.0, 1.0]) + 0.1 * rng.standard_normal(30)
    prior = rp.UniformPrior(-1.0, 1.0)
    inside = rp.map_result(X, y, prior, 0.5, tol=1e-12)
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]  # outside the box, where the data's gradient is 0
    for start in ([5.0, -5.0, 3.0], least_squares):
        outside = rp.map_result(X, y, prior, 0.5, tol=1e-12, coef_init=start)
        assert inside.method == outside.method == "fista" and outside.converged
        assert np.all(np.abs(outside.coef) <= 1.0)
        np.testing.assert_allclose(outside.coef, inside.coef, atol=1e-9)


@prop(r"The prior weight $w = 2\sigma^2$ is refused, naming `noise_sd` and the value $w$ would take, when it "
      r"underflows to 0 ($\sigma = 10^{-170}$) or overflows ($\sigma = 10^{170}$), also under NumPy's "
      r"`errstate(all='raise')`.", group="inputs", checks="priors.canonical_weight")
def test_the_prior_weight_refuses_a_noise_sd_out_of_range():
    for state in ({}, {"all": "raise"}):
        for sd, weight in ((1e-170, "0"), (1e170, "inf")):
            with np.errstate(**state), pytest.raises(ValueError) as info:
                rp.priors.canonical_weight(sd)
            assert str(info.value) == (f"noise_sd = {sd:g}: its square is not representable in float64 (the prior "
                                       f"weight 2 sigma^2 would be {weight}); rescale y")
    assert rp.priors.canonical_weight(np.sqrt(0.5)) == pytest.approx(1.0, rel=1e-15)


# -- 6: scikit-learn's parameter protocol -------------------------------------------------------------------

@prop("Every prior lists its constructor parameters in `get_params`, rebuilds an equal prior from them "
      "(`sklearn.base.clone`), changes by `set_params` with the constructor's validation, and refuses an unknown "
      "parameter by name.", group="inputs", checks=("Prior.get_params", "Prior.set_params"),
      against="sklearn.base.clone")
@pytest.mark.parametrize("prior", PRIORS, ids=IDS)
def test_priors_follow_the_parameter_protocol(prior):
    from sklearn.base import clone

    params = prior.get_params()
    assert set(params) == set(type(prior)._param_names())
    copy = clone(prior)
    assert copy == prior and copy is not prior
    with pytest.raises(ValueError, match="has no parameter"):
        clone(prior).set_params(no_such_parameter=1.0)
    first = next(iter(params))
    if first in ("scale", "df"):
        changed = clone(prior).set_params(**{first: 2.5})
        assert getattr(changed, first) == 2.5 and changed != prior
        with pytest.raises(ValueError):
            clone(prior).set_params(**{first: -1.0})


@prop(r"Every prior refuses a scale (and the Student-t its degrees of freedom) of 0, as a number or inside an array, "
      r"with a whole message naming it; the arrays a prior keeps are read-only, so a prior cannot be changed behind "
      r"its back; and a prior whose penalty is out of float64 is refused naming the parameter: a Student-t scale of "
      r"$10^{-200}$ or $10^{200}$ (so $\nu s^2$ under- or overflows) names the scale, $\nu = 10^{308}$ (so "
      r"$w(\nu + 1)/2$ overflows) names df, a Gaussian scale of $10^{-200}$ or $10^{200}$ (so $w/(2s^2)$ over- or "
      r"underflows) and a Laplace scale $b$ with $w/b$ over- or underflowing ($b = 10^{-310}$ at $w = 2$, "
      r"$b = 10^{100}$ at $w = 10^{-300}$) name the scale, as one number or an entry of an array; a Laplace "
      r"$-\log p(\beta)$ whose $|u_j|/b_j$ overflows is refused naming coef; all also under NumPy's "
      r"`errstate(all='raise')`.",
      group="inputs", checks=("GaussianPrior", "LaplacePrior", "StudentTPrior", "Prior.penalty"))
def test_prior_parameters_are_checked_and_kept_read_only():
    refusals = [
        (lambda: rp.StudentTPrior(0.0, 1.0), "df must be > 0; got 0"),
        (lambda: rp.StudentTPrior(3.0, 0.0), "scale must be > 0; got 0"),
        (lambda: rp.StudentTPrior(3.0, [1.0, 0.0]), "scale must contain finite values > 0"),
        (lambda: rp.GaussianPrior(0.0), "scale must be > 0; got 0"),
        (lambda: rp.LaplacePrior([1.0, 0.0]), "scale must contain finite values > 0"),
    ]
    for make, message in refusals:
        with pytest.raises(ValueError) as info:
            make()
        assert str(info.value) == message
    fresh = [rp.GaussianPrior([0.5, 1.0]), rp.LaplacePrior([0.5, 1.0]), rp.StudentTPrior(2.0, [0.5, 1.0])]
    for prior in PRIORS + fresh:
        for name, value in prior.get_params().items():
            if isinstance(value, np.ndarray):
                assert not value.flags.writeable, (prior, name)
    with pytest.raises(ValueError, match="read-only"):
        fresh[-1].scale[0] = 5.0
    unrepresentable = ": the result is not representable in float64 for these values (overflow or underflow); " \
                      "rescale the problem"
    out_of_range = [(rp.StudentTPrior(1e308, 1.0), 2.0, "df"), (rp.StudentTPrior(3.0, 1e-200), 2.0, "scale"),
                    (rp.StudentTPrior(3.0, 1e200), 2.0, "scale"), (rp.StudentTPrior(3.0, [1.0, 1e200]), 2.0, "scale")]
    for scale in (1e-200, 1e200):  # one number (Python arithmetic) and one entry of an array (NumPy's)
        out_of_range += [(rp.GaussianPrior(scale), 2.0, "scale"), (rp.GaussianPrior([1.0, scale]), 2.0, "scale")]
    for scale, weight in ((1e-310, 2.0), (1e100, 1e-300)):
        out_of_range += [(rp.LaplacePrior(scale), weight, "scale"), (rp.LaplacePrior([1.0, scale]), weight, "scale")]
    far_out = ("coef: -log p(beta) overflows float64 at these coefficients (they are too far out in the prior's "
               "tails for its logarithm to be representable)")
    for state in ({}, {"all": "raise"}):  # NumPy's default error state, and a caller's strict one
        for prior, weight, name in out_of_range:
            with np.errstate(**state), pytest.raises(ValueError) as info:
                prior.penalty(weight)
            assert str(info.value) == name + unrepresentable
        with np.errstate(**state), pytest.raises(ValueError) as info:
            rp.LaplacePrior(1e-300).neg_log_density([1e300, 0.0])
        assert str(info.value) == far_out


@prop(r"A prior prints as its class and its parameters: a zero mean is left out (a nonzero one shown), arrays of up "
      r"to six numbers are listed and longer ones shown by their length; `set_params` with unknown names is refused "
      r"naming them and the known ones; a multivariate prior refuses coefficients of the wrong length naming both "
      r"sizes.", group="inputs", checks=("GaussianPrior", "LaplacePrior", "StudentTPrior", "Prior.set_params",
                                         "MultivariateGaussianPrior"))
def test_prior_repr_and_parameter_errors():
    assert repr(rp.GaussianPrior(np.arange(1.0, 7.0))) == "GaussianPrior(scale=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])"
    assert repr(rp.GaussianPrior(np.arange(1.0, 8.0))) == "GaussianPrior(scale=<array of 7>)"
    assert repr(rp.LaplacePrior(0.5, mean=0.0)) == "LaplacePrior(scale=0.5)"
    assert repr(rp.LaplacePrior(0.5, mean=1.0)) == "LaplacePrior(scale=0.5, mean=1.0)"
    assert repr(rp.StudentTPrior(3, [1.0, 2.0], mean=[0.0, 1.0])) == \
        "StudentTPrior(df=3.0, scale=[1.0, 2.0], mean=[0.0, 1.0])"
    with pytest.raises(ValueError) as info:
        rp.GaussianPrior(1.0).set_params(foo=1, bar=2)
    assert str(info.value) == "GaussianPrior has no parameter(s) 'bar', 'foo'; its parameters are: scale, mean"
    with pytest.raises(ValueError) as info:
        rp.MultivariateGaussianPrior(np.eye(2)).neg_log_density(np.zeros(3))
    assert str(info.value) == "coef has 3 entries but cov is 2 x 2"
