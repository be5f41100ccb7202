"""Solvers: minimize a datafit plus a penalty, each declaring what it needs of both.

=========================  =======================================  ==================================
module                     method                                   used for
=========================  =======================================  ==================================
:mod:`.direct`             Cholesky (the SVD when singular)         ridge, generalized ridge, many λ
:mod:`.coordinate_descent` coordinate descent, duality gap          lasso, elastic net, their paths
:mod:`.newton`             damped Newton                            logistic loss + Gaussian prior
:mod:`.prox_newton`        proximal Newton, coordinate descent      logistic + L1, its path
:mod:`.fista`              accelerated proximal gradient            boxes, norm balls, other prox-able priors
:mod:`.quasi_newton`       L-BFGS, stationarity certificate         smooth non-convex priors (Student-t)
:mod:`.linear_program`     HiGHS                                    least absolute deviations
:mod:`.constrained`        FISTA with projections                   norm budgets and boxes
=========================  =======================================  ==================================

:data:`SOLVERS` is the order in which :func:`select_solver` tries them: the first that accepts a datafit and a
penalty is used.
"""

import importlib

#: where each name is defined, imported on first use (PEP 562): a lasso does not import the linear program's or
#: L-BFGS's SciPy modules
_LOCATIONS = {
    **dict.fromkeys(["Solver", "SolverResult"], ".base"),
    **dict.fromkeys(["ConstrainedResult", "constrained_least_squares"], ".constrained"),
    **dict.fromkeys(["CoordinateDescent", "LassoPath", "LassoResult", "duality_gap", "elastic_net", "elastic_net_path",
                     "lam_max", "lasso", "lasso_path"], ".coordinate_descent"),
    **dict.fromkeys(["Direct", "RidgePath", "RidgeResult", "generalized_ridge", "ridge", "ridge_path"], ".direct"),
    "FISTA": ".fista",
    **dict.fromkeys(["LADResult", "LinearProgram", "lad"], ".linear_program"),
    "Newton": ".newton",
    **dict.fromkeys(["ProxNewton", "logistic_lam_max", "logistic_path"], ".prox_newton"),
    "LBFGS": ".quasi_newton",
    **dict.fromkeys(["SOLVERS", "select_solver"], ".registry"),
}

__all__ = ["SOLVERS", "Solver", "SolverResult", "select_solver",
           "LassoPath", "LassoResult", "RidgePath", "RidgeResult", "duality_gap", "elastic_net", "elastic_net_path",
           "generalized_ridge", "lam_max", "lasso", "lasso_path", "ridge", "ridge_path",
           "ConstrainedResult", "constrained_least_squares", "LADResult", "lad", "ProxNewton", "logistic_lam_max",
           "logistic_path"]


def __getattr__(name: str):
    if name not in _LOCATIONS:
        raise AttributeError(f"module 'regprior.solvers' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LOCATIONS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
