"""Units: measuring a column of X in other units changes nothing but that column's coefficient.

The canonical problem is equivariant (derived on the weights-intercept page, ``units_*``): scaling column j by s and
its L2 strength by s^2 (its L1 strength by s, a prior scale by 1/s) divides the coefficient by s and leaves the fit
unchanged. Every solver is held to it over s from 1e-150 to 1e150, and the solvers that rescale data whose squares
leave float64 are held to the whole-problem map with the derived strengths.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import regprior as rp
from tests.properties import prop
from tests.symbolic_cases import units_maps

SCALES = [1e-150, 1e-60, 1e-8, 1e8, 1e60, 1e150]


def _problem(n=30, p=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    return X, X @ rng.standard_normal(p) + 0.3 * rng.standard_normal(n)


def _scaled(X, s, j=0):
    d = np.ones(X.shape[1])
    d[j] = s
    return X * d, d


def _same_fit(X, a, Xs, b, rtol):
    """Coefficients agree once mapped back (b is on the scaled columns), and so do the fitted values."""
    np.testing.assert_allclose(X @ a, Xs @ b, rtol=rtol, atol=rtol * np.abs(X @ a).max())


def _or_warned(fit):
    """The fit, or None when it warned that it did not converge.

    The first-order and quasi-Newton solvers (FISTA for a box or an L1 penalty on the logistic loss, L-BFGS for the
    Student-t prior) take steps scaled to the largest column (a step of 1/L), so a column s times smaller barely
    moves: they are not equivariant under column units (no diagonal preconditioning yet). What is held to is that
    they then say so: a ConvergenceWarning with the gap, never a silent wrong answer."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", rp.ConvergenceWarning)
        result = fit()
    if any(issubclass(w.category, rp.ConvergenceWarning) for w in caught):
        assert not result.converged
        return None
    return result


DIRECT = ["ridge", "ridge per coefficient", "ridge p > n", "generalized_ridge", "map_estimate Gaussian",
          "map_estimate multivariate Gaussian", "gaussian_posterior"]


@prop(r"Scaling column $j$ of $X$ by $s$ ($10^{-150} \le s \le 10^{150}$) and its L2 strength by $s^2$ divides "
      r"$\hat\beta_j$ by $s$ and leaves the other coefficients and the fit unchanged (relative $10^{-8}$) for the "
      r"direct solvers: ridge (one strength per coefficient, $n > p$ and $p > n$), the generalized ridge "
      r"($P \to DPD$), the MAP under a Gaussian and a multivariate Gaussian prior (scale $\to$ scale$/s$) and the "
      r"Gaussian posterior's mean; the ridge path scales every column and $\lambda$ by $s^2$.",
      group="metamorphic", evaluates=("weights-intercept:units_lam2",),
      checks=("ridge", "ridge_path", "generalized_ridge", "map_estimate", "gaussian_posterior"))
@pytest.mark.parametrize("s", SCALES)
@pytest.mark.parametrize("route", DIRECT)
def test_direct_solvers_are_equivariant_under_column_units(route, s):
    X, y = _problem(*((8, 12) if route == "ridge p > n" else (30, 4)))
    p = X.shape[1]
    Xs, d = _scaled(X, s)
    lam = np.linspace(0.5, 2.0, p)
    lam2_map = units_maps()["lam2"]  # lambda_2 -> lambda_2 / a^2 (column units a = 1/d here)
    if route in ("ridge", "ridge per coefficient", "ridge p > n"):
        lam_s = lam2_map(1 / d, 1.0, 0.0, lam)  # column units a = 1/s: lambda_2 / a^2 = lambda_2 s^2
        a, b = rp.ridge(X, y, lam).coef, rp.ridge(Xs, y, lam_s).coef
    elif route == "generalized_ridge":
        P = np.diag(lam) + 0.3
        a, b = rp.generalized_ridge(X, y, P).coef, rp.generalized_ridge(Xs, y, d[:, None] * P * d[None, :]).coef
    elif route == "map_estimate Gaussian":
        scale = np.linspace(0.5, 2.0, p)
        a = rp.map_estimate(X, y, rp.GaussianPrior(scale), 0.7)
        b = rp.map_estimate(Xs, y, rp.GaussianPrior(scale / d), 0.7)
    elif route == "map_estimate multivariate Gaussian":
        cov = np.eye(p) + 0.4
        a = rp.map_estimate(X, y, rp.MultivariateGaussianPrior(cov), 0.7)
        b = rp.map_estimate(Xs, y, rp.MultivariateGaussianPrior(cov / d[:, None] / d[None, :]), 0.7)
    else:
        scale = np.linspace(0.5, 2.0, p)
        a = rp.gaussian_posterior(X, y, rp.GaussianPrior(scale), 0.7, fit_intercept=True).mean
        b = rp.gaussian_posterior(Xs, y, rp.GaussianPrior(scale / d), 0.7, fit_intercept=True).mean
    np.testing.assert_allclose(b * d, a, rtol=1e-8, atol=1e-12 * np.abs(a).max())
    _same_fit(X, a, Xs, b, 1e-8)
    if route == "ridge":  # the path scales every column by s and lambda by s^2
        path = rp.ridge_path(X * s, y, [1.0 * s * s, 10.0 * s * s]).coefs * s
        np.testing.assert_allclose(path, rp.ridge_path(X, y, [1.0, 10.0]).coefs, rtol=1e-8)


