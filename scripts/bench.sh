#!/usr/bin/env bash
# Builds cairn in release mode and runs the benchmark suite (scripts/bench.py): every target
# row's median next to its physical floor, measured side by side, with the ratio and the
# target; then growth tables at 5k, 10k and 20k items.
#
#   scripts/bench.sh                  # full: 5 runs per target row, growth at three sizes
#   scripts/bench.sh --quick          # a few minutes: 3 runs, growth at two sizes
#   scripts/bench.sh --prepare        # only generate the data
#   scripts/bench.sh --only 'report|log' --no-growth
#   BENCH_DIR=/tmp/x scripts/bench.sh --runs 9 --json /tmp/x/results.json
#
# Data is generated (deterministically, once per parameter set) outside the repository, in
# $BENCH_DIR (default /tmp/cairn-bench; about 0.6 GB for the full set). Needs python3 and git;
# GNU time (Debian: `apt-get install time`) for exact peak memory. Honours CARGO_TARGET_DIR.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
exec python3 "$repo/scripts/bench.py" --bin "$target/release/cairn" "$@"
