"""MAP for a general parameterized model f(x; β): the penalty and its λ do not depend on f being linear (S0-31).

The mean of observation i is an unspecified function f(x_i, β) of its inputs and of the whole parameter
vector. `penalized_form` still finds c = 1/(2σ²) and λ = σ²/σ_w², the values of the linear case: the
derivation never looks inside f.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.models import gaussian_likelihood, gaussian_prior
from regprior.symbolic.sums import evaluated, linearize
from regprior.symbolic.symbols import Z, beta, i, j, n, p, sigma, y

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
        "Replace the linear mean by any function of the inputs $x_i$ and the parameters, $f(x_i, \\beta)$ (a "
        "polynomial, a neural network, a differential-equation solution), and keep Gaussian noise. The likelihood "
        "is",
        r"p(y \mid \beta)", likelihood, label="likelihood",
    )
    nll = linearize(sp.expand_log(evaluated(-sp.log(likelihood)), force=True))
    nlp = nll + models.neg_log_prior(gaussian_prior) + sp.log(Z)
    form = models.penalized_form(nlp, data_fit, gaussian_prior.penalty())
    linear_lam = gaussian_l2.derivation().results["lam"]
    d.claim(
        "With a $\\mathcal N(0, \\sigma_w^2)$ prior on each parameter, solving for the factor and strength that "
        "make $-\\log p(\\beta \\mid y) - c\\bigl(\\sum_i (y_i - f(x_i, \\beta))^2 + \\lambda\\lVert\\beta\\rVert^2\\bigr)$ "
        "free of $\\beta$ gives",
        "c,\\ \\lambda", sp.Tuple(form.factor, form.lam), label="split",
        check=lambda: models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta)
        and nll.has(beta) and sp.simplify(form.lam - linear_lam) == 0,
        checked="`penalized_form` with $f$ an undefined function of $\\beta$ (so $\\beta$ does appear in the data fit); "
        "the split reduces to 0 for general $n$ and $p$, and $\\lambda$ equals the one derived for the linear "
        "model on the Gaussian-prior page.",
    )
    d.claim(
        "So the MAP estimate minimizes the penalized sum of squares with the same strength as in the linear case:",
        r"\hat\beta_{\mathrm{MAP}}", r"\arg\min_\beta\ " + sp.latex(form.objective), label="objective",
        relation="=",
        check=lambda: form.factor.is_positive is True,
        checked="the factor $c$ is positive, so minimizing $c\\,J$ and maximizing the posterior pick the same "
        "$\\beta$.",
    )
    d.say(
        "This is weight decay: for a network, $\\lambda\\lVert\\beta\\rVert^2$ with $\\lambda = \\sigma^2/\\sigma_w^2$ is "
        "a Gaussian prior on the weights. What does *not* carry over is everything the Gaussian posterior gave "
        "for free in the linear case. With $f$ nonlinear in $\\beta$ the exponent is no longer quadratic, so "
        "the posterior is not Gaussian: it can be skewed or have several modes, its mean need not be its mode, "
        "and the mode itself depends on how the parameters are written (next derivation). The numbers below "
        "show both on a one-parameter example."
    )
    d.record(neg_log_posterior=nlp, lam=form.lam, factor=form.factor, model_function=f, model_inputs=x)
    return d
