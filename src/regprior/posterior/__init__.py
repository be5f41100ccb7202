"""Posteriors beyond the mode: Gaussian (closed form), normal-inverse-gamma (conjugate), and Gibbs sampling."""

from .conjugate import NIGPosterior, nig_posterior
from .gaussian import GaussianPosterior, gaussian_posterior
from .gibbs import GibbsSamples, bayesian_lasso_gibbs
from .quadrature import OneDimensionalPosterior, one_dimensional_posterior

__all__ = ["GaussianPosterior", "gaussian_posterior", "NIGPosterior", "nig_posterior", "GibbsSamples",
           "bayesian_lasso_gibbs", "OneDimensionalPosterior", "one_dimensional_posterior"]
