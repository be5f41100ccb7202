"""Pitfalls page, section "Notation": the SymPy check of each entry."""

from __future__ import annotations

import sympy as sp
import sympy.stats as sps

from derivations import prior_covariance
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.sums import evaluated, is_identity
from regprior.symbolic.symbols import beta, n, p, sigma, sigma_w

from .algebra import differs
from .display import compare, eq, rows
from .entries import Pitfall


def e2(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E2: The Gaussian log-prior is quadratic: λβ², not λβ."""
    bs = sp.Symbol("beta", real=True)
    prec = sp.Symbol("lambda", positive=True)
    log_prior = sp.log(models.gaussian_prior.density_value(bs)).subs(sigma_w, 1 / sp.sqrt(prec))
    slope = sp.diff(log_prior, bs)
    linear_total = sp.integrate(sp.exp(-prec * bs), (bs, -sp.oo, sp.oo))
    compare(
        d, entry,
        rows(("written", eq(r"\frac{d}{d\beta}\log p(\beta)", sp.diff(-prec * bs, bs)) + r",\quad "
              + eq(r"\int e^{-\lambda\beta}d\beta", linear_total)),
             ("right", eq(r"\frac{d}{d\beta}\log p(\beta)", -prec * bs))),
        check=lambda: sp.simplify(slope + prec * bs) == 0 and linear_total == sp.oo
        and differs(sp.diff(-prec * bs, bs), slope, {bs: 2, prec: 1}),
        checked=r"the derivative of the log of the model's Gaussian density with $\sigma_w^2 = 1/\lambda$ is "
        r"$-\lambda\beta$, not the constant $-\lambda$; `sympy.integrate` of $e^{-\lambda\beta}$ over the real line "
        r"is $\infty$.",
    )
    rec.update(e2_wrong=sp.diff(-prec * bs, bs), e2_right=-prec * bs, e2_derived=slope)


def e25(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E25: exp, absolute values, and what the likelihood is a density of."""
    mu, yi = sp.Symbol("mu", real=True), sp.Symbol("y_i", real=True)
    w_ = sp.Symbol("w", real=True)
    noise = sps.density(sps.Normal("epsilon", 0, sigma))(yi - mu)
    compare(
        d, entry,
        rows(("right", eq(r"p(y_i\mid\mu_i)", r"p_\varepsilon(y_i - \mu_i)") + r",\quad "
              + eq(r"\lVert w_i\rVert_1", sp.sqrt(w_**2)))),
        check=lambda: sp.simplify(evaluated(models.gaussian_likelihood.density(yi, mu)) - noise) == 0
        and sp.sqrt(w_**2) == sp.Abs(w_),
        checked="the model's likelihood density of one observation equals the `sympy.stats` density of "
        r"$\mathcal N(0, \sigma^2)$ noise at $y_i - \mu_i$; for real $w$, SymPy reduces $\sqrt{w^2}$ to $|w|$.",
    )


def e37(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E37: n counts observations; the dimension of θ needs its own letter."""
    nlp_pc = prior_covariance.derivation().results["neg_log_posterior"]
    # the normalizers: the terms with neither a coefficient nor a sum over the data
    const_pc = sp.Add(*(t for t in sp.Add.make_args(sp.expand(sp.expand_log(nlp_pc, force=True)))
                        if not t.has(beta) and not t.has(sp.Sum)))
    per_observation, per_coefficient = sp.log(2 * sp.pi * sigma**2) / 2, sp.log(2 * sp.pi) / 2
    compare(
        d, entry,
        rows(("written", r"(2\pi)^{n/2}|\Sigma|^{1/2},\ n = \dim\theta"),
             ("right", eq(r"\frac{\partial C}{\partial n}", per_observation)),
             ("", eq(r"\frac{\partial C}{\partial p}", per_coefficient))),
        check=lambda: is_identity(sp.diff(const_pc, n), per_observation)
        and is_identity(sp.diff(const_pc, p), per_coefficient),
        checked="the normalizing constants $C$ of the negative log-posterior of {doc}`/derivations/prior-covariance` "
        r"depend on both counts: the derivative in $n$ is $\frac12\log(2\pi\sigma^2)$ and in $p$ it is "
        r"$\frac12\log 2\pi$.",
    )


#: entry number -> its check, which adds the entry to the page (entries without one are notes)
CHECKS = {2: e2, 25: e25, 37: e37}
