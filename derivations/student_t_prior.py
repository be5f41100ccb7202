r"""Student-t prior ⇒ a log penalty, λ = (ν + 1)σ², and a MAP that is no longer convex.

The correspondence is derived like the Gaussian and Laplace ones (``models.penalized_form`` solves for the
factor and the strength); the rest of the page derives what is new: the penalty is a *logarithm*, quadratic near
0 (a ridge of strength :math:`\lambda/(\nu s_t^2)`) and only logarithmic far out, its curvature changes sign at
:math:`|\beta_j| = \sqrt\nu\,s_t`, and as ν → ∞ it becomes the Gaussian prior's ridge penalty.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.models import student_t_prior as prior
from regprior.symbolic.sums import is_identity
from regprior.symbolic.symbols import beta, j, nu, p, sigma, t_scale

SLUG = "student-t-prior"


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the Student-t derivation."""
    d = Derivation(SLUG, "Student-t prior ⇒ log penalty")
    x = sp.Symbol("x", real=True)
    t = sp.Symbol("t", real=True)
    density = prior.density_value(x)

    d.claim(
        r"Give each coefficient, independently, a Student-t prior with $\nu$ degrees of freedom, location 0 and "
        r"scale $s_t$: a bell that is Gaussian-like near 0 and has polynomial tails, $p(\beta_j) \sim "
        r"|\beta_j|^{-(\nu+1)}$, so large coefficients are far more plausible than under a Gaussian. $\nu = 1$ is "
        "the Cauchy prior.",
        r"p(\beta_j)", prior.density(beta[j]), label="prior",
        check=lambda: sp.simplify(density - prior.stats_density(x)) == 0
        and all(sp.integrate(density.subs(nu, k), (x, -sp.oo, sp.oo)) == 1 for k in (1, 2, 3, 4)),
        checked=r"it is the density of $s_t T$ for $T$ the `sympy.stats` Student-t variable with $\nu$ degrees of "
        r"freedom, and it integrates to 1 over the real line for $\nu = 1, 2, 3, 4$.",
    )
    nlprior = models.neg_log_prior(prior)
    constant_per_coef = sp.log(sp.gamma(nu / 2) * sp.sqrt(nu * sp.pi) * t_scale / sp.gamma((nu + 1) / 2))
    nlprior_display = sp.Add(
        p * constant_per_coef,
        sp.Mul((nu + 1) / 2, sp.Sum(sp.log(1 + beta[j] ** 2 / (nu * t_scale**2)), (j, 1, p)), evaluate=False),
        evaluate=False,
    )
    d.claim(
        "Its negative logarithm is a constant plus a sum of logarithms, one per coefficient:",
        r"-\log p(\beta)", nlprior_display, label="nlprior",
        check=lambda: is_identity(nlprior_display, nlprior),
        checked=r"this equals $-\log$ of the product of the $p$ densities, for general $p$.",
    )
    nlp = models.neg_log_posterior(likelihood, prior)
    form = models.penalized_form(nlp, likelihood.data_fit, prior.penalty())
    penalty_display = sp.Sum(sp.log(1 + beta[j] ** 2 / (nu * t_scale**2)), (j, 1, p))
    d.claim(
        r"With the Gaussian likelihood, solving for the factor $c$ and the strength $\lambda$ that make "
        r"$-\log p(\beta \mid y, X) - c\,\bigl(\lVert y - X\beta\rVert^2 + \lambda R(\beta)\bigr)$ free of $\beta$, "
        r"with the log penalty $R(\beta) = \sum_j\log\bigl(1 + \beta_j^2/(\nu s_t^2)\bigr)$, gives $c = 1/(2\sigma^2)$ "
        "as for every prior and",
        r"\lambda", form.lam, label="lambda",
        check=lambda: models.residual_after_split(nlp, form) == 0 and form.factor == 1 / (2 * sigma**2)
        and not form.constant.has(beta) and is_identity(form.penalty, penalty_display),
        checked=r"`penalized_form` finds one solution; with every sum split, $-\log p(\beta\mid y, X)$ minus "
        r"$c(\lVert y - X\beta\rVert^2 + \lambda R)$ minus the constant reduces to 0 for general $n$ and $p$, and the "
        r"constant has no $\beta$.",
    )
    d.say(
        r"So the MAP estimate minimizes $\lVert y - X\beta\rVert^2 + (\nu + 1)\sigma^2\sum_j\log\bigl(1 + "
        r"\beta_j^2/(\nu s_t^2)\bigr)$. Unlike the Gaussian and Laplace cases, the scale $s_t$ is not in $\lambda$: "
        r"it sits inside the logarithm and sets where the penalty stops growing quadratically. This is a case "
        r"where the negative log-prior really is the *logarithm* of something, $\log\bigl((1 + \beta_j^2/(\nu "
        r"s_t^2))^{(\nu+1)/2}\bigr)$; it is still the prior that enters Bayes' rule, with the factor "
        r"$2\sigma^2$ turning it into the penalty (the slip of writing the log of the penalty instead is on the "
        "{doc}`pitfalls page </pitfalls>`)."
    )
    r = sp.log(1 + t**2 / (nu * t_scale**2))
    quadratic = sp.series(r, t, 0, 4).removeO()
    d.claim(
        r"Near 0 the log penalty is quadratic: its Taylor expansion starts",
        r"\log\Bigl(1 + \frac{t^2}{\nu s_t^2}\Bigr)", quadratic + sp.O(t**4), label="near-zero",
        check=lambda: sp.simplify(quadratic - t**2 / (nu * t_scale**2)) == 0,
        checked="`sympy.series` to fourth order.",
    )
    ridge_near_zero = sp.simplify(form.lam / (nu * t_scale**2))
    d.claim(
        r"so for small coefficients the MAP behaves like ridge with strength",
        r"\lambda_0", ridge_near_zero, label="ridge-near-zero",
        check=lambda: sp.simplify(form.lam * quadratic - ridge_near_zero * t**2) == 0,
        checked=r"$\lambda$ times the quadratic term is $\lambda_0 t^2$.",
    )
    curvature = sp.simplify(sp.diff(r, t, 2))
    (turn,) = [root for root in sp.solve(sp.Eq(sp.numer(sp.together(curvature)), 0), t) if root.is_positive]
    d.claim(
        r"Its second derivative is positive only for $|t| < \sqrt\nu\,s_t$: beyond that the penalty bends down, so "
        r"$J$ need not be convex and can have several local minima (one near 0, one near the least-squares value "
        "when the data pull hard against the prior).",
        r"\frac{d^2}{dt^2}\log\Bigl(1 + \frac{t^2}{\nu s_t^2}\Bigr)", curvature, label="curvature",
        check=lambda: sp.simplify(turn - sp.sqrt(nu) * t_scale) == 0
        and sp.simplify(curvature.subs(t, 0)) == 2 / (nu * t_scale**2)
        and bool(sp.simplify(curvature.subs(t, 2 * sp.sqrt(nu) * t_scale)) < 0),
        checked=r"the numerator vanishes at $t = \sqrt\nu\,s_t$ (the positive root); the curvature is "
        r"$2/(\nu s_t^2) > 0$ at 0 and negative at $t = 2\sqrt\nu\,s_t$.",
    )
    limit = sp.limit(form.lam * r, nu, sp.oo)
    d.claim(
        r"As $\nu \to \infty$ the Student-t prior tends to $\mathcal N(0, s_t^2)$, and the penalty tends to the "
        r"ridge penalty with $\sigma_w = s_t$:",
        r"\lim_{\nu\to\infty} (\nu + 1)\sigma^2\log\Bigl(1 + \frac{t^2}{\nu s_t^2}\Bigr)", limit, label="limit",
        check=lambda: sp.simplify(limit - sigma**2 / t_scale**2 * t**2) == 0,
        checked=r"`sympy.limit`; the result is $\frac{\sigma^2}{\sigma_w^2}t^2$ at $\sigma_w = s_t$, the Gaussian "
        r"page's ridge penalty.",
    )
    d.say(
        r"What a solver can promise follows: $J$ is smooth, so at a minimum its gradient vanishes, but a point where "
        r"it vanishes need not be the global minimum. {func}`regprior.map_estimate` runs a descent method (L-BFGS, "
        r"then Newton steps where the Hessian is positive definite) from the prior mean and reports the largest "
        r"entry of the gradient at the point it returns: a certificate of stationarity, not of optimality."
    )
    d.record(lam=form.lam, factor=form.factor, constant=form.constant, neg_log_posterior=nlp,
             ridge_near_zero=ridge_near_zero, turning_point=turn)
    return d
