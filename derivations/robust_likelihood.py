"""Where outlier robustness comes from: a Laplace likelihood (L1 loss), not a Laplace prior (E3).

A Laplace likelihood turns the data fit into the sum of absolute residuals (least absolute deviations);
with a Laplace prior as well the MAP is L1 loss plus L1 penalty with λ = s/b, derived here with the same
`penalized_form` the prior pages use. The influence of one response on the stationarity condition is
then bounded for the Laplace likelihood and unbounded for the Gaussian one, and the prior's part of that
condition does not contain y at all, so no prior can bound it.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.models import Likelihood, laplace_prior
from regprior.symbolic.sums import coordinate_derivative, evaluated, is_identity, linearize, strip_index_range
from regprior.symbolic.symbols import X, Z, b, beta, k, laplace_noise_scale, n, p, sigma, y

#: scale of the Laplace noise
s_noise = laplace_noise_scale
laplace_likelihood = models.laplace_likelihood


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the robust-likelihood derivation."""
    d = Derivation("robust-likelihood", "Robustness comes from the likelihood, not the prior")
    t = sp.Symbol("t", real=True)
    r = sp.Symbol("r", real=True)

    one = laplace_likelihood.density(t, 0)
    d.claim(
        "Replace the Gaussian noise by Laplace noise with scale $s$: each response is Laplace around its mean "
        r"$\mu_i = \sum_j X_{ij}\beta_j$, independently, so the likelihood is",
        r"p(y \mid X, \beta)", laplace_likelihood.joint(), label="likelihood",
        check=lambda: sp.integrate(one, (t, -sp.oo, sp.oo)) == 1
        and sp.simplify(one - sps.density(sps.Laplace("e", 0, s_noise))(t)) == 0,
        checked="the density of one response integrates to 1 and equals the `sympy.stats` Laplace density.",
    )
    nlp = models.neg_log_likelihood(laplace_likelihood) + models.neg_log_prior(laplace_prior) + sp.log(Z)
    form = models.penalized_form(nlp, laplace_likelihood.data_fit, laplace_prior.penalty())
    objective = form.objective
    d.claim(
        "With a Laplace$(0, b)$ prior on each coefficient as well, solving for the factor $c$ and strength "
        r"$\lambda$ that make $-\log p(\beta \mid y, X) - c\,J(\beta)$ free of $\beta$ (exactly as on the "
        "prior pages, now with the sum of absolute residuals as the data fit) gives "
        fr"$c = {latex(form.factor)}$, $\lambda = {latex(form.lam)}$, and the MAP objective",
        r"J(\beta)", objective, label="objective",
        check=lambda: models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta)
        and sp.simplify(form.lam - s_noise / b) == 0,
        checked=r"`penalized_form` solved for $(c, \lambda)$; the negative log-posterior minus $c\,J - C$ reduces to "
        r"0 for general $n$ and $p$ and the constant contains no $\beta$.",
    )
    d.say(
        "With a flat prior (no penalty) this is least absolute deviations (LAD), the regression version of "
        "the median; with an intercept only, its minimizer is a sample median. Compare the Gaussian-"
        "likelihood objectives: there the data fit is the squared residual, whatever the prior."
    )

    yv = sp.Symbol("v", real=True)

    def pull(likelihood: Likelihood) -> sp.Expr:
        """d(-log p(v | t))/dt at v = t + r: how hard one response pulls its mean, as a function of the residual."""
        return sp.simplify(sp.diff(-sp.log(evaluated(likelihood.density(yv, t))), t).subs(yv, t + r))

    psi_gauss, psi_laplace = pull(models.gaussian_likelihood), pull(laplace_likelihood)
    # SymPy returns the Laplace pull as a Piecewise in r/|r|; the page shows -sign(r)/s, checked equal on both sides.
    psi_laplace_display = -sp.sign(r) / s_noise
    r_pos = sp.Symbol("r_+", positive=True)
    d.claim(
        "How strongly can one response pull the fit? Write a response as its mean plus a residual, "
        r"$y_i = \mu_i + r$. The derivative of its negative log-density with respect to the mean is, for "
        "Gaussian and for Laplace noise,",
        r"\psi_{\mathcal N}(r),\ \psi_{\mathrm{Laplace}}(r)", sp.Tuple(psi_gauss, psi_laplace_display),
        label="psi",
        check=lambda: sp.simplify(psi_gauss + r / sigma**2) == 0
        and all(sp.simplify((psi_laplace - psi_laplace_display).subs(r, v)) == 0 for v in (r_pos, -r_pos)),
        checked=r"differentiation of the two log-densities; the Laplace one is $-\operatorname{sign}(r)/s$ on both "
        "sides of 0.",
    )
    lim_g = sp.limit(psi_gauss, r, sp.oo)
    lim_l = sp.limit(psi_laplace, r, sp.oo)
    d.claim(
        "As the residual grows (an outlier), the Gaussian pull grows without bound while the Laplace pull "
        "stays at size $1/s$:",
        r"\lim_{r\to\infty}\psi_{\mathcal N}(r),\ \lim_{r\to\infty}\psi_{\mathrm{Laplace}}(r)", sp.Tuple(lim_g, lim_l),
        label="pull-limits",
        check=lambda: lim_g == -sp.oo and sp.simplify(lim_l + 1 / s_noise) == 0,
        checked="both limits computed by `sympy.limit`.",
    )
    nlp_gauss_laplace = models.neg_log_posterior(models.gaussian_likelihood, laplace_prior)
    grad = linearize(coordinate_derivative(nlp_gauss_laplace, beta, k, p), expand=True)
    prior_part = linearize(coordinate_derivative(models.neg_log_prior(laplace_prior), beta, k, p))
    m_idx = sp.Symbol("m", integer=True, positive=True)
    dgrad_dy = strip_index_range(sp.simplify(linearize(sp.diff(grad, y[m_idx]).doit(), expand=True)), m_idx, n)
    d.claim(
        "Now the lasso: Gaussian likelihood, Laplace prior. The derivative of its negative log-posterior "
        r"with respect to a coefficient $\beta_k \neq 0$ splits into a data part and a prior part, and the "
        "prior part, $" + latex(prior_part) + "$, contains no response at all. Differentiating the "
        "whole condition with respect to one response $y_m$ gives",
        r"\frac{\partial}{\partial y_m}\,\frac{\partial(-\log p(\beta\mid y, X))}{\partial\beta_k}",
        dgrad_dy, label="lasso-sensitivity",
        check=lambda: not prior_part.has(y) and is_identity(grad - prior_part,
                                                            linearize(coordinate_derivative(
                                                                models.neg_log_likelihood(models.gaussian_likelihood),
                                                                beta, k, p), expand=True))
        and dgrad_dy.has(X[m_idx, k]) and not dgrad_dy.has(y) and not dgrad_dy.has(beta),
        checked="the prior's part of the derivative has no $y$; the rest is the Gaussian likelihood's part; its "
        r"derivative in $y_m$ is a constant free of $y$ and $\beta$ (a Kronecker delta picks observation $m$).",
    )
    d.say(
        r"A constant, nonzero rate: shifting one response by $\Delta$ shifts the lasso's optimality condition "
        r"by $X_{mk}\Delta/\sigma^2$, without limit, exactly as for least squares. A Laplace *prior* changes "
        "how coefficients are shrunk (to exactly zero when the evidence is weak), not how responses are "
        "weighed. The robustness attributed to 'the fat-tailed Laplace' belongs to a Laplace *likelihood*, "
        "whose pull on the fit is bounded by $|X_{mk}|/s$ per response."
    )
    a, lam_ = sp.Symbol("a", positive=True), sp.Symbol("lambda", positive=True)
    ridge_1d = sp.solve(sp.diff((a - t) ** 2 + lam_ * t**2, t), t)[0]
    lasso_1d = a - lam_ / 2  # the soft-threshold branch for a > lambda/2, checked below
    shrink_ridge = sp.limit(a - ridge_1d, a, sp.oo)
    shrink_lasso = sp.limit(a - lasso_1d, a, sp.oo)
    d.claim(
        "What the heavier Laplace tail does buy is less shrinkage of large coefficients. With one unit-norm "
        r"column and $a = x^\top y$, ridge returns $" + latex(ridge_1d) + "$ and the lasso, for "
        r"$a > \lambda/2$, returns $a - \lambda/2$; the amount each takes off a large estimate is",
        r"\lim_{a\to\infty}(a - \hat\beta_{\text{ridge}}),\ \lim_{a\to\infty}(a - \hat\beta_{\text{lasso}})",
        sp.Tuple(shrink_ridge, shrink_lasso), label="shrinkage",
        check=lambda: shrink_ridge == sp.oo and shrink_lasso == lam_ / 2
        and sp.simplify(sp.diff((a - t) ** 2 + lam_ * t, t).subs(t, lasso_1d)) == 0,
        checked=r"ridge's value is the root of its derivative; $a - \lambda/2$ zeroes the derivative of "
        r"$(a-t)^2 + \lambda t$ (the objective for $t > 0$); both limits by `sympy.limit`.",
    )
    d.record(
        objective=objective,
        lam=form.lam,
        factor=form.factor,
        psi_gaussian=psi_gauss,
        psi_laplace=psi_laplace,
        lasso_sensitivity=dgrad_dy,
    )
    return d
