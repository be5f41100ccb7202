r"""Open every page of the built site in headless Chromium with the network cut off.

The site must typeset all of its math with the vendored MathJax (docs/_static/mathjax,
installed by scripts/vendor_mathjax.sh) and load its fonts from the site itself, never
from a CDN. The session builds the site into a temporary directory with the same flags
as `make docs`, serves it on 127.0.0.1, aborts and records every request to any other
host, and checks each page:

* every ``.math`` element became an ``mjx-container`` (and there is no ``mjx-merror``), each
  carrying hidden MathML for screen readers;
* an ``MJX*`` web font actually loaded (without the font path MathJax 4 would fetch its
  fonts from cdn.jsdelivr.net, and a container count alone would still pass);
* no raw TeX (``$$``, ``\begin{``, ``\(``, ``\[``) is left in the visible text
  (code blocks excluded);
* no off-host request, no uncaught JavaScript error, no local HTTP error (e.g. a missing
  vendored file).

Chromium is the Debian package at /usr/bin/chromium (``make chromium``); this test never
skips. Screenshots of two pages are kept in build/screenshots/ as artefacts.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.properties import prop

# One xdist worker runs them all (make test runs --dist loadgroup): the site is then built once, not once per worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT_DIR = ROOT / "build" / "screenshots"
SCREENSHOT_PAGES = {"index", "derivations/gaussian-l2"}
HOST = "127.0.0.1"
# A guard against a page that never finishes, not a speed requirement: the heaviest page
# (pitfalls) typesets in about 4 s here; CI machines can be several times slower.
PAGE_TIMEOUT_MS = 90_000

# Flags known to work for headless Debian Chromium on a machine without network (headless is Playwright's default;
# the user-data-dir is a fresh temporary profile managed by Playwright).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Pages built by Sphinx itself, in addition to one page per source file.
SPECIAL_PAGES = ["genindex", "search"]


def _source_pages() -> list[str]:
    """Docnames of the site's sources (what Sphinx turns into .html files)."""
    names = []
    for path in sorted(DOCS.rglob("*")):
        rel = path.relative_to(DOCS)
        if path.suffix not in {".md", ".rst"} or not path.is_file():
            continue
        # Same exclusions as conf.py: _generated/ (included fragments), _static/, build/.
        if any(part.startswith(("_", ".")) or part == "build" for part in rel.parts[:-1]):
            continue
        names.append(rel.with_suffix("").as_posix())
    return names


PAGES = _source_pages() + SPECIAL_PAGES


