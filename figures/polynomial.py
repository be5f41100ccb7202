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
    fig, ((ax, bx),) = panels(layout, 1, 2, height=3.6, panel_height=3.3,
                              gridspec_kw={"width_ratios": [1.3, 1], "hspace": 0.9})
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


#: the strengths of the figure against lambda, and the fresh points its prediction error is measured on
LAMBDAS = np.geomspace(1e-8, 1e2, 121)
FRESH_SEED, FRESH_N = 2, 1000


def fresh_points():
    """New points from the same curve and noise, never used in a fit."""
    rng = np.random.default_rng(FRESH_SEED)
    x = rng.uniform(0, 1, FRESH_N)
    return x, np.cos(1.5 * np.pi * x) + 0.1 * rng.standard_normal(FRESH_N)


def against_lambda():
    """For each lambda: the Legendre ridge coefficients, and the mean squared error on the 30 points and on the
    fresh ones (an unpenalized intercept, as in the figure of the fits)."""
    x, y = data()
    xf, yf = fresh_points()
    B, Bf = legendres(x), legendres(xf)
    coefs, train, test = [], [], []
    for lam in LAMBDAS:
        fit = rp.ridge(B, y, lam, fit_intercept=True)
        coefs.append(fit.coef)
        train.append(np.mean((y - B @ fit.coef - fit.intercept) ** 2))
        test.append(np.mean((yf - Bf @ fit.coef - fit.intercept) ** 2))
    return np.array(coefs), np.array(train), np.array(test)


def coefficients_against_lambda(path, layout: str = "wide") -> None:
    coefs, train, test = against_lambda()
    fig, ((left, right),) = panels(layout, 1, 2, height=3.2, panel_height=3.0)
    colours = plt.cm.viridis(np.linspace(0, 0.9, DEGREE))
    for k in range(DEGREE):
        left.plot(LAMBDAS, coefs[:, k], color=colours[k], lw=1)
    left.set(xscale="log", xlabel=r"canonical $\lambda$", ylabel="Legendre coefficient",
             title=f"Degree {DEGREE}: coefficients\nshrink as " + r"$\lambda$ grows")
    best = int(np.argmin(test))
    right.plot(LAMBDAS, train, color=DATA, label="on the 30 fitted points")
    right.plot(LAMBDAS, test, color=GAUSSIAN, label=f"on {FRESH_N} new points")
    right.plot(LAMBDAS[best], test[best], "o", color=GAUSSIAN, ms=6)
    right.axhline(0.01, color=NEUTRAL, ls=":", lw=1, label=r"noise variance $0.1^2$")
    right.set(xscale="log", yscale="log", xlabel=r"canonical $\lambda$", ylabel="mean squared error",
              title="Small coefficients predict\nnew points better")
    right.legend(fontsize=7.5, loc="upper left")
    save(fig, path)


FIGURES["polynomial-against-lambda"] = coefficients_against_lambda
