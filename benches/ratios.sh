#!/usr/bin/env bash
# The speed targets of issue 14, measured side by side: a whole `navdiff diff` of two
# generated `mkdocs.yml` files (10,000 and 100,000 nodes, about 1 % of each kind of change)
# against `git diff --no-index` of the same two files, in the same hyperfine run.
#
#   bash benches/ratios.sh            # prints both ratios; exits 1 when one is over 3x
#   RUNS=20 bash benches/ratios.sh    # more runs (default 10)
#
# Needs: cargo, git, hyperfine (`apt-get install hyperfine`), jq or python3.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-10}"
LIMIT="${LIMIT:-3}"
cargo build --release --quiet --bin navdiff --example navgen
NAVDIFF="$PWD/target/release/navdiff"
NAVGEN="$PWD/target/release/examples/navgen"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
status=0
for nodes in 10000 100000; do
  "$NAVGEN" pair "$nodes" "$WORK/$nodes" >/dev/null
  old="$WORK/$nodes/old/mkdocs.yml"
  new="$WORK/$nodes/new/mkdocs.yml"
  # `git diff` exits 1 when the files differ and navdiff 0: both are successes here.
  hyperfine --warmup 2 --runs "$RUNS" --shell=none --ignore-failure --style basic \
    --export-json "$WORK/$nodes.json" \
    -n navdiff "$NAVDIFF diff $old $new" \
    -n git "git diff --no-index $old $new" >/dev/null 2>"$WORK/$nodes.log"
  ratio="$(python3 - "$WORK/$nodes.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(f'{r["navdiff"]["mean"] / r["git"]["mean"]:.2f} {r["navdiff"]["mean"] * 1000:.0f} {r["git"]["mean"] * 1000:.0f}')
PY
)"
  read -r times nd gd <<<"$ratio"
  printf '%7d nodes: navdiff diff %5s ms, git diff --no-index %5s ms: %sx\n' "$nodes" "$nd" "$gd" "$times"
  if python3 -c "import sys; sys.exit(0 if float('$times') <= float('$LIMIT') else 1)"; then :; else status=1; fi
done
exit "$status"
