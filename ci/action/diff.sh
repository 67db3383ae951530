#!/usr/bin/env bash
# Step 4 of the cairn GitHub Action, on pull requests: the plan diff of the pull request
# (`cairn diff BASE...HEAD --format markdown`) into the job summary and a file for the
# comment step.
#
# `actions/checkout` fetches one commit by default: the merge commit GitHub made of the pull
# request (refs/pull/N/merge). This script fetches what the diff needs itself: the base
# branch and the pull request's head, deepening the history until their merge base is in
# the clone (`--unshallow` as the last resort). The working tree is left alone.
#
# Environment: CAIRN_ACTION_CAIRN (the binary), CAIRN_ACTION_ROOT (the root input),
# CAIRN_ACTION_DIFF ("true" or "false"), CAIRN_ACTION_FETCH_DEPTH (the first fetch's depth,
# default 50; each further fetch doubles it).
# Set by GitHub: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_BASE_REF, RUNNER_TEMP,
# GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
# Outputs: diff-file (the Markdown), changes ("true" or "false"), range, merge-base.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/action/lib.sh
. "$here/lib.sh"

case "${CAIRN_ACTION_DIFF:-true}" in
true) ;;
false)
    echo "cairn: the diff input is false: no plan diff"
    exit 0
    ;;
*)
    error "diff takes \"true\" or \"false\", not \"$CAIRN_ACTION_DIFF\""
    exit 2
    ;;
esac
case "${GITHUB_EVENT_NAME:-}" in
pull_request | pull_request_target) ;;
*)
    echo "cairn: ${GITHUB_EVENT_NAME:-this event} is not a pull request: no plan diff"
    exit 0
    ;;
esac

cairn=${CAIRN_ACTION_CAIRN:?CAIRN_ACTION_CAIRN is not set}
root=${CAIRN_ACTION_ROOT:-.}
depth=${CAIRN_ACTION_FETCH_DEPTH:-50}
if ! [[ $depth =~ ^[1-9][0-9]*$ ]]; then
    error "fetch-depth takes a positive number, not \"$depth\""
    exit 2
fi
work=$(work_dir)

event=${GITHUB_EVENT_PATH:-}
base_ref=${GITHUB_BASE_REF:-}
pr=
if [ -n "$event" ] && [ -f "$event" ]; then
    pr=$(jq -r '.pull_request.number // .number // empty' "$event")
    [ -n "$base_ref" ] || base_ref=$(jq -r '.pull_request.base.ref // empty' "$event")
fi
if [ -z "$base_ref" ] || ! git check-ref-format --branch "$base_ref" >/dev/null 2>&1; then
    error "no usable base branch for the plan diff (GITHUB_BASE_REF is \"$base_ref\")"
    exit 2
fi
[[ $pr =~ ^[0-9]+$ ]] || pr=

# The pull request's head: the checkout is GitHub's merge commit (its second parent is the
# head), or the head itself when the workflow checked that out. Read from the commit object,
# which a depth-1 clone has even though it lacks the parents.
head_sha=$(git rev-parse --verify 'HEAD^{commit}')
second_parent=$(git cat-file -p "$head_sha" | awk '/^$/ { body = 1 } !body && /^parent / { n++; if (n == 2) print $2 }')
if [ -n "$second_parent" ]; then
    head_sha=$second_parent
fi

refspecs=("+refs/heads/$base_ref:refs/remotes/origin/$base_ref")
if [ -n "$pr" ]; then
    refspecs+=("+refs/pull/$pr/head:refs/remotes/pull/$pr/head")
fi
fetch() {
    echo "cairn: git fetch $* origin ${refspecs[*]}"
    git fetch --no-tags --no-recurse-submodules --quiet "$@" origin "${refspecs[@]}"
}
is_shallow() { [ "$(git rev-parse --is-shallow-repository)" = true ]; }
found_merge_base() {
    git cat-file -e "$head_sha^{commit}" 2>/dev/null &&
        merge_base=$(git merge-base "refs/remotes/origin/$base_ref" "$head_sha" 2>/dev/null)
}

start=$(date +%s)
first_fetch=()
if is_shallow; then
    first_fetch=(--depth="$depth")
fi
if ! fetch ${first_fetch[@]+"${first_fetch[@]}"} && [ "${#refspecs[@]}" -gt 1 ]; then
    # A remote without GitHub's refs/pull/N/head: the base branch alone.
    refspecs=("${refspecs[0]}")
    fetch ${first_fetch[@]+"${first_fetch[@]}"}
fi
if [ -z "$second_parent" ] && [ "$GITHUB_EVENT_NAME" = pull_request_target ] &&
    git rev-parse -q --verify "refs/remotes/pull/$pr/head^{commit}" >/dev/null; then
    # pull_request_target checks out the base branch: the head is the pull request's ref.
    head_sha=$(git rev-parse "refs/remotes/pull/$pr/head")
fi
if [ -n "$pr" ] && ! git cat-file -e "$head_sha^{commit}" 2>/dev/null; then
    # Pushed again since the checkout: fetch the checked-out head by its id.
    git fetch --no-tags --quiet --depth="$depth" origin "$head_sha"
fi
merge_base=
deepen=$depth
attempt=0
until found_merge_base; do
    if ! is_shallow; then
        warning "origin/$base_ref and the pull request share no history: no plan diff"
        exit 0
    fi
    attempt=$((attempt + 1))
    if [ "$attempt" -le 5 ]; then
        echo "cairn: no merge base of origin/$base_ref and $head_sha yet: deepening the history by $deepen commits"
        fetch --deepen="$deepen"
        deepen=$((deepen * 2))
    else
        echo "cairn: still no merge base: fetching the whole history"
        fetch --unshallow
    fi
done
echo "cairn: merge base $merge_base, found in $(($(date +%s) - start))s"

head_name=$(git rev-parse --short "$head_sha")
if [ -n "$pr" ] && [ "$(git rev-parse -q --verify "refs/remotes/pull/$pr/head^{commit}" || true)" = "$head_sha" ]; then
    head_name="pull/$pr/head"
fi
range="origin/$base_ref...$head_name"
out="$work/plan-diff.md"
status=0
"$cairn" "--root=$root" diff "$range" --format markdown --exit-code >"$out" 2>"$work/diff.err" || status=$?
case "$status" in
0) changes=false ;;
1) changes=true ;;
*)
    cat "$work/diff.err" >&2
    error "cairn diff $range failed (exit $status): $(cat "$work/diff.err")"
    exit "$status"
    ;;
esac
echo "cairn: plan diff $range (changes: $changes)"
{ echo; cat "$out"; } | to_summary
set_output diff-file "$out"
set_output changes "$changes"
set_output range "$range"
set_output merge-base "$merge_base"
