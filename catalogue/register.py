"""The claim register (``claims.toml``) and the feature table (``features.toml``), loaded and checked.

Both files are this project's own data: the numbered claims of the four source texts, what the project owes
each of them, and where it meets them; and the rows of the feature table, with where regprior has the rows
no reference has. Their headers describe the fields. Loading refuses a file that is incomplete or malformed:
a claim or row missing from its pinned numbering, an unknown field (a typo would otherwise hide an entry),
a value of the wrong type. Whether the references in an entry exist is checked by :mod:`catalogue.coverage`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLAIMS_FILE = HERE / "claims.toml"
FEATURES_FILE = HERE / "features.toml"

#: the actions a claim can ask for, in display order; R (prose) is never checked mechanically
ACTIONS = ("D", "N", "P", "R")
CHECKED = ("D", "N", "P")
STATUSES = ("yes", "partly", "not yet")
#: the fields that say where a claim or a feature is met
WHERE = ("pages", "derivations", "tests", "figures")


def fold(text: str) -> str:
    """A text of the data files as one line: a line break inside a text stands for one space."""
    return " ".join(text.split("\n"))


@dataclass(frozen=True)
class Cover:
    """Where regprior meets one claim or one feature (see the headers of the data files for the fields)."""

    pages: tuple[str, ...] = ()
    derivations: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)
    note: str = ""
    status: str = "yes"  # features only: "yes", "partly" or "not yet"

    def __post_init__(self) -> None:
        for name in WHERE:
            value = getattr(self, name)
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))

    def names_anything(self) -> bool:
        return any(getattr(self, name) for name in WHERE)


@dataclass(frozen=True)
class Claim:
    """One claim of the source texts: its ID, its seed, what must be done, the errata that concern it."""

    id: str
    seed: str
    actions: frozenset[str]
    errata: tuple[int, ...]
    what: str = ""

    @property
    def checked(self) -> tuple[str, ...]:
        """The actions a test can hold the register to (D, N, P), in display order."""
        return tuple(a for a in CHECKED if a in self.actions)


@dataclass(frozen=True)
class Feature:
    """One row of the feature table; ``unanchored`` when no reference has it."""

    id: str
    unanchored: bool
    what: str = ""


@dataclass(frozen=True)
class ClaimRegister:
    """``claims.toml``: the seeds (ID -> name), every claim in order, and where the mapped claims are met."""

    seeds: dict[str, str]
    claims: dict[str, Claim]
    covers: dict[str, Cover]


@dataclass(frozen=True)
class FeatureTable:
    """``features.toml``: the sections (letter -> name), every row in order, and where the unanchored rows are met."""

    sections: dict[str, str]
    features: dict[str, Feature]
    covers: dict[str, Cover]


# ------------------------------------------------------------------------------------------------ loading
class RegisterError(ValueError):
    """A data file of the catalogue is incomplete or malformed; the message names the file and the entry."""


#: field validators: (test, what the value must be)
_TEXT = (lambda v: isinstance(v, str), "a string")
_TEXTS = (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of strings")
_NUMBERS = (lambda v: isinstance(v, list) and all(type(x) is int for x in v), "a list of integers")
_COUNT = (lambda v: type(v) is int and v >= 0, "a nonnegative integer")
_FLAG = (lambda v: isinstance(v, bool), "true or false")
_REASONS = (lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()), "a table of strings")
_TABLE = (lambda v: isinstance(v, dict), "a table")


def _fields(where: str, record: object, schema: dict[str, tuple]) -> dict:
    """``record``, after checking that it is a table whose keys are in ``schema`` with values that pass it."""
    if not isinstance(record, dict):
        raise RegisterError(f"{where}: expected a table, got {record!r}")
    unknown = sorted(set(record) - set(schema))
    if unknown:
        raise RegisterError(f"{where}: unknown field(s) {unknown}; the fields are {sorted(schema)}")
    for key, value in record.items():
        test, kind = schema[key]
        if not test(value):
            raise RegisterError(f"{where}: {key} must be {kind}, got {value!r}")
    return record


def _numbered(where: str, ids: list[str], prefix: str, count: int) -> None:
    """``ids`` must be exactly ``<prefix>1`` ... ``<prefix><count>``, in that order."""
    expected = [f"{prefix}{k}" for k in range(1, count + 1)]
    if ids != expected:
        missing = [i for i in expected if i not in ids]
        extra = [i for i in ids if i not in expected]
        raise RegisterError(f"{where}: expected {expected[0] if expected else 'no IDs'} ... {prefix}{count} in order"
                            + (f"; missing {missing}" if missing else "") + (f"; not expected {extra}" if extra else "")
                            + ("" if missing or extra else "; they are out of order"))


_COVER_FIELDS = {name: _TEXTS for name in WHERE} | {"missing": _REASONS, "note": _TEXT}


def _cover(where: str, record: dict, *, status: str = "yes") -> Cover:
    cover = Cover(**{name: tuple(record.get(name, ())) for name in WHERE},
                  missing={action: fold(why) for action, why in record.get("missing", {}).items()},
                  note=fold(record.get("note", "")), status=status)
    bad = sorted(set(cover.missing) - set(ACTIONS))
    if bad:
        raise RegisterError(f"{where}: missing names {bad}, which are not actions {ACTIONS}")
    return cover


def parse_claims(text: str, source: str = "claims.toml") -> ClaimRegister:
    """The claim register from the text of ``claims.toml``."""
    data = _fields(source, tomllib.loads(text), {"seeds": _TABLE, "claims": _TABLE})
    seeds, counts = {}, {}
    for seed, record in data.get("seeds", {}).items():
        record = _fields(f"{source} [seeds.{seed}]", record, {"name": _TEXT, "claims": _COUNT})
        if not re.fullmatch(r"S\d+", seed) or set(record) != {"name", "claims"}:
            raise RegisterError(f"{source} [seeds.{seed}]: a seed is S<k> with a name and its number of claims")
        seeds[seed], counts[seed] = record["name"], record["claims"]
    claims, covers = {}, {}
    schema = {"actions": _TEXTS, "errata": _NUMBERS, "what": _TEXT} | _COVER_FIELDS
    for cid, record in data.get("claims", {}).items():
        where = f"{source} [claims.{cid}]"
        record = _fields(where, record, schema)
        seed = cid.split("-")[0]
        if seed not in seeds:
            raise RegisterError(f"{where}: the seed {seed} is not declared in [seeds]")
        actions = record.get("actions", [])
        if not actions or set(actions) - set(ACTIONS):
            raise RegisterError(f"{where}: actions must be a non-empty list of {ACTIONS}, got {actions}")
        if not record.get("what", "").strip():
            raise RegisterError(f"{where}: what must say, in a line, what the claim is")
        claims[cid] = Claim(cid, seed, frozenset(actions), tuple(sorted(record.get("errata", []))),
                            fold(record["what"]))
        if set(record) & set(_COVER_FIELDS):
            covers[cid] = _cover(where, record)
    for seed, count in counts.items():
        _numbered(f"{source}: the claims of {seed}", [c.id for c in claims.values() if c.seed == seed],
                  f"{seed}-", count)
    return ClaimRegister(seeds, claims, covers)


def parse_features(text: str, source: str = "features.toml") -> FeatureTable:
    """The feature table from the text of ``features.toml``."""
    data = _fields(source, tomllib.loads(text), {"sections": _TABLE, "features": _TABLE})
    sections, counts = {}, {}
    for letter, record in data.get("sections", {}).items():
        record = _fields(f"{source} [sections.{letter}]", record, {"name": _TEXT, "rows": _COUNT})
        if not re.fullmatch(r"[A-Z]", letter) or set(record) != {"name", "rows"}:
            raise RegisterError(f"{source} [sections.{letter}]: a section is a letter with a name "
                                "and its number of rows")
        sections[letter], counts[letter] = record["name"], record["rows"]
    features, covers = {}, {}
    schema = {"what": _TEXT, "unanchored": _FLAG, "status": _TEXT} | _COVER_FIELDS
    for fid, record in data.get("features", {}).items():
        where = f"{source} [features.{fid}]"
        record = {"unanchored": False} | _fields(where, record, schema)
        if fid[:1] not in sections:
            raise RegisterError(f"{where}: the section {fid[:1]} is not declared in [sections]")
        if not record.get("what", "").strip():
            raise RegisterError(f"{where}: what must say, in a line, what the feature is")
        features[fid] = Feature(fid, record["unanchored"], fold(record["what"]))
        if record["unanchored"]:
            covers[fid] = _cover(where, record, status=record.get("status", ""))
        elif set(record) & (set(_COVER_FIELDS) | {"status"}):
            raise RegisterError(f"{where}: only a row that no reference has (unanchored = true) says where it is met")
    for letter, count in counts.items():
        _numbered(f"{source}: the rows of section {letter}", [f for f in features if f[0] == letter], letter, count)
    return FeatureTable(sections, features, covers)


@lru_cache(maxsize=None)
def claim_register() -> ClaimRegister:
    """The committed claim register."""
    return parse_claims(CLAIMS_FILE.read_text(encoding="utf-8"), CLAIMS_FILE.name)


@lru_cache(maxsize=None)
def feature_table() -> FeatureTable:
    """The committed feature table."""
    return parse_features(FEATURES_FILE.read_text(encoding="utf-8"), FEATURES_FILE.name)
