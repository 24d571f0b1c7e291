#!/bin/sh
# Renders the app icon's PNG sizes for the hicolor theme from the SVG. The PNGs are
# committed, so building never needs this; run it again after editing the SVG.
#   sh packaging/icons/render.sh        (needs rsvg-convert: apt install librsvg2-bin)
set -eu
cd "$(dirname "$0")/hicolor"
id=io.github.archdrill.Archdrill
for n in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "${n}x${n}/apps"
    rsvg-convert -w "$n" -h "$n" "scalable/apps/$id.svg" -o "${n}x${n}/apps/$id.png"
done
