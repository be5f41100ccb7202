"""The prose of the pitfalls page (``catalogue/pitfalls.toml``): severities, sections and entries, loaded and
checked.

Loading refuses a catalogue in which an erratum E1 … E37 is missing, repeated or in no section, an entry has
an unknown field or severity, or a field is missing (the file's header describes the fields).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..register import RegisterError, fold

PITFALLS_FILE = Path(__file__).resolve().parent.parent / "pitfalls.toml"
#: the errata the page has one entry for: E1 … E37
NUMBERS = tuple(range(1, 38))
_REQUIRED = ("title", "slip", "severity", "written", "right", "derived")
#: the fence that opens and closes an entry's collapsible block (longer than the fences inside it)
FENCE = "````"


@dataclass(frozen=True)
class Pitfall:
    """The prose of one entry.

    Attributes
    ----------
    number : int
        k of Ek; the entry's MyST target is ``pitfall-ek``.
    title : str
        Heading, stating the right thing.
    slip : str
        The slip in a few words, for the opening table (MyST).
    severity : str
        A severity code (``EST``, ``CONST``, ``CONC``, ``NOT``).
    meaning : str
        What the severity means for a reader.
    written : str
        What a common derivation writes (MyST, stated generically).
    right : str
        What is right, and why (MyST).
    derived : str
        Where the right form is derived on the site ({doc} and {eq} references).
    numbers : bool
        Whether the page demonstrates the entry with numbers too (section ``pitfalls-numbers``).
    remark : str
        For an entry without a SymPy check: why, and what checks it instead; empty otherwise.
    """

    number: int
    title: str
    slip: str
    severity: str
    meaning: str
    written: str
    right: str
    derived: str
    numbers: bool = False
    remark: str = ""

    @property
    def target(self) -> str:
        return f"pitfall-e{self.number}"

    def text(self) -> str:
        """The entry's MyST up to its display: its target and the opening of a collapsible block whose summary is
        the title, then the severity, the written and the right form, and where it is derived. The block is
        closed by :data:`FENCE` after the display and its check."""
        right = self.right if self.right.endswith(".") else self.right + "."
        return (
            f"({self.target})=\n{FENCE}{{rp-details}} {self.title}\n:class: rp-pitfall\n\n"
            f"*{self.severity}: {self.meaning}.*\n\n"
            f"**Commonly written:** {self.written}\n\n"
            f"**Right:** {right}\n\n"
            f"**Derived in** {self.derived}."
            + (" **In numbers:** {ref}`below <pitfalls-numbers>`." if self.numbers else "")
        )


@dataclass(frozen=True)
class Section:
    """A section of the page: its heading, one sentence on its entries, the module with their checks, and the
    entry numbers in page order."""

    title: str
    text: str
    module: str
    entries: tuple[int, ...]


@dataclass(frozen=True)
class Catalogue:
    """The whole of ``pitfalls.toml``."""

    severity: dict[str, str]
    sections: tuple[Section, ...]
    entries: dict[int, Pitfall]


def parse(text: str, source: str = "pitfalls.toml") -> Catalogue:
    """The catalogue from the text of ``pitfalls.toml``."""
    data = tomllib.loads(text)
    unknown = sorted(set(data) - {"severity", "sections", "entries"})
    if unknown:
        raise RegisterError(f"{source}: unknown table(s) {unknown}")
    severity = {code: fold(meaning) for code, meaning in data.get("severity", {}).items()}
    sections = []
    for index, record in enumerate(data.get("sections", []), start=1):
        if set(record) != {"title", "text", "module", "entries"}:
            raise RegisterError(f"{source}: section {index} must have exactly title, text, module and entries")
        sections.append(Section(fold(record["title"]), fold(record["text"]), record["module"],
                                tuple(record["entries"])))
    entries = {}
    for key, record in data.get("entries", {}).items():
        where = f"{source} [entries.{key}]"
        if not key.startswith("E") or not key[1:].isdigit():
            raise RegisterError(f"{where}: an entry is E<k>")
        missing = [name for name in _REQUIRED if name not in record]
        unknown = sorted(set(record) - {*_REQUIRED, "numbers", "remark"})
        if missing or unknown:
            raise RegisterError(f"{where}: " + "; ".join(
                ([f"missing {missing}"] if missing else []) + ([f"unknown field(s) {unknown}"] if unknown else [])))
        if record["severity"] not in severity:
            raise RegisterError(f"{where}: severity must be one of {sorted(severity)}; got {record['severity']!r}")
        number = int(key[1:])
        entries[number] = Pitfall(number, fold(record["title"]), fold(record["slip"]), record["severity"],
                                  severity[record["severity"]],
                                  fold(record["written"]), fold(record["right"]), fold(record["derived"]),
                                  bool(record.get("numbers", False)), fold(record.get("remark", "")))
    placed = [number for section in sections for number in section.entries]
    if sorted(entries) != list(NUMBERS) or sorted(placed) != list(NUMBERS):
        raise RegisterError(
            f"{source}: every erratum E1 … E37 needs one entry and one place in a section; entries lack "
            f"{sorted(set(NUMBERS) - set(entries))}, sections lack {sorted(set(NUMBERS) - set(placed))}, "
            f"placed twice {sorted({k for k in placed if placed.count(k) > 1})}, unknown "
            f"{sorted((set(entries) | set(placed)) - set(NUMBERS))}")
    return Catalogue(severity, tuple(sections), entries)


@lru_cache(maxsize=None)
def catalogue() -> Catalogue:
    """The committed catalogue."""
    return parse(PITFALLS_FILE.read_text(encoding="utf-8"), PITFALLS_FILE.name)
