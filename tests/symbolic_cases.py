"""The derivations' results, compiled to numbers once per test session.

Everything here comes from the SymPy derivation objects (the same ones rendered
in the docs); nothing is a second hand-written formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable

import numpy as np
import sympy as sp

import regprior as rp
from derivations import gaussian_l2, laplace_l1, lasso_coordinate, ridge_solution
from regprior.symbolic.numeric import lambdify_indexed
from regprior.symbolic.sums import coordinate_derivative
from regprior.symbolic.symbols import X, Z, b, beta, k, lam, n, p, sigma, sigma_w, y


@dataclass(frozen=True)
class PriorCase:
    """One prior: its numeric class and its derivation, evaluated numerically."""

    name: str
    prior_cls: type
    module: object
    scale_symbol: sp.Symbol

    @cached_property
    def derivation(self):
        return self.module.derivation()

    @cached_property
    def _args(self):
        return (X, y, beta, n, p, sigma, self.scale_symbol, Z)

    @cached_property
    def neg_log_posterior(self) -> Callable:
        """(X, y, beta, n, p, noise_sd, scale, Z) -> -log p(beta | y, X)."""
        return lambdify_indexed(self._args, self.derivation.results["neg_log_posterior"])

    @cached_property
    def gradient(self) -> Callable:
        """(X, y, beta, n, p, noise_sd, scale, Z, k) -> d(-log p)/d beta_k (beta_k != 0 for Laplace)."""
        return lambdify_indexed(self._args + (k,), self.derivation.results["gradient"])

    @cached_property
    def factor(self) -> Callable:
        return sp.lambdify([sigma], self.derivation.results["factor"])

    @cached_property
    def lam(self) -> Callable:
        return sp.lambdify([sigma, self.scale_symbol], self.derivation.results["lam"])

    @cached_property
    def scale_from_lam(self) -> Callable:
        return sp.lambdify([sigma, self.derivation.results["lam_symbol"]], self.derivation.results["scale_from_lam"])

    @cached_property
    def constant(self) -> Callable:
        return sp.lambdify([n, p, sigma, self.scale_symbol, Z], self.derivation.results["constant"])


GAUSSIAN = PriorCase("gaussian", rp.GaussianPrior, gaussian_l2, sigma_w)
LAPLACE = PriorCase("laplace", rp.LaplacePrior, laplace_l1, b)
PRIOR_CASES = (GAUSSIAN, LAPLACE)


@lru_cache(maxsize=None)
def laplace_lifted() -> tuple[Callable, Callable, Callable]:
    r"""The Laplace negative log-posterior in split variables :math:`\beta = u - v`, :math:`u, v \ge 0`.

    Replacing :math:`|\beta_j|` by :math:`u_j + v_j` gives a smooth function whose minimum over
    :math:`u, v \ge 0` equals the minimum of the original (since :math:`u_j + v_j \ge |u_j - v_j|`,
    with equality when one of them is 0), so a bound-constrained quasi-Newton method can minimize it.
    Returns (value, d/du_k, d/dv_k) as functions of (X, y, u, v, n, p, sigma, b, Z[, k]).
    """
    nlp = LAPLACE.derivation.results["neg_log_posterior"]
    u, v = sp.IndexedBase("u", real=True), sp.IndexedBase("v", real=True)
    is_abs_beta = lambda e: isinstance(e, sp.Abs) and isinstance(e.args[0], sp.Indexed) and e.args[0].base == beta
    lifted = nlp.replace(is_abs_beta, lambda e: u[e.args[0].indices[0]] + v[e.args[0].indices[0]])
    lifted = lifted.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == beta, lambda e: u[e.indices[0]] - v[e.indices[0]]
    )
    assert not lifted.has(beta)
    args = (X, y, u, v, n, p, sigma, b, Z)
    return (
        lambdify_indexed(args, lifted),
        lambdify_indexed(args + (k,), coordinate_derivative(lifted, u, k, p)),
        lambdify_indexed(args + (k,), coordinate_derivative(lifted, v, k, p)),
    )


@lru_cache(maxsize=None)
def ridge_closed_forms() -> dict[str, Callable]:
    """(X, y, lam) -> the ridge solution from the p x p system ("solution") and from the n x n one ("dual")."""
    from regprior.symbolic.matrices import Xm, ym
    from regprior.symbolic.numeric import lambdify_matrix

    res = ridge_solution.derivation().results
    return {name: lambdify_matrix((Xm, ym, lam), res[key]) for name, key in
            (("solution", "solution"), ("dual", "solution_dual"))}


@lru_cache(maxsize=None)
def ridge_gradient() -> Callable:
    """(X, y, beta, n, p, lam, k) -> dJ/d beta_k for J = ||y - X beta||^2 + lam ||beta||^2."""
    return lambdify_indexed((X, y, beta, n, p, lam, k), ridge_solution.derivation().results["gradient"])


@dataclass(frozen=True)
class LassoConditions:
    data_fit_gradient: Callable  # (X, y, beta, n, p, k) -> g_k
    kkt_active: Callable  # (g_k, lam, beta, k) -> g_k + lam sign(beta_k)
    kkt_zero: Callable  # (g_k, lam) -> |g_k| - lam
    tol_zero: Callable  # (lam, q, G) -> allowed |g_k| at a zero coefficient
    tol_active: Callable  # (q, G, |beta_k|) -> allowed |g_k + lam sign(beta_k)|


@lru_cache(maxsize=None)
def lasso_conditions() -> LassoConditions:
    res = lasso_coordinate.derivation().results
    q, G, bk, gk = res["tolerance_symbols"]
    return LassoConditions(
        data_fit_gradient=lambdify_indexed((X, y, beta, n, p, k), res["gradient"]),
        kkt_active=lambdify_indexed((gk, lam, beta, k), res["kkt_active"]),
        kkt_zero=sp.lambdify([gk, lam], res["kkt_zero"]),
        tol_zero=sp.lambdify([lam, q, G], res["gap_tolerance_zero"]),
        tol_active=sp.lambdify([q, G, bk], res["gap_tolerance_active"]),
    )


def rss(X: np.ndarray, y: np.ndarray, coef: np.ndarray) -> float:
    r = y - X @ coef
    return float(r @ r)


__all__ = ["GAUSSIAN", "LAPLACE", "PRIOR_CASES", "PriorCase", "laplace_lifted", "lasso_conditions", "ridge_gradient",
           "rss"]


# -- the generalization pages (issue 5, part A) ---------------------------------------------------------
# Each function compiles the recorded results of one derivation once per session; the tests evaluate
# them and never retype a formula.


@lru_cache(maxsize=None)
def prior_mean_cases() -> dict:
    from derivations import prior_mean
    from regprior.symbolic.matrices import Xm, ym
    from regprior.symbolic.numeric import lambdify_matrix
    from regprior.symbolic.symbols import sigma_w, theta0

    res = prior_mean.derivation().results
    kappa, t0, xv = res["symbols"]
    th = prior_mean.theta0m
    return {
        "solution": lambdify_matrix((Xm, ym, th, lam), res["solution"]),
        "solution_shifted": lambdify_matrix((Xm, ym, th, lam), res["solution_shifted"]),
        "scalar": lambdify_indexed((xv, y, n, lam, t0), res["scalar_solution"]),
        "neg_log_posterior": lambdify_indexed((X, y, beta, theta0, n, p, sigma, sigma_w, Z), res["neg_log_posterior"]),
        "constant": sp.lambdify((n, p, sigma, sigma_w, Z), res["constant"]),
        "kappa": {name: sp.lambdify((kappa, sigma), res[name]) for name in (
            "kappa_normalizer", "kappa_variance", "lam_from_kappa",
            "wrong_kappa_normalizer", "wrong_kappa_variance", "wrong_lam_from_kappa")},
    }


@lru_cache(maxsize=None)
def prior_covariance_cases() -> dict:
    from derivations import prior_covariance
    from derivations.prior_mean import theta0m
    from regprior.symbolic.matrices import Xm, ym
    from regprior.symbolic.numeric import lambdify_matrix
    from regprior.symbolic.symbols import Q, tau, theta0

    res = prior_covariance.derivation().results
    L, _, P = res["matrices"]
    nlp = res["neg_log_posterior"]
    log_det = sp.Symbol("log_det_Sigma")
    nlp = nlp.replace(lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Determinant), lambda e: log_det)
    return {
        "whitened": lambdify_matrix((Xm, ym, L, theta0m, sigma), res["solution_whitened"]),
        "general": lambdify_matrix((Xm, ym, P, theta0m), res["solution_general"]),
        "lam_k": lambdify_indexed((tau, sigma, k), res["lam_k"]),
        "wrong_lam_k": lambdify_indexed((tau, k), res["wrong_lam_k"]),
        "neg_log_posterior": lambdify_indexed((X, y, beta, theta0, Q, n, p, sigma, log_det, Z), nlp),
        "penalty_scale": sp.lambdify((sigma,), res["lam_matrix_scale"]),
        "wrong_penalty_scale": sp.lambdify((sigma,), res["wrong_lam_prior_twice"]),
    }


@lru_cache(maxsize=None)
def gaussian_posterior_cases() -> dict:
    from derivations import gaussian_posterior
    from derivations.prior_mean import theta0m
    from regprior.symbolic.matrices import Xm, ym
    from regprior.symbolic.numeric import lambdify_matrix

    res = gaussian_posterior.derivation().results
    Sigma, W, x_new, lam_ = res["matrices"]
    return {
        "covariance": lambdify_matrix((Xm, Sigma, sigma), res["covariance_iid"]),
        "mean": lambdify_matrix((Xm, ym, Sigma, theta0m, sigma), res["mean_iid"]),
        "precision": lambdify_matrix((Xm, W, Sigma), res["precision"]),
        "mode": lambdify_matrix((Xm, ym, W, Sigma, theta0m), res["mode"]),
        "covariance_ridge": lambdify_matrix((Xm, lam_, sigma), res["covariance_ridge"]),
        "predictive_variance": lambdify_matrix((x_new, Xm, Sigma, sigma), res["predictive_variance"]),
    }


@lru_cache(maxsize=None)
def weights_intercept_cases() -> dict:
    from derivations import weights_intercept
    from regprior.symbolic.matrices import Xm, betam, ym
    from regprior.symbolic.numeric import lambdify_matrix
    from regprior.symbolic.symbols import sample_weight, sigma_w

    res = weights_intercept.derivation().results
    ones, _, S = res["matrices"]
    A, B, C = res["marginal_symbols"]
    return {
        "intercept": lambdify_matrix((Xm, ym, betam, ones, S), res["intercept"]),
        "centred_residual": lambdify_matrix((Xm, ym, betam, ones, S), res["centred_residual"]),
        "marginal": sp.lambdify((A, B, C, sigma), res["marginal"]),
        "neg_log_posterior": lambdify_indexed((X, y, sample_weight, beta, n, p, sigma, sigma_w, Z),
                                              res["neg_log_posterior"]),
        "constant": lambdify_indexed((sample_weight, n, p, sigma, sigma_w, Z), res["constant"]),
        "wrong_intercept_shift": sp.lambdify((A, lam, sp.Symbol("c", real=True)),
                                             res["wrong_penalized_intercept_shift"].subs(
                                                 sp.Symbol("lambda", positive=True), lam)),
    }


@lru_cache(maxsize=None)
def elastic_net_cases() -> dict:
    from derivations import elastic_net_prior

    res = elastic_net_prior.derivation().results
    a, q, lam1, lam2 = res["update_symbols"]
    closed = res["normalizer"]
    nlp = res["neg_log_posterior"].replace(lambda e: isinstance(e, sp.Integral), lambda e: closed)
    return {
        "normalizer": sp.lambdify((b, sigma_w), closed, modules=["scipy", "numpy"]),
        "neg_log_posterior": lambdify_indexed((X, y, beta, n, p, sigma, b, sigma_w, Z), nlp),
        "lams": sp.lambdify((sigma, b, sigma_w), sp.Tuple(res["lam1"], res["lam2"])),
        "update": sp.lambdify((a, q, lam1, lam2), res["update"]),
    }


@lru_cache(maxsize=None)
def exponential_power_cases() -> dict:
    from derivations import exponential_power_prior
    from regprior.symbolic.models import exponential_power_prior as prior
    from regprior.symbolic.symbols import power, power_scale

    res = exponential_power_prior.derivation().results
    x_ = sp.Symbol("x", real=True)
    bb = res["example_symbol"]
    return {
        "density": sp.lambdify((x_, power, power_scale), prior.density_value(x_), modules=["scipy", "numpy"]),
        "neg_log_posterior": lambdify_indexed((X, y, beta, n, p, sigma, power_scale, power, Z),
                                              res["neg_log_posterior"]),
        "constant": sp.lambdify((n, p, sigma, power_scale, power, Z), res["constant"], modules=["scipy", "numpy"]),
        "lam": sp.lambdify((sigma, power_scale, power), res["lam"]),
        "scale_from_lam": sp.lambdify((sigma, res["lam_symbol"], power), res["scale_from_lam"]),
        "gaussian_scale": sp.lambdify((sigma_w,), res["gaussian_scale"]),
        "example_objective": sp.lambdify((bb,), res["example_objective"]),
        "example_minima": [float(m) for m in res["example_minima"]],
        "example_tie": tuple(float(v) for v in res["example_tie"]),
    }


@lru_cache(maxsize=None)
def orthonormal_cases() -> dict:
    from derivations import orthonormal_design

    res = orthonormal_design.derivation().results
    zs, lam_, a, q = res["symbols"]
    gram, z = res["example"]
    pieces = [(sp.lambdify((lam_,), coef), sp.lambdify((lam_,), cond)) for coef, cond in res["path_pieces"]]
    return {
        "lasso": sp.lambdify((zs, lam_), res["lasso"]),
        "ridge": sp.lambdify((zs, lam_), res["ridge"]),
        "subset": sp.lambdify((zs, lam_), res["subset"]),
        "one_column_lasso": sp.lambdify((a, q, lam_), res["one_column_lasso"].subs(
            sp.Symbol("lambda", nonnegative=True), lam_)),
        "wrong_threshold": sp.lambdify((zs, lam_), res["wrong_threshold"]),
        "wrong_one_column": sp.lambdify((a, q, lam_), res["wrong_one_column_no_division"]),
        "path_pieces": pieces,
        "example": (np.array(gram, dtype=float), np.array(z, dtype=float).ravel()),
    }


@lru_cache(maxsize=None)
def constraint_cases() -> dict:
    from derivations import constraint_penalty

    res = constraint_penalty.derivation().results
    c_, d_, lam_pos = res["eta_symbols"]
    t_ls, lo, hi = res["clip_symbols"]
    w, lam_u = res["unsquared_symbols"]
    return {
        "multiplier": lambdify_indexed((X, y, beta, n, p, res["degree_symbol"], res["eta_symbol"]), res["multiplier"]),
        "eta_of_lambda": lambdify_indexed((c_, d_, p, lam_pos), res["eta_of_lambda"]),
        "clip": sp.lambdify((t_ls, lo, hi), res["clip"]),
        "unsquared_zero_slope": lambdify_indexed((w, y, n, lam_u), res["unsquared_zero_slope"]),
    }


@lru_cache(maxsize=None)
def units_maps() -> dict[str, Callable]:
    r"""The units map of the weights-intercept page: ``factor``, ``lam1``, ``lam2`` as functions of
    :math:`(a, b, \lambda_1, \lambda_2)` (the canonical problem of :math:`(aX, by)` is :math:`c` times that of
    :math:`(X, y)` at :math:`(\tilde\lambda_1, \tilde\lambda_2)`)."""
    from derivations import weights_intercept

    res = weights_intercept.derivation().results
    args = tuple(res["units_symbols"])
    return {name: sp.lambdify(args, res[f"units_{name}"], "numpy") for name in ("factor", "lam1", "lam2")}
