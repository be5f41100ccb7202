"""Elastic net ⇔ the product prior p(β) ∝ exp(−|β|/b − β²/(2σ_w²)): its normalizer in closed form,
λ₁ = 2σ²/b and λ₂ = σ²/σ_w², the lasso on augmented data, and the coordinate update.
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Ip, Xm, betam, is_zero_matrix, ym
from regprior.symbolic.models import elastic_net_prior as prior
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.sums import evaluated
from regprior.symbolic.symbols import b, beta, j, p, rss, sigma, sigma_w

from . import gaussian_l2, laplace_l1, lasso_coordinate
from ._one_dimensional import soft_threshold_minimizes

#: (b, sigma_w) points where the closed-form normalizer is compared with numerical quadrature
QUADRATURE_POINTS = ((1, 1), (sp.Rational(3, 10), 2), (5, sp.Rational(1, 5)))


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the elastic-net-prior derivation."""
    d = Derivation("elastic-net-prior", "Elastic net: a Laplace × Gaussian prior")
    x = sp.Symbol("x", real=True)
    kernel = models.elastic_net_kernel

    d.say(
        r"The elastic net adds both penalties, $\lambda_1\lVert\beta\rVert_1 + \lambda_2\lVert\beta\rVert_2^2$. "
        "Read as a prior, that is the product of a Laplace kernel and a Gaussian kernel on each coefficient: a "
        "density with the Laplace prior's kink at 0 (so exact zeros survive) and the Gaussian prior's light "
        "tails. Being a product of two kernels, it needs its own normalizing constant."
    )
    d.define(
        "The prior on each coefficient, normalized by the integral of its kernel:",
        r"p(\beta_j)", prior.density(beta[j]), label="prior",
    )
    integral = sp.integrate(kernel(x), (x, -sp.oo, sp.oo))
    tidy = sp.sqrt(2 * sp.pi) * sigma_w * sp.exp(sigma_w**2 / (2 * b**2)) * sp.erfc(sigma_w / (sp.sqrt(2) * b))

    def agrees_with_quadrature() -> bool:
        f = sp.lambdify((x, b, sigma_w), kernel(x), modules="mpmath")
        with mpmath.workdps(30):
            for bv, sv in QUADRATURE_POINTS:
                numeric = mpmath.quad(lambda v, bv=bv, sv=sv: f(v, bv, sv), [-mpmath.inf, 0, mpmath.inf])
                if abs(numeric - tidy.subs({b: bv, sigma_w: sv}).evalf(30)) > 1e-20 * abs(numeric):
                    return False
        return True

    d.claim(
        r"`sympy.integrate` evaluates that integral, the normalizer $Z(b, \sigma_w)$; with the complementary "
        r"error function $\operatorname{erfc}$ it reads",
        r"Z(b, \sigma_w) = \int_{-\infty}^{\infty} e^{-|x|/b - x^2/(2\sigma_w^2)}\,dx", tidy, label="normalizer",
        check=lambda: sp.simplify((integral - tidy).rewrite(sp.erf)) == 0 and agrees_with_quadrature(),
        checked=r"the symbolic integral equals this expression, and at $(b, \sigma_w) = "
        + ", ".join(f"({latex(bv)}, {latex(sv)})" for bv, sv in QUADRATURE_POINTS)
        + "$ it agrees with numerical quadrature (mpmath, 30 digits) to 20 significant digits.",
    )
    to_gauss, to_laplace = sp.limit(tidy, b, sp.oo), sp.limit(tidy, sigma_w, sp.oo)
    d.claim(
        r"Removing either kernel recovers the familiar normalizers: as $b \to \infty$ the Laplace part "
        r"disappears, and as $\sigma_w \to \infty$ the Gaussian part does,",
        r"\lim_{b\to\infty} Z,\ \lim_{\sigma_w\to\infty} Z", sp.Tuple(to_gauss, to_laplace), label="limits",
        check=lambda: sp.simplify(to_gauss - sp.sqrt(2 * sp.pi) * sigma_w) == 0 and to_laplace == 2 * b,
        checked=r"both limits by `sympy.limit`: $\sqrt{2\pi}\,\sigma_w$ and $2b$, the normalizers of the "
        "Gaussian and Laplace densities.",
    )

    nlp = models.neg_log_posterior(likelihood, prior)
    l1, l2 = prior.penalties()
    form = models.penalized_form(nlp, rss(), l1, l2)
    lam1, lam2 = form.lams
    c, lam1_sym, lam2_sym = form.unknowns
    objective = sp.Add(rss(), lam1_sym * l1, lam2_sym * l2, evaluate=False)
    d.claim(
        r"The negative log-posterior is matched against $c\,J(\beta)$ with two unknown strengths. Now there "
        r"are three equations (the coefficients of the residual sum of squares, of $\lVert\beta\rVert_1$ and of "
        r"$\lVert\beta\rVert_2^2$ must vanish) in three unknowns, with the solution $c = 1/(2\sigma^2)$ and",
        r"\lambda_1,\ \lambda_2", sp.Tuple(lam1, lam2), label="lambdas",
        check=lambda: sp.simplify(form.factor - 1 / (2 * sigma**2)) == 0
        and models.residual_after_split(evaluated(nlp), form) == 0
        and not form.constant.has(beta),
        checked=r"`penalized_form` solves the three equations; the negative log-posterior minus $c\,J(\beta)$ is a "
        r"constant with no $\beta$ in it (every square multiplied out, general $n$ and $p$).",
    )
    d.claim(
        "These are exactly the strengths of the two pure priors. Each kernel keeps its own strength, and the "
        r"normalizer, which couples $b$ and $\sigma_w$, lands in the constant:",
        r"J(\beta)", objective, label="objective",
        check=lambda: sp.simplify(lam1 - laplace_l1.derivation().results["lam"]) == 0
        and sp.simplify(lam2 - gaussian_l2.derivation().results["lam"]) == 0,
        checked=r"$\lambda_1$ equals the strength derived for the Laplace prior and $\lambda_2$ the one derived "
        "for the Gaussian prior.",
    )

    # -- the elastic net is a lasso on augmented data -----------------------------------------------
    X_aug = sp.BlockMatrix([[Xm], [sp.sqrt(lam2_sym) * Ip]])
    y_aug = sp.BlockMatrix([[ym], [sp.ZeroMatrix(p, 1)]])
    r_aug = y_aug - X_aug * betam
    fit_aug = sp.block_collapse(r_aug.T * r_aug)
    d.claim(
        "The quadratic part of $J$ is a residual sum of squares in disguise. Append $p$ rows to the data: "
        r"$\sqrt{\lambda_2}\,I$ below $X$ and zeros below $y$. Then",
        r"\left\lVert \begin{pmatrix} y \\ 0 \end{pmatrix} - \begin{pmatrix} X \\ \sqrt{\lambda_2}\, I \end{pmatrix}"
        r"\beta \right\rVert^2", fit_aug, label="augmented",
        check=lambda: is_zero_matrix(
            fit_aug - ((ym - Xm * betam).T * (ym - Xm * betam) + lam2_sym * betam.T * betam)
        ),
        checked=r"`block_collapse` of the block product, minus $\lVert y - X\beta\rVert^2 + "
        r"\lambda_2\lVert\beta\rVert^2$, expands to 0 for matrices of symbolic size.",
    )
    d.say(
        r"So the elastic net with strengths $(\lambda_1, \lambda_2)$ is the lasso with strength $\lambda_1$ "
        r"on the augmented data, which has $n + p$ rows and full column rank whenever $\lambda_2 > 0$: the "
        "elastic-net minimizer is unique even when $p > n$, which the lasso's need not be."
    )

    # -- the coordinate update ------------------------------------------------------------------------
    res = lasso_coordinate.derivation().results
    a, lam_c, q = res["soft_threshold_symbols"]
    update = res["update"].subs({q: q + lam2_sym, lam_c: lam1_sym})
    d.claim(
        r"One coordinate at a time, the $\lambda_2$ term only adds $\lambda_2 t^2$ to the one-coordinate "
        r"problem of the lasso, $\varphi(t) = (q + \lambda_2)t^2 - 2at + \lambda_1|t|$, so the coordinate-descent "
        r"update derived for the lasso applies with $q$ replaced by $q + \lambda_2$:",
        r"\hat t", update, label="update",
        check=lambda: soft_threshold_minimizes(update, a, q + lam2_sym, lam1_sym),
        checked=r"for $a = \pm(\lambda_1/2 + u)$, $u > 0$, the derivative of $\varphi$ vanishes at $\hat t$ on the "
        r"correct side of 0; `sympy.solve` of $\varphi'(0^+) \ge 0 \ge \varphi'(0^-)$ gives "
        r"$|a| \le \lambda_1/2$, exactly where $\hat t = 0$.",
    )
    d.record(
        neg_log_posterior=nlp,
        factor=form.factor,
        lam1=lam1,
        lam2=lam2,
        constant=form.constant,
        normalizer=tidy,
        update=update,
        update_symbols=sp.Tuple(a, q, lam1_sym, lam2_sym),
    )
    return d
