r"""The posterior behind the penalty: what the MAP estimate keeps and what it leaves out.

Three figures, all seeded and computed with regprior's own functions:

* ``gaussian-posterior-bands`` — a 1-D regression on radial basis functions: the posterior mean (which is
  the ridge MAP), a 95% credible band for the mean function and a 95% posterior predictive band, from
  :func:`regprior.gaussian_posterior`.
* ``bayesian-lasso-marginals`` — the orthonormal example of the Bayesian-lasso page: Gibbs draws from
  :func:`regprior.bayesian_lasso_gibbs`, the exact marginal densities by quadrature, and the lasso MAP
  against the posterior mean and median.
* ``map-mean-median`` — one coefficient with :math:`x^\top x = 1` and σ = 1: MAP, posterior mean and posterior
  median as functions of the least-squares value :math:`z = x^\top y` under a Gaussian, a Laplace and a
  horseshoe prior, the mean and median by quadrature of the exact posterior.

The quadrature (:func:`regprior.posterior.one_dimensional_posterior`) handles any prior given by its log
density, including the horseshoe's integrable pole at 0.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

import regprior as rp
from regprior.posterior import one_dimensional_posterior

from ._style import DATA, GAUSSIAN, LAPLACE, NEUTRAL, panels, save

#: the horseshoe's colour (the style has one colour for each of the other two priors)
HORSESHOE = "#2ca02c"


# ------------------------------------------------------------------------------------- Gaussian posterior
BANDS_SEED, BANDS_NOISE_SD, BANDS_PRIOR_SD = 4, 0.25, 1.0
CENTRES, BUMP_WIDTH = np.linspace(0.0, 1.0, 12), 0.08


def bumps(x):
    """Gaussian radial basis functions of width :data:`BUMP_WIDTH` centred at :data:`CENTRES`."""
    return np.exp(-((np.asarray(x)[:, None] - CENTRES) ** 2) / (2 * BUMP_WIDTH**2))


def bands_data():
    """Twenty seeded points from sin(2πx) with noise sd 0.25, none in the gap 0.45 < x < 0.7."""
    rng = np.random.default_rng(BANDS_SEED)
    x = np.sort(np.concatenate([rng.uniform(0.0, 0.45, 12), rng.uniform(0.7, 1.0, 8)]))
    return x, np.sin(2 * np.pi * x) + BANDS_NOISE_SD * rng.standard_normal(x.size)


def gaussian_posterior_bands(path, layout: str = "wide") -> None:
    x, y = bands_data()
    prior = rp.GaussianPrior(BANDS_PRIOR_SD)
    post = rp.gaussian_posterior(bumps(x), y, prior, BANDS_NOISE_SD, fit_intercept=True)
    lam = prior.penalty_strength(BANDS_NOISE_SD)
    ridge = rp.ridge(bumps(x), y, lam, fit_intercept=True)
    grid = np.linspace(-0.2, 1.2, 500)
    G = bumps(grid)
    mean, sd_mean = post.predict(G, return_std=True, include_noise=False)
    _, sd_new = post.predict(G, return_std=True, include_noise=True)
    z = stats.norm.ppf(0.975)
    fig, ((ax,),) = panels(layout, height=3.3, panel_height=3.3)
    ax.fill_between(grid, mean - z * sd_new, mean + z * sd_new, color=GAUSSIAN, alpha=0.12, lw=0,
                    label=r"pointwise 95% predictive band for a new $y$")
    ax.fill_between(grid, mean - z * sd_mean, mean + z * sd_mean, color=GAUSSIAN, alpha=0.3, lw=0,
                    label="pointwise 95% credible band for the mean")
    ax.plot(grid, mean, color=GAUSSIAN, lw=2, label="posterior mean")
    ax.plot(grid, G @ ridge.coef + ridge.intercept, color="k", lw=1, ls=(0, (4, 3)),
            label=rf"ridge MAP, $\lambda = \sigma^2/\sigma_w^2 = {lam:g}$")
    ax.plot(grid, np.sin(2 * np.pi * grid), color=NEUTRAL, lw=1, ls=":", label=r"truth $\sin(2\pi x)$")
    ax.plot(x, y, "o", color=DATA, ms=4, label=f"{x.size} noisy points")
    ax.set(xlabel="x", ylabel="y", ylim=(-3.4, 2.6), xlim=(grid[0], grid[-1]),
           title=rf"12 bumps, $\sigma = {BANDS_NOISE_SD}$, $\sigma_w = {BANDS_PRIOR_SD:g}$")
    ax.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2 if layout == "wide" else 1)
    save(fig, path)


# ---------------------------------------------------------------------------------------- Bayesian lasso
#: the orthonormal example of the Bayesian-lasso page (seed 0, noise sd 0.5, Laplace(0, 0.5))
LASSO_SEED, LASSO_NOISE_SD, LASSO_SCALE = 0, 0.5, 0.5
LASSO_TRUTH = np.array([2.0, 0.0, 0.05, -1.0])


def lasso_example():
    """The 40 x 4 orthonormal design Q and response y of the Bayesian-lasso page's example."""
    rng = np.random.default_rng(LASSO_SEED)
    Q, _ = np.linalg.qr(rng.standard_normal((40, 4)))
    return Q, Q @ LASSO_TRUTH + LASSO_NOISE_SD * rng.standard_normal(40)


