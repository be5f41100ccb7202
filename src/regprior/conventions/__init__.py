r"""Which prior does my regularization parameter mean, and which parameter gives my prior?

Every library writes its penalized objective differently (a :math:`\tfrac12`, a :math:`\tfrac1n`,
a mixing parameter, a precision). This module converts each library's parameters to and from

* the canonical strengths of :math:`J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda_1\lVert\beta\rVert_1
  + \lambda_2\lVert\beta\rVert_2^2` (:func:`to_canonical`, :func:`from_canonical`), and
* the priors they mean under Gaussian noise of standard deviation σ
  (:func:`to_prior`, :func:`from_prior`), with

  .. math::

      \lambda_2 = \frac{\sigma^2}{\sigma_w^2}\ \ (\beta_j \sim \mathcal N(0, \sigma_w^2)),\qquad
      \lambda_1 = \frac{2\sigma^2}{b}\ \ (\beta_j \sim \mathrm{Laplace}(0, b)).

:func:`convert` goes from one library to another. Every formula is generated from the SymPy
derivation (:mod:`regprior.symbolic.conventions`, rendered on the conventions page) into
``regprior.conventions._formulas``, together with the table of penalty terms (which prior class, rate and
strength each penalty means); this module only validates input and calls them, so importing it does not import
SymPy.

Libraries (the ``library`` argument): see :data:`LIBRARIES` and :func:`describe`.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .. import priors as _priors
from .._validation import check_int, check_scalar
from ..priors import GaussianPrior, LaplacePrior, Prior
from . import _formulas as _generated

__all__ = [
    "LIBRARIES",
    "Canonical",
    "Convention",
    "NoPriorEquivalent",
    "NotConstructorArguments",
    "convert",
    "describe",
    "from_canonical",
    "from_prior",
    "sklearn_lasso_alpha",
    "sklearn_ridge_alpha",
    "to_canonical",
    "to_prior",
]

#: the library keys this module knows, e.g. ``"sklearn.Lasso"``, ``"glmnet"``, ``"torch.SGD(mean)"``
LIBRARIES: tuple[str, ...] = tuple(_generated.LIBRARIES)

#: penalty name -> the prior class, rate, strength and shared formulas it means (generated with the formulas)
_TERMS = _generated.TERMS


def _prior_class(penalty: str) -> type:
    return getattr(_priors, _TERMS[penalty]["prior"])


def _term_of(prior: Prior) -> str | None:
    """The penalty a prior's class stands for in the conversions (None: no library term means it)."""
    return next((name for name, term in _TERMS.items() if term["prior"] == type(prior).__name__), None)


class NoPriorEquivalent(ValueError):
    """The library's parameter does not correspond exactly to any prior (e.g. AdamW's weight decay)."""


class NotConstructorArguments(ValueError):
    """The library's parameters are fitted attributes that no constructor call sets (e.g. BayesianRidge's)."""


@dataclass(frozen=True)
class Convention:
    """What :mod:`regprior.conventions` knows about one library.

    Attributes
    ----------
    key : str
        The ``library`` argument, e.g. ``"sklearn.ElasticNet"``.
    title : str
        Human-readable name.
    parameters : tuple of str
        The library's parameter names, as keyword arguments.
    domains : tuple of str
        For each parameter: ``"nonnegative"``, ``"positive"`` or ``"unit_interval"`` ([0, 1]).
    penalties : tuple of str
        ``"l1"`` and/or ``"l2"``: the canonical penalties the objective contains.
    likelihood : str or None
        ``"gaussian"`` (least squares) or ``"bernoulli"`` (logistic loss); ``None`` for a refusal.
    noise : str or None
        ``"given"`` (pass ``noise_sd``), ``"own"`` (the parameters fix it, e.g. BayesianRidge) or
        ``"none"`` (no noise variance: logistic loss).
    uses_n_samples : bool
        Whether the conversion depends on the number of samples.
    uses_response_sd : bool
        Whether it depends on the standard deviation of y (``response_sd``): glmnet fits the standardized response,
        which divides its L2 part by it.
    exact : bool
        False for a library with no exact prior equivalent; ``refusal`` then says why.
    refusal : str or None
    constructor_arguments : tuple of (str, object, str or None)
        What :func:`from_prior`, :func:`from_canonical` and :func:`convert` add to the parameters so that the
        result is a valid constructor call computing the MAP: ``(name, value, when)``, needed when the parameter
        ``when`` is > 0 (always if ``None``), e.g. ``("solver", "saga", "l1_ratio")`` for LogisticRegression.
    not_constructor : str or None
        Why conversions into this library refuse (its parameters are fitted attributes), or ``None``.
    """

    key: str
    title: str
    parameters: tuple[str, ...]
    domains: tuple[str, ...]
    penalties: tuple[str, ...]
    likelihood: str | None
    noise: str | None
    uses_n_samples: bool
    uses_response_sd: bool
    exact: bool
    refusal: str | None
    constructor_arguments: tuple[tuple[str, object, str | None], ...] = ()
    not_constructor: str | None = None


