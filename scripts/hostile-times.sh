#!/usr/bin/env bash
# Times the inputs that used to hang or blow up (issue 11), with a release build: each must
# finish in well under a second and print a small multiple of its input. Prints one line per
# case: seconds, exit code, output bytes, input bytes.
#
#   scripts/hostile-times.sh            # builds release, data in a temp folder
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$repo/target}/release/cairn"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir roadmap backlog
git init -q && git config user.email t@example.com && git config user.name T
printf -- "---\ntitle: Core\nstatus: active\npriority: 1\ntarget: 2027-Q1\n---\n" > roadmap/core.md
python3 - <<'PY'
open('backlog/S-1.md', 'w').write('---\ntitle: deep\ninitiative: core\nx: ' + '[' * 100000 + ']' * 100000 + '\n---\n')
open('backlog/S-2.md', 'w').write('---\ntitle: quotes\ninitiative: core\n---\n' + '> ' * 10000 + 'deep\n' + ('word ' * 20 + '\n') * 1900)
open('backlog/S-3.md', 'w').write('---\ntitle: lists\ninitiative: core\n---\n' + '- ' * 20000 + 'x\n')
open('backlog/S-4.md', 'w').write('---\ntitle: quoted lists\ninitiative: core\n---\n' + '> - ' * 20000 + 'x\n')
PY
git add -A && GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z git commit -qm plan
export CAIRN_TODAY=2026-11-24 NO_COLOR=1
input=$(cat roadmap/*.md backlog/*.md | wc -c)
run() {
    local start end code=0
    start=$(date +%s.%N)
    "$@" > "$work/out" 2>&1 || code=$?
    end=$(date +%s.%N)
    printf '%-48s %6.3f s  exit %s  %9s bytes out\n' "${*#"$bin" }" "$(echo "$end - $start" | bc)" "$code" "$(wc -c < "$work/out")"
}
echo "plan: $input bytes"
run "$bin" check
run "$bin" show S-2
run "$bin" show S-3
run "$bin" show S-4
run "$bin" report --until 9999-12-31 --format json
run "$bin" report --since 0001-01-01
CAIRN_TODAY=9999-12-30 run "$bin" check
python3 -c "print('x: ' + '[' * 100000 + ']' * 100000)" > cairn.yml
run "$bin" check
