r"""What every prior on the coefficients provides, and the one factor that ties a prior to the canonical objective.

Under the model :math:`y = X\beta + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, \sigma^2 I)`,

.. math::

    -\log p(\beta \mid y, X) = \frac{1}{2\sigma^2}\Bigl(\lVert y - X\beta\rVert_2^2
        + 2\sigma^2\bigl(-\log p(\beta)\bigr)\Bigr) + C,

so the canonical objective :math:`J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda R(\beta)` carries the negative
log-prior multiplied by the *prior weight* :math:`w = 2\sigma^2` (:func:`canonical_weight`). Other datafits have
other weights (1 for the logistic loss). A prior turns itself into the penalty a solver minimizes with
:meth:`Prior.penalty`; that is all a solver ever needs from it.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod

import numpy as np

from .._validation import check_scalar, check_strength
from ..penalties import Penalty

__all__ = ["Prior", "canonical_weight", "representable", "check_same_length", "check_belief"]


def canonical_weight(noise_sd: float) -> float:
    r"""The factor :math:`w = 2\sigma^2` that multiplies :math:`-\log p(\beta)` in the canonical objective.

    Parameters
    ----------
    noise_sd : float
        σ > 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When σ is not a finite positive number or :math:`2\sigma^2` is not representable (overflow, or
        underflow to 0).
    """
    sd = check_scalar(noise_sd, "noise_sd", strict=True)
    with np.errstate(over="ignore", under="ignore"):
        weight = 2.0 * np.float64(sd) ** 2
    if not np.isfinite(weight) or weight == 0:
        raise ValueError(f"noise_sd = {sd:g}: its square is not representable in float64 (the prior weight "
                         f"2 sigma^2 would be {float(weight):g}); rescale y")
    return float(weight)


def representable(value, what: str):
    """``value`` (a number or array) if every entry is finite and positive, else a ``ValueError`` about ``what``.

    A prior parameter turned into a penalty strength (or back) can overflow or underflow float64 where the input
    did not; the error says so instead of returning inf or 0."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{what}: the result is not representable in float64 for these values (overflow or "
                         "underflow); rescale the problem")
    return float(arr) if arr.ndim == 0 else arr


def check_same_length(**parameters) -> None:
    """Raise ``ValueError`` when two per-coefficient parameters (1-D arrays) have different lengths.

    A number applies to every coefficient; two arrays must describe the same number of them."""
    arrays = {name: value for name, value in parameters.items() if np.ndim(value) == 1}
    sizes = {np.size(value) for value in arrays.values()}
    if len(sizes) > 1:
        listing = " but ".join(f"{name} has {np.size(value)} entries" for name, value in arrays.items())
        raise ValueError(f"{listing}: per-coefficient parameters must have one entry per feature each (or be a "
                         "single number)")


def check_belief(half_width, prob):
    r"""``(half_width, prob)`` of a belief :math:`P(|\beta_j - \theta_{0j}| \le h) = q_h`, validated.

    ``half_width`` is a number or one value per coefficient, each > 0; ``prob`` a number strictly between 0 and 1.
    """
    half_width = check_strength(half_width, "half_width", positive=True)
    prob = check_scalar(prob, "prob", strict=True)
    if prob >= 1:
        raise ValueError(f"prob must be < 1 (a probability of 1 is a point mass at the mean); got {prob:g}")
    return half_width, prob


