"""Keep mutmut's results in the repository, so that a mutation run can go on in a new clone where the last one stopped.

Usage (from the repository root)::

    python scripts/mutation_state.py restore   # before `mutmut run`: seed mutants/ from tests/mutation-state/
    python scripts/mutation_state.py save      # after it: copy the results back
    python scripts/mutation_state.py recheck   # mark the unexplained survivors (and "no tests") unchecked

A full run mutates every module and takes many hours on two cores, more than one sitting; mutmut keeps its results
only in the git-ignored ``mutants/`` directory. What is kept here is mutmut's own record of the outcomes, file for
file: for each source file its ``.meta`` (the outcome of each mutant, the hash of each function's source, the
durations). Which tests run which function (``mutmut-stats.json``, several megabytes) is not kept: mutmut collects
it again at the start of a run from an empty ``mutants/``, in one pass over the tests (about ten minutes here).

mutmut itself decides what a restored outcome is still worth: a function whose source changed since (its hash
differs) has every mutant checked again. A mutant that survived stays a survivor until it is checked again
(``mutmut run <name>``, or ``recheck`` for all that the report does not explain as equivalent); one that was killed
stays killed unless its function changes, so a test removed since can leave a kill on record that the remaining tests
would not repeat — rerun from an empty ``mutants/`` (and an empty
``tests/mutation-state/``) to rule that out.

Two behaviours of mutmut to know when a ``mutants/`` directory is kept between runs:

- Changing which tests run (``pytest_add_cli_args_test_selection`` in ``[tool.mutmut]``) makes the next run reset every
  outcome in ``mutants/`` and map all tests again. To keep the record, delete ``mutants/`` and ``restore`` from here
  instead: the map is then rebuilt without a reset.
- The map of tests to functions is kept per test name, and on a later start mutmut traces only the tests that are
  new: a test whose body now calls more functions is still run only for those it called when it was mapped, and a
  function added since is mapped only to the new tests that call it (``_validation._check_per_feature`` was mapped
  to 2 of its 183 tests), so mutants the other tests would kill can be reported as survivors (never the other way).
  Deleting ``mutants/mutmut-stats.json`` rebuilds the map (and keeps the outcomes). A function whose result a test
  takes from a cache that an earlier test of its module filled is not credited to it: ``tests/conftest.py`` empties
  the caches at each test module, and before each test of its ``COLD_CACHE_TESTS`` (the check that the committed
  derivation outputs are current, which runs every derivation: credited with 142 symbolic functions instead of 70).
  Before that list existed, the record here was made with that test added by hand to every function of
  ``regprior.symbolic``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants"
KEPT = ROOT / "tests" / "mutation-state"
#: mutmut's exit codes for a mutant no test detected and for one no test runs
_SURVIVED, _NO_TESTS = 0, 33


def _records(base: Path) -> list[Path]:
    """The outcome files under ``base``, relative to it."""
    source = base / "src"
    return sorted(path.relative_to(base) for path in source.rglob("*.py.meta")) if source.is_dir() else []


def _copy(records: list[Path], source: Path, target: Path) -> None:
    for relative in records:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, target / relative)


def save() -> int:
    records = _records(WORK)
    if not records:
        print(f"nothing to save: {WORK} holds no mutmut record (run `mutmut run` first)", file=sys.stderr)
        return 1
    if KEPT.exists():
        shutil.rmtree(KEPT)
    _copy(records, WORK, KEPT)
    print(f"saved {len(records)} files to {KEPT.relative_to(ROOT)}")
    return 0


def restore() -> int:
    records = _records(KEPT)
    if not records:
        print(f"nothing to restore: {KEPT.relative_to(ROOT)} holds no record")
        return 0
    if _records(WORK):
        print(f"{WORK.relative_to(ROOT)} already holds a record; left as it is (delete it to start from the kept one)")
        return 0
    _copy(records, KEPT, WORK)
    print(f"restored {len(records)} files into {WORK.relative_to(ROOT)}")
    return 0


def recheck() -> int:
    """Mark every surviving mutant that the report does not explain as equivalent, and every one no test ran, as not
    yet checked, in ``mutants/`` (restored first if it is empty): the next ``mutmut run`` checks them again against
    the tests as they are then, in its usual order, together with the mutants never checked. Tests written for
    survivors are credited only by such a run. Run from the repository root with mutmut importable."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from mutation_report import _diff, equivalence

    restore()
    records = _records(WORK)
    if not records:
        print(f"nothing to mark: {WORK.relative_to(ROOT)} holds no mutmut record", file=sys.stderr)
        return 1
    marked = 0
    for relative in records:
        path = WORK / relative
        meta = json.loads(path.read_text(encoding="utf-8"))
        outcomes = meta["exit_code_by_key"]
        again = [name for name, code in outcomes.items()
                 if code == _NO_TESTS or (code == _SURVIVED and equivalence(name, _diff(name)) is None)]
        if again:
            outcomes.update(dict.fromkeys(again))
            path.write_text(json.dumps(meta, indent=4), encoding="utf-8")
            marked += len(again)
    print(f"marked {marked} mutants to be checked again")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "restore", "recheck"))
    return {"save": save, "restore": restore, "recheck": recheck}[parser.parse_args(argv).action]()


if __name__ == "__main__":
    raise SystemExit(main())
