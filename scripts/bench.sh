#!/usr/bin/env bash
# Builds cairn in release mode and runs the benchmark suite (scripts/bench.py): every
# operation's median of 5 runs next to its physical floor, with the ratio and the target.
#
#   scripts/bench.sh              # the table
#   scripts/bench.sh --scaling    # plus growth at three plan sizes and three history lengths
#   BENCH_DIR=/tmp/x scripts/bench.sh --runs 9
#
# Data is generated (deterministically, once) outside the repository, in $BENCH_DIR
# (default /tmp/cairn-bench). Needs python3 and git; GNU time (Debian: `time`) for exact
# peak memory.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
exec python3 "$repo/scripts/bench.py" --bin "$repo/target/release/cairn" "$@"
