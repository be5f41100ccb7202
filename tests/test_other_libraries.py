"""Other libraries run at the parameters regprior.conventions computes: glmnet's own Fortran, statsmodels and LARS.

Each library's coefficients are certified with regprior's duality gap for the canonical problem at the converted
strengths (not compared with regprior's coefficients to a tolerance picked by hand): a gap of a relative 1e-9 says
the library solved the very problem the conversion claims.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from sklearn.datasets import load_diabetes

import regprior as rp
from tests.properties import prop

X_DIABETES, Y_DIABETES = load_diabetes(return_X_y=True)
NOISE_SD = 54.15  # about the residual sd of least squares on these data

if sys.platform == "linux":  # the test extra installs python-glmnet there (manylinux wheels with glmnet's Fortran)
    import glmnet
else:  # pragma: no cover - elsewhere python-glmnet has no wheel and needs gfortran to build
    glmnet = pytest.importorskip("glmnet", reason="python-glmnet (glmnet's Fortran) has no wheel for this platform")


def _certified(X, y, coef, lam1, lam2, *, fit_intercept):
    """regprior's duality gap of the canonical elastic net at ``coef`` (centred data with an intercept), relative to
    the objective at 0."""
    if fit_intercept:
        X, y = X - X.mean(axis=0), y - y.mean()
    return rp.duality_gap(X, y, coef, lam1, lam2) / (y @ y)


GLMNET_PRIORS = {
    "gaussian": (rp.GaussianPrior(5.0),),
    "laplace": (rp.LaplacePrior(20.0),),
    "both": (rp.LaplacePrior(20.0), rp.GaussianPrior(5.0)),
}


@prop(r"glmnet's own Fortran (python-glmnet, `standardize=False`, its threshold at $10^{-20}$), run at the "
      r"`lambda`/`alpha` that `conventions.from_prior` gives for a Gaussian, a Laplace and both priors on the diabetes "
      r"data (with the response's sd passed as `response_sd`), returns coefficients whose canonical duality gap at "
      r"$\lambda_1 = 2\sigma^2/b$, $\lambda_2 = \sigma^2/\sigma_w^2$ is below $10^{-9}\lVert y\rVert^2$, with and "
      r"without an intercept; without `response_sd` (the old, documented-objective conversion) the ridge gap is "
      r"orders of magnitude larger.",
      group="libraries", evaluates="conventions", checks=("conventions.from_prior", "duality_gap"),
      against="glmnet's Fortran (python-glmnet)")
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("kind", sorted(GLMNET_PRIORS))
def test_glmnet_at_the_converted_parameters_solves_the_canonical_problem(kind, fit_intercept):
    X, y = X_DIABETES, Y_DIABETES
    priors = GLMNET_PRIORS[kind]
    lam1 = sum(p.penalty_strength(NOISE_SD) for p in priors if isinstance(p, rp.LaplacePrior))
    lam2 = sum(p.penalty_strength(NOISE_SD) for p in priors if isinstance(p, rp.GaussianPrior))
    params = rp.conventions.from_prior("glmnet", *priors, noise_sd=NOISE_SD, n_samples=len(y),
                                       response_sd=float(np.std(y)))
    model = glmnet.ElasticNet(alpha=params["alpha"], lambda_path=np.array([params["lambda_"]]), standardize=False,
                              fit_intercept=fit_intercept, tol=1e-20, max_iter=10**6, n_splits=0).fit(X, y)
    coef = model.coef_path_[:, -1]
    assert _certified(X, y, coef, lam1, lam2, fit_intercept=fit_intercept) <= 1e-9
    if kind == "gaussian":  # ridge: unique minimizer, and regprior's own fit agrees with glmnet's
        np.testing.assert_allclose(coef, rp.ridge(X, y, lam2, fit_intercept=fit_intercept).coef, rtol=1e-7,
                                   atol=1e-9 * np.abs(coef).max())
        wrong = params["lambda_"] / np.std(y)  # what the conversion gave without the response's sd
        old = glmnet.ElasticNet(alpha=0.0, lambda_path=np.array([wrong]), standardize=False,
                                fit_intercept=fit_intercept, tol=1e-14, max_iter=10**6, n_splits=0).fit(X, y)
        assert _certified(X, y, old.coef_path_[:, -1], lam1, lam2, fit_intercept=fit_intercept) > 1e-4


@prop(r"The glmnet conversion needs the response's sd: `to_canonical`, `from_prior` and `convert` refuse glmnet "
      r"without `response_sd` and refuse it for a library that does not rescale $y$; `describe` says which "
      r"libraries need it, and only the L2 part depends on it ($\lambda_2 = n\lambda(1-\alpha)/s_y$, "
      r"$\lambda_1 = 2n\lambda\alpha$).",
      group="inputs", evaluates="conventions",
      checks=("conventions.to_canonical", "conventions.from_prior", "conventions.convert", "conventions.describe"))
def test_the_glmnet_conversion_takes_the_response_sd():
    with pytest.raises(TypeError, match="^response_sd is required for glmnet"):
        rp.conventions.to_canonical("glmnet", n_samples=10, lambda_=0.1, alpha=0.5)
    with pytest.raises(TypeError, match="^response_sd is required for glmnet"):
        rp.conventions.from_prior("glmnet", rp.GaussianPrior(1.0), noise_sd=1.0, n_samples=10)
    with pytest.raises(TypeError, match="^sklearn.Ridge does not take response_sd"):
        rp.conventions.to_canonical("sklearn.Ridge", response_sd=2.0, alpha=1.0)
    with pytest.raises(TypeError, match="neither sklearn.Lasso nor sklearn.ElasticNet rescales y"):
        rp.conventions.convert("sklearn.Lasso", "sklearn.ElasticNet", n_samples=10, response_sd=2.0, alpha=1.0)
    assert rp.conventions.describe("glmnet").uses_response_sd
    assert not rp.conventions.describe("sklearn.ElasticNet").uses_response_sd
    for sd in (0.5, 1.0, 3.0):
        c = rp.conventions.to_canonical("glmnet", n_samples=20, response_sd=sd, lambda_=0.1, alpha=0.25)
        assert c.lam1 == pytest.approx(2 * 20 * 0.1 * 0.25) and c.lam2 == pytest.approx(20 * 0.1 * 0.75 / sd)


@prop(r"statsmodels' `OLS.fit_regularized(method='elastic_net')` at the `alpha`/`L1_wt` that `conventions.convert` "
      r"gives from canonical strengths returns coefficients whose canonical duality gap is below "
      r"$10^{-8}\lVert y\rVert^2$ for the lasso, ridge and an elastic net (centred diabetes data).",
      group="libraries", checks=("conventions.from_canonical", "duality_gap"),
      against="statsmodels OLS.fit_regularized")
@pytest.mark.parametrize("lam1, lam2", [(2000.0, 0.0), (0.0, 300.0), (2000.0, 300.0)])
def test_statsmodels_at_the_converted_parameters_solves_the_canonical_problem(lam1, lam2):
    import statsmodels.api as sm

    X, y = X_DIABETES - X_DIABETES.mean(axis=0), Y_DIABETES - Y_DIABETES.mean()
    params = rp.conventions.from_canonical("statsmodels.OLS.fit_regularized", lam1=lam1, lam2=lam2,
                                           n_samples=len(y))
    fit = sm.OLS(y, X).fit_regularized(method="elastic_net", alpha=params["alpha"], L1_wt=params["L1_wt"],
                                       cnvrg_tol=1e-14, maxiter=100_000)
    assert _certified(X, y, np.asarray(fit.params), lam1, lam2, fit_intercept=False) <= 1e-8


@prop(r"At every knot of scikit-learn's LARS-lasso path (`lars_path(method='lasso')`, `alpha` $= \lambda/(2n)$) the "
      r"lasso path at $\lambda = 2n\,\alpha$ has the LARS coefficients (to $10^{-6}$ of their size).",
      group="libraries", checks=("lasso_path",), against="scikit-learn lars_path (LARS)")
def test_lasso_path_has_the_lars_knots():
    from sklearn.linear_model import lars_path

    X, y = X_DIABETES - X_DIABETES.mean(axis=0), Y_DIABETES - Y_DIABETES.mean()
    n = len(y)
    alphas, _, coefs = lars_path(X, y, method="lasso")
    knots = alphas[:-1] * 2 * n  # the last knot is lambda = 0 (least squares)
    path = rp.lasso_path(X, y, knots, tol=1e-14)
    np.testing.assert_allclose(path.coefs, coefs[:, :-1].T, atol=1e-6 * np.abs(coefs).max())
