"""Where regprior's time goes on a lasso path: coordinate updates times the cost of one, plus the full passes.

Usage: ``python benchmarks/floor.py [--tol 1e-4]`` (the tolerance ``run.py`` found for eps = 1e-6). It wraps the
compiled inner solvers to count coordinate visits (epochs times working-set size) and the outer loop's full passes
over X, measures the cost of one visit and of one pass, and prints the floor those imply next to the measured time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.problems import lasso_lam_max, text_like_design, toeplitz_design  # noqa: E402

import regprior as rp  # noqa: E402
from regprior.solvers import _cd_kernels as kernels  # noqa: E402
from regprior.solvers import coordinate_descent as cd  # noqa: E402


def count(X, y, lams, tol):
    visits, sizes, passes = [0], [], [0]
    gram_cd, sparse_cd = kernels.gram_cd, kernels.sparse_cd

    def counted_gram(G, b, w, *args):
        epochs, gap = gram_cd(G, b, w, *args)
        visits[0] += epochs * w.size
        sizes.append(w.size)
        return epochs, gap

    def counted_sparse(design, cols, w, *args):
        epochs, gap = sparse_cd(design, cols, w, *args)
        visits[0] += epochs * w.size
        sizes.append(w.size)
        return epochs, gap

    correlations = cd._Engine._correlations, cd._SparseEngine._correlations

    def counted_dense(self, *args):
        passes[0] += 1
        return correlations[0](self, *args)

    def counted_sparse_pass(self, *args):
        passes[0] += 1
        return correlations[1](self, *args)

    kernels.gram_cd, kernels.sparse_cd = counted_gram, counted_sparse
    cd._Engine._correlations, cd._SparseEngine._correlations = counted_dense, counted_sparse_pass
    try:
        rp.lasso_path(X, y, lams, tol=tol)
    finally:
        kernels.gram_cd, kernels.sparse_cd = gram_cd, sparse_cd
        cd._Engine._correlations, cd._SparseEngine._correlations = correlations
    return visits[0], passes[0], sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tol", type=float, default=1e-4)
    args = parser.parse_args(argv)
    cases = [("dense 200×5000 ρ=0.5, 100 λ", *toeplitz_design(200, 5000), 1e-3, 100),
             ("sparse 2000×50000, 50 λ", *text_like_design(), 1e-2, 50)]
    print("| path | measured s | coordinate visits | mean working set | s per visit | full passes | s per pass | "
          "floor s |\n|---|---|---|---|---|---|---|---|")
    from regprior.solvers._threads import single_threaded_blas

    for name, X, y, ratio, k in cases:
        lams = lasso_lam_max(X, y) * np.geomspace(1, ratio, k)
        rp.lasso_path(X, y, lams[:2], tol=args.tol)
        start = time.perf_counter()
        rp.lasso_path(X, y, lams, tol=args.tol)
        measured = time.perf_counter() - start
        visits, passes, sizes = count(X, y, lams, args.tol)
        size = int(np.mean(sizes)) if sizes else 0
        rng = np.random.default_rng(0)
        if isinstance(X, np.ndarray):  # one visit: a Gram row of the working-set size
            A = rng.standard_normal((X.shape[0], size))
            G, b = np.ascontiguousarray(A.T @ A), A.T @ y
            w = np.zeros(size)
            start = time.perf_counter()
            kernels.gram_cd(G, b, w, np.full(size, 1e-9), 0.0, float(y @ y), -1.0, 50)
            per_visit = (time.perf_counter() - start) / (50 * size)
            r = y.copy()
            with single_threaded_blas():  # as the solver runs it
                start = time.perf_counter()
                for _ in range(20):
                    X.T @ r
                per_pass = (time.perf_counter() - start) / 20
        else:
            from regprior.datafits.quadratic import prepare

            design = prepare(X, y, accept_sparse=True).X
            cols = rng.choice(X.shape[1], size=size, replace=False)  # columns of typical density
            w, r = np.zeros(size), y.copy()
            norm2 = design.col_norm2()[cols]
            start = time.perf_counter()
            kernels.sparse_cd(design, cols, w, np.full(size, 1e-9), norm2, (design.T @ y)[cols], 0.0, r,
                              float(y @ y), -1.0, 50)
            per_visit = (time.perf_counter() - start) / (50 * size)
            start = time.perf_counter()
            for _ in range(20):
                design.T @ r
            per_pass = (time.perf_counter() - start) / 20
        floor = visits * per_visit + passes * per_pass
        print(f"| {name} | {measured:.3f} | {visits} | {size} | {per_visit:.2e} | {passes} | {per_pass:.2e} | "
              f"{floor:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
