#!/usr/bin/env bash
# Runs every fuzz target (one per reader, and the snapshot loader) for SECONDS each.
# Not part of CI: it needs the nightly toolchain and cargo-fuzz
# (`rustup toolchain install nightly`, `cargo install cargo-fuzz`).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     # default: 600 s, every target
#
# Each target starts from a corpus seeded with the fixture nav files of its format
# (fuzz/corpus/<target>/, not committed); a crash, a timeout (an input taking more than
# 10 s) or running out of memory (2 GiB) stops that target and leaves the input under
# fuzz/artifacts/<target>/. The summary at the end says which targets found something.
set -u -o pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(mkdocs mdbook docusaurus vitepress antora sphinx keyed_yaml outline snapshot)
fi
fixtures="$here/tests/fixtures"
seed() { # seed TARGET FILE...: copies nav files into the target's corpus
  local dir="$here/fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"; done
}
seeds() { # the fixture files a target starts from
  case "$1" in
    mkdocs) find "$fixtures" -name 'mkdocs.y*ml' ;;
    mdbook) find "$fixtures" -name 'SUMMARY.md' ;;
    docusaurus) find "$fixtures" \( -name 'sidebars*' -o -name 'docusaurus.config.*' -o -name 'version-*-sidebars.json' \) ;;
    vitepress) find "$fixtures" -path '*/.vitepress/*' -type f ;;
    antora) find "$fixtures" \( -name '*.adoc' -path '*nav*' -o -name 'antora.yml' \) ;;
    sphinx) find "$fixtures" \( -name '*.rst' -o -name 'conf.py' \) ;;
    keyed_yaml) find "$fixtures/formats/keyed-yaml" -type f ;;
    outline) find "$fixtures/formats/outline" -type f ;;
    snapshot) find "$fixtures/snapshots" -name '*.json' ;;
  esac
}
cd "$here/fuzz" || exit 2
cargo +nightly fuzz build >/dev/null || exit 2
status=0
summary=()
for t in "${targets[@]}"; do
  mapfile -t files < <(seeds "$t")
  seed "$t" "${files[@]}"
  echo "=== $t: ${seconds}s"
  if cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -n 12; then
    summary+=("$t: no crash in ${seconds}s")
  else
    summary+=("$t: FOUND SOMETHING (see fuzz/artifacts/$t/)")
    status=1
  fi
done
printf '\n%s\n' "${summary[@]}"
exit $status
