"""Shared matplotlib settings: a headless backend, one look, reproducible files, and two layouts.

Every figure is drawn twice, as an SVG: ``wide`` for the site's text column on a laptop (about 740 px) with its
panels side by side, and ``narrow`` for a phone (about 360 px) with its panels one under the other. Each is
drawn at the width it is shown at, so its text appears at the size it is set in (the site's browser test
checks the smallest text of every figure at both widths, from the sizes :func:`save` records).
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.text import Text  # noqa: E402

plt.rcParams.update({
    "figure.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.labelsize": 9,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "regprior",  # the same inputs give the same file
})

#: one colour per role, used on every figure
GAUSSIAN, LAPLACE, DATA, NEUTRAL = "#1f77b4", "#d62728", "#444444", "#7f7f7f"

#: the layouts and the width each is drawn at, in inches (an SVG inch is 96 CSS pixels)
WIDTH = {"wide": 7.4, "narrow": 3.7}
LAYOUTS = tuple(WIDTH)

#: file stem -> {"width_pt": the drawing's width, "min_font_pt": its smallest text}, filled by save()
TEXT_SIZES: dict[str, dict[str, float]] = {}


def panels(layout: str, nrows: int = 1, ncols: int = 1, *, height: float, panel_height: float | None = None,
           order: str = "rows", **kw):
    """``plt.subplots`` for a layout: as given (``nrows`` x ``ncols``, ``height`` inches tall) when wide; one
    column of ``nrows * ncols`` panels, each ``panel_height`` inches tall, when narrow. The axes come back in
    the wide arrangement's shape either way (``order="columns"`` stacks a grid column by column)."""
    if layout == "wide":
        return plt.subplots(nrows, ncols, figsize=(WIDTH["wide"], height), squeeze=False, **kw)
    count = nrows * ncols
    gridspec = dict(kw.pop("gridspec_kw", {}))
    gridspec.pop("width_ratios", None)
    gridspec.pop("wspace", None)
    gridspec.setdefault("hspace", 0.55)  # room for each panel's x label and title
    if "height_ratios" in gridspec:  # the wide rows' ratios, for the panels that come from each row
        ratios = list(gridspec.pop("height_ratios"))
        if nrows > 1:
            gridspec["height_ratios"] = (ratios * ncols if order == "columns"
                                         else [r for r in ratios for _ in range(ncols)])
    for share in ("sharex", "sharey"):
        if kw.get(share) == "row" or (kw.get(share) is True and nrows > 1 and ncols > 1):
            kw.pop(share)
    fig, axes = plt.subplots(count, 1, figsize=(WIDTH["narrow"], (panel_height or height) * count), squeeze=False,
                             gridspec_kw=gridspec or None, **kw)
    flat = list(axes[:, 0])
    shaped = np.empty((nrows, ncols), dtype=object)
    for k, ax in enumerate(flat):
        r, c = (k // ncols, k % ncols) if order == "rows" else (k % nrows, k // nrows)
        shaped[r, c] = ax
    return fig, shaped


def save(fig, path: Path) -> None:
    """Write an SVG without dates or software tags, and record its width and smallest text for the site test."""
    path = Path(path)
    fig.canvas.draw()
    fonts = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)  # inches, as bbox_inches="tight" uses
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    TEXT_SIZES[path.stem] = {"width_pt": round(bbox.width * 72, 2), "min_font_pt": float(min(fonts))}


def write_text_sizes(directory: Path) -> None:
    """Merge the recorded sizes into ``text-sizes.json`` in ``directory``."""
    target = Path(directory) / "text-sizes.json"
    known = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    known.update(TEXT_SIZES)
    target.write_text(json.dumps(dict(sorted(known.items())), indent=1) + "\n", encoding="utf-8")
