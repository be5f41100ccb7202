"""The coverage page: every claim of the source texts, and where regprior derives, tests and plots it.

The data are the claim register and the feature table (``claims.toml``, ``features.toml``, loaded by
:mod:`catalogue.register`). This module renders them into ``docs/_generated/coverage.md`` and holds the
checks that ``tests/test_coverage.py`` runs: every claim to derive, test or plot has an entry, each entry
meets what its claim asks for with derivations, tests, figures and pages that exist, and what is not met yet
is declared in ``missing`` with a reason.

Errata link to the pitfalls page (``{ref}`` to ``pitfall-e<k>``) only when the site defines that target (see
:func:`context`).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import site
from .register import ACTIONS, CHECKED, Claim, Cover, Feature, STATUSES, claim_register, feature_table

FRAGMENT = "coverage.md"
#: the slug of the page whose fragment defines the erratum targets ``pitfall-e<k>``
PITFALLS = "pitfalls"
#: the kind of reference that meets each checked action
MEETS = {"D": "derivations", "N": "tests", "P": "figures"}
#: markers around the two parts of the fragment (docs/coverage.md includes each part in its own section)
CLAIMS_START, CLAIMS_END = "<!-- claims: start -->", "<!-- claims: end -->"
FEATURES_START, FEATURES_END = "<!-- features: start -->", "<!-- features: end -->"


# -------------------------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class Known:
    """What references may name: derivation slugs with their equation labels, test node ids, figure stems
    and docnames."""

    labels: dict[str, frozenset[str]]  # slug -> labels of its steps
    tests: frozenset[str]
    figures: frozenset[str]
    pages: frozenset[str]


def derivation_labels() -> dict[str, frozenset[str]]:
    """Slug -> equation labels, for every derivation and the pitfalls page."""
    from . import all_derivations

    return {d.slug: frozenset(s.label for s in d.steps if s.label) for d in all_derivations()}


def _unknown(cover: Cover, known: Known) -> list[str]:
    problems = [f"page {page!r} is not under docs/" for page in cover.pages if page not in known.pages]
    for ref in cover.derivations:
        if ref not in known.labels and not any(ref in labels for labels in known.labels.values()):
            problems.append(f"derivation {ref!r} is neither a derivation slug nor an equation label")
    problems += [f"test {node!r} does not exist" for node in cover.tests if node not in known.tests]
    problems += [f"figure {stem!r} is not in figures.all_figures()" for stem in cover.figures
                 if stem not in known.figures]
    return problems


def claim_problems(claims: dict[str, Claim], known: Known, registry: dict[str, Cover] | None = None) -> list[str]:
    """Everything wrong with where the claims are met: claims to derive, test or plot without an entry, entries
    for unknown IDs, references that do not exist, and actions neither met nor declared missing (or declared
    missing although met). ``registry`` defaults to the entries of the claim register."""
    registry = claim_register().covers if registry is None else registry
    problems = [f"{cid}: must be {'/'.join(c.checked)} but has no entry" for cid, c in claims.items()
                if c.checked and cid not in registry]
    for cid, cover in registry.items():
        claim = claims.get(cid)
        if claim is None:
            problems.append(f"{cid}: no such claim in the claim register")
            continue
        problems += [f"{cid}: {p}" for p in _unknown(cover, known)]
        for action in claim.checked:
            met = bool(getattr(cover, MEETS[action]))
            if met and action in cover.missing:
                problems.append(f"{cid}: {action} is met by {MEETS[action]} but also declared missing")
            elif not met and action not in cover.missing:
                problems.append(f"{cid}: must be {action} but names no {MEETS[action]} (declare it in missing)")
        problems += [f"{cid}: declares {action} missing but the claim does not ask for {action}"
                     for action in cover.missing if action not in claim.checked]
        problems += [f"{cid}: missing {action} gives no reason" for action, why in cover.missing.items()
                     if not why.strip()]
    return problems


def feature_problems(features: dict[str, Feature], known: Known, registry: dict[str, Cover] | None = None) -> list[str]:
    """Everything wrong with where the unanchored rows are met: rows without an entry, entries for other rows,
    unknown references, bad statuses, and a 'yes' or 'partly' that points at nothing. ``registry`` defaults
    to the entries of the feature table."""
    registry = feature_table().covers if registry is None else registry
    problems = [f"{fid}: no reference has it, but it has no entry" for fid, f in features.items()
                if f.unanchored and fid not in registry]
    for fid, cover in registry.items():
        feature = features.get(fid)
        if feature is None or not feature.unanchored:
            problems.append(f"{fid}: not a feature-table row that no reference has (unanchored)")
            continue
        problems += [f"{fid}: {p}" for p in _unknown(cover, known)]
        if cover.status not in STATUSES:
            problems.append(f"{fid}: status {cover.status!r} is not one of {STATUSES}")
        if cover.status != "yes" and not cover.note.strip():
            problems.append(f"{fid}: status {cover.status!r} needs a note saying what is missing")
        if cover.status != "not yet" and not cover.names_anything():
            problems.append(f"{fid}: status {cover.status!r} but names nothing")
        if cover.missing:
            problems.append(f"{fid}: features use status and note, not missing")
    return problems


# ----------------------------------------------------------------------------------------------- render
def erratum(k: int, targets: frozenset[int]) -> str:
    """An erratum as MyST: a link to its pitfall when the target exists, else its plain name."""
    return f"{{ref}}`E{k} <pitfall-e{k}>`" if k in targets else f"E{k}"


@dataclass(frozen=True)
class Context:
    """What the renderer links to."""

    labels: dict[str, frozenset[str]]  # slug -> equation labels
    pages: dict[str, str]  # slug -> docname of the page that includes it
    figures: dict[str, str]  # stem -> figure target name
    pitfalls: frozenset[int]


def _derived(refs: tuple[str, ...], ctx: Context) -> str:
    groups: dict[str, list[str]] = {}
    plain = []
    for ref in refs:
        slug = ref if ref in ctx.labels else next((s for s, labels in ctx.labels.items() if ref in labels), None)
        if slug is None:
            plain.append(f"`{ref}`")
        else:
            labels = groups.setdefault(slug, [])
            if ref != slug:
                labels.append(ref)
    parts = []
    for slug, labels in groups.items():
        page = ctx.pages.get(slug)
        text = f"{{doc}}`{slug} </{page}>`" if page else f"`{slug}`"
        if labels:
            text += " " + ", ".join(f"{{eq}}`{label}`" for label in labels)
        parts.append(text)
    return "; ".join(parts + plain)


def _where(cover: Cover, ctx: Context) -> list[str]:
    """The 'covered by' lines of an entry, as MyST."""
    lines = []
    if cover.derivations:
        lines.append(f"derived: {_derived(cover.derivations, ctx)}")
    if cover.tests:
        lines.append("tested: " + ", ".join(f"`{node}`" for node in cover.tests))
    if cover.figures:
        shown = [f"{{ref}}`{stem} <{ctx.figures[stem]}>`" if stem in ctx.figures else f"`{stem}`"
                 for stem in cover.figures]
        lines.append("plotted: " + ", ".join(shown))
    if cover.pages:
        lines.append("pages: " + ", ".join(f"{{doc}}`/{page}`" for page in cover.pages))
    if cover.note:
        lines.append(f"note: {cover.note}")
    return lines


def _tally(claims: list[Claim], registry: dict[str, Cover]) -> dict[str, tuple[int, int]]:
    """Action -> (claims asking for it, claims where it is met)."""
    out = {}
    for action in CHECKED:
        asking = [c for c in claims if action in c.checked]
        met = [c for c in asking if c.id in registry and getattr(registry[c.id], MEETS[action])]
        out[action] = (len(asking), len(met))
    return out


def _claims_part(claims: dict[str, Claim], seeds: dict[str, str], ctx: Context,
                 registry: dict[str, Cover]) -> list[str]:
    by_seed: dict[str, list[Claim]] = {}
    for claim in claims.values():
        by_seed.setdefault(claim.seed, []).append(claim)
    lines = ["| source | claims | to derive (D) | to test (N) | to plot (P) |", "|---|---|---|---|---|"]
    totals = _tally(list(claims.values()), registry)
    for seed, members in by_seed.items():
        tally = _tally(members, registry)
        lines.append(f"| {seed}, {seeds.get(seed, seed)} | {len(members)} | "
                     + " | ".join(f"{met} of {asking}" for asking, met in tally.values()) + " |")
    lines.append(f"| **all** | **{len(claims)}** | "
                 + " | ".join(f"**{met} of {asking}**" for asking, met in totals.values()) + " |")
    lines.append("")
    gaps = []
    for seed, members in by_seed.items():
        lines += [f"### {seed}: {seeds.get(seed, seed)}", ""]
        for claim in members:
            cover = registry.get(claim.id)
            head = f"- **{claim.id}** · {'/'.join(a for a in ACTIONS if a in claim.actions) or '–'}"
            if claim.errata:
                head += (" · errata " if len(claim.errata) > 1 else " · erratum ") + ", ".join(
                    erratum(k, ctx.pitfalls) for k in claim.errata)
            if cover is None:
                lines.append(head + (" · no entry yet" if claim.checked else " · prose only, not mapped yet"))
                continue
            lines.append(f"{head} · {claim.what}")
            for action, why in cover.missing.items():
                gaps.append(f"- **{claim.id}** ({action}): {why}")
            lines += [f"  - {line}" for line in _where(cover, ctx)]
            lines += [f"  - **not yet** ({action}): {why}" for action, why in cover.missing.items()]
        lines.append("")
    return lines + ["### Not yet met", ""] + (gaps or ["Every claim to derive, test or plot is met."])


def _features_part(features: dict[str, Feature], sections: dict[str, str], ctx: Context,
                   registry: dict[str, Cover]) -> list[str]:
    lines: list[str] = []
    section = None
    for fid, feature in features.items():
        if not feature.unanchored:
            continue
        if fid[0] != section:
            section = fid[0]
            lines += ["", f"**{sections.get(section, section).capitalize()}**", ""]
        cover = registry.get(fid)
        if cover is None:
            lines.append(f"- **{fid}** · no entry yet")
            continue
        lines.append(f"- **{fid}** · {cover.status} · {feature.what}")
        lines += [f"  - {line}" for line in _where(cover, ctx)]
    return lines


def render(ctx: Context, claims: dict[str, Claim] | None = None, features: dict[str, Feature] | None = None,
           registry: dict[str, Cover] | None = None, feature_registry: dict[str, Cover] | None = None) -> str:
    """The coverage fragment: the claims part and the features part, between their markers (by default from
    the committed claim register and feature table)."""
    register, table = claim_register(), feature_table()
    claims_part = _claims_part(register.claims if claims is None else claims, register.seeds, ctx,
                               register.covers if registry is None else registry)
    features_part = _features_part(table.features if features is None else features, table.sections, ctx,
                                   table.covers if feature_registry is None else feature_registry)
    lines = [
        "<!-- Generated by `python -m catalogue` from catalogue/claims.toml and catalogue/features.toml. "
        "Do not edit. -->",
        "",
        CLAIMS_START,
        "",
        *claims_part,
        "",
        CLAIMS_END,
        FEATURES_START,
        "",
        *features_part,
        "",
        FEATURES_END,
    ]
    return "\n".join(lines) + "\n"


def context() -> Context:
    """Links as they are now: the derivations and the pitfalls page, the pages that include them, the figures
    shown on pages and the pitfall targets that the site defines.

    A pitfall target counts when a page (``docs/pitfalls.md``) defines it, or when the pitfalls fragment
    defines it and some page includes that fragment; a fragment no page includes defines nothing the site
    can link to. The fragment's targets are read from the text this run renders, not from the file on disk,
    so one run of ``python -m catalogue`` is enough.
    """
    from .pitfalls import derivation as pitfalls_page

    texts = (pitfalls_page().to_myst(),) if f"{PITFALLS}.md" in site.included_fragments() else ()
    targets = site.pitfall_targets((site.DOCS / f"{PITFALLS}.md",), texts)
    return Context(derivation_labels(), site.derivation_pages(), site.figure_targets(), targets)


def fragments() -> dict[str, str]:
    """The coverage fragment, from the committed claim register and feature table."""
    return {FRAGMENT: render(context())}
