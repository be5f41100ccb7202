r"""Likelihoods and priors as SymPy objects, and the negative log-posterior.

This module is the one definition of each model. A prior is a density on one
coefficient; the prior on :math:`\beta` is the product over :math:`j=1,\dots,p`.
The likelihood is a density on one observation; the likelihood of the data is
the product over :math:`i=1,\dots,n`.

:func:`penalized_form` then *derives* (by solving linear equations, not by
assertion) the factor :math:`c` and strength :math:`\lambda` for which

.. math::

    -\log p(\beta \mid y, X) - c\,\bigl(\lVert y - X\beta\rVert_2^2 + \lambda R(\beta)\bigr)

no longer depends on :math:`\beta`, together with that constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp
import sympy.stats as sps

from .sums import canonical, evaluated, linearize
from .symbols import Z, b, beta, fitted, i, j, n, p, rss, sigma, sigma_w, y

__all__ = [
    "Likelihood",
    "Prior",
    "PenalizedForm",
    "gaussian_likelihood",
    "gaussian_prior",
    "laplace_prior",
    "neg_log_likelihood",
    "neg_log_prior",
    "neg_log_posterior",
    "penalized_form",
]


@dataclass(frozen=True)
class Likelihood:
    """A density for one observation :math:`y_i` given its mean :math:`\\mu_i`.

    Attributes
    ----------
    name : str
        Human-readable name.
    noise : sympy.Symbol
        The noise scale parameter (for the Gaussian, the standard deviation σ).
    density : callable
        ``density(value, mean)`` returns the density of one observation.
    data_fit : sympy.Expr
        The data-fit term of the canonical objective (the residual sum of squares).
    """

    name: str
    noise: sp.Symbol
    density: Callable[[sp.Expr, sp.Expr], sp.Expr]
    data_fit: sp.Expr

    def joint(self) -> sp.Expr:
        """:math:`p(y \\mid X, \\beta) = \\prod_{i=1}^{n} p(y_i \\mid \\mu_i)` (independent noise)."""
        return sp.Product(self.density(y[i], fitted(i)), (i, 1, n))


@dataclass(frozen=True)
class Prior:
    """An i.i.d. prior: the same density, centred at 0, on each coefficient.

    Attributes
    ----------
    name : str
        Human-readable name (``"Gaussian"``, ``"Laplace"``).
    scale : sympy.Symbol
        The scale parameter (σ_w, the standard deviation, or b, the Laplace scale).
    density : callable
        ``density(x)``: the normalized density of one coefficient.
    penalty_term : callable
        ``penalty_term(x)``: the per-coefficient term of :math:`R(\\beta)` in the
        canonical objective (``x**2`` for ridge, ``Abs(x)`` for lasso). This is
        the *convention* the prior is matched against; λ is then derived.
    stats : callable
        ``stats(name)`` returns the same distribution from :mod:`sympy.stats`,
        an independent definition the density is checked against.
    """

    name: str
    scale: sp.Symbol
    density: Callable[[sp.Expr], sp.Expr]
    penalty_term: Callable[[sp.Expr], sp.Expr]
    stats: Callable[[str], sp.Expr]

    def joint(self) -> sp.Expr:
        """:math:`p(\\beta) = \\prod_{j=1}^{p} p(\\beta_j)`."""
        return sp.Product(self.density(beta[j]), (j, 1, p))

    def penalty(self) -> sp.Expr:
        """:math:`R(\\beta) = \\sum_{j=1}^{p} r(\\beta_j)` for the per-coefficient term r."""
        return sp.Sum(self.penalty_term(beta[j]), (j, 1, p))

    def stats_density(self, x: sp.Expr) -> sp.Expr:
        """The density of the :mod:`sympy.stats` distribution, evaluated at ``x``."""
        return sps.density(self.stats("w"))(x)

    def density_value(self, x: sp.Expr) -> sp.Expr:
        """``density(x)`` with display-only wrappers removed (for integration and comparison)."""
        return evaluated(self.density(x))


def _gaussian_density(value: sp.Expr, mean: sp.Expr, sd: sp.Expr) -> sp.Expr:
    # The normalizer is kept unevaluated so that it prints as 1/sqrt(2 pi sd^2); ``evaluated`` removes
    # the wrapper before any computation.
    normalizer = sp.UnevaluatedExpr(2 * sp.pi * sd**2) ** sp.Rational(-1, 2)
    return normalizer * sp.exp(-((value - mean) ** 2) / (2 * sd**2))


gaussian_likelihood = Likelihood(
    name="Gaussian",
    noise=sigma,
    density=lambda value, mean: _gaussian_density(value, mean, sigma),
    data_fit=rss(),
)

gaussian_prior = Prior(
    name="Gaussian",
    scale=sigma_w,
    density=lambda x: _gaussian_density(x, 0, sigma_w),
    penalty_term=lambda x: x**2,
    stats=lambda name: sps.Normal(name, 0, sigma_w),
)

laplace_prior = Prior(
    name="Laplace",
    scale=b,
    density=lambda x: sp.exp(-sp.Abs(x) / b) / (2 * b),
    penalty_term=sp.Abs,
    stats=lambda name: sps.Laplace(name, 0, b),
)


def neg_log_likelihood(likelihood: Likelihood) -> sp.Expr:
    """:math:`-\\log p(y \\mid X, \\beta)` as a sum over observations, split by linearity."""
    return linearize(sp.expand_log(evaluated(-sp.log(likelihood.joint())), force=True))


def neg_log_prior(prior: Prior) -> sp.Expr:
    """:math:`-\\log p(\\beta)` as a sum over coefficients, split by linearity."""
    return linearize(sp.expand_log(evaluated(-sp.log(prior.joint())), force=True))


def neg_log_posterior(likelihood: Likelihood, prior: Prior) -> sp.Expr:
    """:math:`-\\log p(\\beta \\mid y, X) = -\\log p(y\\mid X,\\beta) - \\log p(\\beta) + \\log Z`.

    ``Z`` is the evidence :math:`p(y \\mid X) = \\int p(y \\mid X,\\beta)\\,p(\\beta)\\,d\\beta`,
    a number that does not depend on β (β is integrated out).
    """
    return neg_log_likelihood(likelihood) + neg_log_prior(prior) + sp.log(Z)


@dataclass(frozen=True)
class PenalizedForm:
    """:math:`-\\log p(\\beta\\mid y, X) = \\text{factor}\\,(\\text{data\\_fit} + \\lambda\\,\\text{penalty}) + \\text{constant}`."""

    factor: sp.Expr
    lam: sp.Expr
    constant: sp.Expr
    data_fit: sp.Expr
    penalty: sp.Expr
    #: the unknowns (c, λ) that were solved for
    unknowns: tuple[sp.Symbol, sp.Symbol]
    #: coefficients of the data fit and of the penalty in nlp - c (F + λ P), functions of the unknowns
    coefficients: tuple[sp.Expr, sp.Expr]

    @property
    def objective(self) -> sp.Expr:
        """The canonical objective :math:`J(\\beta)` with the derived λ substituted."""
        return self.data_fit + self.lam * self.penalty


class NotAPenalizedForm(ValueError):
    """The negative log-posterior is not factor × (data fit + λ·penalty) + constant."""


def penalized_form(nlp: sp.Expr, data_fit: sp.Expr, penalty: sp.Expr) -> PenalizedForm:
    r"""Derive the factor and λ that turn a negative log-posterior into the canonical objective.

    Write :math:`D = \text{nlp} - c\,(F + \lambda P)` with unknown :math:`c` and
    :math:`\lambda`, where F is the data fit and P the penalty. After splitting
    sums by linearity, D is a linear combination of F, P and a remainder; D is
    free of β exactly when the coefficients of F and P vanish. Those two
    equations are solved for :math:`(c, \lambda)`, and the remainder is the constant.

    Raises
    ------
    NotAPenalizedForm
        If β appears in ``nlp`` other than through F and P, or the equations do not
        have exactly one solution.
    """
    c, lam_ = sp.symbols("c lambda", positive=True)
    F, P = sp.Dummy("F"), sp.Dummy("P")
    # Replace the two sums by placeholders *before* multiplying out, so that the
    # residual sum of squares is matched as one term and not expanded.
    atoms = {linearize(data_fit): F, linearize(penalty): P}
    D = sp.expand(linearize(nlp).subs(atoms) - c * (F + lam_ * P))
    if D.has(beta):
        raise NotAPenalizedForm(f"beta appears outside the data fit and the penalty: {D}")
    if sp.diff(D, F, 2) != 0 or sp.diff(D, P, 2) != 0 or sp.diff(D, F, P) != 0:
        raise NotAPenalizedForm("the negative log-posterior is not linear in the data fit and the penalty")
    coefficients = (sp.diff(D, F), sp.diff(D, P))
    solutions = sp.solve(coefficients, [c, lam_], dict=True)
    if len(solutions) != 1:
        raise NotAPenalizedForm(f"expected one solution for (c, lambda), got {solutions}")
    (sol,) = solutions
    constant = sp.expand(D.subs({F: 0, P: 0}).subs(sol))
    return PenalizedForm(
        factor=sp.simplify(sol[c]),
        lam=sp.simplify(sol[lam_]),
        constant=constant,
        data_fit=data_fit,
        penalty=penalty,
        unknowns=(c, lam_),
        coefficients=coefficients,
    )


def residual_after_split(nlp: sp.Expr, form: PenalizedForm) -> sp.Expr:
    """``nlp - factor*(data_fit + lam*penalty) - constant`` in canonical form (0 when the split holds).

    This re-checks :func:`penalized_form` independently of its term matching: every
    square is multiplied out and every sum split, so the two sides only cancel if
    they are equal as functions of β for all n and p.
    """
    return canonical(nlp - form.factor * form.objective - form.constant)