@dataclass(frozen=True)
class Canonical:
    r"""Canonical strengths:
    :math:`J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda_1\lVert\beta\rVert_1 + \lambda_2\lVert\beta\rVert_2^2`.

    Attributes
    ----------
    lam1 : float
        :math:`\lambda_1 \ge 0`, the L1 strength (pass it to :func:`regprior.lasso`).
    lam2 : float
        :math:`\lambda_2 \ge 0`, the L2 strength (pass it to :func:`regprior.ridge`).
    noise_sd : float or None
        The noise standard deviation when the library's own parameters fix it (BayesianRidge, PRML),
        else ``None``.
    """

    lam1: float
    lam2: float
    noise_sd: float | None = None


# -- validation -----------------------------------------------------------------------------------

def _meta(library, *, exact: bool = True) -> dict:
    if not isinstance(library, str):
        raise TypeError(f"library must be a string such as 'sklearn.Lasso'; got {type(library).__name__} {library!r}")
    if library not in _generated.LIBRARIES:
        close = difflib.get_close_matches(library, LIBRARIES, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"library {library!r} is unknown.{hint} Known libraries: {', '.join(LIBRARIES)}")
    meta = _generated.LIBRARIES[library]
    if exact and not meta["exact"]:
        raise NoPriorEquivalent(f"{library}: {meta['refusal']}")
    return meta


def _check_params(library: str, meta: dict, params: dict) -> dict[str, float]:
    # the arguments the conversions add for the constructor (a solver) may come back: they carry no prior
    extras = {a["name"]: a["value"] for a in meta["constructor_arguments"]}
    for name, value in extras.items():
        if name in params and params[name] != value:
            raise ValueError(f"{name}={params[name]!r}: {library} computes the MAP with {name}={value!r} here; the "
                             "conversion reads the prior from the other parameters")
    params = {name: value for name, value in params.items() if name not in extras}
    expected = meta["parameters"]
    missing = [name for name in expected if name not in params]
    extra = [name for name in params if name not in expected]
    listing = ", ".join(expected)
    if extra:
        raise TypeError(f"{library} got unexpected parameter(s) {', '.join(map(repr, extra))}; its parameters "
                        f"are: {listing}")
    if missing:
        raise TypeError(f"{library} needs parameter(s) {', '.join(map(repr, missing))}; its parameters are: {listing}")
    values = {}
    for name, domain in expected.items():
        value = check_scalar(params[name], name, strict=domain == "positive")
        if domain == "unit_interval" and value > 1:
            raise ValueError(f"{name} must be in [0, 1]; got {value:g}")
        values[name] = value
    return values


def _check_n(library: str, meta: dict, n_samples) -> dict[str, int]:
    if n_samples is None:
        if meta["uses_n_samples"]:
            raise TypeError(f"n_samples is required for {library}: its objective is scaled by the number of samples")
        return {}
    return {"n_samples": check_int(n_samples, "n_samples", minimum=1)}


def _check_response_sd(library: str, meta: dict, response_sd) -> dict[str, float]:
    if response_sd is None:
        if meta["uses_response_sd"]:
            raise TypeError(f"response_sd is required for {library}: it divides y by its standard deviation before "
                            "fitting (weights normalized, 1/n), which divides its L2 part by that number; pass "
                            "response_sd=np.std(y) for the y it is fitted to")
        return {}
    if not meta["uses_response_sd"]:
        raise TypeError(f"{library} does not take response_sd: it does not rescale y")
    return {"response_sd": check_scalar(response_sd, "response_sd", strict=True)}


