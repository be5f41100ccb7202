"""The Laplace prior as a scale mixture of Gaussians, the Gibbs sampler it gives, and why the posterior is not sparse.

Integrating the mixing variance out of N(0, τ²) × Exp(rate 1/(2b²)) gives the Laplace(0, b) density (SymPy does
the integral). The full conditionals of the Bayesian lasso follow by completing the square (β), matching an
inverse-Gaussian kernel (1/τ²) and an inverse-gamma kernel (σ²). For one coefficient the exact posterior's
mass on each side of 0 is computed in closed form: the posterior median is 0 only when xᵀy = 0, while the
MAP (the lasso) is 0 on a whole interval of data.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Xm, betam, ym
from regprior.symbolic.models import laplace_prior
from regprior.symbolic.symbols import b, n, sigma

from ._gaussian_algebra import complete_square, scalar_identity
from ._noise_models import a0, b0, v


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the Bayesian-lasso derivation."""
    d = Derivation("bayesian-lasso", "The Laplace prior as a Gaussian scale mixture")
    t = sp.Symbol(r"\tau^{2}", positive=True)  # a mixing variance (its name is the LaTeX SymPy prints)
    beta_pos = sp.Symbol("beta", positive=True)
    beta_real = sp.Symbol("beta", real=True)
    mixing = sps.density(sps.Exponential("T", 1 / (2 * b**2)))(t)
    normal = sps.density(sps.Normal("N", 0, sp.sqrt(t)))(beta_real)

    d.define(
        r"Let each coefficient be Gaussian with its own variance $\tau^2$, and let that variance be exponential "
        "with rate $1/(2b^2)$ (mean $2b^2$):",
        r"\beta \mid \tau^2 \sim \mathcal N(0, \tau^2),\quad p(\tau^2)", mixing, label="mixture",
    )
    marginal = sp.integrate((normal * mixing).subs(beta_real, beta_pos), (t, 0, sp.oo), conds="none")
    d.claim(
        r"Integrating the variance out (the integrand depends on $\beta$ only through $\beta^2$, so $\beta > 0$ "
        r"suffices) gives the marginal density of $\beta$:",
        r"\int_0^\infty \mathcal N(\beta; 0, \tau^2)\,p(\tau^2)\,d\tau^2", sp.simplify(marginal), label="marginal",
        check=lambda: sp.simplify(marginal - laplace_prior.density_value(beta_pos)) == 0
        and sp.simplify((normal * mixing).subs(beta_real, -beta_pos) - (normal * mixing).subs(beta_real, beta_pos))
        == 0,
        checked=r"`sympy.integrate` evaluates the integral for $\beta > 0$; it equals the Laplace$(0, b)$ density of "
        r"the model definitions; the integrand is even in $\beta$, so the same holds for $\beta < 0$.",
    )
    d.say(
        "So a Laplace prior is a Gaussian prior whose variance is itself uncertain (Andrews and Mallows, 1974). "
        "This is what makes the full posterior computable: given the variances, everything is Gaussian."
    )

    # -- full conditionals ---------------------------------------------------------------------------------
    p_ = Xm.shape[1]
    D = sp.MatrixSymbol(r"D_{\tau}", p_, p_)  # diag(tau_j^2), symmetric
    Q = (ym - Xm * betam).T * (ym - Xm * betam) + sigma**2 * betam.T * D.I * betam
    cs = complete_square(Xm.T * Xm + sigma**2 * D.I, Xm.T * ym, ym.T * ym, symmetric=(D,))
    m_sym = sp.MatrixSymbol("m", p_, 1)
    d.claim(
        r"**β given the variances.** With $D_\tau = \operatorname{diag}(\tau_j^2)$ the exponent of likelihood "
        r"times prior is $-Q(\beta)/(2\sigma^2)$ with $Q(\beta) = \lVert y - X\beta\rVert^2 + "
        r"\sigma^2\beta^\top D_\tau^{-1}\beta$. Completing the square with $A = X^\top X + \sigma^2 D_\tau^{-1}$ "
        r"and $m = A^{-1}X^\top y$:",
        r"Q(\beta)", latex((betam - m_sym).T * cs.A * (betam - m_sym)) + r" + \text{const},", label="beta-conditional",
        check=lambda: cs.matches(Q) and cs.completes()
        and scalar_identity(((betam - m_sym).T * cs.A * (betam - m_sym)).subs(m_sym, cs.mode), cs.square, (cs.A,)),
        checked=r"$Q = \beta^\top A\beta - 2(X^\top y)^\top\beta + y^\top y$ multiplied out ($D_\tau$ symmetric), "
        r"and that is the completed square plus a remainder free of $\beta$, for symbolic $n$ and $p$.",
    )
    d.say(
        r"So $\beta \mid \tau^2, \sigma^2, y \sim \mathcal N(m, \sigma^2 A^{-1})$: its mean is generalized ridge "
        r"with one strength per coefficient, $\lambda_j = \sigma^2/\tau_j^2$. The sampler redraws the strengths "
        "every sweep instead of fixing them."
    )
    s = sp.Symbol("s", positive=True)  # s = 1/tau^2
    kernel_t = (normal * mixing).subs(beta_real, beta_pos)
    kernel_s = kernel_t.subs(t, 1 / s) * sp.Abs(sp.diff(1 / s, s))  # density of s = 1/tau^2, up to a constant
    mu_, lam_ = sp.symbols("mu lambda", positive=True)
    ig = sps.density(sps.GaussianInverse("W", mu_, lam_))(s)
    log_ratio = sp.expand(sp.expand_log(sp.log(kernel_s / ig), force=True))
    sol = sp.solve([sp.diff(log_ratio, s).subs(s, 1), sp.diff(log_ratio, s).subs(s, 2)], [mu_, lam_], dict=True)
    sol = [x for x in sol if all(val.is_positive for val in x.values())]
    d.claim(
        r"**The variances given β.** As a function of $s = 1/\tau^2$ (with the Jacobian $1/s^2$), "
        r"$p(\tau^2 \mid \beta) \propto \mathcal N(\beta; 0, \tau^2)\,p(\tau^2)$ has the kernel "
        r"$s^{-3/2}\exp(-\beta^2 s/2 - 1/(2b^2 s))$, that of an inverse Gaussian distribution. Matching it to the "
        r"inverse-Gaussian density with mean $\mu$ and shape $\lambda$ gives",
        r"\frac{1}{\tau^2} \,\Big|\, \beta \sim \mathrm{IG}(\mu, \lambda)",
        r"\text{with}\quad \mu = " + latex(sol[0][mu_].subs(beta_pos, sp.Abs(beta_real))) + r",\qquad \lambda = "
        + latex(sol[0][lam_]), relation=",", label="tau-conditional",
        check=lambda: len(sol) == 1
        and sp.simplify(sp.diff(log_ratio.subs(sol[0]), s)) == 0,
        checked=r"`sympy.solve` for the $(\mu, \lambda)$ that make the log-ratio of the kernel to the `sympy.stats` "
        r"GaussianInverse density flat in $s$ (one positive solution, computed for $\beta > 0$; the kernel depends on "
        r"$\beta^2$ only, hence $|\beta|$); with it the ratio is constant in $s$.",
    )
    R = sp.Symbol("R", nonnegative=True)
    var_kernel = -n / 2 * sp.log(v) - R / (2 * v) - (a0 + 1) * sp.log(v) - b0 / v
    a_post, b_post = sp.symbols("a_post b_post", positive=True)
    target = -(a_post + 1) * sp.log(v) - b_post / v
    post_sol = sp.solve([sp.expand(var_kernel - target).coeff(sp.log(v)),
                         sp.expand((var_kernel - target) * v).subs(sp.log(v), 0).coeff(v, 0)],
                        [a_post, b_post], dict=True)
    (post_sol,) = post_sol
    d.claim(
        "**The noise variance given β** (when it is unknown, with an inverse-gamma$(a_0, b_0)$ prior and "
        r"$R = \lVert y - X\beta\rVert^2$): the likelihood contributes $(\sigma^2)^{-n/2}e^{-R/(2\sigma^2)}$, so",
        r"\sigma^2 \mid \beta, y",
        r"\mathrm{IG}\left(" + latex(post_sol[a_post]) + ", " + latex(post_sol[b_post]) + r"\right)",
        label="noise-conditional", relation=r"\sim",
        check=lambda: sp.simplify(sp.expand(var_kernel - target.subs(post_sol))) == 0,
        checked=r"the shape and scale solve the matching of the $\log\sigma^2$ and $1/\sigma^2$ coefficients; with "
        "them the two log-kernels are identical.",
    )

    # -- one coefficient: the exact posterior and its median --------------------------------------------------
    q, a = sp.Symbol("q", positive=True), sp.Symbol("a", real=True)
    bp = sp.Symbol("beta", positive=True)
    kern = lambda x: sp.exp(-(q * x**2 - 2 * a * x) / (2 * sigma**2) - sp.Abs(x) / b)
    mass_pos = sp.integrate(kern(bp), (bp, 0, sp.oo), conds="none")
    mass_neg = sp.integrate(kern(-bp), (bp, 0, sp.oo), conds="none")
    first_pos = sp.integrate(bp * kern(bp), (bp, 0, sp.oo), conds="none")
    first_neg = sp.integrate(-bp * kern(-bp), (bp, 0, sp.oo), conds="none")
    d.claim(
        r"**Why the posterior is not sparse.** With one coefficient, $q = x^\top x$ and $a = x^\top y$, the "
        r"posterior is proportional to $\exp(-(q\beta^2 - 2a\beta)/(2\sigma^2) - |\beta|/b)$. SymPy integrates it "
        r"over each half-line; the posterior probability of $\beta > 0$ is $M_+/(M_+ + M_-)$ with",
        "M_+", sp.simplify(mass_pos), label="half-masses",
        check=lambda: sp.simplify((mass_pos - mass_neg).subs(a, 0)) == 0
        and sp.simplify(mass_neg - mass_pos.subs(a, -a)) == 0,
        checked=r"`sympy.integrate` on $(0, \infty)$; the mass on $(-\infty, 0)$ is the same expression at $-a$, and "
        "at $a = 0$ the two masses are equal.",
    )
    d_pos = sp.diff(sp.Integral(kern(bp), (bp, 0, sp.oo)), a)
    d_neg = sp.diff(sp.Integral(kern(-bp), (bp, 0, sp.oo)), a)
    d.claim(
        "Differentiating under the integral sign, raising $a$ adds mass on the positive half-line and removes it "
        "from the negative one:",
        r"\frac{dM_+}{da},\ \frac{dM_-}{da}", sp.Tuple(d_pos, d_neg), label="mass-shift",
        check=lambda: d_pos.function.is_positive is True and d_neg.function.is_negative is True,
        checked="`sympy.diff` moves the derivative inside both integrals; SymPy decides the first integrand is "
        r"positive and the second negative for every $\beta > 0$.",
    )
    d.say(
        "So $M_+ - M_-$ increases strictly with $a$ and vanishes only at $a = 0$: the posterior median is 0 only when "
        r"$x^\top y = 0$ exactly, and so is the posterior mean (the density is then even). The MAP, the lasso, is 0 "
        r"for every $|a| \le \lambda/2 = \sigma^2/b$: a whole interval of data. Sparsity is a property of the "
        "mode, not of the posterior."
    )
    m_pos, m_neg = sp.Symbol("M_+", positive=True), sp.Symbol("M_-", positive=True)
    mean_shape = a / q - sigma**2 / (b * q) * (m_pos - m_neg) / (m_pos + m_neg)
    # the masses as SymPy simplifies them (as displayed above): the raw integrals carry a factor
    # (sigma^2 - a b)/(sigma^2 - a b), 0/0 at the threshold
    masses = {m_pos: sp.simplify(mass_pos), m_neg: sp.simplify(mass_neg)}
    post_mean = mean_shape.subs(masses)
    d.claim(
        r"**The posterior mean.** $(q\beta - a + \sigma^2/b)$ times the kernel is $-\sigma^2$ times its derivative on "
        r"$(0, \infty)$, so its integral there is $\sigma^2$; likewise on the negative half-line. The first moments "
        r"are therefore $(\sigma^2 + (a - \sigma^2/b)M_+)/q$ and $-(\sigma^2 - (a + \sigma^2/b)M_-)/q$, and the mean "
        r"is the least-squares value $a/q$ pulled toward 0 by $\sigma^2/(bq)$ times $P(\beta > 0) - P(\beta < 0)$ (the "
        r"ratio of the four integrals as SymPy writes them is $0/0$ at the lasso threshold $|a| = \sigma^2/b$; this "
        r"form is not):",
        r"\mathbb{E}[\beta \mid y]", mean_shape, label="posterior-mean",
        check=lambda: sp.simplify(first_pos - (sigma**2 + (a - sigma**2 / b) * mass_pos) / q) == 0
        and sp.simplify(first_neg + (sigma**2 - (a + sigma**2 / b) * mass_neg) / q) == 0
        and sp.simplify((first_pos + first_neg) / (mass_pos + mass_neg) - post_mean) == 0,
        checked=r"`sympy.integrate` gives the four half-line integrals; each first moment minus the form above, and "
        r"their sum over $M_+ + M_-$ minus the mean, simplify to 0.",
    )
    d.record(
        mixing_density=mixing,
        marginal=marginal,
        tau_conditional=sp.Tuple(sol[0][mu_], sol[0][lam_]),
        noise_conditional=sp.Tuple(post_sol[a_post], post_sol[b_post]),
        posterior_mean_1d=post_mean,
        prob_positive_1d=(m_pos / (m_pos + m_neg)).subs(masses),
        one_d_symbols=sp.Tuple(q, a),
        beta_positive=bp,
        mixing_variable=t,
    )
    return d
