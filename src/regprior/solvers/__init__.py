"""Solvers for penalized least squares in the canonical convention."""

from .constrained import ConstrainedResult, constrained_least_squares
from .lasso import LassoResult, duality_gap, lasso
from .ridge import RidgePath, RidgeResult, generalized_ridge, ridge, ridge_path

__all__ = ["LassoResult", "RidgePath", "RidgeResult", "duality_gap", "generalized_ridge", "lasso", "ridge",
           "ridge_path",
           "ConstrainedResult", "constrained_least_squares"]
