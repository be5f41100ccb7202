"""The pages of the site that are made from the project's own data rather than derived.

* ``claims.toml``, ``features.toml`` (:mod:`catalogue.register`) and :mod:`catalogue.coverage`: the claim
  register and the coverage page, where each claim of the source texts is derived, tested and plotted;
* ``pitfalls.toml`` and :mod:`catalogue.pitfalls`: the pitfalls page, each entry checked against the
  derivations (one module per section of the page);
* ``verification.toml`` and :mod:`catalogue.verification`: the verification pages, read from the ``@prop``
  statements in the test sources (read as files; the tests are never imported).

Dependencies run one way: this package imports :mod:`derivations` and :mod:`regprior`, and nothing below
it imports this package. ``python -m catalogue`` writes the fragments to ``docs/_generated/`` beside those
of ``python -m derivations``; ``python -m catalogue --check`` fails when a committed one differs.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the package stays light: the data files' readers need no SymPy
    from regprior.symbolic.derivation import Derivation

#: the repository root
ROOT = Path(__file__).resolve().parent.parent
#: where the fragments go
OUTPUT_DIR = ROOT / "docs" / "_generated"
#: the modules that produce fragments, each through ``fragments()`` (file name -> text)
PAGE_MODULES = ("pitfalls", "coverage", "verification")


def all_derivations() -> list[Derivation]:
    """The derivations and the pitfalls page (itself a checked derivation), each built with all its checks."""
    import derivations

    from .pitfalls import derivation as pitfalls_page

    return [*derivations.all_derivations(), pitfalls_page()]


def render_all() -> dict[str, str]:
    """Map each fragment's file name to its MyST text; two modules producing one file are an error."""
    merged: dict[str, str] = {}
    for name in PAGE_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        produced = module.fragments()
        clash = set(produced) & set(merged)
        if clash:
            raise ValueError(f"{module.__name__}.fragments() produces files that already exist: {sorted(clash)}")
        merged.update(produced)
    return merged
