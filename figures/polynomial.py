"""Degree-15 polynomial regression: what is overfitting and what is ill-conditioning.

The same 30 noisy points (seed 0) from cos(1.5 π x) are fitted by least squares and by ridge, once with
monomial features x, x², …, x¹⁵ and once with Legendre polynomials of the same degree (the same space of
functions, an orthogonal-ish basis on [0, 1]). The intercept is unpenalized (a flat prior) in every fit.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import legendre

import regprior as rp

from ._style import DATA, GAUSSIAN, LAPLACE, NEUTRAL, panels, plt, save

DEGREE, LAM = 15, 1e-3


SEED = 1


def data():
    rng = np.random.default_rng(SEED)
    x = np.sort(rng.uniform(0, 1, 30))
    return x, np.cos(1.5 * np.pi * x) + 0.1 * rng.standard_normal(30)


def monomials(x):
    return np.vander(x, DEGREE + 1, increasing=True)[:, 1:]


def legendres(x):
    return legendre.legvander(2 * x - 1, DEGREE)[:, 1:]


BASES = {"monomials": monomials, "Legendre": legendres}


def polynomial_fits(path, layout: str = "wide") -> None:
    x, y = data()
    grid = np.linspace(0, 1, 600)
    fits = {}
    for name, basis in BASES.items():
        B, G = basis(x), basis(grid)
        for lam in (0.0, LAM):
            result = rp.ridge(B, y, lam, fit_intercept=True)
            fits[name, lam] = (G @ result.coef + result.intercept, result.coef, np.linalg.cond(B - B.mean(axis=0)))
    fig, ((ax, bx),) = panels(layout, 1, 2, height=3.6, panel_height=3.3, gridspec_kw={"width_ratios": [1.3, 1], "hspace": 0.9})
    ax.plot(grid, np.cos(1.5 * np.pi * grid), color=NEUTRAL, ls="--", label=r"truth $\cos(1.5\pi x)$")
    ax.plot(x, y, "o", color=DATA, ms=4, label="30 noisy points")
    ax.plot(grid, fits["monomials", 0.0][0], color=LAPLACE, lw=2.2, label="least squares, monomials")
    ax.plot(grid, fits["Legendre", 0.0][0], color="k", lw=1, ls=":", label="least squares, Legendre")
    ax.plot(grid, fits["monomials", LAM][0], color=GAUSSIAN, label=rf"ridge $\lambda = {LAM:g}$, monomials")
    ax.plot(grid, fits["Legendre", LAM][0], color="#2ca02c", label=rf"ridge $\lambda = {LAM:g}$, Legendre")
    ax.set(title=f"Degree {DEGREE}: one least-squares curve\nin both bases", ylim=(-2, 2), xlabel="x", ylabel="y")
    ax.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2 if layout == "wide" else 1)
    k = np.arange(1, DEGREE + 1)
    for (name, lam), (_, coef, cond) in fits.items():
        if lam == 0.0:
            bx.semilogy(k, np.abs(coef) + 1e-16, "o-" if name == "monomials" else "s-", ms=4,
                        color=LAPLACE if name == "monomials" else "k",
                        label=f"least squares, {name}\n(condition number {cond:.0e})")
    bx.set(title="Least-squares coefficients", xlabel="degree k", ylabel="|coefficient|")
    bx.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    fig.tight_layout()
    save(fig, path)


FIGURES = {"polynomial-degree-15": polynomial_fits}
