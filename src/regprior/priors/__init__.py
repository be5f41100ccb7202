"""Priors on the coefficients (and on the noise variance), each owning the penalty it implies.

A prior is the one place that knows how its negative logarithm becomes a penalty
(:meth:`~regprior.Prior.penalty`); solvers, estimators and conversions only ask it. Adding a prior is one class
here, its SymPy model in :mod:`regprior.symbolic.models`, and an entry in the contract test.
"""

from .base import Prior, canonical_weight
from .gaussian import GaussianPrior, MultivariateGaussianPrior
from .horseshoe import horseshoe_logpdf
from .laplace import LaplacePrior
from .noise_variance import InverseGammaPrior
from .student_t import StudentTPrior
from .uniform import UniformPrior

__all__ = ["Prior", "GaussianPrior", "LaplacePrior", "MultivariateGaussianPrior", "StudentTPrior", "UniformPrior",
           "InverseGammaPrior", "canonical_weight", "horseshoe_logpdf"]
