r"""Learning from data that arrive over time: the posterior as the next prior, and the prior mean forgotten.

Two figures, both seeded and computed with regprior's own functions:

* ``sequential-updating`` — the Gaussian posterior of a normal mean (one coefficient on a column of ones),
  updated batch by batch with :func:`regprior.gaussian_posterior`: each batch's posterior, wrapped as a
  :class:`regprior.MultivariateGaussianPrior`, is the prior for the next batch. The posterior of all the
  data at once is computed separately and coincides with the last one.
* ``prior-mean-to-least-squares`` — one regression coefficient with a Gaussian prior centred at
  :math:`\theta_0 \neq 0`: the MAP (:func:`regprior.map_estimate`) for a growing number of observations n,
  for a weak, a moderate and a strong prior, next to least squares. A prior with strength λ keeps the
  share :math:`\lambda/(\sum_i x_i^2 + \lambda)` of the way back to :math:`\theta_0`, so it takes about
  n ≈ λ observations before the data have half the say.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

import regprior as rp

from ._style import DATA, GAUSSIAN, NEUTRAL, panels, plt, save

#: the colour of the all-at-once posterior, which has to stand out on top of the last sequential one
AT_ONCE = "#ff7f0e"

# ------------------------------------------------------------------------------------- sequential updating
#: a normal mean: prior N(0, 1.5^2), true mean 1.2, noise sd 1, five batches of four observations (seed 11)
UPDATE_SEED, UPDATE_TRUTH, UPDATE_NOISE_SD = 11, 1.2, 1.0
UPDATE_PRIOR_MEAN, UPDATE_PRIOR_SD = 0.0, 1.5
N_BATCHES, BATCH_SIZE = 5, 4


def update_data(seed: int = UPDATE_SEED, n_batches: int = N_BATCHES, batch_size: int = BATCH_SIZE):
    """Seeded observations of a normal mean, split into batches.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    n_batches, batch_size : int
        How many batches, and how many observations each.

    Returns
    -------
    list of tuple
        One ``(X, y)`` per batch: X is a column of ones of shape (batch_size, 1) (the mean is the one
        coefficient) and y the observations, :data:`UPDATE_TRUTH` plus Gaussian noise of sd
        :data:`UPDATE_NOISE_SD`.
    """
    rng = np.random.default_rng(seed)
    y = UPDATE_TRUTH + UPDATE_NOISE_SD * rng.standard_normal((n_batches, batch_size))
    return [(np.ones((batch_size, 1)), row) for row in y]


def sequential_posteriors(batches, prior, noise_sd: float) -> list:
    """The posterior after each batch, each computed from the previous posterior as its prior.

    Parameters
    ----------
    batches : list of tuple
        ``(X, y)`` per batch, in arrival order.
    prior : GaussianPrior or MultivariateGaussianPrior
        The prior before any data.
    noise_sd : float
        The noise standard deviation σ.

    Returns
    -------
    list of regprior.GaussianPosterior
        One per batch; entry k has seen batches 0..k, but only batch k directly.
    """
    found = []
    for X, y in batches:
        post = rp.gaussian_posterior(X, y, prior, noise_sd)
        found.append(post)
        prior = rp.MultivariateGaussianPrior(post.cov, mean=post.mean)
    return found


def batch_posteriors(batches, prior, noise_sd: float) -> list:
    """The posterior of the first k batches computed in one go from the original prior, for every k.

    Parameters
    ----------
    batches, prior, noise_sd
        As for :func:`sequential_posteriors`; ``prior`` is used for every k, never updated.

    Returns
    -------
    list of regprior.GaussianPosterior
        Entry k has seen batches 0..k, stacked into one data set.
    """
    return [rp.gaussian_posterior(np.vstack([X for X, _ in batches[:k + 1]]),
                                  np.concatenate([y for _, y in batches[:k + 1]]), prior, noise_sd)
            for k in range(len(batches))]


def sequential_updating(path, layout: str = "wide") -> None:
    batches = update_data()
    prior = rp.GaussianPrior(UPDATE_PRIOR_SD, mean=UPDATE_PRIOR_MEAN)
    steps = sequential_posteriors(batches, prior, UPDATE_NOISE_SD)
    together = batch_posteriors(batches, prior, UPDATE_NOISE_SD)
    at_once = together[-1]
    means = np.array([UPDATE_PRIOR_MEAN] + [post.mean[0] for post in steps])
    sds = np.array([UPDATE_PRIOR_SD] + [np.sqrt(post.cov[0, 0]) for post in steps])
    seen = BATCH_SIZE * np.arange(N_BATCHES + 1)
    shades = plt.get_cmap("Blues")(np.linspace(0.35, 1.0, N_BATCHES))
    grid = np.linspace(-3.5, 4.0, 600)
    fig, ((left, right),) = panels(layout, 1, 2, height=3.6, panel_height=3.2, gridspec_kw={"width_ratios": [1.15, 1]})
    left.plot(grid, stats.norm.pdf(grid, means[0], sds[0]), color=NEUTRAL, lw=1.5, ls="--",
              label=rf"prior $N({UPDATE_PRIOR_MEAN:g}, {UPDATE_PRIOR_SD:g}^2)$")
    for k, shade in enumerate(shades, start=1):
        left.plot(grid, stats.norm.pdf(grid, means[k], sds[k]), color=shade, lw=2,
                  label=f"after batch {k} ({seen[k]} observations)")
    left.plot(grid, stats.norm.pdf(grid, at_once.mean[0], np.sqrt(at_once.cov[0, 0])), color=AT_ONCE, lw=1.6,
              ls=(0, (2, 2)), label=f"all {seen[-1]} at once, from the prior")
    left.axvline(UPDATE_TRUTH, color=DATA, lw=0.8, ls=":", label=f"true mean {UPDATE_TRUTH:g}")
    left.set(xlabel=r"mean $\mu$", ylabel="density", xlim=(grid[0], grid[-1]),
             title="Each posterior is the prior\nfor the next batch")
    left.legend(fontsize=7.5, loc="upper left")
    stream = np.concatenate([y for _, y in batches])
    right.plot(np.arange(1, stream.size + 1), stream, "o", color=DATA, ms=3.5, alpha=0.6, label="observations")
    z = stats.norm.ppf(0.975)
    right.errorbar(seen, means, yerr=z * sds, fmt="o", color=GAUSSIAN, ms=5, capsize=4, lw=1.8,
                   label="posterior mean and 95% interval,\nbatch by batch")
    batch_means = [UPDATE_PRIOR_MEAN] + [post.mean[0] for post in together]
    right.plot(seen, batch_means, "o", mfc="none", mec=AT_ONCE, ms=10, mew=1.4,
               label="posterior mean, all data at once")
    right.axhline(UPDATE_TRUTH, color=DATA, lw=0.8, ls=":")
    for edge in seen[1:-1]:
        right.axvline(edge + 0.5, color=NEUTRAL, lw=0.5, alpha=0.5)
    right.set(xlabel="observations seen", ylabel=r"$y$ and $\mu$", xticks=seen, xlim=(-1, seen[-1] + 1),
              title=rf"Normal mean, $\sigma = {UPDATE_NOISE_SD:g}$," + f"\nbatches of {BATCH_SIZE}")
    right.legend(fontsize=7.5, loc="lower right")
    fig.tight_layout()
    save(fig, path)


# ------------------------------------------------------------------------ from the prior mean to the data
#: one coefficient, y = 2x + noise (sd 1), x standard normal; the prior mean 0.5 is a wrong belief (seed 5)
DRIFT_SEED, DRIFT_TRUTH, DRIFT_NOISE_SD, DRIFT_PRIOR_MEAN = 5, 2.0, 1.0, 0.5
#: weak, moderate and strong priors: lambda = sigma^2 / sigma_w^2 = 1, 100 and 10^4
DRIFT_PRIOR_SDS = (1.0, 0.1, 0.01)
#: the numbers of observations shown (1 to 10^5, evenly spaced on a log scale)
DRIFT_NS = np.unique(np.round(np.logspace(0, 5, 61)).astype(int))


def drift_data(seed: int = DRIFT_SEED, n: int = int(DRIFT_NS[-1])):
    """A seeded stream of observations of one coefficient; the first k rows are the data after k arrivals.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    n : int
        Length of the stream.

    Returns
    -------
    X : ndarray of shape (n, 1)
        Standard normal inputs.
    y : ndarray of shape (n,)
        :data:`DRIFT_TRUTH` times the input plus Gaussian noise of sd :data:`DRIFT_NOISE_SD`.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x[:, None], DRIFT_TRUTH * x + DRIFT_NOISE_SD * rng.standard_normal(n)


