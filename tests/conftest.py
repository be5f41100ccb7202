"""Shared test configuration: Hypothesis profiles and the symbolic objects under test.

Hypothesis profiles (select with the environment variable ``REGPRIOR_HYPOTHESIS_PROFILE``):

``ci`` (default)
    Derandomized (the same examples on every run and machine), a bounded number of
    examples per property, no deadline, no example database. ``make test`` uses it.
``deep``
    Random: the examples come from the seed given with ``--hypothesis-seed`` (``make test-deep SEED=...``
    passes it and prints it), at least 100 examples per property (``REGPRIOR_DEEP_EXAMPLES`` raises the
    number, ``make test-deep EXAMPLES=...``), also for the slow properties that run fewer under ``ci``
    (see :func:`tests.strategies.examples`); no deadline, no example database (the seed alone decides what
    is drawn), and a failure prints the blob to reproduce it.

Under pytest-xdist (``make test`` and ``make test-deep`` run ``-n auto``) every worker is its own pytest
session: session fixtures run once per worker, so a fixture that writes into the source tree must take the
lock below.
"""

from __future__ import annotations

import os

# scikit-learn's estimator checks include an array-API check that runs only with SciPy's array-API mode
# on (it is skipped otherwise); turn it on before anything imports SciPy so the check really runs.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import fcntl
import functools
import gc
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).resolve().parent.parent


def _import_project_modules() -> None:
    """Import every module of the project's packages, before any test draws an example.

    Hypothesis mixes into what it draws the constants it finds in the project's loaded modules (not the tests'),
    so a test's examples depended on what earlier tests had imported: the derandomized ci profile drew other
    examples for a test alone, in a full run and on each xdist worker (test_box_multipliers_are_the_kkt_multipliers
    failed only with the other files), and a seed did not reproduce a deep run. With every module loaded up front,
    a test draws the same examples in any order and on any worker.
    """
    packages = ["regprior"] + sorted(path.parent.name for path in ROOT.glob("*/__init__.py")
                                     if path.parent.name not in {"tests", "benchmarks"})
    for name in packages:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            importlib.import_module(info.name)


_import_project_modules()

_LRU_CACHE = type(functools.lru_cache(maxsize=None)(lambda: None))
#: the code whose results depend on the symbolic side of the package alone: it imports nothing else of regprior
#: (tests/test_architecture.py holds it to that)
SYMBOLIC_SIDE = ("derivations.", "regprior.symbolic.", "catalogue.pitfalls")
_module_of_last_test: list = [None]
#: tests that mutmut's record credits with every function they run, not only those no earlier test of their module
#: cached: the check that the committed derivation outputs are current runs every derivation and code generator, but
#: the derivation tests before it in its module have cached them (see pytest_runtest_setup)
COLD_CACHE_TESTS = frozenset({"tests/test_derivations.py::test_committed_fragments_are_current"})


