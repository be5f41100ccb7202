"""Coordinate-wise lasso: the one-coordinate problem, soft-thresholding, optimality conditions.

In the canonical convention J(β) = ‖y − Xβ‖² + λ‖β‖₁ the coordinate update is
β_k ← S_{λ/2}(a_k)/‖x_k‖² with a_k = x_kᵀ(y − Xβ) + ‖x_k‖²β_k. The λ/2 and the
division by ‖x_k‖² both come out of the derivation below.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.sums import coordinate_derivative, is_identity, linearize
from regprior.symbolic.symbols import X, beta, fitted, i, k, lam, n, p, rss, y


def soft_threshold(a: sp.Expr, kappa: sp.Expr) -> sp.Piecewise:
    r"""The soft-thresholding operator :math:`S_\kappa(a)`, by definition."""
    return sp.Piecewise((a - kappa, a > kappa), (a + kappa, a < -kappa), (0, True))


def soft_threshold_compact(a: sp.Expr, kappa: sp.Expr) -> sp.Expr:
    r""":math:`\operatorname{sign}(a)\max(|a| - \kappa, 0)`, the usual one-line form."""
    return sp.sign(a) * sp.Max(sp.Abs(a) - kappa, 0)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the coordinate-descent derivation for the lasso."""
    d = Derivation("lasso-coordinate", "Coordinate descent for the lasso")
    r = sp.IndexedBase("r", real=True)
    t = sp.Symbol("t", real=True)
    R_rest = sp.Symbol(r"R_{-k}", nonnegative=True)
    q_sum = sp.Sum(X[i, k] ** 2, (i, 1, n))
    a_sum = sp.Sum(X[i, k] * r[i], (i, 1, n))
    # scalar stand-ins for the two sums, for the one-dimensional analysis
    q = sp.Symbol("q", positive=True)
    a = sp.Symbol("a", real=True)

    d.say(
        r"The lasso objective $J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda\lVert\beta\rVert_1$ has no "
        "gradient where a coefficient is 0, and in general no closed-form minimizer. Coordinate descent "
        r"minimizes it exactly over one coefficient $\beta_k$ at a time, holding the others fixed; that "
        "one-dimensional problem does have a closed form, derived here for general $n$ and $p$."
    )
    d.define(
        r"Hold every coefficient except $\beta_k$ fixed and call $t = \beta_k$ the free one. The *partial "
        r"residual* $r_i = y_i - \sum_{j \ne k} X_{ij}\beta_j$ leaves out column $k$, so the residual of "
        r"observation $i$ is $r_i - X_{ik}t$, and with $R_{-k} = \sum_{j\ne k}|\beta_j|$ the objective as a "
        "function of $t$ is",
        "J(t)", sp.Sum((r[i] - X[i, k] * t) ** 2, (i, 1, n)) + lam * sp.Abs(t) + lam * R_rest, label="restricted",
    )
    phi_full = q_sum * t**2 - 2 * a_sum * t + lam * sp.Abs(t) + sp.Sum(r[i] ** 2, (i, 1, n)) + lam * R_rest
    d.claim(
        r"Multiplying out the square shows a quadratic in $t$ plus $\lambda|t|$; only two sums of the data "
        r"matter, $q = \sum_i X_{ik}^2 = \lVert x_k\rVert^2$ and $a = \sum_i X_{ik} r_i = x_k^\top r$:",
        "J(t)", phi_full, label="quadratic",
        check=lambda: is_identity(phi_full, sp.Sum((r[i] - X[i, k] * t) ** 2, (i, 1, n)) + lam * sp.Abs(t)
                                  + lam * R_rest),
        checked="the two expressions for $J(t)$ agree for general $n$ after multiplying out and splitting the sums.",
    )
    phi = q * t**2 - 2 * a * t + lam * sp.Abs(t)
    h = sp.Symbol("h", positive=True)
    right = sp.limit((phi.subs(t, h) - phi.subs(t, 0)) / h, h, 0, "+")
    left = sp.limit((phi.subs(t, -h) - phi.subs(t, 0)) / (-h), h, 0, "+")
    d.claim(
        r"Dropping the terms free of $t$ leaves $\varphi(t) = q t^2 - 2 a t + \lambda |t|$, a convex function "
        "(for a nonzero column, $q > 0$). At $t = 0$ it has a kink: its one-sided derivatives differ by "
        r"$2\lambda$,",
        r"\varphi'(0^+),\ \varphi'(0^-)", sp.Tuple(right, left), label="one-sided",
        check=lambda: sp.simplify(right - (lam - 2 * a)) == 0 and sp.simplify(left - (-lam - 2 * a)) == 0,
        checked="both are limits of difference quotients computed by `sympy.limit`.",
    )
    # On each side of 0, |t| is t or -t; solve for the stationary point there, then ask when it lies on that side.
    t_plus = sp.solve(sp.diff(q * t**2 - 2 * a * t + lam * t, t), t)[0]
    t_minus = sp.solve(sp.diff(q * t**2 - 2 * a * t - lam * t, t), t)[0]
    cond_plus = sp.solve(t_plus > 0, a)
    cond_minus = sp.solve(t_minus < 0, a)
    cond_zero = sp.solve([right >= 0, left <= 0], a)
    cases = (
        r"\begin{cases} t > 0: & \varphi'(t) = 0 \text{ at } t = " + latex(t_plus)
        + r", \text{ which is positive iff } " + latex(cond_plus) + r"\\"
        r" t < 0: & \varphi'(t) = 0 \text{ at } t = " + latex(t_minus)
        + r", \text{ which is negative iff } " + latex(cond_minus) + r"\\"
        r" t = 0: & \varphi'(0^+) \ge 0 \ge \varphi'(0^-) \text{ iff } " + latex(cond_zero) + r"\end{cases}"
    )
    d.claim(
        r"Away from 0, $\varphi$ is differentiable and a convex function is minimized where its derivative "
        "vanishes; at 0 it is minimized when it rises on both sides. The three cases:",
        None, cases, label="cases",
        check=lambda: all(
            sp.simplify(e) == 0
            for e in (
                sp.diff(q * t**2 - 2 * a * t + lam * t, t).subs(t, t_plus),
                sp.diff(q * t**2 - 2 * a * t - lam * t, t).subs(t, t_minus),
            )
        )
        and cond_plus == (a > lam / 2)
        and cond_minus == (a < -lam / 2)
        and cond_zero == sp.And(a >= -lam / 2, a <= lam / 2),
        checked="each stationary point zeroes the derivative on its side, and each condition is what "
        "`sympy.solve` returns for the sign requirement (and for the two one-sided conditions at 0).",
    )
    t_star = sp.Piecewise((t_plus, a > lam / 2), (t_minus, a < -lam / 2), (0, True))
    S = soft_threshold(a, lam / 2)
    u, w = sp.Symbol("u", positive=True), sp.Symbol("w", nonnegative=True)
    compact = soft_threshold_compact(a, lam / 2)
    d.claim(
        "The three conditions cover every $a$ without overlap, so the minimizer is one expression, the "
        r"soft-thresholding operator $S_\kappa(a) = \operatorname{sign}(a)\max(|a| - \kappa, 0)$ at "
        r"threshold $\kappa = \lambda/2$, divided by $q$:",
        r"\hat t", sp.Mul(S, 1 / q, evaluate=False), label="update",
        check=lambda: sp.simplify(t_star - S / q) == 0
        and sp.simplify(compact.subs(a, lam / 2 + u) - S.subs(a, lam / 2 + u)) == 0
        and sp.simplify(compact.subs(a, -lam / 2 - u) - S.subs(a, -lam / 2 - u)) == 0
        and sp.simplify(sp.Max(sp.Abs(a) - lam / 2, 0).subs(sp.Abs(a), lam / 2 - w)) == 0,
        checked=r"the case-by-case minimizer equals $S_{\lambda/2}(a)/q$; the one-line form agrees with the "
        r"cases for $a = \pm(\lambda/2 + u)$, $u > 0$, and is 0 whenever $|a| \le \lambda/2$.",
    )
    a_from_residual = linearize(sp.Sum(X[i, k] * (y[i] - fitted(i)), (i, 1, n))) + beta[k] * q_sum
    d.claim(
        r"A solver keeps the full residual $y - X\beta$ rather than $r$. Since $r_i = (y_i - \mu_i) + "
        r"X_{ik}\beta_k$, the quantity $a$ is the correlation of column $k$ with the residual plus "
        r"$\lVert x_k\rVert^2\beta_k$ (the update then subtracts the old contribution of column $k$):",
        "a", a_from_residual, label="a",
        # Sum.subs leaves bound variables alone, so substitute with replace.
        check=lambda: is_identity(
            a_sum.replace(r[i], y[i] - fitted(i) + X[i, k] * beta[k]), a_from_residual
        ),
        checked=r"substituting the partial residual into $a = \sum_i X_{ik} r_i$ gives this, for general $n, p$.",
    )
    g = coordinate_derivative(rss(), beta, k, p)
    g_lin = linearize(g)
    d.claim(
        r"In terms of the gradient of the data fit, $g_k = \partial \lVert y - X\beta\rVert^2/\partial\beta_k$,",
        "g_k", g_lin, label="g",
        check=lambda: is_identity(g_lin, 2 * beta[k] * q_sum - 2 * a_from_residual),
        checked=r"this equals $2q\beta_k - 2a$, so $g_k = 2q t - 2a$ at $t = \beta_k$.",
    )
    gk = sp.Symbol("g_k", real=True)
    kkt_active = gk + lam * sp.sign(beta[k])
    kkt_zero = sp.Abs(gk) - lam
    d.claim(
        "Substituting $2qt - 2a = g_k$ into the three cases gives the optimality (KKT) conditions of the whole "
        "problem, one coefficient at a time: a nonzero coefficient balances the data-fit gradient against "
        r"$\lambda$, and a zero coefficient needs a gradient no larger than $\lambda$:",
        None,
        r"\beta_k \neq 0:\ " + latex(kkt_active) + r" = 0, \qquad \beta_k = 0:\ |g_k| \le \lambda",
        label="kkt",
        check=lambda: sp.simplify((2 * q * t_plus - 2 * a) + lam) == 0
        and sp.simplify((2 * q * t_minus - 2 * a) - lam) == 0
        and cond_zero.subs(a, -gk / 2).simplify() == sp.And(gk >= -lam, gk <= lam).simplify(),
        checked=r"at $t > 0$ and $t < 0$ the stationary points give $g_k = -\lambda$ and $g_k = \lambda$; "
        r"at $t = 0$ the interval condition on $a = -g_k/2$ is $-\lambda \le g_k \le \lambda$.",
    )

    # How far an approximate solution can be from these conditions, given its duality gap G.
    G, s_, vv = sp.Symbol("G", nonnegative=True), sp.Symbol("s", real=True), sp.Symbol("v", positive=True)
    drop = q * s_**2 - vv * s_
    s_best = sp.solve(sp.diff(drop, s_), s_)[0]
    best = sp.simplify(drop.subs(s_, s_best))
    bound = sp.solve(sp.Eq(best, -G), vv)
    bound = [e for e in bound if e.is_nonnegative is not False]
    d.claim(
        r"An approximate solution $\beta$ is certified by its duality gap $G \ge J(\beta) - \min J$; then no "
        r"move of a single coefficient can lower $J$ by more than $G$. Moving $\beta_k$ by $s$ changes $J$ by "
        r"$q s^2 + v s$ as long as $\beta_k + s$ keeps its sign, where $v$ is the violated condition "
        r"($v = g_k + \lambda\operatorname{sign}\beta_k$ for a nonzero coefficient, $v = |g_k| - \lambda$ for a "
        "zero one, moving against the gradient). The best such move lowers $J$ by $v^2/(4q)$, so",
        "|v|", bound[0], relation=r"\le", label="gap-bound",
        check=lambda: best == -vv**2 / (4 * q) and len(bound) == 1 and sp.simplify(bound[0] - 2 * sp.sqrt(q * G)) == 0,
        checked=r"minimizing $q s^2 - |v| s$ over $s$ gives $-v^2/(4q)$, and $v^2/(4q) \le G$ gives this bound.",
    )
    bk = sp.Symbol(r"|\beta_k|", positive=True)
    d.claim(
        r"For a nonzero coefficient the best move may overshoot 0 (when $|v|/(2q) > |\beta_k|$); moving only to 0 "
        r"lowers $J$ by $|v||\beta_k| - q\beta_k^2 \le G$, and with $q|\beta_k| < |v|/2$ that gives "
        r"$|v| < 2G/|\beta_k|$. Altogether, the tolerance a gap of $G$ implies is",
        None,
        r"\beta_k = 0:\ |g_k| \le \lambda + " + latex(bound[0]) + r", \qquad \beta_k \neq 0:\ "
        r"|g_k + \lambda\operatorname{sign}\beta_k| \le \max\left(" + latex(bound[0])
        + r", \frac{2G}{|\beta_k|}\right)",
        label="tolerance",
        check=lambda: sp.simplify(
            sp.solve(sp.Eq(vv * bk - q * bk**2, G), vv)[0] - (q * bk + G / bk)
        ) == 0,
        checked=r"solving $|v||\beta_k| - q\beta_k^2 = G$ gives $|v| = q|\beta_k| + G/|\beta_k|$, the bound "
        r"used with $q|\beta_k| < |v|/2$.",
    )
    d.record(
        gradient=g_lin,
        a=a_from_residual,
        update=S / q,
        soft_threshold_symbols=sp.Tuple(a, lam, q),
        kkt_active=kkt_active,
        kkt_zero=kkt_zero,
        gap_tolerance_zero=lam + bound[0],
        gap_tolerance_active=sp.Max(bound[0], 2 * G / bk),
        tolerance_symbols=sp.Tuple(q, G, bk, gk),
    )
    return d
