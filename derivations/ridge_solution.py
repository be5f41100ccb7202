"""The ridge minimizer from the gradient: (XᵀX + λI)⁻¹Xᵀy, and its n×n (dual) form."""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import In, Ip, Xm, betam, to_indexed, ym
from regprior.symbolic.sums import coordinate_derivative, is_identity
from regprior.symbolic.symbols import beta, j, k, lam, p, rss

from . import gaussian_l2


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the ridge-solution derivation."""
    d = Derivation("ridge-solution", "The ridge solution from the gradient")
    residual = ym - Xm * betam
    J = (ym - Xm * betam).T * (ym - Xm * betam) + lam * betam.T * betam
    # Kept unevaluated so the page shows (y - X beta)^T (y - X beta); checked equal to J below.
    J_display = sp.MatAdd(sp.MatMul(sp.Transpose(residual), residual, evaluate=False), lam * betam.T * betam,
                          evaluate=False)
    J_sum = rss() + lam * sp.Sum(beta[j] ** 2, (j, 1, p))

    d.define(
        r"With $X$ an $n \times p$ matrix, $y$ an $n$-vector and $\beta$ a $p$-vector (all of symbolic size), "
        "the canonical ridge objective in matrix notation is",
        r"J(\beta)", J_display, label="objective",
    )
    d.claim(
        "Written out entry by entry, this is the same function as the sum over observations used on the "
        "prior pages:",
        r"J(\beta)", J_sum, label="objective-sum",
        check=lambda: sp.expand(J_display.doit() - J) == sp.ZeroMatrix(1, 1)
        and is_identity(to_indexed(J[0, 0]), J_sum),
        checked="the single entry of the matrix expression, rewritten with indices, equals the sum form "
        "for general $n$ and $p$.",
    )
    G = sp.diff(J, betam)
    G_expanded = sp.expand(G)
    d.claim(
        "Matrix calculus gives the gradient:",
        r"\nabla J(\beta)", G_expanded, label="gradient",
        check=lambda: sp.expand(G - G_expanded) == sp.ZeroMatrix(*G.shape)
        and is_identity(to_indexed(G[k - 1, 0]), coordinate_derivative(J_sum, beta, k, p)),
        checked=r"its $k$-th entry equals $\partial J/\partial\beta_k$ computed from the sum form, for a "
        "general $k$.",
    )
    H = sp.diff(G, betam)
    A = Xm.T * Xm + lam * Ip
    G0 = G.subs(betam, sp.ZeroMatrix(*betam.shape)).doit()
    d.claim(
        r"Differentiating once more gives the Hessian; it does not depend on $\beta$, so the gradient is affine, "
        r"$\nabla J(\beta) = H\beta + \nabla J(0)$ with $\nabla J(0) = " + latex(G0) + "$:",
        "H", H, label="hessian",
        check=lambda: sp.expand(G - (H * betam + G0)) == sp.ZeroMatrix(*G.shape) and not H.has(betam),
        checked=r"$\nabla J(\beta) - H\beta - \nabla J(0)$ expands to the zero matrix.",
    )
    v = sp.MatrixSymbol("v", Xm.shape[1], 1)
    quad = 2 * (Xm * v).T * (Xm * v) + 2 * lam * v.T * v
    d.claim(
        "For any vector $v$ the Hessian's quadratic form is a sum of squares, so $H$ is positive definite when "
        r"$\lambda > 0$ (or when $X$ has full column rank) and $J$ then has exactly one minimizer, the zero of "
        "its gradient:",
        r"v^\top H v", quad, label="positive",
        check=lambda: sp.expand(v.T * H * v - quad) == sp.ZeroMatrix(1, 1),
        checked=r"$v^\top H v$ minus the right-hand side expands to 0.",
    )
    beta_star = A.I * Xm.T * ym
    d.claim(
        r"Since $H = 2(X^\top X + \lambda I)$, setting the gradient to zero and solving gives the ridge "
        "estimate:",
        r"\hat\beta", beta_star, label="solution",
        check=lambda: sp.expand(H - 2 * A) == sp.ZeroMatrix(*H.shape)
        and (2 * sp.MatMul(A, beta_star).doit() + G0).doit() == sp.ZeroMatrix(*G0.shape),
        checked=r"$H = 2(X^\top X + \lambda I)$, and the gradient at $\hat\beta$ simplifies to the zero vector.",
    )
    B = Xm * Xm.T + lam * In
    beta_dual = Xm.T * B.I * ym
    d.claim(
        r"When $p > n$ the $p \times p$ system is the expensive one. Because "
        r"$(X^\top X + \lambda I_p) X^\top = X^\top (X X^\top + \lambda I_n)$, the same vector is "
        r"obtained from an $n \times n$ system:",
        r"\hat\beta", beta_dual, label="dual",
        check=lambda: sp.expand(A * Xm.T - Xm.T * B) == sp.ZeroMatrix(*Xm.T.shape)
        and (2 * Xm.T * B * B.I * ym + G0).doit() == sp.ZeroMatrix(*G0.shape),
        checked="the push-through identity expands to 0, and with it the gradient at this vector is the zero vector.",
    )
    g = gaussian_l2.derivation()
    lam_gauss = g.results["lam"]
    beta_map = (Xm.T * Xm + lam_gauss * Ip).I * Xm.T * ym
    d.claim(
        "With the strength derived in {doc}`/derivations/gaussian-l2`, the MAP estimate under a "
        r"$\mathcal N(0, \sigma_w^2)$ prior on each coefficient is",
        r"\hat\beta_{\mathrm{MAP}}", beta_map, label="map",
        check=lambda: beta_star.subs(lam, lam_gauss) == beta_map,
        checked=r"this is the ridge solution with $\lambda$ replaced by the strength the Gaussian-prior "
        "derivation produced.",
    )
    d.record(
        objective=J_sum,
        gradient=coordinate_derivative(J_sum, beta, k, p),
        solution=beta_star,
        solution_dual=beta_dual,
    )
    return d
