r"""Other libraries' regularization parameters, defined once and mapped onto the canonical convention.

Each library is described by the objective it documents, written in placeholders for
the residual sum of squares :math:`S = \lVert y - X\beta\rVert_2^2` (or, for logistic
regression, the negative log-likelihood :math:`L`), :math:`A = \lVert\beta\rVert_1`,
:math:`Q = \lVert\beta\rVert_2^2`, the number of samples :math:`n` and the library's own
parameters. :func:`derive` then *solves* for everything else:

* the positive factor :math:`c` and the canonical strengths :math:`\lambda_1, \lambda_2` with
  :math:`c \cdot \text{objective} = S + \lambda_1 A + \lambda_2 Q` identically in
  :math:`S, A, Q` (three linear equations: the coefficients must match);
* the prior each strength means, from the strengths the Gaussian→L2 and Laplace→L1
  derivations produce (:func:`canonical_strengths`); the prior is returned as its
  *rate* :math:`1/b` (Laplace) and *precision* :math:`1/\sigma_w^2` (Gaussian), which are 0
  for a flat prior where the scale would be infinite;
* the inverse maps, canonical strengths → parameters and prior → parameters, by
  :func:`sympy.solve`.

For logistic regression there is no noise variance and no canonical λ: the objective is
matched against the negative log-posterior :math:`L + A/b + Q/(2\sigma_w^2)` directly,
whose penalty coefficients come from the prior models.

The numeric functions (``regprior.conventions._formulas``) and the JavaScript file of
the site are printed from the expressions :func:`derive` returns (see
:mod:`regprior.symbolic.codegen`), so there is one definition of every formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

from . import models
from .sums import linearize
from .symbols import b, beta, n, sigma, sigma_w

__all__ = [
    "Term",
    "TERMS",
    "term",
    "Param",
    "Library",
    "Mapping",
    "LIBRARIES",
    "RSS",
    "NLL",
    "L1",
    "L2SQ",
    "lam1",
    "lam2",
    "laplace_rate",
    "gaussian_precision",
    "factor",
    "response_sd",
    "standardized_response",
    "canonical_strengths",
    "prior_penalty_coefficients",
    "derive",
    "derive_all",
    "library",
    "rates_of_strengths",
    "scale_in_rate",
    "scale_of_rate",
    "rate_of_scale",
]

# -- placeholders and canonical symbols -------------------------------------------------------------
# The braces make SymPy print the names verbatim (and sort them after the parameters in products).
#: residual sum of squares ||y - X beta||^2
RSS = sp.Symbol(r"{\lVert y - X\beta\rVert_2^2}", nonnegative=True)
#: negative log-likelihood of logistic regression, sum_i log(1 + exp(-y_i x_i^⊤ beta)) with y_i in {-1, 1}
NLL = sp.Symbol(r"{L(\beta)}", nonnegative=True)
#: ||beta||_1
L1 = sp.Symbol(r"{\lVert\beta\rVert_1}", nonnegative=True)
#: ||beta||_2^2
L2SQ = sp.Symbol(r"{\lVert\beta\rVert_2^2}", nonnegative=True)
#: canonical strengths of J = ||y - X beta||^2 + lambda_1 ||beta||_1 + lambda_2 ||beta||_2^2
lam1, lam2 = sp.symbols("lambda_1 lambda_2", nonnegative=True)
#: 1/b, the rate of the Laplace prior (0: flat prior)
laplace_rate = sp.Symbol("laplace_rate", nonnegative=True)
#: 1/sigma_w^2, the precision of the Gaussian prior (0: flat prior)
gaussian_precision = sp.Symbol("gaussian_precision", nonnegative=True)
#: the factor c with c * objective = canonical objective
factor = sp.Symbol("c", positive=True)
#: the standard deviation of y that glmnet divides y by (weights normalized to sum 1, centred: the 1/n sd)
response_sd = sp.Symbol("s_y", positive=True)

#: how the canonical quantities print in LaTeX
TEX_NAMES = {
    laplace_rate: r"b^{-1}",
    gaussian_precision: r"\sigma_w^{-2}",
}

@dataclass(frozen=True)
class Term:
    """One canonical penalty term, the prior it comes from, and the names the conversions use for it.

    Attributes
    ----------
    name : str
        How the library tables and messages name the term (``"l1"``, ``"l2"``).
    placeholder : sympy.Symbol
        The penalty in a library's objective (:data:`L1`, :data:`L2SQ`).
    prior : regprior.symbolic.models.Prior
        The SymPy model of the prior whose negative logarithm it is.
    strength : sympy.Symbol
        Its canonical strength (``lam1``, ``lam2``).
    rate : sympy.Symbol
        The prior's rate (1/b) or precision (1/σ_w²); 0 is a flat prior.
    scale : sympy.Symbol
        The prior's scale (b, σ_w).
    scale_in_rate : sympy.Expr
        The scale written through the rate: the definition of the rate.
    prior_class : str
        The name of the numeric prior class in ``regprior`` (what a conversion returns).
    """

    name: str
    placeholder: sp.Symbol
    prior: models.Prior
    strength: sp.Symbol
    rate: sp.Symbol
    scale: sp.Symbol
    scale_in_rate: sp.Expr
    prior_class: str


#: the canonical penalty terms, in the order of the canonical objective
TERMS = (
    Term("l1", L1, models.laplace_prior, lam1, laplace_rate, b, 1 / laplace_rate, "LaplacePrior"),
    Term("l2", L2SQ, models.gaussian_prior, lam2, gaussian_precision, sigma_w, 1 / sp.sqrt(gaussian_precision),
         "GaussianPrior"),
)


def term(name: str) -> Term:
    """The term called ``name``."""
    for t in TERMS:
        if t.name == name:
            return t
    raise KeyError(f"no canonical penalty term {name!r}; the terms are {[t.name for t in TERMS]}")


DOMAINS = ("nonnegative", "positive", "unit_interval")


@dataclass(frozen=True)
class Param:
    r"""One parameter of a library, as the library spells it.

    Attributes
    ----------
    name : str
        The keyword the library (and :mod:`regprior.conventions`) uses, a Python identifier.
    domain : str
        ``"nonnegative"``, ``"positive"`` or ``"unit_interval"`` (the closed interval [0, 1]).
    meaning : str
        A short phrase saying what the parameter is (for the name-collision table).
    tex : str
        LaTeX for the parameter (``\texttt{name}`` by default).
    """

    name: str
    domain: str
    meaning: str
    tex: str = ""

    def __post_init__(self) -> None:
        if self.domain not in DOMAINS:
            raise ValueError(f"domain must be one of {DOMAINS}; got {self.domain!r}")
        if not self.tex:
            object.__setattr__(self, "tex", r"\texttt{%s}" % self.name.replace("_", r"\_"))

    @property
    def symbol(self) -> sp.Symbol:
        """The SymPy symbol (positive, so that :func:`sympy.solve` picks the meaningful branch)."""
        return sp.Symbol(self.name, positive=True)


@dataclass(frozen=True)
class Library:
    """A library's documented objective (or a documented refusal), the one definition of its convention.

    Attributes
    ----------
    key : str
        The name :mod:`regprior.conventions` knows it by, e.g. ``"sklearn.Lasso"``.
    title : str
        Human-readable name.
    params : tuple of Param
        The library's parameters.
    objective : sympy.Expr or None
        What the library minimizes, in the placeholders :data:`RSS` (or :data:`NLL`), :data:`L1`,
        :data:`L2SQ`, ``n`` and the parameters' symbols. ``None`` for a refusal.
    likelihood : str
        ``"gaussian"`` (least squares, canonical λ exists) or ``"bernoulli"`` (logistic loss).
    noise_sd : sympy.Expr or None
        The noise standard deviation fixed by the library's own parameters (a precision-parameterized
        Bayesian model), or ``None`` when the user supplies it.
    source : str
        Where the objective is documented (MyST).
    notes : str
        Caveats (MyST).
    refusal : str
        Why no exact prior equivalent exists (plain text: it is also an error message; only for a refusal).
    internal : sympy.Expr or None
        For a library that rescales y before fitting (glmnet), the objective it documents, which it minimizes in
        the rescaled units; ``objective`` is then derived from it by ``standardized_response``.
    constructor_arguments : tuple of (str, object, str or None)
        Keyword arguments a call of the library's constructor needs besides the parameters for the call to be
        valid and to compute the MAP: ``(name, value, when)``, where ``when`` names a parameter that must be > 0
        for the argument to be needed (``None``: always).
    not_constructor : str
        Why the parameters cannot be passed to the library's constructor (they are fitted attributes); empty when
        they can. Conversions *into* such a library refuse with this reason (plain text: an error message).
    """

    key: str
    title: str
    params: tuple[Param, ...] = ()
    objective: sp.Expr | None = None
    likelihood: str = "gaussian"
    noise_sd: sp.Expr | None = None
    source: str = ""
    notes: str = ""
    refusal: str = ""
    internal: sp.Expr | None = None
    constructor_arguments: tuple[tuple[str, object, str | None], ...] = ()
    not_constructor: str = ""

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(p.symbol for p in self.params)

    @property
    def tex_names(self) -> dict[sp.Symbol, str]:
        return {p.symbol: p.tex for p in self.params}

    @property
    def exact(self) -> bool:
        """Whether the library's parameters correspond exactly to a prior."""
        return self.objective is not None

    @property
    def data_term(self) -> sp.Symbol:
        return RSS if self.likelihood == "gaussian" else NLL

    @property
    def penalties(self) -> tuple[str, ...]:
        """The canonical penalties the objective contains (``"l1"``, ``"l2"``)."""
        if self.objective is None:
            return ()
        return tuple(t.name for t in TERMS if self.objective.has(t.placeholder))


