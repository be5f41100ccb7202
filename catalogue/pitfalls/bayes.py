"""Pitfalls page, section "Bayes' rule and what the MAP estimate is": the SymPy check of each entry."""

from __future__ import annotations

import sympy as sp

from derivations import (gaussian_l2, gaussian_posterior, joint_map_noise, loss_minimizers, nonlinear_map,
                         prior_covariance, prior_mean, reparameterization, ridge_sampling, ridge_solution,
                         robust_likelihood)
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Ip, Xm, is_zero_matrix, left_multiply, substitute_product, ym
from regprior.symbolic.sums import coordinate_derivative, evaluated, is_identity, linearize
from regprior.symbolic.symbols import X, Z, beta, fitted, i, j, k, lam, n, p, rss, sigma, sigma_w, theta0, y

from .algebra import differs, symbol_named
from .display import against, compare, eq, rows
from .entries import Pitfall


def grad(e: sp.Expr) -> sp.Expr:
    """The derivative of ``e`` in a general coefficient β_k, its sums split by linearity."""
    return linearize(coordinate_derivative(e, beta, k, p), expand=True)


def e4(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E4: Bayes' rule in logarithms is exact, and it is the prior that enters."""
    res_g = gaussian_l2.derivation().results
    prior, lik = models.gaussian_prior, models.gaussian_likelihood
    nlp = res_g["neg_log_posterior"]
    bayes_log = sp.log(lik.joint() * prior.joint() / Z)
    penalty = prior.penalty()
    res_nl = nonlinear_map.derivation().results
    f = res_nl["model_function"]
    linear = lambda e: e.replace(lambda a: isinstance(a, sp.core.function.AppliedUndef) and a.func == f,  # noqa: E731
                                 lambda a: fitted(i))
    wrong_linear = linear(res_nl["wrong_log_posterior_with_log_penalty"])
    pt4 = {p: 1, k: 1, n: 1, X[1, 1]: 0, beta[1]: 1, sigma_w: 1}
    compare(
        d, entry,
        rows(("written", r"\log p(\beta\mid y) \approx \log p(y\mid\beta) + \log R(\beta)"),
             ("right", r"\log p(\beta\mid y) = \log p(y\mid\beta) + \log p(\beta) - \log p(y)"),
             ("", r"\lambda R(\beta) = -2\sigma^2\log p(\beta) + \text{const}")),
        check=lambda: is_identity(bayes_log, -nlp)
        and is_identity(grad(res_g["lam"] * penalty), grad(2 * sigma**2 * models.neg_log_prior(prior)))
        and differs(grad(wrong_linear), grad(-nlp), pt4),
        checked="the logarithm of likelihood × prior / evidence, built from the model's densities, equals minus the "
        "negative log-posterior of {doc}`/derivations/gaussian-l2` for general $n$ and $p$ (no approximation); with "
        r"the derived $\lambda$, $\lambda R$ and $-2\sigma^2\log p(\beta)$ have the same derivative in every "
        r"$\beta_k$; the "
        "'log of the penalty' posterior of {doc}`/derivations/nonlinear-and-invariance` (with a linear model put in) "
        r"has a different slope (at $p = n = 1$, $X = 0$, $\beta_1 = 1$, $\sigma_w = 1$: "
        fr"{against(grad(wrong_linear), grad(-nlp), pt4)}).",
    )
    rec.update(e4_wrong=grad(wrong_linear), e4_right=grad(linearize(sp.expand_log(evaluated(bayes_log), force=True))),
               e4_derived=grad(-nlp))


def e20(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E20: Taking the logarithm keeps the maximizer exactly."""
    res_g = gaussian_l2.derivation().results
    tpos, theta = sp.Symbol("t", positive=True), sp.Symbol("theta", real=True)
    g = sp.Function("g")
    log_slope = sp.diff(sp.log(g(theta)), theta)
    compare(
        d, entry,
        rows(("written", r"\arg\max_\theta g(\theta) \approx \arg\max_\theta \log g(\theta)"),
             ("right", r"\arg\max_\theta g(\theta) = \arg\max_\theta \log g(\theta)"),
             ("", eq(r"\frac{d}{dt}\log t", sp.diff(sp.log(tpos), tpos)) + r" > 0,\quad "
              + eq(r"\frac{d}{d\theta}\log g(\theta)", log_slope))),
        check=lambda: sp.diff(sp.log(tpos), tpos).is_positive is True
        and sp.simplify(log_slope * g(theta) - sp.diff(g(theta), theta)) == 0
        and res_g["factor"].is_positive is True,
        checked=r"SymPy proves $1/t > 0$ for $t > 0$ and differentiates $\log g$ to $g'/g$ for an unspecified $g$; the "
        r"factor between $-\log p(\beta\mid y, X)$ and $J$ derived in {doc}`/derivations/gaussian-l2` is positive.",
    )


def e6(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E6: Rescale by a positive factor only, and keep σ's constant when σ is estimated."""
    res_g = gaussian_l2.derivation().results
    res_nl = nonlinear_map.derivation().results
    res_j = joint_map_noise.derivation().results
    step = res_j["noise_step"]
    a0, b0 = symbol_named(step, "a_0"), symbol_named(step, "b_0")
    right6 = (rss() + 2 * b0) / (n + 2 * a0 + 2)
    const_slope = sp.diff(res_g["constant"], sigma)
    pt6 = {a0: 1, b0: 1, n: 1, p: 1, X[1, 1]: 1, y[1]: 3, beta[1]: 1}
    compare(
        d, entry,
        rows(("written", eq(r"\hat\sigma^2", res_j["wrong_noise_step"])
              + r"\quad(\tfrac n2\log\sigma^2 \text{ dropped})"),
             ("right", eq(r"\hat\sigma^2", right6)), ("", eq(r"\frac{\partial C}{\partial\sigma}", const_slope))),
        check=lambda: is_identity(right6, step) and differs(res_j["wrong_noise_step"], step, pt6)
        and sp.simplify(const_slope - n / sigma) == 0 and res_g["factor"].is_positive is True
        and res_nl["wrong_negative_factor"].is_negative is True,
        checked="the noise step solved in {doc}`/derivations/unknown-noise` equals the right form for general $n$ and "
        "differs from the step solved without the normalizer (at $a_0 = b_0 = 1$ and one observation with residual 2: "
        f"{against(res_j['wrong_noise_step'], step, pt6)}); the constant of {{doc}}`/derivations/gaussian-l2` "
        r"has $\partial C/\partial\sigma = n/\sigma \ne 0$; its factor is positive, the negated one negative.",
    )
    rec.update(e6_wrong=res_j["wrong_noise_step"], e6_right=right6, e6_derived=step)


def e27(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E27: The likelihood is centred at the model's prediction, not at the prior mean."""
    nll = models.neg_log_likelihood(models.gaussian_likelihood)
    wrong_nll = linearize(sp.expand_log(evaluated(prior_mean.derivation().results["wrong_likelihood"]), force=True))
    right27 = sp.Sum(X[i, k] * (fitted(i) - y[i]), (i, 1, n)) / sigma**2
    compare(
        d, entry,
        rows(("written", eq(r"\frac{\partial}{\partial\beta_k}\bigl(-\log p(y\mid X\theta_0)\bigr)", grad(wrong_nll))),
             ("right", eq(r"\frac{\partial}{\partial\beta_k}\bigl(-\log p(y\mid X\beta)\bigr)", right27))),
        check=lambda: is_identity(right27, grad(nll)) and grad(wrong_nll) == 0
        and differs(grad(nll), 0, {p: 1, k: 1, n: 1, X[1, 1]: 1, y[1]: 0, beta[1]: 1, sigma: 1}),
        checked=r"the derivative of the model's negative log-likelihood in a general $\beta_k$ equals the right form "
        r"for general $n$, $p$; the mis-centred likelihood of {doc}`/derivations/prior-mean` has derivative 0 in every "
        r"$\beta_k$.",
    )
    rec.update(e27_wrong=grad(wrong_nll), e27_right=right27, e27_derived=grad(nll))


def e28(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E28: Prior term and likelihood term in their places."""
    res_pm = prior_mean.derivation().results
    kappa = res_pm["symbols"][0]
    nlp_pm = res_pm["neg_log_posterior"].subs(sigma_w, 1 / sp.sqrt(2 * kappa))
    right28 = (-sp.Sum(kappa * (beta[j] - theta0[j]) ** 2, (j, 1, p)) - linearize(rss()) / (2 * sigma**2))
    wrong28 = -linearize(sp.expand_log(evaluated(res_pm["wrong_likelihood"]), force=True)) \
        - sp.Sum((y[i] - fitted(i).subs(beta, theta0)) ** 2, (i, 1, n))
    compare(
        d, entry,
        rows(("written", r"\log\mathcal N\bigl(f(X,\theta_0), \sigma^2\bigr) - \lVert y - \theta_0\rVert^2"),
             ("right", r"\log\mathcal N\bigl(\theta; \theta_0, \tfrac{1}{2\kappa}\bigr) - \frac{\lVert y - "
              r"f(X,\theta)\rVert^2}{2\sigma^2} + \text{const}")),
        check=lambda: is_identity(grad(right28), grad(-nlp_pm)) and not wrong28.has(beta) and nlp_pm.has(beta),
        checked=r"for a linear $f$, the right function has the same derivative in every $\beta_k$ as minus the "
        r"negative log-posterior of {doc}`/derivations/prior-mean` at $\sigma_w^2 = 1/(2\kappa)$ (general $n$, $p$); "
        "the written step contains no coefficient.",
    )


def e34(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E34: The objective is the negative log-likelihood plus the prior term."""
    res_pc = prior_covariance.derivation().results
    compare(
        d, entry,
        rows(("written", r"-\log P(\theta\mid D) + \tfrac12\theta^\top\Sigma^{-1}\theta \ \Rightarrow\ "
              + eq("P", latex(res_pc["wrong_lam_prior_twice"]) + r"\,\Sigma^{-1}")),
             ("right", r"-\log P(D\mid\theta) + \tfrac12\theta^\top\Sigma^{-1}\theta \ \Rightarrow\ "
              + eq("P", latex(sigma**2) + r"\,\Sigma^{-1}"))),
        check=lambda: sp.simplify(sigma**2 - res_pc["lam_matrix_scale"]) == 0
        and differs(res_pc["wrong_lam_prior_twice"], res_pc["lam_matrix_scale"], {sigma: 1}),
        checked=r"the penalty matrix solved in {doc}`/derivations/prior-covariance` is $\sigma^2\Sigma^{-1}$; with the "
        r"posterior in place of the likelihood the same solve gives $2\sigma^2\Sigma^{-1}$, and without the logarithm "
        "it finds no penalized form (both checked on that page).",
    )
    rec.update(e34_wrong=res_pc["wrong_lam_prior_twice"], e34_right=sigma**2, e34_derived=res_pc["lam_matrix_scale"])


def e31(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E31: The maximizer equals the minimizer; the optimal values do not."""
    res_g = gaussian_l2.derivation().results
    nlp, penalty = res_g["neg_log_posterior"], models.gaussian_prior.penalty()
    J = linearize(rss()) + res_g["lam"] * penalty
    compare(
        d, entry,
        rows(("written", r"\max_\theta \log p(\theta\mid y) = \min_\theta J(\theta)"),
             ("right", eq(r"\log p(\beta\mid y, X)", -res_g["factor"] * sp.Symbol("J") - sp.Symbol("C"))),
             ("", r"\arg\max_\beta \log p(\beta\mid y, X) = \arg\min_\beta J(\beta)")),
        check=lambda: is_identity(-nlp, -res_g["factor"] * J - res_g["constant"])
        and res_g["factor"].is_positive is True
        and differs(-nlp, J, {p: 1, n: 1, X[1, 1]: 1, y[1]: 0, beta[1]: 1, sigma: 1, sigma_w: 1, Z: 1}),
        checked=r"minus the negative log-posterior of {doc}`/derivations/gaussian-l2` equals $-J/(2\sigma^2) - C$ with "
        "its derived factor and constant, for general $n$, $p$; the factor is positive; the log-posterior and $J$ are "
        "different numbers (e.g. at $n = p = 1$).",
    )


def e32(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E32: L2 regularization gives the posterior mode, not the posterior."""
    res_gp = gaussian_posterior.derivation().results
    Sigma = res_gp["matrices"][0]
    theta0m = prior_mean.theta0m
    mean = res_gp["mean_iid"].subs({Sigma: sigma_w**2 * Ip, theta0m: sp.ZeroMatrix(p, 1)}).doit()
    solution = ridge_solution.derivation().results["solution"]
    lam_r = symbol_named(solution, "lambda")
    ridge_at = solution.subs(lam_r, sigma**2 / sigma_w**2)
    (precision,) = [a.arg for a in mean.args if isinstance(a, sp.Inverse)]
    As = sp.MatrixSymbol("A", p, p)
    def mean_is_ridge() -> bool:
        """The posterior precision times the ridge solution is the posterior's right-hand side, X^T y / sigma^2."""
        prec_A = substitute_product(precision, (Xm.T, Xm), As - sigma**2 / sigma_w**2 * Ip)
        return is_zero_matrix(left_multiply(prec_A, solution.subs(lam_r * Ip + Xm.T * Xm, As)) - sigma**-2 * Xm.T * ym)
    cov = res_gp["covariance_ridge"]
    compare(
        d, entry,
        rows(("written", r"\text{ridge} = p(\beta\mid y, X)"),
             ("right", eq(r"\hat\beta_{\text{ridge}}",
                          r"\mathbb E[\beta\mid y, X] = \arg\max_\beta p(\beta\mid y, X)")),
             ("", eq(r"\operatorname{Cov}(\beta\mid y, X)", cov))),
        check=lambda: mean_is_ridge() and cov.has(sigma) and sp.diff(cov, sigma) != sp.ZeroMatrix(p, p),
        checked=r"with $A = X^\top X + \lambda I$, $\lambda = \sigma^2/\sigma_w^2$, the posterior precision of the "
        r"Gaussian-posterior page (prior $\mathcal N(0, \sigma_w^2 I)$) times the ridge solution of the "
        r"ridge-solution page simplifies to $X^\top y/\sigma^2$, so the posterior mean is the ridge estimate; the "
        r"posterior covariance is a nonzero matrix that grows with $\sigma$.",
    )
    rec.update(e32_right=ridge_at, e32_derived=mean)


def e8(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E8: For a nonlinear model the equivalence holds for the optimum only."""
    res_g = gaussian_l2.derivation().results
    res_nl = nonlinear_map.derivation().results
    res_r = reparameterization.derivation().results
    phi = res_r["phi"]
    right8 = sp.exp(phi) * sp.exp(-sp.exp(phi))
    compare(
        d, entry,
        rows(("written", eq(r"p(\varphi)", res_r["wrong_density_without_jacobian"])
              + r",\quad \hat\varphi = \log\hat\theta"),
             ("right", eq(r"p(\varphi)", right8) + r",\quad " + eq(r"e^{\hat\varphi}", sp.exp(res_r["phi_mode"]))
              + r" \ne " + latex(res_r["theta_mode"]) + r" = \hat\theta")),
        check=lambda: sp.simplify(right8 - res_r["phi_density"]) == 0
        and differs(res_r["wrong_density_without_jacobian"], res_r["phi_density"], {phi: 1})
        and sp.exp(res_r["phi_mode"]) != res_r["theta_mode"]
        and sp.simplify(res_nl["lam"] - res_g["lam"]) == 0,
        checked=r"the density of $\log\theta$ derived in {doc}`/derivations/nonlinear-and-invariance` equals the right "
        r"form and not the one without the Jacobian; its mode maps back to $\theta = 1$, not to the mode $0$ of "
        r"$\theta$; the $\lambda$ of the nonlinear model equals the linear one.",
    )
    rec.update(e8_wrong=res_r["wrong_density_without_jacobian"], e8_right=right8, e8_derived=res_r["phi_density"])


def e7(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E7: A penalized estimate keeps its frequentist inference."""
    As = sp.MatrixSymbol("A", p, p)
    res_s = ridge_sampling.derivation().results
    A = Xm.T * Xm + lam * Ip
    right7 = (sigma**2 * As.I * (As - lam * Ip) * As.I)
    compare(
        d, entry,
        rows(("written", r"\text{no sampling distribution of } \hat\beta"),
             ("right", eq(r"\operatorname{Cov}(\hat\beta)", right7) + r"\ne \sigma^2 A^{-1}")),
        check=lambda: is_zero_matrix(right7.subs(As, A).doit() - res_s["sandwich"])
        and not is_zero_matrix(res_s["sandwich"] - res_s["wrong_sampling_cov"]),
        checked=r"with $A = X^\top X + \lambda I$ substituted, the right form multiplies out to the sandwich "
        r"covariance derived in {doc}`/derivations/bayesian-lasso`; that sandwich minus $\sigma^2A^{-1}$ does not "
        "reduce to the zero matrix.",
    )
    # recorded: the sandwich and, as the form it must not be confused with, the posterior covariance
    rec.update(e7_wrong=res_s["wrong_sampling_cov"], e7_derived=res_s["sandwich"])


def e3(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E3: Robustness to outliers comes from the likelihood, not the prior."""
    res_g = gaussian_l2.derivation().results
    res_rl = robust_likelihood.derivation().results
    res_lm = loss_minimizers.derivation().results
    r_ = symbol_named(res_rl["psi_laplace"], "r")
    s_noise = symbol_named(res_rl["psi_laplace"], "s")
    (m_idx,) = [s for s in res_rl["lasso_sensitivity"].free_symbols if s.name == "m"]
    gauss_sensitivity = coordinate_derivative(res_g["gradient"], y, m_idx, n)
    r_pos = sp.Symbol("r", positive=True)
    compare(
        d, entry,
        rows(("written", r"\text{Laplace prior} \Rightarrow \text{bounded influence of an outlying } y_m"),
             ("right", eq(r"|\psi_{\mathrm{Laplace\ lik.}}(r)|", 1 / s_noise)),
             ("", eq(r"\frac{\partial g_k}{\partial y_m}\Big|_{\text{Laplace prior}}", res_rl["lasso_sensitivity"])
              + r" = \frac{\partial g_k}{\partial y_m}\Big|_{\text{Gaussian prior}}"),
             ("median", eq(r"\arg\min_s \sum_{x\in\{1,2,7,10\}}|x - s|", res_lm["median_set_example"])
              + r" \ne " + latex(res_lm["wrong_median_argmin_example"]))),
        check=lambda: all(sp.simplify(sp.Abs(res_rl["psi_laplace"].subs(r_, v)) - 1 / s_noise) == 0
                          for v in (r_pos, -r_pos))
        and is_identity(gauss_sensitivity, res_rl["lasso_sensitivity"])
        and res_lm["median_set_example"] == sp.Interval(2, 7)
        and res_lm["median_set_example"] != res_lm["wrong_median_argmin_example"],
        checked=r"the pull $\psi$ of the Laplace likelihood derived in {doc}`/derivations/loss-minimizers` has "
        r"absolute value $1/s$ for every $r \ne 0$; the derivative of the Laplace-prior gradient in $y_m$ derived "
        "there equals the one of the Gaussian-prior gradient of {doc}`/derivations/gaussian-l2` (the prior does not "
        r"enter); the minimizer set derived on the loss-minimizers page is $[2, 7]$, not the midpoint $\{9/2\}$.",
    )


#: entry number -> its check, which adds the entry to the page (entries without one are notes)
CHECKS = {4: e4, 20: e20, 6: e6, 27: e27, 28: e28, 34: e34, 31: e31, 32: e32, 8: e8, 7: e7, 3: e3}
