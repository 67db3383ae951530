#!/usr/bin/env bash
# Renders cairn's stakeholder page (or any HTML file) to a PNG with headless Chromium, for
# people to look at. Usage:
#   scripts/screenshot.sh [PLAN_DIR] [OUT.png]          # export html of PLAN_DIR, then render
#   HTML=page.html scripts/screenshot.sh - OUT.png      # render an existing page
# Needs chromium (Debian: apt-get install chromium) and a built cairn (CAIRN_BIN).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
plan="${1:-$here/examples/food-delivery}"
out="${2:-roadmap.png}"
bin="${CAIRN_BIN:-$here/target/release/cairn}"
width="${WIDTH:-1200}"
height="${HEIGHT:-1400}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ "$plan" = "-" ]; then
    page="$(cd "$(dirname "$HTML")" && pwd)/$(basename "$HTML")"
else
    [ -x "$bin" ] || { echo "no cairn binary at $bin: run cargo build --release or set CAIRN_BIN" >&2; exit 2; }
    page="$work/roadmap.html"
    "$bin" -C "$plan" export html --output "$page" >/dev/null
fi
command -v chromium >/dev/null || { echo "chromium not found: apt-get install chromium" >&2; exit 2; }
# The background-networking flags keep Chromium from stalling on a closed network.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size="$width,$height" \
    --screenshot="$(realpath -m "$out")" "file://$page" >/dev/null 2>&1
echo "$out"
