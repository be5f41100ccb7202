"""Shared matplotlib settings: a headless backend, one look, reproducible files."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
})

#: one colour per role, used on every figure
GAUSSIAN, LAPLACE, DATA, NEUTRAL = "#1f77b4", "#d62728", "#444444", "#7f7f7f"


def save(fig, path: Path) -> None:
    """Write a PNG without timestamps or software tags, so the same inputs give the same file."""
    fig.savefig(path, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
