#!/usr/bin/env bash
# Step 2 of the cairn GitHub Action, only when install.sh found no release binary: builds
# cairn from the action's own source with `cargo install --locked`, into a folder the cache
# step restores, so the build happens once per version and platform.
#
# Environment: CAIRN_ACTION_BUILD_ROOT (install.sh's build-root output).
# Set by GitHub: GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH.
# Outputs: cairn (the binary's path), version.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/action/lib.sh
. "$here/lib.sh"

action_path=${GITHUB_ACTION_PATH:-$(cd "$here/../.." && pwd)}
root=${CAIRN_ACTION_BUILD_ROOT:?CAIRN_ACTION_BUILD_ROOT is not set}
exe=
case "${RUNNER_OS:-}" in Windows) exe=.exe ;; esac
bin="$root/bin/cairn$exe"

if [ -f "$bin" ]; then
    echo "cairn: using the build restored from the cache"
else
    if ! command -v cargo >/dev/null 2>&1; then
        error "no release binary for this runner and no cargo to build one: install Rust first (dtolnay/rust-toolchain), or set CAIRN_BIN to a cairn binary"
        exit 1
    fi
    echo "cairn: cargo install --locked --path $action_path"
    cargo install --locked --path "$action_path" --root "$root"
fi

version_line=$("$bin" --version)
echo "cairn: $version_line (built from source)"
set_output cairn "$bin"
set_output version "${version_line#cairn }"
add_to_path "$(dirname "$bin")"
