"""Pieces shared by the three unknown-noise derivations: the noise variance as a symbol, the inverse-gamma
prior on it, and the negative log of a joint density of (β, σ²) expressed in that symbol."""

from __future__ import annotations

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.sums import evaluated, linearize
from regprior.symbolic.symbols import beta, sigma

#: the noise variance, the unknown of these pages (printed as sigma^2)
v = sp.Symbol(r"\sigma^{2}", positive=True)
a0 = sp.Symbol("a_0", real=True)
b0 = sp.Symbol("b_0", nonnegative=True)
a0_pos = sp.Symbol("a_0", positive=True)
b0_pos = sp.Symbol("b_0", positive=True)


def inverse_gamma_density(var: sp.Expr, shape: sp.Expr = a0, scale: sp.Expr = b0) -> sp.Expr:
    """IG(shape, scale) density of the variance (:func:`regprior.symbolic.models.inverse_gamma_density`)."""
    return models.inverse_gamma_density(var, shape, scale)


def inverse_gamma_is_normalized() -> bool:
    """The density integrates to 1 and equals sympy.stats' GammaInverse density (for a proper prior)."""
    t = sp.Symbol("t", positive=True)
    dens = inverse_gamma_density(t, a0_pos, b0_pos)
    return (sp.simplify(sp.integrate(dens, (t, 0, sp.oo)) - 1) == 0
            and sp.simplify(dens - sps.density(sps.GammaInverse("s", a0_pos, b0_pos))(t)) == 0)


def in_variance(expr: sp.Expr) -> sp.Expr:
    """Rewrite an expression in the noise standard deviation sigma as one in the variance symbol v."""
    return sp.expand_log(evaluated(expr).subs(sigma, sp.sqrt(v)), force=True)


def free_of_beta_and_variance(difference: sp.Expr) -> bool:
    """True when an expression (a difference of two negative log-densities) contains no beta and no v."""
    rest = linearize(sp.expand(difference), expand=True)
    return not rest.has(beta) and sp.simplify(sp.diff(rest, v)) == 0


def neg_log_joint(prior: models.Prior, *, noise_prior: bool = True) -> sp.Expr:
    """-log [ p(y | beta, sigma^2) p(beta | ...) p(sigma^2) ] (without the evidence), in v, sums split."""
    terms = models.neg_log_likelihood(models.gaussian_likelihood) + models.neg_log_prior(prior)
    if noise_prior:
        terms += -sp.log(inverse_gamma_density(v))
    return linearize(in_variance(terms))
