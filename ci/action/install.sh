#!/usr/bin/env bash
# Step 1 of the cairn GitHub Action: puts a cairn binary on the runner in seconds.
#
# In order:
#   1. CAIRN_BIN, when set, names a cairn binary to use as is (self-hosted runners with cairn
#      installed, air-gapped runners, the action's own tests). Nothing is downloaded.
#   2. The release binary for the runner's OS and architecture, downloaded from the releases
#      of the action's repository and checked against its published SHA-256 checksum. A
#      checksum that does not match stops the job.
#   3. When there is no release binary for this runner or version (a branch of the action
#      between releases, an unusual platform), the outputs ask the build step to run
#      (`cargo install` from the action's source, cached by the cache step).
#
# Environment (action.yml maps the inputs to these):
#   CAIRN_BIN                        optional path of an existing cairn binary
#   CAIRN_ACTION_VERSION             release to install, e.g. 0.2.0 (default: the version in
#                                    the action's own Cargo.toml, i.e. the release the action
#                                    ref was cut from)
#   CAIRN_ACTION_RELEASE_REPOSITORY  owner/name whose releases hold the binaries (default: the
#                                    repository the action was loaded from)
# Set by GitHub: GITHUB_ACTION_PATH, GITHUB_SERVER_URL, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
# GITHUB_OUTPUT, GITHUB_PATH.
#
# Outputs: cairn (the binary's path, empty when the build step must run), version,
# build ("true" when the build step must run), cache-key and build-root (for that step).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/action/lib.sh
. "$here/lib.sh"

action_path=${GITHUB_ACTION_PATH:-$(cd "$here/../.." && pwd)}
work=$(work_dir)

# Reports the installed binary to the later steps and the job.
installed() {
    local bin=$1 how=$2 version_line
    if ! version_line=$("$bin" --version 2>&1); then
        error "$bin does not run: $version_line"
        exit 1
    fi
    echo "cairn: $version_line ($how)"
    set_output cairn "$bin"
    set_output version "${version_line#cairn }"
    set_output build false
    add_to_path "$(dirname "$bin")"
    exit 0
}

# 1. A binary given by the workflow.
if [ -n "${CAIRN_BIN:-}" ]; then
    if [ ! -f "$CAIRN_BIN" ]; then
        error "CAIRN_BIN is set to $CAIRN_BIN, which does not exist"
        exit 1
    fi
    installed "$CAIRN_BIN" "from CAIRN_BIN"
fi

# 2. A release binary.
version=${CAIRN_ACTION_VERSION:-}
version=${version#v}
if [ -z "$version" ] && [ -f "$action_path/Cargo.toml" ]; then
    # The first `version = "..."` of the [package] table.
    version=$(awk '
        /^\[/ { in_package = ($0 == "[package]") }
        in_package && /^version[ \t]*=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }
    ' "$action_path/Cargo.toml")
fi
if ! [[ $version =~ ^[0-9A-Za-z.+-]+$ ]]; then
    error "not a cairn version: '$version' (the action's version input takes e.g. 0.2.0)"
    exit 1
fi

repository=${CAIRN_ACTION_RELEASE_REPOSITORY:-}
if [ -z "$repository" ]; then
    # The runner unpacks `uses: OWNER/REPO@REF` into .../_actions/OWNER/REPO/REF, and
    # GITHUB_ACTION_REPOSITORY is not reliably set inside composite actions.
    normalized=${action_path//\\//}
    if [[ $normalized =~ /_actions/([^/]+)/([^/]+)/ ]]; then
        repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
    else
        repository=${GITHUB_ACTION_REPOSITORY:-}
    fi
fi

target=
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
Linux/X64) target=x86_64-unknown-linux-musl ;;
Linux/ARM64) target=aarch64-unknown-linux-musl ;;
macOS/X64) target=x86_64-apple-darwin ;;
macOS/ARM64) target=aarch64-apple-darwin ;;
Windows/X64) target=x86_64-pc-windows-msvc ;;
esac

# Asks the build step to compile cairn from the action's source, and says why.
build_instead() {
    notice "$1; building cairn $version from source instead (cached after the first run)"
    local key_source
    key_source=$(
        cd "$action_path" &&
            find Cargo.toml Cargo.lock src -type f 2>/dev/null | LC_ALL=C sort | while IFS= read -r f; do
                printf '%s %s\n' "$(sha256_of "$f")" "$f"
            done
    ) || true
    local digest
    digest=$(printf '%s' "$key_source" | { sha256sum 2>/dev/null || shasum -a 256; } | awk '{print $1}')
    set_output cairn ""
    set_output version "$version"
    set_output build true
    set_output cache-key "cairn-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-$version-${digest:0:16}"
    set_output build-root "$work/build"
    exit 0
}

if [ -z "$target" ]; then
    build_instead "no release binary for ${RUNNER_OS:-this OS} on ${RUNNER_ARCH:-this architecture}"
fi
if [ -z "$repository" ]; then
    build_instead "the action was not loaded from a repository with releases (set the release-repository input)"
fi

ext=tar.gz
exe=
if [ "$target" = x86_64-pc-windows-msvc ]; then
    ext=zip
    exe=.exe
fi
name="cairn-v$version-$target"
asset="$name.$ext"
server=${GITHUB_SERVER_URL:-https://github.com}
url="${server%/}/$repository/releases/download/v$version/$asset"

download() {
    curl --fail --silent --show-error --location --retry 3 --connect-timeout 10 --max-time 120 \
        --output "$2" "$1"
}

release="$work/release"
rm -rf "$release"
mkdir -p "$release"
echo "cairn: downloading $url"
if ! download "$url" "$release/$asset" 2>"$work/download.log"; then
    build_instead "no release binary at $url ($(tr -d '\r\n' <"$work/download.log"))"
fi
if ! download "$url.sha256" "$release/$asset.sha256" 2>"$work/download.log"; then
    build_instead "no checksum at $url.sha256, so the binary is not used"
fi
expected=$(awk 'NR == 1 { print tolower($1) }' "$release/$asset.sha256")
actual=$(sha256_of "$release/$asset")
if [ "$expected" != "$actual" ]; then
    error "checksum mismatch for $asset: the release says $expected, the download is $actual. Not installing it."
    exit 1
fi
echo "cairn: checksum verified ($actual)"

case "$ext" in
tar.gz) tar -xzf "$release/$asset" -C "$release" ;;
zip)
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$release/$asset" -d "$release"
    else
        7z x -y "-o$release" "$release/$asset" >/dev/null
    fi
    ;;
esac
bin="$release/$name/cairn$exe"
if [ ! -f "$bin" ]; then
    error "$asset holds no $name/cairn$exe"
    exit 1
fi
chmod +x "$bin"
installed "$bin" "release binary for $target"
