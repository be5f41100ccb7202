"""The symbolic side: models defined once in SymPy, and derivations built from them.

Importing this package imports SymPy; ``import regprior`` alone does not.
"""

from . import derivation, matrices, models, sums, symbols

__all__ = ["derivation", "matrices", "models", "sums", "symbols"]
