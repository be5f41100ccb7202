"""The horseshoe prior: no elementary density, a pole at zero, and therefore no useful MAP (D7, S0-32).

SymPy integrates the half-Cauchy mixture to a Meijer G-function; that it equals the exponential-integral form
is checked numerically at several points (SymPy does not convert between the two). The E₁ form has a
logarithmic pole at 0, so for any data the one-coefficient log-posterior tends to +∞ at β = 0: the MAP
degenerates to 0. The pole is integrable, so posterior mean and median exist.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation
from regprior.symbolic.symbols import sigma

#: points (beta, tau) at which the Meijer-G result is compared with the E_1 form
CHECK_POINTS = ((0.05, 1.0), (0.7, 1.0), (2.0, 0.5), (5.0, 1.3), (12.0, 2.0))


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the horseshoe derivation."""
    d = Derivation("horseshoe", "The horseshoe prior and its degenerate MAP")
    lam = sp.Symbol("lambda", positive=True)
    tau = sp.Symbol("tau", positive=True)
    beta = sp.Symbol("beta", positive=True)
    half_cauchy = 2 / (sp.pi * (1 + lam**2))
    d.claim(
        r"The horseshoe gives each coefficient its own scale $\lambda$ times a global scale $\tau$: "
        r"$\beta \mid \lambda \sim \mathcal N(0, \lambda^2\tau^2)$, with $\lambda$ half-Cauchy:",
        r"p(\lambda)", half_cauchy, label="half-cauchy",
        check=lambda: sp.integrate(half_cauchy, (lam, 0, sp.oo)) == 1,
        checked=r"the density integrates to 1 over $\lambda > 0$.",
    )
    integrand = sp.exp(-(beta**2) / (2 * lam**2 * tau**2)) / sp.sqrt(2 * sp.pi * lam**2 * tau**2) * half_cauchy
    marginal = sp.integrate(integrand, (lam, 0, sp.oo))
    z = beta**2 / (2 * tau**2)
    e1_form = sp.exp(z) * sp.expint(1, z) / (tau * sp.sqrt(2 * sp.pi**3))

    def agree() -> bool:
        for bv, tv in CHECK_POINTS:
            point = {beta: sp.Rational(str(bv)), tau: sp.Rational(str(tv))}
            ours, sympys = sp.N(e1_form.subs(point), 30), sp.N(marginal.subs(point), 30)
            if not abs(ours - sympys) < sp.Float("1e-25", 30) * ours:
                return False
        return True

    d.claim(
        r"Integrating $\lambda$ out, SymPy returns a Meijer G-function, not an elementary function; it is the "
        r"exponential-integral expression (for $\beta \neq 0$, with $z = \beta^2/(2\tau^2)$)",
        r"p(\beta)", e1_form, label="marginal",
        check=lambda: marginal.has(sp.meijerg) and agree(),
        checked="`sympy.integrate` gives a Meijer G-function; at the points "
        + ", ".join(fr"$(\beta, \tau) = ({bv}, {tv})$" for bv, tv in CHECK_POINTS)
        + " it agrees with this expression to 25 significant digits. SymPy does not rewrite one into the other, "
        "so this identity is checked at points only.",
    )
    limit0 = sp.limit(e1_form, beta, 0, "+")
    rate = sp.limit(e1_form / sp.log(1 / beta), beta, 0, "+")
    d.claim(
        r"Near zero it has a pole: the density is unbounded, growing like $\log(1/|\beta|)$,",
        r"\lim_{\beta\to 0}p(\beta),\ \lim_{\beta\to 0}\frac{p(\beta)}{\log(1/|\beta|)}", sp.Tuple(limit0, rate),
        label="pole",
        check=lambda: limit0 == sp.oo and sp.simplify(rate - 2 / (tau * sp.sqrt(2 * sp.pi**3))) == 0,
        checked="both limits by `sympy.limit`.",
    )
    q, a = sp.Symbol("q", positive=True), sp.Symbol("a", real=True)
    log_post = -(q * beta**2 - 2 * a * beta) / (2 * sigma**2) + sp.log(e1_form)
    lim_post = sp.limit(log_post, beta, 0, "+")
    d.claim(
        r"With one coefficient ($q = x^\top x$, $a = x^\top y$) the log-posterior is "
        r"$-(q\beta^2 - 2a\beta)/(2\sigma^2) + \log p(\beta)$ plus a constant. Whatever the data,",
        r"\lim_{\beta\to 0}\log p(\beta \mid y)", lim_post, label="degenerate",
        check=lambda: lim_post == sp.oo and not lim_post.has(a),
        checked=r"`sympy.limit` with $a$ and $q$ symbolic: the limit is $+\infty$ for every value of the data.",
    )
    pole_mass = sp.integrate(sp.log(1 / beta), (beta, 0, 1))
    d.claim(
        "So the posterior has no maximum away from 0 that could beat the pole: the MAP is 0 for every data set, "
        "a degenerate answer (a local maximum near the data's estimate may exist, but it is not the global "
        "one). The pole is nevertheless integrable,",
        r"\int_0^1 \log(1/\beta)\,d\beta", pole_mass, label="integrable",
        check=lambda: pole_mass == 1,
        checked="`sympy.integrate`.",
    )
    d.say(
        "so the prior is proper and the posterior mean and median are well defined: the horseshoe is meant to be "
        "used through its posterior (by sampling), which shrinks small signals strongly and large ones hardly at "
        "all. Its MAP is not a sparse estimator to compute, it is a degenerate one."
    )
    d.record(marginal_e1=e1_form, log_posterior_1d=log_post, one_d_symbols=sp.Tuple(q, a), beta=beta, tau=tau,
             mixture_integrand=integrand, mixing_variable=lam)
    return d
