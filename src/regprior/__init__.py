r"""regprior: regularization is a prior.

The canonical convention, used by every function here:

.. math::

    J(\beta) = \lVert y - X\beta\rVert_2^2 + \lambda R(\beta),\qquad
    -\log p(\beta \mid y, X) = \frac{J(\beta)}{2\sigma^2} + C .

A Gaussian prior :math:`\mathcal N(0, \sigma_w^2)` gives :math:`R = \lVert\beta\rVert_2^2` and
:math:`\lambda = \sigma^2/\sigma_w^2`; a Laplace prior with scale b gives
:math:`R = \lVert\beta\rVert_1` and :math:`\lambda = 2\sigma^2/b`.

Importing ``regprior`` does not import SymPy; the symbolic side is :mod:`regprior.symbolic`.
"""

from . import conventions
from .bayesian_lasso import GibbsSamples, bayesian_lasso_gibbs
from .exceptions import ConvergenceWarning
from .inference import map_estimate
from .posterior import GaussianPosterior, gaussian_posterior
from .priors import GaussianPrior, LaplacePrior, MultivariateGaussianPrior, Prior
from .solvers import (LassoPath, LassoResult, RidgePath, RidgeResult, duality_gap, elastic_net, elastic_net_path,
                      generalized_ridge, lam_max, lasso, lasso_path, ridge, ridge_path)
from .solvers import ConstrainedResult, constrained_least_squares
from .noise import (EvidenceResult, InverseGammaPrior, JointMAPResult, NIGPosterior, evidence_ridge, joint_map,
                    log_evidence, nig_posterior)
from .logistic import LogisticResult, logistic_duality_gap, logistic_map
from .horseshoe import horseshoe_logpdf
from .robust import LADResult, lad, median_interval
from .selection import RidgeSelection, ridge_loo_gcv

__version__ = "0.1.0"

__all__ = [
    "ConstrainedResult",
    "ConvergenceWarning",
    "EvidenceResult",
    "GaussianPosterior",
    "GaussianPrior",
    "GibbsSamples",
    "InverseGammaPrior",
    "JointMAPResult",
    "LADResult",
    "LaplacePrior",
    "LassoPath",
    "LassoResult",
    "LogisticResult",
    "MultivariateGaussianPrior",
    "NIGPosterior",
    "Prior",
    "RidgePath",
    "RidgeResult",
    "RidgeSelection",
    "bayesian_lasso_gibbs",
    "constrained_least_squares",
    "duality_gap",
    "elastic_net",
    "elastic_net_path",
    "evidence_ridge",
    "gaussian_posterior",
    "generalized_ridge",
    "horseshoe_logpdf",
    "joint_map",
    "lad",
    "lam_max",
    "lasso",
    "lasso_path",
    "log_evidence",
    "logistic_duality_gap",
    "logistic_map",
    "map_estimate",
    "median_interval",
    "nig_posterior",
    "ridge",
    "ridge_loo_gcv",
    "ridge_path",
    "conventions",
]
