#!/usr/bin/env bash
# Step 3 of the cairn GitHub Action: `cairn check --format github`, one annotation per
# finding, and (cairn does this itself when GITHUB_STEP_SUMMARY is set) a table of every
# finding in the job summary. The step fails when cairn finds errors (or warnings, with
# deny-warnings), with cairn's exit code.
#
# Environment: CAIRN_ACTION_CAIRN (the binary), CAIRN_ACTION_ROOT (the root input),
# CAIRN_ACTION_DENY_WARNINGS ("true" or "false").
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/action/lib.sh
. "$here/lib.sh"

cairn=${CAIRN_ACTION_CAIRN:?CAIRN_ACTION_CAIRN is not set}
root=${CAIRN_ACTION_ROOT:-.}
args=(check --format github)
case "${CAIRN_ACTION_DENY_WARNINGS:-false}" in
true) args+=(--deny warnings) ;;
false) ;;
*)
    error "deny-warnings takes \"true\" or \"false\", not \"$CAIRN_ACTION_DENY_WARNINGS\""
    exit 2
    ;;
esac

exec "$cairn" "--root=$root" "${args[@]}"
