r"""A prior on the noise variance σ², for the models where σ is not known.

The inverse-gamma distribution is conjugate to the Gaussian likelihood's variance: with
:math:`\sigma^2 \sim \mathrm{IG}(a_0, b_0)` the posterior of σ² given the coefficients is again inverse-gamma
(derived on the unknown-noise page). It is used by :func:`regprior.joint_map`, :func:`regprior.nig_posterior` and
the Gibbs sampler :func:`regprior.bayesian_lasso_gibbs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._validation import check_scalar

__all__ = ["InverseGammaPrior", "noise_prior_parameters"]


@dataclass(frozen=True)
class InverseGammaPrior:
    r"""An inverse-gamma prior :math:`\mathrm{IG}(a_0, b_0)` on the noise variance σ².

    The density is :math:`\frac{b_0^{a_0}}{\Gamma(a_0)}(\sigma^2)^{-a_0-1}e^{-b_0/\sigma^2}`; equivalently the
    noise precision :math:`1/\sigma^2` is Gamma with shape :math:`a_0` and rate :math:`b_0`.

    Parameters
    ----------
    shape : float
        :math:`a_0 \ge 0`.
    scale : float
        :math:`b_0 \ge 0`. ``shape = scale = 0`` is the improper Jeffreys prior
        :math:`p(\sigma^2) \propto 1/\sigma^2`; a proper prior needs both > 0.

    Examples
    --------
    >>> prior = rp.InverseGammaPrior(3.0, 2.0)
    >>> prior.mode        # b0 / (a0 + 1)
    0.5
    """

    shape: float
    scale: float

    def __post_init__(self):
        object.__setattr__(self, "shape", check_scalar(self.shape, "shape", strict=False))
        object.__setattr__(self, "scale", check_scalar(self.scale, "scale", strict=False))

    @property
    def mode(self) -> float:
        """:math:`b_0/(a_0 + 1)`, the most probable σ² a priori."""
        return self.scale / (self.shape + 1)


def noise_prior_parameters(noise_prior) -> tuple[float, float]:
    """(a0, b0) of the noise prior; a flat prior on sigma^2 (None) is the limit a0 = -1, b0 = 0."""
    if noise_prior is None:
        return -1.0, 0.0
    if not isinstance(noise_prior, InverseGammaPrior):
        raise TypeError(f"noise_prior must be an InverseGammaPrior or None (flat); got {type(noise_prior).__name__}")
    return noise_prior.shape, noise_prior.scale