def bayesian_lasso_marginals(path, layout: str = "wide") -> None:
    Q, y = lasso_example()
    prior = rp.LaplacePrior(LASSO_SCALE)
    lasso = rp.lasso(Q, y, prior.penalty_strength(LASSO_NOISE_SD), tol=1e-12).coef
    draws = rp.bayesian_lasso_gibbs(Q, y, LASSO_SCALE, LASSO_NOISE_SD, n_samples=5000, random_state=0)
    # Q'Q = I: the posterior is a product of one-dimensional posteriors centred at Q'y with width sigma
    exact = one_dimensional_posterior(prior, Q.T @ y, LASSO_NOISE_SD)
    fig, axes = panels(layout, 1, 4, height=2.9, panel_height=2.3, sharey=True)
    axes = list(axes[0])
    for j, ax in enumerate(axes):
        window = (exact.median[j] - 1.8, exact.median[j] + 1.8)
        ax.hist(draws.coef[:, j], bins=np.linspace(*window, 49), density=True, color=LAPLACE, alpha=0.25,
                label=f"{draws.coef.shape[0]} Gibbs draws" if j == 0 else None)
        ax.plot(exact.nodes, exact.density[j], color=LAPLACE, lw=1.2, label="exact density" if j == 0 else None)
        ax.axvline(lasso[j], color="k", lw=2, label="MAP (lasso)")
        ax.axvline(draws.mean()[j], color=GAUSSIAN, lw=1.4, ls="--", label="posterior mean")
        ax.axvline(draws.median()[j], color="#ff7f0e", lw=1.4, ls=":", label="posterior median")
        ax.set(xlabel=rf"$\beta_{j + 1}$", title=rf"true $\beta_{j + 1} = {LASSO_TRUTH[j]:g}$",
               xlim=window)
        ax.text(0.03, 0.97, f"MAP {lasso[j]:.3f}\nmean {draws.mean()[j]:.3f}\nmedian {draws.median()[j]:.3f}",
                transform=ax.transAxes, va="top", fontsize=7.5, family="monospace")
    axes[0].set_ylabel("posterior density")
    handles, labels = [], []
    for ax in axes[:2]:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.tight_layout()
    fig.legend(handles, labels, loc="upper center", ncol=3 if layout == "wide" else 2, bbox_to_anchor=(0.5, 0.0),
               fontsize=7.5)
    save(fig, path)


# ------------------------------------------------------------------------------ MAP, mean, median in 1-D
#: the three priors of the comparison: Gaussian and Laplace with variance 1, horseshoe with tau = 1
GAUSSIAN_SD, LAPLACE_SCALE, HORSESHOE_TAU = 1.0, 1 / np.sqrt(2), 1.0


