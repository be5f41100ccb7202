"""Summaries shared by the posterior objects that are not Gaussian (the conjugate t posterior, Gibbs draws)."""

from __future__ import annotations

import numpy as np

from .._validation import check_level

__all__ = ["QuantileIntervals"]


class QuantileIntervals:
    """Equal-tailed credible intervals from a per-coefficient quantile function ``_quantile(prob)``."""

    def _quantile(self, prob: float) -> np.ndarray:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def credible_interval(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Equal-tailed credible interval for each coefficient: its ``(1 - level)/2`` and ``(1 + level)/2`` quantiles.

        Parameters
        ----------
        level : float, default 0.95
            Posterior probability inside each interval, in (0, 1).

        Returns
        -------
        lower, upper : ndarray of shape (n_features,)
        """
        level = check_level(level)
        return self._quantile(0.5 - level / 2), self._quantile(0.5 + level / 2)
