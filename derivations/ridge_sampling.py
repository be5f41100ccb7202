"""Penalized estimates keep their frequentist inference: the ridge estimator's bias and sampling covariance (E7).

The ridge estimate is linear in y, so under y = Xβ + ε with Cov(ε) = σ²I its mean and covariance follow from
matrix algebra (symbolic n and p): a bias of −λA⁻¹β and the sandwich σ²A⁻¹XᵀXA⁻¹, A = XᵀX + λI. That sandwich
is not the Bayesian posterior covariance σ²A⁻¹; the two differ by λσ²A⁻², which vanishes only at λ = 0.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from regprior.symbolic.derivation import Derivation
from regprior.symbolic.matrices import Ip, Xm, betam
from regprior.symbolic.symbols import lam, sigma

from . import ridge_solution


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the ridge sampling-distribution derivation."""
    d = Derivation("ridge-sampling", "The sampling distribution of the ridge estimator")
    p_ = Xm.shape[1]
    A = Xm.T * Xm + lam * Ip
    H = A.I * Xm.T
    solution = ridge_solution.derivation().results["solution"]
    d.claim(
        r"A frequentist treats $\beta$ as fixed and $y = X\beta + \varepsilon$ as random, with "
        r"$\mathbb E\varepsilon = 0$ and $\operatorname{Cov}(\varepsilon) = \sigma^2 I$. The ridge estimate "
        "(from {doc}`/derivations/ridge-solution`) is a fixed matrix times $y$:",
        r"\hat\beta = H y,\quad H", H, label="linear",
        check=lambda: solution == H * sp.MatrixSymbol("y", Xm.shape[0], 1),
        checked="the recorded ridge solution is exactly this matrix applied to $y$.",
    )
    As = sp.MatrixSymbol("A", p_, p_)
    bias_display = -lam * As.I * betam
    d.claim(
        r"Its mean is $H X\beta$, so with $A = X^\top X + \lambda I$ the bias is",
        r"\mathbb E\hat\beta - \beta", bias_display, label="bias",
        check=lambda: sp.expand((As.I * (As - lam * Ip) * betam - betam).doit()) == sp.expand(bias_display.doit()),
        checked=r"writing $X^\top X = A - \lambda I$, $A^{-1}(A - \lambda I)\beta - \beta$ multiplies out to "
        r"$-\lambda A^{-1}\beta$.",
    )
    cov = sigma**2 * H * H.T
    sandwich = sigma**2 * A.I * Xm.T * Xm * A.I
    d.claim(
        r"and its covariance is $H(\sigma^2 I)H^\top$, the *sandwich*",
        r"\operatorname{Cov}(\hat\beta)", sandwich, label="sandwich",
        check=lambda: (cov.doit() - sandwich).doit() == sp.ZeroMatrix(p_, p_),
        checked=r"$H H^\top$ with $H = A^{-1}X^\top$ simplifies to $A^{-1}X^\top X A^{-1}$ ($A$ is symmetric, "
        r"and SymPy knows $A^\top = A$ for this $A$).",
    )
    posterior = sigma**2 * As.I
    gap = sp.expand((sigma**2 * As.I * (As - lam * Ip) * As.I - posterior).doit())
    d.claim(
        "This is not the Bayesian posterior covariance under the matching Gaussian prior, "
        r"$\sigma^2 A^{-1}$; written with $X^\top X = A - \lambda I$, their difference is",
        r"\operatorname{Cov}(\hat\beta) - \sigma^2 A^{-1}", gap, label="not-posterior",
        check=lambda: gap == sp.expand(-lam * sigma**2 * As.I * As.I) and gap != sp.ZeroMatrix(p_, p_),
        checked=r"multiplying out gives $-\lambda\sigma^2 A^{-2}$, which is not the zero matrix for $\lambda > 0$.",
    )
    z, delta = sp.symbols("z delta", positive=True)
    Phi = lambda t: (1 + sp.erf(t / sp.sqrt(2))) / 2  # noqa: E731  the standard normal distribution function
    coverage = Phi(z - delta) - Phi(-z - delta)
    slope = sp.simplify(sp.diff(coverage, delta))
    phi = lambda t: sp.exp(-t**2 / 2) / sp.sqrt(2 * sp.pi)  # noqa: E731
    d.claim(
        "The sampling covariance is smaller: the penalty removes variance and adds the bias above. Gaussian noise "
        r"makes $\hat\beta \sim \mathcal N(\beta - \lambda A^{-1}\beta,\ \sigma^2A^{-1}X^\top XA^{-1})$, centred on a "
        r"point that depends on the unknown $\beta$. So an interval $\hat\beta_j \pm z\,\mathrm{sd}(\hat\beta_j)$ "
        r"read off this law covers $\beta_j$ less often than it would without the bias: with the bias "
        r"$\delta > 0$ standard deviations, its coverage and the coverage's slope in $\delta$ are",
        r"P\bigl(\lvert\hat\beta_j - \beta_j\rvert \le z\,\mathrm{sd}\bigr) = \Phi(z - \delta) - \Phi(-z - \delta),"
        r"\qquad \frac{d}{d\delta}",
        r"\varphi(z + \delta) - \varphi(z - \delta) < 0", label="coverage",
        check=lambda: sp.simplify(slope - (phi(z + delta) - phi(z - delta))) == 0
        and sp.simplify(phi(z + delta) / phi(z - delta) - sp.exp(-2 * z * delta)) == 0,
        checked=r"`sympy.diff` of the coverage equals $\varphi(z + \delta) - \varphi(z - \delta)$ ($\varphi$ the "
        r"standard normal density), and "
        r"$\varphi(z + \delta)/\varphi(z - \delta) = e^{-2z\delta} < 1$: the coverage falls as the bias grows, from "
        r"its nominal value at $\delta = 0$.",
    )
    d.say(
        "So choosing a penalty does not remove frequentist inference, but the bias has to be handled: estimated "
        "and subtracted, bounded, or the interval read as one for the shrunken target "
        r"$\mathbb E\hat\beta$ rather than for $\beta$. For the lasso there are the bootstrap, selective "
        "(post-selection) inference, the covariance test and the debiased lasso. What a penalized point estimate "
        "does not give is a *posterior*; that takes sampling, as in the first part of this page."
    )
    d.record(sandwich=sandwich, wrong_sampling_cov=sigma**2 * A.I, bias=-lam * A.I * betam)
    return d
