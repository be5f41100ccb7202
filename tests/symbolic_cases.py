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
