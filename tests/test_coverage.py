"""The coverage registry (derivations/coverage.py) accounts for every claim of the shared claim list and names
only derivations, tests, figures and pages that exist."""

from __future__ import annotations

import re

import pytest

import derivations
import figures
from derivations import coverage
from tests import properties
from tests.properties import prop


@pytest.fixture(scope="module")
def claim_text():
    return coverage.read_claims()


@pytest.fixture(scope="module")
def claims(claim_text):
    return coverage.parse_claims(claim_text)


@pytest.fixture(scope="module")
def features(claim_text):
    return coverage.parse_features(claim_text)


@pytest.fixture(scope="module")
def known():
    return coverage.Known(
        labels={d.slug: frozenset(s.label for s in d.steps if s.label) for d in derivations.all_derivations()},
        tests=frozenset(r.node for r in properties.collect()),
        figures=frozenset(figures.all_figures()),
        pages=coverage.docnames(),
    )


@prop("Every claim of the source material that must be derived (D), tested (N) or plotted (P) has an entry in "
      "the coverage registry, and no entry names a claim ID the claim list does not have.", group="machinery")
def test_every_claim_to_derive_test_or_plot_has_an_entry(claims):
    assert sum(1 for c in claims.values() if c.checked) > 50  # the real list was read, not an empty table
    missing = [cid for cid, claim in claims.items() if claim.checked and cid not in coverage.CLAIMS]
    assert not missing, "claims without an entry in derivations/coverage.py: " + ", ".join(missing)
    unknown = sorted(set(coverage.CLAIMS) - set(claims))
    assert not unknown, "entries for IDs the claim list does not have: " + ", ".join(unknown)


@prop("Each entry meets what its claim asks for with things that exist: a derivation slug or equation label for "
      "D, a test of the suite for N, a figure of `figures.all_figures()` for P, and pages under docs/; an action "
      "with nothing to show is declared missing with a reason, and only then.", group="machinery")
def test_entries_name_existing_derivations_tests_figures_and_pages(claims, known):
    problems = coverage.claim_problems(claims, known)
    assert not problems, "\n".join(problems)


@prop("The validation catches what it is meant to: a claim without an entry, an entry for an unknown ID, an "
      "unknown label, test, figure or page, an unmet action that is not declared missing, and an action "
      "declared missing although it is met.", group="machinery")
def test_validation_reports_each_kind_of_gap(known):
    claim = coverage.Claim("S9-1", "S9", frozenset("DNP"), ())
    other = coverage.Claim("S9-2", "S9", frozenset("D"), ())
    real_test = sorted(known.tests)[0]
    good = coverage.Cover("x", derivations="gaussian-l2-result", tests=real_test, missing={"P": "no figure"})
    assert coverage.claim_problems({"S9-1": claim}, known, {"S9-1": good}) == []
    bad = {
        "S9-1": coverage.Cover("x", pages="no-such-page", derivations="gaussian-l2-no-such-label",
                               tests="tests/test_x.py::test_none", figures="no-such-figure",
                               missing={"D": "but it is met", "R": "not asked for"}),
        "S9-3": coverage.Cover("x"),
    }
    problems = coverage.claim_problems({"S9-1": claim, "S9-2": other}, known, bad)
    expected = ["S9-2: must be D but has no entry", "S9-3: no such claim", "no-such-page",
                "gaussian-l2-no-such-label", "tests/test_x.py::test_none", "no-such-figure",
                "S9-1: D is met by derivations but also declared missing", "does not ask for R"]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)
    # P has a figure reference (an unknown one) and no declaration: counted as met, the reference is reported
    unmet = coverage.claim_problems({"S9-2": other}, known, {"S9-2": coverage.Cover("x", tests=real_test)})
    assert unmet == ["S9-2: must be D but names no derivations (declare it in missing)"]


@prop("The claim list is parsed completely: the IDs of its first section in file order, the actions D/N/P/R of "
      "the 'Project must' column, and the errata it marks or that name the claim in the errata table; a "
      "missing claim list is an error naming its path.", group="machinery")