def _check_noise(library: str, meta: dict, noise_sd, *, needed: bool) -> dict[str, float]:
    if noise_sd is None:
        if needed:
            raise TypeError(f"noise_sd is required for {library}: the prior depends on the noise standard deviation")
        return {}
    if not needed:
        why = {
            "own": "its own parameters fix the noise level",
            "none": "the logistic loss has no noise variance",
        }.get(meta["noise"], "the result does not depend on it")
        raise TypeError(f"{library} does not take noise_sd: {why}")
    return {"noise_sd": check_scalar(noise_sd, "noise_sd", strict=True)}


def _check_expressible(library: str, prior: Prior) -> None:
    """Refuse a prior that no parameter of ``library`` can mean: one with per-coefficient scales, or a nonzero mean.

    Every library here has one strength for all coefficients and shrinks them toward 0."""
    if np.ndim(prior.scale) != 0:
        raise ValueError(f"priors: {prior!r} has one scale per coefficient, but {library} has one strength for all "
                         "coefficients; convert each distinct scale separately (or rescale the columns of X so "
                         "that one scale fits all)")
    if np.any(np.asarray(prior.mean) != 0):
        raise ValueError(f"priors: {prior!r} has a nonzero mean, but {library} shrinks every coefficient toward 0, "
                         "so no parameter value gives the MAP under this prior; fit the library to y - X @ mean "
                         "with the converted parameters of the zero-mean prior and add the mean back to its "
                         "coefficients (the shift regprior makes itself)")


def _evaluate(library: str, direction: str, values: dict) -> dict[str, float]:
    out = {}
    for name, (args, formula) in _generated.FORMULAS[library][direction].items():
        try:
            value = float(formula(*(values[a] for a in args)))
        except ZeroDivisionError:
            value = math.nan
        except OverflowError:  # a power of a huge or tiny input, in plain-Python float arithmetic
            value = math.inf
        if math.isnan(value):
            raise ValueError(f"{name} is undetermined for {library} when every penalty is zero (flat priors); give "
                             "at least one nonzero strength or proper prior")
        if not math.isfinite(value):
            raise ValueError(f"{name} overflows for {library} with these inputs; got {value}")
        if value == 0.0:
            _refuse_underflow(library, name, formula, [values[a] for a in args])
        out[name] = value
    return out


def _refuse_underflow(library: str, name: str, formula, inputs: list) -> None:
    """Refuse a result that is 0 in float64 but not in exact arithmetic (it underflowed): read as 0 it would drop a
    penalty, or a prior, that the inputs ask for. The formula is re-evaluated on the inputs as exact fractions; one
    that calls a transcendental function cannot be, and its 0 stands."""
    try:
        exact = formula(*(Fraction(v) if isinstance(v, float) else v for v in inputs))
    except (TypeError, ValueError, OverflowError):  # a transcendental function, or an input with no exact value
        return
    if isinstance(exact, Fraction) and exact != 0:
        raise ValueError(f"{name} for {library} is nonzero at these inputs but below the smallest positive float64, "
                         "so it is not representable in float64 (it underflows to 0, which would drop the penalty or "
                         "prior the inputs ask for)")


def _constructible(library: str, meta: dict) -> None:
    if meta["not_constructor"]:
        raise NotConstructorArguments(f"{library}: {meta['not_constructor']}")


def _with_constructor_arguments(meta: dict, values: dict) -> dict:
    """``values`` plus the constructor arguments they need (e.g. the solver that accepts an L1 part)."""
    out = dict(values)
    for argument in meta["constructor_arguments"]:
        if argument["when"] is None or values[argument["when"]] > 0:
            out[argument["name"]] = argument["value"]
    return out


def _shared(name: str, value: float, what: str = "priors") -> float:
    (_, formula) = _generated.SHARED[name]
    try:
        out = float(formula(value))
    except (OverflowError, ZeroDivisionError):  # a power of a huge or tiny scale, in plain-Python arithmetic
        out = math.inf
    if (not math.isfinite(out) or out == 0) and math.isfinite(value) and value > 0:
        given, result = ("scale", "rate or precision") if name.endswith("_of_scale") else ("rate", "scale")
        raise ValueError(f"{what}: a {given} of {value:g} has a {result} that is not representable in float64 (it "
                         f"{'overflows' if out else 'underflows to 0, a flat prior'}); rescale the problem")
    return out


# -- public API -------------------------------------------------------------------------------------

