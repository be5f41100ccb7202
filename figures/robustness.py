r"""What an outlier does to three estimators: least squares, the lasso and least absolute deviations.

One figure, ``outlier-pull``, seeded and computed with regprior's solvers. A straight-line regression with an
intercept is fitted by

* least squares (:func:`regprior.ridge` at λ = 0: Gaussian likelihood, flat prior),
* the lasso (:func:`regprior.lasso` at λ = 2σ²/b: Gaussian likelihood, Laplace prior on the slope),
* least absolute deviations (:func:`regprior.lad`: Laplace likelihood, flat prior),

once on clean data and once with the response at the largest x moved up by a shift δ. The left panel shows
the fitted lines for one shift; the right panel the fitted slope as δ grows. The lasso's slope moves in
step with least squares (the prior does not see the responses), while the LAD slope stops moving as soon as
the outlier's residual has its sign.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import regprior as rp

from ._style import DATA, GAUSSIAN, LAPLACE, NEUTRAL, panels, save

#: the lasso's colour (Gaussian likelihood with a Laplace prior; the style gives one colour to each pure case)
LASSO = "#ff7f0e"

#: the seeded example: 30 points on 0 <= x <= 1 from y = 1 + 2x with noise sd 0.3
OUTLIER_SEED, OUTLIER_N, OUTLIER_NOISE_SD = 3, 30, 0.3
OUTLIER_TRUTH = (1.0, 2.0)  # intercept, slope
#: the Laplace prior on the slope: b = 0.1 gives lambda = 2 sigma^2 / b = 1.8, a visible shrinkage
OUTLIER_PRIOR_SCALE = 0.1
#: the shift of the left panel, and the shifts of the right panel
SHOWN_SHIFT, SHIFTS = 6.0, np.linspace(0.0, 10.0, 41)


def outlier_data(seed: int = OUTLIER_SEED, n: int = OUTLIER_N, noise_sd: float = OUTLIER_NOISE_SD):
    """A seeded straight-line sample and the row whose response the outlier replaces.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    n : int
        Number of points, at least 3.
    noise_sd : float
        Noise standard deviation σ.

    Returns
    -------
    X : ndarray of shape (n, 1)
        The x values, uniform on [0, 1] and sorted.
    y : ndarray of shape (n,)
        :data:`OUTLIER_TRUTH` plus Gaussian noise.
    index : int
        The row with the largest x (the last one), the point with the most leverage on the slope.
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, n))
    intercept, slope = OUTLIER_TRUTH
    return x[:, None], intercept + slope * x + noise_sd * rng.standard_normal(n), n - 1


@dataclass(frozen=True)
class Pulled:
    """Fits of one estimator for each outlier shift.

    Attributes
    ----------
    intercept, slope : ndarray of shape (n_shifts,)
        The fitted line for each shift δ (row order of ``shifts``).
    """

    intercept: np.ndarray
    slope: np.ndarray


def pulled_fits(X, y, index: int, shifts, lam: float) -> dict[str, Pulled]:
    """Least squares, the lasso at ``lam`` and LAD, each fitted with ``y[index]`` moved up by every shift.

    Parameters
    ----------
    X : ndarray of shape (n, 1)
    y : ndarray of shape (n,)
    index : int
        The response that is shifted.
    shifts : array_like of shape (n_shifts,)
        The shifts δ (0 gives the clean fit).
    lam : float
        The lasso's strength λ in the canonical objective (2σ²/b for a Laplace(0, b) prior).

    Returns
    -------
    dict
        ``{"least squares": Pulled, "lasso": Pulled, "LAD": Pulled}``; every fit has an unpenalized intercept.
    """
    solvers = {
        "least squares": lambda v: rp.ridge(X, v, 0.0, fit_intercept=True),
        "lasso": lambda v: rp.lasso(X, v, lam, fit_intercept=True, tol=1e-12),
        "LAD": lambda v: rp.lad(X, v, fit_intercept=True),
    }
    found = {name: ([], []) for name in solvers}
    for shift in np.asarray(shifts, dtype=float):
        moved = y.copy()
        moved[index] += shift
        for name, solve in solvers.items():
            fit = solve(moved)
            found[name][0].append(fit.intercept)
            found[name][1].append(fit.coef[0])
    return {name: Pulled(np.array(a), np.array(s)) for name, (a, s) in found.items()}


def outlier_pull(path, layout: str = "wide") -> None:
    X, y, index = outlier_data()
    lam = rp.LaplacePrior(OUTLIER_PRIOR_SCALE).penalty_strength(OUTLIER_NOISE_SD)
    shown = pulled_fits(X, y, index, [0.0, SHOWN_SHIFT], lam)
    swept = pulled_fits(X, y, index, SHIFTS, lam)
    colours = {"least squares": GAUSSIAN, "lasso": LASSO, "LAD": LAPLACE}
    labels = {"least squares": "least squares (Gaussian likelihood)",
              "lasso": rf"lasso (Laplace prior $b = {OUTLIER_PRIOR_SCALE:g}$)",
              "LAD": "LAD (Laplace likelihood)"}
    fig, ((left, right),) = panels(layout, 1, 2, height=3.6, panel_height=3.2, gridspec_kw={"width_ratios": [1.25, 1]})
    grid = np.array([0.0, 1.0])
    x = X[:, 0]
    left.plot(np.delete(x, index), np.delete(y, index), "o", color=DATA, ms=4, label=f"{x.size - 1} clean points")
    left.plot(x[index], y[index], "o", mfc="none", mec=DATA, ms=6, label="the moved point, before")
    left.plot(x[index], y[index] + SHOWN_SHIFT, "X", color="k", ms=9,
              label=rf"after, moved up by $\delta = {SHOWN_SHIFT:g}$")
    left.annotate("", xy=(x[index], y[index] + SHOWN_SHIFT - 0.25), xytext=(x[index], y[index] + 0.25),
                  arrowprops={"arrowstyle": "->", "color": NEUTRAL, "lw": 1})
    for name, fits in shown.items():
        left.plot(grid, fits.intercept[0] + fits.slope[0] * grid, color=colours[name], lw=1, ls=":")
        left.plot(grid, fits.intercept[1] + fits.slope[1] * grid, color=colours[name], lw=2, label=labels[name])
    left.plot([], [], color=NEUTRAL, lw=1, ls=":", label="the same fits to the clean data")
    left.set(xlabel="x", ylabel="y", title=rf"One outlier ($\delta = {SHOWN_SHIFT:g}$), three fits")
    left.legend(fontsize=7.5, loc="upper left")
    for name, fits in swept.items():
        right.plot(SHIFTS, fits.slope, color=colours[name], lw=2, label=name)
    right.axhline(OUTLIER_TRUTH[1], color=NEUTRAL, lw=1, ls="--", label=f"true slope {OUTLIER_TRUTH[1]:g}")
    right.axvline(SHOWN_SHIFT, color=NEUTRAL, lw=0.8, ls=":")
    right.set(xlabel=r"shift $\delta$ of the point with the largest $x$", ylabel="fitted slope",
              title="The slope as the outlier moves\n" + rf"($\lambda = 2\sigma^2/b = {lam:g}$)",
              xlim=(SHIFTS[0], SHIFTS[-1]))
    right.legend(fontsize=7.5, loc="upper left")
    fig.tight_layout()
    save(fig, path)


FIGURES = {"outlier-pull": outlier_pull}
