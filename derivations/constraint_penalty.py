"""Constraint form ↔ penalty form (Ivanov ↔ Tikhonov) through the KKT conditions, for the L1 norm and the
squared L2 norm; the multiplier recovered from a constrained solution; the η(λ) map; the unsquared L2
norm is not ridge; and a uniform prior on a box gives box-constrained least squares.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.sums import coordinate_derivative, is_identity, is_identity_interchanged, linearize
from regprior.symbolic.symbols import Z, beta, box_lower, box_upper, fitted, i, j, k, n, p, rss, sigma, y

from . import ridge_solution

#: the budgets' functions, each the penalty of its prior's model, with its degree of homogeneity k:
#: R(c beta) = c^k R(beta) for c > 0
L1_BUDGET = (models.laplace_prior.penalty(), 1)
SQUARED_L2_BUDGET = (models.gaussian_prior.penalty(), 2)
BUDGETS = (L1_BUDGET, SQUARED_L2_BUDGET)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the constraint ↔ penalty derivation."""
    d = Derivation("constraint-penalty", "Constraint form and penalty form")
    mu = sp.Symbol("mu", nonnegative=True)
    eta = sp.Symbol("eta", positive=True)
    lam_ = sp.Symbol("lambda", nonnegative=True)
    R = sp.Function("R")

    d.say(
        "Regularization is often introduced as a budget instead of a price: minimize the squared error subject "
        r"to $R(\beta) \le \eta$ (the *constraint* or Ivanov form) rather than minimize "
        r"$\lVert y - X\beta\rVert^2 + \lambda R(\beta)$ (the *penalty* or Tikhonov form). For a convex $R$ the "
        "two describe the same family of estimators, and the Karush–Kuhn–Tucker (KKT) conditions say which "
        r"$\eta$ goes with which $\lambda$. Here $R$ is $\lVert\beta\rVert_1$ or $\lVert\beta\rVert_2^2$."
    )
    d.define(
        r"The constraint must be a closed set, $R(\beta) \le \eta$, not $R(\beta) < \eta$. The Lagrangian "
        r"attaches a multiplier $\mu \ge 0$ to it:",
        r"\mathcal L(\beta, \mu)", rss() + mu * (R(beta) - eta), label="lagrangian",
    )
    t = sp.Symbol("t", real=True)
    open_set = sp.Interval.open(-sp.oo, 1)
    below_inf = sp.solveset((t - 2) ** 2 <= 1, t, open_set)
    infimum = sp.limit((t - 2) ** 2, t, 1, "-")
    d.claim(
        r"Why closed: when the budget binds, the minimizer sits on the boundary $R(\beta) = \eta$. With a strict "
        "inequality the boundary is excluded and there may be no minimizer at all. In one dimension, "
        "minimizing $(t - 2)^2$ over $t < 1$: the values approach",
        r"\inf_{t < 1}(t - 2)^2", infimum, label="closed",
        check=lambda: infimum == 1 and below_inf == sp.S.EmptySet,
        checked=r"`sympy.limit` as $t \to 1^-$ gives 1, and `solveset` finds no $t < 1$ with $(t-2)^2 \le 1$: the "
        "infimum is not attained.",
    )
    d.define(
        r"For a convex problem (a convex objective and a convex constraint that some $\beta$ satisfies "
        r"strictly) $\hat\beta$ is a minimizer exactly when some $\mu$ satisfies the KKT conditions: "
        "stationarity, feasibility, a nonnegative multiplier, and complementary slackness (the multiplier is 0 "
        "unless the budget is used up):",
        None,
        r"0 \in \partial_\beta\mathcal L(\hat\beta, \mu),\quad R(\hat\beta) \le \eta,\quad \mu \ge 0,\quad "
        r"\mu\,\bigl(R(\hat\beta) - \eta\bigr) = 0",
        label="kkt",
    )
    lagrangians = [(rss() + mu * (Rb - eta), rss() + mu * Rb) for Rb, _ in BUDGETS]
    d.claim(
        r"For a fixed $\mu$ the Lagrangian *is* the penalized objective with $\lambda = \mu$, shifted by a "
        "constant:",
        r"\mathcal L(\beta, \mu) - \bigl(\lVert y - X\beta\rVert^2 + \mu R(\beta)\bigr)", -mu * eta, label="same",
        check=lambda: all(is_identity(L - J_mu, -mu * eta) and not sp.expand(L - J_mu).has(beta)
                          for L, J_mu in lagrangians),
        checked=r"for $R = \lVert\beta\rVert_1$ and $R = \lVert\beta\rVert_2^2$ (as sums over $p$ coefficients) the "
        r"difference is $-\mu\eta$, which contains no $\beta$.",
    )
    ridge_grad = ridge_solution.derivation().results["gradient"]
    lagr_grad = coordinate_derivative(lagrangians[BUDGETS.index(SQUARED_L2_BUDGET)][0], beta, k, p)
    d.claim(
        r"So the two have the same gradient (or subgradient) in $\beta$. For the squared L2 norm, the "
        r"stationarity condition of the Lagrangian is the ridge gradient at $\lambda = \mu$:",
        r"\frac{\partial\mathcal L}{\partial\beta_k}", linearize(lagr_grad), label="l2-stationarity",
        check=lambda: is_identity(lagr_grad, ridge_grad.subs(lam_, mu)),
        checked=r"this equals the derivative of the ridge objective of {doc}`/derivations/ridge-solution` with "
        r"$\lambda$ replaced by $\mu$, for a general $k$.",
    )
    d.say(
        "For the L1 norm the same holds with subgradients: the stationarity condition of the Lagrangian is the "
        r"lasso optimality condition derived in {doc}`/derivations/lasso-coordinate` with $\lambda = \mu$, namely "
        r"$g_k + \mu\operatorname{sign}\beta_k = 0$ for $\beta_k \ne 0$ and $|g_k| \le \mu$ for $\beta_k = 0$. "
        r"Both directions of the equivalence follow. If $\hat\beta$ minimizes the penalized objective at "
        r"$\lambda > 0$, set $\eta = R(\hat\beta)$: stationarity holds with $\mu = \lambda$, the budget is used "
        r"up exactly, so every KKT condition holds and $\hat\beta$ solves the constrained problem. Conversely, a "
        r"constrained solution with multiplier $\mu$ minimizes $\mathcal L(\cdot, \mu)$, i.e. the penalized "
        r"objective at $\lambda = \mu$. When the least-squares solution already fits the budget, $\mu = 0$."
    )

    # -- recovering the multiplier -----------------------------------------------------------------
    x = sp.Symbol("x", real=True)
    euler_l2 = sp.Sum(beta[k] * coordinate_derivative(SQUARED_L2_BUDGET[0], beta, k, p), (k, 1, p))
    g_rss = coordinate_derivative(rss(), beta, k, p)
    dotted = sp.Sum(beta[k] * g_rss, (k, 1, p))
    deg = sp.Symbol("k_R", positive=True)
    mu_solved = sp.solve(sp.Symbol("D") + mu * deg * eta, mu)[0].subs(sp.Symbol("D"), dotted)
    multiplier = 2 * sp.Sum(fitted(i) * (y[i] - fitted(i)), (i, 1, n)) / (deg * eta)
    d.claim(
        "Given a constrained solution, the multiplier can be read off. Both norms are positively homogeneous, "
        r"$R(c\beta) = c^{k_R}R(\beta)$ with degree $k_R = 1$ (L1) or $k_R = 2$ (squared L2), so Euler's identity "
        r"$\sum_j \beta_j\,\partial_j R(\beta) = k_R R(\beta)$ holds (for L1 with any subgradient, since "
        r"$\beta_j\operatorname{sign}\beta_j = |\beta_j|$ and a zero coefficient contributes 0). Take the inner "
        r"product of stationarity with $\hat\beta$ and use $R(\hat\beta) = \eta$ on an active constraint:",
        r"\mu", multiplier, label="multiplier",
        check=lambda: is_identity(euler_l2, 2 * SQUARED_L2_BUDGET[0])
        and sp.simplify(x * sp.sign(x) - sp.Abs(x)) == 0
        and is_identity_interchanged(mu_solved, multiplier),
        checked=r"Euler's identity for $\sum_j\beta_j^2$ for general $p$ and $x\operatorname{sign}x = |x|$ for real "
        r"$x$; `sympy.solve` of $\sum_k\beta_k\,\partial_k\lVert y - X\beta\rVert^2 + \mu k_R\eta = 0$ "
        "gives this, for general $n$ and $p$ (the finite sums interchanged as needed).",
    )
    d.say(
        r"The numerator is twice the inner product of the fitted values $X\hat\beta$ with the residual. The "
        r"constrained solver {func}`regprior.constrained_least_squares` reports this $\mu$, so the $\lambda$ a "
        "given budget corresponds to is a by-product of solving the constrained problem."
    )

    # -- the eta(lambda) map for the squared L2 norm ------------------------------------------------
    c_, d_ = sp.IndexedBase("c", real=True), sp.IndexedBase("d", positive=True)
    lam_pos = sp.Symbol("lambda", positive=True)
    eta_of_lam = sp.Sum(c_[k] ** 2 / (d_[k] + lam_pos) ** 2, (k, 1, p))
    d.define(
        r"How does the budget depend on $\lambda$? For ridge, write $X^\top X = V\operatorname{diag}(d_k)V^\top$ "
        r"(eigenvalues $d_k > 0$ for full column rank) and $c = V^\top X^\top y$. Then $\hat\beta(\lambda) = "
        r"V\operatorname{diag}(1/(d_k + \lambda))\,c$, and since $V$ is orthogonal "
        "(SymPy has no eigendecomposition of a symbolic-size matrix, so this representation is checked "
        "numerically by the tests):",
        r"\eta(\lambda) = \lVert\hat\beta(\lambda)\rVert_2^2", eta_of_lam, label="eta",
    )
    deta = sp.diff(eta_of_lam, lam_pos)
    summand = deta.function if isinstance(deta, sp.Sum) else None
    d.claim(
        r"Its derivative is a sum of nonpositive terms, so the budget shrinks as $\lambda$ grows (strictly, "
        r"unless $X^\top y = 0$):",
        r"\frac{d\eta}{d\lambda}", deta, label="decreasing",
        check=lambda: summand is not None and summand.is_nonpositive is True
        and sp.simplify(summand + 2 * c_[k] ** 2 / (d_[k] + lam_pos) ** 3) == 0,
        checked=r"SymPy differentiates under the finite sum; each term is $-2c_k^2/(d_k+\lambda)^3$, which its "
        "assumptions prove nonpositive.",
    )
    term = eta_of_lam.function
    ends = (sp.limit(term, lam_pos, 0, "+"), sp.limit(term, lam_pos, sp.oo))
    d.claim(
        r"Term by term, $\lambda \to 0^+$ gives the squared norm of the least-squares solution and "
        r"$\lambda \to \infty$ gives 0:",
        r"\lim_{\lambda\to0^+}\frac{c_k^2}{(\lambda + d_k)^2},\ \lim_{\lambda\to\infty}\frac{c_k^2}{(\lambda + d_k)^2}",
        sp.Tuple(*ends), label="ends",
        check=lambda: sp.simplify(ends[0] - c_[k] ** 2 / d_[k] ** 2) == 0 and ends[1] == 0,
        checked="both limits by `sympy.limit`.",
    )
    d.say(
        r"So every budget $0 < \eta < \lVert\hat\beta_{\mathrm{LS}}\rVert^2$ corresponds to exactly one "
        r"$\lambda > 0$, and larger budgets to $\lambda = 0$. The map depends on the data ($c$ and $d$), so a "
        r"budget is not a portable regularization strength. For the lasso, $\eta(\lambda) = "
        r"\lVert\hat\beta(\lambda)\rVert_1$ is likewise non-increasing and piecewise smooth; the tests check "
        r"both maps numerically and recover $\lambda$ from the constrained solutions."
    )

    # -- the unsquared L2 norm is not ridge ---------------------------------------------------------
    l2_norm = sp.sqrt(SQUARED_L2_BUDGET[0])
    wrong_grad = coordinate_derivative(l2_norm, beta, k, p)
    right_grad = coordinate_derivative(SQUARED_L2_BUDGET[0], beta, k, p)
    d.claim(
        "The budget must be on the *squared* norm for the penalty to be ridge. The gradient of the unsquared "
        r"norm $\lVert\beta\rVert_2$ is a unit vector, not $2\beta$:",
        r"\frac{\partial\lVert\beta\rVert_2}{\partial\beta_k}", wrong_grad, label="unsquared",
        check=lambda: sp.simplify(wrong_grad * l2_norm - beta[k]) == 0
        and sp.simplify(wrong_grad - right_grad) != 0,
        checked=r"this derivative times $\lVert\beta\rVert_2$ is $\beta_k$, and it differs from "
        r"$\partial\lVert\beta\rVert_2^2/\partial\beta_k = 2\beta_k$.",
    )
    w = sp.IndexedBase("w", real=True)
    s_ = sp.Symbol("s", nonnegative=True)
    along = sp.Sum((y[i] - s_ * w[i]) ** 2, (i, 1, n)) + lam_ * s_
    slope0 = linearize(sp.diff(along, s_).subs(s_, 0).doit())
    d.claim(
        r"The penalty $\lambda\lVert\beta\rVert_2$ has a kink at $\beta = 0$ like the lasso's. Moving from 0 "
        r"along a unit direction $v$ (so $\lVert s v\rVert_2 = s$ for $s \ge 0$, and $w = Xv$), the objective "
        "changes at the rate",
        r"\frac{d}{ds}\Bigl(\lVert y - sXv\rVert^2 + \lambda s\Bigr)\Big|_{s=0^+}", slope0, label="unsquared-zero",
        check=lambda: is_identity(slope0, lam_ - 2 * sp.Sum(w[i] * y[i], (i, 1, n))),
        checked=r"the derivative at $s = 0$ is $\lambda - 2\sum_i w_i y_i = \lambda - 2v^\top X^\top y$, for "
        "general $n$.",
    )
    d.say(
        r"The largest $v^\top X^\top y$ over unit vectors is $\lVert X^\top y\rVert_2$ (Cauchy–Schwarz), so for "
        r"$\lambda \ge 2\lVert X^\top y\rVert_2$ every direction goes uphill and the minimizer is exactly "
        r"$\beta = 0$: all coefficients vanish together, as in the group lasso. Ridge never does that for "
        r"$X^\top y \ne 0$. And a sum of L2 norms of *scalars*, $\sum_j\lVert\beta_j\rVert_2 = "
        r"\sum_j\sqrt{\beta_j^2} = \sum_j|\beta_j|$, is simply the L1 norm."
    )

    # -- a uniform prior on a box -------------------------------------------------------------------
    lo, hi = box_lower, box_upper
    width = sp.Symbol("w_b", positive=True)  # u - l, the width of the box
    box = models.uniform_prior(lo, lo + width)
    xr = sp.Symbol("x", real=True)
    inside_density = box.density_value(xr).args[0][0]
    d.claim(
        "A prior that is uniform on an interval, each coefficient in $[l, u]$, is a hard budget of another "
        "kind. Its density is constant inside and 0 outside:",
        r"p(\beta_j)", box.density(beta[j]).subs(width, hi - lo), label="uniform",
        check=lambda: sp.simplify(box.density_value(xr) - box.stats_density(xr)) == 0
        and sp.simplify(sp.integrate(box.density_value(xr), (xr, -sp.oo, sp.oo))) == 1,
        checked="the density equals the `sympy.stats` Uniform density on $[l, u]$ and integrates to 1.",
    )
    inside_nlp = models.neg_log_likelihood(likelihood) + p * sp.log(width) + sp.log(Z)
    d.claim(
        "Outside the box the posterior density is 0: no amount of data moves mass there. Inside, the prior is "
        r"a constant, so the negative log-posterior is the residual sum of squares over $2\sigma^2$ plus a "
        "constant, and the MAP minimizes the squared error over the box:",
        r"-\log p(\beta \mid y, X)\big|_{l \le \beta_j \le u}", inside_nlp.subs(width, hi - lo), label="box",
        check=lambda: sp.simplify(-sp.log(inside_density) - sp.log(width)) == 0
        and not linearize(models.neg_log_likelihood(likelihood) - linearize(rss()) / (2 * sigma**2)).has(beta),
        checked=r"$-\log$ of the prior inside the box is the constant $p\log(u - l)$, and the negative "
        r"log-likelihood minus $\lVert y - X\beta\rVert^2/(2\sigma^2)$ contains no $\beta$.",
    )
    tt, t_ls, qpos = sp.Symbol("t", real=True), sp.Symbol("t_LS", real=True), sp.Symbol("q", positive=True)
    gap_ = sp.Symbol("g", positive=True)
    f1 = qpos * (tt - t_ls) ** 2
    clip = sp.Min(sp.Max(t_ls, lo), hi)
    df = sp.diff(f1, tt)
    d.claim(
        "With one coefficient (or an orthonormal design, coordinate by coordinate) the squared error is "
        r"$q(t - t_{\mathrm{LS}})^2$ plus a constant, and the box-constrained minimizer clips the least-squares "
        "value:",
        r"\hat t", clip, label="clip",
        check=lambda: df.subs(tt, t_ls) == 0
        and df.subs({tt: lo, t_ls: lo - gap_}).is_positive is True
        and df.subs({tt: hi, t_ls: hi + gap_}).is_negative is True,
        checked=r"inside the box the derivative vanishes at $t_{\mathrm{LS}}$; if $t_{\mathrm{LS}} < l$ the "
        r"objective is increasing at $l$ (the best feasible point is $l$), and if $t_{\mathrm{LS}} > u$ it is "
        "decreasing at $u$.",
    )
    d.say(
        "With correlated columns this is *not* the same as clipping the least-squares vector: the coordinates "
        "interact, and the box-constrained solution must be computed (the same projected-gradient solver does "
        "it, with the projection onto the box being the clip)."
    )
    d.record(
        multiplier=multiplier,
        degree_symbol=deg,
        eta_symbol=eta,
        eta_of_lambda=eta_of_lam,
        eta_symbols=sp.Tuple(c_, d_, lam_pos),
        clip=clip,
        clip_symbols=sp.Tuple(t_ls, lo, hi),
        wrong_unsquared_l2_gradient=wrong_grad,
        unsquared_zero_slope=slope0,
        unsquared_symbols=sp.Tuple(w, lam_),
    )
    return d
