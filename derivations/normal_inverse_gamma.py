"""Unknown σ², approach 2: the conjugate normal-inverse-gamma prior decouples β from σ².

With β | σ² ~ N(0, σ² v₀ I), the prior's exponent carries the same 1/σ² as the likelihood's, so the β-mode
at any σ² is ridge with λ = 1/v₀. Completing the square (matrices of symbolic size, general V₀ and prior
mean) gives the closed-form posterior; integrating σ² out gives a multivariate t for β, and integrating
β out an inverse-gamma for σ².
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Xm, betam, ym
from regprior.symbolic.symbols import beta, j, n, p, rss, sigma

from ._display import stacked_sum
from ._gaussian_algebra import complete_square, gaussian_integral_1d, scalar_identity
from ._noise_models import a0, b0, free_of_beta_and_variance, inverse_gamma_is_normalized, neg_log_joint, v

#: the prior variance of each coefficient in units of the noise variance
v0 = models.prior_variance_factor
conditional_prior = models.conditional_gaussian_prior


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the normal-inverse-gamma derivation."""
    d = Derivation("normal-inverse-gamma", "The conjugate normal-inverse-gamma prior")
    RSS = rss()
    sq = sp.Sum(beta[j] ** 2, (j, 1, p))
    x = sp.Symbol("x", real=True)

    d.claim(
        r"Let the prior scale of the coefficients grow with the noise: given $\sigma^2$, each coefficient is "
        r"$\mathcal N(0, \sigma^2 v_0)$, independently, and $\sigma^2$ is inverse-gamma$(a_0, b_0)$ as in "
        r"{doc}`/derivations/joint-map-noise`. "
        r"The prior on one coefficient given $\sigma^2$ is",
        r"p(\beta_j \mid \sigma^2)", conditional_prior.density(beta[j]), label="prior",
        check=lambda: sp.simplify(conditional_prior.density_value(x) - conditional_prior.stats_density(x)) == 0
        and inverse_gamma_is_normalized(),
        checked=r"it equals the `sympy.stats` normal density with variance $\sigma^2 v_0$; the inverse-gamma density "
        "is normalized.",
    )
    nlj = neg_log_joint(conditional_prior)
    terms = ((n / 2 + p / 2 + a0 + 1) * sp.log(v), (RSS + 2 * b0) / (2 * v), sq / (2 * v * v0))
    display = sp.Add(*terms, evaluate=False)
    d.claim(
        r"The negative log joint posterior now has $\sigma^2$ in the prior's normalizer too ($p/2$ more powers), "
        r"and, the point of the construction, the prior's exponent has the same $1/(2\sigma^2)$ in front as the "
        "likelihood's. Up to a constant,",
        None, stacked_sum(r"-\log p(\beta, \sigma^2 \mid y)", terms, r"\simeq"), label="objective",
        check=lambda: free_of_beta_and_variance(nlj - display),
        checked=r"the difference from $-\log$ of likelihood × conditional prior × inverse-gamma density contains "
        r"neither $\beta$ nor $\sigma^2$, for general $n$ and $p$.",
    )
    form = models.penalized_form(sp.expand_log(nlj.subs(v, sigma**2), force=True), RSS, sq)
    d.claim(
        r"At a fixed $\sigma^2$, solving for the factor and strength that turn this into $c\,J(\beta)$ plus a "
        "constant gives",
        r"c,\ \lambda", sp.Tuple(form.factor, form.lam), label="decoupled",
        check=lambda: sp.simplify(form.lam - 1 / v0) == 0 and not form.lam.has(sigma)
        and models.residual_after_split(sp.expand_log(nlj.subs(v, sigma**2), force=True), form) == 0,
        checked=r"`penalized_form` solved for $(c, \lambda)$; the strength contains no $\sigma$, and the split "
        "reduces to 0 for general $n$ and $p$.",
    )
    d.say(
        r"So the most probable $\beta$ is the same at every $\sigma^2$: ridge with $\lambda = 1/v_0$, computable "
        "before anything is known about the noise. This is the decoupling the joint mode lacks; there "
        r"$\lambda = \sigma^2/\sigma_w^2$ moved with $\sigma^2$. (Reading $v_0$ as a prior variance and "
        r"writing $\lambda = \sigma^2/v_0$ would be wrong here: the prior variance is $\sigma^2 v_0$.)"
    )

    # -- the closed form, with matrices of symbolic size ----------------------------------------------
    p_ = Xm.shape[1]
    V0 = sp.MatrixSymbol("V_0", p_, p_)
    theta0 = sp.MatrixSymbol("theta_0", p_, 1)
    Q = (ym - Xm * betam).T * (ym - Xm * betam) + (betam - theta0).T * V0.I * (betam - theta0)
    cs = complete_square(Xm.T * Xm + V0.I, Xm.T * ym + V0.I * theta0, ym.T * ym + theta0.T * V0.I * theta0,
                         symmetric=(V0,), name_A="V_n^{-1}")
    A = cs.A
    m_sym = sp.MatrixSymbol("m", p_, 1)
    square_m = (betam - m_sym).T * A * (betam - m_sym)
    square_display = latex(square_m) + " + 2(b_n - b_0)"
    d.define(
        r"For the closed form, allow any symmetric positive definite $V_0$ and a prior mean $\theta_0$ "
        r"($\beta \mid \sigma^2 \sim \mathcal N(\theta_0, \sigma^2 V_0)$; above, $V_0 = v_0 I$ and "
        r"$\theta_0 = 0$), and work with matrices of symbolic size. Everything in the exponent is "
        r"$-Q(\beta)/(2\sigma^2)$ with",
        r"Q(\beta)", Q, label="q",
    )
    d.claim(
        r"Completing the square in $\beta$, with $V_n^{-1} = X^\top X + V_0^{-1}$, "
        r"$m = V_n(X^\top y + V_0^{-1}\theta_0)$ and "
        r"$2(b_n - b_0) = y^\top y + \theta_0^\top V_0^{-1}\theta_0 - m^\top V_n^{-1} m$:",
        r"Q(\beta)", square_display, label="square",
        check=lambda: cs.matches(Q) and cs.completes()
        and scalar_identity(square_m.subs(m_sym, cs.mode), cs.square, cs.symmetric + (A,))
        and scalar_identity(ym.T * ym + theta0.T * V0.I * theta0 - cs.mode.T * A * cs.mode, cs.remainder,
                            cs.symmetric + (A,)),
        checked=r"$Q$ equals $\beta^\top V_n^{-1}\beta - 2c^\top\beta + y^\top y + \theta_0^\top V_0^{-1}\theta_0$ "
        r"with $c = X^\top y + V_0^{-1}\theta_0$ (multiplied out, $V_0$ symmetric), and that equals the completed "
        "square plus remainder for any symmetric $V_n^{-1}$, for symbolic $n$ and $p$.",
    )
    a_n, b_n = sp.symbols("a_n b_n", positive=True)
    delta = sp.Symbol("delta", nonnegative=True)  # (beta - m)^T V_n^{-1} (beta - m)
    joint_exponent = -(n / 2 + p / 2 + a0 + 1) * sp.log(v) - (delta + 2 * b_n) / (2 * v)
    detA = sp.Symbol(r"|V_n^{-1}|", positive=True)
    gauss = gaussian_integral_1d(sp.Symbol("q", positive=True), v)
    after_beta = (-(n / 2 + p / 2 + a0 + 1) * sp.log(v) - b_n / v + p / 2 * sp.log(2 * sp.pi * v)
                  - sp.log(detA) / 2)
    (a_n_value,) = sp.solve(sp.Eq(sp.expand(sp.expand_log(after_beta, force=True)).coeff(sp.log(v)), -(a_n + 1)), a_n)
    d.claim(
        r"Integrating $\beta$ out of $(\sigma^2)^{-(n/2 + p/2 + a_0 + 1)}\exp(-Q/(2\sigma^2))$ uses the Gaussian "
        r"integral $\int e^{-\delta/(2\sigma^2)}d\beta = (2\pi\sigma^2)^{p/2}|V_n^{-1}|^{-1/2}$ with "
        r"$\delta = (\beta - m)^\top V_n^{-1}(\beta - m)$; its $(\sigma^2)^{p/2}$ cancels the prior's. What remains, "
        r"$(\sigma^2)^{-(a_n+1)}e^{-b_n/\sigma^2}$, is inverse-gamma with",
        r"\sigma^2 \mid y \sim \mathrm{IG}(a_n, b_n),\quad a_n", a_n_value, label="noise-marginal",
        check=lambda: sp.simplify(gauss - sp.sqrt(2 * sp.pi * v / sp.Symbol("q", positive=True))) == 0
        and sp.simplify(a_n_value - (a0 + n / 2)) == 0,
        checked="the one-dimensional case of the Gaussian integral by `sympy.integrate` (the $p$-dimensional one is "
        r"its product over the eigenvectors of $V_n^{-1}$); $a_n$ solves 'exponent of $\sigma^2$ = $-(a_n+1)$'.",
    )
    s = sp.Symbol("s", positive=True)
    kk = a_n + p / 2
    marginal = sp.integrate(s ** (-(kk + 1)) * sp.exp(-(delta + 2 * b_n) / (2 * s)), (s, 0, sp.oo), conds="none")
    kernel_t = (delta + 2 * b_n) ** (-kk)
    d.claim(
        r"Integrating $\sigma^2$ out instead, with $\delta$ as above, gives the marginal posterior of $\beta$ up to "
        "a constant:",
        r"p(\beta \mid y) \propto \int_0^\infty (\sigma^2)^{-(a_n + p/2 + 1)} e^{-(\delta + 2b_n)/(2\sigma^2)}"
        r"\,d\sigma^2 \propto", kernel_t, relation="", label="coef-marginal",
        check=lambda: sp.simplify(sp.expand_log(sp.log(marginal / kernel_t), force=True).diff(delta)) == 0,
        checked="`sympy.integrate` evaluates the integral (a Gamma function times a power of "
        r"$\delta + 2b_n$); its ratio to this kernel does not depend on $\delta$.",
    )
    nu, scale_t = sp.symbols("nu s_t", positive=True)
    t_kernel = (1 + delta / (nu * scale_t)) ** (-(nu + p) / 2)
    sol = sp.solve([sp.Eq((nu + p) / 2, kk), sp.Eq(nu * scale_t, 2 * b_n)], [nu, scale_t], dict=True)
    (sol,) = sol
    d.claim(
        r"A multivariate t with $\nu$ degrees of freedom, location $m$ and scale matrix $s_t V_n$ has the kernel "
        r"$(1 + \delta/(\nu s_t))^{-(\nu + p)/2}$. Matching the exponent and the scale of $\delta$:",
        r"\nu,\ s_t", sp.Tuple(sol[nu], sol[scale_t]), label="t",
        check=lambda: sp.simplify(sp.log(kernel_t.subs(delta, 0) / kernel_t)
                                  - sp.log(t_kernel.subs(delta, 0) / t_kernel).subs(sol)) == 0,
        checked="`sympy.solve` on the two matching conditions; with them the two kernels, normalized at "
        r"$\delta = 0$, are identical functions of $\delta$.",
    )
    beta1, mm, Vn = sp.Symbol("beta_1", real=True), sp.Symbol("m", real=True), sp.Symbol("V_n", positive=True)
    student = sps.density(sps.StudentT("T", 2 * a_n))((beta1 - mm) / sp.sqrt(b_n / a_n * Vn))
    ours_1d = kernel_t.subs({delta: (beta1 - mm) ** 2 / Vn, p: 1})
    d.claim(
        r"So $\beta \mid y \sim t_{2a_n}\bigl(m,\ (b_n/a_n)V_n\bigr)$: heavier-tailed than the Gaussian one "
        r"would get by plugging in a point estimate of $\sigma^2$, and centred at the ridge solution. For one "
        "coefficient this is the Student t of `sympy.stats`, shifted and scaled:",
        r"\frac{\beta - m}{\sqrt{(b_n/a_n)\,V_n}} \,\Big|\, y", r"t_{2a_n}", label="t-check",
        relation=r"\sim",
        check=lambda: sp.simplify(sp.diff(sp.expand_log(sp.log(student / ours_1d), force=True), beta1)) == 0,
        checked="for $p = 1$ the `sympy.stats` StudentT density at the standardized coefficient, divided by the "
        r"kernel derived above, does not depend on $\beta$.",
    )
    joint_mode = sp.solve(sp.diff(joint_exponent.subs(delta, 0), v), v)[0]
    marginal_mode = sp.solve(sp.diff(-(a_n + 1) * sp.log(v) - b_n / v, v), v)[0]
    d.claim(
        r"Three summaries of $\sigma^2$ differ. The joint mode (at $\beta = m$, where $\delta = 0$) and the mode of "
        r"the marginal $\mathrm{IG}(a_n, b_n)$ are",
        r"\hat\sigma^2_{\text{joint}},\ \hat\sigma^2_{\text{marginal}}", sp.Tuple(joint_mode, marginal_mode),
        label="noise-modes",
        check=lambda: sp.simplify(joint_mode.subs(b_n, b0 + sp.Symbol("Q_m") / 2)
                                  - (sp.Symbol("Q_m") + 2 * b0) / (n + p + 2 * a0 + 2)) == 0
        and sp.simplify(marginal_mode - b_n / (a_n + 1)) == 0
        and sp.simplify(joint_mode.subs(a0, a_n - n / 2) - b_n / (a_n + p / 2 + 1)) == 0
        and sp.factor(marginal_mode - b_n / (a_n + p / 2 + 1)).is_positive is True,
        checked="each is the root of the derivative of its log-density; with $2b_n = Q(m) + 2b_0$ the joint one is "
        "$(Q(m) + 2b_0)/(n + p + 2a_0 + 2) = b_n/(a_n + p/2 + 1)$, smaller than $b_n/(a_n + 1)$.",
    )
    d.say(
        r"The joint mode divides by $p/2$ more because the joint density still spends $p$ powers of $\sigma$ on "
        r"the prior of $\beta$; integrating $\beta$ out returns them. The posterior mean of $\sigma^2$, "
        "$b_n/(a_n - 1)$ for $a_n > 1$, is larger still."
    )
    d.record(
        objective=display,
        lam=form.lam,
        wrong_lam=sigma**2 / v0,
        a_n=a_n_value,
        df=sol[nu],
        t_scale=sol[scale_t],
        joint_noise_mode=joint_mode,
        marginal_noise_mode=marginal_mode,
        wrong_joint_noise_mode=marginal_mode,
        mode_symbols=sp.Tuple(a_n, b_n),
        v0=v0,
    )
    return d
