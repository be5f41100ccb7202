"""The verification pages' lists of properties, generated from the test suite's registry.

Not a derivation: this module only provides :func:`fragments`. The registry is
:mod:`tests.properties` (every test function's ``@prop`` entry); see ``docs/verification.md``.
"""

from __future__ import annotations

import re

from . import ROOT

FRAGMENT = "properties.md"
_INCLUDE = re.compile(r"^```\{include\}\s+(?:\.\./)?_generated/(?P<slug>[\w-]+)\.md\s*$", re.MULTILINE)


def derivation_pages() -> dict[str, str]:
    """Derivation slug -> docname of the page that includes its fragment."""
    docs = ROOT / "docs"
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs)
        if rel.parts[0].startswith("_"):
            continue
        for match in _INCLUDE.finditer(path.read_text(encoding="utf-8")):
            pages.setdefault(match["slug"], rel.with_suffix("").as_posix())
    return pages


def fragments() -> dict[str, str]:
    """The overview (``properties.md``) and one fragment per section (``properties-<section>.md``)."""
    from tests import properties

    registered = properties.collect()
    pages = derivation_pages()
    out = {FRAGMENT: properties.render_summary(registered)}
    for key, docname in properties.group_pages().items():
        page = ROOT / "docs" / f"{docname}.md"
        if not page.is_file():
            raise FileNotFoundError(f"{page} is missing: every section of tests/properties.py GROUPS needs a page "
                                    f"that includes ../_generated/properties-{key}.md")
        out[f"properties-{key}.md"] = properties.render_group(key, registered, pages)
    return out
