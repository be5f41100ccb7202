r"""Convergence diagnostics of Markov chains: split-:math:`\hat R` and the effective sample size.

Both follow Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), *Rank-normalization, folding, and localization:
an improved* :math:`\hat R` *for assessing convergence of MCMC*, Bayesian Analysis 16(2), 667–718:

* each chain is split in two halves (a trend inside a chain then shows as disagreement between its halves);
* the draws are **rank-normalized**: pooled ranks r are mapped to normal scores
  :math:`\Phi^{-1}\bigl((r - 3/8)/(S + 1/4)\bigr)` (S draws in all), which makes the diagnostics work for
  heavy-tailed posteriors;
* :math:`\hat R` compares the variance between and within the split chains,
  :math:`\hat R = \sqrt{\bigl(\tfrac{N-1}{N}W + \tfrac1N B\bigr)/W}` (N draws per split chain, W the mean
  within-chain variance, B/N the variance of the chain means), computed for the rank-normalized draws ("bulk") and
  for the rank-normalized distances from the median ("tail"), and the larger is reported; values above 1.01
  suggest the chains have not mixed;
* the **bulk effective sample size** is :math:`MN/\hat\tau` for M split chains of N draws, with
  :math:`\hat\tau = -1 + 2\sum_t \hat\rho_t` summed over Geyer's initial monotone sequence of the combined
  autocorrelations :math:`\hat\rho_t = 1 - (W - \overline{\gamma_t})/\widehat{\mathrm{var}}^+` of the
  rank-normalized split chains (autocovariances :math:`\gamma_t` by FFT).

The tests compare both with ArviZ when it is installed, and with chains whose answers are known (independent
draws, autoregressive chains, chains stuck in different places).
"""

from __future__ import annotations

import numpy as np
from scipy import stats
from scipy.fft import next_fast_len

__all__ = ["split_rhat", "ess_bulk"]


def _chains(draws) -> np.ndarray:
    arr = np.asarray(draws, dtype=float)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim < 2 or arr.shape[1] < 4:
        raise ValueError(f"draws must have shape (n_chains, n_draws, ...) with at least 4 draws per chain; got "
                         f"shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("draws must be finite")
    return arr


def _split(x: np.ndarray) -> np.ndarray:
    """Each chain cut into its first and last half (the middle draw dropped for an odd length)."""
    half = x.shape[1] // 2
    return np.concatenate([x[:, :half], x[:, -half:]], axis=0)


def _z_scale(x: np.ndarray) -> np.ndarray:
    """Rank-normalization: pooled average ranks mapped to normal scores."""
    ranks = stats.rankdata(x, method="average").reshape(x.shape)
    return stats.norm.ppf((ranks - 0.375) / (x.size + 0.25))


def _rhat(x: np.ndarray) -> float:
    n = x.shape[1]
    within = float(np.mean(np.var(x, axis=1, ddof=1)))
    between = n * float(np.var(np.mean(x, axis=1), ddof=1))
    if within == 0.0:
        return 1.0 if between == 0.0 else np.inf  # constant chains: equal ones agree, different ones never mix
    return float(np.sqrt((between / within + n - 1) / n))


def _autocov(x: np.ndarray) -> np.ndarray:
    """Autocovariance of each chain at every lag (divided by the chain length), by FFT."""
    n = x.shape[1]
    m = next_fast_len(2 * n)
    centred = x - x.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(centred, n=m, axis=1)
    return np.fft.irfft(spectrum * np.conjugate(spectrum), n=m, axis=1)[:, :n] / n


def _ess(x: np.ndarray) -> float:
    n_chains, n = x.shape
    acov = _autocov(x)
    mean_var = float(np.mean(acov[:, 0])) * n / (n - 1.0)
    var_plus = mean_var * (n - 1.0) / n
    if n_chains > 1:
        var_plus += float(np.var(x.mean(axis=1), ddof=1))
    if var_plus == 0.0:
        return float(n_chains * n)  # constant draws: nothing is autocorrelated
    rho = np.zeros(n)
    rho[0] = even = 1.0
    rho[1] = odd = 1.0 - (mean_var - float(np.mean(acov[:, 1]))) / var_plus
    t = 1
    while t < n - 3 and even + odd > 0.0:  # Geyer's initial positive sequence of pairs
        even = 1.0 - (mean_var - float(np.mean(acov[:, t + 1]))) / var_plus
        odd = 1.0 - (mean_var - float(np.mean(acov[:, t + 2]))) / var_plus
        if even + odd >= 0:
            rho[t + 1], rho[t + 2] = even, odd
        t += 2
    last = t - 2
    if even > 0:
        rho[last + 1] = even
    t = 1
    while t <= last - 2:  # Geyer's initial monotone sequence
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = rho[t + 2] = (rho[t - 1] + rho[t]) / 2.0
        t += 2
    total = n_chains * n
    tau = -1.0 + 2.0 * float(np.sum(rho[: last + 1])) + float(np.sum(rho[last + 1: last + 2]))
    return total / max(tau, 1.0 / np.log10(total))


def _each(draws, function) -> np.ndarray | float:
    x = _chains(draws)
    flat = x.reshape(x.shape[0], x.shape[1], -1)
    values = np.array([function(flat[:, :, k]) for k in range(flat.shape[2])])
    return float(values[0]) if x.ndim == 2 else values.reshape(x.shape[2:])


def split_rhat(draws) -> np.ndarray | float:
    r"""Rank-normalized split-:math:`\hat R` (the larger of bulk and tail), Vehtari et al. (2021).

    Parameters
    ----------
    draws : array_like of shape (n_chains, n_draws, ...)
        Draws of one quantity (or of several, in the trailing axes), at least 4 per chain.

    Returns
    -------
    float or ndarray of the trailing shape
        1 for chains that agree; above 1.01 suggests they have not mixed.
    """
    def one(x):
        halves = _split(x)
        folded = np.abs(halves - np.median(halves))
        return max(_rhat(_z_scale(halves)), _rhat(_z_scale(folded)))

    return _each(draws, one)


def ess_bulk(draws) -> np.ndarray | float:
    r"""The bulk effective sample size of rank-normalized split chains, Vehtari et al. (2021).

    Parameters
    ----------
    draws : array_like of shape (n_chains, n_draws, ...)

    Returns
    -------
    float or ndarray of the trailing shape
        How many independent draws would estimate the posterior's centre as well as these.
    """
    return _each(draws, lambda x: _ess(_z_scale(_split(x))))