# -- the libraries -------------------------------------------------------------------------------------

def _p(name: str, domain: str, meaning: str, tex: str = "") -> Param:
    return Param(name, domain, meaning, tex)


def _elastic_net(strength: sp.Symbol, mix: sp.Symbol) -> sp.Expr:
    r"""The "normalized" elastic net shared by scikit-learn, glmnet and statsmodels:
    :math:`\frac{1}{2n}S + s\,(m A + \frac{1-m}{2} Q)`."""
    return RSS / (2 * n) + strength * (mix * L1 + (1 - mix) / 2 * L2SQ)


def standardized_response(internal: sp.Expr, strength: sp.Symbol) -> sp.Expr:
    r"""The objective in β of a library that fits :math:`y/s_y` at strength :math:`\lambda/s_y` and multiplies the
    coefficients it finds by :math:`s_y` (glmnet's Fortran for ``family = "gaussian"``: ``y = y/ys``,
    ``vlam = ulam/ys``, ``ca = ys*ca``).

    In its own coefficients :math:`b = \beta/s_y` the placeholders become :math:`S/s_y^2`, :math:`A/s_y`,
    :math:`Q/s_y^2`; the result is multiplied by :math:`s_y^2` (a positive factor, so the minimizer is the same).
    """
    rescaled = internal.subs({RSS: RSS / response_sd**2, L1: L1 / response_sd, L2SQ: L2SQ / response_sd**2,
                              strength: strength / response_sd}, simultaneous=True)
    return sp.expand(response_sd**2 * rescaled)


