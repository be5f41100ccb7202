"""The linear-Gaussian posterior: completing the square shows it is Gaussian, with covariance
(XᵀWX + Σ⁻¹)⁻¹ (W = I/σ² for independent equal noise), mean = mode = the (generalized) ridge solution,
and the predictive distribution of a new observation.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic.derivation import Derivation
from regprior.symbolic.matrices import In, Ip, Xm, betam, gradient, is_zero_matrix, left_multiply, quadratic, ym
from regprior.symbolic.sums import rename_bound
from regprior.symbolic.symbols import n, p, sigma, sigma_w

from .prior_mean import theta0m

#: the prior covariance Sigma, the noise precision W (W = I / sigma^2 for i.i.d. noise) and a new input
Sigma = sp.MatrixSymbol("Sigma", p, p)
W = sp.MatrixSymbol("W", n, n)
x_new = sp.MatrixSymbol("x_*", p, 1)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the Gaussian-posterior derivation."""
    d = Derivation("gaussian-posterior", "The Gaussian posterior: covariance, mean = mode, prediction")
    Q = Sigma.I
    d.say(
        "The MAP estimate is one point of the posterior. With a Gaussian likelihood and a Gaussian prior the "
        "posterior is itself Gaussian, and its covariance says how uncertain each coefficient still is after "
        "the data. To cover unequal and correlated noise at no extra cost, let the noise have covariance "
        r"$W^{-1}$ ($W = I/\sigma^2$ for independent noise of variance $\sigma^2$, $W = "
        r"\operatorname{diag}(s_i)/\sigma^2$ with sample weights $s_i$); the prior is "
        r"$\mathcal N(\theta_0, \Sigma)$."
    )
    E = ((ym - Xm * betam).T * W * (ym - Xm * betam) + (betam - theta0m).T * Q * (betam - theta0m)) / 2
    d.define(
        r"Up to terms free of $\beta$, the negative log of likelihood times prior is the sum of the two "
        "quadratic forms in the exponents:",
        r"E(\beta)", E, label="energy",
    )
    quad = quadratic(E, betam, symmetric=(W, Sigma, Q))
    H = Xm.T * W * Xm + Q
    d.claim(
        r"Its gradient is affine in $\beta$, with a Hessian that does not depend on $\beta$, the *posterior "
        "precision*:",
        "H", H, label="precision",
        check=lambda: quad.is_affine(betam) and is_zero_matrix(quad.hessian - H),
        checked=r"matrix calculus (with $W$ and $\Sigma$ symmetric) gives a gradient equal to "
        r"$H\beta + \nabla E(0)$ with this $H$.",
    )
    b = Xm.T * W * ym + Q * theta0m
    mode = H.I * b
    d.claim(
        r"$H$ is positive definite (a positive definite $\Sigma^{-1}$ plus the positive semi-definite "
        r"$X^\top W X$), so $E$ has exactly one stationary point, the posterior mode:",
        "m", mode, label="mode",
        check=lambda: is_zero_matrix(quad.gradient_at_zero + b) and is_zero_matrix(left_multiply(H, mode) - b),
        checked=r"$\nabla E(0) = -(X^\top W y + \Sigma^{-1}\theta_0)$, and $H m$ simplifies to "
        r"$X^\top W y + \Sigma^{-1}\theta_0$, so the gradient vanishes at $m$.",
    )
    mm = sp.MatrixSymbol("m", p, 1)
    completed = (betam - mm).T * H * (betam - mm) / 2
    D = E - E.subs(betam, mm) - completed
    grad_D = gradient(D, betam, symmetric=(W, Sigma, Q))
    d.claim(
        r"Completing the square: $E$ equals its value at the mode plus a quadratic form in $\beta - m$ with "
        r"matrix $H$. To see it, let $D(\beta) = E(\beta) - E(m) - \tfrac12(\beta - m)^\top H(\beta - m)$. "
        r"Its gradient does not depend on $\beta$,",
        r"\nabla D(\beta)", H * mm + quad.gradient_at_zero, label="complete",
        check=lambda: is_zero_matrix(grad_D - (H * mm + quad.gradient_at_zero))
        and is_zero_matrix(D.subs(betam, mm)),
        checked=r"for a general vector $m$ the gradient of $D$ expands to $Hm + \nabla E(0)$, and "
        "$D(m) = 0$ identically.",
    )
    C = H.I
    d.claim(
        r"and at the mode it is $Hm + \nabla E(0) = \nabla E(m) = 0$. A function with zero gradient "
        r"everywhere is constant, and $D(m) = 0$, so $D \equiv 0$ and the posterior density is proportional "
        r"to $\exp(-\tfrac12(\beta-m)^\top H (\beta - m))$: a Gaussian with mean $m$ and covariance",
        "C", sp.Inverse(H), label="covariance",
        check=lambda: is_zero_matrix(sp.MatMul(H, mode).doit() + quad.gradient_at_zero)
        and is_zero_matrix(C.I - H),
        checked=r"$H m + \nabla E(0)$ simplifies to the zero vector, and the covariance whose inverse is $H$ "
        r"is $H^{-1}$ (the Gaussian kernel $\exp(-\tfrac12(\beta-m)^\top C^{-1}(\beta-m))$ with $C^{-1} = H$).",
    )
    d.say(
        "So the posterior mean, the posterior mode (the MAP) and the posterior median of every coefficient are "
        "all the same vector $m$; the posterior adds what the point estimate cannot give, the covariance $C$. "
        "Ridge regression *is* the mode of this distribution, not the distribution."
    )

    # -- independent noise of variance sigma^2 -----------------------------------------------------
    W_iid = In / sigma**2
    H_iid = Xm.T * Xm / sigma**2 + Q
    C_iid = H_iid.I
    m_iid = C_iid * (Xm.T * ym / sigma**2 + Q * theta0m)
    d.claim(
        r"With independent noise of variance $\sigma^2$, $W = I/\sigma^2$ and",
        r"C", C_iid, label="covariance-iid",
        check=lambda: is_zero_matrix(H.subs(W, W_iid).doit() - H_iid),
        checked=r"substituting $W = I/\sigma^2$ into $H$ gives $X^\top X/\sigma^2 + \Sigma^{-1}$.",
    )
    P = sigma**2 * Q
    A = Xm.T * Xm + P
    d.claim(
        r"and the mean is the generalized ridge solution with the penalty matrix $P = \sigma^2\Sigma^{-1}$ derived "
        "in {doc}`/derivations/prior-covariance`:",
        "m", m_iid, label="mean-iid",
        check=lambda: is_zero_matrix(A - sigma**2 * H_iid)
        and is_zero_matrix(left_multiply(sp.MatMul(sigma**2, H_iid), m_iid) - (Xm.T * ym + P * theta0m)),
        checked=r"$X^\top X + \sigma^2\Sigma^{-1} = \sigma^2 H$, and $\sigma^2 H m$ simplifies to $X^\top y + "
        r"\sigma^2\Sigma^{-1}\theta_0$: $m$ solves the generalized ridge normal equations "
        r"$(X^\top X + P)\beta = X^\top y + P\theta_0$.",
    )
    lam_ = sp.Symbol("lambda", positive=True)
    C_ridge = sigma**2 * (Xm.T * Xm + lam_ * Ip).I
    d.claim(
        r"For the isotropic prior $\Sigma = \sigma_w^2 I$ (plain ridge, $\lambda = \sigma^2/\sigma_w^2$) the "
        r"covariance is $\sigma^2$ times the inverse of the ridge system matrix:",
        "C", C_ridge, label="covariance-ridge",
        check=lambda: is_zero_matrix(
            H_iid.subs(Q, Ip / sigma_w**2).doit() - (Xm.T * Xm + lam_ * Ip).subs(lam_, sigma**2 / sigma_w**2) / sigma**2
        ) and is_zero_matrix(sp.MatMul((Xm.T * Xm + lam_ * Ip) / sigma**2, C_ridge).doit() - Ip),
        checked=r"with $\Sigma^{-1} = I/\sigma_w^2$ the precision is $(X^\top X + \lambda I)/\sigma^2$ at "
        r"$\lambda = \sigma^2/\sigma_w^2$, and that matrix times this $C$ is the identity.",
    )

    # -- the predictive distribution ----------------------------------------------------------------
    u = sp.Symbol("u", real=True)
    mu_s, c_s, v = sp.Symbol("mu", real=True), sp.Symbol("c", positive=True), sp.Symbol("v", real=True)
    scalar_cgf = sp.log(sps.moment_generating_function(sps.Normal("b", mu_s, sp.sqrt(c_s)))(v))
    cgf_beta = lambda t: (t.T * mm)[0, 0] + (t.T * C * t)[0, 0] / 2
    cgf = cgf_beta(u * x_new) + u**2 * sigma**2 / 2
    d.claim(
        r"A new observation at input $x_*$ is $y_* = x_*^\top\beta + \varepsilon_*$ with $\beta$ from the "
        r"posterior and independent noise $\varepsilon_* \sim \mathcal N(0, \sigma^2)$. The cumulant generating "
        r"function of $\mathcal N(m, C)$ is $K_\beta(t) = t^\top m + \tfrac12 t^\top C t$, cumulant generating "
        "functions of independent terms add, so",
        r"K_{y_*}(u)", r"u\,x_*^\top m + \tfrac{u^2}{2}\left(x_*^\top C x_* + \sigma^2\right)",
        label="cgf",
        check=lambda: sp.expand(scalar_cgf - (v * mu_s + v**2 * c_s / 2)) == 0
        and rename_bound(sp.expand(cgf)) == rename_bound(sp.expand(
            u * (x_new.T * mm)[0, 0] + u**2 / 2 * ((x_new.T * C * x_new)[0, 0] + sigma**2))),
        checked=r"for one coefficient, $\log$ of the `sympy.stats` moment generating function of "
        r"$\mathcal N(\mu, c)$ is $\mu v + c v^2/2$; and $K_\beta(u x_*) + u^2\sigma^2/2$ equals this "
        "expression entry by entry.",
    )
    pred_mean = sp.diff(cgf, u).subs(u, 0)
    pred_var = sp.diff(cgf, u, 2).subs(u, 0)
    d.claim(
        "It is quadratic in $u$, so $y_*$ is Gaussian; its mean and variance are the first two derivatives at "
        "$u = 0$:",
        r"\operatorname{E}[y_*] = x_*^\top m,\qquad \operatorname{Var}[y_*]",
        r"x_*^\top C\, x_* + \sigma^2",
        label="predictive",
        check=lambda: rename_bound(pred_mean) == rename_bound((x_new.T * mm)[0, 0])
        and rename_bound(sp.expand(pred_var)) == rename_bound(sp.expand((x_new.T * C * x_new)[0, 0] + sigma**2))
        and sp.diff(cgf, u, 3) == 0,
        checked="`sympy.diff` of the cumulant generating function at $u = 0$ gives these, and its third "
        "derivative is identically 0.",
    )
    d.say(
        r"The first part of the variance, $x_*^\top C x_*$, is what we do not know about $\beta$ and shrinks as "
        r"data accumulate; the second, $\sigma^2$, is the noise of a single new observation and does not. "
        r"Leaving out $\sigma^2$ gives the interval for the regression function $x_*^\top\beta$ rather than "
        "for a new response."
    )
    d.record(
        precision=H,
        mode=mode,
        covariance_iid=C_iid,
        mean_iid=m_iid,
        covariance_ridge=C_ridge,
        predictive_variance=x_new.T * C_iid * x_new + sigma**2 * sp.Identity(1),
        matrices=sp.Tuple(Sigma, W, x_new, lam_),
    )
    return d