class Prior(ABC):
    r"""A prior on the coefficient vector β.

    A subclass defines :meth:`neg_log_density` (normalizer included) and :meth:`penalty`, which returns
    :math:`w\,(-\log p(\theta_0 + u) - \text{const})` as a :class:`regprior.penalties.Penalty` on
    :math:`u = \beta - \theta_0`; ``mean`` is :math:`\theta_0`. Priors take part in scikit-learn's parameter
    protocol (:meth:`get_params`, :meth:`set_params`), so a grid search can vary ``prior__scale``.

    Optional capabilities, present only where they make sense:

    * ``penalty_strength(noise_sd)`` and ``from_penalty_strength(lam, noise_sd)``: the canonical λ, for a prior
      whose penalty has one strength per coefficient;
    * ``precision(n_features)``: the prior precision matrix :math:`\Sigma^{-1}`, for a Gaussian prior (whose
      posterior is then Gaussian too).
    """

    #: the name of the SymPy model of this prior in :mod:`regprior.symbolic.models` (its one definition)
    symbolic_model: str
    #: constructor parameter -> the name of the symbol that stands for it in the SymPy model
    symbolic_parameters: dict[str, str]

    @abstractmethod
    def neg_log_density(self, coef) -> float:
        r""":math:`-\log p(\beta)`, normalizer included."""

    @abstractmethod
    def penalty(self, weight: float) -> Penalty:
        r"""The penalty :math:`w\,(-\log p(\theta_0 + u) - \text{const})` on :math:`u = \beta - \theta_0`.

        Parameters
        ----------
        weight : float
            The prior weight w > 0 of the datafit (:func:`~regprior.priors.canonical_weight` for least squares).
        """

    # -- shapes ---------------------------------------------------------------------------------------------
    def check_features(self, n_features: int, argument: str = "prior") -> None:
        """Raise ``ValueError`` when a per-coefficient parameter does not have ``n_features`` entries; the message
        names ``argument``, the argument the prior was given as."""
        for name, value in self.get_params().items():
            if isinstance(value, np.ndarray) and value.ndim == 1 and value.size != n_features:
                raise ValueError(f"{argument}: its {name} has {value.size} entries but X has {n_features} features")

    def _coef(self, coef) -> np.ndarray:
        """``coef`` as a float vector whose length matches the per-coefficient parameters."""
        arr = np.asarray(coef, dtype=np.float64)
        if arr.ndim != 1:
            raise ValueError(f"coef must be a 1-D array; got shape {arr.shape}")
        for name, value in self.get_params().items():
            if isinstance(value, np.ndarray) and value.ndim == 1 and value.size != arr.size:
                raise ValueError(f"coef has {arr.size} entries but the prior's {name} has {value.size}")
        if not np.all(np.isfinite(arr)):
            raise ValueError("coef must contain finite values")
        return arr

    @staticmethod
    def _finite(value) -> float:
        """A negative log-density that is finite mathematically, as a float; ``ValueError`` when it overflows."""
        value = float(value)
        if not np.isfinite(value):
            raise ValueError("coef: -log p(beta) overflows float64 at these coefficients (they are too far out in "
                             "the prior's tails for its logarithm to be representable)")
        return value

    # -- scikit-learn's parameter protocol --------------------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [name for name, par in signature.parameters.items()
                if name != "self" and par.kind is not par.VAR_KEYWORD]

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's parameters by name (scikit-learn's protocol; ``deep`` has nothing to descend into)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> "Prior":
        """Set constructor parameters (validated as the constructor does) and return ``self``.

        Raises
        ------
        ValueError
            For a name that is not a parameter of this prior, or an invalid value.
        """
        names = self._param_names()
        unknown = sorted(set(params) - set(names))
        if unknown:
            raise ValueError(f"{type(self).__name__} has no parameter(s) {', '.join(map(repr, unknown))}; its "
                             f"parameters are: {', '.join(names)}")
        merged = {**self.get_params(), **params}
        fresh = type(self)(**merged)  # validates everything together
        self.__dict__.update(fresh.__dict__)
        return self

    def __sklearn_clone__(self) -> "Prior":
        """A new, equal prior (scikit-learn's ``clone``): the parameters are validated copies, so the generic
        identity check of cloned parameters does not apply."""
        return type(self)(**self.get_params())

    # -- comparison and display -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        shown = {}
        for name, value in self.get_params().items():
            if name == "mean" and np.ndim(value) == 0 and value == 0.0:
                continue
            shown[name] = value.tolist() if isinstance(value, np.ndarray) and value.size <= 6 else value
        parts = [f"{k}=<array of {v.size}>" if isinstance(v, np.ndarray) else f"{k}={v!r}" for k, v in shown.items()]
        return f"{type(self).__name__}({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(np.array_equal(a, b) for a, b in zip(self.get_params().values(), other.get_params().values()))

    __hash__ = None  # array parameters: not hashable