def describe(library: str) -> Convention:
    """What is known about ``library``: its parameters, penalties, and what else a conversion needs.

    Parameters
    ----------
    library : str
        One of :data:`LIBRARIES`.

    Returns
    -------
    Convention

    Examples
    --------
    >>> c = rp.conventions.describe("sklearn.ElasticNet")
    >>> c.parameters, c.penalties, c.uses_n_samples
    (('alpha', 'l1_ratio'), ('l1', 'l2'), True)
    >>> rp.conventions.describe("torch.AdamW").exact
    False
    """
    meta = _meta(library, exact=False)
    return Convention(
        key=library, title=meta["title"], parameters=tuple(meta["parameters"]),
        domains=tuple(meta["parameters"].values()), penalties=tuple(meta["penalties"]),
        likelihood=meta["likelihood"], noise=meta["noise"], uses_n_samples=meta["uses_n_samples"],
        uses_response_sd=meta["uses_response_sd"], exact=meta["exact"], refusal=meta["refusal"],
        constructor_arguments=tuple((a["name"], a["value"], a["when"]) for a in meta["constructor_arguments"]),
        not_constructor=meta["not_constructor"],
    )


def to_canonical(library: str, *, n_samples: int | None = None, response_sd: float | None = None,
                 **params: float) -> Canonical:
    r"""The canonical strengths :math:`\lambda_1, \lambda_2` a library's parameters mean.

    The library's objective times a positive factor :math:`c` equals
    :math:`J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda_1\lVert\beta\rVert_1 + \lambda_2\lVert\beta\rVert_2^2`,
    so both have the same minimizer. For example scikit-learn's Lasso minimizes
    :math:`\frac{1}{2n}\lVert y - X\beta\rVert^2 + \alpha\lVert\beta\rVert_1`, so :math:`c = 2n` and
    :math:`\lambda_1 = 2n\alpha`.

    Parameters
    ----------
    library : str
        One of :data:`LIBRARIES` with a least-squares loss.
    n_samples : int, optional
        Number of samples :math:`n \ge 1`; required when the library's objective is scaled by it
        (ignored otherwise).
    response_sd : float, optional
        The standard deviation of y (with 1/n), required for glmnet (see :func:`describe`).
    **params : float
        The library's parameters by name, e.g. ``alpha=0.01`` (see :func:`describe`).

    Returns
    -------
    Canonical

    Raises
    ------
    TypeError
        For a missing or unexpected parameter, a missing ``n_samples``, or a non-numeric value.
    ValueError
        For an unknown library, a value outside its domain, or a library without a canonical λ
        (logistic regression: use :func:`to_prior`). :class:`NoPriorEquivalent` (a ``ValueError``) for
        a library whose parameter has no exact prior equivalent.

    Examples
    --------
    >>> rp.conventions.to_canonical("sklearn.Lasso", n_samples=442, alpha=0.01)
    Canonical(lam1=8.84, lam2=0.0, noise_sd=None)
    >>> rp.conventions.to_canonical("sklearn.BayesianRidge", alpha_=4.0, lambda_=2.0)
    Canonical(lam1=0.0, lam2=0.5, noise_sd=0.5)
    """
    meta = _meta(library)
    values = _check_params(library, meta, params)
    values.update(_check_n(library, meta, n_samples))
    values.update(_check_response_sd(library, meta, response_sd))
    if meta["likelihood"] != "gaussian":
        raise ValueError(f"{library} has no canonical lambda: the logistic loss has no noise variance, so its "
                         "parameters are read as prior scales directly; use to_prior")
    out = _evaluate(library, "to_canonical", values)
    return Canonical(lam1=out["lam1"], lam2=out["lam2"], noise_sd=out.get("noise_sd"))


