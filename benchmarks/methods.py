"""The methods timed: one adapter per library and workload, all in the canonical units of ``problems.py``.

A lasso-type adapter is ``fit(X, y, lams, lams2, tol) -> coefs`` (one row per strength, solved in order with warm
starts where the library offers them); a logistic adapter ``fit(X, y, lams, tol) -> coefs``; a cross-validation
adapter ``cv(X, y, lams, folds, tol) -> best strength`` (its accuracy is calibrated on the fold paths it runs).
Each library's own stopping rule is left as it is; ``tol`` is its own parameter.
"""

from __future__ import annotations

import warnings

import numpy as np


def _quiet(fn):
    def wrapped(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    return wrapped


# ------------------------------------------------------------------------------------------ lasso / elastic net
def regprior_lasso(precompute="auto"):
    import regprior as rp

    @_quiet
    def fit(X, y, lams, lams2, tol):
        if lams.size == 1:
            return rp.elastic_net(X, y, lams[0], 0.0 if lams2 is None else lams2[0], tol=tol,
                                  precompute=precompute).coef[None]
        return rp.elastic_net_path(X, y, lams, 0.0 if lams2 is None else lams2, tol=tol, precompute=precompute).coefs
    return fit


def _l1_ratio(lams, lams2):
    """scikit-learn's (alpha, l1_ratio) for canonical (lam1, lam2): alpha*rho = lam1/(2n), alpha(1-rho) = lam2/n."""
    if lams2 is None:
        return 1.0
    ratios = lams / (lams + 2 * lams2)
    assert np.allclose(ratios, ratios[0]), "a path at a fixed l1_ratio"
    return float(ratios[0])


def sklearn_lasso(precompute=False):
    from sklearn.linear_model import ElasticNet, enet_path

    @_quiet
    def fit(X, y, lams, lams2, tol):
        n = X.shape[0]
        rho = _l1_ratio(lams, lams2)
        alphas = lams / (2 * n * rho)
        if lams.size == 1:
            model = ElasticNet(alpha=alphas[0], l1_ratio=rho, fit_intercept=False, tol=tol, max_iter=100_000,
                               precompute=precompute).fit(X, y)
            return model.coef_[None]
        _, coefs, _ = enet_path(X, y, l1_ratio=rho, alphas=alphas, tol=tol, max_iter=100_000, precompute=precompute)
        return coefs.T
    return fit


def celer_lasso():
    from celer import ElasticNet, celer_path

    @_quiet
    def fit(X, y, lams, lams2, tol):
        n = X.shape[0]
        rho = _l1_ratio(lams, lams2)
        alphas = lams / (2 * n * rho)
        if lams.size == 1:
            return ElasticNet(alpha=alphas[0], l1_ratio=rho, fit_intercept=False, tol=tol,
                              max_iter=1000).fit(X, y).coef_[None]
        kwargs = {} if rho == 1.0 else {"l1_ratio": rho}
        _, coefs, _ = celer_path(X, y, "lasso", alphas=alphas, tol=tol, max_iter=1000, **kwargs)
        return coefs.T
    return fit


def skglm_lasso(gram=False):
    from skglm import ElasticNet
    from skglm.penalties import L1
    from skglm.solvers import GramCD

    @_quiet
    def fit(X, y, lams, lams2, tol):
        n = X.shape[0]
        rho = _l1_ratio(lams, lams2)
        coefs = []
        if gram:  # skglm's Gram-matrix solver for n >> p (it forms X^T X / n itself)
            w = np.zeros(X.shape[1])
            for lam in lams:
                solver = GramCD(tol=tol, max_iter=1000, fit_intercept=False)
                w = solver.solve(X, y, None, L1(lam / (2 * n)), w_init=w.copy())[0]
                coefs.append(w.copy())
            return np.array(coefs)
        model = ElasticNet(alpha=lams[0] / (2 * n * rho), l1_ratio=rho, fit_intercept=False, tol=tol, max_iter=1000,
                           warm_start=True)
        for lam in lams:
            model.alpha = lam / (2 * n * rho)
            coefs.append(model.fit(X, y).coef_.copy())
        return np.array(coefs)
    return fit


# --------------------------------------------------------------------------------------------------- logistic
def regprior_logistic():
    import regprior as rp

    @_quiet
    def fit(X, y, lams, tol):
        return rp.logistic_path(X, y, lams, tol=tol).coefs
    return fit


def sklearn_logistic(solver: str):
    from sklearn.linear_model import LogisticRegression

    @_quiet
    def fit(X, y, lams, tol):
        # saga's max_iter counts epochs (a pass over the data each): 1000 per strength bounds a run at minutes
        model = LogisticRegression(C=1.0 / lams[0], l1_ratio=1.0, solver=solver, fit_intercept=False, tol=tol,
                                   max_iter=1000 if solver == "saga" else 100_000, warm_start=solver != "liblinear")
        coefs = []
        for lam in lams:
            model.C = 1.0 / lam
            coefs.append(model.fit(X, y).coef_[0].copy())
        return np.array(coefs)
    return fit


def celer_logistic():
    from celer import celer_path

    @_quiet
    def fit(X, y, lams, tol):
        _, coefs, _ = celer_path(X, 2 * y - 1, "logreg", alphas=lams, tol=tol, max_iter=1000)
        return coefs.T
    return fit


def skglm_logistic():
    from skglm import SparseLogisticRegression

    @_quiet
    def fit(X, y, lams, tol):
        n = X.shape[0]
        model = SparseLogisticRegression(alpha=lams[0] / n, tol=tol, max_iter=1000, fit_intercept=False,
                                         warm_start=True)
        coefs = []
        for lam in lams:
            model.alpha = lam / n
            coefs.append(model.fit(X, y).coef_.ravel().copy())
        return np.array(coefs)
    return fit


# ------------------------------------------------------------------------------------------- cross-validation
def centred_folds(X, y, folds):
    """The training part of each fold, centred as an intercept requires (what every CV routine solves)."""
    out = []
    for train, _ in folds:
        Xt, yt = X[train], y[train]
        out.append((np.asfortranarray(Xt - Xt.mean(axis=0)), yt - yt.mean()))
    return out


def regprior_cv():
    """``rp.lasso_cv`` with the folds given: the per-fold strengths are ``lams`` (scikit-learn's per-sample scaling,
    so the whole-data grid is ``lams * n / n_train``), then the refit on the whole data."""
    import regprior as rp

    @_quiet
    def cv(X, y, lams, folds, tol):
        n_train = len(folds[0][0])
        result = rp.lasso_cv(X, y, cv=folds, lams=lams * X.shape[0] / n_train, fit_intercept=True, tol=tol)
        return result.lam_min * n_train / X.shape[0]
    return cv


def sklearn_cv():
    from sklearn.linear_model import LassoCV

    @_quiet
    def cv(X, y, lams, folds, tol):
        n_train = len(folds[0][0])  # LassoCV's alphas are per training fold: alpha = lam / (2 n_train)
        model = LassoCV(alphas=lams / (2 * n_train), cv=folds, tol=tol, max_iter=100_000, fit_intercept=True)
        return model.fit(X, y).alpha_ * 2 * n_train
    return cv


def celer_cv():
    from celer import LassoCV

    @_quiet
    def cv(X, y, lams, folds, tol):
        n_train = len(folds[0][0])
        model = LassoCV(alphas=lams / (2 * n_train), cv=folds, tol=tol, max_iter=1000, fit_intercept=True)
        return model.fit(X, y).alpha_ * 2 * n_train
    return cv
