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

import importlib

#: where each public name is defined; a name is imported on first use (PEP 562), so that ``import regprior`` and
#: a first lasso do not pay for SciPy's statistics and optimization modules (benchmarks/: the first call in a new
#: process). The priors are re-exported wholesale from :mod:`regprior.priors` (a new prior needs no edit here).
_LOCATIONS = {
    **dict.fromkeys(["conventions", "datafits", "penalties", "posterior", "solvers", "priors", "selection"], ""),
    **dict.fromkeys(["logistic_duality_gap", "median_interval", "objective"], ".datafits"),
    "ConvergenceWarning": ".exceptions",
    **dict.fromkeys(["JointMAPResult", "LogisticResult", "joint_map", "logistic_map", "map_estimate", "map_result"],
                    ".map_estimation"),
    **dict.fromkeys(["GaussianPosterior", "GibbsSamples", "NIGPosterior", "bayesian_lasso_gibbs", "gaussian_posterior",
                     "nig_posterior"], ".posterior"),
    **dict.fromkeys(["EvidenceResult", "LassoCVResult", "NoiseEstimate", "RidgeSelection", "estimate_noise_sd",
                     "evidence_ridge", "lasso_cv", "log_evidence", "ridge_loo_gcv"], ".selection"),
    **dict.fromkeys(["ConstrainedResult", "LADResult", "LassoPath", "LassoResult", "RidgePath", "RidgeResult",
                     "SolverResult", "constrained_least_squares", "duality_gap", "elastic_net", "elastic_net_path",
                     "generalized_ridge", "lad", "lam_max", "lasso", "lasso_path", "logistic_lam_max", "logistic_path",
                     "ridge", "ridge_path"], ".solvers"),
}


def __getattr__(name: str):
    if name == "__all__":
        from .priors import __all__ as priors_all

        value = sorted(set(_LOCATIONS) - {"priors", "selection"}) + list(priors_all)
    elif name in _LOCATIONS:
        where = _LOCATIONS[name]
        value = importlib.import_module(f".{name}" if where == "" else where, __name__)
        if where:
            value = getattr(value, name)
    else:
        priors = importlib.import_module(".priors", __name__)
        if name not in priors.__all__:
            raise AttributeError(f"module 'regprior' has no attribute {name!r}")
        value = getattr(priors, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__getattr__("__all__")))


__version__ = "0.1.0"