def from_canonical(library: str, *, lam1: float = 0.0, lam2: float = 0.0, n_samples: int | None = None,
                   noise_sd: float | None = None, response_sd: float | None = None) -> dict[str, float]:
    r"""The library parameters that give canonical strengths :math:`\lambda_1, \lambda_2`.

    Parameters
    ----------
    library : str
        One of :data:`LIBRARIES` with a least-squares loss.
    lam1, lam2 : float, default 0
        The canonical strengths (>= 0). A strength the library has no term for must be 0.
    n_samples : int, optional
        Number of samples, required when the library's objective is scaled by it.
    noise_sd : float, optional
        Noise standard deviation σ > 0; required (and only accepted) when the library's parameters
        include the noise level (BayesianRidge, PRML).
    response_sd : float, optional
        The standard deviation of y (with 1/n), required for glmnet.

    Returns
    -------
    dict
        Parameter name → value, ready to pass as keyword arguments to the library's constructor.

    Raises
    ------
    ValueError
        For a negative or non-finite strength, a nonzero strength the library cannot express, or a
        parameter left undetermined (e.g. the mixing parameter when both strengths are 0).
    TypeError
        For a missing ``n_samples``/``noise_sd`` or an unneeded ``noise_sd``.
    NotConstructorArguments
        For a library whose parameters are fitted attributes (BayesianRidge); the message says what to use.

    Examples
    --------
    >>> rp.conventions.from_canonical("sklearn.ElasticNet", lam1=2.0, lam2=3.0, n_samples=100)
    {'alpha': 0.04, 'l1_ratio': 0.25}
    """
    meta = _meta(library)
    if meta["likelihood"] != "gaussian":
        raise ValueError(f"{library} has no canonical lambda (logistic loss); use from_prior")
    strengths = {"lam1": check_scalar(lam1, "lam1", strict=False), "lam2": check_scalar(lam2, "lam2", strict=False)}
    for penalty, term in _TERMS.items():
        name = term["strength"]
        if penalty not in meta["penalties"] and strengths[name] != 0:
            raise ValueError(f"{name} must be 0 for {library}, which has no {penalty.upper()} penalty; "
                             f"got {strengths[name]:g}")
    values = {**strengths, **_check_n(library, meta, n_samples), **_check_response_sd(library, meta, response_sd)}
    values.update(_check_noise(library, meta, noise_sd, needed=meta["noise"] == "own"))
    _constructible(library, meta)
    return _with_constructor_arguments(meta, _evaluate(library, "from_canonical", values))


def to_prior(library: str, *, noise_sd: float | None = None, n_samples: int | None = None,
             response_sd: float | None = None, **params: float) -> tuple[Prior, ...]:
    r"""The priors a library's parameters mean: a :class:`~regprior.LaplacePrior` for an L1 part and a
    :class:`~regprior.GaussianPrior` for an L2 part.

    A part whose strength is 0 means a flat prior and is left out, so a library with no penalty at all
    gives an empty tuple. With an L1 and an L2 part, the MAP estimate is that under the product of both
    densities on each coefficient (normalized), i.e. the elastic net.

    Parameters
    ----------
    library : str
        One of :data:`LIBRARIES`.
    noise_sd : float, optional
        Noise standard deviation σ > 0 of :math:`y = X\beta + \varepsilon`. Required for a least-squares
        library whose parameters do not fix it; not accepted for BayesianRidge/PRML (which fix it) or
        logistic regression (which has none).
    n_samples : int, optional
        Number of samples, required when the library's objective is scaled by it.
    **params : float
        The library's parameters by name.

    Returns
    -------
    tuple of Prior
        The Laplace prior (if any) first, then the Gaussian prior (if any).

    Examples
    --------
    A scikit-learn ``Lasso(alpha=0.01)`` fitted on 442 rows with noise sd 50 means a Laplace prior of scale
    :math:`b = \sigma^2/(n\alpha)`:

    >>> rp.conventions.to_prior("sklearn.Lasso", noise_sd=50.0, n_samples=442, alpha=0.01)
    (LaplacePrior(scale=565.6108597285067),)
    >>> rp.conventions.to_prior("sklearn.LogisticRegression", C=4.0, l1_ratio=0.0)
    (GaussianPrior(scale=2.0),)
    """
    meta = _meta(library)
    values = _check_params(library, meta, params)
    values.update(_check_n(library, meta, n_samples))
    values.update(_check_response_sd(library, meta, response_sd))
    values.update(_check_noise(library, meta, noise_sd, needed=meta["noise"] == "given"))
    rates = _evaluate(library, "to_prior", values)
    priors = []
    for penalty in meta["penalties"]:
        term = _TERMS[penalty]
        scale = _shared(term["scale_of_rate"], rates[term["rate"]], what=" and ".join(params))
        if math.isfinite(scale):
            priors.append(_prior_class(penalty)(scale))
    return tuple(priors)