@prop(r"Scaling column $j$ by $s$ ($10^{-150} \le s \le 10^{150}$) and its L1 strength (or Laplace scale, Student-t "
      r"scale, uniform bounds) accordingly leaves the objective of the iterative solvers unchanged: the lasso with "
      r"one strength per coefficient, the MAP under a Laplace, a Student-t and a uniform prior, logistic regression "
      r"under a Gaussian and a Laplace prior, least absolute deviations and the box-constrained fit give "
      r"coefficients that, mapped back, have the original problem's objective within the two certificates (or "
      r"agree to $10^{-6}$ where the minimizer is unique and the certificate is a gradient); the elastic net and "
      r"both paths, scaling every column, likewise.",
      group="metamorphic", evaluates=("weights-intercept:units_lam1", "weights-intercept:units_lam2"),
      checks=("lasso", "elastic_net", "lasso_path", "elastic_net_path", "map_estimate", "logistic_map", "lad",
              "constrained_least_squares"))
@pytest.mark.parametrize("s", SCALES)
@pytest.mark.parametrize("route", ["lasso", "elastic_net", "paths", "map Laplace", "map Student-t", "map uniform",
                                   "logistic Gaussian", "logistic Laplace", "lad", "box", "l1 budget"])
def test_iterative_solvers_are_equivariant_under_column_units(route, s):
    X, y = _problem()
    p = X.shape[1]
    Xs, d = _scaled(X, s)
    lam1 = np.linspace(2.0, 6.0, p)
    if route == "lasso":
        a, b = rp.lasso(X, y, lam1, tol=1e-14), rp.lasso(Xs, y, lam1 * d, tol=1e-14)
        obj = lambda coef: rp.objective(X, y, coef, lam1=lam1)  # noqa: E731
        assert abs(obj(b.coef * d) - obj(a.coef)) <= a.gap + b.gap + 1e-12 * (y @ y)
    elif route == "elastic_net":
        a, b = rp.elastic_net(X, y, 3.0, 2.0, tol=1e-14), rp.elastic_net(X * s, y, 3.0 * s, 2.0 * s * s, tol=1e-14)
        np.testing.assert_allclose(b.coef * s, a.coef, atol=2 * np.sqrt((a.gap + b.gap) / 2.0) + 1e-10)
    elif route == "paths":
        a, b = rp.lasso_path(X, y, n_lams=5, tol=1e-14), rp.lasso_path(X * s, y, n_lams=5, tol=1e-14)
        np.testing.assert_allclose(b.lams / s, a.lams, rtol=1e-12)
        for t in range(5):
            obj = lambda coef, t=t: rp.objective(X, y, coef, lam1=a.lams[t])  # noqa: E731
            assert abs(obj(b.coefs[t] * s) - obj(a.coefs[t])) <= a.gaps[t] + b.gaps[t] + 1e-12 * (y @ y)
        e1 = rp.elastic_net_path(X, y, [5.0, 1.0], lam2=2.0, tol=1e-14)
        e2 = rp.elastic_net_path(X * s, y, [5.0 * s, 1.0 * s], lam2=2.0 * s * s, tol=1e-14)
        np.testing.assert_allclose(e2.coefs * s, e1.coefs,
                                   atol=2 * np.sqrt((e1.gaps.max() + e2.gaps.max()) / 2) + 1e-10)
    elif route == "map Laplace":
        b_scale = np.linspace(0.2, 0.5, p)
        a = rp.map_result(X, y, rp.LaplacePrior(b_scale), 1.0, tol=1e-14)
        b = rp.map_result(Xs, y, rp.LaplacePrior(b_scale / d), 1.0, tol=1e-14)
        obj = lambda coef: rp.objective(X, y, coef, lam1=2.0 / b_scale)  # noqa: E731
        assert abs(obj(b.coef * d) - obj(a.coef)) <= a.gap + b.gap + 1e-12 * (y @ y)
    elif route == "map Student-t":
        a = rp.map_result(X, y, rp.StudentTPrior(3.0, 2.0), 0.5)
        b = _or_warned(lambda: rp.map_result(Xs, y, rp.StudentTPrior(3.0, 2.0 / d), 0.5))
        if b is not None:
            np.testing.assert_allclose(b.coef * d, a.coef, rtol=1e-6, atol=1e-8)
    elif route == "map uniform":
        a = rp.map_result(X, y, rp.UniformPrior(-0.3, 0.3), 1.0, tol=1e-13)
        b = _or_warned(lambda: rp.map_result(Xs, y, rp.UniformPrior(-0.3 / d, 0.3 / d), 1.0, tol=1e-13))
        if b is not None:
            np.testing.assert_allclose(b.coef * d, a.coef, atol=1e-6)
    elif route in ("logistic Gaussian", "logistic Laplace"):
        labels = (y > np.median(y)).astype(float)
        prior = (rp.GaussianPrior if route.endswith("Gaussian") else rp.LaplacePrior)
        a = rp.logistic_map(X, labels, prior(np.full(p, 0.8)), tol=1e-13)
        b = _or_warned(lambda: rp.logistic_map(Xs, labels, prior(0.8 / d), tol=1e-13))
        if b is not None:
            at = lambda coef: rp.logistic_duality_gap(X, labels, coef, prior(np.full(p, 0.8)))  # noqa: E731
            assert at(b.coef * d) <= a.gap + b.gap + 1e-10 * len(y)
    elif route == "lad":
        a, b = rp.lad(X * s, y, lam=2.0 * s), rp.lad(X, y, lam=2.0)
        obj = lambda coef: np.abs(y - X @ coef).sum() + 2.0 * np.abs(coef).sum()  # noqa: E731
        assert obj(a.coef * s) == pytest.approx(obj(b.coef), rel=1e-7)
    elif route == "box":
        a = rp.constrained_least_squares(X, y, (-0.3, 0.3), norm="box", tol=1e-13)
        b = _or_warned(lambda: rp.constrained_least_squares(Xs, y, (-0.3 / d, 0.3 / d), norm="box", tol=1e-13))
        if b is not None:
            obj = lambda coef: float((y - X @ coef) @ (y - X @ coef))  # noqa: E731
            assert abs(obj(b.coef * d) - obj(a.coef)) <= a.gap + b.gap + 1e-10 * (y @ y)
    else:
        a = rp.constrained_least_squares(X, y, 1.0, norm="l1", tol=1e-13)
        b = rp.constrained_least_squares(X * s, y, 1.0 / s, norm="l1", tol=1e-13)
        obj = lambda coef: float((y - X @ coef) @ (y - X @ coef))  # noqa: E731
        assert abs(obj(b.coef * s) - obj(a.coef)) <= a.gap + b.gap + 1e-10 * (y @ y)


