"""Gaussian and Laplace priors at matched variance, and their negative logarithms (the penalties)."""

from __future__ import annotations

import numpy as np
from scipy.special import gamma

import regprior as rp

from ._style import GAUSSIAN, LAPLACE, panels, plt, save


def densities_and_penalties(path, layout: str = "wide") -> None:
    sd = 1.0
    gaussian, laplace = rp.GaussianPrior(sd), rp.LaplacePrior(sd / np.sqrt(2))  # both have variance 1
    t = np.linspace(-4, 4, 801)
    density = lambda prior: np.exp([-prior.neg_log_density([v]) for v in t])
    penalty = lambda prior: np.array([prior.neg_log_density([v]) - prior.neg_log_density([0.0]) for v in t])
    fig, ((left, right),) = panels(layout, 1, 2, height=3.0, panel_height=2.7)
    left.plot(t, density(gaussian), color=GAUSSIAN, label=r"Gaussian, $\sigma_w = 1$")
    left.plot(t, density(laplace), color=LAPLACE, label=r"Laplace, $b = 1/\sqrt{2}$")
    left.set(title="Prior densities, both of variance 1", xlabel=r"$\beta_j$", ylabel="density")
    left.legend()
    right.plot(t, penalty(gaussian), color=GAUSSIAN, label=r"$\beta_j^2/(2\sigma_w^2)$")
    right.plot(t, penalty(laplace), color=LAPLACE, label=r"$|\beta_j|/b$")
    right.set(title=r"Minus log density, 0 at $\beta_j = 0$", xlabel=r"$\beta_j$",
              ylabel="penalty", ylim=(0, 6))
    right.legend()
    save(fig, path)


FIGURES = {"prior-densities-penalties": densities_and_penalties}


#: the exponents of the exponential-power family drawn, q = 1 the Laplace and q = 2 the Gaussian prior
POWERS = (0.5, 1.0, 1.5, 2.0, 4.0)


def exponential_power_density():
    """The density of one coefficient under the exponential-power prior, p(t; q, s), as a NumPy function, compiled
    from the symbolic model the derivation page uses (so nothing is retyped), and the scale giving variance 1."""
    import sympy as sp

    from regprior.symbolic.models import exponential_power_prior
    from regprior.symbolic.symbols import power, power_scale

    t = sp.Symbol("t", real=True)
    density = sp.lambdify((t, power, power_scale), exponential_power_prior.density_value(t), "numpy")
    unit_variance_scale = lambda q: float(np.sqrt(gamma(1 / q) / gamma(3 / q)))  # noqa: E731  Var = s^2 G(3/q)/G(1/q)
    return density, unit_variance_scale


def exponential_power_densities(path, layout: str = "wide") -> None:
    density, scale = exponential_power_density()
    t = np.linspace(-3.5, 3.5, 1401)
    fig, ((left, right),) = panels(layout, 1, 2, height=3.0, panel_height=2.8)
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(POWERS)))
    for q, colour in zip(POWERS, colours):
        s = scale(q)
        shown = density(t, q, s)
        label = {1.0: "q = 1 (Laplace)", 2.0: "q = 2 (Gaussian)"}.get(q, f"q = {q:g}")
        left.plot(t, np.minimum(shown, 3.0), color=colour, lw=1.6, label=label)
        right.plot(t, np.abs(t / s) ** q, color=colour, lw=1.6, label=label)
    left.set(xlabel=r"$\beta_j$", ylabel="density", ylim=(0, 1.25),
             title="Exponential-power priors,\nall of variance 1")
    left.legend(fontsize=7.5, loc="upper right")
    right.set(xlabel=r"$\beta_j$", ylabel="penalty", ylim=(0, 6),
              title=r"Their penalties $|\beta_j/s|^q$")
    save(fig, path)


FIGURES["exponential-power-densities"] = exponential_power_densities