def from_prior(library: str, *priors: Prior, noise_sd: float | None = None, n_samples: int | None = None,
               response_sd: float | None = None) -> dict[str, float]:
    r"""The library parameters whose MAP estimate is the one under ``priors``.

    Parameters
    ----------
    library : str
        One of :data:`LIBRARIES`.
    *priors : Prior
        At most one :class:`~regprior.LaplacePrior` and one :class:`~regprior.GaussianPrior`, each for a
        penalty the library has. A missing one means a flat prior (that strength is 0).
    noise_sd : float, optional
        Noise standard deviation σ > 0: required for least-squares libraries (for BayesianRidge and PRML
        it sets the noise precision :math:`1/\sigma^2`); not accepted for logistic regression.
    n_samples : int, optional
        Number of samples, required when the library's objective is scaled by it.

    Returns
    -------
    dict
        Parameter name → value, ready to pass as keyword arguments to the library's constructor: with the
        arguments the call needs to be valid and to compute this MAP (``solver="saga"`` for a LogisticRegression
        with an L1 part: its default solver accepts only L2, and ``liblinear`` would penalize the intercept).

    Raises
    ------
    TypeError
        For something that is not a prior, or a missing/unneeded ``noise_sd``/``n_samples``.
    ValueError
        For two priors of the same kind, a prior the library cannot express (a Laplace prior for Ridge),
        or an undetermined parameter (no prior at all for a library with a mixing parameter).
    NotConstructorArguments
        For a library whose parameters are fitted attributes that no constructor call sets (BayesianRidge).

    Examples
    --------
    >>> rp.conventions.from_prior("sklearn.Ridge", rp.GaussianPrior(0.5), noise_sd=1.0)
    {'alpha': 4.0}
    >>> rp.conventions.from_prior("glmnet", rp.LaplacePrior(2.0), rp.GaussianPrior(1.0), noise_sd=1.0,
    ...                           n_samples=50, response_sd=1.0)
    {'lambda_': 0.03, 'alpha': 0.3333333333333333}
    >>> rp.conventions.from_prior("sklearn.LogisticRegression", rp.LaplacePrior(0.5))
    {'C': 0.5, 'l1_ratio': 1.0, 'solver': 'saga'}
    """
    meta = _meta(library)
    values = {}
    for prior in priors:
        if not isinstance(prior, Prior):
            raise TypeError(f"priors must be regprior priors (GaussianPrior, LaplacePrior); got "
                            f"{type(prior).__name__} {prior!r}")
        penalty = _term_of(prior)
        if penalty is None:
            raise ValueError(f"{library} has no penalty that a {type(prior).__name__} means; its penalties are: "
                             f"{', '.join(meta['penalties'])}")
        if penalty not in meta["penalties"]:
            raise ValueError(f"{library} has no {penalty.upper()} penalty, so a {type(prior).__name__} has no "
                             f"equivalent there; its penalties are: {', '.join(meta['penalties'])}")
        term = _TERMS[penalty]
        if term["rate"] in values:
            raise ValueError(f"priors contains two {type(prior).__name__}s; give at most one of each kind")
        _check_expressible(library, prior)
        values[term["rate"]] = _shared(term["rate_of_scale"], prior.scale)
    for penalty in meta["penalties"]:
        values.setdefault(_TERMS[penalty]["rate"], 0.0)
    values.update(_check_n(library, meta, n_samples))
    values.update(_check_response_sd(library, meta, response_sd))
    values.update(_check_noise(library, meta, noise_sd, needed=meta["noise"] in ("given", "own")))
    _constructible(library, meta)
    return _with_constructor_arguments(meta, _evaluate(library, "from_prior", values))


