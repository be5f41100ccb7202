r"""A belief about a coefficient ⇒ the prior scale: "95% of coefficients lie within ±2" as σ_w and b.

A practitioner rarely knows σ_w or b; they can say how large a coefficient plausibly is. The belief
:math:`P(|\beta_j - \theta_{0j}| \le h) = q_h` fixes the scale of a one-parameter prior: the probability of the
interval is the integral of the prior density over it (checked against the ``sympy.stats`` distribution's
CDF), and ``sympy.solve`` solves that equation for the scale. The canonical strength it means at noise sd σ
follows by substituting into the λ the Gaussian→L2 and Laplace→L1 pages derive.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.symbols import b, belief_half_width as h, belief_prob as q, sigma, sigma_w

from . import gaussian_l2, laplace_l1

SLUG = "priors-from-beliefs"


def _coverage(prior: models.Prior) -> tuple[sp.Expr, sp.Expr]:
    """The probability of [-h, h] under ``prior``: by integrating its density, and from its sympy.stats CDF."""
    x = sp.Symbol("x", real=True)
    integral = sp.simplify(sp.integrate(prior.density_value(x), (x, -h, h)))
    W = prior.stats("w")
    from_cdf = sp.simplify(sps.cdf(W)(h) - sps.cdf(W)(-h))
    return integral, from_cdf


def _solve_for_scale(coverage: sp.Expr, scale: sp.Symbol) -> sp.Expr:
    """The one solution of coverage = q for the scale."""
    solutions = sp.solve(sp.Eq(coverage, q), scale)
    if len(solutions) != 1:
        raise ValueError(f"expected one solution for {scale}; got {solutions}")
    return solutions[0]


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the derivation of the prior scales from an interval belief."""
    d = Derivation(SLUG, "Priors from beliefs: an interval and its probability ⇒ the prior scale")
    d.say(
        r"State the belief about one coefficient as an interval around the prior mean and the probability of "
        r"lying in it: $P(|\beta_j - \theta_{0j}| \le h) = q_h$ with $h > 0$ and $0 < q_h < 1$ (“95% of "
        r"coefficients lie within $\pm 2$” is $h = 2$, $q_h = 0.95$). A shift by $\theta_{0j}$ does not change the "
        r"probability of a centred interval, so the priors below are written at mean 0."
    )

    gauss_cov, gauss_cdf = _coverage(models.gaussian_prior)
    d.claim(
        r"Under the Gaussian prior $\mathcal N(0, \sigma_w^2)$ the probability of $[-h, h]$ is the integral of its "
        "density over the interval:",
        r"P(|\beta_j| \le h)", gauss_cov, label="gaussian-coverage",
        check=lambda: sp.simplify(gauss_cov - gauss_cdf) == 0,
        checked=r"`sympy.integrate` of the Gaussian density over $[-h, h]$ equals $F(h) - F(-h)$ for the CDF $F$ of "
        r"the `sympy.stats` normal variable with standard deviation $\sigma_w$.",
    )
    sigma_w_belief = _solve_for_scale(gauss_cov, sigma_w)
    d.claim(
        r"Setting it equal to $q_h$ and solving for $\sigma_w$ (`sympy.solve`; $\operatorname{erf}$ is increasing, "
        "so there is one solution):",
        r"\sigma_w", sigma_w_belief, label="gaussian-scale",
        check=lambda: sp.simplify(gauss_cov.subs(sigma_w, sigma_w_belief)) == q
        and sp.simplify(sigma_w_belief - h / (sp.sqrt(2) * sp.erfinv(q))) == 0,
        checked=r"substituting it back gives a probability of exactly $q_h$; it is $h/z$ with "
        r"$z = \sqrt2\operatorname{erf}^{-1}(q_h)$, the standard normal quantile at $(1 + q_h)/2$.",
    )
    z = sp.sqrt(2) * sp.erfinv(q)
    normal_quantile = sps.quantile(sps.Normal("z", 0, 1))((1 + q) / 2)
    d.claim(
        r"The divisor $\sqrt2\operatorname{erf}^{-1}(q_h)$ is the familiar two-sided quantile of the standard normal "
        r"distribution $\Phi$ (1.95996… for $q_h = 0.95$):",
        r"\Phi^{-1}\Bigl(\frac{1 + q_h}{2}\Bigr)", z, label="gaussian-quantile",
        check=lambda: sp.simplify(z - normal_quantile) == 0,
        checked=r"it equals the `sympy.stats` quantile of $\mathcal N(0, 1)$ at $(1 + q_h)/2$.",
    )

    laplace_cov, laplace_cdf = _coverage(models.laplace_prior)
    d.claim(
        r"Under the Laplace prior with scale $b$ the same probability is",
        r"P(|\beta_j| \le h)", laplace_cov, label="laplace-coverage",
        check=lambda: sp.simplify(laplace_cov - laplace_cdf) == 0,
        checked=r"`sympy.integrate` of the Laplace density over $[-h, h]$ equals $F(h) - F(-h)$ for the CDF $F$ of "
        r"the `sympy.stats` Laplace variable with scale $b$.",
    )
    b_belief = _solve_for_scale(laplace_cov, b)
    b_display = h / sp.log(1 / (1 - q))
    d.claim(
        r"and solving $1 - e^{-h/b} = q_h$ for $b$ gives",
        "b", b_display, label="laplace-scale",
        check=lambda: sp.simplify(b_belief - b_display) == 0
        and sp.simplify(laplace_cov.subs(b, b_belief)) == q,
        checked=r"this is the solution `sympy.solve` returns, and substituting it back gives exactly $q_h$.",
    )
    example = {h: 2, q: sp.Rational(95, 100)}
    numbers = [round(float(e.subs(example)), 3) for e in (sigma_w_belief, b_belief, sp.sqrt(2) * b_belief)]
    d.claim(
        r"So the same belief, “95% within $\pm 2$”, means $\sigma_w = 1.020$ for a Gaussian prior and "
        r"$b = 2/\ln 20 = 0.668$ for a Laplace prior, whose standard deviation $\sqrt2\,b = 0.944$ is smaller: the "
        r"Laplace prior puts more mass near 0 and in the far tails.",
        r"(\sigma_w,\ b,\ \sqrt2\,b)\big|_{h = 2,\ q_h = 0.95}", r"(1.020,\ 0.668,\ 0.944)", label="example",
        check=lambda: numbers == [1.020, 0.668, 0.944]
        and sp.simplify(b_belief.subs(example) - 2 / sp.log(20)) == 0,
        checked=r"the two scales above evaluated at $h = 2$, $q_h = 0.95$ round to these numbers, and $b$ is "
        r"exactly $2/\ln 20$.",
    )

    lam_gauss_general = gaussian_l2.derivation().results["lam"]
    lam_gauss = sp.simplify(lam_gauss_general.subs(sigma_w, sigma_w_belief))
    lam_laplace_general = laplace_l1.derivation().results["lam"]
    lam_laplace = sp.simplify(lam_laplace_general.subs(b, b_belief))
    lam_laplace_display = 2 * sigma**2 * sp.log(1 / (1 - q)) / h
    d.claim(
        r"With the strengths of the Gaussian→L2 page ($\lambda = \sigma^2/\sigma_w^2$) and the Laplace→L1 page "
        r"($\lambda = 2\sigma^2/b$), the belief fixes the ridge strength at noise sd $\sigma$",
        r"\lambda_{\text{ridge}}", lam_gauss, label="gaussian-lambda",
        check=lambda: sp.simplify(lam_gauss - 2 * sigma**2 * sp.erfinv(q) ** 2 / h**2) == 0,
        checked=r"the derived $\lambda$ of the Gaussian→L2 page with the scale above substituted equals "
        r"$2\sigma^2\operatorname{erf}^{-1}(q_h)^2/h^2$.",
    )
    d.claim(
        "and the lasso strength",
        r"\lambda_{\text{lasso}}", lam_laplace_display, label="laplace-lambda",
        check=lambda: sp.simplify(lam_laplace - lam_laplace_display) == 0,
        checked=r"the derived $\lambda$ of the Laplace→L1 page with the scale above substituted equals "
        r"$2\sigma^2\ln\bigl(1/(1 - q_h)\bigr)/h$.",
    )
    limits = [sp.limit(e, q, end, dir=side) for e in (sigma_w_belief, b_belief) for end, side in ((1, "-"), (0, "+"))]
    d.claim(
        r"A wider interval or a smaller probability is a weaker belief and a smaller $\lambda$. As $q_h \to 1$ at "
        r"fixed $h$ both scales go to 0 (all the mass inside the interval: a point mass at the mean); as "
        r"$q_h \to 0$ they grow without bound (a flat prior):",
        r"\lim_{q_h \to 1^-} (\sigma_w, b),\ \lim_{q_h \to 0^+} (\sigma_w, b)", r"(0, 0),\ (\infty, \infty)",
        label="limits",
        check=lambda: limits == [0, sp.oo, 0, sp.oo],
        checked="`sympy.limit` of each scale at both ends of (0, 1).",
    )
    d.record(gaussian_coverage=gauss_cov, laplace_coverage=laplace_cov, gaussian_scale=sigma_w_belief,
             laplace_scale=b_belief, gaussian_lam=lam_gauss, laplace_lam=lam_laplace)
    return d