_alpha_l2 = _p("alpha", "nonnegative", "canonical L2 strength λ₂ itself")
_alpha_l1 = _p("alpha", "nonnegative", "L1 strength on the 1/(2n)-scaled squared error")
_alpha_en = _p("alpha", "nonnegative", "total strength on the 1/(2n)-scaled squared error")
_l1_ratio = _p("l1_ratio", "unit_interval", "share of the L1 part (1: lasso, 0: ridge)")
_br_alpha = _p("alpha_", "positive", "noise precision 1/σ² (estimated)")
_br_lambda = _p("lambda_", "nonnegative", "weight precision 1/σ_w² (estimated)")
_glm_lambda = _p("lambda_", "nonnegative", "total strength on the 1/(2n)-scaled squared error", r"\texttt{lambda}")
_glm_alpha = _p("alpha", "unit_interval", "share of the L1 part (mixing), like l1_ratio")
_sm_alpha = _p("alpha", "nonnegative", "total strength on the 1/(2n)-scaled squared error")
_sm_l1wt = _p("L1_wt", "unit_interval", "share of the L1 part, like l1_ratio")
_wd = _p("weight_decay", "nonnegative", "coefficient of θ added to the gradient")
_C = _p("C", "positive", "inverse strength: the loss is multiplied by C")
_prml_alpha = _p("alpha", "nonnegative", "weight precision 1/σ_w²")
_prml_beta = _p("beta", "positive", "noise precision 1/σ²")