def point_estimates(z, noise_sd: float = 1.0) -> dict:
    r"""MAP, posterior mean and posterior median of one coefficient with :math:`x^\top x = 1`, for each prior.

    Parameters
    ----------
    z : array_like of shape (n,)
        Least-squares values :math:`z = x^\top y`.
    noise_sd : float, default 1.0
        σ.

    Returns
    -------
    dict
        ``{prior name: {"map": ..., "mean": ..., "median": ...}}`` with arrays of shape (n,); the horseshoe has
        no ``"map"`` entry (its posterior density is infinite at 0 for every z, so the MAP is 0 whatever the
        data).

    Notes
    -----
    The MAPs come from :func:`regprior.ridge` and :func:`regprior.lasso` on the identity design (n decoupled
    one-coefficient problems) at the λ the priors imply; the means and medians from
    :func:`one_dimensional_posterior`.
    """
    z = np.asarray(z, dtype=float)
    gaussian, laplace = rp.GaussianPrior(GAUSSIAN_SD), rp.LaplacePrior(LAPLACE_SCALE)
    eye = np.eye(z.size)
    out = {}
    for name, prior, solver in (("Gaussian", gaussian, rp.ridge), ("Laplace", laplace, rp.lasso)):
        kwargs = {"tol": 1e-12} if solver is rp.lasso else {}
        post = one_dimensional_posterior(prior, z, noise_sd)
        out[name] = {"map": solver(eye, z, prior.penalty_strength(noise_sd), **kwargs).coef,
                     "mean": post.mean, "median": post.median}
    post = one_dimensional_posterior(lambda beta: rp.horseshoe_logpdf(beta, HORSESHOE_TAU), z, noise_sd)
    out["horseshoe"] = {"mean": post.mean, "median": post.median}
    return out


def map_mean_median(path, layout: str = "wide") -> None:
    z = np.linspace(-5.0, 5.0, 201)
    estimates = point_estimates(z)
    priors = {"Gaussian": (GAUSSIAN, rf"Gaussian, $\sigma_w = {GAUSSIAN_SD:g}$ (ridge)"),
              "Laplace": (LAPLACE, r"Laplace, $b = 1/\sqrt{2}$ (lasso)"),
              "horseshoe": (HORSESHOE, rf"horseshoe, $\tau = {HORSESHOE_TAU:g}$")}
    fig, axes = panels(layout, 2, 3, height=5.2, panel_height=2.3, order="columns", sharex=True, sharey="row",
                       gridspec_kw={"height_ratios": [1.6, 1]})
    for (top, bottom), (name, (colour, title)) in zip(axes.T, priors.items()):
        summaries = dict(estimates[name])
        # the horseshoe's posterior density is infinite at 0 whatever z is, so its global mode is 0
        summaries.setdefault("map", np.zeros_like(z))
        map_label = "MAP (posterior mode)" if name != "horseshoe" else "MAP: 0 for every z (pole at 0)"
        top.plot(z, z, color=NEUTRAL, lw=1, ls=":", label=r"least squares, $\hat\beta = z$")
        for ax, shown in ((top, lambda v: v), (bottom, lambda v: z - v)):
            # the MAP is drawn wide and pale, so that curves on top of it (all three for the Gaussian) show
            ax.plot(z, shown(summaries["map"]), color="k", lw=5, alpha=0.3, label=map_label)
            ax.plot(z, shown(summaries["mean"]), color=colour, lw=1.8, label="posterior mean")
            ax.plot(z, shown(summaries["median"]), color=colour, lw=1.8, ls="--", label="posterior median")
        top.set(title=title, xlim=(z[0], z[-1]), ylim=(z[0], z[-1]))
        top.legend(fontsize=7.5, loc="upper left")
        bottom.set(xlabel=r"least-squares value $z = x^\top y$", ylim=(-2.6, 2.6))
    axes[0, 0].text(4.6, -4.6, "MAP = mean = median = z/2", ha="right", fontsize=7.5)
    axes[0, 0].set_ylabel(r"estimate $\hat\beta$")
    axes[1, 0].set_ylabel(r"shrinkage $z - \hat\beta$")
    fig.tight_layout()
    save(fig, path)


FIGURES = {
    "gaussian-posterior-bands": gaussian_posterior_bands,
    "bayesian-lasso-marginals": bayesian_lasso_marginals,
    "map-mean-median": map_mean_median,
}
