"""The registry the verification page is generated from covers the whole suite and names only real things."""

from __future__ import annotations

import pytest

import catalogue
from tests import properties
from tests.properties import prop


@pytest.fixture(scope="module")
def registered():
    return properties.collect()


@pytest.fixture(scope="module")
def derivation_results():
    return {d.slug: set(d.results) for d in catalogue.all_derivations()}


@prop("Every test function of the suite is registered with a statement, so the verification page lists "
      "everything the suite checks.", group="machinery")
def test_every_test_is_registered(registered):
    assert len(registered) > 100  # collect() found the suite, not an empty directory
    missing = [r.node for r in registered if r.entry is None]
    assert not missing, "tests without @prop(...): " + ", ".join(missing)


@prop("Every registered property names derivation results and library functions that exist.",
      group="machinery", evaluates="gaussian-l2")
def test_registered_references_resolve(registered, derivation_results):
    problems = [f"{r.node}: {problem}" for r in registered if r.entry
                for problem in properties.unresolved(r.entry, derivation_results)]
    assert not problems, "\n".join(problems)


@prop("The registry refuses an unknown section and an empty statement, and reports a reference to a "
      "derivation result or a function that does not exist.", group="machinery")
def test_registry_rejects_bad_entries(derivation_results):
    with pytest.raises(ValueError, match="group"):
        prop("something", group="no-such-group")
    with pytest.raises(ValueError, match="statement"):
        prop("  ", group="routes")
    bad = properties.Property("s", "routes", evaluates=("gaussian-l2:no_such_result", "no-such-slug"),
                              checks=("no_such_function",))
    assert len(properties.unresolved(bad, derivation_results)) == 3
    good = properties.Property("s", "routes", evaluates=("gaussian-l2:lam",), checks=("ridge", "conventions.to_prior"))
    assert properties.unresolved(good, derivation_results) == []