_SKLEARN_INTERCEPT = (
    "All scikit-learn estimators here fit an unpenalized intercept by default; the mapping is for the "
    "coefficients after centering (or with `fit_intercept=False`). With `sample_weight`, the squared error "
    "becomes a weighted sum; Ridge uses the weights as given (scaling every weight by $k$ acts like "
    "dividing `alpha` by $k$), while Lasso and ElasticNet rescale the weights to sum to $n$."
)

LIBRARIES: tuple[Library, ...] = (
    Library(
        "sklearn.Ridge", "scikit-learn Ridge", (_alpha_l2,),
        RSS + _alpha_l2.symbol * L2SQ,
        source=r"`sklearn.linear_model.Ridge` docstring: $\lVert y - Xw\rVert_2^2 + \alpha\lVert w\rVert_2^2$.",
        notes=_SKLEARN_INTERCEPT,
    ),
    Library(
        "sklearn.Lasso", "scikit-learn Lasso", (_alpha_l1,),
        RSS / (2 * n) + _alpha_l1.symbol * L1,
        source=r"`sklearn.linear_model.Lasso` docstring: "
        r"$\frac{1}{2n}\lVert y - Xw\rVert_2^2 + \alpha\lVert w\rVert_1$.",
        notes=_SKLEARN_INTERCEPT,
    ),
    Library(
        "sklearn.ElasticNet", "scikit-learn ElasticNet", (_alpha_en, _l1_ratio),
        _elastic_net(_alpha_en.symbol, _l1_ratio.symbol),
        source=r"`sklearn.linear_model.ElasticNet` docstring (note the $\tfrac12$ on the L2 part).",
        notes=_SKLEARN_INTERCEPT,
    ),
    Library(
        "sklearn.BayesianRidge", "scikit-learn BayesianRidge", (_br_alpha, _br_lambda),
        _br_alpha.symbol / 2 * RSS + _br_lambda.symbol / 2 * L2SQ,
        noise_sd=1 / sp.sqrt(_br_alpha.symbol),
        not_constructor=(
            "alpha_ and lambda_ are BayesianRidge's fitted attributes, not constructor arguments: it estimates both "
            "precisions by maximizing the evidence, and alpha_init and lambda_init are only the starting values of "
            "that iteration (the coefficients it returns use the re-estimated ones). No constructor call fixes "
            "them; for the MAP under this prior use sklearn.Ridge (convert(..., target='sklearn.Ridge')) or "
            "regprior.estimators.MAPRegressor. Reading a fitted BayesianRidge (to_prior, to_canonical, and convert "
            "from it) works."
        ),
        source=(
            "`sklearn.linear_model.BayesianRidge`: after fitting, `coef_` is the posterior mean (= mode) of "
            "the model with noise precision `alpha_` and weight precision `lambda_`, i.e. the minimizer of the "
            "negative log-posterior shown."
        ),
        notes=(
            "`alpha_` and `lambda_` are *estimated* by maximizing the evidence; the mapping reads the prior off "
            "the fitted values. `Ridge(alpha=lambda_/alpha_)` reproduces `coef_`. The noise level is part of the "
            "model here, so no `noise_sd` is passed."
        ),
    ),
    Library(
        "PRML", "Bishop, PRML (2006), §3.3", (_prml_alpha, _prml_beta),
        _prml_beta.symbol / 2 * RSS + _prml_alpha.symbol / 2 * L2SQ,
        noise_sd=1 / sp.sqrt(_prml_beta.symbol),
        source=(
            "Bishop, *Pattern Recognition and Machine Learning*, §3.3: the log-posterior is "
            r"$-\frac{\beta}{2}\sum_n (t_n - w^\top\phi_n)^2 - \frac{\alpha}{2}w^\top w + \text{const}$."
        ),
        notes=(
            r"Same model as BayesianRidge with the names swapped: PRML's $\alpha$ is the weight precision "
            r"(scikit-learn's `lambda_`) and $\beta$ the noise precision (scikit-learn's `alpha_`)."
        ),
    ),
    Library(
        "sklearn.LogisticRegression", "scikit-learn LogisticRegression", (_C, _l1_ratio),
        _C.symbol * NLL + _l1_ratio.symbol * L1 + (1 - _l1_ratio.symbol) / 2 * L2SQ,
        likelihood="bernoulli",
        # lbfgs, the default, accepts only l1_ratio = 0; liblinear penalizes the intercept; saga takes any l1_ratio
        # and leaves the intercept unpenalized, as the MAP with a flat prior on it
        constructor_arguments=(("solver", "saga", "l1_ratio"),),
        source=(
            r"scikit-learn user guide, logistic regression: $C\sum_i \ell_i + r(w)$ with "
            r"$r(w) = \rho\lVert w\rVert_1 + \frac{1-\rho}{2}\lVert w\rVert_2^2$, $\rho$ = `l1_ratio` "
            "(scikit-learn ≥ 1.8 spells `penalty='l2'` as `l1_ratio=0` and `penalty='l1'` as `l1_ratio=1`)."
        ),
        notes=(
            r"The logistic loss has no noise variance, so there is no canonical $\lambda$: the prior scale is "
            "read off the objective directly and does not depend on $n$. The intercept is unpenalized except "
            "with the `liblinear` solver, which penalizes it like a coefficient. `sample_weight` multiplies "
            "the loss terms, so scaling all weights by $k$ acts like multiplying `C` by $k$."
        ),
    ),
    Library(
        "glmnet", 'glmnet (R), family = "gaussian"', (_glm_lambda, _glm_alpha),
        standardized_response(_elastic_net(_glm_lambda.symbol, _glm_alpha.symbol), _glm_lambda.symbol),
        source=(
            r"`glmnet` documentation: $\frac{1}{2n}\lVert y - \beta_0 - X\beta\rVert_2^2 + "
            r"\lambda\bigl[\frac{1-\alpha}{2}\lVert\beta\rVert_2^2 + \alpha\lVert\beta\rVert_1\bigr]$, minimized "
            r"for `family = \"gaussian\"` on the standardized response: its Fortran divides $y$ by "
            r"$s_y = \sqrt{\sum_i w_i(y_i - \bar y_w)^2}$ (weights normalized to sum 1, so the sd with $1/n$, centred "
            r"with or without an intercept) and $\lambda$ by $s_y$, and multiplies the coefficients it finds by $s_y$. "
            "The parameter `lambda` is spelled `lambda_` here because `lambda` is a Python keyword."
        ),
        notes=(
            "Exact with `standardize = FALSE` (the default standardizes the columns of $X$, so the penalty acts on "
            "coefficients of unit-variance columns) and a dense $X$; the conversion then needs $s_y$, passed as "
            "`response_sd` (`np.std(y)` without weights). Only the L2 part depends on it: the L1 part is the same "
            "for every $s_y$. Checked against glmnet's own Fortran (python-glmnet) in the tests. The intercept is "
            "unpenalized; sample weights are normalized to sum $n$, as in scikit-learn's Lasso."
        ),
        internal=_elastic_net(_glm_lambda.symbol, _glm_alpha.symbol),
    ),
    Library(
        "statsmodels.OLS.fit_regularized", "statsmodels OLS.fit_regularized", (_sm_alpha, _sm_l1wt),
        _elastic_net(_sm_alpha.symbol, _sm_l1wt.symbol),
        source=(
            "`statsmodels.regression.linear_model.OLS.fit_regularized(method='elastic_net')`: "
            r"$0.5\,\mathrm{RSS}/n + \alpha\bigl[(1 - L1\_wt)\lVert\beta\rVert_2^2/2 + "
            r"L1\_wt\lVert\beta\rVert_1\bigr]$ (the default is `L1_wt=1.0`, the lasso)."
        ),
        notes=(
            "statsmodels penalizes *every* column, including a constant column you added for the intercept "
            "(pass a vector `alpha` with a 0 for that column: a flat prior on the intercept). A vector `alpha` "
            "gives each coefficient its own prior by the same formulas, entry by entry."
        ),
    ),
    Library(
        "torch.SGD(mean)", 'PyTorch SGD(weight_decay) with MSELoss(reduction="mean")', (_wd,),
        RSS / n + _wd.symbol / 2 * L2SQ,
        source=(
            "`torch.optim.SGD` adds `weight_decay`·θ to the gradient, so it follows the gradient of "
            r'loss + (`weight_decay`/2)‖θ‖²; `MSELoss(reduction="mean")` is $\frac1n\lVert y - X\beta\rVert^2$.'
        ),
        notes=(
            "$n$ is the size of the whole training set: a minibatch mean is an unbiased estimate of the "
            "full-data mean, so the fixed point is the same. The bias is decayed too unless it is put in a "
            "parameter group with `weight_decay=0`. Momentum and Nesterov change the path, not the fixed point."
        ),
    ),
    Library(
        "torch.SGD(sum)", 'PyTorch SGD(weight_decay) with MSELoss(reduction="sum")', (_wd,),
        RSS + _wd.symbol / 2 * L2SQ,
        source=r'As above, with `MSELoss(reduction="sum")` $= \lVert y - X\beta\rVert^2$ over the full batch.',
        notes=(
            "With minibatches of size $B$, each step sums over $B$ rows only; scaled up to the whole data set "
            r"that is $\lambda_2 = \frac{n}{B}\cdot\frac{\texttt{weight\_decay}}{2}$, so the full-batch "
            "formula holds only for $B = n$."
        ),
    ),
    Library(
        "torch.AdamW", "PyTorch AdamW(weight_decay)",
        refusal=(
            "AdamW shrinks the weights directly (θ ← θ − lr·weight_decay·θ), separately from its adaptive, "
            "per-coordinate rescaled gradient step. That update is not the gradient of any fixed penalized "
            "objective, so no value of weight_decay equals a Gaussian prior in general: there is no exact prior "
            "equivalent. Plain SGD has one (torch.SGD(mean), torch.SGD(sum)); Adam with coupled weight_decay "
            "shares the penalized objective's stationary points but not its path."
        ),
    ),
)


