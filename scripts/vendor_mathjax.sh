#!/usr/bin/env bash
# Vendor a pinned, cut-down MathJax 4 into docs/_static/mathjax/ (git-ignored) so the
# built site typesets math with no network access (see conf.py: mathjax_path and the
# loader's "fonts" path, without which MathJax 4 fetches its fonts from a CDN).
#
# Usage: bash scripts/vendor_mathjax.sh          (no-op when the pinned versions are installed)
#        FORCE=1 bash scripts/vendor_mathjax.sh  (reinstall)
# Needs npm and the npm registry; nothing else goes to the network.
set -euo pipefail

MATHJAX_VERSION="4.1.3"
FONT_PKG="@mathjax/mathjax-newcm-font"
FONT_VERSION="4.1.3"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/docs/_static/mathjax"
STAMP="$DEST/.installed"
WANT="mathjax@${MATHJAX_VERSION} ${FONT_PKG}@${FONT_VERSION}"

die() { echo "vendor_mathjax.sh: error: $*" >&2; exit 1; }

# Fast path: the pinned versions are already in place -> just refresh the stamp (for make).
if [[ "${FORCE:-0}" != 1 && -f "$STAMP" && "$(head -n1 "$STAMP")" == "$WANT" \
      && -f "$DEST/tex-mml-chtml.js" && -f "$DEST/fonts/mathjax-newcm-font/chtml.js" ]]; then
    touch "$STAMP"
    echo "vendor_mathjax.sh: $WANT already installed in ${DEST#"$ROOT"/}"
    exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm not found on PATH. Install Node.js/npm (Debian: apt-get install -y npm) and rerun 'make docs'."

TMP="$(mktemp -d "${TMPDIR:-/tmp}/vendor-mathjax.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "vendor_mathjax.sh: npm install $WANT"
( cd "$TMP" \
  && printf '{"name":"vendor-mathjax","version":"0.0.0","private":true}\n' > package.json \
  && npm install --no-audit --no-fund --no-save --ignore-scripts --loglevel=error \
         "mathjax@${MATHJAX_VERSION}" "${FONT_PKG}@${FONT_VERSION}" >/dev/null ) \
  || die "npm install of $WANT failed (is the npm registry reachable?)"

MJ="$TMP/node_modules/mathjax"
FONT="$TMP/node_modules/$FONT_PKG"

# Check that npm gave us exactly the pinned versions.
pkg_version() { node -p "require(process.argv[1]).version" "$1/package.json" 2>/dev/null \
                || sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/package.json" | head -n1; }
[[ "$(pkg_version "$MJ")" == "$MATHJAX_VERSION" ]] || die "expected mathjax $MATHJAX_VERSION, got $(pkg_version "$MJ")"
[[ "$(pkg_version "$FONT")" == "$FONT_VERSION" ]] || die "expected $FONT_PKG $FONT_VERSION, got $(pkg_version "$FONT")"

# Stage the cut-down tree next to the destination, then swap it in.
STAGE="$TMP/stage"
mkdir -p "$STAGE/fonts/mathjax-newcm-font"
for item in tex-mml-chtml.js LICENSE package.json input output a11y ui sre adaptors; do
    [[ -e "$MJ/$item" ]] || die "mathjax@$MATHJAX_VERSION has no '$item' (package layout changed?)"
    cp -R "$MJ/$item" "$STAGE/"
done
for item in chtml.js chtml package.json; do
    [[ -e "$FONT/$item" ]] || die "$FONT_PKG@$FONT_VERSION has no '$item' (package layout changed?)"
    cp -R "$FONT/$item" "$STAGE/fonts/mathjax-newcm-font/"
done
# A README.md inside docs/ would be read as a page by MyST (conf.py also excludes _static).
find "$STAGE" -iname 'README*' -delete

mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST"
mv "$STAGE" "$DEST"
printf '%s\n' "$WANT" > "$STAMP"
touch "$STAMP"

echo "vendor_mathjax.sh: installed into ${DEST#"$ROOT"/} ($(du -sh "$DEST" | cut -f1), $(find "$DEST" -type f | wc -l) files)"
