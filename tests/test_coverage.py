"""The claim register (catalogue/claims.toml) accounts for every claim of the four source texts, and the
coverage page made from it names only derivations, tests, figures and pages that exist."""

from __future__ import annotations

import re

import pytest

import figures
from catalogue import OUTPUT_DIR, coverage, register, site, verification
from tests.properties import prop

#: the number of claims of each source text, counted when the register was written (a second pin, beside the
#: counts in claims.toml, so that a claim cannot be dropped by editing one file)
CLAIM_COUNTS = {"S0": 34, "S1": 40, "S2": 16, "S3": 10}
#: the number of rows of each section of the feature table, likewise
FEATURE_ROWS = {"A": 17, "B": 7, "C": 9, "D": 10, "E": 6, "F": 10}


@pytest.fixture(scope="module")
def claims():
    return register.claim_register().claims


@pytest.fixture(scope="module")
def features():
    return register.feature_table().features


@pytest.fixture(scope="module")
def known():
    return coverage.Known(
        labels=coverage.derivation_labels(),
        tests=frozenset(r.node for r in verification.read_suite()),
        figures=frozenset(figures.all_figures()),
        pages=site.docnames(),
    )


@prop("The claim register has every claim of the four source texts, S0-1 … S0-34, S1-1 … S1-40, S2-1 … S2-16 "
      "and S3-1 … S3-10, in order, and every row of the feature table, A1 … F10; each claim says what it asks "
      "for and names only errata that the pitfalls page has.", group="machinery")
def test_the_register_has_every_claim_and_every_feature_row(claims, features):
    expected = [f"{seed}-{k}" for seed, count in CLAIM_COUNTS.items() for k in range(1, count + 1)]
    assert list(claims) == expected, "claims missing from or added to catalogue/claims.toml: " + ", ".join(
        sorted(set(claims) ^ set(expected)))
    rows = [f"{letter}{k}" for letter, count in FEATURE_ROWS.items() for k in range(1, count + 1)]
    assert list(features) == rows, "rows missing from or added to catalogue/features.toml: " + ", ".join(
        sorted(set(features) ^ set(rows)))
    errata = {k for claim in claims.values() for k in claim.errata}
    assert errata and errata <= set(range(1, 38)), f"errata that are not E1 … E37: {sorted(errata - set(range(1, 38)))}"


@prop("Loading the claim register refuses a claim missing from the pinned numbering of its source, an unknown "
      "field (a misspelt `tests` would hide an entry), a value of the wrong type and an undeclared source, each "
      "with a message naming the entry.", group="machinery")
def test_loading_refuses_an_incomplete_or_malformed_register():
    head = '[seeds.S9]\nname = "a source"\nclaims = 2\n'
    one = '[claims.S9-1]\nactions = ["D"]\nwhat = "one"\n'
    two = '[claims.S9-2]\nactions = ["R"]\nwhat = "two"\n'
    parsed = register.parse_claims(head + one + two)
    assert list(parsed.claims) == ["S9-1", "S9-2"] and parsed.covers == {}
    cases = {
        "missing ['S9-2']": head + one,
        "out of order": head + two + one,
        "unknown field(s) ['test']": head + one.replace('what = "one"', 'what = "one"\ntest = ["x"]') + two,
        "errata must be a list of integers": head + one + two.replace('what', 'errata = ["E1"]\nwhat'),
        "actions must be a non-empty list": head + one.replace('["D"]', '["X"]') + two,
        "S8 is not declared": head + one + two + '[claims.S8-1]\nactions = ["R"]\nwhat = "x"\n',
    }
    for message, text in cases.items():
        with pytest.raises(register.RegisterError, match=re.escape(message)):
            register.parse_claims(text)
    rows = '[sections.Z]\nname = "z"\nrows = 1\n[features.Z1]\nwhat = "z"\n'
    assert not register.parse_features(rows).features["Z1"].unanchored
    with pytest.raises(register.RegisterError, match="only a row that no reference has"):
        register.parse_features(rows + 'tests = ["x"]\n')


@prop("Every claim of the source material that must be derived (D), tested (N) or plotted (P) has an entry in "
      "the claim register saying where it is met, and no entry names a claim ID the register does not have.",
      group="machinery")
