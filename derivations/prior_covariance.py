"""A full prior covariance Σ: the Mahalanobis penalty with P = σ²Σ⁻¹, per-coefficient λⱼ for a diagonal Σ,
and whitening β = θ₀ + Lγ (Σ = LLᵀ), which turns the problem into plain ridge with λ = σ².
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Ip, Xm, betam, is_zero_matrix, left_multiply, quadratic, to_indexed, ym
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.models import gaussian_vector_prior as prior
from regprior.symbolic.sums import (coordinate_derivative, is_identity, is_identity_interchanged, linearize,
                                    rename_bound, strip_index_range)
from regprior.symbolic.symbols import Q, beta, j, k, lam, p, rss, sigma, tau, theta0

from . import ridge_solution
from .prior_mean import theta0m

#: the Cholesky factor of the prior covariance, Sigma = L L^T, and the whitened coefficients
L = sp.MatrixSymbol("L", p, p)
gamma = sp.MatrixSymbol("gamma", p, 1)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the prior-covariance derivation."""
    d = Derivation("prior-covariance", "A prior covariance: the Mahalanobis penalty and whitening")
    Sigma = prior.cov

    d.say(
        r"Independent priors treat the coefficients one at a time. A prior covariance $\Sigma$ can say more: "
        "that two coefficients are probably similar (a positive covariance), that one is far less certain than "
        "another (a large variance), or that a smooth curve is more plausible than a rough one. The prior "
        r"is $\beta \sim \mathcal N(\theta_0, \Sigma)$ with $\Sigma$ a symmetric positive definite "
        r"$p \times p$ matrix; $p$ is the number of coefficients, and $n$ stays the number of observations."
    )
    density = prior.matrix_density(betam, theta0m)
    x1, x2, m1, m2 = sp.symbols("x_1 x_2 m_1 m_2", real=True)
    s11, s22 = sp.symbols("s_11 s_22", positive=True)
    s12 = sp.Symbol("s_12", real=True)
    S2 = sp.Matrix([[s11, s12], [s12, s22]])

    def matches_sympy_stats() -> bool:
        concrete = density.subs(p, 2).subs({Sigma.subs(p, 2): S2, betam.subs(p, 2): sp.Matrix([x1, x2]),
                                            theta0m.subs(p, 2): sp.Matrix([m1, m2])}).doit()
        reference = sps.density(sps.MultivariateNormal("B", [m1, m2], S2))(x1, x2)
        log_ratio = sp.expand_log(sp.log(concrete), force=True) - sp.expand_log(sp.log(reference), force=True)
        return sp.simplify(sp.together(sp.expand(log_ratio))) == 0

    quad_form = (betam - theta0m).T * Sigma.I * (betam - theta0m)
    normalizer = (2 * sp.pi) ** (-p / 2) * sp.Determinant(Sigma) ** sp.Rational(-1, 2)
    density_display = (r"\frac{1}{(2\pi)^{p/2}\sqrt{\left|\Sigma\right|}}\exp\left(-\tfrac12\,"
                       + latex(quad_form) + r"\right)")
    d.claim(
        r"The multivariate Gaussian density, with $|\Sigma|$ the determinant:",
        r"p(\beta)", density_display, label="density",
        check=lambda: rename_bound(density) == rename_bound(normalizer * sp.exp(-quad_form[0, 0] / 2))
        and matches_sympy_stats(),
        checked="this is the model's density (`GaussianVectorPrior.matrix_density`), and for $p = 2$ with a general "
        r"symmetric $\Sigma$ its logarithm equals that of the `sympy.stats.MultivariateNormal` density.",
    )
    quad_matrix = quad_form[0, 0]
    nlprior = models.neg_log_prior(prior)
    display_nlprior = sp.Add(p / 2 * sp.log(2 * sp.pi), sp.log(sp.Determinant(Sigma)) / 2,
                             prior.penalty() / 2, evaluate=False)
    d.claim(
        r"Its negative logarithm, written with the entries $Q_{jk}$ of the precision matrix $Q = \Sigma^{-1}$ "
        "so that it can be compared with the likelihood's sum over observations:",
        r"-\log p(\beta)", display_nlprior, label="nlprior",
        check=lambda: is_identity_interchanged(
            to_indexed(quad_matrix, {theta0m: theta0, Sigma.I: Q}), prior.penalty()
        ) and is_identity(display_nlprior, nlprior),
        checked=r"the quadratic form $(\beta-\theta_0)^\top\Sigma^{-1}(\beta-\theta_0)$ of the matrix "
        "density, written out with indices, equals "
        r"the double sum, for general $p$; and the display equals $-\log$ of the model's density.",
    )
    nlp = models.neg_log_posterior(likelihood, prior)
    form = models.penalized_form(nlp, rss(), prior.penalty())
    P = sp.MatrixSymbol("P", p, p)
    d.claim(
        r"Now solve, as in {doc}`/derivations/gaussian-l2`, for the factor $c$ and a strength $\lambda$ that make the "
        r"negative log-posterior $c$ times $\lVert y - X\beta\rVert^2 + \lambda(\beta - \theta_0)^\top Q "
        r"(\beta - \theta_0)$ plus a constant free of $\beta$. The solution is $c = 1/(2\sigma^2)$ and "
        r"$\lambda = \sigma^2$, so the MAP minimizes a Mahalanobis (generalized Tikhonov) penalty with the "
        "penalty matrix",
        "P", sp.MatMul(form.lam, Sigma.I), label="penalty-matrix",
        check=lambda: sp.simplify(form.factor - 1 / (2 * sigma**2)) == 0
        and sp.simplify(form.lam - sigma**2) == 0
        and models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta),
        checked=r"`penalized_form` returns $c = 1/(2\sigma^2)$, $\lambda = \sigma^2$, and the remainder is a "
        r"constant containing no $\beta$ (with every product multiplied out, for general $n$ and $p$).",
    )
    J = (ym - Xm * betam).T * (ym - Xm * betam) + (betam - theta0m).T * P * (betam - theta0m)
    d.define(
        r"So the MAP estimate under $\mathcal N(\theta_0, \Sigma)$ minimizes",
        r"J(\beta)", J, label="objective",
    )

    # -- what goes wrong when the posterior stands in for the likelihood --------------------------
    doubled = nlp + prior.penalty() / 2
    doubled_form = models.penalized_form(doubled, rss(), prior.penalty())
    d.claim(
        "The objective is the negative log-*likelihood* plus the prior's quadratic term. Adding the quadratic "
        "term to the negative log-*posterior* instead counts the prior twice, and the same matching then "
        "returns a doubled strength:",
        r"\lambda_{\text{prior counted twice}}", doubled_form.lam, label="twice",
        check=lambda: sp.simplify(doubled_form.lam - 2 * form.lam) == 0,
        checked=r"`penalized_form` applied to $-\log p(\beta\mid y, X) + \tfrac12(\beta-\theta_0)^\top "
        r"Q(\beta-\theta_0)$ solves $\lambda = 2\sigma^2$, twice the correct value.",
    )
    no_log = -sp.exp(-nlp) + prior.penalty() / 2

    def not_penalized() -> bool:
        try:
            models.penalized_form(no_log, rss(), prior.penalty())
        except models.NotAPenalizedForm:
            return True
        return False

    d.claim(
        "And the logarithm cannot be dropped: minimizing the posterior density itself (not its logarithm) plus "
        r"the quadratic term is not a penalized least-squares problem at all, because $\beta$ then sits "
        "inside an exponential:",
        None, r"-p(\beta \mid y, X) + \tfrac12(\beta - \theta_0)^\top\Sigma^{-1}(\beta - \theta_0)"
        r" \neq c\,J(\beta) + C \text{ for every } c, \lambda",
        label="no-log",
        check=not_penalized,
        checked=r"`penalized_form` raises `NotAPenalizedForm` for this expression ($\beta$ appears outside "
        "the data fit and the penalty).",
    )

    # -- a diagonal covariance: one strength per coefficient --------------------------------------
    diagonal = prior.penalty().replace(Q[j, k], sp.KroneckerDelta(j, k) / tau[j] ** 2)
    diagonal = strip_index_range(diagonal.doit(), j, p).doit()
    diagonal = strip_index_range(diagonal, j, p)
    d.claim(
        r"A diagonal covariance $\Sigma = \operatorname{diag}(\tau_1^2, \dots, \tau_p^2)$ has precision "
        r"entries $Q_{jk} = \delta_{jk}/\tau_j^2$, and the double sum collapses to one sum:",
        r"(\beta - \theta_0)^\top Q (\beta - \theta_0)", diagonal, label="diagonal",
        check=lambda: is_identity(diagonal, sp.Sum((beta[j] - theta0[j]) ** 2 / tau[j] ** 2, (j, 1, p))),
        checked="substituting the Kronecker delta and evaluating the inner sum gives "
        r"$\sum_j (\beta_j - \theta_{0j})^2/\tau_j^2$ for general $p$.",
    )
    lam_b = sp.IndexedBase("lambda", positive=True)
    # The likelihood part of the negative log-posterior is c times the residual sum of squares plus a
    # constant (checked below), so only the prior part can tie the strengths to the prior.
    fit_remainder = models.neg_log_likelihood(likelihood) - form.factor * linearize(rss())
    per_coefficient = sp.Sum(lam_b[j] * (beta[j] - theta0[j]) ** 2, (j, 1, p))
    residual_k = coordinate_derivative(diagonal / 2 - form.factor * per_coefficient, beta, k, p)
    residual_k = sp.expand(linearize(residual_k))
    (lam_k,) = sp.solve(residual_k.coeff(beta[k]), lam_b[k])
    d.claim(
        r"Giving each coefficient its own strength, $J(\beta) = \lVert y - X\beta\rVert^2 + \sum_j \lambda_j "
        r"(\beta_j - \theta_{0j})^2$, and requiring that the negative log-posterior minus $J/(2\sigma^2)$ have "
        r"zero derivative in every $\beta_k$ gives one equation per coefficient, with the solution",
        r"\lambda_k", lam_k, label="lambda-k",
        check=lambda: not fit_remainder.has(beta)
        and sp.simplify(residual_k.subs(lam_b[k], lam_k)) == 0
        and sp.simplify(lam_k - sigma**2 / tau[k] ** 2) == 0,
        checked=r"the likelihood part minus $\lVert y - X\beta\rVert^2/(2\sigma^2)$ contains no $\beta$; "
        r"`sympy.solve` on the coefficient of $\beta_k$ in the derivative of the prior part; with this "
        r"$\lambda_k$ that derivative is identically 0 in $\beta$, for a general index $k$.",
    )
    wrong_lam_k = 1 / tau[k] ** 2
    d.claim(
        "So a diagonal prior covariance is ridge with per-coefficient strengths (the automatic-relevance "
        r"setting); one common $\lambda$ exists only when all $\tau_j$ are equal, and then it is "
        r"$\sigma^2/\tau^2$. The strength is not the reciprocal prior variance $1/\tau_k^2$ alone: that "
        "reading forgets the noise variance and is right only when",
        r"\sigma", sp.solve(sp.Eq(lam_k, wrong_lam_k), sigma)[0], label="not-reciprocal",
        check=lambda: sp.solve(sp.Eq(lam_k, wrong_lam_k), sigma) == [1],
        checked=r"`sympy.solve` of $\sigma^2/\tau_k^2 = 1/\tau_k^2$ for $\sigma > 0$ has the single solution "
        r"$\sigma = 1$.",
    )

    # -- whitening --------------------------------------------------------------------------------
    d.say(
        r"Whitening removes the covariance altogether. Factor $\Sigma = LL^\top$ (for example by Cholesky; "
        r"$L$ is invertible because $\Sigma$ is positive definite) and describe the coefficients by "
        r"$\gamma = L^{-1}(\beta - \theta_0)$, i.e. $\beta = \theta_0 + L\gamma$. Under the prior, "
        r"$\gamma \sim \mathcal N(0, I)$."
    )
    Sigma_L = L * L.T
    quad_gamma = (L * gamma).T * Sigma_L.I * (L * gamma)
    d.claim(
        r"The prior's quadratic form becomes the plain squared norm of $\gamma$:",
        r"(\beta - \theta_0)^\top\Sigma^{-1}(\beta - \theta_0)", gamma.T * gamma, label="whitened-prior",
        check=lambda: is_zero_matrix(sp.MatMul(Sigma_L, L.T.I * L.I).doit() - Ip)
        and is_zero_matrix((L * gamma).T * (L.T.I * L.I) * (L * gamma) - gamma.T * gamma)
        and is_zero_matrix(quad_gamma - gamma.T * gamma),
        checked=r"$(LL^\top)(L^{-\top}L^{-1}) = I$, so $\Sigma^{-1} = L^{-\top}L^{-1}$, and "
        r"$\gamma^\top L^\top L^{-\top}L^{-1}L\gamma$ simplifies to $\gamma^\top\gamma$.",
    )
    Xt = Xm * L
    yt = ym - Xm * theta0m
    J_gamma = (yt - Xt * gamma).T * (yt - Xt * gamma) + sigma**2 * gamma.T * gamma
    J_full = J.subs(P, sigma**2 * Sigma_L.I).subs(betam, theta0m + L * gamma)
    d.claim(
        r"and the whole objective is plain ridge in $\gamma$, with the design $XL$, the response $y - X\theta_0$ "
        r"and the strength $\lambda = \sigma^2$:",
        r"J(\theta_0 + L\gamma)", J_gamma, label="whitened",
        check=lambda: is_zero_matrix(J_full - J_gamma),
        checked=r"substituting $P = \sigma^2(LL^\top)^{-1}$ and $\beta = \theta_0 + L\gamma$ into $J$ and "
        "subtracting this expression expands to 0, for matrices of symbolic size.",
    )
    ridge = ridge_solution.derivation().results["solution"]
    gamma_hat = ridge.subs({Xm: Xt, ym: yt, lam: sigma**2})
    beta_white = theta0m + L * gamma_hat
    M = Xt.T * Xt + sigma**2 * Ip
    H_L = L.T * (Xm.T * Xm + sigma**2 * Sigma_L.I) * L
    d.claim(
        r"The ridge solution derived earlier, with these substitutions, gives $\hat\gamma$, and mapping back "
        "gives the MAP estimate:",
        r"\hat\beta", beta_white, label="whitened-solution",
        check=lambda: is_zero_matrix(sp.expand(H_L).subs(L.T * L.T.I, Ip).doit() - M)
        and is_zero_matrix(left_multiply(M, gamma_hat) - Xt.T * yt),
        checked=r"$L^\top(X^\top X + \sigma^2\Sigma^{-1})L$ expands to $L^\top X^\top X L + \sigma^2 I$, and "
        r"that matrix times $\hat\gamma$ simplifies to $L^\top X^\top(y - X\theta_0)$; so "
        r"$L^\top$ times the gradient of $J$ at $\hat\beta$ vanishes, and $L^\top$ is invertible.",
    )
    beta_general = theta0m + (Xm.T * Xm + P).I * Xm.T * (ym - Xm * theta0m)
    d.claim(
        "Equivalently, from the gradient of $J$ directly, the generalized ridge solution",
        r"\hat\beta", beta_general, label="general-solution",
        check=lambda: is_zero_matrix(
            quadratic(J, betam, symmetric=(P,)).gradient
            - (2 * (Xm.T * Xm + P) * (betam - theta0m) - 2 * Xm.T * (ym - Xm * theta0m))
        )
        and is_zero_matrix(left_multiply(Xm.T * Xm + P, beta_general - theta0m) - Xm.T * (ym - Xm * theta0m)),
        checked=r"matrix calculus (with $P$ symmetric) gives this gradient; $(X^\top X + P)(\hat\beta - \theta_0)$ "
        r"simplifies to $X^\top(y - X\theta_0)$, which is the zero of "
        r"$\nabla J = 2(X^\top X + P)(\beta - \theta_0) - 2X^\top(y - X\theta_0)$.",
    )
    d.record(
        neg_log_posterior=nlp,
        factor=form.factor,
        lam_matrix_scale=form.lam,
        lam_k=lam_k,
        solution_whitened=beta_white,
        solution_general=beta_general,
        wrong_lam_prior_twice=doubled_form.lam,
        wrong_lam_k=wrong_lam_k,
        wrong_objective_no_log=no_log,
        matrices=sp.Tuple(L, gamma, P),
    )
    return d
