"""The elastic-net prior and the exponential-power prior: normalizers against quadrature, the derived
strengths against the numeric priors, and the elastic-net MAP by three routes (lasso on augmented data,
coordinate descent with the derived update, the symbolic negative log-posterior)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate as si
import scipy.special as sc
from hypothesis import given
from hypothesis import strategies as st

import regprior as rp
from tests import reference
from tests.properties import prop
from tests.strategies import coefficient_vectors, powers_of_ten, problems, well_posed_problems
from tests.symbolic_cases import elastic_net_cases, exponential_power_cases, rss


def _quad(f):
    left, _ = si.quad(f, -np.inf, 0, epsabs=0, epsrel=1e-12, limit=200)
    right, _ = si.quad(f, 0, np.inf, epsabs=0, epsrel=1e-12, limit=200)
    return left + right


# -- elastic net ---------------------------------------------------------------------------------------

@prop("The derived normalizer of the elastic-net prior, "
      r"$\int e^{-|x|/b - x^2/(2\sigma_w^2)}\,dx = \sqrt{2\pi}\,\sigma_w "
      r"e^{\sigma_w^2/(2b^2)}\operatorname{erfc}\bigl(\sigma_w/(\sqrt2\,b)\bigr)$, matches numerical quadrature to "
      r"a relative $10^{-9}$ for $\sigma_w/b$ from 0.01 to 20.",
      group="symbols", evaluates=("elastic-net-prior:normalizer",), against="numerical quadrature")
@given(b=powers_of_ten(-1, 1), ratio=st.floats(0.01, 20))
def test_elastic_net_normalizer_matches_quadrature(b, ratio):
    # sigma_w / b is bounded because the closed form multiplies exp(r^2/2) by erfc(r/sqrt 2): beyond r ~ 37
    # the first overflows in float64 although the product is finite (the formula is exact, the floats are not).
    sw = ratio * b
    closed = elastic_net_cases()["normalizer"](b, sw)
    assert closed == pytest.approx(_quad(lambda x: np.exp(-abs(x) / b - x**2 / (2 * sw**2))), rel=1e-9)


@prop("The derived strengths of the elastic-net prior are the Laplace and Gaussian ones, "
      r"$\lambda_1 = 2\sigma^2/b$ and $\lambda_2 = \sigma^2/\sigma_w^2$; the derived negative log-posterior minus "
      r"$\bigl(\lVert y - X\beta\rVert^2 + \lambda_1\lVert\beta\rVert_1 + "
      r"\lambda_2\lVert\beta\rVert^2\bigr)/(2\sigma^2)$ is $\tfrac n2\log(2\pi\sigma^2) + p\log "
      r"Z$, with the prior's normalizer $Z$ by quadrature, at three drawn $\beta$.",
      group="symbols",
      evaluates=("elastic-net-prior:lam1", "elastic-net-prior:lam2", "elastic-net-prior:neg_log_posterior"),
      checks=("LaplacePrior.penalty_strength", "GaussianPrior.penalty_strength"), against="numerical quadrature")
@given(problem=problems(max_n=6, max_p=5), noise=powers_of_ten(-1, 1), b=powers_of_ten(-1, 1),
       ratio=st.floats(0.05, 10), data=st.data())
def test_elastic_net_posterior_splits_with_the_derived_strengths(problem, noise, b, ratio, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    sw = ratio * b
    case = elastic_net_cases()
    lam1, lam2 = case["lams"](noise, b, sw)
    assert lam1 == pytest.approx(rp.LaplacePrior(b).penalty_strength(noise), rel=1e-12)
    assert lam2 == pytest.approx(rp.GaussianPrior(sw).penalty_strength(noise), rel=1e-12)
    log_z = np.log(_quad(lambda x: np.exp(-abs(x) / b - x**2 / (2 * sw**2))))
    for _ in range(3):
        coef = data.draw(coefficient_vectors(p))
        nlp = case["neg_log_posterior"](X, y, coef, n, p, noise, b, sw, 1.0)
        scaled = (rss(X, y, coef) + lam1 * np.abs(coef).sum() + lam2 * coef @ coef) / (2 * noise**2)
        # the remainder is the likelihood's normalizer plus p times log of the prior's (by quadrature)
        assert nlp - scaled == pytest.approx(n / 2 * np.log(2 * np.pi * noise**2) + p * log_z, rel=1e-8,
                                             abs=1e-9 * (abs(nlp) + abs(scaled)))


def _certified_radius(X, y, coef, lam1, lam2):
    r"""Distance from ``coef`` to the elastic-net minimizer that its independently recomputed gap allows.

    J is :math:`2\lambda_2`-strongly convex, so :math:`J(\beta) - J(\beta^*) \ge \lambda_2\lVert\beta - \beta^*\rVert^2`
    and :math:`\lVert\beta - \beta^*\rVert \le \sqrt{\mathrm{gap}/\lambda_2}`. The gap is a difference of two
    numbers no larger than :math:`J(0) = \lVert y\rVert^2`, so in floating point it is known to about
    :math:`10^{-14}\lVert y\rVert^2`, which the radius includes. Returns (gap, radius).
    """
    gap = reference.lasso_gap(X, y, coef, lam1, lam2)
    return gap, np.sqrt((max(gap, 0.0) + _GAP_ROUNDING * (y @ y)) / lam2)


#: how well a duality gap of size ||y||^2 is known in float64 (a few dozen ulps)
_GAP_ROUNDING = 1e-14


@prop(r"The lasso on the augmented data $([X; \sqrt{\lambda_2}I], [y; 0])$ and the elastic-net solver both have "
      r"independently recomputed duality gaps below $(\mathrm{tol} + 10^{-14})\lVert y\rVert^2$ and lie within the "
      r"sum of their strong-convexity radii $\sqrt{G/\lambda_2}$ of each other; the derived coordinate update "
      r"$S_{\lambda_1/2}(a_k)/(q_k + \lambda_2)$ maps the elastic-net solution to itself within the slack that "
      "radius implies.",
      group="routes", evaluates=("elastic-net-prior:update",), checks=("lasso", "elastic_net"),
      against="the duality gap recomputed from scratch (tests/reference.py)")
@given(problem=problems(max_n=8, max_p=6, x_scales=(-1, 1), y_scales=(-1, 1)), ratio=powers_of_ten(-2, -1),
       lam2=powers_of_ten(-1, 1))
def test_elastic_net_is_the_lasso_on_augmented_data(problem, ratio, lam2):
    """Three routes to the elastic-net MAP: the lasso on [X; sqrt(lam2) I], the elastic-net solver, and the
    derived coordinate update, whose fixed point the minimizer is.

    Each solver's duality gap is recomputed from scratch (tests/reference.py) and must meet the tolerance;
    strong convexity turns the gap into a radius around the unique minimizer, which bounds every comparison.
    """
    X, y = problem.X, problem.y
    p = X.shape[1]
    lam1 = ratio * 2 * np.abs(X.T @ y).max() or 1.0
    tol = 1e-11
    allowed = (tol + _GAP_ROUNDING) * (y @ y)
    augmented = rp.lasso(np.vstack([X, np.sqrt(lam2) * np.eye(p)]), np.r_[y, np.zeros(p)], lam1, tol=tol).coef
    direct = rp.elastic_net(X, y, lam1, lam2, tol=tol).coef
    gap_a, radius_a = _certified_radius(X, y, augmented, lam1, lam2)
    gap_d, radius_d = _certified_radius(X, y, direct, lam1, lam2)
    assert gap_a <= allowed and gap_d <= allowed
    assert np.linalg.norm(augmented - direct) <= radius_a + radius_d

    # the derived update maps the minimizer to itself; the update is 1/(q_k + lam2)-Lipschitz in a_k, which
    # moves by at most (||x_k|| ||X||_2 + q_k) times the distance to the minimizer
    update = elastic_net_cases()["update"]
    q = np.einsum("ij,ij->j", X, X)
    norm_X = np.linalg.norm(X, 2)
    r = y - X @ direct
    for k in range(p):
        a_k = X[:, k] @ r + q[k] * direct[k]
        slack = radius_d * (1 + (np.sqrt(q[k]) * norm_X + q[k]) / (q[k] + lam2))
        # (a_k itself is computed with relative error ~1e-15 of the terms it sums)
        rounding = 1e-14 * (np.abs(X[:, k]) @ np.abs(r) + q[k] * abs(direct[k])) / (q[k] + lam2)
        assert abs(float(update(a_k, q[k], lam1, lam2)) - direct[k]) <= slack + rounding


@prop(r"At the derived $\lambda_1, \lambda_2$, the lasso on augmented data is a minimum of the symbolic "
      r"elastic-net negative log-posterior along every coordinate axis: moving one coefficient by $\pm10^{-4}$ or "
      r"$\pm10^{-2}$ times $1 + |\hat\beta_k|$ does not lower it (beyond a relative $10^{-9}$).",
      group="optimality",
      evaluates=("elastic-net-prior:lam1", "elastic-net-prior:lam2", "elastic-net-prior:neg_log_posterior"),
      checks=("lasso",))
@given(problem=well_posed_problems(max_p=4), noise=powers_of_ten(-1, 0), b=powers_of_ten(-1, 1),
       ratio=st.floats(0.2, 5))
def test_elastic_net_map_minimizes_the_symbolic_negative_log_posterior(problem, noise, b, ratio):
    X, y = problem.X, problem.y
    n, p = X.shape
    sw = ratio * b
    case = elastic_net_cases()
    lam1, lam2 = case["lams"](noise, b, sw)
    coef = rp.lasso(np.vstack([X, np.sqrt(lam2) * np.eye(p)]), np.r_[y, np.zeros(p)], lam1, tol=1e-14).coef
    nlp = lambda c: case["neg_log_posterior"](X, y, c, n, p, noise, b, sw, 1.0)
    best = nlp(coef)
    for k in range(p):
        for step in (1e-4, -1e-4, 1e-2, -1e-2):
            moved = coef.copy()
            moved[k] += step * (1 + abs(coef[k]))
            assert best <= nlp(moved) + 1e-9 * (1 + abs(best))


# -- exponential power ---------------------------------------------------------------------------------

@prop(r"The exponential-power density $\frac{q}{2s\,\Gamma(1/q)}e^{-|x/s|^q}$ that the derivation starts from "
      "integrates to 1 by numerical quadrature (relative $10^{-8}$), for $q$ from 0.3 to 6.",
      group="symbols", evaluates=("exponential-power-prior",), against="numerical quadrature")
@given(q=st.floats(0.3, 6), s=powers_of_ten(-1, 1))
def test_exponential_power_density_integrates_to_one(q, s):
    density = exponential_power_cases()["density"]
    assert _quad(lambda x: density(x, q, s)) == pytest.approx(1.0, rel=1e-8)


@prop("The exponential-power density with $q = 1$, $s = b$ has the negative log-density of the library's "
      r"Laplace$(b)$ prior, and with $q = 2$ at the derived $s = \sqrt2\,\sigma_w$ that of its "
      r"$\mathcal N(0, \sigma_w^2)$ prior (compared where the densities do not underflow); the derived "
      r"$\lambda = 2\sigma^2/s^q$ gives the Laplace and the Gaussian strengths there.",
      group="symbols",
      evaluates=("exponential-power-prior", "exponential-power-prior:gaussian_scale", "exponential-power-prior:lam"),
      checks=("LaplacePrior.neg_log_density", "GaussianPrior.neg_log_density", "LaplacePrior.penalty_strength",
              "GaussianPrior.penalty_strength"))
@given(coef=st.integers(1, 6).flatmap(coefficient_vectors), scale=powers_of_ten(-1, 1), noise=powers_of_ten(-1, 1))
def test_exponential_power_special_cases_are_the_laplace_and_gaussian_priors(coef, scale, noise):
    case = exponential_power_cases()
    density = case["density"]
    small = coef[np.abs(coef) / scale < 25]  # where the densities do not underflow to 0
    # q = 1 with s = b is Laplace(b); q = 2 with the derived s(sigma_w) is N(0, sigma_w^2)
    s_gauss = case["gaussian_scale"](scale)
    for c in small:
        assert -np.log(density(c, 1.0, scale)) == pytest.approx(rp.LaplacePrior(scale).neg_log_density([c]), rel=1e-10)
        assert -np.log(density(c, 2.0, s_gauss)) == pytest.approx(rp.GaussianPrior(scale).neg_log_density([c]),
                                                                  rel=1e-10)
    assert case["lam"](noise, scale, 1.0) == pytest.approx(rp.LaplacePrior(scale).penalty_strength(noise), rel=1e-12)
    assert case["lam"](noise, s_gauss, 2.0) == pytest.approx(rp.GaussianPrior(scale).penalty_strength(noise), rel=1e-12)


@prop("For $q$ from 0.3 to 4, the derived exponential-power negative log-posterior minus "
      r"$\bigl(\lVert y - X\beta\rVert^2 + \lambda\sum_j|\beta_j|^q\bigr)/(2\sigma^2)$, with the derived "
      r"$\lambda = 2\sigma^2/s^q$, is the derived constant at three drawn $\beta$, and the derived $s(\lambda)$ "
      r"inverts $\lambda(s)$.",
      group="symbols",
      evaluates=("exponential-power-prior:neg_log_posterior", "exponential-power-prior:lam",
                 "exponential-power-prior:scale_from_lam", "exponential-power-prior:constant"))
@given(problem=problems(max_n=6, max_p=5), noise=powers_of_ten(-1, 1), s=powers_of_ten(-1, 1),
       q=st.floats(0.3, 4), data=st.data())
def test_exponential_power_posterior_splits_into_the_bridge_objective(problem, noise, s, q, data):
    X, y = problem.X, problem.y
    n, p = X.shape
    case = exponential_power_cases()
    lam = case["lam"](noise, s, q)
    assert case["scale_from_lam"](noise, lam, q) == pytest.approx(s, rel=1e-10)
    constant = case["constant"](n, p, noise, s, q, 1.0)
    for _ in range(3):
        coef = data.draw(coefficient_vectors(p))
        nlp = case["neg_log_posterior"](X, y, coef, n, p, noise, s, q, 1.0)
        scaled = (rss(X, y, coef) + lam * np.sum(np.abs(coef) ** q)) / (2 * noise**2)
        assert nlp - scaled == pytest.approx(constant, rel=1e-9, abs=1e-9 * (abs(nlp) + abs(scaled)))


@prop(r"On a fine grid, the example objective $(2 - \beta)^2 + 2|\beta|^{1/2}$ has local minima at the two derived "
      "points and no others (within $10^{-4}$), the lower one being the nonzero one; with the symbolic posterior "
      r"at $q = 1/2$ ($\lambda = 2$), moving $y$ from just below to just above the derived tie $y_c = 3/2$ makes "
      r"the grid minimizer jump from 0 to near the derived $\hat\beta(y_c^+) = 1$ (within 0.02).",
      group="symbols",
      evaluates=("exponential-power-prior:example_objective", "exponential-power-prior:example_minima",
                 "exponential-power-prior:example_tie", "exponential-power-prior:lam",
                 "exponential-power-prior:neg_log_posterior"))
def test_half_power_example_has_two_local_minima_and_the_map_jumps():
    case = exponential_power_cases()
    grid = np.linspace(-1.0, 3.0, 400_001)
    values = case["example_objective"](grid)
    interior = np.nonzero((values[1:-1] < values[:-2]) & (values[1:-1] < values[2:]))[0] + 1
    at_zero = np.argmin(np.abs(grid))
    found = sorted(grid[i] for i in set(interior) | {at_zero} if values[i] <= min(values[i - 1], values[i + 1]))
    np.testing.assert_allclose(found, case["example_minima"], atol=1e-4)
    assert grid[np.argmin(values)] == pytest.approx(max(case["example_minima"]), abs=1e-4)
    # The same objective from the symbolic posterior (q = 1/2, sigma = 1, s = 1, so lambda = 2), with the
    # response moved across the derived tie y_c: the global minimizer jumps from 0 to about the derived value.
    y_c, jump = case["example_tie"]
    lam = case["lam"](1.0, 1.0, 0.5)
    assert lam == pytest.approx(2.0)
    nlp = np.vectorize(lambda b, yy: case["neg_log_posterior"](np.ones((1, 1)), np.array([yy]), np.array([b]),
                                                               1, 1, 1.0, 1.0, 0.5, 1.0))
    coarse = np.linspace(-0.5, 2.5, 30_001)
    below = coarse[np.argmin(nlp(coarse, y_c - 1e-3))]
    above = coarse[np.argmin(nlp(coarse, y_c + 1e-3))]
    assert below == pytest.approx(0.0, abs=1e-9)
    assert above == pytest.approx(jump, abs=0.02)


# -- horseshoe --------------------------------------------------------------------------------------------------

@prop(r"Where `horseshoe_logpdf` switches to the asymptotic series of $e^zE_1(z)$ ($z$ from just above $10^4$ to "
      r"$10^{300}$, $z = \beta^2/2$), it agrees with mpmath's $E_1$ at 50 digits to $5\cdot 10^{-14}$ absolute in "
      r"$\log p$ (plus its own rounding, a few units in the last place): the series keeps its terms to $z^{-3}$, "
      r"and the first one left out is below $3\cdot 10^{-15}$ there.",
      group="symbols", checks="horseshoe_logpdf", against="mpmath (50 digits)")
def test_horseshoe_logpdf_asymptotic_range_against_mpmath():
    import mpmath

    z = np.array([1.0001e4, 1.5e4, 3e4, 1e5, 1e8, 1e300])
    with mpmath.workdps(50):
        expected = [float(mpmath.log(mpmath.exp(mpmath.mpf(v)) * mpmath.e1(mpmath.mpf(v)))
                          - mpmath.log(2 * mpmath.pi**3) / 2) for v in z]
    np.testing.assert_allclose(rp.horseshoe_logpdf(np.sqrt(2 * z)), expected, rtol=4e-16, atol=5e-14)


@prop(r"`horseshoe_logpdf` with its default global scale is the $\tau = 1$ density "
      r"$\log\bigl(e^zE_1(z)\bigr) - \tfrac12\log(2\pi^3)$, $z = \beta^2/2$, with $E_1$ from `scipy.special.exp1` "
      r"(relative $10^{-9}$, what the product of its two factors keeps); a number gives a NumPy float (as "
      r"`scipy.stats` log-densities do) and an array of any shape gives an array of that shape.",
      group="symbols", checks="horseshoe_logpdf", against="scipy.special.exp1")
def test_horseshoe_logpdf_default_scale_and_shapes():
    beta = np.array([[0.3, -1.0, 2.5], [4.0, -0.05, 7.0]])
    z = beta**2 / 2
    expected = np.log(np.exp(z) * sc.exp1(z)) - 0.5 * np.log(2 * np.pi**3)
    got = rp.horseshoe_logpdf(beta)
    assert got.shape == beta.shape
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    one = rp.horseshoe_logpdf(-1.0)
    assert isinstance(one, np.floating) and np.ndim(one) == 0
    assert one == pytest.approx(expected[0, 1], rel=1e-9)
