#!/usr/bin/env bash
# The PDF's 仿宋 and 楷体: FandolFang and FandolKai (GPL with the font exception), from Debian's
# texlive-lang-chinese. Only the two font files (and the licence) are taken out of the package
# (`apt-get download` + `dpkg-deb`), into PDF_FANDOL_DIR (var/fandol): installing the package
# would pull in TeX Live (about 400 MB). The files are checked against their SHA-256, so every
# machine typesets with the same fonts. Does nothing when they are there, or when TeX Live's
# own copy is installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET=${PDF_FANDOL_DIR:-${PORTAL_VAR_DIR:-var}/fandol}
TEXLIVE=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
declare -A SHA256=(
    [FandolFang-Regular.otf]=d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9
    [FandolKai-Regular.otf]=ea7e7fb4f9b3ac694a68d43946e04d21deed6e8c29a7c2d3081e1a4138f2f827
)

have_all() {
    local dir=$1 name
    for name in "${!SHA256[@]}"; do
        [ -f "$dir/$name" ] || return 1
    done
}

verify() {
    local dir=$1 name
    for name in "${!SHA256[@]}"; do
        echo "${SHA256[$name]}  $dir/$name" | sha256sum --check --quiet --status || {
            echo "setup: $dir/$name is not the expected FandolFang/FandolKai release" >&2
            return 1
        }
    done
}

if have_all "$TARGET" && verify "$TARGET"; then
    exit 0
fi
if have_all "$TEXLIVE"; then
    exit 0  # the fonts module takes TeX Live's copy
fi

echo "setup: extracting the Fandol fonts from Debian's texlive-lang-chinese into $TARGET"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -q texlive-lang-chinese >/dev/null 2>&1) || {
    echo "setup: apt-get download texlive-lang-chinese failed (run apt-get update?)" >&2
    exit 1
}
deb=$(ls "$work"/texlive-lang-chinese_*.deb)
mkdir -p "$work/x"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" \
    ".$TEXLIVE/FandolFang-Regular.otf" ".$TEXLIVE/FandolKai-Regular.otf" \
    ./usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz ./usr/share/doc/texlive-doc/fonts/fandol/README
verify "$work/x$TEXLIVE"
mkdir -p "$TARGET"
cp "$work/x$TEXLIVE"/Fandol*.otf "$work/x/usr/share/doc/texlive-doc/fonts/fandol"/* "$TARGET"/
echo "setup: Fandol fonts in $TARGET ($(basename "$deb"))"
