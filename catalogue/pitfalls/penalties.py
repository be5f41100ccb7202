"""Pitfalls page, section "Penalties, constraints and the lasso update": the SymPy check of each entry."""

from __future__ import annotations

import sympy as sp

from derivations import constraint_penalty, gaussian_l2, lasso_coordinate, orthonormal_design, ridge_solution
from derivations._one_dimensional import soft_threshold_minimizes
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Xm, ym
from regprior.symbolic.sums import coordinate_derivative, is_identity, linearize
from regprior.symbolic.symbols import X, beta, j, k, n, p, rss, y

from .algebra import agree_as_soft_thresholds, compact_soft_threshold, differs, symbol_named
from .display import against, compare, eq, rows
from .entries import Pitfall


def e22(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E22: Ridge penalizes the squared L2 norm."""
    nlp = gaussian_l2.derivation().results["neg_log_posterior"]
    squared = sp.Sum(beta[j] ** 2, (j, 1, p))
    def not_the_norm() -> bool:
        try:
            models.penalized_form(nlp, rss(), sp.sqrt(squared))
        except models.NotAPenalizedForm:
            return True
        return False
    compare(
        d, entry,
        rows(("written", eq(r"R(\beta)", r"\lVert\beta\rVert_2") + r"\ \text{ or }\ \lVert\beta\rVert_2^2"),
             ("right", eq(r"R(\beta)", squared))),
        check=lambda: models.residual_after_split(nlp, models.penalized_form(nlp, rss(), squared)) == 0
        and not_the_norm(),
        checked=r"`penalized_form` matches the negative log-posterior of {doc}`/derivations/gaussian-l2` with "
        r"$R = \sum_j\beta_j^2$ (remainder free of $\beta$) and raises `NotAPenalizedForm` for "
        r"$R = \lVert\beta\rVert_2$.",
    )


def e13(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E13: An unsquared L2 norm is not ridge."""
    res_cp = constraint_penalty.derivation().results
    ridge_grad = ridge_solution.derivation().results["gradient"]
    lam_r = symbol_named(ridge_grad, "lambda")
    derived13 = linearize(ridge_grad - coordinate_derivative(rss(), beta, k, p), expand=True)
    wrong13 = lam_r * res_cp["wrong_unsquared_l2_gradient"]
    right13 = 2 * lam_r * beta[k]
    pt13 = {p: 1, k: 1, beta[1]: 3, lam_r: 1}
    compare(
        d, entry,
        rows(("written", eq(r"\lambda\frac{\partial\lVert\beta\rVert_2}{\partial\beta_k}", wrong13)),
             ("right", eq(r"\lambda\frac{\partial\lVert\beta\rVert_2^2}{\partial\beta_k}", right13)),
             ("and", eq(r"\sum_j \sqrt{\beta_j^2}", models.laplace_prior.penalty()))),
        check=lambda: is_identity(right13, derived13)
        and differs(wrong13, derived13, pt13)
        and sp.Sum(sp.sqrt(beta[j] ** 2), (j, 1, p)) == models.laplace_prior.penalty(),
        checked=r"the gradient of {doc}`/derivations/ridge-solution` minus the gradient of the squared error is "
        r"$2\lambda\beta_k$, for general $n$, $p$, and differs from $\lambda$ times the unsquared-norm gradient of "
        r"{doc}`/derivations/constraint-penalty` (at "
        fr"$p = 1$, $\beta_1 = 3$, $\lambda = 1$: {against(wrong13, derived13, pt13)}); for real $\beta_j$ SymPy "
        r"reduces $\sum_j\sqrt{\beta_j^2}$ to the penalty of {doc}`/derivations/laplace-l1` $\sum_j|\beta_j|$.",
    )
    rec.update(e13_wrong=wrong13, e13_right=right13, e13_derived=derived13)


def e12(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E12: A constraint is ≤ η, with a nonnegative multiplier and a subdifferential."""
    res_cp = constraint_penalty.derivation().results
    tt = sp.Symbol("t", real=True)
    open_set = sp.solveset((tt - 2) ** 2 <= 1, tt, sp.Interval.open(-sp.oo, 1))
    closed_set = sp.solveset((tt - 2) ** 2 <= 1, tt, sp.Interval(-sp.oo, 1))
    # one observation y = 2 on one column x = 1: the L1-constrained least-squares solution for a budget
    # eta in (0, 2) is t = eta (on the boundary); the multiplier of the constraint page, then the lasso
    # update of the coordinate-descent page at lambda = mu, must return the same point
    v_ = sp.Symbol("v", positive=True)
    eta_v = 2 / (1 + v_)
    eta_sym, deg = res_cp["eta_symbol"], res_cp["degree_symbol"]
    one_d = {n: 1, p: 1}
    mu = (res_cp["multiplier"].subs(one_d).doit().subs({X[1, 1]: 1, y[1]: 2, beta[1]: eta_sym, deg: 1})
          .subs(eta_sym, eta_v))
    res_l = lasso_coordinate.derivation().results
    a_, lam_c, q_ = res_l["soft_threshold_symbols"]
    penalized = res_l["update"].subs({a_: 2, q_: 1, lam_c: sp.simplify(mu)})
    compare(
        d, entry,
        rows(("written", r"\min_t (t - 2)^2 \text{ s.t. } t < 1:\ \text{the infimum 1 is not attained}"),
             ("right", r"\min_t (t - 2)^2 \text{ s.t. } t \le 1:\ t = 1"),
             ("", eq(r"\mu(\eta)", sp.simplify(mu)) + r" \ge 0,\quad " + eq(r"S_{\mu/2}(2)", sp.simplify(penalized))
              + r" = \eta")),
        check=lambda: open_set == sp.S.EmptySet and closed_set == sp.FiniteSet(1)
        and sp.simplify(mu).is_positive is True and sp.simplify(penalized - eta_v) == 0,
        checked=r"`solveset` finds no $t < 1$ with $(t - 2)^2 \le 1$ but the point $t = 1$ when $t \le 1$ is allowed; "
        r"for $y = 2$, $x = 1$ and a budget $\eta = 2/(1 + v) \in (0, 2)$ the multiplier formula of "
        r"{doc}`/derivations/constraint-penalty` at the boundary point $t = \eta$ is positive, and the "
        r"coordinate-descent update at $\lambda = \mu$ returns $\eta$: the penalized and the constrained problems have "
        r"the same solution.",
    )
    rec.update(e12_right=eta_v, e12_derived=penalized)


def e16(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E16: At a zero coefficient the condition is set membership: 0 ∈ [g − λ, g + λ]."""
    res_l = lasso_coordinate.derivation().results
    gk = res_l["tolerance_symbols"][3]
    lam_p = sp.Symbol("lambda", positive=True)
    lam_c = res_l["soft_threshold_symbols"][1]
    derived16 = sp.solveset(res_l["kkt_zero"].subs(lam_c, lam_p) <= 0, gk, sp.S.Reals)
    g_ = sp.Symbol("g", real=True)
    membership = sp.solve(list(sp.And.make_args(sp.Interval(g_ - lam_p, g_ + lam_p).as_relational(0))), g_)
    equation = sp.solve([g_ - lam_p, g_ + lam_p], g_)
    canon = lambda rel: {c.canonical for c in sp.And.make_args(rel)}  # noqa: E731
    compare(
        d, entry,
        rows(("written", r"\{g : [g - \lambda, g + \lambda] = \{0\}\} = \varnothing"),
             ("right", r"\{g : 0 \in [g - \lambda, g + \lambda]\} = " + latex(derived16))),
        check=lambda: equation == [] and derived16 == sp.Interval(-lam_p, lam_p)
        and canon(membership) == canon(derived16.as_relational(g_.subs(g_, gk)).subs(gk, g_)),
        checked="`sympy.solve` finds no $g$ for which both ends of the interval are 0, while membership of 0 reduces "
        r"to $-\lambda \le g \le \lambda$, the set on which the zero-coefficient condition $|g_k| - \lambda \le 0$ of "
        "the coordinate-descent page holds (`solveset`).",
    )


def e15(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E15: Shapes in the coordinate gradient: ℝⁿ, ℝᵖ and a scalar."""
    beta_m = sp.MatrixSymbol("beta", p, 1)
    residual = Xm * beta_m - ym
    compare(
        d, entry,
        rows(("written", r"X\beta - y \in \mathbb R^{p}"),
             ("right", r"X\beta - y \in \mathbb R^{n},\quad X^\top(X\beta - y) \in \mathbb R^{p},\quad "
              r"x_i^\top(X\beta - y) \in \mathbb R")),
        check=lambda: residual.shape == (n, 1) and residual.shape != (p, 1)
        and (Xm.T * residual).shape == (p, 1) and (Xm[:, 0].T * residual).shape == (1, 1),
        checked=r"the shapes SymPy assigns to the products of matrix symbols of symbolic size $n \times p$.",
    )


def e14(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E14: The lasso has closed forms where it separates; the kink is not the obstacle."""
    res_o = orthonormal_design.derivation().results
    zs, lam_o, a_o, q_o = res_o["symbols"]
    right14 = compact_soft_threshold(zs, lam_o / 2)
    right14_p1 = compact_soft_threshold(a_o, lam_o / 2) / q_o
    pt14 = {zs: 3, lam_o: 4}
    compare(
        d, entry,
        rows(("written", eq(r"\hat\beta_j", r"S_\lambda(x_j^\top y)")
              + r"\ \text{ for } \lVert y - X\beta\rVert^2 + \lambda\lVert\beta\rVert_1"),
             ("right", eq(r"\hat\beta_j", right14) + r"\quad (X^\top X = I)"),
             ("", eq(r"\hat\beta", right14_p1) + r"\quad (p = 1)")),
        check=lambda: agree_as_soft_thresholds(right14, res_o["lasso"], zs, lam_o)
        and agree_as_soft_thresholds(right14_p1, res_o["one_column_lasso"], a_o, lam_o)
        and soft_threshold_minimizes(res_o["one_column_lasso"], a_o, q_o, lam_o)
        and differs(res_o["wrong_threshold"], res_o["lasso"], pt14),
        checked="the one-line forms equal the closed forms derived in {doc}`/derivations/orthonormal-design` above, "
        r"below and inside the threshold; the one-column form minimizes $qt^2 - 2at + \lambda|t|$ for every $q > 0$ "
        fr"(the optimality conditions, checked independently); $S_\lambda$ differs from the derived form (at $z = 3$, "
        fr"$\lambda = 4$: {against(res_o['wrong_threshold'], res_o['lasso'], pt14)}).",
    )
    rec.update(e14_wrong=res_o["wrong_threshold"], e14_right=right14, e14_derived=res_o["lasso"])


def e17(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E17: The soft-threshold update needs the division."""
    res_l = lasso_coordinate.derivation().results
    a, lam_s, q = res_l["soft_threshold_symbols"]
    right17 = compact_soft_threshold(a, lam_s / 2) / q
    wrong17 = compact_soft_threshold(a, lam_s / 2)
    update = res_l["update"]
    u = sp.Symbol("u", positive=True)
    gap = sp.simplify((wrong17 - update).subs(a, lam_s / 2 + u))
    compare(
        d, entry,
        rows(("written", eq(r"\beta_i", wrong17)), ("right", eq(r"\beta_i", right17))),
        check=lambda: agree_as_soft_thresholds(right17, update, a, lam_s)
        and sp.solve(gap, q) == [1] and differs(wrong17, update, {a: 3, lam_s: 2, q: 4}),
        checked="the right one-line form equals the update derived in {doc}`/derivations/lasso-coordinate` in all "
        "three regions of the threshold; above it the written form minus the derived one is $u(1 - 1/q)$ at "
        r"$a = \lambda/2 + u$, zero only for $q = \lVert x_i\rVert^2 = 1$.",
    )
    rec.update(e17_wrong=wrong17, e17_right=right17, e17_derived=update)


def e10(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E10: The penalty charges for coefficients that grow."""
    tpos = sp.Symbol("t", positive=True)
    lam_pos = sp.Symbol("lambda", positive=True)
    slopes = [sp.diff(lam_pos * prior.penalty_term(tpos), tpos)
              for prior in (models.gaussian_prior, models.laplace_prior)]
    compare(
        d, entry,
        rows(("right", eq(r"\frac{d}{dt}\lambda t^2", slopes[0]) + r" > 0,\quad "
              + eq(r"\frac{d}{dt}\lambda |t|", slopes[1]) + r" > 0\quad (t > 0)")),
        check=lambda: all(s.is_positive is True for s in slopes),
        checked=r"SymPy proves both derivatives positive for $t > 0$, $\lambda > 0$, from the per-coefficient penalty "
        "terms of the Gaussian and the Laplace prior.",
    )


#: entry number -> its check, which adds the entry to the page (entries without one are notes)
CHECKS = {22: e22, 13: e13, 12: e12, 16: e16, 15: e15, 14: e14, 17: e17, 10: e10}
