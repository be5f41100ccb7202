"""Penalty versus constraint: RSS contours touching the L1 diamond and the L2 disk, and the L^q balls.

The solutions are computed by the solvers. By Lagrange duality the penalized solution at λ is the
constrained solution for the radius it attains (η = ‖β̂‖₁ for the lasso, ‖β̂‖₂ for ridge), so the
drawn constraint sets use those radii and the contour through β̂ just touches them.
"""

from __future__ import annotations

import numpy as np

import regprior as rp

from ._style import DATA, GAUSSIAN, LAPLACE, NEUTRAL, panels, plt, save


def _problem():
    rng = np.random.default_rng(7)
    z = rng.standard_normal((60, 2))
    X = np.column_stack([z[:, 0], 0.6 * z[:, 0] + 0.8 * z[:, 1]])  # correlation 0.6 between the columns
    y = X @ np.array([1.6, 0.5]) + 0.5 * rng.standard_normal(60)
    return X, y


def constraint_geometry(path, layout: str = "wide") -> None:
    X, y = _problem()
    ols = rp.ridge(X, y, 0.0).coef
    lasso = rp.lasso(X, y, 0.7 * rp.lam_max(X, y), tol=1e-12).coef
    ridge = rp.ridge(X, y, 60.0).coef
    # the plotted window holds the whole L1 diamond and L2 disk (their radii reach past the least-squares point)
    reach = max(np.abs(lasso).sum(), np.linalg.norm(ridge)) + 0.15
    low, high = -reach, max(2.4, reach)
    g = np.linspace(low, high, 301)
    B1, B2 = np.meshgrid(g, g)
    coefs = np.stack([B1.ravel(), B2.ravel()])
    rss = (((y[:, None] - X @ coefs) ** 2).sum(axis=0)).reshape(B1.shape)
    fig, axes = panels(layout, 1, 3, height=3.6, panel_height=4.0, gridspec_kw={"wspace": 0.3, "hspace": 0.95})
    axes = axes[0]
    for ax, solution, colour, title in ((axes[0], lasso, LAPLACE, "Lasso: the L1 ball\nhas corners"),
                                        (axes[1], ridge, GAUSSIAN, "Ridge: the L2 ball\nis round")):
        level = ((y - X @ solution) ** 2).sum()
        ax.contour(B1, B2, rss, levels=np.quantile(rss, [0.002, 0.01, 0.03, 0.08, 0.2]), colors=NEUTRAL,
                   linewidths=0.7)
        ax.contour(B1, B2, rss, levels=[level], colors=DATA, linewidths=1.4)
        theta = np.linspace(0, 2 * np.pi, 400)
        if colour == LAPLACE:
            eta = np.abs(solution).sum()
            ax.fill([eta, 0, -eta, 0], [0, eta, 0, -eta], color=colour, alpha=0.2,
                    label=rf"$\|\beta\|_1 \leq {eta:.2f}$")
        else:
            rho = np.linalg.norm(solution)
            ax.fill(rho * np.cos(theta), rho * np.sin(theta), color=colour, alpha=0.2,
                    label=rf"$\|\beta\|_2 \leq {rho:.2f}$")
        ax.plot(*ols, "o", color=DATA, label="least squares")
        ax.plot(*solution, "*", color=colour, markersize=13,
                label=rf"$\hat\beta$ = ({solution[0]:.2f}, {solution[1]:.2f})")
        ax.axhline(0, color=NEUTRAL, lw=0.5)
        ax.axvline(0, color=NEUTRAL, lw=0.5)
        ax.set(title=title, xlabel=r"$\beta_1$", ylabel=r"$\beta_2$", aspect="equal", xlim=(low, high),
               ylim=(low, high))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=7.5, handlelength=1.2)
    ax = axes[2]
    theta = np.linspace(0, 2 * np.pi, 800)
    for q, shade in ((0.5, 0.15), (1, 0.35), (1.5, 0.55), (2, 0.7), (4, 0.9)):
        c, s = np.cos(theta), np.sin(theta)
        r = (np.abs(c) ** q + np.abs(s) ** q) ** (-1 / q)
        ax.plot(r * c, r * s, color=plt.cm.viridis(shade), label=rf"$q = {q:g}$")
    ax.set(title="Unit balls\n" + r"$|\beta_1|^q + |\beta_2|^q \leq 1$", xlabel=r"$\beta_1$", ylabel=r"$\beta_2$",
           aspect="equal", xlim=(-1.3, 1.3), ylim=(-1.3, 1.3))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=7.5, handlelength=1.2, ncol=2)
    save(fig, path)


FIGURES = {"constraint-geometry": constraint_geometry}


def l1_surface(path, layout: str = "wide") -> None:
    """The surface |w1| + |w2|, creased along both axes, and a slice across a crease with its one-sided slopes."""
    g = np.linspace(-1.5, 1.5, 61)
    W1, W2 = np.meshgrid(g, g)
    penalty = rp.LaplacePrior(1.0).penalty(1.0)  # the L1 penalty |w1| + |w2| as the solvers use it
    Z = np.array([[penalty.value(np.array([a, b])) for a, b in zip(r1, r2)] for r1, r2 in zip(W1, W2)])
    fig = plt.figure(figsize=(7.4, 3.3) if layout == "wide" else (3.7, 6.4))
    grid = (fig.add_gridspec(1, 2, width_ratios=[1.1, 1], wspace=0.35) if layout == "wide"
            else fig.add_gridspec(2, 1, hspace=0.45))
    surface = fig.add_subplot(grid[0], projection="3d")
    surface.plot_surface(W1, W2, Z, cmap="Reds", alpha=0.75, linewidth=0, rstride=2, cstride=2)
    surface.plot(g, np.zeros_like(g), np.abs(g), color="k", lw=1.4)
    surface.plot(np.zeros_like(g), g, np.abs(g), color="k", lw=1.4)
    surface.set(xlabel=r"$w_1$", ylabel=r"$w_2$", title=r"$|w_1| + |w_2|$: creased on the axes")
    surface.view_init(elev=28, azim=-60)
    surface.tick_params(labelsize=7.5)
    ax = fig.add_subplot(grid[1])
    w2 = 0.5
    t = np.linspace(-1.2, 1.2, 241)
    ax.plot(t, [penalty.value(np.array([v, w2])) for v in t], color=LAPLACE, lw=2, label=rf"$|w_1| + |{w2:g}|$")
    for slope, side in ((-1, "left"), (1, "right")):
        s = np.linspace(-0.9, 0.9, 2)
        ax.plot(s, w2 + slope * s, color=DATA, ls="--" if side == "left" else ":", lw=1.2,
                label=f"slope from the {side}: {slope:+d}")
    ax.plot([0], [w2], "o", color=DATA)
    ax.set(xlabel=r"$w_1$ (at $w_2 = 0.5$)", ylabel="penalty", ylim=(0, 1.8),
           title=r"Across the crease $w_1 = 0$:" + "\ntwo one-sided slopes")
    ax.legend(fontsize=7.5, loc="upper center")
    save(fig, path)


FIGURES["l1-surface"] = l1_surface
