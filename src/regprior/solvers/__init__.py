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

from .base import Solver, SolverResult
from .constrained import ConstrainedResult, constrained_least_squares
from .coordinate_descent import (CoordinateDescent, LassoPath, LassoResult, duality_gap, elastic_net,
                                 elastic_net_path, lam_max, lasso, lasso_path)
from .direct import Direct, RidgePath, RidgeResult, generalized_ridge, ridge, ridge_path
from .fista import FISTA
from .linear_program import LADResult, LinearProgram, lad
from .newton import Newton
from .prox_newton import ProxNewton, logistic_lam_max, logistic_path
from .quasi_newton import LBFGS
from .registry import SOLVERS, select_solver

__all__ = ["SOLVERS", "Solver", "SolverResult", "select_solver",
           "LassoPath", "LassoResult", "RidgePath", "RidgeResult", "duality_gap", "elastic_net", "elastic_net_path",
           "generalized_ridge", "lam_max", "lasso", "lasso_path", "ridge", "ridge_path",
           "ConstrainedResult", "constrained_least_squares", "LADResult", "lad", "ProxNewton", "logistic_lam_max",
           "logistic_path"]