def test_claim_list_is_parsed_completely(claim_text, claims, tmp_path):
    section = claim_text.split("\n## 2.", 1)[0]
    assert list(claims) == re.findall(r"^\|\s*(S\d+-\d+)\s*\|", section, flags=re.M)
    synthetic = "\n".join([
        "## 1. CLAIMS", "| ID | text | must |", "|---|---|---|",
        r"| S9-1 | a \| b with N and D inside | D/N: MAP = box (clip), P ⚠E3, E4 |",
        "| S9-2 | prose | R (+ a caveat E8, D) |",
        "| S9-3 | only an ID-looking SP-1 word | R |",
        "## 2. ERRATA", "| # | Where | x |", "|---|---|---|", "| E5 | S9-3/2 | y |", "| E6 | S9 passim | z |",
        "## 3. END",
    ])
    parsed = coverage.parse_claims(synthetic)
    assert {cid: (set(c.actions), c.errata) for cid, c in parsed.items()} == {
        "S9-1": ({"D", "N", "P"}, (3, 4)),
        "S9-2": ({"D", "R"}, (5, 8)),
        "S9-3": ({"R"}, (5,)),
    }
    assert parsed["S9-3"].checked == () and parsed["S9-1"].checked == ("D", "N", "P")
    missing = tmp_path / "shared" / "CLAIMS.md"
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        coverage.read_claims(missing)


@prop("Errata link to the pitfalls page only when it defines their targets (`pitfall-e<k>`), so the coverage page "
      "builds before and after that page exists; the committed page links exactly the targets there are now.",
      group="machinery")
def test_errata_link_only_to_existing_pitfall_targets(tmp_path, claims):
    page = tmp_path / "pitfalls.md"
    page.write_text("(pitfall-e17)=\n## E17\n\n```{admonition} x\n:name: pitfall-e3\n```\n(pitfall-e170)= no\n")
    targets = coverage.pitfall_targets((page, tmp_path / "absent.md"))
    assert targets == {17, 3}
    assert coverage.pitfall_targets((), ("(pitfall-e9)=",)) == {9}
    # a fragment counts only when a page includes it
    (tmp_path / "sub").mkdir()
    (tmp_path / "_generated").mkdir()
    (tmp_path / "sub" / "page.md").write_text("```{include} ../_generated/pitfalls.md\n```\n")
    (tmp_path / "top.md").write_text("```{include} _generated/other.md\n:start-after: x\n```\n")
    (tmp_path / "_generated" / "inner.md").write_text("```{include} _generated/hidden.md\n```\n")
    assert coverage.included_fragments(tmp_path) == {"pitfalls.md", "other.md"}
    assert coverage.erratum(17, targets) == "{ref}`E17 <pitfall-e17>`"
    assert coverage.erratum(5, targets) == "E5"
    committed = (derivations.OUTPUT_DIR / coverage.FRAGMENT).read_text(encoding="utf-8")
    linked = {int(k) for k in re.findall(r"<pitfall-e(\d+)>", committed)}
    named = {k for c in claims.values() for k in c.errata}
    assert linked == named & coverage.context().pitfalls


@prop("The rendered page lists every claim of the claim list once, shows each declared gap as 'not yet', and "
      "links only figures that a page shows.", group="machinery")
def test_rendered_page_lists_every_claim_and_every_gap(claims, features):
    ctx = coverage.context()
    text = coverage.render(claims, features, ctx)
    for cid in claims:
        assert len(re.findall(rf"^- \*\*{re.escape(cid)}\*\* · ", text, flags=re.M)) == 1, cid
    gaps = [(cid, action) for cid, cover in coverage.CLAIMS.items() for action in cover.missing]
    assert text.count("**not yet**") == len(gaps)
    for stem in {stem for cover in coverage.CLAIMS.values() for stem in cover.figures}:
        assert stem in ctx.figures, f"figure {stem} is not shown on any page"
    for marker in (coverage.CLAIMS_START, coverage.CLAIMS_END, coverage.FEATURES_START, coverage.FEATURES_END):
        assert text.count(marker) == 1


@prop("Every row of the feature table that no reference implements has an entry saying where regprior has it, "
      "partly has it, or does not have it yet (with a note), naming only pages, derivations, tests and figures "
      "that exist.", group="machinery")
def test_feature_rows_without_an_anchor_are_accounted_for(features, known):
    assert sum(f.unanchored for f in features.values()) >= 10  # the real table was read
    problems = coverage.feature_problems(features, known)
    assert not problems, "\n".join(problems)
