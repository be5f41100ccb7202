"""Gaussian and Laplace priors at matched variance, and their negative logarithms (the penalties)."""

from __future__ import annotations

import numpy as np

import regprior as rp

from ._style import GAUSSIAN, LAPLACE, plt, save


def densities_and_penalties(path) -> None:
    sd = 1.0
    gaussian, laplace = rp.GaussianPrior(sd), rp.LaplacePrior(sd / np.sqrt(2))  # both have variance 1
    t = np.linspace(-4, 4, 801)
    density = lambda prior: np.exp([-prior.neg_log_density([v]) for v in t])
    penalty = lambda prior: np.array([prior.neg_log_density([v]) - prior.neg_log_density([0.0]) for v in t])
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(t, density(gaussian), color=GAUSSIAN, label=r"Gaussian, $\sigma_w = 1$")
    left.plot(t, density(laplace), color=LAPLACE, label=r"Laplace, $b = 1/\sqrt{2}$")
    left.set(title="Prior density (both have variance 1)", xlabel=r"$\beta_j$", ylabel="density")
    left.legend()
    right.plot(t, penalty(gaussian), color=GAUSSIAN, label=r"$\beta_j^2/(2\sigma_w^2)$")
    right.plot(t, penalty(laplace), color=LAPLACE, label=r"$|\beta_j|/b$")
    right.set(title=r"Negative log density, shifted to 0 at $\beta_j = 0$", xlabel=r"$\beta_j$",
              ylabel="penalty", ylim=(0, 6))
    right.legend()
    save(fig, path)


FIGURES = {"prior-densities-penalties": densities_and_penalties}
