"""Mean / median / mode as loss minimizers, and robustness from a Laplace likelihood (not a Laplace prior).

The derived formulas (the mean, the slope of the absolute loss, the condition on the order statistic at a
kink, the LAD/MAP objective and its λ) are compiled from the derivations and compared with numbers:
NumPy's order statistics, a scalar optimizer, the LAD linear program and its dual certificate.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import scipy.integrate as si
import scipy.optimize as so
import scipy.stats as ss
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import regprior as rp
from derivations import loss_minimizers, robust_likelihood
from regprior.symbolic.numeric import lambdify_indexed
from regprior.symbolic.symbols import X as Xs, b as bs, beta as betas, n as ns, p as ps, y as ys
from tests.properties import prop
from tests.strategies import powers_of_ten, problems

samples = arrays(np.float64, st.integers(1, 15), elements=st.floats(-1e3, 1e3, allow_subnormal=False))


@lru_cache(maxsize=None)
def _compiled():
    res = loss_minimizers.derivation().results
    x, n, k, m = loss_minimizers.x, loss_minimizers.n, loss_minimizers.k, loss_minimizers.m
    return {
        "mean": lambdify_indexed((x, n), res["mean"]),
        "slope": sp.lambdify([k, n], res["l1_slope"]),
        "allowed": sp.lambdify([m, n], res["median_condition"]),
    }


def _l1(x, s):
    return np.abs(np.asarray(x)[:, None] - np.atleast_1d(s)[None, :]).sum(axis=0)


@prop(r"The derived minimizer of $\sum_i(x_i - s)^2$, $\tfrac1n\sum_i x_i$, equals `numpy.mean` and the minimizer "
      r"that `scipy.optimize.minimize_scalar` finds (within $10^{-6}(1 + \max_i|x_i|)$), for samples of 1 to 15 "
      "values.",
      group="symbols", evaluates=("loss-minimizers:mean",), against="numpy.mean and scipy.optimize.minimize_scalar")
@given(x=samples)
def test_derived_mean_is_the_minimizer_of_squared_loss(x):
    mean = _compiled()["mean"](x, x.size)
    assert mean == pytest.approx(np.mean(x), rel=1e-12, abs=1e-12 * np.abs(x).max())
    best = so.minimize_scalar(lambda s: np.sum((x - s) ** 2), bracket=(x.min() - 1, x.max() + 1))
    assert abs(best.x - mean) <= 1e-6 * (1 + np.abs(x).max())


@prop("`median_interval` returns the order statistics $x_{(m)}$ allowed by the derived kink condition "
      r"$n/2 \le m \le n/2 + 1$ (a single one exactly when $n$ is odd); between consecutive distinct order "
      r"statistics $\sum_i|x_i - s|$ has the derived slope $2k - n$; and the loss is constant on the interval and "
      "larger just outside it.",
      group="optimality", evaluates=("loss-minimizers:median_condition", "loss-minimizers:l1_slope"),
      checks=("median_interval",))
@given(x=samples)
def test_median_interval_is_where_the_derived_conditions_put_it(x):
    lo, hi = rp.median_interval(x)
    s = np.sort(x)
    n = s.size
    # the order statistics m = 1..n allowed by the derived kink condition are the interval's end points
    allowed = [m for m in range(1, n + 1) if _compiled()["allowed"](m, n)]
    assert (s[allowed[0] - 1], s[allowed[-1] - 1]) == (lo, hi)
    assert (len(allowed) == 1) == (n % 2 == 1)
    # the derived slope 2k - n is the slope of the loss between the k-th and (k+1)-th values
    for k in range(1, n):
        if s[k] - s[k - 1] > 1e-6 * (1 + abs(s[k])):
            left, right = s[k - 1], s[k]
            numeric = (_l1(s, right) - _l1(s, left))[0] / (right - left)
            assert numeric == pytest.approx(_compiled()["slope"](k, n), abs=1e-6 * n)
    # the loss is constant on the interval and larger outside it
    inside = _l1(s, [lo, (lo + hi) / 2, hi])
    np.testing.assert_allclose(inside, inside[0], rtol=1e-12, atol=1e-9 * (1 + np.abs(s).max()))
    delta = 1e-3 * (1 + np.abs(s).max())
    assert _l1(s, lo - delta)[0] > inside[0] and _l1(s, hi + delta)[0] > inside[0]


@prop("For the page's even sample, `median_interval` returns the derived set of minimizers $[2, 7]$, while "
      "`numpy.median` returns the derived midpoint $9/2$, a single point of it.",
      group="symbols",
      evaluates=("loss-minimizers:median_set_example", "loss-minimizers:wrong_median_argmin_example"),
      checks=("median_interval",), against="numpy.median")
def test_even_sample_of_the_erratum_has_an_interval_of_medians():
    res = loss_minimizers.derivation().results
    x = np.array(loss_minimizers.EXAMPLE, dtype=float)
    interval = res["median_set_example"]
    assert rp.median_interval(x) == (float(interval.start), float(interval.end)) == (2.0, 7.0)
    (wrong,) = res["wrong_median_argmin_example"]
    assert np.median(x) == float(wrong)  # numpy's single answer is the midpoint the erratum warns about ...
    assert rp.median_interval(x) != (np.median(x), np.median(x))  # ... and not the whole set of minimizers


@prop(r"For a Gamma(3, 1) posterior the derived mean 3, median $2.674\ldots$ and mode 2 are `scipy.stats`' values; "
      "minimizing the expected squared and absolute loss (by quadrature) gives the mean and the median within "
      r"$10^{-6}$, and maximizing the mass of a window $a \pm 0.01$ gives the mode within $10^{-3}$.",
      group="symbols", evaluates=("loss-minimizers:gamma_summaries",),
      against="scipy.stats and numerical quadrature with scipy.optimize")
def test_bayes_decisions_for_a_gamma_posterior():
    """Minimizing posterior expected squared / absolute / narrow 0-1 loss by quadrature gives the derived
    mean / median / mode (the Gamma(3, 1) example of the page)."""
    mean, median, mode = (float(v) for v in loss_minimizers.derivation().results["gamma_summaries"])
    post = ss.gamma(3.0)
    assert (mean, median, mode) == (pytest.approx(post.mean()), pytest.approx(post.median(), rel=1e-10), 2.0)

    def risk(loss):
        def expected(a):  # split at a, where the absolute loss has its kink
            f = lambda t: loss(t, a) * post.pdf(t)
            return si.quad(f, 0, a, epsabs=1e-13)[0] + si.quad(f, a, np.inf, epsabs=1e-13)[0]

        return expected

    squared = so.minimize_scalar(risk(lambda t, a: (t - a) ** 2), bounds=(0.5, 6), method="bounded",
                                 options={"xatol": 1e-9}).x
    absolute = so.minimize_scalar(risk(lambda t, a: abs(t - a)), bounds=(0.5, 6), method="bounded",
                                  options={"xatol": 1e-9}).x
    eps = 1e-2
    window = so.minimize_scalar(lambda a: -(post.cdf(a + eps) - post.cdf(a - eps)), bounds=(0.5, 6),
                                method="bounded", options={"xatol": 1e-10}).x
    assert squared == pytest.approx(mean, abs=1e-6)
    assert absolute == pytest.approx(median, abs=1e-6)
    assert window == pytest.approx(mode, abs=10 * eps**2)  # the 0-1 answer tends to the mode as eps -> 0


@lru_cache(maxsize=None)
def _lad_objective():
    res = robust_likelihood.derivation().results
    s = robust_likelihood.s_noise
    return (lambdify_indexed((Xs, ys, betas, ns, ps, s, bs), res["objective"]), sp.lambdify([s, bs], res["lam"]))


def _check_certificate(X, y, result, fit_intercept):
    """The LP dual solution proves optimality: feasible, and its value equals the primal objective."""
    a = result.dual
    scale = 1e-7 * (1 + np.abs(y).sum())
    assert np.abs(a).max() <= 1 + 1e-9
    assert np.abs(X.T @ a).max() <= result.lam + 1e-7 * (1 + np.abs(X).sum())
    if fit_intercept:
        assert abs(a.sum()) <= 1e-7 * len(a)
    assert y @ a == pytest.approx(result.objective, abs=scale)


@prop(r"Under Laplace noise and a Laplace prior the derived strength is $\lambda = s/b$; `lad` at that $\lambda$ "
      r"(with or without intercept) returns a dual vector $a$ that certifies optimality ($|a_i| \le 1$, "
      r"$\lVert X^\top a\rVert_\infty \le \lambda$, $\sum_i a_i = 0$ with an intercept, $y^\top a$ equal to the "
      "reported objective), and that objective is the derived "
      r"$\sum_i|y_i - \beta_0 - x_i^\top\beta| + \lambda\lVert\beta\rVert_1$ at the returned fit.",
      group="optimality", evaluates=("robust-likelihood:objective", "robust-likelihood:lam"), checks=("lad",),
      against="the linear program's dual certificate, checked in the test")
@given(problem=problems(), noise=powers_of_ten(-1, 1), scale=powers_of_ten(-1, 1),
       fit_intercept=st.booleans())
def test_lad_map_is_certified_and_matches_the_derived_objective(problem, noise, scale, fit_intercept):
    X, y = problem.X, problem.y
    n, p = X.shape
    objective, lam_of = _lad_objective()
    lam = lam_of(noise, scale)
    assert lam == pytest.approx(noise / scale, rel=1e-14)
    result = rp.lad(X, y, lam=lam, fit_intercept=fit_intercept)
    _check_certificate(X, y, result, fit_intercept)
    # the derived objective (no intercept in the formula: the intercept is absorbed into y)
    derived = objective(X, y - result.intercept, result.coef, n, p, noise, scale)
    assert derived == pytest.approx(result.objective, rel=1e-9, abs=1e-12)


@prop("An intercept-only LAD fit returns an intercept in the interval of medians that `median_interval` gives "
      r"(within $10^{-9}(1 + \max_i|x_i|)$), with objective $\sum_i|x_i - \mathrm{median}|$.",
      group="routes", checks=("lad", "median_interval"))
@given(x=samples)
@example(x=np.array([1.0, 128.0, 0.0] + [1e-5] * 10))  # HiGHS at its default tolerance returned 0
def test_intercept_only_lad_is_a_median(x):
    result = rp.lad(np.zeros((x.size, 1)), x, fit_intercept=True)
    lo, hi = rp.median_interval(x)
    tol = 1e-9 * (1 + np.abs(x).max())
    assert lo - tol <= result.intercept <= hi + tol
    assert result.objective == pytest.approx(_l1(x, lo)[0], rel=1e-9, abs=tol)


@prop("Moving one response by 60 and then by 600 moves the least-squares and the lasso fits linearly (the second "
      "step is 9 times the first, which exceeds 1), while the LAD fit moves by less than 0.05 and then not at all "
      "(within $10^{-9}$).",
      group="metamorphic", checks=("ridge", "lasso", "lad", "LaplacePrior.penalty_strength"))
def test_a_laplace_likelihood_resists_an_outlier_and_a_laplace_prior_does_not():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((40, 2))
    y = X @ np.array([2.0, -1.0]) + 0.1 * rng.standard_normal(40)
    lam = rp.LaplacePrior(0.5).penalty_strength(0.1)
    fits = {
        "least squares": lambda v: rp.ridge(X, v, 0.0).coef,
        "lasso": lambda v: rp.lasso(X, v, lam, tol=1e-12).coef,
        "lad": lambda v: rp.lad(X, v).coef,
    }
    m = int(np.argmax(X[:, 0]))
    moved = {}
    for shift in (0.0, 60.0, 600.0):
        v = y.copy()
        v[m] += shift
        moved[shift] = {name: fit(v) for name, fit in fits.items()}
    for name in ("least squares", "lasso"):  # the fit follows the outlier, linearly in its size
        step1 = moved[60.0][name] - moved[0.0][name]
        step2 = moved[600.0][name] - moved[60.0][name]
        assert np.abs(step1).max() > 1.0
        np.testing.assert_allclose(step2, 9 * step1, rtol=1e-6)
    # LAD: once the outlier's residual has its sign, moving it further changes nothing (bounded influence)
    np.testing.assert_allclose(moved[600.0]["lad"], moved[60.0]["lad"], atol=1e-9)
    assert np.abs(moved[60.0]["lad"] - moved[0.0]["lad"]).max() < 0.05


@prop(r"`lad`'s defaults are $\lambda = 0$ without an intercept; HiGHS accepts every option `lad` passes (no warning "
      r"is raised while solving); coefficients that overflow float64 (responses near $10^{300}$ on columns near "
      r"$10^{-300}$) are refused with a whole message naming X and y, without a floating-point warning first.",
      group="inputs", checks="lad")
def test_lad_defaults_options_and_overflow():
    import warnings

    rng = np.random.default_rng(3)
    X = rng.standard_normal((12, 2))
    y = 1.0 + X @ np.array([0.5, -1.0]) + rng.laplace(size=12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        default = rp.lad(X, y)
    explicit = rp.lad(X, y, lam=0.0, fit_intercept=False)
    np.testing.assert_array_equal(default.coef, explicit.coef)
    assert default.intercept == 0.0 and default.lam == 0.0
    assert not np.allclose(default.coef, rp.lad(X, y, lam=1.0).coef)
    with pytest.raises(ValueError) as info:
        rp.lad(np.array([[1e-300], [2e-300], [3e-300]]), np.array([1e300, 2e300, 3e300]))
    assert str(info.value) == ("X and y: the LAD coefficients overflow float64 (y is too large next to the columns "
                               "of X it is fitted with); rescale them")


def _lp_refusal(datafit, penalty) -> str:
    """The linear program's line of the refusal `select_solver` raises when no solver takes datafit + penalty."""
    from regprior.solvers.registry import select_solver

    with pytest.raises(TypeError) as info:
        select_solver(datafit, penalty)
    (line,) = [line for line in str(info.value).splitlines() if line.startswith("  linear program (HiGHS): ")]
    return line.removeprefix("  linear program (HiGHS): ")