def drift(X, y, ns, prior, noise_sd: float):
    """Least squares and the MAP on the first n observations, for every n in ``ns``.

    Parameters
    ----------
    X : ndarray of shape (n_max, 1)
    y : ndarray of shape (n_max,)
    ns : array_like of int
        Numbers of observations, each between 1 and n_max.
    prior : GaussianPrior
        A prior on the coefficient, typically with a mean.
    noise_sd : float
        The noise standard deviation σ.

    Returns
    -------
    least_squares, map : ndarray of shape (len(ns),)
        :func:`regprior.ridge` at λ = 0 and :func:`regprior.map_estimate` on ``X[:n], y[:n]``.
    """
    ns = np.asarray(ns, dtype=int)
    least_squares = np.array([rp.ridge(X[:n], y[:n], 0.0).coef[0] for n in ns])
    map_ = np.array([rp.map_estimate(X[:n], y[:n], prior, noise_sd)[0] for n in ns])
    return least_squares, map_


def prior_share(map_, least_squares, prior_mean):
    r"""How far the MAP sits from least squares, as a share of the way to the prior mean.

    Parameters
    ----------
    map_, least_squares : array_like
        The two estimates of one coefficient.
    prior_mean : float
        :math:`\theta_0`.

    Returns
    -------
    ndarray
        :math:`(\hat\beta_{\mathrm{MAP}} - \hat\beta_{\mathrm{LS}})/(\theta_0 - \hat\beta_{\mathrm{LS}})`: 0 when
        the MAP is least squares, 1 when it is the prior mean.
    """
    map_, least_squares = np.asarray(map_, dtype=float), np.asarray(least_squares, dtype=float)
    return (map_ - least_squares) / (prior_mean - least_squares)


