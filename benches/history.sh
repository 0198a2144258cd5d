#!/usr/bin/env bash
# Issue 13's speed target, measured side by side: `navdiff log PAGE` over a history of
# 1,000 commits in which the nav (SUMMARY.md, about 300 nodes, a page file for every
# target) changes 300 times, against `git log -p -- SUMMARY.md` on the same repository,
# in the same hyperfine run; `navdiff changelog` (10 tags) beside them.
#
#   bash benches/history.sh           # prints the figures; exits 1 when log is over 3x
#   RUNS=20 bash benches/history.sh   # more runs (default 10)
#   NO_BUILD=1 bash benches/history.sh # measure the release build as it is
#
# Needs: cargo, git, hyperfine (`apt-get install hyperfine`), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-10}"
LIMIT="${LIMIT:-3}"
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin navdiff --example navgen
NAVDIFF="$PWD/target/release/navdiff"
NAVGEN="$PWD/target/release/examples/navgen"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$NAVGEN" history 1000 300 "$WORK/repo" >/dev/null
# Packed, as a clone is (navgen writes loose objects).
git -C "$WORK/repo" gc --quiet
# A page present from the first commit to the last, and one of the last version's pages.
PAGE="$(grep -o '([^)]*\.md)' "$WORK/repo/SUMMARY.md" | head -n 1 | tr -d '()')"
versions="$(git -C "$WORK/repo" log --format=%H -- SUMMARY.md | wc -l)"
hyperfine --warmup 2 --runs "$RUNS" --shell=none --style basic \
  --export-json "$WORK/times.json" \
  -n log "$NAVDIFF log --repo $WORK/repo $PAGE" \
  -n git "git -C $WORK/repo log -p -- SUMMARY.md" \
  -n changelog "$NAVDIFF changelog --repo $WORK/repo" >/dev/null 2>"$WORK/hyperfine.log"
python3 - "$WORK/times.json" "$LIMIT" "$versions" "$PAGE" <<'PY'
import json, sys
r = {x["command"]: x["mean"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
ratio = r["log"] / r["git"]
print(f"1,000 commits, {sys.argv[3]} versions of SUMMARY.md; log {sys.argv[4]}")
print(f"navdiff log        {r['log']:7.0f} ms")
print(f"git log -p         {r['git']:7.0f} ms   (navdiff log: {ratio:.2f}x)")
print(f"navdiff changelog  {r['changelog']:7.0f} ms")
sys.exit(0 if ratio <= float(sys.argv[2]) else 1)
PY
