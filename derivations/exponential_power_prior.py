"""The exponential-power (generalized normal) prior ⇔ the L^q penalty with λ = 2σ²/s_q^q; q = 1 and q = 2
give the Laplace and Gaussian results; for q < 1 the penalty is not convex and the MAP can be bimodal.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.models import exponential_power_prior as prior
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.symbols import b, beta, j, power, rss, power_scale, sigma

from . import gaussian_l2, laplace_l1

#: the one-dimensional example with two local minima: J(beta) = (Y - beta)^2 + LAM * |beta|^(1/2)
EXAMPLE_Y, EXAMPLE_LAM, EXAMPLE_Q = 2, 2, sp.Rational(1, 2)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the exponential-power derivation."""
    d = Derivation("exponential-power-prior", "The exponential-power prior and the bridge penalty")
    q, s = power, power_scale
    x = sp.Symbol("x", real=True)
    t = sp.Symbol("t", positive=True)

    d.say(
        r"Ridge and lasso are two members of one family. The penalty $\lambda\sum_j|\beta_j|^q$ (the "
        "bridge penalty) corresponds to the *exponential-power* or *generalized normal* prior, whose kernel "
        r"is $\exp(-(|\beta|/s_q)^q)$ with a shape $q > 0$ and a scale $s_q > 0$."
    )
    total = sp.simplify(sp.gammasimp(2 * sp.integrate(prior.density_value(t), (t, 0, sp.oo))))
    d.claim(
        "Its normalizing constant involves the gamma function:",
        r"p(\beta_j)", prior.density(beta[j]), label="prior",
        check=lambda: total == 1,
        checked=r"the density is even, and twice its integral over $(0, \infty)$, computed by `sympy.integrate` "
        "for a general $q > 0$ and simplified (`gammasimp`, then `simplify`), is 1.",
    )
    lap = prior.density_value(x).subs({q: 1, s: b})
    gauss_sd = sp.solve(sp.Eq(sp.diff(sp.log(prior.density_value(t).subs(q, 2)), t, 2),
                              sp.diff(sp.log(models.gaussian_prior.density_value(t)), t, 2)), s)
    d.claim(
        "Two shapes are old friends. With $q = 1$ and $s_q = b$ it is the Laplace density; with $q = 2$ it is the "
        "Gaussian density, and matching the curvature of the log-densities gives the scale that makes it the "
        r"$\mathcal N(0, \sigma_w^2)$ prior:",
        "s", gauss_sd[0], label="special-cases",
        check=lambda: sp.simplify(lap - models.laplace_prior.density_value(x)) == 0
        and len(gauss_sd) == 1
        and sp.simplify(prior.density_value(x).subs({q: 2, s: gauss_sd[0]})
                        - models.gaussian_prior.density_value(x)) == 0,
        checked="at $q = 1$, $s_q = b$ the density equals the Laplace density; `sympy.solve` for the scale "
        "returns one positive value, and at $q = 2$ with that scale the density equals the Gaussian density "
        "(normalizers included).",
    )
    nlp = models.neg_log_posterior(likelihood, prior)
    form = models.penalized_form(nlp, rss(), prior.penalty())
    lam_ = form.unknowns[1]
    d.claim(
        r"The negative log-posterior, matched against $c\bigl(\lVert y - X\beta\rVert^2 + \lambda\sum_j "
        r"|\beta_j|^q\bigr)$ as on the Gaussian and Laplace pages, has $c = 1/(2\sigma^2)$ and",
        r"\lambda", form.lam, label="lambda",
        check=lambda: models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta)
        and sp.simplify(form.factor - 1 / (2 * sigma**2)) == 0,
        checked=r"`penalized_form` solves for $c$ and $\lambda$; the difference between the negative log-posterior "
        r"and $c\,J(\beta)$ is a constant containing no $\beta$, for general $n$, $p$ and $q$.",
    )
    lam_laplace = form.lam.subs({q: 1, s: b})
    lam_gauss = form.lam.subs({q: 2, s: gauss_sd[0]})
    d.claim(
        "At the two special shapes this reproduces both main results:",
        r"\lambda\big|_{q=1,\,s=b},\ \lambda\big|_{q=2,\,s=\sqrt2\sigma_w}", sp.Tuple(lam_laplace, lam_gauss),
        label="reproduces",
        check=lambda: sp.simplify(lam_laplace - laplace_l1.derivation().results["lam"]) == 0
        and sp.simplify(lam_gauss - gaussian_l2.derivation().results["lam"]) == 0,
        checked="the two values equal the strengths derived on the Laplace and Gaussian pages.",
    )
    (s_from_lam,) = sp.solve(sp.Eq(lam_, form.lam), s)
    d.claim(
        r"Read backwards, a bridge penalty of strength $\lambda$ means the prior scale",
        "s", s_from_lam, label="inverse",
        check=lambda: sp.simplify(form.lam.subs(s, s_from_lam) - lam_) == 0,
        checked=r"the single solution of $\lambda = 2\sigma^2/s_q^q$ for $s_q > 0$, mapped back, gives $\lambda$.",
    )

    # -- the penalty grows with |beta|, and is convex only for q >= 1 ----------------------------------
    r = sp.Abs(x) ** q
    slope = sp.powsimp(sp.diff(t**q, t))
    curvature = sp.factor(sp.diff(t**q, t, 2))
    convex_q = sp.solve(curvature.subs(t, 1) >= 0, q)
    d.claim(
        r"Every member of the family penalizes large coefficients more than small ones: for $t = |\beta_j| > 0$ "
        "the penalty term has a positive slope. Its curvature, though, has the sign of $q - 1$:",
        r"\frac{d}{dt}t^q,\ \frac{d^2}{dt^2}t^q", sp.Tuple(slope, curvature), label="shape",
        check=lambda: slope.is_positive is True and convex_q.canonical == (q >= 1).canonical
        and sp.simplify(curvature / t ** (q - 2) - q * (q - 1)) == 0,
        checked="the slope is positive for all $q, t > 0$ (SymPy's assumptions); the curvature is "
        r"$q(q-1)t^{q-2}$, and `sympy.solve` of curvature $\ge 0$ gives $q \ge 1$.",
    )
    half = sp.Rational(1, 2)
    mid, chord = r.subs({q: half, x: half}), (r.subs({q: half, x: 0}) + r.subs({q: half, x: 1})) / 2
    d.claim(
        "For $q < 1$ the penalty is concave on each half-line and not convex on the line. For instance at "
        r"$q = \tfrac12$ the midpoint of $0$ and $1$ lies above the chord:",
        r"|\tfrac12|^{1/2} - \tfrac12\bigl(|0|^{1/2} + |1|^{1/2}\bigr)", mid - chord, label="not-convex",
        check=lambda: (mid - chord).is_positive is True,
        checked=r"the difference is positive ($\sqrt{1/2} - 1/2 > 0$), which a convex function forbids.",
    )

    # -- a concrete bimodal MAP ------------------------------------------------------------------------
    Y, L = EXAMPLE_Y, EXAMPLE_LAM
    bb = sp.Symbol("beta", real=True)
    J1 = (Y - bb) ** 2 + L * sp.Abs(bb) ** EXAMPLE_Q
    u = sp.Symbol("u", positive=True)
    # For beta > 0 write beta = u^2; the stationarity condition becomes a cubic polynomial in u.
    stationary_poly = sp.Poly(sp.expand(sp.diff(J1.subs(bb, u**2), u)), u)
    roots = [rt for rt in sp.real_roots(stationary_poly) if rt.evalf() > 0]
    betas = [rt**2 for rt in roots]
    values = [J1.subs(bb, bt) for bt in betas]
    second = [sp.diff(J1.subs(bb, u**2), u, 2).subs(u, rt).evalf() for rt in roots]
    local_min = [bt for bt, sec in zip(betas, second) if sec > 0]
    slope_right = sp.limit(sp.diff(J1.subs(bb, t), t), t, 0, "+")
    slope_left_neg = sp.diff(J1.subs(bb, -t), t).subs(t, 1)  # beta < 0: J increases moving away from 0
    table = sp.Matrix([[0, J1.subs(bb, 0)]] + [[bt.evalf(6), v.evalf(6)] for bt, v in zip(betas, values)])
    d.claim(
        f"A concrete case shows what non-convexity does to the MAP. With one observation $y = {Y}$, "
        fr"$x = 1$ and $\lambda = {L}$, the objective $J(\beta) = ({Y} - \beta)^2 + {L}|\beta|^{{1/2}}$ "
        r"has an infinite slope at $0^+$ and increases for $\beta < 0$, so $\beta = 0$ is a local minimum. "
        r"For $\beta > 0$, substituting $\beta = u^2$ turns $J'(\beta) = 0$ into a cubic in $u$; its positive "
        "real roots give one more local minimum and a local maximum between them. The stationary points and "
        r"their objective values ($\beta$, $J$):",
        None, table, label="bimodal",
        check=lambda: slope_right == sp.oo and slope_left_neg.is_positive is True
        and len(roots) == 2 and len(local_min) == 1
        and all(abs(stationary_poly.eval(rt).evalf(30)) < 1e-25 for rt in roots),
        checked=r"`sympy.limit` gives slope $+\infty$ at $0^+$; $J$ increases to the left of 0; `real_roots` finds "
        "exactly two positive roots of the cubic, one with positive second derivative (a minimum) and one with "
        "negative (a maximum).",
    )
    y_var = sp.Symbol("y", positive=True)
    d.say(
        "Both minima are genuine: the MAP is whichever is lower (here the nonzero one), and a small change of "
        "the data can make the other one lower, so the estimate jumps between 0 and a value far from 0 instead "
        r"of moving continuously as it does under the convex $q \ge 1$ penalties."
    )
    J_y = (y_var - bb) ** 2 + L * sp.Abs(bb) ** EXAMPLE_Q
    poly_y = sp.expand(sp.diff(J_y.subs(bb, u**2), u))
    tie = sp.solve([poly_y, sp.expand(J_y.subs(bb, u**2) - J_y.subs(bb, 0))], [y_var, u], dict=True)
    d.claim(
        r"Where exactly? The two minima tie when the nonzero stationary point also has $J(\beta) = J(0)$. "
        r"`sympy.solve` on those two polynomial equations (in $y$ and $u = \sqrt\beta$) finds one solution:",
        r"y_c,\ \hat\beta(y_c^+)", sp.Tuple(*(tie[0][y_var], tie[0][u] ** 2)) if len(tie) == 1 else sp.S.Zero,
        label="jump",
        check=lambda: len(tie) == 1
        and poly_y.subs(tie[0]) == 0 and sp.simplify((J_y.subs(bb, u**2) - J_y.subs(bb, 0)).subs(tie[0])) == 0
        and sp.diff(poly_y, u).subs(tie[0]).is_positive is True,
        checked="the solution satisfies both equations exactly, and there $J$ curves upward in $u$ (a minimum, not "
        "the maximum). For $y$ just below $y_c$ the MAP is 0; just "
        r"above, it is near $\hat\beta(y_c^+)$: the estimate jumps.",
    )
    y_tie, beta_tie = tie[0][y_var], tie[0][u] ** 2
    improper = sp.integrate(sp.exp(-lam_ / (2 * sigma**2)), (x, -sp.oo, sp.oo))
    d.claim(
        r"At the far end, $q \to 0$, the penalty counts nonzero coefficients (best-subset selection). The "
        r'matching "prior" $\exp(-\lambda\,\mathbb 1[\beta_j \ne 0]/(2\sigma^2))$ is a positive constant '
        "away from 0 and has no normalizing constant:",
        r"\int_{-\infty}^{\infty} e^{-\lambda/(2\sigma^2)}\,d\beta", improper, label="no-prior",
        check=lambda: improper == sp.oo,
        checked=r"`sympy.integrate` returns $\infty$.",
    )
    d.say(
        "A remark on names: for a fixed shape $q$ and location, the exponential-power densities form an "
        "exponential family in the scale only; the family over $q$ is not one. The penalty is chosen by $q$, "
        r"its strength by $s_q$ through $\lambda = 2\sigma^2/s_q^q$."
    )
    d.record(
        neg_log_posterior=nlp,
        factor=form.factor,
        lam=form.lam,
        constant=form.constant,
        scale_from_lam=s_from_lam,
        lam_symbol=lam_,
        gaussian_scale=gauss_sd[0],
        example_objective=J1,
        example_symbol=bb,
        example_minima=sp.Tuple(0, *local_min),
        example_tie=sp.Tuple(y_tie, beta_tie),
    )
    return d
