"""The registry the verification pages are generated from covers the whole suite, names only real things, and
is read from the test sources exactly as the decorators register it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import settings

import catalogue
from catalogue import OUTPUT_DIR, verification
from tests import properties
from tests.properties import prop


@pytest.fixture(scope="module")
def registered():
    return properties.collect()


@pytest.fixture(scope="module")
def derivation_results():
    return {d.slug: set(d.results) for d in catalogue.all_derivations()}


@prop("Every test function of the suite is registered with a statement, so the verification pages list "
      "everything the suite checks.", group="machinery")
def test_every_test_is_registered(registered):
    assert len(registered) > 100  # collect() found the suite, not an empty directory
    missing = [r.node for r in registered if r.entry is None]
    assert not missing, "tests without @prop(...): " + ", ".join(missing)


@prop("Every registered property names derivation results (or patterns matching some) and library functions "
      "that exist.", group="machinery", evaluates="gaussian-l2")
def test_registered_references_resolve(registered, derivation_results):
    problems = [f"{r.node}: {problem}" for r in registered if r.entry
                for problem in verification.unresolved(r.entry, derivation_results)]
    assert not problems, "\n".join(problems)


@prop("The registry refuses an unknown section and an empty statement, and reports a reference to a "
      "derivation result, a pattern of results or a function that does not exist.", group="machinery")
def test_registry_rejects_bad_entries(derivation_results):
    with pytest.raises(ValueError, match="group"):
        prop("something", group="no-such-group")
    with pytest.raises(ValueError, match="statement"):
        prop("  ", group="routes")
    bad = verification.Property("s", "routes", evaluates=("gaussian-l2:no_such_result", "no-such-slug",
                                                          "gaussian-l2:no_*"), checks=("no_such_function",))
    assert len(verification.unresolved(bad, derivation_results)) == 4
    good = verification.Property("s", "routes", evaluates=("gaussian-l2:lam", "pitfalls:e*_right"),
                                 checks=("ridge", "conventions.to_prior"))
    assert verification.unresolved(good, derivation_results) == []


@prop("What the verification pages read from the test sources is what the `@prop` decorators register: the same "
      "tests in the same order with the same entries, the same Hypothesis tests, and (under the `ci` profile) the "
      "same number of examples each.", group="machinery")
def test_the_pages_read_what_the_decorators_register(registered):
    read = verification.read_suite()
    assert [r.node for r in read] == [r.node for r in registered]
    differ = [r.node for r, s in zip(read, registered) if r.entry != s.entry]
    assert not differ, "entries read from the source differ from the registered ones: " + ", ".join(differ)
    hypothesis = [r.node for r, s in zip(read, registered) if (r.examples is None) != (s.max_examples is None)]
    assert not hypothesis, "Hypothesis tests not recognized in the source: " + ", ".join(hypothesis)
    ci = settings.get_profile("ci").max_examples
    assert verification.ci_examples() == ci
    if settings.default.max_examples == ci:  # the modules were imported under the ci profile (make test)
        examples = [r.node for r, s in zip(read, registered) if r.examples != s.max_examples]
        assert not examples, "examples read from the source differ from the settings: " + ", ".join(examples)


@prop("Reading the test sources refuses a `@prop` whose arguments are not literals and a conftest without a `ci` "
      "profile, naming the test or file; it recognizes Hypothesis tests, their own `max_examples` (also through a "
      "module-level settings object) and parametrized tests.", group="machinery")
def test_reading_the_sources(tmp_path):
    (tmp_path / "conftest.py").write_text('settings.register_profile("ci", max_examples=7)\n', encoding="utf-8")
    (tmp_path / "test_a.py").write_text(textwrap.dedent('''
        FEW = settings(max_examples=3)

        @prop("plain", group="routes")
        def test_plain():
            pass

        @prop("drawn" " twice", group="routes", evaluates=("x:y",))
        @pytest.mark.parametrize("k", [1, 2])
        @given(st.integers())
        def test_drawn(k, i):
            pass

        @prop("few", group="routes")
        @FEW
        @given(st.integers())
        def test_few(i):
            pass

        def test_unregistered():
            pass
        '''), encoding="utf-8")
    read = {r.name: r for r in verification.read_suite(tmp_path)}
    assert list(read) == ["test_plain", "test_drawn", "test_few", "test_unregistered"]
    assert read["test_drawn"].entry == verification.Property("drawn twice", "routes", ("x:y",))
    assert [(r.examples, r.parametrized) for r in read.values()] == [(None, False), (7, True), (3, False),
                                                                     (None, False)]
    assert read["test_unregistered"].entry is None
    (tmp_path / "test_b.py").write_text('@prop(STATEMENT, group="routes")\ndef test_b():\n    pass\n', encoding="utf-8")
    with pytest.raises(verification.SourceError, match=r"test_b.py::test_b: the arguments of @prop\(...\) must be "
                                                       r"literals.*`STATEMENT`"):
        verification.read_suite(tmp_path)
    (tmp_path / "conftest.py").write_text('settings.register_profile("dev", max_examples=7)\n', encoding="utf-8")
    with pytest.raises(verification.SourceError, match="conftest.py: no register_profile"):
        verification.ci_examples(tmp_path / "conftest.py")


@prop("The verification pages are rendered without importing the tests, so they are the same whichever "
      "Hypothesis profile is selected: generated with `REGPRIOR_HYPOTHESIS_PROFILE=dev` they equal the committed "
      "ones, and no module of `tests` was loaded.", group="machinery")
def test_pages_do_not_depend_on_the_hypothesis_profile():
    script = textwrap.dedent('''
        import json, sys
        from catalogue import verification
        pages = verification.fragments()
        print(json.dumps({"pages": pages, "tests": sorted(m for m in sys.modules if m.split(".")[0] == "tests")}))
        ''')
    env = {**os.environ, "REGPRIOR_HYPOTHESIS_PROFILE": "dev"}
    result = subprocess.run([sys.executable, "-c", script], cwd=catalogue.ROOT, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["tests"] == [], f"rendering imported {out['tests']}"
    for name, text in out["pages"].items():
        assert text == (OUTPUT_DIR / name).read_text(encoding="utf-8"), f"{name} differs under the dev profile"
