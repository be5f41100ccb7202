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

from dataclasses import dataclass, replace
from typing import Callable

import sympy as sp
import sympy.stats as sps

from .sums import canonical, evaluated, linearize
from .symbols import (Q, Z, b, beta, box_lower, box_upper, fitted, i, j, k, laplace_noise_scale, n, nu, p, power,
                      power_scale, rss, sample_weight, sigma, sigma_w, t_scale, theta0, y)

__all__ = [
    "Likelihood",
    "Prior",
    "PenalizedForm",
    "GaussianVectorPrior",
    "bernoulli_likelihood",
    "conditional_gaussian_prior",
    "elastic_net_kernel",
    "elastic_net_prior",
    "exponential_power_prior",
    "inverse_gamma_density",
    "laplace_likelihood",
    "student_t_prior",
    "uniform_box_prior",
    "gaussian_likelihood",
    "gaussian_prior",
    "gaussian_vector_prior",
    "laplace_prior",
    "uniform_prior",
    "weighted_gaussian_likelihood",
    "neg_log_likelihood",
    "neg_log_prior",
    "neg_log_posterior",
    "penalized_form",
]


@dataclass(frozen=True)
class Likelihood:
    r"""A density for one observation :math:`y_i` given its mean :math:`\mu_i`.

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
        r""":math:`p(y \mid X, \beta) = \prod_{i=1}^{n} p(y_i \mid \mu_i)` (independent noise)."""
        return sp.Product(self.density(y[i], fitted(i)), (i, 1, n))


@dataclass(frozen=True)
class Prior:
    r"""An i.i.d. prior: the same density, centred at 0, on each coefficient.

    Attributes
    ----------
    name : str
        Human-readable name (``"Gaussian"``, ``"Laplace"``).
    scale : sympy.Symbol
        The scale parameter (σ_w, the standard deviation, or b, the Laplace scale).
    density : callable
        ``density(x)``: the normalized density of one coefficient.
    penalty_term : callable
        ``penalty_term(x)``: the per-coefficient term of :math:`R(\beta)` in the
        canonical objective (``x**2`` for ridge, ``Abs(x)`` for lasso). This is
        the *convention* the prior is matched against; λ is then derived.
    stats : callable or None
        ``stats(name)`` returns the same distribution from :mod:`sympy.stats`,
        an independent definition the density is checked against (``None`` when
        :mod:`sympy.stats` has no such distribution).
    location : sympy.IndexedBase or None
        The prior mean :math:`\theta_0`: coefficient j has density ``density(beta_j - location_j)``
        (``None``: centred at 0). Set it with :meth:`centred_at`.
    extra_penalty_terms : tuple
        Further per-coefficient penalty terms, each with its own strength (the L2 part of the
        elastic net); empty for a single-penalty prior.
    """

    name: str
    scale: sp.Symbol
    density: Callable[[sp.Expr], sp.Expr]
    penalty_term: Callable[[sp.Expr], sp.Expr]
    stats: Callable[[str], sp.Expr] | None = None
    location: sp.IndexedBase | None = None
    extra_penalty_terms: tuple[Callable[[sp.Expr], sp.Expr], ...] = ()

    def centred_at(self, location: sp.IndexedBase) -> "Prior":
        """The same prior shifted to have coefficient j centred at ``location[j]``."""
        return replace(self, location=location)

    def _offset(self, coef: sp.Indexed) -> sp.Expr:
        return coef if self.location is None else coef - self.location[coef.indices[0]]

    def joint(self) -> sp.Expr:
        r""":math:`p(\beta) = \prod_{j=1}^{p} p(\beta_j - \theta_{0j})` (:math:`\theta_0 = 0` unless centred)."""
        return sp.Product(self.density(self._offset(beta[j])), (j, 1, p))

    def penalty(self) -> sp.Expr:
        r""":math:`R(\beta) = \sum_{j=1}^{p} r(\beta_j - \theta_{0j})` for the per-coefficient term r."""
        return sp.Sum(self.penalty_term(self._offset(beta[j])), (j, 1, p))

    def penalties(self) -> tuple[sp.Expr, ...]:
        """Every penalty the prior carries: :meth:`penalty`, then one sum per extra term."""
        extra = (sp.Sum(term(self._offset(beta[j])), (j, 1, p)) for term in self.extra_penalty_terms)
        return (self.penalty(), *extra)

    def stats_density(self, x: sp.Expr) -> sp.Expr:
        """The density of the :mod:`sympy.stats` distribution, evaluated at ``x``."""
        if self.stats is None:
            raise ValueError(f"the {self.name} prior has no sympy.stats counterpart")
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


# -- priors and likelihoods of the generalizations -------------------------------------------------


def _exponential_power_density(x: sp.Expr) -> sp.Expr:
    return power / (2 * power_scale * sp.gamma(1 / power)) * sp.exp(-sp.Abs(x) ** power / power_scale**power)


#: the exponential-power (generalized normal) prior with exponent q and scale s; q = 1 is the Laplace
#: prior with b = s, q = 2 the Gaussian prior with sigma_w = s / sqrt(2)
exponential_power_prior = Prior(
    name="exponential-power",
    scale=power_scale,
    density=_exponential_power_density,
    penalty_term=lambda x: sp.Abs(x) ** power,
)


def elastic_net_kernel(x: sp.Expr) -> sp.Expr:
    r"""The unnormalized elastic-net prior density :math:`\exp(-|x|/b - x^2/(2\sigma_w^2))`."""
    return sp.exp(-sp.Abs(x) / b - x**2 / (2 * sigma_w**2))


_t = sp.Dummy("t", real=True)

#: the elastic-net prior: the normalized product of a Laplace kernel (scale b) and a Gaussian kernel
#: (standard deviation sigma_w). The normalizer is kept as the integral that defines it; the
#: elastic-net page evaluates it.
elastic_net_prior = Prior(
    name="elastic-net",
    scale=b,
    density=lambda x: elastic_net_kernel(x) / sp.Integral(elastic_net_kernel(_t), (_t, -sp.oo, sp.oo)),
    penalty_term=sp.Abs,
    extra_penalty_terms=(lambda x: x**2,),
)


def uniform_prior(lower: sp.Expr, upper: sp.Expr) -> Prior:
    """Each coefficient uniform on ``[lower, upper]``; its penalty is 0 on the interval and +oo outside."""
    inside = lambda x: sp.And(x >= lower, x <= upper)
    return Prior(
        name="uniform",
        scale=upper - lower,
        density=lambda x: sp.Piecewise((1 / (upper - lower), inside(x)), (0, True)),
        penalty_term=lambda x: sp.Piecewise((0, inside(x)), (sp.oo, True)),
        stats=lambda name: sps.Uniform(name, lower, upper),
    )


def _student_t_density(x: sp.Expr) -> sp.Expr:
    return (sp.gamma((nu + 1) / 2) / (sp.gamma(nu / 2) * sp.sqrt(nu * sp.pi) * t_scale)
            * (1 + x**2 / (nu * t_scale**2)) ** (-(nu + 1) / 2))


#: the Student-t prior with nu degrees of freedom and scale s_t (a heavy-tailed prior); its penalty is logarithmic,
#: log(1 + x^2/(nu s_t^2)), and its strength (nu + 1)/2 in -log p is derived, not assumed
student_t_prior = Prior(
    name="Student-t",
    scale=t_scale,
    density=_student_t_density,
    penalty_term=lambda x: sp.log(1 + x**2 / (nu * t_scale**2)),
    stats=lambda name: t_scale * sps.StudentT(name, nu),
)

#: the Gaussian prior whose variance is proportional to the noise variance, N(0, sigma^2 v_0) (the conditional
#: prior of the normal-inverse-gamma model)
prior_variance_factor = sp.Symbol("v_0", positive=True)
conditional_gaussian_prior = Prior(
    name="Gaussian with variance proportional to the noise variance",
    scale=prior_variance_factor,
    density=lambda x: sp.exp(-(x**2) / (2 * sigma**2 * prior_variance_factor))
    / sp.sqrt(2 * sp.pi * sigma**2 * prior_variance_factor),
    penalty_term=lambda x: x**2,
    stats=lambda name: sps.Normal(name, 0, sigma * sp.sqrt(prior_variance_factor)),
)


def inverse_gamma_density(var: sp.Expr, shape: sp.Expr, scale: sp.Expr) -> sp.Expr:
    r"""The inverse-gamma density :math:`\frac{b_0^{a_0}}{\Gamma(a_0)}v^{-a_0-1}e^{-b_0/v}` of a variance v."""
    return scale**shape / sp.gamma(shape) * var ** (-shape - 1) * sp.exp(-scale / var)


#: Bernoulli responses with a logistic link, P(y_i = 1) = 1/(1 + exp(-mu_i)) with labels y_i in {0, 1}
#: and no noise scale
bernoulli_likelihood = Likelihood(
    name="Bernoulli (logistic link)",
    noise=None,
    density=lambda value, mean: sp.exp(value * mean) / (1 + sp.exp(mean)),
    data_fit=sp.Sum(sp.log(1 + sp.exp(fitted(i))) - y[i] * fitted(i), (i, 1, n)),
)

#: Laplace noise of scale s on each response, as in robust regression, whose data fit is the sum of absolute residuals
laplace_likelihood = Likelihood(
    name="Laplace",
    noise=laplace_noise_scale,
    density=lambda value, mean: sp.exp(-sp.Abs(value - mean) / laplace_noise_scale) / (2 * laplace_noise_scale),
    data_fit=sp.Sum(sp.Abs(y[i] - fitted(i)), (i, 1, n)),
)


#: the uniform prior on the box [l, u] in every coordinate
uniform_box_prior = uniform_prior(box_lower, box_upper)

#: Gaussian noise whose variance differs between observations: y_i ~ N(mu_i, sigma^2 / s_i). The
#: density refers to the product index i of :meth:`Likelihood.joint`, so observation i gets weight s_i.
weighted_gaussian_likelihood = Likelihood(
    name="weighted Gaussian",
    noise=sigma,
    density=lambda value, mean: _gaussian_density(value, mean, sigma / sp.sqrt(sample_weight[i])),
    data_fit=sp.Sum(sample_weight[i] * (y[i] - fitted(i)) ** 2, (i, 1, n)),
)


@dataclass(frozen=True)
class GaussianVectorPrior:
    r"""The prior :math:`\beta \sim \mathcal N(\theta_0, \Sigma)` with a full covariance matrix.

    In index form the precision :math:`Q = \Sigma^{-1}` enters through its entries ``Q[j, k]`` and
    the normalizer through :math:`\log\det\Sigma`; :meth:`matrix_density` is the same density with
    matrix symbols, which the prior-covariance page checks against :mod:`sympy.stats`.
    """

    name: str = "multivariate Gaussian"
    #: the p x p covariance matrix Sigma, as a matrix symbol
    cov: sp.MatrixSymbol = sp.MatrixSymbol("Sigma", p, p)

    def penalty(self) -> sp.Expr:
        r""":math:`(\beta - \theta_0)^\top Q (\beta - \theta_0) =
        \sum_j\sum_k (\beta_j - \theta_{0j}) Q_{jk} (\beta_k - \theta_{0k})`."""
        return sp.Sum(sp.Sum((beta[j] - theta0[j]) * Q[j, k] * (beta[k] - theta0[k]), (k, 1, p)), (j, 1, p))

    def neg_log_joint(self) -> sp.Expr:
        r""":math:`-\log p(\beta) = \tfrac p2\log 2\pi + \tfrac12\log\det\Sigma +
        \tfrac12(\beta-\theta_0)^\top Q(\beta-\theta_0)`."""
        return p / 2 * sp.log(2 * sp.pi) + sp.log(sp.Determinant(self.cov)) / 2 + self.penalty() / 2

    def matrix_density(self, coef: sp.MatrixSymbol, mean: sp.MatrixSymbol) -> sp.Expr:
        r""":math:`(2\pi)^{-p/2}\det(\Sigma)^{-1/2}\exp\bigl(-\tfrac12(\beta-\theta_0)^\top\Sigma^{-1}(\beta-\theta_0)\bigr)`."""
        d = coef - mean
        return (2 * sp.pi) ** (-p / 2) * sp.Determinant(self.cov) ** sp.Rational(-1, 2) * sp.exp(
            -(d.T * self.cov.I * d)[0, 0] / 2
        )


gaussian_vector_prior = GaussianVectorPrior()


def neg_log_likelihood(likelihood: Likelihood) -> sp.Expr:
    r""":math:`-\log p(y \mid X, \beta)` as a sum over observations, split by linearity."""
    return linearize(sp.expand_log(evaluated(-sp.log(likelihood.joint())), force=True))


def neg_log_prior(prior: Prior) -> sp.Expr:
    r""":math:`-\log p(\beta)` as a sum over coefficients, split by linearity."""
    if isinstance(prior, GaussianVectorPrior):
        return linearize(prior.neg_log_joint())
    return linearize(sp.expand_log(evaluated(-sp.log(prior.joint())), force=True))


def neg_log_posterior(likelihood: Likelihood, prior: Prior) -> sp.Expr:
    r""":math:`-\log p(\beta \mid y, X) = -\log p(y\mid X,\beta) - \log p(\beta) + \log Z`.

    ``Z`` is the evidence :math:`p(y \mid X) = \int p(y \mid X,\beta)\,p(\beta)\,d\beta`,
    a number that does not depend on β (β is integrated out).
    """
    return neg_log_likelihood(likelihood) + neg_log_prior(prior) + sp.log(Z)


@dataclass(frozen=True)
class PenalizedForm:
    r""":math:`-\log p(\beta\mid y, X) =
    \text{factor}\,(\text{data\_fit} + \lambda\,\text{penalty} + \dots) + \text{constant}`.

    With several penalties (the elastic net) ``lam`` and ``penalty`` are the first pair and
    ``further`` holds the others as ``(strength, penalty)`` pairs.
    """

    factor: sp.Expr
    lam: sp.Expr
    constant: sp.Expr
    data_fit: sp.Expr
    penalty: sp.Expr
    #: the unknowns (c, λ[, λ_2, ...]) that were solved for
    unknowns: tuple[sp.Symbol, ...]
    #: coefficients of the data fit and of each penalty in nlp - c (F + Σ λ_k P_k), functions of the unknowns
    coefficients: tuple[sp.Expr, ...]
    #: (strength, penalty) for every penalty after the first
    further: tuple[tuple[sp.Expr, sp.Expr], ...] = ()

    @property
    def lams(self) -> tuple[sp.Expr, ...]:
        """Every derived strength, in the order the penalties were given."""
        return (self.lam, *(lam for lam, _ in self.further))

    @property
    def objective(self) -> sp.Expr:
        r"""The canonical objective :math:`J(\beta)` with the derived strengths substituted."""
        return self.data_fit + self.lam * self.penalty + sum(lam * pen for lam, pen in self.further)


class NotAPenalizedForm(ValueError):
    """The negative log-posterior is not factor × (data fit + λ·penalty) + constant."""


def penalized_form(nlp: sp.Expr, data_fit: sp.Expr, penalty: sp.Expr, *further_penalties: sp.Expr) -> PenalizedForm:
    r"""Derive the factor and λ that turn a negative log-posterior into the canonical objective.

    Write :math:`D = \text{nlp} - c\,(F + \lambda P)` with unknown :math:`c` and
    :math:`\lambda`, where F is the data fit and P the penalty. After splitting
    sums by linearity, D is a linear combination of F, P and a remainder; D is
    free of β exactly when the coefficients of F and P vanish. Those two
    equations are solved for :math:`(c, \lambda)`, and the remainder is the constant.

    With further penalties :math:`P_2, P_3, \dots` (each with its own strength) the same is done for
    :math:`D = \text{nlp} - c\,(F + \lambda_1 P + \lambda_2 P_2 + \dots)`: one equation per term.

    Raises
    ------
    NotAPenalizedForm
        If β appears in ``nlp`` other than through F and the penalties, or the equations do not
        have exactly one solution.
    """
    penalties = (penalty, *further_penalties)
    c = sp.Symbol("c", positive=True)
    if further_penalties:
        lams = sp.symbols(f"lambda_1:{len(penalties) + 1}", positive=True)
    else:
        lams = (sp.Symbol("lambda", positive=True),)
    F = sp.Dummy("F")
    Ps = [sp.Dummy(f"P{k}") for k in range(len(penalties))]
    placeholders = (F, *Ps)
    # Replace the sums by placeholders *before* multiplying out, so that the
    # residual sum of squares is matched as one term and not expanded.
    atoms = {linearize(data_fit): F, **{linearize(pen): P for pen, P in zip(penalties, Ps)}}
    D = sp.expand(linearize(nlp).subs(atoms) - c * (F + sum(lam * P for lam, P in zip(lams, Ps))))
    if D.has(beta):
        raise NotAPenalizedForm(f"beta appears outside the data fit and the penalty: {D}")
    if any(sp.diff(D, u, v) != 0 for u in placeholders for v in placeholders):
        raise NotAPenalizedForm("the negative log-posterior is not linear in the data fit and the penalty")
    coefficients = tuple(sp.diff(D, u) for u in placeholders)
    solutions = sp.solve(coefficients, [c, *lams], dict=True)
    if len(solutions) != 1:
        raise NotAPenalizedForm(f"expected one solution for (c, lambda), got {solutions}")
    (sol,) = solutions
    constant = sp.expand(D.subs({u: 0 for u in placeholders}).subs(sol))
    strengths = [sp.simplify(sol[lam]) for lam in lams]
    return PenalizedForm(
        factor=sp.simplify(sol[c]),
        lam=strengths[0],
        constant=constant,
        data_fit=data_fit,
        penalty=penalty,
        unknowns=(c, *lams),
        coefficients=coefficients,
        further=tuple(zip(strengths[1:], further_penalties)),
    )


def residual_after_split(nlp: sp.Expr, form: PenalizedForm) -> sp.Expr:
    """``nlp - factor*(data_fit + lam*penalty) - constant`` in canonical form (0 when the split holds).

    This re-checks :func:`penalized_form` independently of its term matching: every
    square is multiplied out and every sum split, so the two sides only cancel if
    they are equal as functions of β for all n and p.
    """
    return canonical(nlp - form.factor * form.objective - form.constant)
