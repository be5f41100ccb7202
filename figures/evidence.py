"""The log evidence of ridge regression against λ and against the polynomial degree, and against
leave-one-out cross-validation and GCV choosing λ on the same data.

The data are the 30 seeded points of the degree-15 figure (:mod:`figures.polynomial`). Each model has Legendre
features of degrees 0, …, M (the constant included, under the same Gaussian prior as the others, since
:func:`regprior.evidence_ridge` fits no intercept).
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import legendre
from scipy.optimize import minimize_scalar

import regprior as rp

from ._style import DATA, GAUSSIAN, LAPLACE, NEUTRAL, panels, save
from .polynomial import data

DEGREES = np.arange(0, 16)
#: the two models whose evidence is drawn against λ
SHOWN_DEGREES = (4, 15)


def legendre_features(x, degree: int):
    """Legendre polynomials of degrees 0 to ``degree`` in 2x - 1 (orthogonal on x in [0, 1])."""
    return legendre.legvander(2 * np.asarray(x) - 1, degree)


def profile_log_evidence(X, y, lams) -> np.ndarray:
    r"""The log evidence :math:`\max_\tau \log p(y \mid \alpha = \lambda\tau, \tau)` for each λ, τ found numerically.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lams : array_like of shape (n_lams,)
        Canonical ridge strengths λ = α/τ > 0.

    Returns
    -------
    ndarray of shape (n_lams,)
        The log evidence (:func:`regprior.log_evidence`) at the best τ for each λ, found by a bounded scalar
        search over log τ; the largest value over λ is at the λ of :func:`regprior.evidence_ridge`.
    """
    scale = np.log(1.0 / np.var(y))  # log tau is searched within 20 of the prior-free guess 1/var(y)
    out = []
    for lam in np.asarray(lams, dtype=float):
        best = minimize_scalar(
            lambda log_tau, lam=lam: -rp.log_evidence(X, y, lam * np.exp(log_tau), np.exp(log_tau)),
            bounds=(scale - 20, scale + 20), method="bounded", options={"xatol": 1e-10})
        out.append(-best.fun)
    return np.array(out)


def evidence_against_lambda_and_degree(path, layout: str = "wide") -> None:
    x, y = data()
    lams = np.geomspace(1e-6, 1e2, 161)
    fig, ((left, right),) = panels(layout, 1, 2, height=3.3, panel_height=3.0, gridspec_kw={"width_ratios": [1.3, 1]})
    for degree, colour in zip(SHOWN_DEGREES, (GAUSSIAN, LAPLACE)):
        X = legendre_features(x, degree)
        fit = rp.evidence_ridge(X, y)
        left.plot(lams, profile_log_evidence(X, y, lams), color=colour, label=f"degree {degree}")
        left.plot(fit.lam, fit.log_evidence, "o", color=colour, ms=7,
                  label=rf"maximum: $\hat\lambda = {fit.lam:.3f}$, $\hat\sigma = {fit.noise_precision ** -0.5:.3f}$")
    left.set(xscale="log", xlabel=r"canonical $\lambda = \sigma^2/\sigma_w^2$",
             ylabel=r"$\log p(y \mid \lambda, \hat\sigma_\lambda)$", ylim=(-30, 25),
             title="Log evidence against " + r"$\lambda$" + "\n" + r"($\sigma$ at its best for each $\lambda$)")
    left.legend(fontsize=7.5, loc="upper left")
    fits = [rp.evidence_ridge(legendre_features(x, degree), y) for degree in DEGREES]
    evidence = np.array([fit.log_evidence for fit in fits])
    best = int(np.argmax(evidence))
    right.plot(DEGREES, evidence, "o-", color=NEUTRAL, ms=4)
    by_degree = dict(zip(DEGREES, evidence))
    for degree, colour in zip(SHOWN_DEGREES, (GAUSSIAN, LAPLACE)):
        note = " (the largest)" if degree == DEGREES[best] else ""
        right.plot(degree, by_degree[degree], "o", color=colour, ms=8, label=f"degree {degree}{note}")
    right.set(xlabel="polynomial degree M", ylabel=r"$\log p(y \mid \hat\lambda, \hat\sigma)$",
              title="Maximized log evidence\nagainst the degree")
    right.legend(fontsize=7.5, loc="lower right")
    fig.tight_layout()
    save(fig, path)


#: the model on which evidence and cross-validation are compared
COMPARED_DEGREE = 15
#: colour of the cross-validation criteria
CV = "#2ca02c"


def choices_of_lambda(X, y, selection: rp.RidgeSelection) -> dict[str, float]:
    """The λ each criterion picks: the evidence maximizer, and the grid minimizers of LOO and GCV."""
    return {"evidence": rp.evidence_ridge(X, y).lam, "LOO": selection.lam_loo, "GCV": selection.lam_gcv}


def evidence_against_cross_validation(path, layout: str = "wide") -> None:
    x, y = data()
    X = legendre_features(x, COMPARED_DEGREE)
    lams = np.geomspace(1e-6, 1e2, 161)
    selection = rp.ridge_loo_gcv(X, y, lams)
    chosen = choices_of_lambda(X, y, selection)
    fig, ((left, right),) = panels(layout, 1, 2, height=3.3, panel_height=3.0, gridspec_kw={"width_ratios": [1.3, 1]})
    left.plot(lams, selection.loo, color=CV, label="leave-one-out error")
    left.plot(lams, selection.gcv, color=CV, ls="--", label="GCV")
    left.set(xscale="log", yscale="log", xlabel=r"canonical $\lambda = \sigma^2/\sigma_w^2$",
             ylabel="mean squared prediction error",
             title=f"Degree {COMPARED_DEGREE}: three ways\nto choose " + r"$\lambda$")
    twin = left.twinx()
    twin.plot(lams, profile_log_evidence(X, y, lams), color=GAUSSIAN, label="log evidence (right axis)")
    twin.set_ylabel(r"$\log p(y \mid \lambda, \hat\sigma_\lambda)$", color=GAUSSIAN)
    twin.set_ylim(-30, 22)
    twin.grid(False)
    for lam, colour, style in zip(chosen.values(), (GAUSSIAN, CV, CV), ("-", ":", "-.")):
        left.axvline(lam, color=colour, ls=style, lw=1, alpha=0.8)
    handles = [h for ax in (left, twin) for h in ax.get_legend_handles_labels()[0]]
    left.legend(handles, [h.get_label() for h in handles], fontsize=7.5, loc="upper center")
    grid = np.linspace(0, 1, 400)
    G = legendre_features(grid, COMPARED_DEGREE)
    right.plot(grid, np.cos(1.5 * np.pi * grid), color=NEUTRAL, ls="--", label=r"truth $\cos(1.5\pi x)$")
    right.plot(x, y, "o", color=DATA, ms=4, label="30 points")
    for (name, lam), colour, style in zip(chosen.items(), (GAUSSIAN, CV, LAPLACE), ("-", "-", ":")):
        right.plot(grid, G @ rp.ridge(X, y, lam).coef, color=colour, ls=style, label=rf"{name}: $\lambda = {lam:.3g}$")
    right.set(xlabel="x", ylabel="y", ylim=(-1.6, 2.5), title="The three fits")
    right.legend(fontsize=7.5, loc="lower left")
    fig.tight_layout()
    if layout == "narrow":  # the right axis' label of the first panel needs room inside the phone's width
        fig.subplots_adjust(right=0.78)
    save(fig, path)


FIGURES = {"evidence-lambda-degree": evidence_against_lambda_and_degree,
           "evidence-vs-cross-validation": evidence_against_cross_validation}
