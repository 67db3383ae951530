# shellcheck shell=bash
# Shared helpers for the cairn GitHub Action's scripts (sourced, not run).
# Every input reaches the scripts through environment variables set in action.yml's `env:`;
# nothing is ever pasted into a script with `${{ }}`.

# Writes `name=value` to the step's outputs (values never hold a newline here).
set_output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

# Appends stdin to the job summary, when there is one.
to_summary() {
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        cat >>"$GITHUB_STEP_SUMMARY"
    else
        cat >/dev/null
    fi
}

# Escapes a message for a workflow command (`::warning::MESSAGE`).
escape_data() {
    local s=$1
    s=${s//'%'/'%25'}
    s=${s//$'\r'/'%0D'}
    s=${s//$'\n'/'%0A'}
    printf '%s' "$s"
}

notice() { printf '::notice title=cairn::%s\n' "$(escape_data "$*")"; }
warning() { printf '::warning title=cairn::%s\n' "$(escape_data "$*")"; }
error() { printf '::error title=cairn::%s\n' "$(escape_data "$*")"; }

# Prints the SHA-256 of a file in lowercase hex.
sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | awk '{print $1}'
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | awk '{print $1}'
    else
        openssl dgst -sha256 -r "$1" | awk '{print $1}'
    fi
}

# Adds a folder to PATH for this job's later steps.
add_to_path() {
    if [ -n "${GITHUB_PATH:-}" ]; then
        printf '%s\n' "$1" >>"$GITHUB_PATH"
    fi
}

# The folder the scripts keep their files in for the job.
work_dir() {
    local dir="${RUNNER_TEMP:?RUNNER_TEMP is not set}/cairn-action"
    mkdir -p "$dir"
    printf '%s' "$dir"
}