def pytest_sessionstart(session: pytest.Session) -> None:
    _module_of_last_test[0] = None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under mutation (mutmut sets ``MUTANT_UNDER_TEST``), empty every ``lru_cache`` before a mutant's first test, and
    while mutmut records which tests run which function, at each test module.

    mutmut forks each mutant's test run from the process that ran the whole suite with the original code, so the
    cached derivations and references would hide a mutant of the code that computed them: emptied before the first
    test, every cached value is computed again, with the mutant, and then shared by the tests after it (emptying
    them again at each module only rebuilt the same derivations, tens of seconds per mutant). A mutant outside
    ``regprior.symbolic`` keeps the caches of :data:`SYMBOLIC_SIDE` (the derivations and the pitfalls page): they
    run only SymPy and the symbolic side, which that mutant leaves as it is. While mutmut records
    which tests run which function (``MUTANT_UNDER_TEST=stats``), a cached result would credit only the first test
    that asked for it; emptied at each module, the first test of a module recomputes what it uses and is credited,
    and so is each test of :data:`COLD_CACHE_TESTS` (emptied before it as well).
    """
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    if not mutant:
        return
    first, new_module = _module_of_last_test[0] is None, item.module is not _module_of_last_test[0]
    _module_of_last_test[0] = item.module
    if first or (mutant == "stats" and (new_module or item.nodeid in COLD_CACHE_TESTS)):
        # A mutant outside the symbolic side cannot change what the symbolic side computes: those caches are kept
        keep = () if mutant == "stats" or mutant.startswith("regprior.symbolic.") else SYMBOLIC_SIDE
        # mutmut freezes the collector before it forks, and gc.get_objects() does not list frozen objects: thaw them
        # to find every cache, then freeze them again
        frozen = gc.get_freeze_count()
        gc.unfreeze()
        try:
            for obj in gc.get_objects():
                if isinstance(obj, _LRU_CACHE) and not (keep and obj.__module__.startswith(keep)):
                    obj.cache_clear()
        finally:
            if frozen:
                gc.freeze()
        _subprocesses_import_this_package()


#: under mutation, the tests recorded faster than this run before the others (see pytest_collection_modifyitems)
QUICK_TEST_SECONDS = 1.0
#: what each test's fixtures took to set up in mutmut's pass that maps tests to functions (mutmut records only the
#: test calls); written next to ``mutmut-stats.json`` in mutmut's working directory
SETUP_DURATIONS = Path("mutmut-setup-durations.json")
_setup_seconds: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """While mutmut maps tests to functions (``MUTANT_UNDER_TEST=stats``), note how long each test's set-up took."""
    if report.when == "setup" and os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _setup_seconds[report.nodeid] = report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """After mutmut's mapping pass, add the set-up times it noted to :data:`SETUP_DURATIONS` (a later pass maps only
    the tests that are new, so the file is merged, not replaced)."""
    if os.environ.get("MUTANT_UNDER_TEST") != "stats" or not _setup_seconds:
        return
    import json

    known = json.loads(SETUP_DURATIONS.read_text(encoding="utf-8")) if SETUP_DURATIONS.is_file() else {}
    SETUP_DURATIONS.write_text(json.dumps({**known, **_setup_seconds}, indent=0), encoding="utf-8")
    _setup_seconds.clear()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under mutation, run a mutant's tests cheapest first, module by module.

    mutmut runs the tests that cover the mutated function with ``-x``, so a detected mutant costs the time up to the
    first failing test; it hands them over in no particular order. Each mutant's run starts with emptied caches (see
    :func:`pytest_runtest_setup`), so a test module costs what its first test paid when mutmut recorded the durations
    (``mutmut-stats.json`` in its working directory, in the order it ran them: that test filled the module's caches,
    e.g. every derivation the pitfalls page reads) plus its own tests. The quick tests (under
    :data:`QUICK_TEST_SECONDS` each) run first, then the others: within each tier the modules are ordered by that
    cost and a module's items (kept together, so its module-scoped fixtures are set up at most twice) by their
    durations. A mutant that a quick test detects stops after seconds, not after the derivations that happen to cover
    the same function, nor after the slow tests of another module whose quick ones came first (a module with one
    slow test was ordered by it as a whole: the printer's one-line tests waited for the derivation checks). A test's
    duration counts its fixtures' set-up (:data:`SETUP_DURATIONS`) as well as its call: a one-line check whose module
    fixture runs every derivation is no quick test (``test_registered_references_resolve`` took 28 s to set up in the
    mapping pass and was run first, before the printer's tests, for every printer mutant). The verdicts are the same
    in any order; only the time to reach them changes.
    """
    stats = Path("mutmut-stats.json")
    if not os.environ.get("MUTANT_UNDER_TEST") or not stats.is_file():
        return
    import json

    duration = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    if SETUP_DURATIONS.is_file():
        setup = json.loads(SETUP_DURATIONS.read_text(encoding="utf-8"))
        duration = {nodeid: seconds + setup.get(nodeid, 0.0) for nodeid, seconds in duration.items()}
    opening: dict[str, float] = {}
    for nodeid, seconds in duration.items():  # in the order mutmut ran them
        opening.setdefault(nodeid.split("::")[0], seconds)
    seconds = {item: duration.get(item.nodeid, float("inf")) for item in items}
    tier = {item: (seconds[item] >= QUICK_TEST_SECONDS, item.nodeid.split("::")[0]) for item in items}
    cost: dict[tuple[bool, str], float] = {}
    for item in items:
        cost[tier[item]] = cost.get(tier[item], opening.get(tier[item][1], 0.0)) + seconds[item]
    items.sort(key=lambda item: (tier[item][0], cost[tier[item]], tier[item][1], seconds[item]))


def _subprocesses_import_this_package() -> None:
    """Make the Python subprocesses of the tests (``python -m derivations --check``, a fresh interpreter's imports)
    import the package this process imported, with the mutant named in ``MUTANT_UNDER_TEST`` (which they inherit).

    mutmut imports the mutated copy of the package from its own source directory; a subprocess started from the
    repository would otherwise import the installed, unmutated package, and a test that judges the package through
    a subprocess could never see a mutant.
    """
    import regprior

    source = str(Path(regprior.__file__).resolve().parent.parent)
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if source not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([source, *filter(None, paths)])


#: the fewest examples per property of the deep search
DEEP_MIN_EXAMPLES = 100


def _deep_examples() -> int:
    raw = os.environ.get("REGPRIOR_DEEP_EXAMPLES", "")
    try:
        wanted = int(raw) if raw else DEEP_MIN_EXAMPLES
    except ValueError:
        raise ValueError(f"REGPRIOR_DEEP_EXAMPLES must be an integer; got {raw!r}") from None
    if wanted < DEEP_MIN_EXAMPLES:
        raise ValueError(f"REGPRIOR_DEEP_EXAMPLES must be at least {DEEP_MIN_EXAMPLES}; got {wanted}")
    return wanted


#: Under mutation (``make mutation`` sets ``REGPRIOR_MUTATION``) a failing example ends the test as found, neither
#: shrunk nor explained: mutmut asks only whether a test fails, and shrinking a mutant's failure took minutes per
#: detected mutant. The examples drawn, and so every verdict, are those of the profile without it.
_PHASES = tuple(phase for phase in Phase if phase not in (Phase.shrink, Phase.explain)) \
    if os.environ.get("REGPRIOR_MUTATION") else tuple(Phase)

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=30,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
    phases=_PHASES,
)
settings.register_profile(
    "deep",
    derandomize=False,
    max_examples=_deep_examples(),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("REGPRIOR_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def drawn_figures(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The site's figures, drawn once per run (``make docs`` does the same before building the site).

    ``python -m figures`` writes into docs/_generated/figures/, which every pytest-xdist worker shares: the
    first worker to need the figures draws them under a file lock and leaves a mark in the run's temporary
    directory (common to the workers of one run, new for each run); the others wait for the lock and reuse
    them, so no two processes write the figures at once and none reads them half-written.
    """
    figures = ROOT / "docs" / "_generated" / "figures"
    worker = getattr(request.config, "workerinput", {}).get("workerid", "master")
    run_dir = tmp_path_factory.getbasetemp()
    if worker != "master":  # an xdist worker's base temp is a subdirectory of the run's
        run_dir = run_dir.parent
    with open(run_dir / "figures.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        drawn = run_dir / "figures.drawn"
        if not drawn.exists():
            proc = subprocess.run([sys.executable, "-m", "figures"], cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                pytest.fail(f"python -m figures failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
            drawn.write_text(worker)
    return figures
