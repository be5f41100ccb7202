"""Shared test configuration: Hypothesis profiles and the symbolic objects under test.

Hypothesis profiles (select with the environment variable ``REGPRIOR_HYPOTHESIS_PROFILE``):

``ci`` (default)
    Derandomized (the same examples on every run and machine), a bounded number of
    examples per property, no deadline, no example database. ``make test`` uses it.
``dev``
    Random, 20x more examples, for local runs that search harder.
"""

from __future__ import annotations

import os

# scikit-learn's estimator checks include an array-API check that runs only with SciPy's array-API mode
# on (it is skipped otherwise); turn it on before anything imports SciPy so the check really runs.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=30,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    max_examples=600,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("REGPRIOR_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def drawn_figures() -> Path:
    """The site's figures, drawn once per session (``make docs`` does the same before building the site)."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "figures"], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"python -m figures failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return root / "docs" / "_generated" / "figures"
