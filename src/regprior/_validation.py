"""Input checks shared by every public function.

Each check raises :class:`TypeError` for the wrong kind of object and
:class:`ValueError` for the right kind with a bad value, and names the argument.
"""

from __future__ import annotations

import numbers
import sys
from pathlib import Path

import numpy as np

__all__ = ["is_sparse", "check_design", "check_target", "check_data", "check_scalar", "check_int", "check_coef",
           "check_level", "check_flag", "check_strength", "check_location", "check_spd_matrix", "check_strength_grid",
           "check_max_iter", "check_size", "check_real", "MAX_ITER"]

#: the package's directory: frames whose code lives below it are regprior's own
_PACKAGE = Path(__file__).resolve().parent

#: the largest iteration budget accepted: the compiled kernels count in 64-bit integers, and no run of the
#: package's solvers gets anywhere near this many iterations in a lifetime
MAX_ITER = 2**62


def _entry_point() -> str:  # pragma: no mutate block (see [tool.mutmut] in pyproject.toml)
    """The qualified name of the package's function the user called (the outermost frame inside regprior)."""
    frame, name = sys._getframe(1), "this function"
    while frame is not None and Path(frame.f_code.co_filename).resolve().is_relative_to(_PACKAGE):
        name = frame.f_code.co_qualname
        frame = frame.f_back
    return name


def _is_missing(value) -> bool:
    """``None`` or a pandas missing-value marker (``pd.NA``, ``pd.NaT``), recognized without importing pandas."""
    return value is None or type(value).__name__ in ("NAType", "NaTType")


def _as_real_array(value, name: str) -> np.ndarray:
    module = type(value).__module__ or ""
    if module.startswith("scipy.sparse"):
        raise TypeError(f"{name} is a scipy.sparse matrix, which is not supported yet by {_entry_point()}; pass a "
                        f"dense array ({name}.toarray())")
    isna = getattr(value, "isna", None)  # a pandas Series or DataFrame: its missing values are not numbers
    if callable(isna) and not isinstance(value, np.ndarray) and np.any(np.asarray(isna())):
        raise ValueError(f"{name} has missing values (NaN, None or pandas NA); every entry must be a number: drop "
                         "or impute them first")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - numpy raises many kinds of errors here
        raise TypeError(f"{name} must be array-like of real numbers; got {type(value).__name__}") from exc
    if arr.dtype == object:
        # pandas' nullable columns arrive as objects: numbers, with pd.NA or None where a value is missing
        entries = arr.ravel().tolist()
        if any(_is_missing(v) for v in entries):
            raise ValueError(f"{name} has missing values (None or pandas NA); every entry must be a number: drop "
                             "or impute them first")
        if not entries or not all(isinstance(v, numbers.Real) for v in entries):
            kinds = sorted({type(v).__name__ for v in entries if not isinstance(v, numbers.Real)})
            raise TypeError(f"{name} must contain real numbers; got an array of dtype object holding "
                            f"{', '.join(kinds) or 'nothing'}")
        arr = arr.astype(np.float64)
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must contain real numbers; got an array of dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must contain real numbers; got complex dtype {arr.dtype}")
    return arr


def check_real(value, name: str) -> np.ndarray:
    """``value`` as an array of real numbers, any shape (sparse matrices, missing values, strings and complex
    numbers refused, naming ``name``); its values are not checked."""
    return _as_real_array(value, name)


def _check_finite(arr: np.ndarray, name: str) -> None:
    # A sum is finite when every entry is (and is much cheaper than an elementwise test); only a
    # non-finite sum, which may also come from overflow of large finite entries, needs the full test.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(arr.sum()):
            return
    if not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(f"{name} contains {bad}; every entry must be finite")


#: the functions that take a scipy.sparse design, named in the message for those that do not
SPARSE_SUPPORTED = ("lasso", "elastic_net", "lasso_path", "elastic_net_path", "lam_max", "duality_gap", "ridge",
                    "map_estimate", "MAPRegressor")


