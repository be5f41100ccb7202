"""A prior mean θ₀: ridge shrinks toward θ₀, (XᵀX + λI)⁻¹(Xᵀy + λθ₀), and θ₀ is a shift of the data.

Also the precision-style parameterization exp(−κ‖θ − θ₀‖²) some write-ups use, with its normalizer,
variance and implied λ = 2σ²κ derived, and the commonly printed wrong forms recorded as ``wrong_*``.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic import models
from regprior.symbolic.derivation import Derivation
from regprior.symbolic.matrices import Ip, Xm, betam, is_zero_matrix, left_multiply, quadratic, to_indexed, ym
from regprior.symbolic.models import gaussian_likelihood as likelihood
from regprior.symbolic.sums import is_identity, linearize
from regprior.symbolic.symbols import X, beta, i, j, lam, n, p, rss, sigma, sigma_w, theta0, y

#: the prior mean as a p x 1 matrix symbol (its entries are ``theta0[j]``)
theta0m = sp.MatrixSymbol("theta_0", p, 1)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the prior-mean derivation."""
    d = Derivation("prior-mean", "A prior mean: shrinking toward θ₀")
    x = sp.Symbol("x", real=True)
    prior = models.gaussian_prior.centred_at(theta0)

    d.say(
        "The Gaussian-prior page centres every coefficient at 0. Here coefficient $j$ has its own prior "
        r"mean $\theta_{0j}$, a value we believe in before seeing data (a published estimate, last year's "
        r"model, a physical constant). The noise model is unchanged: $y = X\beta + \varepsilon$ with "
        r"$\varepsilon_i \sim \mathcal N(0, \sigma^2)$ independent."
    )
    d.claim(
        r"Each coefficient is Gaussian around its own prior mean, with standard deviation $\sigma_w$:",
        r"p(\beta)", prior.joint(), label="prior",
        check=lambda: sp.simplify(
            prior.density_value(x - theta0[j]) - sps.density(sps.Normal("w", theta0[j], sigma_w))(x)
        ) == 0
        and sp.integrate(prior.density_value(x - theta0[j]), (x, -sp.oo, sp.oo)) == 1,
        checked=r"the density of $\beta_j$ integrates to 1 and equals the `sympy.stats` Normal density with "
        r"mean $\theta_{0j}$ and standard deviation $\sigma_w$.",
    )
    nlp = models.neg_log_posterior(likelihood, prior)
    penalty = prior.penalty()
    form = models.penalized_form(nlp, rss(), penalty)
    c, lam_ = form.unknowns
    objective = sp.Add(rss(), lam_ * penalty, evaluate=False)
    d.claim(
        r"Taking $-\log$ of likelihood times prior and solving for the factor $c$ and the strength "
        r"$\lambda$ that make the negative log-posterior $c\,J(\beta)$ plus a constant free of $\beta$, "
        r"exactly as in {doc}`/derivations/gaussian-l2` but with the penalty centred at $\theta_0$,",
        r"J(\beta)", objective, label="objective",
        check=lambda: models.residual_after_split(nlp, form) == 0 and not form.constant.has(beta)
        and form.factor == 1 / (2 * sigma**2),
        checked=r"`penalized_form` solves $c = 1/(2\sigma^2)$ and the $\lambda$ below; with every square "
        r"multiplied out, the negative log-posterior minus $c\,J(\beta)$ is a constant containing no $\beta$.",
    )
    d.claim(
        "gives the same strength as with a zero mean. The prior mean moves the centre of the penalty; it does "
        "not change how strongly the penalty pulls:",
        r"\lambda", form.lam, label="lambda",
        check=lambda: sp.simplify(form.lam - sigma**2 / sigma_w**2) == 0,
        checked=r"the solved $\lambda$ equals $\sigma^2/\sigma_w^2$, the strength derived for a zero mean.",
    )

    # -- the closed form, by matrix calculus ------------------------------------------------------
    J = (ym - Xm * betam).T * (ym - Xm * betam) + lam * (betam - theta0m).T * (betam - theta0m)
    d.claim(
        r"In matrix notation, with $\theta_0$ a $p$-vector of symbolic length,",
        r"J(\beta)", J, label="matrix",
        check=lambda: is_identity(to_indexed(J[0, 0], {theta0m: theta0}), rss() + lam * penalty),
        checked="the single entry of the matrix expression, written with indices, equals the sum form above "
        "for general $n$ and $p$.",
    )
    quad = quadratic(J, betam)
    A = Xm.T * Xm + lam * Ip
    rhs = Xm.T * ym + lam * theta0m
    beta_hat = A.I * rhs
    d.claim(
        r"Its gradient is affine in $\beta$ with the Hessian $H = 2(X^\top X + \lambda I)$ of plain ridge, "
        r"which is positive definite for $\lambda > 0$:",
        r"\nabla J(\beta)", quad.gradient, label="gradient",
        check=lambda: quad.is_affine(betam) and is_zero_matrix(quad.hessian - 2 * A),
        checked=r"the gradient minus $H\beta - \nabla J(0)$ expands to the zero vector, and $H - 2(X^\top X + "
        r"\lambda I)$ to the zero matrix.",
    )
    d.claim(
        "so its unique zero, the MAP estimate, is",
        r"\hat\beta", beta_hat, label="solution",
        check=lambda: is_zero_matrix(2 * sp.MatMul(A, beta_hat).doit() + quad.gradient_at_zero),
        checked=r"the gradient at this vector, $2(X^\top X + \lambda I)\hat\beta + \nabla J(0)$, "
        "simplifies to the zero vector.",
    )

    # -- a prior mean is a shift of the data ------------------------------------------------------
    u = sp.MatrixSymbol("u", p, 1)
    y_shift = ym - Xm * theta0m
    J_shift = (y_shift - Xm * u).T * (y_shift - Xm * u) + lam * u.T * u
    d.claim(
        r"Write $\beta = \theta_0 + u$: $u$ is the departure from the prior mean. The objective becomes plain "
        r"ridge in $u$ with the response $y - X\theta_0$, the part of $y$ the prior mean does not already "
        "explain:",
        r"J(\theta_0 + u)", J_shift, label="shift",
        check=lambda: is_zero_matrix(J.subs(betam, theta0m + u) - J_shift),
        checked=r"substituting $\beta = \theta_0 + u$ into $J$ and subtracting this expression expands to 0.",
    )
    beta_shift = theta0m + A.I * Xm.T * y_shift
    d.claim(
        "So any ridge solver also solves the problem with a prior mean: fit the shifted response, then add "
        r"$\theta_0$ back. The result is the same vector as above:",
        r"\hat\beta", beta_shift, label="shift-solution",
        check=lambda: is_zero_matrix(left_multiply(A, beta_shift - beta_hat)),
        checked=r"$(X^\top X + \lambda I)$ times the difference of the two forms simplifies to the zero vector, and "
        "that matrix is invertible.",
    )

    # -- shrinkage toward theta_0: the one-coefficient case -------------------------------------------
    t0 = sp.Symbol("theta_0", real=True)
    xv = sp.IndexedBase("x", real=True)
    sxx = sp.Sum(xv[i] ** 2, (i, 1, n))
    sxy = sp.Sum(xv[i] * y[i], (i, 1, n))
    b1 = sp.Symbol("beta", real=True)
    J1 = sp.Sum((y[i] - xv[i] * b1) ** 2, (i, 1, n)) + lam * (b1 - t0) ** 2
    (b1_hat,) = sp.solve(linearize(sp.diff(J1, b1).doit(), expand=True), b1)
    ols = sxy / sxx
    weight = sxx / (sxx + lam)
    convex = weight * ols + (1 - weight) * t0
    # SymPy's simplify trips over quotients of sums; compare with the two sums as plain symbols.
    as_symbols = {sxx: sp.Symbol("S_xx", positive=True), sxy: sp.Symbol("S_xy", real=True)}
    d.claim(
        r"With one coefficient ($p = 1$, column $x$) the zero of $dJ/d\beta$ shows what the shrinkage does: the "
        r"MAP is a weighted average of the least-squares estimate $\sum_i x_i y_i / \sum_i x_i^2$ and the prior "
        r"mean, with weight $\sum_i x_i^2/(\sum_i x_i^2 + \lambda)$ on the data:",
        r"\hat\beta", sp.Add(sp.Mul(weight, ols, evaluate=False), sp.Mul(1 - weight, t0, evaluate=False),
                             evaluate=False), label="scalar",
        check=lambda: sp.simplify((b1_hat - convex).xreplace(as_symbols)) == 0
        and not b1_hat.xreplace(as_symbols).has(sp.Sum),
        checked=r"`sympy.solve` of $dJ/d\beta = 0$ (general $n$) returns this expression.",
    )
    big, small = sp.limit(b1_hat, lam, sp.oo), sp.limit(b1_hat, lam, 0)
    d.claim(
        r"A strong prior ($\lambda \to \infty$, i.e. $\sigma_w \to 0$) returns the prior mean; a weak one "
        r"($\lambda \to 0$) returns least squares:",
        r"\lim_{\lambda\to\infty}\hat\beta,\ \lim_{\lambda\to 0}\hat\beta", sp.Tuple(big, small), label="limits",
        check=lambda: big == t0 and sp.simplify((small - ols).xreplace(as_symbols)) == 0,
        checked="both limits computed by `sympy.limit`.",
    )
    d.say(
        r"For $p > 1$ the same happens direction by direction: in the eigenbasis of $X^\top X$ (eigenvalues "
        r"$d_k$), the component of $\hat\beta - \theta_0$ along eigenvector $k$ is the least-squares component "
        r"times $d_k/(d_k + \lambda)$, so directions the data barely measure (small $d_k$) stay close to the "
        "prior mean. SymPy cannot take an eigendecomposition of a matrix of symbolic size, so this sentence "
        "is checked numerically by the tests, not here."
    )

    # -- the precision-style parameterization exp(-kappa ||theta - theta0||^2) -------------------------
    kappa = sp.Symbol("kappa", positive=True)
    kernel = sp.exp(-kappa * (x - t0) ** 2)
    norm_const = 1 / sp.integrate(kernel, (x, -sp.oo, sp.oo))
    variance = sp.integrate((x - t0) ** 2 * norm_const * kernel, (x, -sp.oo, sp.oo))
    wrong_normalizer = 1 / sp.sqrt(4 * sp.pi * kappa)
    wrong_variance = 1 / sp.sqrt(2 * kappa)
    d.claim(
        r"Some write-ups put the strength into the prior directly, $p(\beta_j) \propto "
        r"\exp(-\kappa(\beta_j - \theta_{0j})^2)$. Integrating the kernel gives its normalizer and its "
        r"variance (a density with $\tfrac12$ in the exponent over a variance $v$ reads $1/(2v) = \kappa$):",
        r"\text{normalizer},\ \operatorname{Var}(\beta_j)", sp.Tuple(norm_const, variance), label="kappa",
        check=lambda: sp.simplify(norm_const - sp.sqrt(kappa / sp.pi)) == 0
        and sp.simplify(variance - 1 / (2 * kappa)) == 0
        and sp.simplify(norm_const - wrong_normalizer) != 0
        and sp.simplify(variance - wrong_variance) != 0,
        checked=r"both integrals by `sympy.integrate`; the normalizer is not $1/\sqrt{4\pi\kappa}$ and the "
        r"variance is not $1/\sqrt{2\kappa}$ (their differences from the derived values do not simplify to 0).",
    )
    (sd_kappa,) = sp.solve(sp.Eq(sigma_w**2, variance), sigma_w)
    lam_kappa = sp.simplify(form.lam.subs(sigma_w, sd_kappa))
    sigma_when_equal = sp.solve(sp.Eq(lam_kappa, kappa), sigma)
    d.claim(
        r"This is the Gaussian prior with $\sigma_w^2 = 1/(2\kappa)$, so by the strength derived above the "
        r"canonical objective $\lVert y - X\beta\rVert^2 + \lambda\lVert\beta - \theta_0\rVert^2$ has",
        r"\lambda", lam_kappa, label="lambda-kappa",
        check=lambda: sp.simplify(lam_kappa - 2 * sigma**2 * kappa) == 0 and sigma_when_equal == [1 / sp.sqrt(2)],
        checked=r"substituting $\sigma_w = 1/\sqrt{2\kappa}$ into $\lambda = \sigma^2/\sigma_w^2$; and "
        r"`sympy.solve` finds that $\lambda = \kappa$ holds only at $\sigma = 1/\sqrt2$.",
    )
    d.say(
        r"Writing the MAP problem as $\lVert y - X\beta\rVert^2 + \kappa\lVert\beta - \theta_0\rVert^2$, "
        r"with the prior's own $\kappa$ as the strength, silently sets the noise variance to $\tfrac12$; for any "
        r"other $\sigma$ it is a different estimator. The factor $2\sigma^2$ is where the likelihood's "
        r"$1/(2\sigma^2)$ went."
    )
    wrong_nll = -sp.log(sp.Product(models.gaussian_likelihood.density(y[i], sp.Sum(X[i, j] * theta0[j], (j, 1, p))),
                                   (i, 1, n)))
    d.claim(
        r"Finally, the likelihood is a function of the unknown $\beta$: its mean is $X\beta$, not the prior "
        r"mean $X\theta_0$. Writing $\mathcal N(y \mid X\theta_0, \sigma^2)$ instead gives a term that",
        r"\frac{\partial}{\partial\beta_j}\Bigl(-\log\prod_i \mathcal N(y_i \mid (X\theta_0)_i, \sigma^2)\Bigr)",
        sp.S.Zero, label="wrong-likelihood",
        check=lambda: not wrong_nll.has(beta) and models.neg_log_likelihood(likelihood).has(beta),
        checked=r"the mis-centred log-likelihood contains no $\beta$ at all (the correct one does), so "
        r"maximizing it over $\beta$ would ignore the data.",
    )
    d.record(
        neg_log_posterior=nlp,
        factor=form.factor,
        lam=form.lam,
        constant=form.constant,
        solution=beta_hat,
        solution_shifted=beta_shift,
        scalar_solution=b1_hat,
        kappa_normalizer=norm_const,
        kappa_variance=variance,
        lam_from_kappa=lam_kappa,
        wrong_kappa_normalizer=wrong_normalizer,
        wrong_kappa_variance=wrong_variance,
        wrong_lam_from_kappa=kappa,
        wrong_likelihood=wrong_nll,
        symbols=sp.Tuple(kappa, t0, xv),
    )
    return d
