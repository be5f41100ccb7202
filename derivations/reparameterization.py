"""MAP is not invariant under reparameterization: the Jacobian moves the mode (A16, E8).

A density of θ becomes a density of φ = g(θ) only with the factor |dθ/dφ|. The mode moves with that factor,
so the MAP of φ mapped back is in general not the MAP of θ. Two examples: θ ~ Exp(1) with φ = log θ, and the
noise level written as a precision, a variance or a standard deviation. Medians are invariant under monotone
maps, means are not, and affine maps (constant Jacobian) leave the mode where one expects it.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps
from sympy.calculus.util import function_range

from regprior.symbolic.derivation import Derivation


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the reparameterization derivation."""
    d = Derivation("reparameterization", "MAP depends on the parameterization")
    theta = sp.Symbol("theta", positive=True)
    phi = sp.Symbol("varphi", real=True)
    T = sps.Exponential("T", 1)
    p_theta = sps.density(T)(theta)

    slope = sp.diff(p_theta, theta)
    d.claim(
        r"Let $\theta \sim \mathrm{Exp}(1)$, density $p(\theta) = e^{-\theta}$ on $\theta > 0$. Its derivative is "
        "negative everywhere, so the density is largest at the left end: the mode (the MAP, were this a "
        r"posterior) is $\hat\theta = 0$.",
        r"\frac{d}{d\theta}p(\theta)", slope, label="theta-mode",
        check=lambda: slope.is_negative is True and sp.limit(p_theta, theta, 0, "+") == function_range(
            p_theta, theta, sp.Interval.open(0, sp.oo)).sup,
        checked=r"SymPy decides the derivative is negative for every $\theta > 0$; the limit at $0^+$ is the "
        "supremum of the density.",
    )
    theta_of_phi = sp.exp(phi)
    jac = sp.diff(theta_of_phi, phi)
    p_phi = p_theta.subs(theta, theta_of_phi) * sp.Abs(jac)
    d.claim(
        r"Describe the same uncertainty by $\varphi = \log\theta$. A probability $p(\theta)\,d\theta$ must equal "
        r"$p(\varphi)\,d\varphi$, so the density picks up the Jacobian $|d\theta/d\varphi| = e^{\varphi}$:",
        r"p(\varphi)", p_phi, label="phi-density",
        check=lambda: sp.simplify(p_phi - sps.density(sp.log(T))(phi)) == 0
        and sp.integrate(p_phi, (phi, -sp.oo, sp.oo)) == 1,
        checked=r"this equals the density `sympy.stats` computes for $\log T$, and it integrates to 1.",
    )
    (phi_mode,) = sp.solve(sp.diff(sp.log(p_phi), phi), phi)
    theta_back = theta_of_phi.subs(phi, phi_mode)
    d.claim(
        r"Its mode solves $\frac{d}{d\varphi}(\varphi - e^{\varphi}) = 0$, and mapping it back to $\theta$ gives",
        r"\hat\varphi,\ e^{\hat\varphi}", sp.Tuple(phi_mode, theta_back), label="phi-mode",
        check=lambda: sp.diff(sp.log(p_phi), phi, 2).subs(phi, phi_mode) < 0 and theta_back == 1,
        checked="`sympy.solve` gives the single stationary point, where the second derivative is negative; "
        "$e^0 = 1$.",
    )
    d.say(
        r"So the MAP in $\theta$ is 0 and the MAP in $\log\theta$ says $\theta = 1$: the same belief, two "
        "different 'most probable values'. A mode is a property of a density, and a density depends on the "
        "coordinates; the penalty-equals-prior correspondence is tied to the parameterization in which the "
        "penalty is written."
    )
    wrong = p_theta.subs(theta, theta_of_phi)
    wrong_total = sp.integrate(wrong, (phi, -sp.oo, sp.oo))
    d.claim(
        r"Substituting $\theta = e^\varphi$ without the Jacobian does keep the mode where it was "
        r"($e^{-e^\varphi}$ grows as $\varphi \to -\infty$, i.e. $\theta \to 0$), but the result is not a "
        "density:",
        r"\int_{-\infty}^{\infty} p_\theta(e^\varphi)\,d\varphi", wrong_total, label="no-jacobian",
        check=lambda: wrong_total == sp.oo,
        checked="`sympy.integrate` diverges.",
    )
    F_theta = sps.cdf(T)(theta)
    (med_theta,) = sp.solve(sp.Eq(F_theta, sp.Rational(1, 2)), theta)
    F_phi = sp.integrate(p_phi.subs(phi, sp.Symbol("t", real=True)), (sp.Symbol("t", real=True), -sp.oo, phi))
    (med_phi,) = sp.solve(sp.Eq(F_phi, sp.Rational(1, 2)), phi)
    # E[phi] = integral of phi p(phi) d phi; in the variable t = e^phi (SymPy's direct integral picks a wrong branch)
    mean_phi = sp.integrate(sp.log(theta) * p_theta, (theta, 0, sp.oo))
    d.claim(
        "Other summaries behave differently. A median is a point with half the probability on each side, which a "
        r"monotone map preserves; a mean is not preserved. Median and mean of $\theta$ and of $\varphi$:",
        r"m_\theta,\ m_\varphi,\ \mathbb E\theta,\ \mathbb E\varphi",
        sp.Tuple(med_theta, med_phi, sps.E(T), mean_phi), label="median-mean",
        check=lambda: sp.simplify(med_phi - sp.log(med_theta)) == 0 and sps.E(T) == 1
        and sp.simplify(mean_phi + sp.EulerGamma) == 0,
        checked=r"the medians solve $F = 1/2$ for each distribution function (the one of $\varphi$ integrated "
        r"from its density) and $m_\varphi = \log m_\theta$; the means are integrals (the one of $\varphi$ "
        r"computed as $\int_0^\infty \log t\, e^{-t}\,dt$ after substituting $t = e^\varphi$), and "
        r"$\mathbb E\varphi = -\gamma \neq \log\mathbb E\theta = 0$.",
    )
    c, dd = sp.Symbol("c", positive=True), sp.Symbol("d", real=True)
    G = sps.Gamma("G", 3, 1)
    u = sp.Symbol("u", real=True)
    p_affine = sps.density(G)((u - dd) / c) / c
    (mode_g,) = sp.solve(sp.diff(sps.density(G)(theta), theta), theta)
    (mode_affine,) = sp.solve(sp.diff(sp.log(p_affine), u), u)
    d.claim(
        r"An affine map $u = c\theta + d$ has a constant Jacobian $1/c$, which cannot move the mode. For a "
        "Gamma$(3, 1)$ density (mode 2) the mode of $u$ is",
        r"\hat u", mode_affine, label="affine",
        check=lambda: mode_g == 2 and sp.simplify(mode_affine - (c * mode_g + dd)) == 0,
        checked=r"the root of the derivative of $\log p(u)$ equals $c$ times the mode of $\theta$ plus $d$.",
    )
    d.say(
        "That is why rescaling a column of $X$ (which rescales its coefficient) moves the MAP predictably, "
        "provided the prior scale is rescaled with it; a nonlinear change of variables is a different prior."
    )
    a, bb = sp.symbols("a b", positive=True)
    tau, v, s = sp.symbols("tau v s", positive=True)
    p_tau = sps.density(sps.Gamma("P", a, 1 / bb))(tau)
    p_v = p_tau.subs(tau, 1 / v) * sp.Abs(sp.diff(1 / v, v))
    p_s = p_tau.subs(tau, 1 / s**2) * sp.Abs(sp.diff(1 / s**2, s))
    (mode_tau,), (mode_v,), (mode_s,) = (sp.solve(sp.diff(sp.expand_log(sp.log(dens), force=True), var), var)
                                         for dens, var in ((p_tau, tau), (p_v, v), (p_s, s)))
    summary = sp.Tuple(1 / mode_tau, mode_v, mode_s**2)
    d.claim(
        r"The unknown-noise page meets this directly. Let the noise precision $\tau = 1/\sigma^2$ be Gamma with "
        r"shape $a$ and rate $b$, equivalently $\sigma^2 \sim \mathrm{IG}(a, b)$. The 'most probable noise "
        "variance', read off the mode of the precision (inverted; it needs $a > 1$), of the variance, and of the "
        "standard deviation (squared), is",
        r"\Bigl(\frac{1}{\hat\tau},\ \widehat{\sigma^2},\ \hat\sigma^2\Bigr)", summary, label="noise-modes",
        check=lambda: sp.simplify(p_v - sps.density(sps.GammaInverse("V", a, bb))(v)) == 0
        and len({sp.simplify(e) for e in summary}) == 3,
        checked="the variance's density, transformed with its Jacobian, is the `sympy.stats` inverse-gamma "
        "density; each mode is the root of a log-density's derivative; the three values are distinct.",
    )
    d.record(
        theta_mode=sp.S.Zero,
        phi_mode=phi_mode,
        phi_density=p_phi,
        wrong_density_without_jacobian=wrong,
        median_phi=med_phi,
        mean_phi=mean_phi,
        noise_modes=summary,
        noise_mode_symbols=sp.Tuple(a, bb),
        phi=phi,
    )
    return d
