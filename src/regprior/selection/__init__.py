"""Choosing the penalty strength (and the noise level) from the data: leave-one-out and generalized
cross-validation, K-fold cross-validation of the lasso, the evidence, and noise estimates."""

from .cross_validation import RidgeSelection, ridge_loo_gcv
from .evidence import EvidenceResult, evidence_ridge, log_evidence
from .lasso_cv import LassoCVResult, lasso_cv
from .noise import NoiseEstimate, estimate_noise_sd

__all__ = ["RidgeSelection", "ridge_loo_gcv", "EvidenceResult", "evidence_ridge", "log_evidence", "LassoCVResult",
           "lasso_cv", "NoiseEstimate", "estimate_noise_sd"]
