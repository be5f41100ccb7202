"""Solvers for the canonical penalized least-squares problems (no intercept)."""

from .lasso import LassoResult, duality_gap, lasso
from .ridge import RidgeResult, ridge

__all__ = ["LassoResult", "RidgeResult", "duality_gap", "lasso", "ridge"]
