#!/usr/bin/env bash
# The Debian package: builds it with cpack in the build tree, then checks
#   - its files: the binary, every deck, every font with its licence, the desktop entry,
#     the icons (SVG + PNG sizes) in hicolor, the AppStream metainfo, the man page;
#   - its control fields: Depends names SDL2, SDL2_ttf, SQLite, cJSON, md4c, libpng; the
#     Version is the binary's;
#   - share/doc/archdrill holds a machine-readable (DEP-5) copyright file and the gzipped
#     changelog of this version;
#   - lintian reports no error (E:) when it is installed (packaging/deps.sh --test installs
#     it on apt systems);
#   - the desktop entry passes desktop-file-validate, the metainfo and the tree pass
#     appstreamcli validate / validate-tree (offline), and each screenshot it describes is
#     a committed PNG of the stated size;
#   - the man page renders without warnings and has an entry for every command of cli.c's
#     COMMANDS table and every "command subcommand" line of its usage text;
#   - extracted anywhere with dpkg -x, its usr/bin/archdrill runs `check` from another
#     folder on the decks shipped beside it.
# usage: package.sh BUILD_DIR SOURCE_DIR [CPACK]
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
cpack=${3:-cpack}
id=io.github.archdrill.Archdrill
# Where the metainfo's screenshot URLs point: the repository's packaging/screenshots/.
shots_url=https://raw.githubusercontent.com/archdrill/archdrill/main/

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
die() {
    echo "FAIL: $*"
    echo "0 passed, 1 failed"
    exit 1
}

for tool in "$cpack" dpkg-deb desktop-file-validate appstreamcli man grotty; do
    command -v "$tool" >/dev/null ||
        die "$tool is missing (sh packaging/deps.sh --test installs the test tools)"
done

# ---- build the package ------------------------------------------------------------------
(cd "$build" && "$cpack" -G DEB -B "$tmp/out") >"$tmp/cpack.log" 2>&1 ||
    { cat "$tmp/cpack.log"; die "cpack -G DEB failed"; }
