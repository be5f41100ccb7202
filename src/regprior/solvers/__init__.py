"""Solvers for penalized least squares in the canonical convention."""

from .constrained import ConstrainedResult, constrained_least_squares
from .coordinate_descent import (LassoPath, LassoResult, duality_gap, elastic_net, elastic_net_path, lam_max, lasso,
                                 lasso_path)
from .ridge import RidgePath, RidgeResult, generalized_ridge, ridge, ridge_path

__all__ = ["LassoPath", "LassoResult", "RidgePath", "RidgeResult", "duality_gap", "elastic_net", "elastic_net_path",
           "generalized_ridge", "lam_max", "lasso", "lasso_path", "ridge", "ridge_path",
           "ConstrainedResult", "constrained_least_squares"]
