"""Closed forms when the problem separates: orthonormal design (XᵀX = I) gives soft-thresholding at λ/2
for the lasso, shrinkage by 1/(1 + λ) for ridge and hard-thresholding at √λ for best subset; one column
(p = 1) gives S_{λ/2}(xᵀy)/xᵀx. In general the lasso is piecewise linear, with a closed form on each
piece: the unknown active set, not the kink, is what prevents one formula.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Ip, Xm, betam, is_zero_matrix, left_multiply, quadratic, substitute_product, \
    to_indexed, ym
from regprior.symbolic.sums import is_identity
from regprior.symbolic.symbols import beta, i, j, n, p, y

from . import lasso_coordinate, ridge_solution
from ._one_dimensional import soft_threshold_minimizes
from .lasso_coordinate import soft_threshold

#: the two-coefficient example of a lasso path: Gram matrix X^T X and correlations z = X^T y
EXAMPLE_GRAM = sp.Matrix([[1, sp.Rational(-1, 2)], [sp.Rational(-1, 2), 1]])
EXAMPLE_Z = sp.Matrix([2, sp.Rational(1, 2)])


def lasso_path(gram: sp.Matrix, z: sp.Matrix, lam: sp.Symbol) -> tuple[list[tuple[sp.Matrix, sp.Set]], sp.Set]:
    r"""Every sign pattern's candidate solution of :math:`\beta^\top G\beta - 2z^\top\beta + \lambda\lVert\beta\rVert_1`
    and the set of λ > 0 where it satisfies the optimality conditions.

    For a sign vector s (entries -1, 0, 1; active set A = {j : s_j ≠ 0}) the stationarity conditions on A
    are linear, :math:`2G_{AA}\beta_A - 2z_A + \lambda s_A = 0`; the candidate is valid where its active
    entries have the signs s and every inactive j has :math:`|2(G\beta - z)_j| \le \lambda`.
    Returns the valid (candidate, λ-set) pairs and the union of their sets.
    """
    p_ = gram.shape[0]
    positive = sp.Interval.open(0, sp.oo)
    pieces, covered = [], sp.S.EmptySet
    for signs in itertools.product((-1, 0, 1), repeat=p_):
        active = [k for k in range(p_) if signs[k] != 0]
        coef = sp.zeros(p_, 1)
        if active:
            G_A = gram.extract(active, active)
            s_A = sp.Matrix([signs[k] for k in active])
            coef_A = G_A.LUsolve(z.extract(active, [0]) - lam * s_A / 2)
            for pos, k in enumerate(active):
                coef[k] = sp.simplify(coef_A[pos])
        grad = 2 * (gram * coef - z)
        conditions = [signs[k] * coef[k] > 0 for k in active]
        conditions += [sp.Abs(grad[k]) <= lam for k in range(p_) if k not in active]
        region = positive
        for cond in conditions:
            region = region.intersect(sp.solveset(cond, lam, domain=sp.S.Reals))
        if region is not sp.S.EmptySet and region.measure != 0:
            pieces.append((coef, region))
            covered = covered.union(region)
    return pieces, covered


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the orthonormal-design derivation."""
    d = Derivation("orthonormal-design", "Closed forms: orthonormal design and one coefficient")
    lam_ = sp.Symbol("lambda", positive=True)
    zm = sp.MatrixSymbol("z", p, 1)
    zb = sp.IndexedBase("z", real=True)
    t = sp.Symbol("t", real=True)
    zs = sp.Symbol("z", real=True)

    d.say(
        "The lasso has no closed-form solution in general, but it has one whenever the problem splits into "
        r"one-dimensional problems. Two cases do: columns that are orthonormal, $X^\top X = I$ (which needs "
        r"$n \ge p$), and a single column. Both are derived here in the canonical convention, next to the "
        "ridge and best-subset answers for comparison."
    )
    rss = sp.expand((ym - Xm * betam).T * (ym - Xm * betam))
    rss_ortho = substitute_product(rss, (Xm.T, Xm), Ip)
    rss_z = substitute_product(substitute_product(rss_ortho, (Xm.T, ym), zm), (ym.T, Xm), zm.T)
    separable = sp.Sum(y[i] ** 2, (i, 1, n)) + sp.Sum(beta[j] ** 2 - 2 * zb[j] * beta[j], (j, 1, p))
    d.claim(
        r"Multiply out the residual sum of squares and use $X^\top X = I$; with $z = X^\top y$ (the correlations "
        "of the columns with $y$), it no longer couples the coefficients:",
        r"\lVert y - X\beta\rVert^2", separable, label="separable",
        check=lambda: is_identity(to_indexed(rss_z[0, 0], {zm: zb}), separable)
        and not rss_ortho.has(Xm.T * Xm),
        checked=r"the matrix expression with $X^\top X$ replaced by $I$ and $X^\top y$ by $z$, written with "
        "indices, equals this sum for general $n$ and $p$.",
    )
    d.say(
        "Any penalty that is a sum over coefficients then splits $J$ into $p$ independent problems "
        r"$\varphi(t) = t^2 - 2z_j t + \text{penalty}(t)$, one for each $t = \beta_j$."
    )

    # -- lasso ------------------------------------------------------------------------------------------
    res = lasso_coordinate.derivation().results
    a, lam_c, q = res["soft_threshold_symbols"]
    lasso_ortho = res["update"].subs({q: 1, lam_c: lam_, a: zs})
    d.claim(
        r"For the lasso, $\varphi(t) = t^2 - 2z_jt + \lambda|t|$ is the coordinate-descent problem with "
        r"$\lVert x_j\rVert^2 = 1$, so each coefficient is soft-thresholded at $\lambda/2$ (with $z = z_j$):",
        r"\hat\beta_j", soft_threshold(zs, lam_ / 2), label="lasso",
        check=lambda: soft_threshold_minimizes(soft_threshold(zs, lam_ / 2), zs, 1, lam_)
        and sp.simplify(lasso_ortho - soft_threshold(zs, lam_ / 2)) == 0,
        checked=r"$S_{\lambda/2}(z)$ minimizes $t^2 - 2zt + \lambda|t|$ (stationary on the correct side of 0 for "
        r"$|z| > \lambda/2$, and 0 exactly where $\varphi$ rises on both sides of 0); it is also the "
        r"coordinate-descent update at $\lVert x_j\rVert^2 = 1$.",
    )
    wrong_threshold = soft_threshold(zs, lam_)
    d.claim(
        r"The threshold is $\lambda/2$ because $J$ has no $\tfrac12$ in front of the squared error. The "
        r"threshold $\lambda$ belongs to $\tfrac12\lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1$; "
        r"used with the canonical $J$ it is a different estimator, e.g. at $z = \tfrac34\lambda$:",
        r"S_{\lambda/2}(z) - S_\lambda(z)", sp.simplify((soft_threshold(zs, lam_ / 2) - wrong_threshold)
                                                        .subs(zs, 3 * lam_ / 4)),
        label="threshold",
        check=lambda: not soft_threshold_minimizes(wrong_threshold, zs, 1, lam_)
        and sp.simplify((soft_threshold(zs, lam_ / 2) - wrong_threshold).subs(zs, 3 * lam_ / 4)) != 0,
        checked=r"$S_\lambda(z)$ fails the optimality conditions of $t^2 - 2zt + \lambda|t|$, and differs from "
        r"$S_{\lambda/2}(z)$ at $z = 3\lambda/4$.",
    )

    # -- ridge --------------------------------------------------------------------------------------------
    (ridge_t,) = sp.solve(sp.diff(t**2 - 2 * zs * t + lam_ * t**2, t), t)
    ridge_ortho = substitute_product(ridge_solution.derivation().results["solution"], (Xm.T, Xm), Ip).doit()
    d.claim(
        r"For ridge, $\varphi(t) = t^2 - 2z_jt + \lambda t^2$ has its zero derivative at a uniform shrinkage of "
        "every correlation:",
        r"\hat\beta_j", ridge_t, label="ridge",
        check=lambda: sp.simplify(ridge_t - zs / (1 + lam_)) == 0
        and is_zero_matrix(ridge_ortho.subs(sp.Symbol("lambda", nonnegative=True), lam_) - Xm.T * ym / (1 + lam_)),
        checked=r"`sympy.solve` of $\varphi'(t) = 0$; and the general ridge solution $(X^\top X + \lambda I)^{-1}"
        r"X^\top y$ with $X^\top X = I$ reduces to $X^\top y/(1 + \lambda)$.",
    )

    # -- best subset (L0) --------------------------------------------------------------------------------
    (nonzero_best,) = sp.solve(sp.diff(t**2 - 2 * zs * t, t), t)
    value_nonzero = (t**2 - 2 * zs * t + lam_).subs(t, nonzero_best)
    keep = sp.solve(value_nonzero < 0, zs)
    hard = sp.Piecewise((zs, sp.Abs(zs) > sp.sqrt(lam_)), (0, True))
    d.claim(
        r"Best-subset selection penalizes the *number* of nonzero coefficients, $\lambda\sum_j \mathbb 1[\beta_j "
        r"\ne 0]$. Off zero the best $t$ is $z_j$, at cost $\lambda - z_j^2$; at zero the cost is 0. Keeping the "
        r"coefficient pays when $\lambda - z_j^2 < 0$, which gives hard-thresholding at $\sqrt\lambda$:",
        r"\hat\beta_j", hard, label="subset",
        check=lambda: nonzero_best == zs and sp.simplify(value_nonzero - (lam_ - zs**2)) == 0
        and ({c.canonical for c in sp.Or.make_args(keep)}
             == {(zs > sp.sqrt(lam_)).canonical, (zs < -sp.sqrt(lam_)).canonical}),
        checked=r"`sympy.solve` gives the best nonzero $t = z$ and the condition $z^2 > \lambda$ as "
        r"$z > \sqrt\lambda$ or $z < -\sqrt\lambda$ (at $|z| = \sqrt\lambda$ both choices tie).",
    )
    d.say(
        "The three estimators differ in kind: ridge shrinks everything and zeroes nothing, best subset keeps "
        r"the large correlations unshrunk and zeroes the rest, and the lasso does both, zeroing below $\lambda/2$ "
        r"and shrinking the survivors by $\lambda/2$."
    )

    # -- one coefficient, any column ---------------------------------------------------------------------
    xv = sp.IndexedBase("x", real=True)
    qq, aa = sp.Sum(xv[i] ** 2, (i, 1, n)), sp.Sum(xv[i] * y[i], (i, 1, n))
    J1 = sp.Sum((y[i] - xv[i] * t) ** 2, (i, 1, n)) + lam_ * sp.Abs(t)
    expanded = qq * t**2 - 2 * aa * t + sp.Sum(y[i] ** 2, (i, 1, n)) + lam_ * sp.Abs(t)
    d.claim(
        "With one column $x$ (any $n$, no normalization), the lasso objective is again a one-dimensional "
        r"problem, now with $q = \sum_i x_i^2$ and $a = \sum_i x_i y_i$:",
        "J(t)", expanded, label="one-column",
        check=lambda: is_identity(J1, expanded),
        checked="the two sides agree for general $n$ once the square is multiplied out and the sum split.",
    )
    p1_update = res["update"].subs(lam_c, lam_)
    p1_wrong = soft_threshold(a, lam_ / 2)
    d.claim(
        "so, by the coordinate-descent derivation with the partial residual equal to $y$,",
        r"\hat\beta", p1_update, label="one-column-lasso",
        check=lambda: soft_threshold_minimizes(p1_update, a, q, lam_)
        and not soft_threshold_minimizes(p1_wrong, a, q, lam_),
        checked=r"$S_{\lambda/2}(a)/q$ meets the optimality conditions of $qt^2 - 2at + \lambda|t|$; the "
        "thresholded value without the division by $q$ does not (unless $q = 1$).",
    )

    # -- why there is no closed form in general -----------------------------------------------------------
    nA = sp.Symbol("a_", integer=True, positive=True)
    XA = sp.MatrixSymbol("X_A", n, nA)
    bA = sp.MatrixSymbol("beta_A", nA, 1)
    sA = sp.MatrixSymbol("s_A", nA, 1)
    f_A = (ym - XA * bA).T * (ym - XA * bA) + lam_ * sA.T * bA
    quad_A = quadratic(f_A, bA)
    beta_A = (XA.T * XA).I * (XA.T * ym - lam_ * sA / 2)
    d.claim(
        r"In general $X^\top X \ne I$ and the coordinates stay coupled. Still, the kink is not what blocks a "
        "formula. Suppose we knew which coefficients are nonzero (the active set $A$, with columns $X_A$) and "
        r"their signs $s_A$. On that orthant $\lVert\beta\rVert_1 = s_A^\top\beta_A$ is linear, $J$ is a smooth "
        "quadratic, and its stationary point is a closed form:",
        r"\hat\beta_A", beta_A, label="active-set",
        check=lambda: quad_A.is_affine(bA)
        and is_zero_matrix(left_multiply(sp.MatMul(2, XA.T * XA), beta_A) + quad_A.gradient_at_zero),
        checked=r"the gradient of $\lVert y - X_A\beta_A\rVert^2 + \lambda s_A^\top\beta_A$ is affine with Hessian "
        r"$2X_A^\top X_A$, and it vanishes at this $\hat\beta_A$.",
    )
    lam_sym = sp.Symbol("lambda", positive=True)
    pieces, covered = lasso_path(EXAMPLE_GRAM, EXAMPLE_Z, lam_sym)
    path = sp.Piecewise(*[(sp.Matrix(coef).T, region.as_relational(lam_sym)) for coef, region in pieces])
    # Displayed with each piece's interval spelled out (Piecewise would print conditions that rely on order).
    ordered = sorted(pieces, key=lambda piece: piece[1].inf)
    path_display = r"\begin{cases} " + r" \\ ".join(
        latex(sp.Matrix(coef).T) + r" & \lambda \in " + latex(region) for coef, region in ordered
    ) + r" \end{cases}"
    overlaps = [r1.intersect(r2) for (_, r1), (_, r2) in itertools.combinations(pieces, 2)]
    d.claim(
        r"It is affine in $y$ and in $\lambda$, valid as long as the signs stay $s_A$ and every inactive "
        r"coefficient satisfies $|g_j| \le \lambda$. What has no formula is the choice of $(A, s_A)$ among "
        "$3^p$ sign patterns; solving that is the work a lasso solver does. SymPy can still do it exhaustively "
        fr"for a small case: with $X^\top X = {latex(EXAMPLE_GRAM)}$ and $X^\top y = {latex(EXAMPLE_Z)}$, "
        "trying all 9 patterns and keeping each one where its conditions hold gives the whole lasso path, "
        r"$(\hat\beta_1, \hat\beta_2)$ as a function of $\lambda$:",
        r"\hat\beta(\lambda)", path_display, label="path",
        check=lambda: covered.closure == sp.Interval(0, sp.oo)
        and all(o.measure == 0 for o in overlaps)
        and all(sp.simplify(c1.subs(lam_sym, pt) - c2.subs(lam_sym, pt)) == sp.zeros(2, 1)
                for (c1, r1), (c2, r2) in itertools.combinations(pieces, 2)
                for pt in r1.closure.intersect(r2.closure) if pt.is_finite),
        checked=r"the valid regions of the sign patterns cover every $\lambda > 0$ (up to the breakpoints) and "
        r"do not overlap: at each $\lambda$ exactly one pattern is optimal, and the path is continuous and "
        "piecewise linear.",
    )
    d.record(
        lasso=soft_threshold(zs, lam_ / 2),
        ridge=ridge_t,
        subset=hard,
        one_column_lasso=p1_update,
        wrong_threshold=wrong_threshold,
        wrong_one_column_no_division=p1_wrong,
        path=path,
        path_pieces=sp.Tuple(*[sp.Tuple(coef, region.as_relational(lam_sym)) for coef, region in pieces]),
        symbols=sp.Tuple(zs, lam_, a, q),
        example=sp.Tuple(EXAMPLE_GRAM, EXAMPLE_Z),
    )
    return d