def test_every_claim_to_derive_test_or_plot_has_an_entry(claims):
    covers = register.claim_register().covers
    assert sum(1 for c in claims.values() if c.checked) > 50  # the real register was read, not an empty table
    missing = [cid for cid, claim in claims.items() if claim.checked and cid not in covers]
    assert not missing, "claims without an entry in catalogue/claims.toml: " + ", ".join(missing)
    unknown = sorted(set(covers) - set(claims))
    assert not unknown, "entries for IDs the register does not have: " + ", ".join(unknown)


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
    claim = register.Claim("S9-1", "S9", frozenset("DNP"), ())
    other = register.Claim("S9-2", "S9", frozenset("D"), ())
    real_test = sorted(known.tests)[0]
    good = register.Cover(derivations="gaussian-l2-result", tests=real_test, missing={"P": "no figure"})
    assert coverage.claim_problems({"S9-1": claim}, known, {"S9-1": good}) == []
    bad = {
        "S9-1": register.Cover(pages="no-such-page", derivations="gaussian-l2-no-such-label",
                               tests="tests/test_x.py::test_none", figures="no-such-figure",
                               missing={"D": "but it is met", "R": "not asked for"}),
        "S9-3": register.Cover(),
    }
    problems = coverage.claim_problems({"S9-1": claim, "S9-2": other}, known, bad)
    expected = ["S9-2: must be D but has no entry", "S9-3: no such claim", "no-such-page",
                "gaussian-l2-no-such-label", "tests/test_x.py::test_none", "no-such-figure",
                "S9-1: D is met by derivations but also declared missing", "does not ask for R"]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)
    # P has a figure reference (an unknown one) and no declaration: counted as met, the reference is reported
    unmet = coverage.claim_problems({"S9-2": other}, known, {"S9-2": register.Cover(tests=real_test)})
    assert unmet == ["S9-2: must be D but names no derivations (declare it in missing)"]


@prop("Errata link to the pitfalls page only when it defines their targets (`pitfall-e<k>`), so the coverage page "
      "builds before and after that page exists; the committed page links exactly the targets there are now.",
      group="machinery")
def test_errata_link_only_to_existing_pitfall_targets(tmp_path, claims):
    page = tmp_path / "pitfalls.md"
    page.write_text("(pitfall-e17)=\n## E17\n\n```{admonition} x\n:name: pitfall-e3\n```\n(pitfall-e170)= no\n")
    targets = site.pitfall_targets((page, tmp_path / "absent.md"))
    assert targets == {17, 3}
    assert site.pitfall_targets((), ("(pitfall-e9)=",)) == {9}
    # a fragment counts only when a page includes it
    (tmp_path / "sub").mkdir()
    (tmp_path / "_generated").mkdir()
    (tmp_path / "sub" / "page.md").write_text("```{include} ../_generated/pitfalls.md\n```\n")
    (tmp_path / "top.md").write_text("```{include} _generated/other.md\n:start-after: x\n```\n")
    (tmp_path / "_generated" / "inner.md").write_text("```{include} _generated/hidden.md\n```\n")
    assert site.included_fragments(tmp_path) == {"pitfalls.md", "other.md"}
    assert coverage.erratum(17, targets) == "{ref}`E17 <pitfall-e17>`"
    assert coverage.erratum(5, targets) == "E5"
    committed = (OUTPUT_DIR / coverage.FRAGMENT).read_text(encoding="utf-8")
    linked = {int(k) for k in re.findall(r"<pitfall-e(\d+)>", committed)}
    named = {k for c in claims.values() for k in c.errata}
    assert linked == named & coverage.context().pitfalls


@prop("The rendered page lists every claim of the register once, shows each declared gap as 'not yet', and "
      "links only figures that a page shows.", group="machinery")
def test_rendered_page_lists_every_claim_and_every_gap(claims):
    ctx = coverage.context()
    covers = register.claim_register().covers
    text = coverage.render(ctx)
    for cid in claims:
        assert len(re.findall(rf"^- \*\*{re.escape(cid)}\*\* · ", text, flags=re.M)) == 1, cid
    gaps = [(cid, action) for cid, cover in covers.items() for action in cover.missing]
    assert text.count("**not yet**") == len(gaps)
    for stem in {stem for cover in covers.values() for stem in cover.figures}:
        assert stem in ctx.figures, f"figure {stem} is not shown on any page"
    for marker in (coverage.CLAIMS_START, coverage.CLAIMS_END, coverage.FEATURES_START, coverage.FEATURES_END):
        assert text.count(marker) == 1
    gap = {"S1-1": register.Cover(tests="tests/test_x.py::test_y", missing={"D": "not derived yet"})}
    with_gap = coverage.render(ctx, registry=gap)
    assert "**not yet** (D): not derived yet" in with_gap and "- **S1-1** (D): not derived yet" in with_gap


@prop("Every row of the feature table that no reference implements has an entry saying where regprior has it, "
      "partly has it, or does not have it yet (with a note), naming only pages, derivations, tests and figures "
      "that exist.", group="machinery")
def test_feature_rows_without_an_anchor_are_accounted_for(features, known):
    assert sum(f.unanchored for f in features.values()) >= 10  # the real table was read
    problems = coverage.feature_problems(features, known)
    assert not problems, "\n".join(problems)
