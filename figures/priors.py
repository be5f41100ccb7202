"""Gaussian and Laplace priors at matched variance, and their negative logarithms (the penalties)."""

from __future__ import annotations

import numpy as np

import regprior as rp

from ._style import GAUSSIAN, LAPLACE, panels, save


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
