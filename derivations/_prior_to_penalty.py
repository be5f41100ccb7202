"""The argument shared by the Gaussian→L2 and Laplace→L1 pages.

Both pages make the same argument with a different prior: write down the
likelihood and the prior, take −log of their product, and *solve* for the
factor c and the strength λ that make the negative log-posterior equal to
c·J(β) plus a constant free of β. This module builds that derivation for any
:class:`regprior.symbolic.models.Prior`; the two page modules supply the prior
and the sentences that differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.matrices import Xm, betam, to_indexed, ym
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.sums import coordinate_derivative, is_identity, linearize
from regprior.symbolic.symbols import Z, beta, k, n, p, sigma


@dataclass(frozen=True)
class PriorText:
    """What differs between the two pages."""

    slug: str
    title: str
    #: one sentence introducing the prior (MyST, may contain $...$)
    prior_sentence: str
    #: display form of -log p(beta), checked equal to the derived one
    neg_log_prior_display: sp.Expr
    #: display form of the constant (without log Z), checked equal to the derived one
    constant_display: sp.Expr
    #: LaTeX name of R(beta)
    penalty_name: str
    #: closing sentence naming the estimator
    conclusion: str
    #: the sentence introducing the gradient (where it exists: the Laplace penalty has a kink at 0)
    gradient_sentence: str = r"Differentiating with respect to a general coefficient $\beta_k$:"
    #: whether this page explains once why SymPy works with the index sums behind the norms
    explain_notation: bool = False


def _unevaluated_sum(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def build(prior: models.Prior, text: PriorText) -> Derivation:
    """Derive −log p(β | y, X) = c·(‖y − Xβ‖² + λR(β)) + C for ``prior``, checking every step."""
    d = Derivation(text.slug, text.title)
    rss = likelihood.data_fit
    penalty = prior.penalty()
    x = sp.Symbol("x", real=True)

    d.say(
        r"We observe $n$ responses $y_i$ and an $n \times p$ design matrix $X$, and assume "
        r"$y = X\beta + \varepsilon$ with independent noise $\varepsilon_i \sim \mathcal N(0, \sigma^2)$. "
        "The sizes $n$ and $p$ stay symbols throughout, so every identity below holds for every "
        "problem size, not for one small example."
    )
    if text.explain_notation:
        norm = to_indexed(((ym - Xm * betam).T * (ym - Xm * betam))[0, 0])
        d.claim(
            r"The equations below use vector notation: $x_i^\top$ is row $i$ of $X$, $\lVert v\rVert_2^2 = "
            r"v^\top v$ and $\lVert v\rVert_1 = \sum_j \lvert v_j\rvert$. To keep $n$ and $p$ as symbols while "
            r"taking logarithms of products over observations and derivatives with respect to one coefficient "
            r"$\beta_k$, the derivation computes with the entries of $y$, $X$ and $\beta$: for SymPy each norm "
            "below is the sum it stands for, and every check runs on those sums. Written out once:",
            r"\lVert y - X\beta\rVert_2^2",
            r"\sum_{i=1}^{n}\Bigl(y_i - \sum_{j=1}^{p} X_{ij}\beta_j\Bigr)^2",
            label="notation",
            check=lambda: is_identity(norm, rss),
            checked=r"$(y - X\beta)^\top(y - X\beta)$ for an $n \times p$ matrix symbol $X$, written entry by "
            "entry, equals this sum for general $n$ and $p$.",
        )
    d.define(
        r"Response $i$ is Gaussian around its mean $x_i^\top\beta$ and the responses are independent, so the "
        "likelihood is a product over observations.",
        r"p(y \mid X, \beta)", likelihood.joint(), label="likelihood",
    )
    d.claim(
        text.prior_sentence,
        r"p(\beta)", prior.joint(), label="prior",
        check=lambda: (
            sp.simplify(prior.density_value(x) - prior.stats_density(x)) == 0
            and sp.integrate(prior.density_value(x), (x, -sp.oo, sp.oo)) == 1
        ),
        checked=(
            f"the density of one coefficient integrates to 1 over the real line and is identical to the "
            f"density of the `sympy.stats` {prior.name} distribution with the same scale."
        ),
    )
    d.define(
        r"Bayes' rule divides likelihood times prior by the evidence $Z = p(y \mid X)$. The evidence is an "
        r"integral over $\beta$, so it does not depend on $\beta$. Taking the negative logarithm of the two "
        "products above:",
        r"-\log p(\beta \mid y, X)",
        _unevaluated_sum(-sp.log(sp.Symbol(r"p(y \mid X, \beta)", positive=True)),
                         -sp.log(sp.Symbol(r"p(\beta)", positive=True)), sp.log(Z)),
        label="bayes",
    )
    nll = models.neg_log_likelihood(likelihood)
    nll_display = _unevaluated_sum(n / 2 * sp.log(2 * sp.pi * sigma**2), rss / (2 * sigma**2))
    d.claim(
        "The logarithm turns the product over observations into a sum over observations; the sum of the "
        "constant terms counts $n$ of them.",
        r"-\log p(y \mid X, \beta)", nll_display, label="nll",
        check=lambda: is_identity(nll_display, -sp.log(likelihood.joint())) and is_identity(nll_display, nll),
        checked=r"this equals $-\log$ of the product above for general $n$ and $p$ (the difference reduces to 0).",
    )
    nlprior = models.neg_log_prior(prior)
    d.claim(
        "The same two facts applied to the prior, a product over the $p$ coefficients:",
        r"-\log p(\beta)", text.neg_log_prior_display, label="nlprior",
        check=lambda: is_identity(text.neg_log_prior_display, -sp.log(prior.joint()))
        and is_identity(text.neg_log_prior_display, nlprior),
        checked=r"this equals $-\log$ of the prior product for general $p$.",
    )

    nlp = models.neg_log_posterior(likelihood, prior)
    form = models.penalized_form(nlp, rss, penalty)
    c, lam_ = form.unknowns
    coef_fit, coef_pen = form.coefficients
    remainder = _unevaluated_sum(coef_fit * rss, coef_pen * penalty, text.constant_display, sp.log(Z))
    d.claim(
        fr"We look for a factor $c > 0$ and a strength $\lambda$ such that the negative log-posterior is "
        fr"$c\,J(\beta)$ plus something free of $\beta$, where $J(\beta) = \lVert y - X\beta\rVert_2^2 + "
        fr"\lambda {text.penalty_name}$ is the canonical objective. Subtracting $c\,J(\beta)$ leaves",
        r"-\log p(\beta \mid y, X) - c\,J(\beta)", remainder, label="remainder",
        check=lambda: is_identity(remainder, nlp - c * (rss + lam_ * penalty)),
        checked=r"this equals the negative log-posterior minus $c\,J(\beta)$ for general $n$ and $p$.",
    )
    system = (
        r"{\begin{cases} " + latex(coef_fit) + r" = 0 \\ " + latex(coef_pen) + r" = 0 \end{cases}}"
        r"\quad\Longleftrightarrow\quad {c = " + latex(form.factor) + r"},\quad {\lambda = " + latex(form.lam) + "}"
    )
    d.claim(
        r"The residual sum of squares and the penalty vary with $\beta$ independently of each other (at "
        r"$X = 0$ only the penalty moves; at $\beta$ with $\lVert\beta\rVert$ fixed only the fit moves), "
        r"so the remainder is free of $\beta$ exactly when both coefficients vanish. That is two equations in "
        "two unknowns, with one solution:",
        None, system, label="solve",
        check=lambda: all(sp.simplify(e.subs({c: form.factor, lam_: form.lam})) == 0 for e in form.coefficients)
        and form.factor.is_positive is True,
        checked="`sympy.solve` returns exactly this solution, it zeroes both coefficients, and $c > 0$.",
    )
    result_display = _unevaluated_sum(
        sp.Mul(form.factor, _unevaluated_sum(rss, form.lam * penalty), evaluate=False),
        text.constant_display,
        sp.log(Z),
    )
    d.claim(
        "Substituting back gives the negative log-posterior as a positive multiple of the canonical objective "
        "plus an exact constant:",
        r"-\log p(\beta \mid y, X)", result_display, label="result",
        check=lambda: (
            models.residual_after_split(nlp, form) == 0
            and is_identity(result_display, nlp)
            and is_identity(
                coordinate_derivative(result_display, beta, k, p), coordinate_derivative(nlp, beta, k, p)
            )
            and not form.constant.has(beta)
            and is_identity(text.constant_display + sp.log(Z), form.constant)
        ),
        checked=(
            "with every square multiplied out and every sum split, the two sides agree identically in "
            r"$\beta$ for general $n$ and $p$; their partial derivatives with respect to a general coefficient "
            r"$\beta_k$ agree; and the constant contains no $\beta$."
        ),
    )
    gradient = linearize(coordinate_derivative(nlp, beta, k, p))
    d.claim(
        text.gradient_sentence,
        r"\frac{\partial}{\partial \beta_k}\bigl(-\log p(\beta \mid y, X)\bigr)", gradient, label="gradient",
        check=lambda: is_identity(gradient, form.factor * coordinate_derivative(form.objective, beta, k, p)),
        checked=r"this is $c$ times the derivative of $J(\beta)$ at the derived $\lambda$.",
    )
    scale = prior.scale
    (scale_from_lam,) = sp.solve(sp.Eq(lam_, form.lam), scale)
    d.claim(
        fr"{text.conclusion} Read the other way, a strength $\lambda > 0$ means the prior scale",
        latex(scale), scale_from_lam, label="inverse",
        check=lambda: sp.simplify(form.lam.subs(scale, scale_from_lam) - lam_) == 0,
        checked=r"this is the only positive solution of the equation for $\lambda$, and it maps back to $\lambda$.",
    )
    d.record(
        neg_log_posterior=nlp,
        factor=form.factor,
        lam=form.lam,
        constant=form.constant,
        scale_from_lam=scale_from_lam,
        gradient=gradient,
        lam_symbol=lam_,
    )
    return d

