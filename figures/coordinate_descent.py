"""Coordinate-descent iterates on the contours of a two-coefficient lasso objective.

Each move is one exact coordinate update, β_k ← S_{λ/2}(a_k)/‖x_k‖², the soft-thresholding being the L1
penalty's proximal map (``rp.penalties.L1``); the end point is checked against ``rp.lasso``.
"""

from __future__ import annotations

import numpy as np

import regprior as rp

from ._style import DATA, LAPLACE, NEUTRAL, panels, save


def iterates(X, y, lam, start, moves):
    soft_threshold = rp.penalties.L1(lam / 2).prox  # prox(a, 1) = S_{lam/2}(a)
    beta = np.array(start, dtype=float)
    points = [beta.copy()]
    for move in range(moves):
        k = move % 2
        q = X[:, k] @ X[:, k]
        a = X[:, k] @ (y - X @ beta) + q * beta[k]
        beta[k] = float(soft_threshold(np.array([a]), 1.0)[0]) / q
        points.append(beta.copy())
    return np.array(points)


def cd_iterates(path, layout: str = "wide") -> None:
    rng = np.random.default_rng(3)
    z = rng.standard_normal((50, 2))
    X = np.column_stack([z[:, 0], 0.85 * z[:, 0] + np.sqrt(1 - 0.85**2) * z[:, 1]])
    y = X @ np.array([1.5, -0.4]) + 0.3 * rng.standard_normal(50)
    lam = 0.25 * rp.lam_max(X, y)
    points = iterates(X, y, lam, start=(-1.0, 1.5), moves=24)
    solution = rp.lasso(X, y, lam, tol=1e-14).coef
    assert np.allclose(points[-1], solution, atol=1e-3), (points[-1], solution)
    g = np.linspace(-1.5, 2.0, 351)
    B1, B2 = np.meshgrid(g, g)
    coefs = np.stack([B1.ravel(), B2.ravel()])
    J = ((y[:, None] - X @ coefs) ** 2).sum(axis=0) + lam * np.abs(coefs).sum(axis=0)
    J = J.reshape(B1.shape)
    fig, ((ax,),) = panels(layout, height=4.2, panel_height=3.6)
    ax.contour(B1, B2, J, levels=np.quantile(J, np.linspace(0.005, 0.6, 14)), colors=NEUTRAL, linewidths=0.6)
    ax.plot(points[:, 0], points[:, 1], "-o", color=LAPLACE, ms=3.5, lw=1.2, label="coordinate updates")
    ax.plot(*points[0], "s", color=DATA, label="start")
    ax.plot(*solution, "*", color=DATA, ms=13, label="rp.lasso solution")
    ax.axhline(0, color=NEUTRAL, lw=0.5)
    ax.axvline(0, color=NEUTRAL, lw=0.5)
    ax.set(xlabel=r"$\beta_1$", ylabel=r"$\beta_2$", aspect="equal",
           title="Cyclic coordinate descent,\ncorrelation 0.85")
    ax.legend(fontsize=7.5, loc="upper right")
    save(fig, path)


FIGURES = {"cd-iterates": cd_iterates}
