"""What every result object shares: a short repr, a table (``summary()``) and the names of the features.

A result holds arrays (coefficients, paths, draws); printing them whole buries the numbers a reader wants. The
repr of a :class:`Readable` result shows each array as its shape and each number with six significant digits.
``summary()`` returns a pandas DataFrame (pandas is an optional dependency: ``pip install pandas``) indexed by the
feature names, which the fitting functions read from a DataFrame ``X`` (:func:`feature_names`) and attach to the
result (:func:`annotate`).
"""

from __future__ import annotations

import dataclasses

import numpy as np

__all__ = ["Readable", "annotate", "feature_names", "pandas"]


def pandas():
    """The pandas module, or an ImportError that says how to get it."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - exercised only without pandas
        raise ImportError('summary() returns a pandas DataFrame and needs pandas; install it with '
                          '`pip install pandas` (or `pip install "regprior[pandas]"`)') from exc
    return pd


def feature_names(X) -> tuple[str, ...] | None:
    """The column names of a DataFrame ``X`` when they are all strings (as scikit-learn reads them), else None."""
    columns = getattr(X, "columns", None)
    if columns is None:
        return None
    names = tuple(columns)
    return names if names and all(isinstance(name, str) for name in names) else None


def _short(value) -> str:
    if isinstance(value, Readable):
        return f"<{type(value).__name__}>"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _short(value.item())
        return f"<array {'x'.join(map(str, value.shape))}>"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, tuple) and len(value) > 4:
        return f"<tuple of {len(value)}>"
    return repr(value)


class Readable:
    """Mixin for the frozen dataclasses that hold results: a short repr and a coefficient table.

    Attributes
    ----------
    feature_names : tuple of str or None
        The columns of ``X`` when it was a DataFrame with string column names (set by :func:`annotate`).
    noise_estimate : NoiseEstimate or None
        The estimate of the noise sd the fit used, when it was asked to estimate it (``noise_sd="auto"``).
    """

    feature_names: tuple[str, ...] | None = None
    noise_estimate = None

    def __repr__(self) -> str:
        parts = [f"{field.name}={_short(getattr(self, field.name))}" for field in dataclasses.fields(self)
                 if field.repr]
        return f"{type(self).__name__}({', '.join(parts)})"

    def _names(self, n: int) -> list[str]:
        names = self.feature_names
        return list(names) if names is not None and len(names) == n else [f"x{j}" for j in range(n)]

    def _coefficient_columns(self) -> dict[str, np.ndarray]:
        """The per-feature columns of the summary (subclasses with more than ``coef`` override it)."""
        return {"coef": np.asarray(self.coef, dtype=float)}

    def summary(self):
        """A table with one row per feature (and one for the intercept, when there is one).

        Returns
        -------
        pandas.DataFrame
            Indexed by the feature names (``x0, x1, ...`` unless ``X`` was a DataFrame).

        Raises
        ------
        ImportError
            When pandas is not installed.
        """
        pd = pandas()
        columns = self._coefficient_columns()
        n = len(next(iter(columns.values())))
        table = pd.DataFrame(columns, index=pd.Index(self._names(n), name="feature"))
        intercept = self._intercept_row()
        if intercept is not None:
            row = pd.DataFrame({k: [v] for k, v in intercept.items()}, index=pd.Index(["(intercept)"], name="feature"))
            table = pd.concat([row, table])
        return table

    def _path_summary(self, lams, coefs, **columns):
        """A table with one row per strength: ``columns`` (e.g. the gap), then one coefficient column per feature."""
        pd = pandas()
        coefs = np.asarray(coefs)
        table = pd.DataFrame(coefs, columns=self._names(coefs.shape[1]), index=pd.Index(lams, name="lam"))
        for position, (name, values) in enumerate(columns.items()):
            table.insert(position, name, values)
        return table

    def _intercept_row(self) -> dict | None:
        """The summary's intercept row (None when the intercept is 0: none was fitted).

        Every result with this summary has a scalar ``intercept``; those with more (an intercept's posterior, draws
        of it) override this method."""
        intercept = float(self.intercept)
        return None if intercept == 0.0 else {"coef": intercept}


def annotate(result, X=None, **attributes):
    """Attach the feature names of ``X`` (and other read-only annotations) to a frozen result; return it.

    Only names a :class:`Readable` declares as class attributes may be set.
    """
    names = feature_names(X) if X is not None else None
    if names is not None:
        attributes["feature_names"] = names
    for name, value in attributes.items():
        if value is None:
            continue
        if not hasattr(type(result), name):
            raise AttributeError(f"{type(result).__name__} has no annotation {name!r}")
        object.__setattr__(result, name, value)
    return result