def prior_mean_to_least_squares(path, layout: str = "wide") -> None:
    X, y = drift_data()
    ns = DRIFT_NS
    shades = plt.get_cmap("Blues")(np.linspace(0.45, 1.0, len(DRIFT_PRIOR_SDS)))
    fig, ((top,), (bottom,)) = panels(layout, 2, 1, height=5.4, panel_height=2.5, sharex=True,
                                      gridspec_kw={"height_ratios": [1.4, 1]})
    least_squares = None
    for sd, shade in zip(DRIFT_PRIOR_SDS, shades):
        prior = rp.GaussianPrior(sd, mean=DRIFT_PRIOR_MEAN)
        lam = prior.penalty_strength(DRIFT_NOISE_SD)
        least_squares, map_ = drift(X, y, ns, prior, DRIFT_NOISE_SD)
        label = rf"MAP, $\sigma_w = {sd:g}$ ($\lambda = {lam:g}$)"
        top.plot(ns, map_, color=shade, lw=2, label=label)
        bottom.plot(ns, prior_share(map_, least_squares, DRIFT_PRIOR_MEAN), color=shade, lw=2, label=label)
        bottom.plot([lam], [0.5], "o", color=shade, ms=6, mec="k", mew=0.6)
    top.plot(ns, least_squares, color=NEUTRAL, lw=1, marker=".", ms=4, label="least squares")
    top.axhline(DRIFT_TRUTH, color=DATA, lw=0.8, ls="--", label=f"true coefficient {DRIFT_TRUTH:g}")
    top.axhline(DRIFT_PRIOR_MEAN, color=DATA, lw=0.8, ls=":", label=rf"prior mean $\theta_0 = {DRIFT_PRIOR_MEAN:g}$")
    top.set(xscale="log", ylabel=r"estimate $\hat\beta$", ylim=(-0.5, 3.5),
            title=rf"Prior centred at $\theta_0 = {DRIFT_PRIOR_MEAN:g}$, data from $\beta = {DRIFT_TRUTH:g}$," + "\n"
                  + rf"$\sigma = {DRIFT_NOISE_SD:g}$")
    top.legend(fontsize=7.5, loc="lower right", ncol=2 if layout == "wide" else 1)
    bottom.axhline(0.5, color=NEUTRAL, lw=0.6, ls=":")
    bottom.set(xscale="log", xlabel="number of observations n", ylim=(-0.03, 1.03), xlim=(0.8, 1.25 * ns[-1]),
               ylabel="share of the way back\nto the prior mean")
    bottom.text(ns[-1], 0.55, r"dots: $n = \lambda$", ha="right", fontsize=7.5)
    fig.tight_layout()
    save(fig, path)


