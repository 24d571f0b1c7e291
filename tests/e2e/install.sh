#!/usr/bin/env bash
# The install is relocatable: `cmake --install` into one prefix, move the whole tree
# elsewhere, and the binary still finds its shipped decks at ../share/archdrill.
# usage: install.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/first" >/dev/null
for f in bin/archdrill share/archdrill/decks/README.md share/archdrill/assets/fonts/Inter-Regular.otf; do
    [ -e "$tmp/first/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
mv "$tmp/first" "$tmp/moved"
# A deck only the moved tree has proves the binary read that tree (and not the source
# tree it can fall back to in development).
printf '# Only here\n## Q?\nA.\n' >"$tmp/moved/share/archdrill/decks/only-here.md"
# Run from an unrelated folder so nothing relative to the cwd can help.
out=$(cd / && ARCHDRILL_DATA_DIR="$tmp/data" "$tmp/moved/bin/archdrill" check)
echo "$out"
case "$out" in ok:*) ;; *) echo "FAIL: check did not find the shipped decks"; exit 1 ;; esac
n_src=$(find "$(dirname "$0")/../../decks" -name '*.md' ! -name README.md ! -name SOURCES.md | wc -l)
n_src=$((n_src + 1))
case "$out" in "ok: $n_src file"*) ;; *) echo "FAIL: expected $n_src deck files"; exit 1 ;; esac
echo "1 passed, 0 failed"
