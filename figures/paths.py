"""Ridge trace and lasso path on the diabetes data, against λ and against the prior scale it means."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_diabetes

import regprior as rp

from ._style import panels, plt, save


def diabetes():
    """The 442 x 10 diabetes data (scikit-learn's copy of Efron et al. 2004), columns standardized, y centred."""
    data = load_diabetes()
    X = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)
    return X, data.target - data.target.mean(), list(data.feature_names)


def noise_sd(X, y) -> float:
    """The least-squares residual standard deviation (n - p - 1 degrees of freedom, one for the intercept)."""
    r = y - X @ rp.ridge(X, y, 0.0).coef
    return float(np.sqrt(r @ r / (X.shape[0] - X.shape[1] - 1)))


def ridge_and_lasso_paths(path, layout: str = "wide") -> None:
    X, y, names = diabetes()
    sigma = noise_sd(X, y)
    lams_ridge = np.geomspace(1e-1, 1e5, 120)
    ridge = rp.ridge_path(X, y, lams_ridge).coefs
    lasso = rp.lasso_path(X, y, n_lams=120, lam_min_ratio=1e-4, tol=1e-10)
    fig, ((left, right),) = panels(layout, 1, 2, height=3.4, panel_height=3.4, gridspec_kw={"hspace": 1.5})
    colours = plt.cm.tab10(np.arange(len(names)))
    for j, name in enumerate(names):
        left.plot(lams_ridge, ridge[:, j], color=colours[j], label=name)
        right.plot(lasso.lams, lasso.coefs[:, j], color=colours[j], label=name)
    left.set(xscale="log", xlabel=r"canonical $\lambda$", ylabel="coefficient",
             title="Ridge: Gaussian prior\n" + r"$\sigma_w = \sigma/\sqrt{\lambda}$")
    right.set(xscale="log", xlabel=r"canonical $\lambda$", ylabel="coefficient",
              title="Lasso: Laplace prior\n" + r"$b = 2\sigma^2/\lambda$")
    # A second axis in prior scale (sigma estimated from the least-squares residuals).
    # (matplotlib probes the maps at extreme values: clip away from 0 and infinity)
    top_left = left.secondary_xaxis("top", functions=(lambda lam: sigma / np.sqrt(np.clip(lam, 1e-100, 1e100)),
                                                      lambda sw: (sigma / np.clip(sw, 1e-100, 1e100)) ** 2))
    top_left.set_xlabel(rf"prior sd $\sigma_w$ ($\hat\sigma$ = {sigma:.1f})")
    top_right = right.secondary_xaxis("top", functions=(lambda lam: 2 * sigma**2 / np.clip(lam, 1e-100, 1e100),
                                                        lambda b: 2 * sigma**2 / np.clip(b, 1e-100, 1e100)))
    top_right.set_xlabel(rf"Laplace scale $b$ ($\hat\sigma$ = {sigma:.1f})")
    if layout == "wide":
        right.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=7.5)
    else:
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, fontsize=7.5)
    save(fig, path)


FIGURES = {"diabetes-paths": ridge_and_lasso_paths}
