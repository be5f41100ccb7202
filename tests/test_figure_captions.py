"""The numbers the captions of the site's newer figures quote, recomputed from the code that draws them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from scipy.special import gamma

from figures.polynomial import LAMBDAS, against_lambda
from figures.priors import POWERS, exponential_power_density
from figures.updating import height_data, height_posterior
from tests.properties import prop

ROOT = Path(__file__).resolve().parents[1]


@prop(r"What the caption of the figure against $\lambda$ says: the Legendre coefficients reach 30.3 at the smallest "
      r"$\lambda$ and stay below 1 at $\lambda = 0.1$, where the error on the 1000 new points is smallest (0.026); "
      "that error starts near 300 and ends near 0.4, while the error on the fitted points starts near 0.003.",
      group="routes", checks="ridge")
def test_the_figure_against_lambda_shows_what_its_caption_says():
    coefs, train, test = against_lambda()
    best = int(np.argmin(test))
    assert LAMBDAS[best] == pytest.approx(0.1, rel=1e-9)
    assert round(float(test[best]), 3) == 0.026
    assert round(float(np.abs(coefs[0]).max()), 1) == 30.3 and np.abs(coefs[best]).max() < 1
    assert 250 < test[0] < 350 and 0.35 < test[-1] < 0.45 and 0.002 < train[0] < 0.004


@prop("What the caption of the height figure says: twelve heights averaging 175.6, a posterior "
      r"$\mathcal N(175.4, 1.98^2)$ whose mean lies between the prior mean 170 and the average, and the 95% credible "
      r"interval $[171.5, 179.3]$, which is the posterior mean $\pm 1.96$ posterior standard deviations.",
      group="routes", checks="gaussian_posterior")
def test_the_height_figure_shows_what_its_caption_says():
    y, post, lower, upper = height_posterior()
    mean, sd = float(post.mean[0]), float(np.sqrt(post.cov[0, 0]))
    assert y.size == 12 and round(float(y.mean()), 1) == 175.6 and np.all(height_data() == y)
    assert (round(mean, 1), round(sd, 2)) == (175.4, 1.98) and 170 < mean < y.mean()
    assert (round(lower, 1), round(upper, 1)) == (171.5, 179.3)
    assert (lower == pytest.approx(mean - 1.959964 * sd, rel=1e-6)
            and upper == pytest.approx(mean + 1.959964 * sd, rel=1e-6))


@prop("The exponential-power densities of the figure each integrate to 1 with variance 1, and the $q = 0.5$ one "
      "reaches 2.7 at 0, as its caption says.", group="routes")
def test_the_exponential_power_figure_draws_unit_variance_densities():
    density, scale = exponential_power_density()
    t = np.linspace(-60, 60, 1_200_001)
    for q in POWERS:
        p = density(t, q, scale(q))
        assert np.trapezoid(p, t) == pytest.approx(1, abs=1e-3)
        assert np.trapezoid(t**2 * p, t) == pytest.approx(1, abs=1e-3)
    assert round(float(density(0.0, 0.5, scale(0.5))), 1) == 2.7
    assert scale(2.0) == pytest.approx(np.sqrt(gamma(0.5) / gamma(1.5)))


@prop("The coverage notes on the pitfalls page's checks give the true counts: how many errata record a written "
      "form the tests evaluate, how many only the right form, how many have no SymPy check.", group="machinery",
      evaluates="pitfalls")
def test_the_coverage_notes_count_the_pitfalls_checks():
    from catalogue.pitfalls import EVALUATED
    from catalogue.pitfalls.entries import catalogue

    features = tomllib.loads((ROOT / "catalogue" / "features.toml").read_text(encoding="utf-8"))["features"]
    wrong = [k for k, forms in EVALUATED.items() if "wrong" in forms]
    right_only = sorted(k for k, forms in EVALUATED.items() if forms == ("right",))
    unchecked = sorted(k for k, entry in catalogue().entries.items() if entry.remark)
    note = " ".join(features["E4"]["note"].split())
    assert note.startswith(f"{len(wrong)} of the 37 errata") and features["E4"]["status"] == "partly"
    assert f"{len(right_only)} record only the right form ({', '.join(f'E{k}' for k in right_only)})" in note
    assert f"{37 - len(wrong) - len(right_only) - len(unchecked)} are checked on the page" in note
    assert f"{len(unchecked)} have no SymPy check" in note
    assert re.search(rf"^{37 - len(unchecked)} of the 37 entries have a SymPy check", features["F10"]["note"])
