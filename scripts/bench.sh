#!/usr/bin/env bash
# Benchmark cairn on a large generated plan against a `cat` floor. Builds nothing.
#
# Usage:
#   scripts/bench.sh                       # cairn -C PLAN check --format json
#   scripts/bench.sh -- backlog --format json   # cairn -C PLAN <args> instead of check
#   BENCH_EXTRA='backlog --format json; roadmap --format json' scripts/bench.sh
#                                          # extra cairn rows (';'-separated argument lists)
#
# Environment (defaults):
#   CAIRN_BIN          target/release/cairn (relative to the repository root)
#   BENCH_DIR          /tmp/cairn-bench      the plan goes to $BENCH_DIR/plan
#   BENCH_INITIATIVES  200    BENCH_ITEMS 20000    BENCH_SEED 42
#   BENCH_GIT          (empty) number of commits: make the plan a git repository
#   BENCH_RUNS         5      BENCH_WARMUP 1
#   BENCH_OK_CODES     0,1    cairn exit codes that count as a run (1 = check found errors)
#
# The plan is (re)generated with scripts/gen-plan.py when missing or when the parameters
# or the generator changed (stamp in $BENCH_DIR/plan.params). Each command runs WARMUP
# times unmeasured then RUNS times; wall clock and peak RSS come from scripts/measure.py
# (posix_spawn + wait4). Prints a Markdown table on stdout. Without a cairn binary the
# floor is still measured, the cairn rows are skipped, and the exit status is 1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cairn=${CAIRN_BIN:-$repo/target/release/cairn}
bench_dir=${BENCH_DIR:-/tmp/cairn-bench}
initiatives=${BENCH_INITIATIVES:-200}
items=${BENCH_ITEMS:-20000}
seed=${BENCH_SEED:-42}
git_commits=${BENCH_GIT:-}
runs=${BENCH_RUNS:-5}
warmup=${BENCH_WARMUP:-1}
ok_codes=${BENCH_OK_CODES:-0,1}
plan=$bench_dir/plan

# cairn argument lists: args (after an optional `--`) replace the default check;
# BENCH_EXTRA adds more (split on ';', then on whitespace)
[[ ${1-} == -- ]] && shift
if (($#)); then primary=("$@"); else primary=(check --format json); fi
extras=()
if [[ -n ${BENCH_EXTRA-} ]]; then
  IFS=';' read -ra parts <<<"$BENCH_EXTRA"
  for e in "${parts[@]}"; do
    read -ra words <<<"$e"
    ((${#words[@]})) && extras+=("${words[*]}")
  done
fi

# ---- plan
mkdir -p "$bench_dir"
stamp="initiatives=$initiatives items=$items seed=$seed git=$git_commits gen=$(sha1sum "$here/gen-plan.py" | cut -c1-12)"
if [[ ! -f $bench_dir/plan.params || $(cat "$bench_dir/plan.params") != "$stamp" || ! -d $plan ]]; then
  echo "bench: generating plan ($stamp) in $plan" >&2
  rm -rf "$plan" "$bench_dir/plan.params"
  gen=(python3 "$here/gen-plan.py" "$plan" --initiatives "$initiatives" --items "$items" --seed "$seed")
  [[ -n $git_commits ]] && gen+=(--git "$git_commits")
  "${gen[@]}"
  echo "$stamp" >"$bench_dir/plan.params"
else
  echo "bench: reusing plan in $plan ($stamp)" >&2
fi

results=$(mktemp "$bench_dir/results.XXXXXX.jsonl")
trap 'rm -f "$results"' EXIT
status=0
measure=(python3 "$here/measure.py" run --out "$results" --runs "$runs" --warmup "$warmup")

# ---- floor: read every plan file once
floor_cmd="{ cat cairn.yml; find roadmap backlog -name '*.md' -print0 | xargs -0 cat; } > /dev/null"
"${measure[@]}" --label "cat (floor)" --cwd "$plan" -- bash -c "$floor_cmd" || status=1

# ---- cairn
if [[ -x $cairn ]]; then
  version=$("$cairn" --version 2>/dev/null | head -n1 || true)
  version="$cairn: ${version:-(no --version output)}"
  run_cairn() {
    "${measure[@]}" --label "cairn $*" --ok-codes "$ok_codes" -- "$cairn" -C "$plan" "$@" || status=1
  }
  run_cairn "${primary[@]}"
  for e in "${extras[@]}"; do
    read -ra words <<<"$e"
    run_cairn "${words[@]}"
  done
else
  version="(no cairn binary)"
  echo "bench: cairn binary not found or not executable at $cairn" >&2
  skipped="cairn ${primary[*]}"
  for e in "${extras[@]}"; do skipped+="; cairn $e"; done
  echo "bench: build it (cargo build --release) or set CAIRN_BIN; skipped: $skipped" >&2
  status=1
fi

echo "## cairn benchmark"
echo
echo "$version; $(nproc) cores; $(uname -sr); plan: $stamp"
echo
python3 "$here/measure.py" table "$results" --plan "$plan" --floor "cat (floor)"
exit $status