@prop(r"Data whose squares overflow or underflow float64 ($X$ scaled by $a$ up to $10^{150}$ or down to "
      r"$10^{-150}$, $y$ down to $10^{-160}$) are solved by ridge, the lasso, the elastic net, their paths and "
      r"$\lambda_{\max}$ as the derived map says: the solution at $(\lambda_1 ab, \lambda_2 a^2)$ is $b/a$ times that "
      r"of the unscaled data (relative $10^{-8}$ for ridge, within the gaps for the lasso); data whose sums of squares "
      r"overflow are refused, naming $X$ or $y$, wherever no map is applied (the MAP, a $y$ beyond $10^{154}$).",
      group="metamorphic", evaluates=("weights-intercept:units_lam1", "weights-intercept:units_lam2",
                                      "weights-intercept:units_factor"),
      checks=("ridge", "ridge_path", "lasso", "elastic_net", "lasso_path", "lam_max", "map_estimate"))
@pytest.mark.parametrize("a, b", [(1e150, 1.0), (1e-150, 1.0), (1.0, 1e-160), (1e150, 1e-150)])
def test_data_beyond_float64_squares_are_rescaled_by_the_derived_map(a, b):
    X, y = _problem()
    lam1_map, lam2_map, factor = (units_maps()[name] for name in ("lam1", "lam2", "factor"))
    # strengths on (aX, by) that mean lam1 = 3, lam2 = 2 on (X, y): solve units_lam*(a, b, L) = lam for L
    L2 = 2.0 / lam2_map(a, b, 0.0, 1.0)
    L1 = 3.0 / lam1_map(a, b, 1.0, 0.0)
    ridge, big = rp.ridge(X, y, 2.0), rp.ridge(X * a, y * b, L2)
    np.testing.assert_allclose(big.coef * a / b, ridge.coef, rtol=1e-8)
    assert big.objective == pytest.approx(factor(a, b, 0.0, 0.0) * ridge.objective, rel=1e-8)
    np.testing.assert_allclose(rp.ridge_path(X * a, y * b, [L2]).coefs[0] * a / b, ridge.coef, rtol=1e-8)
    lasso, big = rp.lasso(X, y, 3.0, tol=1e-14), rp.lasso(X * a, y * b, L1, tol=1e-14)
    obj = lambda coef: rp.objective(X, y, coef, lam1=3.0)  # noqa: E731
    assert abs(obj(big.coef * a / b) - obj(lasso.coef)) <= lasso.gap + big.gap / (b * b) + 1e-12 * (y @ y)
    net, big = rp.elastic_net(X, y, 3.0, 2.0, tol=1e-14), rp.elastic_net(X * a, y * b, L1, L2, tol=1e-14)
    np.testing.assert_allclose(big.coef * a / b, net.coef, atol=2 * np.sqrt((net.gap + big.gap / b / b) / 2) + 1e-10)
    assert rp.lam_max(X * a, y * b) == pytest.approx(rp.lam_max(X, y) * a * b, rel=1e-12)
    path, big = rp.lasso_path(X, y, n_lams=4, tol=1e-14), rp.lasso_path(X * a, y * b, n_lams=4, tol=1e-14)
    assert np.all(big.converged) and np.all(np.isfinite(big.gaps))
    np.testing.assert_allclose(big.lams / (a * b), path.lams, rtol=1e-12)
    if a > 1:  # X * 1e160 (the case): lam = 1 is negligible there, the fit is least squares
        np.testing.assert_allclose(rp.ridge(X * 1e160, y, 1.0).coef * 1e160, rp.ridge(X, y, 0.0).coef, rtol=1e-8)
        with pytest.raises(ValueError, match="^X: entries up to .* overflow float64"):
            rp.map_estimate(X * 1e160, y, rp.GaussianPrior(1.0), 1.0)
    with pytest.raises(ValueError, match="^y: entries up to .* overflow float64"):
        rp.ridge(X, y * 1e160, 1.0)


@prop(r"$\lambda_{\max}$ of data whose squares overflow or underflow float64 ($X$ scaled by $10^{\pm 200}$, $y$ by "
      r"$10^{-170}$, both by $10^{\pm 170}$) is $ab$ times that of the unscaled data (relative $10^{-12}$): it is "
      r"computed in the rescaled units, not refused.",
      group="metamorphic", checks=("lam_max",))
@pytest.mark.parametrize("a, b", [(1e200, 1.0), (1e-200, 1.0), (1.0, 1e-170), (1e170, 1e-170)])
def test_lam_max_of_data_beyond_float64_squares(a, b):
    X, y = _problem()
    assert rp.lam_max(X * a, y * b) == pytest.approx(rp.lam_max(X, y) * a * b, rel=1e-12)
