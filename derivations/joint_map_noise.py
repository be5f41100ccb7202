"""Unknown σ², approach 1: the joint mode of p(β, σ² | y) under a fixed-scale Gaussian prior is a coupled fixed point.

The β-half solves to ridge with λ = σ²/σ_w² (which *depends* on σ²), the σ²-half solves to
(RSS + 2b₀)/(n + 2a₀ + 2) (which depends on β). Substituting the second into the posterior gives the profile
objective, whose stationarity is the ridge condition at the current σ². With b₀ = 0 and data a linear model
can fit exactly, the joint density is unbounded. Dropping the σ-dependent normalizer (E6) removes the
finite σ² step altogether.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.models import gaussian_prior
from regprior.symbolic.sums import coordinate_derivative, linearize
from regprior.symbolic.symbols import beta, j, k, n, p, rss, sigma, sigma_w

from ._display import stacked_sum
from ._noise_models import (a0, b0, free_of_beta_and_variance, inverse_gamma_density, inverse_gamma_is_normalized,
                           neg_log_joint, v)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the joint-MAP derivation."""
    d = Derivation("joint-map-noise", "Joint MAP of coefficients and noise variance")
    RSS = rss()
    sq = sp.Sum(beta[j] ** 2, (j, 1, p))
    R = sp.Symbol("R", nonnegative=True)  # stands for the residual sum of squares where a plain symbol is needed

    d.claim(
        r"Keep the Gaussian prior $\beta_j \sim \mathcal N(0, \sigma_w^2)$ with a fixed $\sigma_w$, and give the "
        r"noise variance $\sigma^2$ a prior of its own, inverse-gamma with shape $a_0$ and scale $b_0$:",
        r"p(\sigma^2)", inverse_gamma_density(v), label="ig",
        check=inverse_gamma_is_normalized,
        checked=r"for $a_0, b_0 > 0$ it integrates to 1 over $\sigma^2 > 0$ and equals the `sympy.stats` "
        "GammaInverse density.",
    )
    d.say(
        r"Its kernel $(\sigma^2)^{-a_0 - 1}e^{-b_0/\sigma^2}$ also covers two improper choices: $a_0 = b_0 = 0$ "
        r"is Jeffreys' $1/\sigma^2$, and $a_0 = -1$, $b_0 = 0$ is the flat prior. The constant in front does not "
        "matter for the mode, so the formulas below hold for those too."
    )
    nlj = neg_log_joint(gaussian_prior)
    terms = ((n / 2 + a0 + 1) * sp.log(v), (RSS + 2 * b0) / (2 * v), sq / (2 * sigma_w**2))
    display = sp.Add(*terms, evaluate=False)
    d.claim(
        r"The negative log of the joint posterior $p(\beta, \sigma^2 \mid y) \propto p(y \mid \beta, \sigma^2)\,"
        r"p(\beta)\,p(\sigma^2)$ collects three powers of $\sigma^2$: $n/2$ from the likelihood's normalizer and "
        r"$a_0 + 1$ from the prior on $\sigma^2$. Up to a constant $C$ free of $\beta$ and $\sigma^2$,",
        None, stacked_sum(r"-\log p(\beta, \sigma^2 \mid y)", terms, r"\simeq"), label="objective",
        check=lambda: free_of_beta_and_variance(nlj - display),
        checked=r"the difference from $-\log$ of likelihood × prior × inverse-gamma density (built from the model "
        r"definitions) contains neither $\beta$ nor $\sigma^2$, for general $n$ and $p$.",
    )
    nlp_sigma = nlj.subs(v, sigma**2)
    form = models.penalized_form(sp.expand_log(nlp_sigma, force=True), RSS, sq)
    d.claim(
        r"**The β-half.** At a fixed $\sigma^2$ this is the setting of {doc}`/derivations/gaussian-l2`, and solving "
        "for the factor and strength again gives",
        r"\lambda", form.lam, label="beta-step",
        check=lambda: sp.simplify(form.lam - sigma**2 / sigma_w**2) == 0 and form.lam.has(sigma)
        and not form.constant.has(beta),
        checked=r"`penalized_form` solved for $(c, \lambda)$ with the inverse-gamma terms present; the "
        r"strength contains $\sigma$: the β-step depends on the current $\sigma^2$.",
    )
    objective_R = display.subs(RSS, R)
    (v_star,) = sp.solve(sp.diff(objective_R, v), v)
    v_step = v_star.subs(R, RSS)
    d.claim(
        r"**The σ²-half.** At a fixed $\beta$ the objective depends on $\sigma^2$ through "
        r"$(n/2 + a_0 + 1)\log\sigma^2 + (\mathrm{RSS} + 2b_0)/(2\sigma^2)$; setting its derivative to zero gives",
        r"\sigma^2", v_step, label="noise-step",
        check=lambda: sp.simplify(sp.diff(objective_R, v).subs(v, v_star)) == 0
        and sp.simplify(sp.diff(objective_R, v, 2).subs(v, v_star) * v_star**3
                        - (n / 2 + a0 + 1) * v_star) == 0,
        checked="`sympy.solve` returns one root, which zeroes the derivative; the second derivative there is "
        r"$(n/2 + a_0 + 1)/\sigma^4 > 0$ whenever $n + 2a_0 + 2 > 0$, so it is a minimum.",
    )
    d.say(
        r"The two halves are coupled: the ridge strength $\sigma^2/\sigma_w^2$ needs $\sigma^2$, and $\sigma^2$ "
        r"needs the residuals of $\beta$. Neither has a closed form given only the data; the joint mode is a "
        "fixed point of the two steps. Alternating them is block-coordinate descent: each step lowers the "
        "objective, which is bounded below when $b_0 > 0$ (see below), so the iteration "
        "{func}`regprior.joint_map` runs converges to a stationary point. The objective is not jointly convex, "
        "so uniqueness is not guaranteed."
    )
    prof_terms = ((n / 2 + a0 + 1) * sp.log(RSS + 2 * b0), sq / (2 * sigma_w**2))
    prof_display = sp.Add(*prof_terms, evaluate=False)
    profile = display.subs(v, v_step)
    prof_const = sp.expand(sp.expand_log(profile - prof_display, force=True))
    d.claim(
        r"Substituting the σ²-step into the objective removes $\sigma^2$ and leaves the *profile* objective of "
        r"$\beta$ alone, up to a constant:",
        None, stacked_sum(r"\min_{\sigma^2}\bigl(-\log p(\beta, \sigma^2 \mid y)\bigr)", prof_terms, r"\simeq"),
        label="profile",
        check=lambda: not prof_const.has(beta) and not prof_const.has(sp.Sum),
        checked=r"the difference between the substituted objective and this display contains no $\beta$ (it is a "
        "function of $n$ and $a_0$ only).",
    )
    g_prof = linearize(coordinate_derivative(prof_display, beta, k, p))
    S, L = sp.Symbol(r"\sigma^2(\beta)", positive=True), sp.Symbol(r"\lambda(\beta)", positive=True)
    g_rss = linearize(coordinate_derivative(RSS, beta, k, p))
    g_display = sp.Mul(1 / (2 * S), g_rss + 2 * L * beta[k], evaluate=False)
    G = sp.Symbol("G", real=True)

    def as_RG(expr):  # the two sums as plain symbols, so that the comparison is rational algebra
        return expr.subs(g_rss, G).subs(RSS, R)

    d.claim(
        "It is not a ridge objective (the residual sum of squares sits inside a logarithm), but its "
        r"gradient is the ridge gradient at the current $\lambda(\beta) = \sigma^2(\beta)/\sigma_w^2$, scaled by "
        r"$1/(2\sigma^2(\beta))$, where $\sigma^2(\beta)$ is the σ²-step; so a stationary point of the profile is "
        "a fixed point of the two steps and conversely:",
        r"\frac{\partial}{\partial\beta_k}\,\text{profile}", g_display, label="profile-gradient",
        check=lambda: not (as_RG(g_prof)).has(sp.Sum) and sp.simplify(
            as_RG(g_prof) - as_RG(g_display.subs({S: v_step, L: v_step / sigma_w**2}))) == 0,
        checked=r"with $\sigma^2(\beta)$ and $\lambda(\beta)$ replaced by their formulas, this equals the "
        r"derivative of the profile with respect to a general $\beta_k$ (computed through the sums, for general "
        "$n$ and $p$; the residual sum of squares and its derivative then appear only as whole sums).",
    )
    kappa = sp.Symbol("kappa", positive=True)  # n/2 + a0 + 1 > 0
    at_fit = kappa * sp.log(v) + (R + 2 * b0) / (2 * v)
    lim_exact = sp.limit(at_fit.subs({R: 0, b0: 0}), v, 0, "+")
    lim_proper = sp.limit(at_fit.subs(b0, sp.Symbol("b_0", positive=True)), v, 0, "+")
    d.claim(
        r"When does a joint mode exist? At a fixed $\beta$ with residual sum of squares $R$ the objective is "
        r"$\kappa\log\sigma^2 + (R + 2b_0)/(2\sigma^2)$ plus the prior term, with $\kappa = n/2 + a_0 + 1 > 0$. "
        r"As $\sigma^2 \to 0$ it tends to",
        None, r"R + 2b_0 = 0:\ " + latex(lim_exact) + r",\qquad b_0 > 0:\ " + latex(lim_proper),
        label="degenerate",
        check=lambda: lim_exact == -sp.oo and lim_proper == sp.oo,
        checked="both limits by `sympy.limit`.",
    )
    d.say(
        r"So with $b_0 = 0$ (flat or Jeffreys prior on $\sigma^2$) and a $\beta$ that fits the data exactly, which "
        r"exists whenever $y$ lies in the column space of $X$ (for instance $p \ge n$), the joint density is "
        r"unbounded: no joint mode exists, and the iteration would drive $\sigma^2$ to 0. A proper inverse-gamma "
        r"prior ($b_0 > 0$) keeps $\sigma^2$ away from 0; {func}`regprior.joint_map` refuses the degenerate case."
    )
    wrong = sp.Add(RSS.subs(RSS, R) / (2 * v), sq / (2 * sigma_w**2), -sp.log(inverse_gamma_density(v)),
                   evaluate=False)
    wrong = sp.expand_log(wrong, force=True)
    wrong_roots = sp.solve(sp.diff(wrong, v), v)
    wrong_flat = sp.solve(sp.diff(wrong.subs({a0: -1, b0: 0}), v), v)
    d.claim(
        r"The normalizer $\tfrac n2\log(2\pi\sigma^2)$ is a constant only while $\sigma$ is fixed. Dropped "
        r"here, as one may drop it when $\sigma$ is known, the σ²-step changes: with the flat prior it has no "
        "stationary point at all, and with an inverse-gamma prior it ignores the $n$ observations:",
        None, r"\text{flat: no root},\qquad \text{inverse-gamma: } \sigma^2 = "
        + latex(wrong_roots[0].subs(R, RSS)), label="wrong-normalizer",
        check=lambda: wrong_flat == [] and len(wrong_roots) == 1
        and sp.simplify(wrong_roots[0] - v_star) != 0,
        checked="`sympy.solve` on the derivative of the objective without the likelihood's normalizer: no root "
        "for the flat prior, and a root that differs from the σ²-step derived above.",
    )
    d.record(
        objective=display,
        lam=form.lam,
        noise_step=v_step,
        profile=prof_display,
        variance=v,
        wrong_noise_step=wrong_roots[0].subs(R, RSS),
        wrong_objective_without_normalizer=wrong,
    )
    return d
