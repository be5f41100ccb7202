"""Build the compiled kernels (regprior.solvers._cdcore); everything else is in pyproject.toml.

The kernels are plain C against the CPython API (arrays through the buffer protocol), so building needs a C
compiler and nothing else: no NumPy headers, no Cython. With gcc or clang the flags are -O3, -funroll-loops and
-fopenmp-simd (which vectorizes the reductions marked ``#pragma omp simd`` without -ffast-math anywhere) and
``-march=native``: a source install (``pip install .``, ``pip install -e .``) compiles for the machine it runs
on, which the kernels need to match numba's speed (measured: about 1.3x slower for generic x86-64 with
function clones). Set ``REGPRIOR_PORTABLE_BUILD=1`` to build a binary for other machines (a wheel to
distribute); a compiler that rejects the flags gets a plain -O2 build.
"""

import os

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CompileError

_FAST = ["-O3", "-funroll-loops", "-fopenmp-simd", "-fno-math-errno"]


class _BuildExt(build_ext):
    def build_extensions(self):
        if self.compiler.compiler_type != "unix":
            return super().build_extensions()
        flags = _FAST + ([] if os.environ.get("REGPRIOR_PORTABLE_BUILD") else ["-march=native"])
        for ext in self.extensions:
            ext.extra_compile_args = flags
        try:
            super().build_extensions()
        except CompileError:
            for ext in self.extensions:
                ext.extra_compile_args = ["-O2"]
            super().build_extensions()


setup(
    ext_modules=[Extension("regprior.solvers._cdcore", sources=["src/regprior/solvers/_cdcore.c"])],
    cmdclass={"build_ext": _BuildExt},
)
