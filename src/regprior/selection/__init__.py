"""Choosing the penalty strength from the data: leave-one-out and generalized cross-validation, and the evidence."""

from .cross_validation import RidgeSelection, ridge_loo_gcv
from .evidence import EvidenceResult, evidence_ridge, log_evidence

__all__ = ["RidgeSelection", "ridge_loo_gcv", "EvidenceResult", "evidence_ridge", "log_evidence"]
