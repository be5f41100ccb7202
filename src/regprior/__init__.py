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

from . import conventions, datafits, penalties, posterior, solvers
from .datafits import logistic_duality_gap, median_interval, objective
from .exceptions import ConvergenceWarning
from .map_estimation import JointMAPResult, LogisticResult, joint_map, logistic_map, map_estimate, map_result
from .posterior import (GaussianPosterior, GibbsSamples, NIGPosterior, bayesian_lasso_gibbs, gaussian_posterior,
                        nig_posterior)
from .priors import *  # noqa: F403 - every prior class, so that a new prior needs no edit here
from .priors import __all__ as _priors_all
from .selection import EvidenceResult, RidgeSelection, evidence_ridge, log_evidence, ridge_loo_gcv
from .solvers import (ConstrainedResult, LADResult, LassoPath, LassoResult, RidgePath, RidgeResult, SolverResult,
                      constrained_least_squares, duality_gap, elastic_net, elastic_net_path, generalized_ridge, lad,
                      lam_max, lasso, lasso_path, logistic_lam_max, logistic_path, ridge, ridge_path)

__version__ = "0.1.0"

__all__ = [
    "ConstrainedResult",
    "ConvergenceWarning",
    "EvidenceResult",
    "GaussianPosterior",
    "GibbsSamples",
    "JointMAPResult",
    "LADResult",
    "LassoPath",
    "LassoResult",
    "LogisticResult",
    "NIGPosterior",
    "RidgePath",
    "RidgeResult",
    "RidgeSelection",
    "SolverResult",
    "bayesian_lasso_gibbs",
    "constrained_least_squares",
    "conventions",
    "datafits",
    "duality_gap",
    "elastic_net",
    "elastic_net_path",
    "evidence_ridge",
    "gaussian_posterior",
    "generalized_ridge",
    "joint_map",
    "lad",
    "lam_max",
    "lasso",
    "lasso_path",
    "log_evidence",
    "logistic_duality_gap",
    "logistic_lam_max",
    "logistic_map",
    "logistic_path",
    "map_estimate",
    "map_result",
    "median_interval",
    "nig_posterior",
    "objective",
    "penalties",
    "posterior",
    "ridge",
    "ridge_loo_gcv",
    "ridge_path",
    "solvers",
    *_priors_all,
]
