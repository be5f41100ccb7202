"""Laplace prior ⇒ L1 penalty (lasso), with λ = 2σ²/b; then how much sharper the Laplace prior is than a Gaussian.

The correspondence itself is the argument shared with the Gaussian page (:func:`._prior_to_penalty.build`).
The steps added after it (:func:`shape_steps`) derive the Laplace prior's variance and excess kurtosis from
integrals of its density, compare them with the Gaussian prior's, and compare the two densities at equal
variance, each checked against :mod:`sympy.stats`.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
import sympy.stats as sps

from regprior.symbolic.derivation import Derivation, latex
from regprior.symbolic.models import Prior, gaussian_prior, laplace_prior
from regprior.symbolic.symbols import b, beta, j, n, p, sigma, sigma_w

from ._prior_to_penalty import PriorText, build

TEXT = PriorText(
    slug="laplace-l1",
    title="Laplace prior ⇒ L1 penalty",
    prior_sentence=(
        "The prior makes the coefficients independent, each Laplace (double exponential) with location 0 "
        "and scale $b$; its variance is $2b^2$ ({eq}`laplace-l1-variance` below):"
    ),
    neg_log_prior_display=sp.Add(
        p * sp.log(2 * b), sp.Sum(sp.Abs(beta[j]), (j, 1, p)) / b, evaluate=False
    ),
    constant_display=sp.Add(n / 2 * sp.log(2 * sp.pi * sigma**2), p * sp.log(2 * b), evaluate=False),
    penalty_name=r"\lVert\beta\rVert_1",
    conclusion=(
        r"The factor $1/(2\sigma^2)$ is positive and the constant does not involve $\beta$, so the $\beta$ "
        r"that maximizes the posterior is the $\beta$ that minimizes $J$: the MAP estimate is the lasso "
        r"estimate with $\lambda = 2\sigma^2/b$. The 2 is there because the likelihood carries "
        r"$1/(2\sigma^2)$ while the Laplace prior carries $1/b$ with no $\tfrac12$."
    ),
    gradient_sentence=(
        r"Differentiating with respect to a general coefficient $\beta_k$ at $\beta_k \neq 0$ (at 0 the penalty "
        "has a kink and a subgradient takes the derivative's place; the "
        "{doc}`coordinate-descent derivation </derivations/lasso-coordinate>` works it out):"
    ),
)


#: one coefficient, the variable of the moment integrals
COEF = sp.Symbol("beta_j", real=True)
VAR, FOURTH = r"\operatorname{Var}(\beta_j)", r"\operatorname{E}[\beta_j^4]"
EXCESS = r"\frac{\operatorname{E}[\beta_j^4]}{\operatorname{Var}(\beta_j)^2} - 3"


def moment(prior: Prior, order: int) -> sp.Expr:
    r"""The moment :math:`\operatorname{E}[\beta_j^k] = \int \beta_j^k\,p(\beta_j)\,d\beta_j` of one coefficient.

    Parameters
    ----------
    prior : regprior.symbolic.models.Prior
        A prior centred at 0 whose density SymPy can integrate.
    order : int
        k >= 0.

    Returns
    -------
    sympy.Expr
        The integral over the real line, simplified.
    """
    return sp.simplify(sp.integrate(COEF**order * prior.density_value(COEF), (COEF, -sp.oo, sp.oo)))


def shape(prior: Prior) -> dict[str, sp.Expr]:
    r"""Mean, variance, fourth moment and excess kurtosis of one coefficient, from :func:`moment`.

    Parameters
    ----------
    prior : regprior.symbolic.models.Prior
        A prior whose density is centred at 0 (its first moment must come out 0).

    Returns
    -------
    dict
        ``mean`` (0), ``variance`` (the second moment), ``fourth`` (the fourth moment) and ``excess`` (the
        fourth moment over the squared variance, minus 3).

    Raises
    ------
    ValueError
        If the first moment is not 0 (then the raw moments are not the central ones used here).
    """
    mean = moment(prior, 1)
    if mean != 0:
        raise ValueError(f"prior must be centred at 0; the {prior.name} prior has mean {mean}")
    variance, fourth = moment(prior, 2), moment(prior, 4)
    return {"mean": mean, "variance": variance, "fourth": fourth, "excess": sp.simplify(fourth / variance**2 - 3)}


def _agrees_with_stats(prior: Prior, found: dict[str, sp.Expr]) -> bool:
    """The derived moments equal those :mod:`sympy.stats` computes for its own distribution with the same scale."""
    w = prior.stats("w")
    return (found["mean"] == 0
            and sp.simplify(found["variance"] - sps.variance(w)) == 0
            and sp.simplify(found["fourth"] - sps.moment(w, 4)) == 0
            and sp.simplify(found["excess"] - (sps.kurtosis(w) - 3)) == 0)


def shape_steps(d: Derivation) -> None:
    """Append to ``d`` the steps that say how much sharper the Laplace prior is than a Gaussian one.

    Parameters
    ----------
    d : Derivation
        The Laplace→L1 derivation; the steps are checked as they are added, and the results ``variance``,
        ``excess_kurtosis``, ``gaussian_excess_kurtosis`` and ``peak_ratio`` are recorded.
    """
    laplace, gaussian = shape(laplace_prior), shape(gaussian_prior)
    d.say(
        r"How much sharper is the Laplace prior than a Gaussian one? Shapes are compared through the moments of "
        r"one coefficient, $\operatorname{E}[\beta_j^k] = \int_{-\infty}^{\infty} \beta_j^k\,p(\beta_j)"
        r"\,d\beta_j$, each an integral that SymPy evaluates. The density is symmetric about 0, so the mean "
        r"(the first moment) is 0 and the variance is the second moment:"
    )
    d.claim(
        "For the Laplace prior with scale $b$,", VAR, laplace["variance"], label="variance",
        check=lambda: _agrees_with_stats(laplace_prior, laplace),
        checked=(r"`sympy.integrate` of $\beta_j$, $\beta_j^2$ and $\beta_j^4$ times the density gives the mean "
                 r"0, this variance and the fourth moment below; `sympy.stats` computes the same three numbers, "
                 r"and the same kurtosis, for its own Laplace distribution with scale $b$."),
    )
    d.claim(
        "The fourth moment weighs values far from 0 much more heavily than the variance does:",
        FOURTH, laplace["fourth"], label="fourth-moment",
        check=lambda: sp.simplify(laplace["fourth"] - sps.moment(laplace_prior.stats("w"), 4)) == 0,
        checked="`sympy.stats.moment` of order 4 of the `sympy.stats` Laplace distribution is the same.",
    )
    d.claim(
        "Divided by the squared variance it gives the kurtosis, a number free of the scale. Subtracting 3, the "
        "Gaussian's kurtosis (next step), leaves the *excess* kurtosis, which is positive when a distribution "
        "has a sharper peak and heavier tails than the Gaussian of the same variance:",
        EXCESS, laplace["excess"], label="kurtosis",
        check=lambda: sp.simplify(laplace["excess"] - (sps.kurtosis(laplace_prior.stats("w")) - 3)) == 0
        and not laplace["excess"].has(b) and laplace["excess"].is_positive is True,
        checked=("the quotient of the two integrals, minus 3, equals `sympy.stats.kurtosis` of the `sympy.stats` "
                 "Laplace distribution minus 3; it contains no $b$ and is positive."),
    )
    gaussian_display = (rf"{VAR} = {latex(gaussian['variance'])},\quad {FOURTH} = {latex(gaussian['fourth'])}"
                        rf",\quad {EXCESS} = {latex(gaussian['excess'])}")
    d.claim(
        r"The same three integrals against the Gaussian prior $\mathcal N(0, \sigma_w^2)$ of "
        r"{doc}`/derivations/gaussian-l2` give a kurtosis of 3, so an excess kurtosis of exactly 0:",
        None, gaussian_display, label="gaussian-kurtosis",
        check=lambda: _agrees_with_stats(gaussian_prior, gaussian) and gaussian["excess"] == 0,
        checked=(r"`sympy.integrate` against the Gaussian density, and `sympy.stats` for its Normal distribution "
                 r"with standard deviation $\sigma_w$, give the same variance, fourth moment and kurtosis."),
    )
    (matched,) = sp.solve(sp.Eq(laplace["variance"], gaussian["variance"]), b)

    def laplace_at(value):  # the Laplace density with the matched scale
        return laplace_prior.density_value(value).subs(b, matched)

    peak = sp.simplify(laplace_at(0) / gaussian_prior.density_value(0))
    tail = sp.limit(laplace_at(COEF) / gaussian_prior.density_value(COEF), COEF, sp.oo)
    stats_ratio = sps.density(sps.Laplace("w", 0, matched))(0) / sps.density(gaussian_prior.stats("w"))(0)
    # sigma_w times the difference of the densities at beta_j = sigma_w: a number, whose sign SymPy decides
    shoulder = sp.expand(sigma_w * (laplace_at(sigma_w) - gaussian_prior.density_value(sigma_w)))
    d.claim(
        rf"To see the difference, give both priors the same variance: $2b^2 = \sigma_w^2$ gives "
        rf"$b = {latex(matched)}$. At that scale the Laplace density at 0 is ${latex(peak)} \approx "
        rf"{float(peak):.2f}$ times the Gaussian's, and far from 0 it is larger again, by a factor that grows "
        rf"without bound; in between (at one standard deviation, for instance) it is the lower of the two:",
        r"\frac{p_{\mathrm{Laplace}}(0)}{p_{\mathrm{Gauss}}(0)},\ "
        r"\lim_{\beta_j\to\infty}\frac{p_{\mathrm{Laplace}}(\beta_j)}{p_{\mathrm{Gauss}}(\beta_j)}",
        sp.Tuple(peak, tail), label="matched",
        check=lambda: sp.simplify(peak - stats_ratio) == 0 and (peak - 1).is_positive is True and tail == sp.oo
        and shoulder.is_negative is True,
        checked=(r"`sympy.solve` of the matched variances gives this $b$; the ratio at 0 equals the ratio of the "
                 r"`sympy.stats` Laplace and Normal densities at 0 and exceeds 1; `sympy.limit` gives the tail "
                 r"ratio; and at $\beta_j = \sigma_w$ the Laplace density is below the Gaussian one."),
    )
    d.say(
        r"That is the sense in which the Laplace prior is much sharper: more of its mass sits very close to 0 "
        r"and in the far tails, less at moderate values. The MAP inherits both halves. The kink of "
        r"$\lvert\beta_j\rvert$ at 0 sets small coefficients exactly to 0, and the penalty's slope stays "
        r"$1/b$ however large a coefficient is, so large coefficients are shrunk by a constant amount rather "
        r"than in proportion to their size as under the Gaussian prior."
    )
    d.record(variance=laplace["variance"], excess_kurtosis=laplace["excess"],
             gaussian_excess_kurtosis=gaussian["excess"], peak_ratio=peak)


@lru_cache(maxsize=None)
def derivation() -> Derivation:
    """Build (and thereby check) the Laplace→L1 derivation and the comparison of its prior with a Gaussian."""
    d = build(laplace_prior, TEXT)
    shape_steps(d)
    return d
