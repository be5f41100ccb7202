"""The symbolic side: models defined once in SymPy, and derivations built from them.

Importing this package imports SymPy; ``import regprior`` alone does not.
"""

from . import codegen, conventions, derivation, matrices, models, sums, symbols

__all__ = ["codegen", "conventions", "derivation", "matrices", "models", "sums", "symbols"]