def _sparse_module(X):
    """scipy.sparse if ``X`` is one of its matrices or arrays, else None (scipy.sparse is not imported for it)."""
    import sys

    module = sys.modules.get("scipy.sparse")
    return module if module is not None and module.issparse(X) else None


def is_sparse(X) -> bool:
    """Whether ``X`` is a scipy.sparse matrix or array."""
    return _sparse_module(X) is not None


def check_design(X, name: str = "X", *, order: str | None = "F", accept_sparse: bool = False):
    """Return ``X`` as a finite, non-empty 2-D float64 array.

    ``order="F"`` (column-major, for coordinate descent) copies a row-major input; ``order=None``
    keeps the memory layout and copies only when the dtype must change.

    A scipy.sparse ``X`` is returned as a CSC matrix of float64 (duplicates summed, never densified) when
    ``accept_sparse``; otherwise it is a ``TypeError`` that names the functions that take one.
    """
    sparse = _sparse_module(X)
    if sparse is not None:
        if not accept_sparse:
            raise TypeError(f"{name} is a scipy.sparse matrix, which {_entry_point()} does not take; pass a dense "
                            f"array ({name}.toarray()), or use one of the functions that take sparse input: "
                            + ", ".join(SPARSE_SUPPORTED))
        return _check_sparse_design(sparse, X, name)
    arr = _as_real_array(X, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, n_features); got {arr.ndim}-D "
                         f"with shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column; got shape {arr.shape}")
    arr = np.asarray(arr, dtype=np.float64, order=order)
    _check_finite(arr, name)
    return arr


def _check_sparse_design(sparse, X, name: str):
    if len(X.shape) != 2:
        raise ValueError(f"{name} must be 2-D of shape (n_samples, n_features); got shape {X.shape}")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column; got shape {X.shape}")
    dtype = np.dtype(X.dtype)
    if np.issubdtype(dtype, np.complexfloating) or not (np.issubdtype(dtype, np.number) or dtype.kind == "b"):
        raise TypeError(f"{name} must contain real numbers; got a sparse matrix of dtype {dtype}")
    out = sparse.csc_matrix(X, dtype=np.float64, copy=True)
    out.sum_duplicates()
    _check_finite(out.data, name)
    return out


def check_target(y, n_samples: int, name: str = "y") -> np.ndarray:
    """Return ``y`` as a finite 1-D float64 array of length ``n_samples``."""
    arr = _as_real_array(y, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n_samples,); got shape {arr.shape}")
    if arr.shape[0] != n_samples:
        raise ValueError(f"{name} has {arr.shape[0]} entries but X has {n_samples} rows; they must match")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    _check_finite(arr, name)
    return arr


def check_coef(coef, n_features: int, name: str = "coef_init") -> np.ndarray:
    """Return a (copied) finite 1-D float64 coefficient vector of length ``n_features``."""
    arr = _as_real_array(coef, name)
    if arr.shape != (n_features,):
        raise ValueError(f"{name} must have shape ({n_features},) to match X; got {arr.shape}")
    arr = np.array(arr, dtype=np.float64)
    _check_finite(arr, name)
    return arr


def check_scalar(value, name: str, *, lower: float = 0.0, strict: bool) -> float:
    """Return ``value`` as a finite float that is > ``lower`` (``strict``) or >= ``lower``.

    A 0-d array of a real dtype is a number (``np.array(1.5)``, what a reduction returns)."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype != bool \
            and np.issubdtype(value.dtype, np.number) and not np.issubdtype(value.dtype, np.complexfloating):
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value}")
    if (value <= lower) if strict else (value < lower):
        relation = ">" if strict else ">="
        raise ValueError(f"{name} must be {relation} {lower:g}; got {value:g}")
    return value


def check_int(value, name: str, *, minimum: int, maximum: int | None = None) -> int:
    """Return ``value`` as an int that is at least ``minimum`` (and at most ``maximum``, if given).

    A 0-d array of an integer dtype is an integer."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and np.issubdtype(value.dtype, np.integer):
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}; got {value}")
    return int(value)


