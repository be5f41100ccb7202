"""Pitfalls page, section "Constants and the strength λ": the SymPy check of each entry."""

from __future__ import annotations

import sympy as sp

from derivations import exponential_power_prior, gaussian_l2, laplace_l1, prior_covariance, prior_mean
from regprior.symbolic import conventions as cv
from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.sums import is_identity, linearize
from regprior.symbolic.symbols import X, b, beta, i, j, k, n, p, sigma, sigma_w, tau, y

from .algebra import differs, prior_constant
from .display import against, compare, eq, rows
from .entries import Pitfall


def e1(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E1: The log-posterior has a ½ in both terms."""
    x = sp.IndexedBase("x", real=True)
    bs = sp.Symbol("beta", real=True)
    prec = sp.Symbol("lambda", positive=True)
    one = gaussian_l2.derivation().results["neg_log_posterior"].subs(p, 1).doit()
    one = one.xreplace({beta[1]: bs}).replace(lambda e: isinstance(e, sp.Indexed) and e.base == X,
                                              lambda e: x[e.indices[0]])
    log_post = -one.subs(sigma_w, 1 / sp.sqrt(prec))
    fit = sp.Sum((y[i] - bs * x[i]) ** 2, (i, 1, n))
    wrong = -fit / sigma**2 - prec * bs**2
    right = -fit / (2 * sigma**2) - prec / 2 * bs**2
    score = lambda e: linearize(sp.diff(e, bs).doit(), expand=True)  # noqa: E731
    (beta_map,) = sp.solve(score(log_post), bs)
    sxx, sxy = sp.Sum(x[i] ** 2, (i, 1, n)), sp.Sum(x[i] * y[i], (i, 1, n))
    map_display = sxy / (sxx + sigma**2 * prec)
    as_symbols = {sxx: sp.Symbol("S_xx", positive=True), sxy: sp.Symbol("S_xy", real=True)}
    compare(
        d, entry,
        rows(("written", eq(r"\log p(\beta \mid y)", wrong) + r" + \text{const}"),
             ("right", eq(r"\log p(\beta \mid y)", right) + r" + \text{const}"),
             ("so", eq(r"\hat\beta_{\mathrm{MAP}}", map_display))),
        check=lambda: is_identity(score(right), score(log_post))
        and is_identity(score(wrong), 2 * score(log_post)) and score(log_post).has(bs)
        and sp.simplify((beta_map - map_display).xreplace(as_symbols)) == 0,
        checked=r"the negative log-posterior of {doc}`/derivations/gaussian-l2` at $p = 1$, $\sigma_w^2 = 1/\lambda$, "
        r"negated: its derivative in $\beta$ equals that of the right form and is half that of the written one, for "
        "general $n$ (so the two differ by a factor 2, not by a constant); `sympy.solve` of its zero gives the MAP "
        "shown.",
    )
    rec.update(e1_wrong=score(wrong), e1_right=score(right), e1_derived=score(log_post))


def e19(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E19: Coefficients β₀ … β_p are p + 1 of them."""
    count = sp.Sum(1, (j, 0, p)).doit()
    compare(
        d, entry, rows(("written", r"\#\{\beta_0, \dots, \beta_p\} = p"),
                       ("right", r"\#\{\beta_0, \dots, \beta_p\} = p + 1")),
        check=lambda: count == p + 1 and differs(p, count, {p: 3}),
        checked=r"SymPy evaluates $\sum_{j=0}^{p} 1 = p + 1$ for symbolic $p$.",
    )
    rec.update(e19_wrong=p, e19_right=p + 1, e19_derived=count)


def e21(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E21: The Laplace prior's constant counts p + 1 coefficients, and λ = 2σ²/b."""
    const_l1 = prior_constant(models.laplace_prior, 0)
    wrong21, right21 = p * sp.log(1 / (2 * b)), (p + 1) * sp.log(1 / (2 * b))
    lasso_map = cv.derive("sklearn.Lasso")
    (alpha_l1,) = cv.library("sklearn.Lasso").symbols
    alpha_of_b = lasso_map.from_prior[alpha_l1].subs(cv.laplace_rate, 1 / b)
    compare(
        d, entry,
        rows(("written", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", wrong21) + r" - \tfrac1b\lVert\beta\rVert_1"),
             ("right", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", right21) + r" - \tfrac1b\lVert\beta\rVert_1"),
             ("strength", eq(r"\lambda", 2 * sigma**2 / b) + r",\quad " + eq(r"\texttt{alpha}", sigma**2 / (n * b)))),
        check=lambda: is_identity(right21, const_l1) and differs(wrong21, const_l1, {p: 3, b: 1})
        and sp.simplify(laplace_l1.derivation().results["lam"] - 2 * sigma**2 / b) == 0
        and sp.simplify(alpha_of_b - sigma**2 / (n * b)) == 0,
        checked=r"the part free of $\beta$ of $\log\prod_{j=0}^{p}$ of the model's Laplace density, for symbolic "
        r"$p$, equals the right constant (the written one differs from it by $\log\frac{1}{2b}$); $\lambda$ is the "
        "strength solved in {doc}`/derivations/laplace-l1`, and `alpha` the inverse mapping solved for scikit-learn's "
        "Lasso.",
    )
    rec.update(e21_wrong=wrong21, e21_right=right21, e21_derived=const_l1)


def e24(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E24: The Gaussian prior's constant counts coefficients, not data points."""
    const_l2 = prior_constant(models.gaussian_prior, 0)
    wrong24 = -n / 2 * sp.log(2 * sp.pi * sigma_w**2)
    right24 = sp.Mul(sp.Rational(-1, 2), p + 1, sp.log(2 * sp.pi * sigma_w**2), evaluate=False)
    pt24 = {n: 5, p: 2, sigma_w: 1}
    compare(
        d, entry,
        rows(("written", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", wrong24)
              + r" - \frac{\lVert\beta\rVert_2^2}{2\sigma_w^2}"),
             ("right", eq(r"\sum_{j=0}^{p}\log p(\beta_j)", right24)
              + r" - \frac{\lVert\beta\rVert_2^2}{2\sigma_w^2}")),
        check=lambda: is_identity(right24, const_l2) and differs(wrong24, const_l2, pt24)
        and sp.simplify(gaussian_l2.derivation().results["lam"] - sigma**2 / sigma_w**2) == 0,
        checked=r"the part free of $\beta$ of $\log\prod_{j=0}^{p}$ of the model's Gaussian density equals the right "
        fr"constant for symbolic $p$, and differs from the written one (at $n = 5$, $p = 2$, $\sigma_w = 1$: "
        f"{against(wrong24, const_l2, pt24)}); the strength is the one solved in {{doc}}`/derivations/gaussian-l2`.",
    )
    rec.update(e24_wrong=wrong24, e24_right=right24, e24_derived=const_l2)


def e26(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E26: The second argument of 𝒩(·, ·) is a variance: here 1/(2κ)."""
    res_pm = prior_mean.derivation().results
    kappa = res_pm["symbols"][0]
    compare(
        d, entry,
        rows(("written", eq(r"\operatorname{Var}(\theta_j)", res_pm["wrong_kappa_variance"])),
             ("right", eq(r"\operatorname{Var}(\theta_j)", 1 / (2 * kappa)))),
        check=lambda: sp.simplify(1 / (2 * kappa) - res_pm["kappa_variance"]) == 0
        and differs(res_pm["wrong_kappa_variance"], res_pm["kappa_variance"], {kappa: 2}),
        checked=r"the variance integrated from the kernel in {doc}`/derivations/prior-mean` equals $1/(2\kappa)$; the "
        r"written value differs from it (at $\kappa = 2$: "
        fr"{against(res_pm['wrong_kappa_variance'], res_pm['kappa_variance'], {kappa: 2})}).",
    )
    rec.update(e26_wrong=res_pm["wrong_kappa_variance"], e26_right=1 / (2 * kappa),
               e26_derived=res_pm["kappa_variance"])


def e29(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E29: The normalizer of exp(−κ(θ − θ₀)²) is √(κ/π)."""
    res_pm = prior_mean.derivation().results
    kappa = res_pm["symbols"][0]
    per_dim = linearize(sp.expand_log(sp.log(sp.Product(res_pm["kappa_normalizer"], (j, 1, p))), force=True))
    compare(
        d, entry,
        rows(("written", eq(r"\text{normalizer}", res_pm["wrong_kappa_normalizer"])),
             ("right", eq(r"\text{normalizer}", sp.sqrt(kappa / sp.pi)) + r",\quad \prod_{j=1}^{p} = "
              + latex((kappa / sp.pi) ** (p / 2)))),
        check=lambda: sp.simplify(sp.sqrt(kappa / sp.pi) - res_pm["kappa_normalizer"]) == 0
        and differs(res_pm["wrong_kappa_normalizer"], res_pm["kappa_normalizer"], {kappa: 1})
        and is_identity(per_dim, sp.log((kappa / sp.pi) ** (p / 2))),
        checked=r"{doc}`/derivations/prior-mean` integrates the kernel to get its normalizer, which equals "
        r"$\sqrt{\kappa/\pi}$ and differs from the written one; the log of the product over $p$ coordinates is "
        r"$\frac p2\log(\kappa/\pi)$.",
    )
    rec.update(e29_wrong=res_pm["wrong_kappa_normalizer"], e29_right=sp.sqrt(kappa / sp.pi),
               e29_derived=res_pm["kappa_normalizer"])


def e30(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E30: Dropping σ² from the likelihood changes the strength to 2σ²κ."""
    res_pm = prior_mean.derivation().results
    kappa = res_pm["symbols"][0]
    coincide = sp.solve(sp.Eq(res_pm["wrong_lam_from_kappa"], res_pm["lam_from_kappa"]), sigma)
    compare(
        d, entry,
        rows(("written", eq(r"\lambda", res_pm["wrong_lam_from_kappa"])),
             ("right", eq(r"\lambda", 2 * sigma**2 * kappa))),
        check=lambda: sp.simplify(2 * sigma**2 * kappa - res_pm["lam_from_kappa"]) == 0
        and coincide == [1 / sp.sqrt(2)],
        checked=r"the strength {doc}`/derivations/prior-mean` derives by substituting $\sigma_w^2 = 1/(2\kappa)$ into "
        r"$\sigma^2/\sigma_w^2$ equals $2\sigma^2\kappa$; `sympy.solve` finds that it equals the written "
        r"$\kappa$ only at $\sigma = 1/\sqrt 2$.",
    )
    rec.update(e30_wrong=res_pm["wrong_lam_from_kappa"], e30_right=2 * sigma**2 * kappa,
               e30_derived=res_pm["lam_from_kappa"])


def e35(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E35: A diagonal prior covariance gives one strength per coefficient."""
    res_pc = prior_covariance.derivation().results
    tau_k = sp.Symbol("tau_k", positive=True)
    lam_k = res_pc["lam_k"].xreplace({tau[k]: tau_k})
    wrong35 = res_pc["wrong_lam_k"].xreplace({tau[k]: tau_k})
    compare(
        d, entry,
        rows(("written", eq(r"\lambda_k", wrong35)), ("right", eq(r"\lambda_k", sigma**2 / tau_k**2))),
        check=lambda: sp.simplify(sigma**2 / tau_k**2 - lam_k) == 0 and differs(wrong35, lam_k, {sigma: 2, tau_k: 1}),
        checked="the per-coefficient strength `sympy.solve` returns in {doc}`/derivations/prior-covariance` equals "
        r"$\sigma^2/\tau_k^2$ and differs from $1/\tau_k^2$ (at $\sigma = 2$, $\tau_k = 1$).",
    )
    rec.update(e35_wrong=wrong35, e35_right=sigma**2 / tau_k**2, e35_derived=lam_k)


def e5(d: Derivation, entry: Pitfall, rec: dict) -> None:
    """E5: A power penalty belongs to the exponential-power prior, with λ = 2σ²/s^q."""
    res_ep = exponential_power_prior.derivation().results
    q_, s_ = models.power, models.power_scale
    t = sp.Symbol("t", positive=True)
    curvature = sp.diff(t**q_, t, 2)
    lam_ep = res_ep["lam"]
    compare(
        d, entry,
        rows(("right", eq(r"\lambda", sp.Mul(2 * sigma**2, sp.Pow(s_**q_, -1, evaluate=False), evaluate=False))),
             ("", eq(r"\lambda\big|_{q=1,\ s=b}", 2 * sigma**2 / b)
              + r",\quad " + eq(r"\lambda\big|_{q=2,\ s=\sqrt2\sigma_w}", sigma**2 / sigma_w**2)),
             ("and", eq(r"\frac{d^2}{dt^2}t^{q}\Big|_{q=1/2}", curvature.subs(q_, sp.Rational(1, 2))) + r" < 0")),
        check=lambda: sp.simplify(2 * sigma**2 / s_**q_ - lam_ep) == 0
        and sp.simplify(lam_ep.subs({q_: 1, s_: b}) - laplace_l1.derivation().results["lam"]) == 0
        and sp.simplify(lam_ep.subs({q_: 2, s_: sp.sqrt(2) * sigma_w}) - gaussian_l2.derivation().results["lam"]) == 0
        and curvature.subs(q_, sp.Rational(1, 2)).is_negative is True,
        checked=r"the strength solved in {doc}`/derivations/exponential-power-prior` equals $2\sigma^2/s^q$, and at "
        "the two special cases it equals the strengths solved independently on the Laplace and the Gaussian pages; for "
        "$q = 1/2$ the second derivative of $t^q$ is negative for every $t > 0$ (not convex).",
    )
    rec.update(e5_right=2 * sigma**2 / s_**q_, e5_derived=lam_ep)


#: entry number -> its check, which adds the entry to the page (entries without one are notes)
CHECKS = {1: e1, 19: e19, 21: e21, 24: e24, 26: e26, 29: e29, 30: e30, 35: e35, 5: e5}
