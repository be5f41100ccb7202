"""Pitfalls page, section "Library conventions and code": the SymPy check of each entry."""

from __future__ import annotations

import sympy as sp

from derivations import ridge_solution, weights_intercept
from regprior.symbolic import conventions as cv
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Ip, Xm, is_zero_matrix, left_multiply, ym
from regprior.symbolic.symbols import n

from .algebra import differs, symbol_named
from .display import compare, eq, rows
from .entries import Pitfall


def e9(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E9: scikit-learn's Ridge has no 1/n, and it leaves the intercept unpenalized."""
    res_w = weights_intercept.derivation().results
    lam_n = res_w["wrong_lam_per_sample"]
    (alpha_r,) = cv.library("sklearn.Ridge").symbols
    (alpha_of_lam_n,) = sp.solve(sp.Eq(cv.derive("sklearn.Ridge").strengths[cv.lam2], res_w["lam_per_sample"]), alpha_r)
    compare(
        d, entry,
        rows(("written", eq(r"\texttt{alpha}", lam_n)), ("right", eq(r"\texttt{alpha}", latex(n) + latex(lam_n)))),
        check=lambda: sp.simplify(n * lam_n - alpha_of_lam_n) == 0
        and differs(lam_n, alpha_of_lam_n, {n: 30, lam_n: 1}),
        checked=r"the canonical strength of the mean-squared-error objective, $n\lambda_n$ (weights-and-intercept "
        "page), set equal to the strength scikit-learn's Ridge implies (conventions page) and solved for `alpha`.",
    )
    rec.update(e9_wrong=lam_n, e9_right=n * lam_n, e9_derived=alpha_of_lam_n)


def e18(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E18: scikit-learn's Lasso alpha is λ/n for ½‖y − Xβ‖² + λ‖β‖₁, without intercept."""
    lam_h = sp.Symbol("lambda", positive=True)
    S, A = sp.symbols("S A")
    c_h, lam1 = sp.symbols("c lambda_1", positive=True)
    (half,) = sp.solve(sp.Poly(c_h * (S / 2 + lam_h * A) - (S + lam1 * A), S, A).coeffs(), [c_h, lam1], dict=True)
    (alpha_l1,) = cv.library("sklearn.Lasso").symbols
    (alpha_of_half,) = sp.solve(sp.Eq(cv.derive("sklearn.Lasso").strengths[cv.lam1], half[lam1]), alpha_l1)
    compare(
        d, entry,
        rows(("written", eq(r"\texttt{alpha}", lam_h)), ("right", eq(r"\texttt{alpha}", lam_h / n)
                                                             + r",\quad \texttt{fit\_intercept=False}")),
        check=lambda: sp.simplify(lam_h / n - alpha_of_half) == 0 and differs(lam_h, alpha_of_half, {n: 100, lam_h: 1}),
        checked=r"matching $c(\tfrac12 S + \lambda A)$ to $S + \lambda_1 A$ gives $\lambda_1 = 2\lambda$; setting it "
        r"equal to the strength scikit-learn's Lasso implies (conventions page) and solving for `alpha` gives "
        r"$\lambda/n$.",
    )
    rec.update(e18_wrong=lam_h, e18_right=lam_h / n, e18_derived=alpha_of_half)


def e23(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E23: A ridge snippet: one scalar of noise, an unused λ, a hidden intercept."""
    solution = ridge_solution.derivation().results["solution"]
    lam_r = symbol_named(solution, "lambda")
    snippet = (Xm.T * Xm + Ip).I * Xm.T * ym
    normal_eq = lambda beta_: left_multiply(Xm.T * Xm + lam_r * Ip, beta_) - Xm.T * ym  # noqa: E731
    compare(
        d, entry,
        rows(("written", eq(r"\hat\beta", snippet) + r"\ \text{ for every } \lambda"),
             ("right", r"(X^\top X + \lambda I)\hat\beta = X^\top y")),
        check=lambda: is_zero_matrix(normal_eq(solution))
        and is_zero_matrix(solution.subs(lam_r, 1) - snippet)
        and not is_zero_matrix(normal_eq(snippet)),
        checked=r"the solution of {doc}`/derivations/ridge-solution` satisfies the normal equations with $\lambda$ and "
        r"reduces to the snippet's formula at $\lambda = 1$; the snippet's formula leaves the residual $(\lambda - 1)"
        r"(X^\top X + I)^{-1}X^\top y$ in them, which is not the zero vector.",
    )
    rec.update(e23_wrong=snippet, e23_derived=solution)


#: entry number -> its check, which adds the entry to the page (entries without one are notes)
CHECKS = {9: e9, 18: e18, 23: e23}