FIGURES = {
    "sequential-updating": sequential_updating,
    "prior-mean-to-least-squares": prior_mean_to_least_squares,
}


#: the height example: a prior on the mean height of a population, and a few measured heights (cm)
HEIGHT_PRIOR_MEAN, HEIGHT_PRIOR_SD, HEIGHT_SD, HEIGHT_TRUE_MEAN, HEIGHT_N, HEIGHT_SEED = 170.0, 10.0, 7.0, 176.0, 12, 5


def height_data():
    """``HEIGHT_N`` heights drawn around the true mean with the known spread ``HEIGHT_SD``."""
    rng = np.random.default_rng(HEIGHT_SEED)
    return HEIGHT_TRUE_MEAN + HEIGHT_SD * rng.standard_normal(HEIGHT_N)


def height_posterior():
    """The posterior of the mean height (one coefficient on a column of ones) and its 95% credible interval."""
    y = height_data()
    prior = rp.GaussianPrior(HEIGHT_PRIOR_SD, mean=HEIGHT_PRIOR_MEAN)
    post = rp.gaussian_posterior(np.ones((y.size, 1)), y, prior, HEIGHT_SD)
    lower, upper = post.credible_interval(0.95)
    return y, post, float(lower[0]), float(upper[0])


def height_example(path, layout: str = "wide") -> None:
    y, post, lower, upper = height_posterior()
    mean, sd = float(post.mean[0]), float(np.sqrt(post.cov[0, 0]))
    grid = np.linspace(145, 200, 1101)
    fig, ((ax,),) = panels(layout, height=3.2, panel_height=3.2)
    ax.plot(grid, stats.norm.pdf(grid, HEIGHT_PRIOR_MEAN, HEIGHT_PRIOR_SD), color=NEUTRAL, ls="--", lw=1.5,
            label=rf"prior: $N({HEIGHT_PRIOR_MEAN:g}, {HEIGHT_PRIOR_SD:g}^2)$")
    ax.plot(grid, stats.norm.pdf(grid, y.mean(), HEIGHT_SD / np.sqrt(y.size)), color=DATA, lw=1, ls=":",
            label=f"likelihood of the {y.size} heights (scaled)")
    ax.plot(grid, stats.norm.pdf(grid, mean, sd), color=GAUSSIAN, lw=2, label="posterior of the mean height")
    inside = (grid >= lower) & (grid <= upper)
    ax.fill_between(grid[inside], stats.norm.pdf(grid[inside], mean, sd), color=GAUSSIAN, alpha=0.2,
                    label=f"95% credible interval [{lower:.1f}, {upper:.1f}]")
    ax.plot(y, np.zeros_like(y), "|", color=DATA, ms=12, mew=1.2)
    ax.set(xlabel="mean height of the population (cm)", ylabel="density", xlim=(grid[0], grid[-1]),
           title="The mean height of a population:\na prior, 12 heights, a posterior")
    ax.legend(fontsize=7.5, loc="upper left")
    save(fig, path)


FIGURES["height-example"] = height_example