def convert(source: str, target: str, *, n_samples: int | None = None, noise_sd: float | None = None,
            response_sd: float | None = None, **params: float) -> dict[str, float]:
    r"""Translate ``source`` parameters into ``target`` parameters with the same minimizer.

    Least-squares libraries go through the canonical strengths (no noise level needed, unless the target's
    parameters include it and the source's do not); logistic regression goes through the priors.

    Parameters
    ----------
    source, target : str
        Library keys (see :data:`LIBRARIES`), both least-squares or both logistic.
    n_samples : int, optional
        Number of samples, required when either objective is scaled by it.
    noise_sd : float, optional
        Only when ``target`` needs a noise level (BayesianRidge, PRML) that ``source`` does not fix.
    response_sd : float, optional
        The standard deviation of y (with 1/n), when either library is glmnet.
    **params : float
        The source library's parameters.

    Returns
    -------
    dict
        Target parameter name → value, ready for the target's constructor (see :func:`from_prior`); a target whose
        parameters are fitted attributes (BayesianRidge) raises :class:`NotConstructorArguments`.

    Examples
    --------
    glmnet's ``lambda``/``alpha`` are scikit-learn ElasticNet's ``alpha``/``l1_ratio`` for a response of unit
    standard deviation (glmnet divides its L2 part by that of y), and a fitted BayesianRidge is a Ridge with
    ``alpha = lambda_/alpha_``:

    >>> rp.conventions.convert("glmnet", "sklearn.ElasticNet", n_samples=100, response_sd=1.0, lambda_=0.1, alpha=0.5)
    {'alpha': 0.1, 'l1_ratio': 0.5}
    >>> rp.conventions.convert("glmnet", "sklearn.ElasticNet", n_samples=100, response_sd=2.0, lambda_=0.1, alpha=0.5)
    {'alpha': 0.075, 'l1_ratio': 0.6666666666666666}
    >>> rp.conventions.convert("sklearn.BayesianRidge", "sklearn.Ridge", alpha_=4.0, lambda_=2.0)
    {'alpha': 0.5}
    """
    src, tgt = _meta(source), _meta(target)
    if src["likelihood"] != tgt["likelihood"]:
        raise ValueError(f"cannot convert between {source} ({src['likelihood']} likelihood) and {target} "
                         f"({tgt['likelihood']} likelihood): they fit different models")
    n_target = n_samples if tgt["uses_n_samples"] else None
    sd_source = response_sd if src["uses_response_sd"] else None
    sd_target = response_sd if tgt["uses_response_sd"] else None
    if response_sd is not None and sd_source is None and sd_target is None:
        raise TypeError(f"convert does not take response_sd here: neither {source} nor {target} rescales y")
    if src["likelihood"] != "gaussian":
        return from_prior(target, *to_prior(source, n_samples=n_samples, **params), n_samples=n_target)
    canonical = to_canonical(source, n_samples=n_samples, response_sd=sd_source, **params)
    if canonical.noise_sd is not None and tgt["noise"] == "own":
        if noise_sd is not None:
            raise TypeError(f"convert does not take noise_sd here: {source} fixes the noise level itself")
        noise_sd = canonical.noise_sd
    return from_canonical(target, lam1=canonical.lam1, lam2=canonical.lam2, n_samples=n_target, noise_sd=noise_sd,
                          response_sd=sd_target)


def sklearn_ridge_alpha(prior: GaussianPrior, noise_sd: float) -> float:
    r"""``alpha`` for ``sklearn.linear_model.Ridge`` under a Gaussian prior: :math:`\alpha = \sigma^2/\sigma_w^2`.

    Parameters
    ----------
    prior : GaussianPrior
        The prior :math:`\mathcal N(0, \sigma_w^2)` on each coefficient.
    noise_sd : float
        Noise standard deviation σ > 0.

    Returns
    -------
    float

    Examples
    --------
    >>> rp.conventions.sklearn_ridge_alpha(rp.GaussianPrior(2.0), noise_sd=1.0)
    0.25
    """
    return from_prior("sklearn.Ridge", prior, noise_sd=noise_sd)["alpha"]


def sklearn_lasso_alpha(prior: LaplacePrior, noise_sd: float, n_samples: int) -> float:
    r"""``alpha`` for ``sklearn.linear_model.Lasso`` under a Laplace prior: :math:`\alpha = \sigma^2/(n b)`.

    Parameters
    ----------
    prior : LaplacePrior
        The prior :math:`\mathrm{Laplace}(0, b)` on each coefficient.
    noise_sd : float
        Noise standard deviation σ > 0.
    n_samples : int
        Number of rows the Lasso is fitted on (its objective divides the squared error by :math:`2n`).

    Returns
    -------
    float

    Examples
    --------
    >>> rp.conventions.sklearn_lasso_alpha(rp.LaplacePrior(1.0), noise_sd=2.0, n_samples=100)
    0.04
    """
    return from_prior("sklearn.Lasso", prior, noise_sd=noise_sd, n_samples=n_samples)["alpha"]