@prop(r"The absolute-loss datafit with one L1 strength (or an elastic net with $\lambda_2 = 0$) is handed to the "
      r"linear program, which returns `lad`'s fit at that λ, intercept included; its objective "
      r"$\sum_i|y_i - \beta_0 - x_i^\top\beta| + \lambda\lVert\beta\rVert_1$, recomputed, is at most a Nelder–Mead "
      r"search's (plus $10^{-9}$). Per-coefficient or L2 strengths and a nonzero prior mean are refused with the "
      r"linear program's reason, and solver options are refused by name.",
      group="routes", checks=("lad", "datafits.Absolute", "solvers.registry.select_solver"),
      against="scipy.optimize.minimize (Nelder-Mead)")
def test_the_absolute_loss_goes_to_the_linear_program():
    from regprior.datafits import Absolute
    from regprior.penalties import L1, L2, ElasticNet
    from regprior.solvers.registry import select_solver

    rng = np.random.default_rng(11)
    X = rng.standard_normal((25, 2))
    y = 4.0 + X @ np.array([1.5, -0.5]) + rng.laplace(size=25)
    lam = 2.5
    datafit = Absolute(X, y, fit_intercept=True)
    for penalty in (L1(lam), ElasticNet(lam, 0.0)):
        solver = select_solver(datafit, penalty)
        result = solver.solve(datafit, penalty)
        reference = rp.lad(X, y, lam=lam, fit_intercept=True)
        np.testing.assert_array_equal(result.coef, reference.coef)
        assert result.intercept == reference.intercept != 0.0 and result.lam == lam
        objective = lambda z: np.abs(y - z[0] - X @ z[1:]).sum() + lam * np.abs(z[1:]).sum()  # noqa: E731
        found = objective(np.concatenate([[result.intercept], result.coef]))
        assert found == pytest.approx(result.objective, rel=1e-12)
        search = so.minimize(objective, np.zeros(3), method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
        assert found <= search.fun + 1e-9
    plain = Absolute(X, y)
    assert select_solver(plain, L1(lam)).solve(plain, L1(lam)).intercept == 0.0
    with pytest.raises(TypeError) as info:
        solver.solve(datafit, L1(lam), tol=1e-3, max_iter=5)
    assert str(info.value) == "the linear program takes no options; got max_iter, tol"
    not_one = "the penalty is not one L1 strength for all coefficients"
    for penalty in (L2(1.0), L2(np.array([1.0, 2.0])), L1(np.array([1.0, 2.0])), ElasticNet(1.0, 0.5)):
        assert _lp_refusal(datafit, penalty) == not_one
    assert _lp_refusal(Absolute(X, y, center=[0.0, 1.0]), L1(lam)) == (
        "a prior mean other than 0 is not supported by the linear program")


@prop(r"The absolute-loss datafit: `fit_intercept` defaults to False and must be a bool (refused by name); its "
      r"value at u is $\sum_i|y_i - x_i^\top(u + \theta_0)|$ with the prior mean $\theta_0$ (a number applies to every "
      r"coefficient), which divided by its prior weight s plus $n\log 2s$ is the Laplace negative log-likelihood of "
      r"`scipy.stats.laplace`; the weight must be a number > 0.",
      group="inputs", checks="datafits.Absolute", against="scipy.stats.laplace")
def test_absolute_datafit_value_weight_and_arguments():
    from regprior.datafits import Absolute

    X = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
    y = np.array([1.0, -2.0, 4.0])
    plain = Absolute(X, y)
    assert plain.fit_intercept is False and plain.n_features == 2
    np.testing.assert_array_equal(plain.center, [0.0, 0.0])
    u = np.array([0.5, -1.5])
    assert plain.value(u) == pytest.approx(sum(abs(y[i] - X[i] @ u) for i in range(3)), rel=1e-15)
    centred = Absolute(X, y, center=[1.0, 2.0])
    assert centred.value(u) == pytest.approx(sum(abs(y[i] - X[i] @ (u + [1.0, 2.0])) for i in range(3)), rel=1e-15)
    np.testing.assert_array_equal(Absolute(X, y, center=0.25).center, [0.25, 0.25])
    for s in (0.3, 2.0):
        nll = -ss.laplace(loc=X @ u, scale=s).logpdf(y).sum()
        assert nll == pytest.approx(plain.value(u) / Absolute.prior_weight(s) + 3 * np.log(2 * s), rel=1e-13)
    assert Absolute.prior_weight(2) == 2.0
    for bad, kind, message in ((0.0, ValueError, "noise_scale must be > 0; got 0"),
                               (-1.0, ValueError, "noise_scale must be > 0; got -1"),
                               (True, TypeError, "noise_scale must be a real number; got bool True")):
        with pytest.raises(kind) as info:
            Absolute.prior_weight(bad)
        assert str(info.value) == message
    with pytest.raises(TypeError) as info:
        Absolute(X, y, fit_intercept="yes")
    assert str(info.value) == "fit_intercept must be True or False; got 'yes'"


@prop(r"`lad` with a column near $10^{-300}$ next to responses near $10^{10}$ (so that its coefficient's unit "
      r"overflows float64, and at $\lambda = 10^{12}$ its cost per unit too) returns that coefficient as exactly 0 and "
      r"the others as the fit without the column (relative $10^{-9}$, the same objective), without a floating-point "
      r"warning.",
      group="inputs", checks="lad")
def test_lad_holds_a_tiny_column_at_zero_without_a_warning():
    import warnings

    rng = np.random.default_rng(5)
    X = rng.standard_normal((15, 2))
    X[:, 1] *= 1e-300
    y = 1e10 * (2.0 * X[:, 0] + rng.laplace(size=15))
    for lam in (1.0, 1e12):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fit = rp.lad(X, y, lam=lam)
        without = rp.lad(X[:, :1], y, lam=lam)
        assert fit.coef[1] == 0.0
        np.testing.assert_allclose(fit.coef[:1], without.coef, rtol=1e-9)
        assert fit.objective == pytest.approx(without.objective, rel=1e-12)
    assert fit.coef[0] == 0.0 != rp.lad(X, y, lam=1.0).coef[0]


@prop(r"When HiGHS stops before solving `lad`'s linear program (here made to stop by an iteration limit of 0, passed "
      r"on to the real solver), `lad` raises a RuntimeError carrying HiGHS' own message instead of returning a fit.",
      group="inputs", checks="lad")
def test_lad_reports_highs_stopping_early(monkeypatch):
    from regprior.solvers import linear_program

    real, results = linear_program.linprog, []

    def stopped(*args, options, **kwargs):
        results.append(real(*args, options={**options, "maxiter": 0}, **kwargs))
        return results[-1]

    monkeypatch.setattr(linear_program, "linprog", stopped)
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    with pytest.raises(RuntimeError) as info:
        rp.lad(X, np.array([1.0, 2.0, 4.0]), lam=0.5)
    (res,) = results
    assert res.status == 1 and "Iteration limit reached" in res.message
    assert str(info.value) == f"HiGHS stopped before solving the linear program for LAD: {res.message}"
