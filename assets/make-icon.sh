#!/usr/bin/env bash
# Draws assets/icon.png (256x256): a rounded deep-blue tile with a serif "H"
# in Charis SIL and a warm underline. Needs ImageMagick.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 256x256 xc:none \
  -fill '#1F4E82' -draw 'roundrectangle 8,8 248,248 48,48' \
  -font fonts/CharisSIL-Bold.ttf -pointsize 170 -fill '#FBF8F1' \
  -gravity center -annotate +0-10 'H' \
  -fill '#F2A541' -draw 'roundrectangle 70,200 186,212 6,6' \
  icon.png