def _require_chromium() -> None:
    if not (CHROMIUM.is_file() and CHROMIUM.stat().st_mode & 0o111):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser test needs Debian's chromium. "
            "Run `make chromium` (bash scripts/ensure_chromium.sh) and rerun the tests.",
            pytrace=False,
        )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, drawn_figures: Path) -> Path:
    """Build the HTML site exactly as `make docs` does (figures first), but into a temporary directory."""
    out = tmp_path_factory.mktemp("site")
    cmd = [sys.executable, "-m", "sphinx", "-M", "html", "docs", str(out), "-c", ".",
           "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(
            f"sphinx build failed (exit {proc.returncode}): {' '.join(cmd)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )
    html = out / "html"
    assert (html / "index.html").is_file(), f"no index.html in {html}"
    return html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def base_url(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# --------------------------------------------------------------------------- checks

# page.evaluate has no timeout of its own: race MathJax's start-up against one.
_WAIT_FOR_MATHJAX = """
async (ms) => {
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`not done after ${ms} ms`)), ms));
  await Promise.race([
    (async () => { await window.MathJax.startup.promise; await document.fonts.ready; })(),
    timeout,
  ]);
}
"""

_INSPECT = r"""
() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll("pre, code, script, style, mjx-container").forEach(e => e.remove());
  const families = [];
  document.fonts.forEach(f => {
    if (f.status === "loaded") families.push(f.family.replace(/^["']|["']$/g, ""));
  });
  return {
    math: document.querySelectorAll(".math").length,
    containers: document.querySelectorAll("mjx-container").length,
    merrors: document.querySelectorAll("mjx-merror").length,
    assistive: document.querySelectorAll("mjx-container > mjx-assistive-mml").length,
    mathjaxConfigured: !!window.MathJax,
    mathjaxLoaded: !!(window.MathJax && window.MathJax.startup),
    fonts: families,
    text: body.textContent,
    brokenImages: Array.from(document.images)
      .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src")),
  };
}
"""


def _is_off_host(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return False  # not network requests
    return parts.hostname != HOST


def check_page(browser, base_url: str, name: str) -> list[str]:
    """Open one page and return the list of problems found (empty when it is fine)."""
    from playwright.sync_api import Error as PlaywrightError

    problems: list[str] = []
    off_host: list[str] = []
    http_errors: list[str] = []
    js_errors: list[str] = []

    def route(r):
        if _is_off_host(r.request.url):
            off_host.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        context.route("**/*", route)
        # Also catch requests that bypass routing (e.g. from workers).
        context.on("request", lambda req: _is_off_host(req.url) and off_host.append(req.url))
        context.on(
            "response",
            lambda res: res.status >= 400 and http_errors.append(f"{res.status} {res.url}"),
        )
        page = context.new_page()
        page.on("pageerror", lambda exc: js_errors.append(str(exc)))

        url = f"{base_url}/{name}.html"
        response = page.goto(url, wait_until="load")
        if response is None or not response.ok:
            return [f"GET {url} -> {response.status if response else 'no response'}"]

        # MathJax is a deferred script, so by the load event it has run (or failed to load).
        info = page.evaluate(_INSPECT)
        if info["mathjaxLoaded"]:
            try:
                page.evaluate(_WAIT_FOR_MATHJAX, PAGE_TIMEOUT_MS)
            except PlaywrightError as exc:
                problems.append(f"MathJax.startup.promise did not resolve: {exc.message.splitlines()[0]}")
            info = page.evaluate(_INSPECT)
        elif info["math"] > 0 or info["mathjaxConfigured"]:
            problems.append("the MathJax script did not load (window.MathJax.startup is missing)")

        if info["math"] > 0:
            if info["containers"] != info["math"]:
                problems.append(
                    f"{info['math']} .math elements but {info['containers']} mjx-container "
                    "(math left untypeset)"
                )
            if info["merrors"]:
                problems.append(f"{info['merrors']} mjx-merror (TeX errors in the page)")
            if info["assistive"] != info["containers"]:
                problems.append(
                    f"{info['containers']} mjx-container but {info['assistive']} with hidden MathML for "
                    "screen readers (conf.py turns speech enrichment off and assistiveMml on)"
                )
            if not any(f.startswith("MJX") for f in info["fonts"]):
                problems.append(
                    "no MJX* web font loaded (loaded fonts: "
                    f"{sorted(set(info['fonts'])) or 'none'}); is the MathJax font path set in conf.py?"
                )
        if info["brokenImages"]:
            problems.append(f"images that did not load: {info['brokenImages']}")
        for raw in ("$$", r"\begin{", r"\(", r"\["):
            if raw in info["text"]:
                i = info["text"].index(raw)
                snippet = " ".join(info["text"][max(0, i - 40) : i + 60].split())
                problems.append(f"raw TeX {raw!r} in the page text: ...{snippet}...")

        if name in SCREENSHOT_PAGES:
            shot = SCREENSHOT_DIR / f"{name.replace('/', '__')}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()

    if off_host:
        problems.append(f"off-host requests (blocked): {sorted(set(off_host))}")
    if http_errors:
        problems.append(f"HTTP errors from the local site: {sorted(set(http_errors))}")
    if js_errors:
        problems.append(f"uncaught JavaScript errors: {js_errors}")
    return problems


# --------------------------------------------------------------------------- tests


@prop("Debian's Chromium is installed at `/usr/bin/chromium` and executable, so the browser checks run (they "
      "fail, never skip, without it).",
      group="machinery")
def test_chromium_is_installed():
    _require_chromium()


@prop("Every page of the site, built as `make docs` builds it (warnings as errors) and opened in headless "
      "Chromium with every off-host request blocked, typesets all its math with the vendored MathJax (no TeX "
      "errors, an MJX web font loaded, hidden MathML for screen readers on every expression), shows no raw "
      "TeX, loads all its images, and makes no off-host request, local HTTP error or uncaught JavaScript error.",
      group="machinery")
@pytest.mark.parametrize("name", PAGES)
def test_page_renders_offline(name: str, site: Path, base_url: str, request) -> None:
    _require_chromium()  # fail (never skip or error) when chromium is missing
    browser = request.getfixturevalue("browser")
    assert (site / f"{name}.html").is_file(), f"{name}.html was not built"
    problems = check_page(browser, base_url, name)
    assert not problems, f"{name}.html:\n  " + "\n  ".join(problems)


@prop("Built pages that are not among the source pages (e.g. the module index) pass the same browser checks.",
      group="machinery")
def test_every_built_page_is_checked(site: Path, base_url: str, request) -> None:
    """Pages the parametrized test does not know about (e.g. py-modindex) are checked here."""
    _require_chromium()
    browser = request.getfixturevalue("browser")
    built = {
        p.relative_to(site).with_suffix("").as_posix()
        for p in site.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(site).parts)
    }
    extra = sorted(built - set(PAGES))
    failures = {name: check_page(browser, base_url, name) for name in extra}
    failures = {k: v for k, v in failures.items() if v}
    assert not failures, "\n".join(
        f"{name}.html:\n  " + "\n  ".join(problems) for name, problems in failures.items()
    )


@prop("No built HTML file, script or stylesheet of the site contains a control character (a TeX command that "
      "Python read as an escape shows up as one); stylesheets and scripts may be indented with tabs.",
      group="machinery")
def test_built_site_has_no_control_characters(site: Path) -> None:
    from tests.test_text_integrity import control_characters

    files = [path for path in site.rglob("*") if path.suffix in {".html", ".js", ".css", ".txt"}
             and "mathjax" not in path.relative_to(site).parts]
    assert len(files) > 20
    # a tab indents the stylesheets and scripts that Sphinx and its extensions ship (basic.css, copybutton.css);
    # in HTML and text, where the site's own TeX ends up, every control character counts
    problems = [f"{path.relative_to(site)}:{line}: {char}" for path in files
                for line, char in control_characters(path.read_text(encoding="utf-8", errors="replace"),
                                                     tabs_allowed=path.suffix in {".css", ".js"})]
    assert not problems, "control characters in the built site:\n" + "\n".join(problems[:50])


@prop("The built landing page contains math, so the rendering checks cannot pass for want of it.",
      group="machinery")
def test_site_has_math(site: Path) -> None:
    """Guard against a vacuous pass: the landing page carries the convention's equations."""
    assert 'class="math' in (site / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- links


class _Anchors(html.parser.HTMLParser):
    """Collect the ids and the link targets of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


@prop("Every relative link of every built page points to a file of the site, and its `#fragment` to an id on that "
      "page.",
      group="machinery")
def test_every_internal_link_resolves(site: Path) -> None:
    """Each relative link of each built page points to a file of the site, and its #fragment to an id there."""
    pages = {p: _Anchors() for p in site.rglob("*.html") if "_static" not in p.parts}
    for path, parser in pages.items():
        parser.feed(path.read_text(encoding="utf-8"))
    broken = []
    for path, parser in pages.items():
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue  # external: not fetched offline (and the page test blocks any off-host request)
            target = (path.parent / parts.path).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {href} (no such file)")
            elif parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no id {parts.fragment!r} there)")
    assert not broken, "\n".join(broken)


# --------------------------------------------------------------------------- the converter

#: (library, parameters typed in the "its parameters -> the prior" direction)
TO_PRIOR_CASES = [
    ("sklearn.Lasso", {"alpha": "0.01", "n_samples": "442", "noise_sd": "50"}),
    ("sklearn.ElasticNet", {"alpha": "0.3", "l1_ratio": "0.25", "n_samples": "100", "noise_sd": "2"}),
    ("sklearn.Ridge", {"alpha": "0.25", "noise_sd": "1"}),
    ("sklearn.BayesianRidge", {"alpha_": "4", "lambda_": "0.5"}),
    ("PRML", {"alpha": "2", "beta": "4"}),
    ("sklearn.LogisticRegression", {"C": "2", "l1_ratio": "0.5"}),
    ("glmnet", {"lambda_": "0.1", "alpha": "0.5", "n_samples": "200", "noise_sd": "1.5", "response_sd": "2.5"}),
    ("statsmodels.OLS.fit_regularized", {"alpha": "0.0625", "L1_wt": "0", "n_samples": "80", "noise_sd": "1"}),
    ("torch.SGD(mean)", {"weight_decay": "0.001", "n_samples": "5000", "noise_sd": "0.2"}),
    ("torch.SGD(sum)", {"weight_decay": "8", "noise_sd": "1"}),
]

#: (library, prior scales and data typed in the "a prior -> the parameters" direction; "" is a flat part)
FROM_PRIOR_CASES = [
    ("sklearn.Lasso", {"laplace_scale": "566", "n_samples": "442", "noise_sd": "50"}),
    ("sklearn.ElasticNet", {"laplace_scale": "0.5", "gaussian_sd": "1", "n_samples": "200", "noise_sd": "0.5"}),
    ("sklearn.Ridge", {"gaussian_sd": "2", "noise_sd": "1"}),
    ("sklearn.BayesianRidge", {"gaussian_sd": "1.5", "noise_sd": "0.5"}),
    ("PRML", {"gaussian_sd": "0.7", "noise_sd": "0.5"}),
    ("sklearn.LogisticRegression", {"laplace_scale": "", "gaussian_sd": "3"}),
    ("sklearn.LogisticRegression", {"laplace_scale": "0.4", "gaussian_sd": "3"}),
    ("glmnet", {"laplace_scale": "0.2", "gaussian_sd": "0.45", "n_samples": "100", "response_sd": "2.5",
                "noise_sd": "1"}),
    ("statsmodels.OLS.fit_regularized", {"laplace_scale": "", "gaussian_sd": "0.45", "n_samples": "80",
                                         "noise_sd": "1"}),
    ("torch.SGD(mean)", {"gaussian_sd": "0.5", "n_samples": "50000", "noise_sd": "1"}),
    ("torch.SGD(sum)", {"gaussian_sd": "0.5", "noise_sd": "1"}),
]


def _number(text: str) -> float:
    return float("inf") if text == "∞" else float(text)


def _expected_prior(library: str, values: dict) -> dict:
    """The converter's output cells for the "-> prior" direction, computed by `regprior.conventions`."""
    import regprior as rp
    from regprior import conventions

    numbers = {k: (int(v) if k == "n_samples" else float(v)) for k, v in values.items()}
    params = {k: v for k, v in numbers.items() if k not in ("n_samples", "noise_sd", "response_sd")}
    expected = {}
    if conventions.describe(library).likelihood == "gaussian":
        canonical = conventions.to_canonical(library, n_samples=numbers.get("n_samples"),
                                             response_sd=numbers.get("response_sd"), **params)
        expected["rp-out-lam1"], expected["rp-out-lam2"] = canonical.lam1, canonical.lam2
    priors = conventions.to_prior(library, noise_sd=numbers.get("noise_sd"), n_samples=numbers.get("n_samples"),
                                  response_sd=numbers.get("response_sd"), **params)
    expected["rp-out-b"] = next((p.scale for p in priors if isinstance(p, rp.LaplacePrior)), float("inf"))
    expected["rp-out-sw"] = next((p.scale for p in priors if isinstance(p, rp.GaussianPrior)), float("inf"))
    return expected


def _expected_parameters(library: str, values: dict) -> dict:
    """The converter's output cells for the "prior ->" direction, computed by `regprior.conventions`."""
    import regprior as rp
    from regprior import conventions

    priors = []
    if values.get("laplace_scale"):
        priors.append(rp.LaplacePrior(float(values["laplace_scale"])))
    if values.get("gaussian_sd"):
        priors.append(rp.GaussianPrior(float(values["gaussian_sd"])))
    if conventions.describe(library).not_constructor:  # refused, as the page must refuse it
        with pytest.raises(conventions.NotConstructorArguments):
            conventions.from_prior(library, *priors, noise_sd=float(values["noise_sd"]))
        return {}
    params = conventions.from_prior(library, *priors,
                                    noise_sd=float(values["noise_sd"]) if "noise_sd" in values else None,
                                    n_samples=int(values["n_samples"]) if "n_samples" in values else None,
                                    response_sd=float(values["response_sd"]) if "response_sd" in values else None)
    # a constructor argument that is not a number (solver="saga") is shown as Python writes it, in quotes
    return {f"rp-out-{name}": value if not isinstance(value, str) else repr(value).replace("'", '"')
            for name, value in params.items()}


def _converter_page(browser, base_url):
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if not _is_off_host(r.request.url) else r.abort())
    page = context.new_page()
    page.goto(f"{base_url}/which-prior.html", wait_until="load")
    page.evaluate(_WAIT_FOR_MATHJAX, PAGE_TIMEOUT_MS)
    return context, page


def _type_case(page, library: str, direction: str, values: dict) -> None:
    page.select_option("#rp-library", library)
    page.check(f"#rp-direction-{'to' if direction == 'to_prior' else 'from'}")
    for name, value in values.items():
        page.fill(f"#rp-in-{name}", value)


@prop("The converter on the converter page answers both ways for every library with a fixed prior, in headless "
      "Chromium: parameters typed in give the canonical strengths and prior scales that `regprior.conventions` "
      "computes, and prior scales typed in (an empty one a flat part) give the parameters "
      "`conventions.from_prior` returns (relative $10^{-5}$), with the constructor arguments it adds "
      "(`solver=\"saga\"` for an L1 part) and its refusal where the parameters are fitted attributes "
      "(BayesianRidge); every library and direction is exercised; a "
      "negative `alpha` is reported as invalid and `torch.AdamW` is refused.",
      group="machinery", checks=("conventions.to_canonical", "conventions.to_prior", "conventions.from_prior",
                                 "conventions.describe"),
      against="the site's JavaScript converter in headless Chromium")
def test_converter_gives_the_python_numbers_both_ways(browser, base_url) -> None:
    _require_chromium()
    from regprior import conventions

    exact = {key for key in conventions.LIBRARIES if conventions.describe(key).exact}
    assert {lib for lib, _ in TO_PRIOR_CASES} == exact and {lib for lib, _ in FROM_PRIOR_CASES} == exact
    context, page = _converter_page(browser, base_url)
    try:
        for direction, cases, expected_of in (("to_prior", TO_PRIOR_CASES, _expected_prior),
                                              ("from_prior", FROM_PRIOR_CASES, _expected_parameters)):
            for library, values in cases:
                _type_case(page, library, direction, values)
                expected = expected_of(library, values)
                if not expected:  # conventions refused: the page must refuse with the same reason
                    assert direction == "from_prior" and conventions.describe(library).not_constructor
                    assert page.text_content("#rp-not-constructor") == conventions.describe(library).not_constructor
                    continue
                for cell, number in expected.items():
                    shown = page.text_content(f"#{cell}")
                    if isinstance(number, str):
                        assert shown == number, (library, direction, cell, shown, number)
                        continue
                    assert _number(shown) == pytest.approx(number, rel=1e-5), (library, direction, cell, shown, number)
        _type_case(page, "sklearn.Lasso", "to_prior", {"alpha": "-1"})
        assert "alpha must be ≥ 0" in page.text_content("#rp-problem")
        page.select_option("#rp-library", "torch.AdamW")
        assert "AdamW" in page.text_content("#rp-refusal")
    finally:
        context.close()


@prop("The converter opens on a worked example with its answer (scikit-learn's `Lasso(alpha=0.01)` on 442 rows "
      r"with noise sd 50 gives $b \approx 565.6$), names each parameter as the site's tables do (glmnet's "
      "`lambda`, not a Python keyword), shows the formula it used with a link to the equation that derives it, "
      "and draws the prior density; `LogisticRegression` needs no L1 share for a Gaussian prior.",
      group="machinery", against="the site's JavaScript converter in headless Chromium")
def test_converter_opens_with_an_answer_its_formula_and_a_picture(browser, base_url, site: Path) -> None:
    _require_chromium()
    context, page = _converter_page(browser, base_url)
    try:
        assert page.query_selector("#rp-problem") is None and page.query_selector("#rp-waiting") is None
        assert _number(page.text_content("#rp-out-b")) == pytest.approx(565.6108597, rel=1e-6)
        href = page.get_attribute("#rp-derivation", "href")
        target, fragment = href.split("#")
        assert fragment in (site / target).read_text(encoding="utf-8"), href
        assert page.query_selector("#rp-formula mjx-container") is not None
        assert page.query_selector("#rp-plot svg path.rp-density-line") is not None
        page.select_option("#rp-library", "glmnet")
        assert page.text_content("label[for=rp-in-lambda_]").strip() == "lambda"
        _type_case(page, "sklearn.LogisticRegression", "from_prior", {"laplace_scale": "", "gaussian_sd": "3"})
        assert page.query_selector("#rp-problem") is None
        assert _number(page.text_content("#rp-out-C")) == pytest.approx(9.0)
    finally:
        context.close()


@prop("The site's search finds the converter page for the query \"lasso alpha\".",
      group="machinery")
def test_search_finds_the_converter(browser, base_url) -> None:
    _require_chromium()
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if not _is_off_host(r.request.url) else r.abort())
    page = context.new_page()
    try:
        page.goto(f"{base_url}/search.html?q=lasso+alpha", wait_until="load")
        page.wait_for_selector("#search-results ul li", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_timeout(1500)  # results are appended one by one
        links = page.eval_on_selector_all("#search-results ul li a", "as => as.map(a => a.getAttribute('href'))")
        assert any(link.split("?")[0].split("#")[0].endswith("which-prior.html") for link in links[:5]), links
    finally:
        context.close()


# --------------------------------------------------------------------------- phones and figures

_LAYOUT = r"""
() => {
  const width = window.innerWidth, problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > width + 1) problems.push(`the page is ${doc.scrollWidth} px wide`);
  const scrolls = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const x = getComputedStyle(node).overflowX;
      if (x === "auto" || x === "scroll") return node;
    }
    return null;
  };
  document.querySelectorAll("div.math").forEach((box, i) => {
    const eq = box.querySelector("mjx-container"), no = box.querySelector(".eqno");
    if (!eq) return;
    const e = eq.getBoundingClientRect();
    if (no) {
      const r = no.getBoundingClientRect();
      if (r.left < e.right - 1 && r.right > e.left + 1 && r.top < e.bottom - 1 && r.bottom > e.top + 1)
        problems.push(`equation ${no.textContent.trim()} overlaps its number`);
      if (r.right > width + 1) problems.push(`equation number ${no.textContent.trim()} outside the screen`);
    }
    if (e.right > width + 1) problems.push(`equation ${i} extends past the screen`);
    const overflow = getComputedStyle(eq).overflowX;
    if (eq.scrollWidth > eq.clientWidth + 1 && !((overflow === "auto" || overflow === "scroll") &&
        box.classList.contains("rp-scrolls")))
      problems.push(`equation ${i} is wider than its box with no scroll cue`);
  });
  const selector = "article p, article li, article td, article th, article figcaption, article h1, article h2, " +
                   "article h3, article img, article svg, article input, article select";
  document.querySelectorAll(selector).forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) return;
    if (scrolls(el)) return;
    const text = (el.textContent || el.getAttribute("src") || "").trim().slice(0, 40);
    problems.push(`${el.tagName.toLowerCase()} "${text}" is cut off at ${Math.round(r.right)} px`);
  });
  return problems;
}
"""


def check_layout(browser, base_url: str, name: str, width: int) -> list[str]:
    """Open one page at a viewport width and return what overlaps or is cut off."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.route("**/*", lambda r: r.continue_() if not _is_off_host(r.request.url) else r.abort())
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{name}.html", wait_until="load")
        if page.evaluate("!!(window.MathJax && window.MathJax.startup)"):
            page.evaluate(_WAIT_FOR_MATHJAX, PAGE_TIMEOUT_MS)
        page.wait_for_timeout(300)  # site.js marks scrolling equations and stacks wide tables after typesetting
        return page.evaluate(_LAYOUT)
    finally:
        context.close()


@prop("At a phone's width (390 px) no page of the site is wider than the screen, no equation number overlaps its "
      "equation, an equation wider than its column scrolls and shows a cue that it does, and no paragraph, table "
      "cell, figure or form field is cut off at the edge.",
      group="machinery")
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone(name: str, site: Path, base_url: str, request) -> None:
    _require_chromium()
    browser = request.getfixturevalue("browser")
    problems = check_layout(browser, base_url, name, 390)
    assert not problems, f"{name}.html at 390 px:\n  " + "\n  ".join(problems[:20])


_FIGURES = r"""
() => Array.from(document.querySelectorAll("figure img, div.figure img")).filter(img => img.offsetParent !== null)
  .map(img => ({src: img.getAttribute("src"), shown: img.getBoundingClientRect().width}))
"""

FIGURE_PAGES = [name for name in _source_pages()
                if "figures/" in (DOCS / f"{name}.md").read_text(encoding="utf-8")]


@prop("Every figure of the site, as the browser shows it at 390 px and at 1280 px, draws its smallest text at "
      "9 px or more (the smallest font size of each drawing, recorded when it is drawn, scaled by the width it is "
      "shown at over its own width).", group="machinery")
@pytest.mark.parametrize("width", [390, 1280])
def test_figure_text_is_legible(width: int, site: Path, base_url: str, request) -> None:
    import json

    _require_chromium()
    browser = request.getfixturevalue("browser")
    sizes = json.loads((ROOT / "docs" / "_generated" / "figures" / "text-sizes.json").read_text(encoding="utf-8"))
    assert FIGURE_PAGES
    small = []
    for name in FIGURE_PAGES:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.route("**/*", lambda r: r.continue_() if not _is_off_host(r.request.url) else r.abort())
        try:
            page = context.new_page()
            page.goto(f"{base_url}/{name}.html", wait_until="load")
            shown = page.evaluate(_FIGURES)
        finally:
            context.close()
        assert shown, f"{name}.html shows no figure at {width} px"
        for figure in shown:
            stem = Path(figure["src"]).stem
            info = sizes[stem]
            text_px = info["min_font_pt"] * figure["shown"] / info["width_pt"]
            if text_px < 9:
                small.append(f"{name}: {stem} shown {figure['shown']:.0f} px wide, smallest text {text_px:.1f} px")
    assert not small, "\n".join(small)


@prop("The copy button of an example copies its code without the `>>>` and `...` prompts and without the expected "
      "output (checked by clicking it on the converter page and reading the clipboard).", group="machinery")
def test_copy_button_copies_code_without_prompts_or_output(browser, base_url) -> None:
    _require_chromium()
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    context.route("**/*", lambda r: r.continue_() if not _is_off_host(r.request.url) else r.abort())
    page = context.new_page()
    try:
        page.goto(f"{base_url}/which-prior.html", wait_until="load")
        shown = page.text_content("div.highlight pre")
        page.hover("div.highlight pre")
        page.click("button.copybtn")
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    assert ">>>" in shown and "LaplacePrior(scale=" in shown
    assert copied.splitlines()[0] == "import regprior as rp"
    assert ">>>" not in copied and "..." not in copied and "LaplacePrior(scale=" not in copied