debs=("$tmp"/out/*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || die "cpack made no single .deb: ${debs[*]}"
deb=${debs[0]}
echo "package: $(basename "$deb") ($(($(stat -c %s "$deb") / 1024)) KiB)"

# ---- its files --------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$tmp/files"
has() { grep -qxF "$1" "$tmp/files" || fail "not in the package: $1"; }
has usr/bin/archdrill
has usr/share/applications/$id.desktop
has usr/share/metainfo/$id.metainfo.xml
has usr/share/icons/hicolor/scalable/apps/$id.svg
for n in 16 22 24 32 48 64 128 256 512; do
    has usr/share/icons/hicolor/${n}x${n}/apps/$id.png
done
grep -qxE 'usr/share/man/man1/archdrill\.1(\.gz)?' "$tmp/files" || fail "no man page in man1"
# Every shipped deck and asset (the fonts and their licences), as in the source tree.
n_data=0
while IFS= read -r f; do
    has "usr/share/archdrill/$f"
    n_data=$((n_data + 1))
done < <(cd "$src" && find decks assets -type f | sort)
n_fonts=$(grep -cE '^usr/share/archdrill/assets/fonts/.*\.(otf|ttf)$' "$tmp/files" || true)
n_licences=$(grep -ciE '^usr/share/archdrill/assets/fonts/.*licen[cs]e' "$tmp/files" || true)
[ "$n_fonts" -ge 1 ] && [ "$n_licences" -ge 1 ] ||
    fail "fonts ($n_fonts) or their licences ($n_licences) missing"
echo "files: $(wc -l <"$tmp/files") entries, $n_data decks and assets, $n_fonts fonts, $n_licences licences"

# ---- control fields ---------------------------------------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in 'libsdl2-[0-9]' 'libsdl2-ttf-' 'libsqlite3-' 'libcjson' 'libmd4c' 'libpng16-' 'libc6'; do
    echo "$depends" | grep -qE "(^|, )$lib" || fail "Depends does not name $lib"
done
for field in Package Version Architecture Maintainer Section Description Homepage; do
    [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "no $field field"
done

# ---- extract it anywhere ------------------------------------------------------------------
root=$tmp/root
dpkg -x "$deb" "$root"

# ---- copyright and changelog ----------------------------------------------------------------
doc=$root/usr/share/doc/archdrill
if [ -f "$doc/copyright" ]; then
    head -n 1 "$doc/copyright" |
        grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
        fail "the copyright file is not in the machine-readable format"
    for l in OFL-1.1 CC-BY-4.0; do
        grep -qx "License: $l" "$doc/copyright" || fail "the copyright file has no $l text"
    done
else
    fail "no usr/share/doc/archdrill/copyright"
fi
if [ -f "$doc/changelog.gz" ]; then
    top=$(gzip -dc "$doc/changelog.gz" | head -n 1)
    deb_version=$(dpkg-deb -f "$deb" Version)
    case "$top" in
        "archdrill ($deb_version) "*) ;;
        *) fail "the changelog starts '$top', not version $deb_version" ;;
    esac
else
    fail "no usr/share/doc/archdrill/changelog.gz"
fi
echo "doc: copyright and changelog.gz"

# ---- lintian ------------------------------------------------------------------------------
# No error. Warnings may stay: duplicate-font-file (the bundled Inter and JetBrains Mono are
# also packaged as fonts-inter and fonts-jetbrains-mono; archdrill ships its own so its
# text measures the same everywhere and the tree runs wherever it is extracted).
if command -v lintian >/dev/null; then
    lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.log" 2>&1 || true
    if grep -q '^E: ' "$tmp/lintian.log"; then
        cat "$tmp/lintian.log"
        fail "lintian reports errors"
    fi
    echo "lintian: no errors ($(grep -c '^W: ' "$tmp/lintian.log" || true) warnings)"
else
    echo "lintian: not installed, skipped (sh packaging/deps.sh --test installs it)"
fi

# ---- desktop entry ------------------------------------------------------------------------
desktop=$root/usr/share/applications/$id.desktop
if [ -f "$desktop" ]; then
    out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
    # It exits 0 with warnings; those count too (hints, its mildest level, do not).
    if echo "$out" | grep -qiE 'error|warning'; then fail "desktop-file-validate: $out"; fi
    grep -qx "Icon=$id" "$desktop" || fail "the desktop entry's Icon is not $id"
    exe=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
    [ -x "$root/usr/bin/$exe" ] || fail "the desktop entry runs '$exe', not in usr/bin"
    echo "desktop entry: valid"
fi

# ---- AppStream ----------------------------------------------------------------------------
meta=$root/usr/share/metainfo/$id.metainfo.xml
if [ -f "$meta" ]; then
    # Passes with no error or warning. Only a pedantic note remains, which appstreamcli
    # prints with --pedantic alone: upper case in the id (cid-contains-uppercase-letter),
    # kept so the id matches the desktop file and icon names it has shipped with.
    appstreamcli validate --no-net "$meta" >"$tmp/as.log" 2>&1 ||
        { cat "$tmp/as.log"; fail "appstreamcli validate"; }
    # The whole tree: the metainfo's launchable desktop file and its icon are there.
    appstreamcli validate-tree --no-net "$root" >"$tmp/astree.log" 2>&1 ||
        { cat "$tmp/astree.log"; fail "appstreamcli validate-tree"; }
    n_shots=$(grep -c '<screenshot[ >]' "$meta" || true)
    n_captions=$(grep -c '<caption>' "$meta" || true)
    [ "$n_shots" -ge 1 ] && [ "$n_captions" -ge "$n_shots" ] ||
        fail "$n_shots screenshots with $n_captions captions"
    # Each screenshot URL names a PNG committed in this repository, of the stated size.
    while IFS= read -r line; do
        url=$(echo "$line" | sed 's|.*>\(https://[^<]*\)<.*|\1|')
        w=$(echo "$line" | sed -n 's/.*width="\([0-9]*\)".*/\1/p')
        h=$(echo "$line" | sed -n 's/.*height="\([0-9]*\)".*/\1/p')
        case "$url" in "$shots_url"*) ;; *) fail "screenshot outside $shots_url: $url"; continue ;; esac
        png=$src/${url#"$shots_url"}
        [ -f "$png" ] || { fail "screenshot $url: no ${png#"$src"/}"; continue; }
        read -r a b c d e f g i < <(od -An -tu1 -j16 -N8 "$png")
        size="$((a * 16777216 + b * 65536 + c * 256 + d))x$((e * 16777216 + f * 65536 + g * 256 + i))"
        [ "$size" = "${w}x$h" ] || fail "screenshot ${png#"$src"/} is $size, the metainfo says ${w}x$h"
    done < <(grep '<image' "$meta")
    echo "metainfo: valid, $n_shots screenshots with captions"
fi

# ---- man page -----------------------------------------------------------------------------
man_page=$(ls "$root"/usr/share/man/man1/archdrill.1* 2>/dev/null | head -n 1 || true)
if [ -n "$man_page" ]; then
    LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$man_page" \
        2>"$tmp/man.err" >/dev/null || fail "man -l failed"
    if [ -s "$tmp/man.err" ]; then
        cat "$tmp/man.err"
        fail "man -l warns"
    fi
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l -Tutf8 -Z "$man_page" 2>/dev/null |
        grotty -c -b -o -u >"$tmp/man.txt"
    section() { sed -n "/^$1\$/,/^[A-Z]/p" "$tmp/man.txt"; }
    section COMMANDS >"$tmp/man.commands"
    section OPTIONS >"$tmp/man.options"
    # The commands: COMMANDS in cli.c, plus "bench sched"-style lines of the usage text.
    cli=$src/src/cli/cli.c
    sed -n '/COMMANDS\[\] *= *{/,/};/p' "$cli" | grep -o '{ *"[a-z][a-z0-9-]*"' |
        tr -d '{" ' >"$tmp/commands"
    [ -s "$tmp/commands" ] || fail "no COMMANDS table found in src/cli/cli.c"
    sed -n '/"commands:/,/"options:/p' "$cli" | sed -n 's/^ *"  \([a-z]\)/\1/p' | sed 's/  .*//' |
        awk '{ s = ""; for (i = 1; i <= NF && $i ~ /^[a-z][a-z0-9-]*$/; i++) s = s (s ? " " : "") $i; print s }' \
            >>"$tmp/commands"
    n_cmd=0
    while IFS= read -r cmd; do
        n_cmd=$((n_cmd + 1))
        grep -qE "^ {7}$cmd( |\$)" "$tmp/man.commands" ||
            fail "the man page's COMMANDS has no entry for '$cmd' (see packaging/archdrill.1)"
    done < <(sort -u "$tmp/commands")
    for opt in --data-dir --help --version; do
        grep -qE -- "(^| )$opt( |,|\$)" "$tmp/man.options" || fail "the man page's OPTIONS lacks $opt"
    done
    echo "man page: renders without warnings; $n_cmd commands checked"
fi

# ---- the extracted binary runs on the data shipped beside it --------------------------------
bin=$root/usr/bin/archdrill
version=$(dpkg-deb -f "$deb" Version)
got=$("$bin" --version) || fail "archdrill --version failed"
[ "$got" = "archdrill ${version%%-*}" ] || fail "the binary says '$got', the package $version"
run_check() {
    (cd / && env -u ARCHDRILL_DATA_ROOT -u ARCHDRILL_DATA_DIR HOME="$tmp/home" \
        XDG_DATA_HOME="$tmp/home/data" "$bin" --data-dir "$tmp/data" check)
}
out=$(run_check) || { echo "$out"; die "the extracted archdrill check failed"; }
echo "extracted check: $out"
case "$out" in ok:*) ;; *) die "check did not print ok:" ;; esac
# A deck only the extracted tree has proves the binary read that tree (and not the source
# tree a development build falls back to).
printf '# Only here\n## Q?\nA.\n' >"$root/usr/share/archdrill/decks/only-here.md"
# (Its lint warnings, if any, do not matter here.)
out2=$(run_check 2>"$tmp/check2.err") ||
    { echo "$out2"; cat "$tmp/check2.err"; die "check failed with the extra deck"; }
n1=$(echo "$out" | sed -n 's/^ok: \([0-9]*\) file.*/\1/p')
n2=$(echo "$out2" | sed -n 's/^ok: \([0-9]*\) file.*/\1/p')
[ -n "$n1" ] && [ "$n2" = "$((n1 + 1))" ] ||
    fail "check did not read the extracted tree's decks ($out, then $out2)"

if [ "$failures" -ne 0 ]; then
    echo "0 passed, 1 failed ($failures problems)"
    exit 1
fi
echo "1 passed, 0 failed"