def check_max_iter(value, name: str = "max_iter") -> int:
    """An iteration budget: an integer from 1 to :data:`MAX_ITER` (the compiled kernels count in 64 bits)."""
    return check_int(value, name, minimum=1, maximum=MAX_ITER)


def check_size(value, name: str = "size") -> int:
    """A number of draws: an integer >= 0."""
    return check_int(value, name, minimum=0)


def check_strength_grid(lams, *, strict: bool, name: str = "lams") -> np.ndarray:
    """A non-empty 1-D float array of finite penalty strengths, each > 0 (``strict``) or >= 0."""
    arr = np.asarray(_as_real_array(lams, name), dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of penalty strengths; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0 if strict else arr < 0):
        raise ValueError(f"{name} must contain finite values {'>' if strict else '>='} 0")
    return arr


def check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """``check_design(X)`` (dense, in the layout given) and ``check_target(y)`` together: a design and a response of
    matching length."""
    X = check_design(X, order=None)
    return X, check_target(y, X.shape[0])


def check_level(level) -> float:
    """A probability strictly between 0 and 1 (the coverage of a credible interval), as a float."""
    level = check_scalar(level, "level", strict=True)
    if level >= 1:
        raise ValueError(f"level must be < 1; got {level}")
    return level


def check_flag(value, name: str) -> bool:
    """``True`` or ``False`` (numpy booleans included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def _check_per_feature(arr: np.ndarray, name: str, n_features: int | None = None) -> None:
    """``arr`` (of a parameter that is a number or one value per feature) is non-empty, 1-D, and of length
    ``n_features`` when that is given."""
    if arr.ndim != 1 or arr.size == 0 or (n_features is not None and arr.shape != (n_features,)):
        expected = f"shape ({n_features},)" if n_features is not None else "a non-empty 1-D array"
        raise ValueError(f"{name} must be a number or have one value per feature, {expected}; got shape {arr.shape}")


def check_strength(value, name: str, n_features: int | None = None, *, positive: bool = False,
                   read_only: bool = False):
    """A penalty strength or prior parameter: one number, or one number per feature.

    Parameters
    ----------
    value : float or array_like of shape (n_features,)
    name : str
        The argument's name, for the messages.
    n_features : int, optional
        The required length of an array; ``None`` accepts any non-empty 1-D array (a prior checks its length
        against X only when it meets one).
    positive : bool, default False
        Require every value > 0 (else >= 0).
    read_only : bool, default False
        Return an array that cannot be modified (the parameters of a prior).

    Returns
    -------
    float or ndarray
    """
    if np.ndim(value) == 0:  # check_scalar reads a 0-d array as its number
        return check_scalar(value, name, strict=positive)
    arr = _as_real_array(value, name)
    _check_per_feature(arr, name, n_features)
    arr = np.array(arr, dtype=np.float64)
    if positive:
        if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise ValueError(f"{name} must contain finite values > 0")
    else:
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must contain finite values")
        if np.any(arr < 0):
            raise ValueError(f"{name} must be >= 0")
    if read_only:
        arr.flags.writeable = False
    return arr


def check_location(value, name: str = "mean"):
    """A location (a prior mean, a bound): one finite number, or a finite, non-empty 1-D array (read-only)."""
    if np.ndim(value) == 0:  # check_scalar reads a 0-d array as its number
        return check_scalar(value, name, lower=-np.inf, strict=True)
    arr = _as_real_array(value, name)
    _check_per_feature(arr, name)
    arr = np.array(arr, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a finite number or a 1-D array of finite numbers")
    arr.flags.writeable = False
    return arr


def check_spd_matrix(a, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``a`` as a new float64 symmetric positive definite matrix, with its lower Cholesky factor."""
    import scipy.linalg as sla

    arr = _as_real_array(a, name)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ValueError(f"{name} must be a square 2-D array; got shape {arr.shape}")
    arr = np.array(arr, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite values")
    if not np.allclose(arr, arr.T, rtol=1e-12, atol=1e-14 * np.abs(arr).max()):
        raise ValueError(f"{name} must be symmetric")
    try:
        return arr, sla.cholesky(arr, lower=True)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite (its Cholesky factorization failed)") from None
