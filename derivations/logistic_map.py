"""Beyond squared loss: logistic regression with a Gaussian or Laplace prior, and scikit-learn's C.

The same `penalized_form` that derives λ for Gaussian noise is applied to a Bernoulli likelihood. The factor
in front of the data fit comes out as 1: there is no noise variance to divide by, so the prior scale is the
regularization constant itself, C = σ_w² (L2) and C = b (L1) in scikit-learn's parameterization.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.sums import coordinate_derivative, is_identity, linearize
from regprior.symbolic.symbols import X, Z, beta, fitted, i, j, k, n, p, sigma, sigma_w, y

bernoulli_likelihood = models.bernoulli_likelihood

#: scikit-learn's inverse regularization strength
C = sp.Symbol("C", positive=True)


def _sklearn_C(lam: sp.Expr) -> sp.Expr:
    """C such that C·F + P has the minimizer of F + λP (divide by C): solve 1/C = λ."""
    (value,) = sp.solve(sp.Eq(1 / C, lam), C)
    return value


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the logistic MAP derivation."""
    d = Derivation("logistic-map", "Logistic regression: the prior scale is C")
    mu = sp.Symbol("mu", real=True)
    half_sq = sp.Sum(beta[j] ** 2, (j, 1, p)) / 2
    l1 = models.laplace_prior.penalty()

    one = bernoulli_likelihood.density
    d.claim(
        r"For a label $y_i \in \{0, 1\}$ the logistic model says $P(y_i = 1) = 1/(1 + e^{-\mu_i})$ with "
        r"$\mu_i = \sum_j X_{ij}\beta_j$. Both cases fit in one formula, so the likelihood is",
        r"p(y \mid X, \beta)", bernoulli_likelihood.joint(), label="likelihood",
        check=lambda: all(
            sp.simplify(sps.density(sps.Bernoulli("B", 1 / (1 + sp.exp(-mu))))(v) - one(v, mu)) == 0 for v in (0, 1)
        ),
        checked="for $y = 0$ and $y = 1$ the formula equals the `sympy.stats` Bernoulli probability with success "
        r"probability $1/(1 + e^{-\mu})$.",
    )
    nll = models.neg_log_likelihood(bernoulli_likelihood)
    d.claim(
        r"Its negative logarithm is the log-loss (cross-entropy). With $s_i = 2y_i - 1 \in \{-1, 1\}$ each term "
        r"is also $\log(1 + e^{-s_i\mu_i})$, the form scikit-learn writes:",
        r"-\log p(y \mid X, \beta)", bernoulli_likelihood.data_fit, label="logloss",
        check=lambda: is_identity(nll, bernoulli_likelihood.data_fit)
        and all(sp.simplify(sp.exp(sp.log(1 + sp.exp(mu)) - v * mu) - (1 + sp.exp(-(2 * v - 1) * mu))) == 0
                for v in (0, 1)),
        checked=r"this is $-\log$ of the product for general $n$ and $p$; for $y = 0$ and $y = 1$, "
        r"$\log(1 + e^{\mu}) - y\mu = \log(1 + e^{-(2y-1)\mu})$.",
    )
    nlp_g = nll + models.neg_log_prior(models.gaussian_prior) + sp.log(Z)
    form_g = models.penalized_form(nlp_g, bernoulli_likelihood.data_fit, half_sq)
    d.claim(
        r"With a $\mathcal N(0, \sigma_w^2)$ prior on each coefficient, solve for the factor $c$ and strength "
        r"$\lambda$ that make $-\log p(\beta \mid y) - c\bigl(\sum_i \ell_i + "
        r"\lambda\tfrac12\lVert\beta\rVert^2\bigr)$ free of $\beta$, exactly as for Gaussian noise:",
        r"c,\ \lambda", sp.Tuple(form_g.factor, form_g.lam), label="gaussian",
        check=lambda: models.residual_after_split(nlp_g, form_g) == 0 and not form_g.constant.has(beta)
        and form_g.factor == 1,
        checked=r"`penalized_form` solved for $(c, \lambda)$ and the split reduces to 0 for general $n$ and $p$; "
        "the factor is exactly 1.",
    )
    d.say(
        "The factor is 1 because a Bernoulli likelihood has no noise variance: for Gaussian noise it was "
        r"$1/(2\sigma^2)$, and $\sigma^2$ is what turned the prior scale into $\lambda = \sigma^2/\sigma_w^2$. Here "
        r"the MAP objective is the log-loss plus $\lVert\beta\rVert^2/(2\sigma_w^2)$, and the prior variance "
        "appears undiluted."
    )
    C_g = _sklearn_C(form_g.lam)
    d.claim(
        r"scikit-learn's `LogisticRegression` minimizes $C\sum_i \ell_i + \tfrac12\lVert\beta\rVert^2$ "
        "(`l1_ratio=0`). Dividing by $C > 0$ does not move the minimizer and gives the form above with "
        r"$\lambda = 1/C$, so",
        "C", C_g, label="c-gaussian",
        check=lambda: sp.simplify(1 / C_g - form_g.lam) == 0 and not C_g.has(sigma),
        checked=r"`sympy.solve` of $1/C = \lambda$; the answer contains no noise variance.",
    )
    nlp_l = nll + models.neg_log_prior(models.laplace_prior) + sp.log(Z)
    form_l = models.penalized_form(nlp_l, bernoulli_likelihood.data_fit, l1)
    C_l = _sklearn_C(form_l.lam)
    d.claim(
        "With a Laplace$(0, b)$ prior the same steps give factor "
        fr"${latex(form_l.factor)}$ and $\lambda = {latex(form_l.lam)}$ for the penalty "
        r"$\lVert\beta\rVert_1$; scikit-learn's L1 objective is $C\sum_i\ell_i + \lVert\beta\rVert_1$ "
        "(`l1_ratio=1`), so",
        "C", C_l, label="c-laplace",
        check=lambda: models.residual_after_split(nlp_l, form_l) == 0 and form_l.factor == 1
        and sp.simplify(1 / C_l - form_l.lam) == 0,
        checked="`penalized_form` for the Laplace prior (split exact for general $n$, $p$; factor 1) and "
        r"`sympy.solve` of $1/C = \lambda$.",
    )
    grad = linearize(coordinate_derivative(nll, beta, k, p))
    mu_i = fitted(i)
    sigmoid_form = sp.Sum(X[i, k] * (1 / (1 + sp.exp(-mu_i)) - y[i]), (i, 1, n))
    # the form SymPy's differentiation produces, and the one-variable identity that turns it into the sigmoid
    produced = sp.Sum(X[i, k] * sp.exp(mu_i) / (sp.exp(mu_i) + 1), (i, 1, n)) - sp.Sum(X[i, k] * y[i], (i, 1, n))
    d.claim(
        "The optimality conditions need the gradient of the log-loss, the correlation of each column with "
        "the residual 'predicted probability minus label':",
        r"\frac{\partial}{\partial\beta_k}\sum_i \ell_i", sigmoid_form, label="gradient",
        check=lambda: sp.expand(grad - produced) == 0
        and sp.simplify(1 / (1 + sp.exp(-mu)) - sp.exp(mu) / (sp.exp(mu) + 1)) == 0,
        checked=r"the derivative with respect to a general $\beta_k$, computed through the sums for general $n$ and "
        r"$p$, is $\sum_i X_{ik}e^{\mu_i}/(e^{\mu_i} + 1) - \sum_i X_{ik}y_i$, and "
        r"$e^{\mu}/(e^{\mu} + 1) = 1/(1 + e^{-\mu})$.",
    )
    d.say(
        r"So the Gaussian-prior MAP zeroes $\partial\sum\ell/\partial\beta_k + \beta_k/\sigma_w^2$ for every $k$; "
        r"the Laplace-prior MAP has $\partial\sum\ell/\partial\beta_k = -\operatorname{sign}(\beta_k)/b$ on its "
        r"support and $|\partial\sum\ell/\partial\beta_k| \le 1/b$ off it, the lasso's conditions with the "
        r"log-loss in place of the squared error. Carrying the ridge reading $C = 1/\lambda = \sigma_w^2/\sigma^2$ "
        "over to logistic regression would invent a noise variance the model does not have."
    )
    d.record(
        neg_log_posterior_gaussian=nlp_g,
        neg_log_posterior_laplace=nlp_l,
        logloss_gradient=sigmoid_form,
        C_gaussian=C_g,
        C_laplace=C_l,
        factor=form_g.factor,
        wrong_C_gaussian=sigma_w**2 / sigma**2,
    )
    return d