def library(key: str) -> Library:
    """The :class:`Library` called ``key``."""
    for lib in LIBRARIES:
        if lib.key == key:
            return lib
    raise KeyError(key)


# -- the canonical side, from the prior models -----------------------------------------------------

@lru_cache(maxsize=None)
def canonical_strengths() -> dict[str, sp.Expr]:
    r"""λ as a function of σ and the prior scale, derived by :func:`~regprior.symbolic.models.penalized_form`.

    Returns ``{"l1": 2σ²/b, "l2": σ²/σ_w²}``, computed (not typed) from the negative log-posterior of
    the Gaussian likelihood with each prior.
    """
    out = {}
    for t in TERMS:
        nlp = models.neg_log_posterior(models.gaussian_likelihood, t.prior)
        out[t.name] = models.penalized_form(nlp, models.gaussian_likelihood.data_fit, t.prior.penalty()).lam
    return out


@lru_cache(maxsize=None)
def prior_penalty_coefficients() -> dict[str, sp.Expr]:
    r"""The coefficient of the penalty in :math:`-\log p(\beta)`: ``{"l1": 1/b, "l2": 1/(2σ_w²)}``.

    Read off :func:`~regprior.symbolic.models.neg_log_prior` by replacing the penalty sum with a placeholder
    and differentiating; the rest of :math:`-\log p(\beta)` is free of β.
    """
    out = {}
    for name, prior in ((t.name, t.prior) for t in TERMS):
        P = sp.Dummy("P")
        expr = sp.expand(linearize(models.neg_log_prior(prior)).subs(linearize(prior.penalty()), P))
        coefficient = sp.diff(expr, P)
        if sp.diff(expr, P, 2) != 0 or (expr - coefficient * P).has(beta):
            raise ValueError(f"-log p(beta) of the {prior.name} prior is not linear in its penalty")
        out[name] = coefficient
    return out


