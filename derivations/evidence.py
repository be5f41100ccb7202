"""Unknown σ², approach 3: choose the weight and noise precisions by maximizing the evidence (PRML §3.5).

The evidence p(y | α, τ) integrates β out of likelihood × prior. Completing the square (matrices of symbolic
size) gives its closed form; writing log|A| through the eigenvalues of XᵀX and using that the posterior mean
minimizes E (the envelope theorem) gives the stationarity conditions, which rearrange into the
re-estimation equations α = γ/mᵀm and τ = (n − γ)/‖y − Xm‖². The posterior mean is ridge at λ = α/τ, the
relation scikit-learn's BayesianRidge obeys with its own names (alpha_ = τ, lambda_ = α).
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Ip, Xm, betam, ym
from regprior.symbolic.sums import evaluated, is_identity, linearize
from regprior.symbolic.symbols import beta, j, n, p, rss, sigma, sigma_w

from ._display import stacked_sum
from ._gaussian_algebra import complete_square, gaussian_integral_1d, scalar_identity

#: the weight precision 1/sigma_w^2 (PRML's alpha, scikit-learn's lambda_)
alpha = sp.Symbol("alpha", positive=True)
#: the noise precision 1/sigma^2 (PRML's beta, scikit-learn's alpha_)
tau = sp.Symbol("tau", positive=True)
#: eigenvalues of X^T X
d_eig = sp.IndexedBase("d", nonnegative=True)
#: ||y - X m||^2 and m^T m at the posterior mean m
R = sp.Symbol(r"\lVert y - Xm\rVert^2", nonnegative=True)
M = sp.Symbol(r"m^\top m", nonnegative=True)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the evidence derivation."""
    d = Derivation("evidence", "Evidence maximization (empirical Bayes)")
    RSS = rss()
    sq = sp.Sum(beta[j] ** 2, (j, 1, p))
    to_precisions = {sigma: 1 / sp.sqrt(tau), sigma_w: 1 / sp.sqrt(alpha)}

    d.say(
        r"Write the two variances as precisions, $\alpha = 1/\sigma_w^2$ for the weights and $\tau = 1/\sigma^2$ "
        r"for the noise. (PRML calls them $\alpha$ and $\beta$; here $\beta$ is the coefficient vector. "
        "scikit-learn's `BayesianRidge` calls the noise precision `alpha_` and the weight precision `lambda_`, "
        "the reverse of PRML's letters.) Instead of a prior on them, choose the values under which the observed "
        r"$y$ is most probable, the *evidence* $p(y \mid \alpha, \tau) = \int p(y \mid \beta, \tau)\,"
        r"p(\beta \mid \alpha)\,d\beta$."
    )
    log_joint = -linearize(sp.expand_log(evaluated(
        models.neg_log_likelihood(models.gaussian_likelihood) + models.neg_log_prior(models.gaussian_prior)
    ).subs(to_precisions), force=True))
    E = tau / 2 * RSS + alpha / 2 * sq
    display = sp.Add(n / 2 * sp.log(tau), p / 2 * sp.log(alpha), -(n + p) / 2 * sp.log(2 * sp.pi),
                     -sp.Symbol(r"E(\beta)"), evaluate=False)
    d.claim(
        "The logarithm of the integrand, likelihood times prior, is",
        r"\log\bigl(p(y \mid \beta, \tau)\,p(\beta \mid \alpha)\bigr)", display, label="integrand",
        check=lambda: is_identity(log_joint, display.subs(sp.Symbol(r"E(\beta)"), E)),
        checked=r"with $E(\beta) = \frac\tau2\lVert y - X\beta\rVert^2 + \frac\alpha2\lVert\beta\rVert^2$, this "
        r"equals the log of the model's Gaussian likelihood and prior (with $\sigma = \tau^{-1/2}$, "
        r"$\sigma_w = \alpha^{-1/2}$) for general $n$ and $p$.",
    )
    p_ = Xm.shape[1]
    E_mat = tau / 2 * (ym - Xm * betam).T * (ym - Xm * betam) + alpha / 2 * betam.T * betam
    cs = complete_square(alpha * Ip + tau * Xm.T * Xm, tau * Xm.T * ym, tau * ym.T * ym)
    m_sym = sp.MatrixSymbol("m", p_, 1)
    half_square = (betam - m_sym).T * cs.A * (betam - m_sym) / 2
    d.claim(
        r"With $A = \alpha I + \tau X^\top X$ and $m = \tau A^{-1}X^\top y$, completing the square (matrices of "
        "symbolic size) splits $E$ into its minimum and a quadratic form:",
        r"E(\beta)", latex(half_square) + " + E(m)", label="square",
        check=lambda: cs.matches(2 * E_mat) and cs.completes()
        and scalar_identity(2 * half_square.subs(m_sym, cs.mode), cs.square, (cs.A,)),
        checked=r"$2E = \beta^\top A\beta - 2c^\top\beta + \tau y^\top y$ with $c = \tau X^\top y$ (multiplied out), "
        r"and that equals the completed square plus $\tau y^\top y - c^\top A^{-1}c = 2E(m)$ for any symmetric $A$.",
    )
    B = Xm.T * Xm + (alpha / tau) * Ip
    ridge_form = B.I * Xm.T * ym
    lam = alpha / tau
    d.claim(
        r"Since $A = \tau(X^\top X + (\alpha/\tau) I)$, the posterior mean is the ridge estimate, at the strength",
        r"\lambda", lam, label="lambda",
        check=lambda: sp.expand(cs.A_def - tau * B) == sp.ZeroMatrix(p_, p_)
        and sp.simplify((tau * (tau * B).I * Xm.T * ym).doit() - ridge_form) == sp.ZeroMatrix(p_, 1),
        checked=r"$\tau A^{-1}$ simplifies to $(X^\top X + (\alpha/\tau)I)^{-1}$, so $m$ is the ridge solution at "
        r"$\lambda = \alpha/\tau = \sigma^2/\sigma_w^2$ (in scikit-learn's names, `lambda_ / alpha_`).",
    )
    q = sp.Symbol("q", positive=True)
    logdetA = sp.Sum(sp.log(alpha + tau * d_eig[j]), (j, 1, p))
    evidence_terms = (p / 2 * sp.log(alpha), n / 2 * sp.log(tau), -tau / 2 * R, -alpha / 2 * M, -logdetA / 2,
                      -n / 2 * sp.log(2 * sp.pi))
    log_evidence = sp.Add(*evidence_terms)
    assembled = (n / 2 * sp.log(tau) + p / 2 * sp.log(alpha) - (n + p) / 2 * sp.log(2 * sp.pi)
                 - (tau / 2 * R + alpha / 2 * M) + p / 2 * sp.log(2 * sp.pi) - logdetA / 2)
    d.claim(
        r"Only the quadratic form depends on $\beta$, and $\int e^{-(\beta - m)^\top A(\beta - m)/2}\,d\beta = "
        r"(2\pi)^{p/2}|A|^{-1/2}$. With $d_j$ the eigenvalues of $X^\top X$, those of $A$ are $\alpha + \tau d_j$, "
        r"so $\log|A| = \sum_j \log(\alpha + \tau d_j)$, and the log evidence is",
        None, stacked_sum(r"\log p(y \mid \alpha, \tau)", evidence_terms), label="log-evidence",
        check=lambda: sp.simplify(gaussian_integral_1d(q) - sp.sqrt(2 * sp.pi / q)) == 0
        and sp.simplify(sp.expand(assembled - log_evidence)) == 0,
        checked=r"the one-dimensional Gaussian integral by `sympy.integrate`; adding "
        r"$\frac p2\log 2\pi - \frac12\log|A|$ to the integrand's constant at $\beta = m$, where "
        r"$E(m) = \frac\tau2\lVert y - Xm\rVert^2 + \frac\alpha2 m^\top m$, gives this expression.",
    )
    # the envelope theorem, checked in the one-coefficient case where m is explicit
    Sxx, Sxy, Syy, b1 = sp.symbols("S_xx S_xy S_yy b", real=True)
    E1 = tau / 2 * (Syy - 2 * b1 * Sxy + b1**2 * Sxx) + alpha / 2 * b1**2
    (m1,) = sp.solve(sp.diff(E1, b1), b1)
    m_1 = sp.Symbol("m", real=True)
    envelope_display = sp.Tuple(m_1**2 / 2, (Syy - 2 * m_1 * Sxy + m_1**2 * Sxx) / 2)
    d.claim(
        r"To differentiate, note that $m$ moves with $\alpha$ and $\tau$ but $E$ is stationary at $m$ "
        r"($\nabla E(m) = A(m - m) = 0$), so to first order only the explicit dependence counts (the envelope "
        r"theorem): $\partial E(m)/\partial\alpha = m^\top m/2$ and $\partial E(m)/\partial\tau = "
        r"\lVert y - Xm\rVert^2/2$. For one coefficient, where $m = \tau S_{xy}/(\alpha + \tau S_{xx})$ is "
        r"explicit ($S_{xx} = x^\top x$, $S_{xy} = x^\top y$, $S_{yy} = y^\top y$), the total derivatives are indeed",
        r"\frac{d E(m)}{d\alpha},\ \frac{d E(m)}{d\tau}",
        envelope_display, label="envelope",
        check=lambda: all(sp.simplify(sp.diff(E1.subs(b1, m1), var) - shown.subs(m_1, m1)) == 0
                          for var, shown in zip((alpha, tau), envelope_display)),
        checked="with $m$ substituted, `sympy.diff` gives exactly $m^2/2$ and half the residual sum of squares "
        "$S_{yy} - 2mS_{xy} + m^2S_{xx}$.",
    )
    gamma = sp.Sum(tau * d_eig[j] / (alpha + tau * d_eig[j]), (j, 1, p))
    g_sym = sp.Symbol("gamma", positive=True)
    d_alpha = linearize(sp.diff(log_evidence, alpha), expand=True)
    d_tau = linearize(sp.diff(log_evidence, tau), expand=True)
    d.claim(
        r"Differentiating the log evidence with $\lVert y - Xm\rVert^2$ and $m^\top m$ held fixed (that is what the "
        r"envelope theorem allows) and multiplying by $2\alpha$ and $2\tau$ gives the two stationarity conditions. "
        "Both involve the same sum, the *effective number of parameters*",
        r"\gamma", gamma, label="gamma",
        check=lambda: is_identity(2 * alpha * d_alpha, gamma - alpha * M)
        and is_identity(2 * tau * d_tau, n - gamma - tau * R),
        checked=r"$2\alpha\,\partial/\partial\alpha = \gamma - \alpha m^\top m$ and "
        r"$2\tau\,\partial/\partial\tau = n - \gamma - \tau\lVert y - Xm\rVert^2$, for general $n$ and $p$ (using "
        r"$p - \sum_j \alpha/(\alpha + \tau d_j) = \gamma$).",
    )
    (alpha_new,) = sp.solve(g_sym - alpha * M, alpha)
    (tau_new,) = sp.solve(n - g_sym - tau * R, tau)
    d.claim(
        r"Solving each condition for its precision, with $\gamma$ held at its current value, gives the "
        "re-estimation equations; iterating them is MacKay's fixed-point method, which {func}`regprior.evidence_ridge` "
        "and scikit-learn's `BayesianRidge` (with its Gamma hyperpriors set to zero) both run:",
        r"\alpha,\ \tau", sp.Tuple(alpha_new, tau_new), label="updates",
        check=lambda: sp.simplify((g_sym - alpha * M).subs(alpha, alpha_new)) == 0
        and sp.simplify((n - g_sym - tau * R).subs(tau, tau_new)) == 0,
        checked="`sympy.solve` returns one root of each condition, and substituting it back zeroes the condition.",
    )
    d.say(
        r"Each eigen-direction contributes to $\gamma$ a number between 0 and 1: near 1 where the data determine "
        r"that direction ($\tau d_j \gg \alpha$), near 0 where the prior does. So $\gamma$ counts the "
        r"well-determined parameters, and $n - \gamma$, not $n$, is what the noise estimate divides by: the "
        "analogue of $n - p$ in the unbiased least-squares variance. At the maximum, "
        r"$\lambda = \alpha/\tau$ is the ridge strength the data choose for themselves."
    )
    d.record(
        log_evidence=log_evidence,
        gamma=gamma,
        alpha_update=alpha_new.subs(g_sym, gamma),
        tau_update=tau_new.subs(g_sym, gamma),
        lam=lam,
        wrong_lam=tau / alpha,
    )
    return d
