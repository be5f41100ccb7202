"""MAP for a general parameterized model f(x; β): the penalty and its λ do not depend on f being linear (S0-31).

The mean of observation i is an unspecified function f(x_i, β) of its inputs and of the whole parameter
vector. `penalized_form` still finds c = 1/(2σ²) and λ = σ²/σ_w², the values of the linear case: the
derivation never looks inside f.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.models import gaussian_likelihood, gaussian_prior
from regprior.symbolic.sums import evaluated, linearize
from regprior.symbolic.symbols import Z, beta, i, n, p, sigma_w, y

from . import gaussian_l2

#: the model function, applied to the inputs of one observation and the whole coefficient vector
f = sp.Function("f")
x = sp.IndexedBase("x")


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the nonlinear-model derivation."""
    d = Derivation("nonlinear-map", "MAP for a nonlinear model")
    mean_i = f(x[i], beta)
    likelihood = sp.Product(gaussian_likelihood.density(y[i], mean_i), (i, 1, n))
    data_fit = sp.Sum((y[i] - mean_i) ** 2, (i, 1, n))
    d.define(
        r"Replace the linear mean by any function of the inputs $x_i$ and the parameters, $f(x_i, \beta)$ (a "
        "polynomial, a neural network, a differential-equation solution), and keep Gaussian noise. The likelihood "
        "is",
        r"p(y \mid \beta)", likelihood, label="likelihood",
    )
    nll = linearize(sp.expand_log(evaluated(-sp.log(likelihood)), force=True))
    nlp = nll + models.neg_log_prior(gaussian_prior) + sp.log(Z)
    form = models.penalized_form(nlp, data_fit, gaussian_prior.penalty())
    linear_lam = gaussian_l2.derivation().results["lam"]
    d.claim(
        r"With a $\mathcal N(0, \sigma_w^2)$ prior on each parameter, solving for the factor and strength that "
        r"make $-\log p(\beta \mid y) - c\bigl(\sum_i (y_i - f(x_i, \beta))^2 + \lambda\lVert\beta\rVert^2\bigr)$ "
        r"free of $\beta$ gives",
        r"c,\ \lambda", sp.Tuple(form.factor, form.lam), label="split",
        check=lambda: models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta)
        and nll.has(beta) and sp.simplify(form.lam - linear_lam) == 0,
        checked=r"`penalized_form` with $f$ an undefined function of $\beta$ (so $\beta$ does appear in the data fit); "
        r"the split reduces to 0 for general $n$ and $p$, and $\lambda$ equals the one derived for the linear "
        "model in {doc}`/derivations/gaussian-l2`.",
    )
    wrong_e4 = nll - sp.log(gaussian_prior.penalty())
    p2 = {p: 2, n: 1}
    point = {beta[1]: sp.Rational(1, 2), beta[2]: sp.Rational(-1, 3), sigma_w: 2}

    def slope_in_beta1(expr):
        """d/d beta_1 at a point, with p = 2 and n = 1 (f and the data left symbolic; they cancel in the difference)."""
        return sp.diff(expr.subs(p2).doit(), beta[1]).subs(point)

    d.claim(
        r"Bayes' rule in logarithms, $\log p(\beta \mid y) = \log p(y \mid \beta) + \log p(\beta) - \log p(y)$, is "
        "exact; no regularity conditions are involved, and it is the *prior* that enters. The penalty is "
        r"$-2\sigma^2\log p(\beta)$ up to a constant, not the prior itself. Putting the logarithm of the penalty "
        r"in place of the log-prior (as in '$\log$ posterior $\approx \log$ likelihood $+ \log$ penalty') changes "
        r"the function of $\beta$: at $p = 2$, $\beta = (1/2, -1/3)$, $\sigma_w = 2$ the two negative log-posteriors "
        r"have different slopes in $\beta_1$,",
        r"\frac{\partial}{\partial\beta_1}\bigl(-\log p(\beta\mid y)\bigr) - "
        r"\frac{\partial}{\partial\beta_1}\bigl(-\log p(y\mid\beta) - \log\lVert\beta\rVert^2\bigr)",
        sp.simplify(slope_in_beta1(nlp) - slope_in_beta1(wrong_e4)), label="log-penalty",
        check=lambda: sp.simplify(slope_in_beta1(nlp) - slope_in_beta1(wrong_e4)) != 0
        and not sp.simplify(slope_in_beta1(nlp) - slope_in_beta1(wrong_e4)).has(f),
        checked="both slopes computed by differentiating the expanded sums ($p = 2$, $n = 1$); the likelihood's part "
        "cancels and the difference is a nonzero number.",
    )
    d.claim(
        "So the MAP estimate minimizes the penalized sum of squares with the same strength as in the linear case:",
        r"\hat\beta_{\mathrm{MAP}}", r"\arg\min_\beta\ " + latex(form.objective), label="objective",
        relation="=",
        check=lambda: form.factor.is_positive is True,
        checked=r"the factor $c$ is positive, so minimizing $c\,J$ and maximizing the posterior pick the same "
        r"$\beta$.",
    )
    t_, q_, a_ = sp.Symbol("t", real=True), sp.Symbol("q", positive=True), sp.Symbol("a", real=True)
    J1 = q_ * t_**2 - 2 * a_ * t_ + form.lam * t_**2  # J along one coefficient of a linear model, up to a constant
    d.claim(
        "The positivity matters: dropping constants and rescaling is allowed only by a *positive* factor. With a "
        "negative one, minimizing $cJ$ maximizes $J$, and $J$ has no maximum; along one coefficient of a linear "
        r"model, $J(t) = qt^2 - 2at + \lambda t^2$ + const and",
        r"\lim_{t\to\infty}\bigl(-J(t)\bigr)", sp.limit(-J1, t_, sp.oo), label="positive-factor",
        check=lambda: sp.limit(-J1, t_, sp.oo) == -sp.oo,
        checked="`sympy.limit`: multiplied by $-1$ the objective is unbounded below, so 'minimizing' it has no "
        "answer.",
    )
    d.say(
        r"This is weight decay: for a network, $\lambda\lVert\beta\rVert^2$ with $\lambda = \sigma^2/\sigma_w^2$ is "
        "a Gaussian prior on the weights. What does *not* carry over is everything the Gaussian posterior gave "
        r"for free in the linear case. With $f$ nonlinear in $\beta$ the exponent is no longer quadratic, so "
        "the posterior is not Gaussian: it can be skewed or have several modes, its mean need not be its mode, "
        "and the mode itself depends on how the parameters are written (next derivation). The numbers below "
        "show both on a one-parameter example."
    )
    d.record(neg_log_posterior=nlp, lam=form.lam, factor=form.factor, model_function=f, model_inputs=x,
             wrong_log_posterior_with_log_penalty=-wrong_e4, wrong_negative_factor=-form.factor)
    return d
