"""The L1-logistic solver (proximal Newton with working sets) and its path, against independent routes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

import regprior as rp
from regprior.datafits.logistic import Logistic
from regprior.solvers.fista import FISTA
from tests.properties import prop


def _data(seed: int, n: int, p: int, informative: int = 5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 2.0, size=p)
    beta = np.zeros(p)
    beta[:informative] = rng.uniform(1, 2, size=informative) * rng.choice([-1, 1], size=informative)
    y = (X @ beta + rng.standard_normal(n) > 0).astype(float)
    return X, y


def _objective(X, y, coef, lam) -> float:
    z = (2 * y - 1) * (X @ coef)
    return float(np.sum(np.logaddexp(0.0, -z)) + lam * np.abs(coef).sum())


@prop(r"Along `logistic_path` (p > n and n > p), every point's objective is within its certified gap plus "
      r"FISTA's of the objective FISTA reaches from zero at that $\lambda$, and scikit-learn's liblinear at "
      r"$C = 1/\lambda$ has an objective within its own gap (recomputed by `logistic_duality_gap`) of it.",
      group="routes", checks=("logistic_path", "logistic_map"), against="FISTA; scikit-learn liblinear")
@pytest.mark.parametrize("seed,n,p", [(0, 40, 120), (1, 150, 12)])
def test_logistic_path_matches_fista_and_liblinear(seed, n, p):
    X, y = _data(seed, n, p)
    path = rp.logistic_path(X, y, n_lams=8, lam_min_ratio=0.05, tol=1e-12)
    assert path.converged.all()
    for lam, coef, gap in zip(path.lams, path.coefs, path.gaps):
        prior = rp.LaplacePrior(1.0 / lam)
        datafit = Logistic(X, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rp.ConvergenceWarning)
            reference = FISTA().solve(datafit, prior.penalty(1.0), tol=1e-12, max_iter=200_000)
        assert abs(_objective(X, y, coef, lam) - reference.objective) <= gap + reference.gap + 1e-10 * n
        assert rp.logistic_duality_gap(X, y, coef, prior) <= gap * (1 + 1e-6) + 1e-10 * n
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sk = LogisticRegression(C=1.0 / lam, l1_ratio=1.0, solver="liblinear", fit_intercept=False, tol=1e-12,
                                    max_iter=100_000).fit(X, y)
        sk_gap = rp.logistic_duality_gap(X, y, sk.coef_[0], prior)
        assert abs(_objective(X, y, sk.coef_[0], lam) - _objective(X, y, coef, lam)) <= sk_gap + gap + 1e-10 * n


@prop(r"`logistic_lam_max` is where the path starts: at it every coefficient is 0, at $0.99$ times it one is not; "
      r"`logistic_map` with a Laplace prior is solved by proximal Newton and equals the path's point at the same "
      r"strength within the two gaps, warm start or not.",
      group="metamorphic", checks=("logistic_lam_max", "logistic_path", "logistic_map"))
def test_logistic_lam_max_and_single_fits_agree_with_the_path():
    X, y = _data(3, 60, 30)
    top = rp.logistic_lam_max(X, y)
    ends = rp.logistic_path(X, y, lams=[top, 0.99 * top], tol=1e-12)
    assert not ends.coefs[0].any() and ends.coefs[1].any()
    path = rp.logistic_path(X, y, n_lams=6, lam_min_ratio=0.1, tol=1e-12)
    lam = path.lams[-1]
    fit = rp.logistic_map(X, y, rp.LaplacePrior(1.0 / lam), tol=1e-12)
    assert fit.method == "prox-newton" and fit.converged
    assert abs(fit.objective - _objective(X, y, path.coefs[-1], lam)) <= fit.gap + path.gaps[-1] + 1e-10 * 60
    warm = rp.logistic_map(X, y, rp.LaplacePrior(1.0 / lam), tol=1e-12, coef_init=path.coefs[-2])
    assert abs(warm.objective - fit.objective) <= fit.gap + warm.gap + 1e-10 * 60


@prop(r"On separable data with a weak prior the L1-logistic solver either certifies its gap or warns with the gap "
      r"it reached; bad strengths and a sparse X are refused by name.",
      group="inputs", checks=("logistic_path", "logistic_map"))
def test_logistic_path_edge_cases():
    X = np.array([[1.0, 0.2], [2.0, -0.1], [-1.0, 0.3], [-2.0, 0.1]])
    y = np.array([1, 1, 0, 0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = rp.logistic_map(X, y, rp.LaplacePrior(100.0), tol=1e-10, max_iter=50)
    assert fit.converged or any("duality gap" in str(w.message) for w in caught)
    with pytest.raises(ValueError, match="^lams must contain finite values > 0"):
        rp.logistic_path(X, y, lams=[1.0, 0.0])
    with pytest.raises(ValueError, match="^lam_min_ratio must be < 1"):
        rp.logistic_path(X, y, lam_min_ratio=2.0)


@prop(r"`logistic_path`'s default grid is 100 strengths from `logistic_lam_max` down to $10^{-2}$ times it, evenly "
      r"spaced in $\log\lambda$ (relative $10^{-14}$), with integer Newton-step counts, zero intercepts and every "
      r"point flagged converged exactly when its gap is within the tolerance; one strength is allowed, and its "
      r"options are refused by name: tol $\le 0$, max_iter $< 1$, n_lams $< 1$, lam_min_ratio $\le 0$ or exactly 1, "
      r"and labels that leave $X^\top(y - 1/2) = 0$.",
      group="inputs", checks=("logistic_path", "logistic_lam_max"))
def test_logistic_path_default_grid_and_refusals():
    X, y = _data(4, 40, 5)
    path = rp.logistic_path(X, y, tol=1e-8)
    top = rp.logistic_lam_max(X, y)
    np.testing.assert_allclose(path.lams, top * np.geomspace(1.0, 1e-2, 100), rtol=1e-14)
    assert path.n_iters.dtype.kind == "i" and not path.intercepts.any() and not path.lams2.any()
    np.testing.assert_array_equal(path.converged, path.gaps <= 1e-8 * 40)
    single = rp.logistic_path(X, y, n_lams=1)
    np.testing.assert_allclose(single.lams, [top], rtol=1e-15)
    for options, message in [({"tol": 0.0}, "tol must be > 0"), ({"max_iter": 0}, "max_iter must be >= 1"),
                             ({"n_lams": 0}, "n_lams must be >= 1"), ({"lam_min_ratio": 0.0},
                                                                      "lam_min_ratio must be > 0"),
                             ({"lam_min_ratio": 1.0}, "lam_min_ratio must be < 1")]:
        with pytest.raises(ValueError, match=f"^{message}"):
            rp.logistic_path(X, y, **options)
    balanced = np.array([[1.0], [1.0], [-2.0], [-2.0]])
    with pytest.raises(ValueError, match=r"^X\^T y = 0: every lambda gives beta = 0"):
        rp.logistic_path(balanced, np.array([1, 0, 1, 0]))


@prop(r"Stopped after one Newton step per strength, `logistic_path` warns once for each strength it could not "
      r"certify, quoting the strength, the gap, the steps and $\mathrm{tol}\cdot n$; its `converged` flags and step "
      r"counts say the same (the first strength, $\lambda_{\max}$, needs no step: 0 is optimal there).",
      group="inputs", checks=("logistic_path", "ConvergenceWarning"))
def test_logistic_path_warns_per_strength_it_stops_short():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 6))
    y = (X[:, 0] + rng.standard_normal(40) > 0).astype(float)
    with pytest.warns(rp.ConvergenceWarning) as record:
        path = rp.logistic_path(X, y, n_lams=3, max_iter=1, tol=1e-12)
    assert path.converged.tolist() == [True, False, False] and path.n_iters.tolist() == [0, 1, 1]
    assert [str(w.message) for w in record] == [
        f"logistic_path at lam={lam:.4g}: duality gap {gap:.3g} after 1 Newton steps is above tol * n_samples = "
        f"{1e-12 * 40:.3g}; increase max_iter or loosen tol" for lam, gap in zip(path.lams[1:], path.gaps[1:])]
