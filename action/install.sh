#!/usr/bin/env bash
# shellcheck disable=SC2016 # backticks in single quotes are markdown, not substitutions
# Installs navdiff for the GitHub Action (action.yml) and puts it on the job's PATH.
#
#   install.sh            download the prebuilt release archive for this runner, check its
#                         SHA-256 and unpack it; when no archive fits, print the outputs that
#                         the cache and build steps need (`installed=false`, `root`, `cache-key`)
#   install.sh build      `cargo install --locked` into `root` (restored from the cache when
#                         the same source was built before)
#
# Environment:
#   INPUT_VERSION         `` (the action's own version, from its Cargo.toml), `latest`, or X.Y.Z
#   ACTION_REPOSITORY     owner/name of the action (github.action_repository)
#   NAVDIFF_RELEASES_URL  where the releases are (default https://github.com/OWNER/NAME/releases)
#   INSTALL_ROOT          for `build`: the root that the first step printed
#   RUNNER_OS RUNNER_ARCH RUNNER_TEMP GITHUB_ACTION_PATH GITHUB_OUTPUT GITHUB_PATH
#                         set by GitHub Actions
#
# Release archives are named `navdiff-TARGET.tar.gz` (`.zip` on Windows) and hold
# `navdiff-TARGET/navdiff[.exe]`, as `[package.metadata.binstall]` in Cargo.toml says; each
# has a `.sha256` file beside it.
set -euo pipefail

action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}

output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    else
        printf '%s=%s\n' "$1" "$2" >&2
    fi
}

add_path() {
    if [ -n "${GITHUB_PATH:-}" ]; then
        printf '%s\n' "$1" >>"$GITHUB_PATH"
    fi
}

own_version=$(sed -n 's/^version = "\([^"]*\)".*/\1/p' "$action_dir/Cargo.toml" | sed -n '1p')
version=${INPUT_VERSION:-}
version=${version#v}
if [ -z "$version" ]; then
    version=$own_version
fi
case $version in
latest | [0-9]*.[0-9]*.[0-9]*) ;;
*)
    printf '::error title=navdiff::the version input must be `latest` or a version such as `0.2.0`, not `%s`\n' "$version"
    exit 2
    ;;
esac

# The Rust target of this runner, as the release workflow names its archives.
target=
exe=
case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
Windows/X64) target=x86_64-pc-windows-msvc exe=.exe ;;
esac

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    else
        shasum -a 256 "$1" | cut -d ' ' -f 1
    fi
}

# Downloads and unpacks the release archive; prints why not and returns 1 when it cannot.
download() {
    local releases archive url dest expected actual
    if [ -z "$target" ]; then
        echo "no prebuilt navdiff for ${RUNNER_OS:-this system} on ${RUNNER_ARCH:-this machine}"
        return 1
    fi
    releases=${NAVDIFF_RELEASES_URL:-}
    if [ -z "$releases" ]; then
        local repository=${ACTION_REPOSITORY:-}
        if [ -z "$repository" ]; then
            # github.action_repository is empty in some composite runs: the checkout of the
            # action lives under …/_actions/OWNER/NAME/REF.
            case $action_dir in
            */_actions/*/*/*)
                repository=${action_dir#*/_actions/}
                repository=${repository%/*}
                ;;
            esac
        fi
        case $repository in
        ?*/?*) ;;
        *)
            echo "cannot tell which repository the action comes from"
            return 1
            ;;
        esac
        releases="https://github.com/$repository/releases"
    fi
    case $target in
    *windows*) archive="navdiff-$target.zip" ;;
    *) archive="navdiff-$target.tar.gz" ;;
    esac
    if [ "$version" = latest ]; then
        url="$releases/latest/download/$archive"
    else
        url="$releases/download/v$version/$archive"
    fi
    dest=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/navdiff-install.XXXXXX")
    echo "Downloading $url" >&2
    if ! curl --fail --silent --show-error --location --retry 3 --proto '=https,file' \
        --proto-redir '=https' --output "$dest/$archive" "$url" ||
        ! curl --fail --silent --show-error --location --retry 3 --proto '=https,file' \
            --proto-redir '=https' --output "$dest/$archive.sha256" "$url.sha256"; then
        echo "no release archive $archive for version $version"
        return 1
    fi
    expected=$(cut -d ' ' -f 1 <"$dest/$archive.sha256")
    actual=$(sha256 "$dest/$archive")
    if [ "$expected" != "$actual" ]; then
        echo "$archive does not match its SHA-256 checksum"
        return 1
    fi
    case $archive in
    *.zip)
        if command -v unzip >/dev/null 2>&1; then
            unzip -q "$dest/$archive" -d "$dest"
        else
            7z x -bd -o"$dest" "$dest/$archive" >/dev/null
        fi
        ;;
    *) tar -xzf "$dest/$archive" -C "$dest" ;;
    esac
    bin="$dest/navdiff-$target/navdiff$exe"
    chmod +x "$bin" 2>/dev/null || true
    if ! "$bin" --version >&2; then
        echo "the downloaded navdiff does not run here"
        return 1
    fi
    add_path "$dest/navdiff-$target"
    output bin "$bin"
}

# Where `cargo install` puts navdiff, and the cache key of what it builds: the version asked
# for, or a hash of the action's own source.
root="${INSTALL_ROOT:-${HOME:-/tmp}/.navdiff-action}"
source_key() {
    if [ "$version" != latest ] && [ "$version" != "$own_version" ]; then
        printf 'crates-io-%s' "$version"
    else
        (
            cd "$action_dir"
            find Cargo.toml Cargo.lock src -type f | LC_ALL=C sort | while IFS= read -r file; do
                printf '%s %s\n' "$(sha256 "$file")" "$file"
            done
        ) | {
            if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi
        } | cut -c 1-16 | sed 's/^/source-/'
    fi
}

if [ "${1:-}" = build ]; then
    if [ -x "$root/bin/navdiff$exe" ]; then
        echo "navdiff restored from the cache"
    elif [ "$version" != latest ] && [ "$version" != "$own_version" ]; then
        cargo install --locked --root "$root" navdiff --version "$version"
    else
        cargo install --locked --root "$root" --path "$action_dir"
    fi
    "$root/bin/navdiff$exe" --version
    add_path "$root/bin"
    output bin "$root/bin/navdiff$exe"
    exit 0
fi

if reason=$(download); then
    output installed true
else
    printf '::notice title=navdiff::%s: building navdiff from source (a few minutes; cached for later runs)\n' "$reason"
    output installed false
    output root "$root"
    output cache-key "navdiff-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$(source_key)"
fi
