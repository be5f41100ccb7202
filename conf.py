"""Sphinx configuration for regprior.

conf.py lives at the repository root; the sources are in docs/. Build with::

    python -m sphinx -M html docs build -c . -W -n --keep-going

Paths in this file follow Sphinx's rules: ``html_static_path``, ``bibtex_bibfiles`` and
``templates_path`` are relative to the confdir (the root, so they start with ``docs/``);
``exclude_patterns`` and ``{include}`` paths are relative to the srcdir (``docs/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.errors import ConfigError

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))  # the site's own Sphinx additions (rp_site)

# -- Project -------------------------------------------------------------------------------
project = "regprior"
author = "regprior contributors"
copyright = "2026, regprior contributors"

# -- General -------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.doctest",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "rp_site",
    "rp_notebooks",
]
# No sphinx.ext.intersphinx: offline it warns "failed to reach any of the inventories",
# which -W turns into a failed build.

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# Relative to docs/. Generated fragments are pulled into pages with MyST {include};
# _static holds the vendored MathJax (a README.md in there would be read as a page).
exclude_patterns = ["_generated", "_static", "_ext", "build", "Thumbs.db", ".DS_Store"]

# Each page numbers its own equations from (1); figures are not numbered (a page refers to a figure by what it
# shows, never by a number that depends on the order of the other pages).
numfig = False
math_numfig = False

# -- MyST ----------------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "substitution"]

# The repository's address, from pyproject.toml ([project.urls] Repository) when the project has one; the
# landing page links it, and says "the project's git repository" otherwise (no address is made up).
import tomllib  # noqa: E402

_URLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")).get("project", {}).get("urls", {})
REPOSITORY_URL = _URLS.get("Repository")
myst_substitutions = {
    "repository": f"[the project's repository]({REPOSITORY_URL})" if REPOSITORY_URL else "the project's git repository",
}
myst_heading_anchors = 3

# -- Math: vendored MathJax 4 (scripts/vendor_mathjax.sh), never a CDN ---------------------
_MATHJAX_DIR = ROOT / "docs" / "_static" / "mathjax"
if not (_MATHJAX_DIR / "tex-mml-chtml.js").is_file() or not (
    _MATHJAX_DIR / "fonts" / "mathjax-newcm-font" / "chtml.js"
).is_file():
    _msg = (
        f"The vendored MathJax is missing from {_MATHJAX_DIR.relative_to(ROOT)}/. "
        "Run `make docs` (or `bash scripts/vendor_mathjax.sh`) to install it; "
        "the site deliberately does not fall back to a CDN."
    )
    print(f"\nERROR: {_msg}\n", file=sys.stderr)  # Sphinx buries the exception in a crash report
    raise ConfigError(_msg)
# A relative path means "inside _static/".
mathjax_path = "mathjax/tex-mml-chtml.js"
# MyST merges its processHtmlClass option into this dict.
mathjax4_config = {
    # Without this MathJax 4 loads its fonts from cdn.jsdelivr.net (garbled glyphs offline).
    "loader": {"paths": {"fonts": "[mathjax]/fonts"}},
    # Make an undefined macro (a TeX typo) an error box (mjx-merror, which the browser test
    # catches) instead of MathJax's default of quietly printing its name in red.
    "tex": {"packages": {"[-]": ["noundefined"]}},
    # MathJax 4 runs its semantic enrichment (for generated speech and Braille) over every
    # expression before startup resolves: 23 s for the ~490 expressions of the pitfalls page in
    # headless Chromium here, against 4 s without it. Screen readers get hidden MathML instead
    # (assistiveMml), which they read natively; a reader can switch speech back on in MathJax's
    # right-click menu, whose settings are remembered per site.
    "options": {"menuOptions": {"settings": {"enrich": False, "assistiveMml": True}}},
    # A display too wide for its column is broken at its operators where MathJax can (a phone would
    # otherwise show a long line cut off); what cannot be broken (an aligned block) scrolls, see custom.css.
    "output": {"displayOverflow": "linebreak", "linebreaks": {"width": "100%"}},
}

# -- Autodoc / napoleon --------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# Types stay plain text: numpydoc phrases such as "array_like of shape (n_samples, n_features)"
# would otherwise be split into bogus cross-references, which -n reports.
napoleon_preprocess_types = False
napoleon_use_param = False  # a ":type:" field would be parsed into cross-references again
napoleon_use_rtype = False
napoleon_use_ivar = True
nitpick_ignore = [
    ("py:class", "array_like"),
    ("py:class", "array-like"),
    ("py:class", "ndarray"),
    ("py:class", "numpy.ndarray"),
    ("py:class", "np.ndarray"),
    ("py:class", "numpy.typing.ArrayLike"),
    ("py:class", "numpy.typing.NDArray"),
    ("py:class", "ArrayLike"),
    ("py:class", "NDArray"),
    ("py:class", "sympy.Expr"),
    ("py:class", "sympy.core.expr.Expr"),
    ("py:class", "sympy.Symbol"),
    ("py:class", "sympy.core.symbol.Symbol"),
]
# SymPy and NumPy objects named in docstrings and type hints cannot be resolved offline (no
# intersphinx); only those external targets are exempt, every regprior reference must resolve.
nitpick_ignore_regex = [
    (r"py:.*", r"(sympy|numpy|np|scipy)(\..*)?"),
    # words of numpydoc type phrases ("ndarray of shape (n_features,)", "callable") in Attributes sections
    (r"py:class", r"shape|n_\w+|callable|optional|default .*"),
]

# -- Doctest (python -m sphinx -M doctest docs build -c . -W) ------------------------------
doctest_global_setup = "import numpy as np\nimport regprior as rp"

# -- Bibliography --------------------------------------------------------------------------
bibtex_bibfiles = ["docs/refs.bib"]  # relative to the confdir (the root)
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# -- HTML ----------------------------------------------------------------------------------
html_theme = "furo"
html_theme_options = {"source_repository": REPOSITORY_URL, "source_branch": "main", "source_directory": "docs/"} \
    if REPOSITORY_URL else {}
html_title = "regprior"
html_static_path = ["docs/_static"]  # relative to the confdir (the root)
html_css_files = ["custom.css"]
# conventions.js is generated by `python -m derivations`; converter.js is the form that uses it.
html_js_files = ["conventions.js", "converter.js", "site.js"]
templates_path: list[str] = []

# -- Copy button: copy the code of an example, not its prompts or its output ------------------------
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
html_show_sourcelink = False