@lru_cache(maxsize=None)
def rates_of_strengths() -> dict[sp.Symbol, sp.Expr]:
    r"""The rate :math:`1/b` and precision :math:`1/\sigma_w^2` in terms of λ₁, λ₂ and σ.

    Solves :math:`\lambda_k = \lambda_k(\sigma, \text{scale})` from :func:`canonical_strengths`
    for the rate, with the scale written through its rate (:func:`scale_in_rate`).
    """
    out = {}
    for name, strength in canonical_strengths().items():
        t = term(name)
        (out[t.rate],) = sp.solve(sp.Eq(t.strength, strength.subs(scale_in_rate(name))), t.rate)
    return out


def scale_in_rate(name: str) -> dict[sp.Symbol, sp.Expr]:
    """Substitution writing the prior scale through its rate/precision: b = 1/rate, σ_w = precision^(-1/2).

    These are the definitions of the Laplace rate and the Gaussian precision.
    """
    t = term(name)
    return {t.scale: t.scale_in_rate}


# -- deriving a library's mapping -------------------------------------------------------------------

class NoUniqueSolution(ValueError):
    """A system of equations did not have exactly one solution."""


def _solve_one(equations: list[sp.Expr], unknowns: list[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    solutions = sp.solve(equations, unknowns, dict=True)
    if len(solutions) != 1 or set(solutions[0]) != set(unknowns):
        raise NoUniqueSolution(f"expected one solution for {unknowns} of {equations}; got {solutions}")
    return {k: sp.simplify(v) for k, v in solutions[0].items()}


@dataclass(frozen=True)
class Mapping:
    r"""Everything derived for one library.

    Attributes
    ----------
    library : Library
    target : sympy.Expr
        The canonical expression matched: :math:`S + \lambda_1 A + \lambda_2 Q` (Gaussian) or the
        negative log-posterior :math:`L + A/b + Q/(2\sigma_w^2)` with b and σ_w through their rate and
        precision (Bernoulli).
    equations : tuple of sympy.Expr
        Coefficients of :math:`c\cdot\text{objective} - \text{target}`, all of which must vanish.
    factor : sympy.Expr
        The solved :math:`c > 0`.
    strengths : dict
        ``{lam1: ..., lam2: ...}`` in the library's parameters (and ``n``); empty for Bernoulli.
    rates : dict
        ``{laplace_rate: 1/b, gaussian_precision: 1/σ_w²}`` in the library's parameters, ``n`` and σ.
    noise_sd : sympy.Expr or None
        σ as fixed by the library's own parameters, if it is.
    from_canonical : dict
        Parameter symbol → expression in λ₁, λ₂, n (and σ for a library that fixes the noise).
    from_prior : dict
        Parameter symbol → expression in the rate 1/b, the precision 1/σ_w², n and σ.
    """

    library: Library
    target: sp.Expr
    equations: tuple[sp.Expr, ...]
    factor: sp.Expr
    strengths: dict[sp.Symbol, sp.Expr]
    rates: dict[sp.Symbol, sp.Expr]
    noise_sd: sp.Expr | None
    from_canonical: dict[sp.Symbol, sp.Expr]
    from_prior: dict[sp.Symbol, sp.Expr]
    unknowns: tuple[sp.Symbol, ...] = field(default=())

    @property
    def scales(self) -> dict[str, sp.Expr]:
        """The prior scales ``{"l1": b, "l2": σ_w}`` for the penalties present (from the rates)."""
        out = {}
        for name in self.library.penalties:
            t = term(name)
            out[name] = sp.simplify(t.scale_in_rate.subs(t.rate, self.rates[t.rate]))
        return out


def _match(objective: sp.Expr, target: sp.Expr, placeholders: tuple[sp.Symbol, ...],
           unknowns: list[sp.Symbol]) -> tuple[tuple[sp.Expr, ...], dict[sp.Symbol, sp.Expr]]:
    """Solve ``c * objective == target`` identically in the placeholders for ``c`` and ``unknowns``."""
    D = sp.expand(factor * objective - target)
    poly = sp.Poly(D, *placeholders)
    if poly.total_degree() > 1:
        raise NoUniqueSolution(f"the objective is not linear in {placeholders}: {objective}")
    equations = tuple(poly.coeff_monomial(m) for m in [1, *placeholders])
    solution = _solve_one([e for e in equations if e != 0], [factor, *unknowns])
    return equations, solution


def _nonzero_equations(lhs: dict[sp.Symbol, sp.Expr], rhs: dict[sp.Symbol, sp.Expr]) -> list[sp.Expr]:
    """``lhs[k] - rhs[k]`` for every k whose left side is not identically 0 (a missing penalty)."""
    return [lhs[k] - rhs[k] for k in lhs if lhs[k] != 0]


@lru_cache(maxsize=None)
def derive(key: str) -> Mapping:
    """Derive the mapping of the library called ``key`` (refusals have none: ``ValueError``)."""
    lib = library(key)
    if not lib.exact:
        raise ValueError(f"{key} has no exact prior equivalent: {lib.refusal}")
    placeholders = (lib.data_term, L1, L2SQ)
    in_rates = {name: coef.subs(scale_in_rate(name)) for name, coef in prior_penalty_coefficients().items()}

    if lib.likelihood == "gaussian":
        target = RSS + lam1 * L1 + lam2 * L2SQ
        equations, sol = _match(lib.objective, target, placeholders, [lam1, lam2])
        strengths = {lam1: sol[lam1], lam2: sol[lam2]}
        noise = lib.noise_sd if lib.noise_sd is not None else sigma
        rates = {r: sp.simplify(e.subs(strengths).subs(sigma, noise)) for r, e in rates_of_strengths().items()}
        # inverse maps by solving the forward equations for the parameters
        eqs = _nonzero_equations(strengths, {lam1: lam1, lam2: lam2})
        if lib.noise_sd is not None:
            eqs.append(lib.noise_sd - sigma)
        from_canonical = _solve_one(eqs, list(lib.symbols))
    else:
        target = NLL + sum(in_rates[t.name] * t.placeholder for t in TERMS)
        equations, sol = _match(lib.objective, target, placeholders, [laplace_rate, gaussian_precision])
        strengths = {}
        rates = {laplace_rate: sol[laplace_rate], gaussian_precision: sol[gaussian_precision]}
        from_canonical = {}
    eqs = _nonzero_equations(rates, {laplace_rate: laplace_rate, gaussian_precision: gaussian_precision})
    if lib.noise_sd is not None:
        eqs.append(lib.noise_sd - sigma)
    from_prior = _solve_one(eqs, list(lib.symbols))
    return Mapping(
        library=lib, target=target, equations=equations, factor=sol[factor], strengths=strengths, rates=rates,
        noise_sd=lib.noise_sd, from_canonical=from_canonical, from_prior=from_prior,
        unknowns=(factor, *([lam1, lam2] if strengths else [laplace_rate, gaussian_precision])),
    )


def derive_all() -> list[Mapping]:
    """The mapping of every library with an exact prior equivalent, in :data:`LIBRARIES` order."""
    return [derive(lib.key) for lib in LIBRARIES if lib.exact]


def scale_of_rate(name: str) -> sp.Expr:
    """The prior scale (b for ``"l1"``, σ_w for ``"l2"``) from its rate/precision; a zero rate is a flat prior."""
    t = term(name)
    return sp.Piecewise((t.scale_in_rate, t.rate > 0), (sp.oo, True))


def rate_of_scale(name: str) -> sp.Expr:
    """The rate 1/b (``"l1"``) or precision 1/σ_w² (``"l2"``) of a prior scale, by solving the definition."""
    t = term(name)
    (rate,) = sp.solve(sp.Eq(t.scale, t.scale_in_rate), t.rate)
    return rate
