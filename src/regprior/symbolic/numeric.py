"""Evaluate symbolic expressions numerically, the bridge the property tests cross.

The derivations index observations and coefficients from 1, while NumPy arrays
start at 0. :func:`lambdify_indexed` compiles an expression with
:func:`sympy.lambdify` and pads every array argument with a leading row/column of
NaN, so entry ``X[i, j]`` of the formula is ``X[i-1, j-1]`` of the array and an
off-by-one index anywhere produces NaN instead of a plausible wrong number.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import sympy as sp

__all__ = ["one_based", "lambdify_indexed", "lambdify_matrix"]

# With SciPy among the modules, lambdify prints special functions (gamma, erf, ...) as scipy.special ufuncs, which
# take arrays; with NumPy alone it prints them with the math module, which takes one number. This list is what
# lambdify picks by itself when SciPy is importable (a dependency), written out so that it does not depend on that.
_MODULES = ["numpy", "scipy"]


def one_based(a) -> np.ndarray:
    """Prepend a NaN entry (1-D) or a NaN row and column (2-D) so indices can start at 1."""
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim == 1:
        return np.concatenate([[np.nan], arr])
    if arr.ndim == 2:
        out = np.full((arr.shape[0] + 1, arr.shape[1] + 1), np.nan)
        out[1:, 1:] = arr
        return out
    raise ValueError(f"expected a 1-D or 2-D array; got shape {arr.shape}")


def lambdify_indexed(args: Sequence[sp.Basic], expr: sp.Expr) -> Callable[..., float]:
    """Compile ``expr`` as a function of ``args``; arguments that are ``IndexedBase`` take 0-based arrays.

    Integer symbols that appear as sum bounds (``n``, ``p``) and free indices (``k``) are
    ordinary arguments; a free index is passed 1-based, like the formula reads. Special functions
    compile to SciPy's ufuncs, so a scalar argument may also be an array (``gamma(x)`` over a grid).
    """
    f = sp.lambdify(list(args), expr, modules=_MODULES)
    indexed = [isinstance(a, sp.IndexedBase) for a in args]

    def evaluate(*values):
        if len(values) != len(args):
            raise TypeError(f"expected {len(args)} arguments ({', '.join(map(str, args))}); got {len(values)}")
        return f(*(one_based(v) if is_idx else v for v, is_idx in zip(values, indexed)))

    evaluate.__doc__ = f"Numeric value of {expr} as a function of {tuple(args)}."
    return evaluate


def lambdify_matrix(args: Sequence[sp.Basic], expr: sp.Basic) -> Callable[..., np.ndarray]:
    """Compile a matrix expression whose ``MatrixSymbol`` arguments have symbolic shapes.

    Matrix arguments take 2-D arrays (a column vector may also be passed 1-D); the symbolic sizes
    (``n``, ``p``) are read off the arrays' shapes, which fills in identity matrices of symbolic
    size (SymPy's NumPy printer cannot print those). Results are float64 whatever the arguments'
    types: one whose *symbolic* shape is a column vector is returned 1-D, and one whose symbolic
    shape is 1 x 1 (a scalar quantity) as a Python float.

    Raises
    ------
    TypeError
        If the compiled function is called with the wrong number of arguments.
    ValueError
        If an array's shape does not fit its matrix symbol (a fixed size differs, or it is not 2-D and
        not a column vector given 1-D), or two arguments give one symbolic size different values.
    """
    expr = sp.sympify(expr)
    shape = expr.shape if isinstance(expr, sp.MatrixExpr) else (1, 1)
    identities = sorted(expr.atoms(sp.Identity), key=str)
    stand_ins = {eye: sp.MatrixSymbol(f"_I{k}", *eye.shape) for k, eye in enumerate(identities)}
    # Matrix symbols named like LaTeX (x_*, \mathbf{1}) are not Python identifiers; lambdify would replace
    # them by scalar dummies, so rename them first.
    renamed = {a: sp.MatrixSymbol(f"_M{k}", *a.shape) for k, a in enumerate(args) if isinstance(a, sp.MatrixSymbol)}
    code_args = [renamed.get(a, a) for a in args]
    f = sp.lambdify([*code_args, *stand_ins.values()], expr.xreplace(stand_ins).xreplace(renamed), modules=_MODULES)

    def evaluate(*values):
        if len(values) != len(args):
            raise TypeError(f"expected {len(args)} arguments ({', '.join(map(str, args))}); got {len(values)}")
        sizes, converted = {}, []
        for a, v in zip(args, values):
            if isinstance(a, sp.MatrixSymbol):
                arr = np.asarray(v, dtype=np.float64)
                if arr.ndim == 1 and a.shape[1] == 1:
                    arr = arr.reshape(-1, 1)
                if arr.ndim != 2 or any(dim.is_Integer and dim != size for dim, size in zip(a.shape, arr.shape)):
                    raise ValueError(f"{a} is a {a.shape[0]} x {a.shape[1]} matrix (only a column vector may be given "
                                     f"1-D); got an array of shape {arr.shape}")
                for dim, size in zip(a.shape, arr.shape):
                    if dim.is_Symbol and sizes.setdefault(dim, size) != size:
                        raise ValueError(f"{a} has {dim} = {size}, but another argument has {dim} = {sizes[dim]}")
                converted.append(arr)
            else:
                converted.append(v)
        eyes = [np.eye(int(eye.shape[0].subs(sizes))) for eye in stand_ins]
        out = np.asarray(f(*converted, *eyes), dtype=np.float64)
        if shape == (1, 1):
            return float(out.reshape(-1)[0])
        return out[:, 0] if shape[1] == 1 and out.ndim == 2 else out

    evaluate.__doc__ = f"Numeric value of {expr} as a function of {tuple(args)}."
    return evaluate
