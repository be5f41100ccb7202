r"""Keep BLAS thread pools out of the solvers' loops.

The outer loop of coordinate descent calls BLAS on small products between runs of its compiled inner solver
(:math:`X^\top r`, Gram blocks of a working set). With a multi-threaded BLAS every such call wakes the pool;
when another process keeps a core busy, the threads wait on each other and the solver slows several-fold
(measured on 2 cores with one spinning process: 0.73 s instead of 0.37 s on a lasso path; with two, 3-6 s).
:func:`single_threaded_blas` limits every loaded BLAS to one thread for the duration of a solve, through
threadpoolctl, and restores the previous limits afterwards.
"""

from __future__ import annotations

import contextlib

__all__ = ["single_threaded_blas"]

_controller = None


def single_threaded_blas():
    """A context manager in which the BLAS libraries loaded in this process use one thread."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
        if not _controller.select(user_api="blas").lib_controllers:
            _controller = False  # no BLAS found: nothing to limit
    if _controller is False:
        return contextlib.nullcontext()
    return _controller.limit(limits=1, user_api="blas")
