#!/usr/bin/env bash
# Step 5 of the cairn GitHub Action, on pull requests: keeps ONE comment with the plan diff
# on the pull request, through the GitHub REST API. The comment carries a hidden marker; the
# first run that finds plan changes creates it, later runs edit it (never a second comment).
# A pull request that changes nothing in the plan gets no comment, but an existing comment is
# edited to say so. When the token may not write (HTTP 403, e.g. without
# `permissions: pull-requests: write`, or on a pull request from a fork), the job summary
# says how to allow it; the job does not fail for the comment.
#
# Environment: CAIRN_ACTION_COMMENT ("true" or "false"), CAIRN_ACTION_DIFF_FILE and
# CAIRN_ACTION_CHANGES (diff.sh's outputs), GITHUB_TOKEN (the token input).
# Set by GitHub: GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, RUNNER_TEMP,
# GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
# Outputs: comment-id, comment-url.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/action/lib.sh
. "$here/lib.sh"

readonly marker='<!-- cairn-plan-diff -->'
# GitHub refuses comment bodies over 65536 characters.
readonly max_bytes=60000

case "${CAIRN_ACTION_COMMENT:-true}" in
true) ;;
false)
    echo "cairn: the comment input is false: no pull request comment"
    exit 0
    ;;
*)
    error "comment takes \"true\" or \"false\", not \"$CAIRN_ACTION_COMMENT\""
    exit 2
    ;;
esac
diff_file=${CAIRN_ACTION_DIFF_FILE:-}
if [ -z "$diff_file" ] || [ ! -f "$diff_file" ]; then
    echo "cairn: no plan diff (not a pull request, or the diff step did not run): no comment"
    exit 0
fi
token=${GITHUB_TOKEN:-}
if [ -z "$token" ]; then
    warning "no token: the plan diff is in the job summary only (the token input is empty)"
    exit 0
fi
if [[ $token =~ [[:space:]] ]]; then
    error "the token input holds white space"
    exit 2
fi
repo=${GITHUB_REPOSITORY:-}
if ! [[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
    error "GITHUB_REPOSITORY is not owner/name: \"$repo\""
    exit 2
fi
pr=$(jq -r '.pull_request.number // .number // empty' "${GITHUB_EVENT_PATH:?GITHUB_EVENT_PATH is not set}")
if ! [[ $pr =~ ^[0-9]+$ ]]; then
    error "no pull request number in $GITHUB_EVENT_PATH"
    exit 2
fi
api=${GITHUB_API_URL:-https://api.github.com}
api=${api%/}
work=$(work_dir)

# The token goes to curl in a file readable by this user only, not on a command line.
headers="$work/api-headers"
(
    umask 077
    printf 'Authorization: Bearer %s\n' "$token" >"$headers"
)
trap 'rm -f "$headers"' EXIT
response="$work/api-response.json"

# api METHOD URL [JSON-FILE]: the HTTP status in $status, the body in $response.
api() {
    local args=(--silent --show-error --location --retry 2 --connect-timeout 10 --max-time 60
        --request "$1" --header "@$headers"
        --header 'Accept: application/vnd.github+json'
        --header 'X-GitHub-Api-Version: 2022-11-28'
        --header 'User-Agent: cairn-action'
        --output "$response" --write-out '%{http_code}')
    if [ $# -ge 3 ]; then
        args+=(--header 'Content-Type: application/json' --data-binary "@$3")
    fi
    : >"$response"
    status=$(curl "${args[@]}" "$2") || status=000
}

# The API's own words about a failed call, safe inside Markdown code.
api_message() {
    jq -r '.message // empty' "$response" 2>/dev/null | tr -d '`\r\n' | cut -c1-200 || true
}

# The token may not read or write comments: say in the job summary how to allow it.
cannot_comment() {
    local what=$1 message
    message=$(api_message)
    warning "cannot $what the plan diff comment (HTTP $status${message:+: $message}); the diff is in the job summary. Give the job \`permissions: pull-requests: write\` to get the comment."
    to_summary <<SUMMARY

#### cairn could not $what its pull request comment

GitHub answered HTTP $status${message:+ (\`$message\`)}: the workflow's token may not write
pull request comments. The plan diff above stays in this job summary. To have cairn keep one
comment with the plan diff up to date on the pull request, give the job (or the workflow)
that permission:

\`\`\`yaml
permissions:
  contents: read
  pull-requests: write
\`\`\`

Pull requests from forks always get a read-only token, whatever the workflow asks for; there
the diff stays in the job summary. Set the action's \`comment\` input to \`"false"\` to skip the
comment altogether.
SUMMARY
    exit 0
}

other_failure() {
    warning "GitHub API: $1 answered HTTP $status $(api_message); the plan diff is in the job summary only"
    exit 0
}

# Finds the comment with the marker, page by page.
comment_id=
page=1
while :; do
    api GET "$api/repos/$repo/issues/$pr/comments?per_page=100&page=$page"
    case "$status" in
    200) ;;
    401 | 403 | 404) cannot_comment read ;;
    *) other_failure "listing the comments" ;;
    esac
    comment_id=$(jq -r --arg m "$marker" \
        'map(select((.body // "") | startswith($m))) | first | .id // empty' "$response")
    count=$(jq 'length' "$response")
    if [ -n "$comment_id" ] || [ "$count" -lt 100 ] || [ "$page" -ge 30 ]; then
        break
    fi
    page=$((page + 1))
done

if [ -z "$comment_id" ] && [ "${CAIRN_ACTION_CHANGES:-true}" = false ]; then
    echo "cairn: the pull request changes nothing in the plan: no comment"
    exit 0
fi

# The comment: the marker, the diff (cut to fit, with its open <details> closed), a footer.
body="$work/comment.md"
{
    printf '%s\n' "$marker"
    if [ "$(wc -c <"$diff_file")" -le "$max_bytes" ]; then
        cat "$diff_file"
    else
        cut_file="$work/plan-diff-cut.md"
        head -c "$max_bytes" "$diff_file" | sed '$d' >"$cut_file"
        cat "$cut_file"
        opened=$(grep -c '<details>' "$cut_file" || true)
        closed=$(grep -c '</details>' "$cut_file" || true)
        for ((i = closed; i < opened; i++)); do printf '\n</details>\n'; done
        printf '\n**The plan diff is longer than a comment can hold: the whole diff is in the job summary.**\n'
    fi
    printf '\n<sub>cairn keeps this comment up to date on every push.</sub>\n'
} >"$body"
payload="$work/comment.json"
jq -Rs '{body: .}' <"$body" >"$payload"

if [ -n "$comment_id" ]; then
    api PATCH "$api/repos/$repo/issues/comments/$comment_id" "$payload"
    verb=update
    [ "$status" = 200 ] || { case "$status" in 401 | 403 | 404) cannot_comment update ;; *) other_failure "updating comment $comment_id" ;; esac }
else
    api POST "$api/repos/$repo/issues/$pr/comments" "$payload"
    verb=create
    [ "$status" = 201 ] || { case "$status" in 401 | 403 | 404) cannot_comment create ;; *) other_failure "creating the comment" ;; esac }
fi
comment_id=$(jq -r '.id // empty' "$response")
url=$(jq -r '.html_url // empty' "$response")
echo "cairn: ${verb}d the plan diff comment ${url:-$comment_id}"
set_output comment-id "$comment_id"
set_output comment-url "$url"
