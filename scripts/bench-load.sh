#!/usr/bin/env bash
# Issue-2 loader targets, side by side: `hotline list --json` against ripgrep
# on the same folder, then peak memory against the corpus's bytes.
#
#   scripts/bench-load.sh [DIR]     (default /work/corpus100k)
#
# Generate the corpus first if needed:
#   cargo run --release --example gen_corpus -- --n 100000 --seed 7 DIR
set -euo pipefail
dir=${1:-/work/corpus100k}
cd "$(dirname "$0")/.."
cargo build --release --bin hotline
bin=${CARGO_TARGET_DIR:-target}/release/hotline
[ -d "$dir" ] || { echo "error: $dir: no such folder" >&2; exit 2; }

echo "== machine"; nproc; lscpu | grep 'Model name'; free -h | head -2; uname -r; date -u
echo "== corpus"
find "$dir" -type f | wc -l
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "$bytes bytes"; du -sh "$dir"

# hotline keeps each folder's parse in its cache (HOTLINE_CACHE_DIR); time
# it both ways: reusing that cache (what every run after the first does),
# and with the cache emptied before each run (every file parsed, plus the
# cache written).
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
list="$bin --no-builtin --archive $dir list --json > /dev/null"
echo "== load time vs ripgrep (same run, files in the page cache)"
hyperfine -w 1 -r 5 -i \
  --prepare true -n "rg -c zzqqxx" "rg -c zzqqxx $dir" \
  --prepare true -n "hotline list --json (parse cache reused)" \
  "HOTLINE_CACHE_DIR=$cache/warm $list" \
  --prepare "rm -rf $cache/cold" -n "hotline list --json (no parse cache)" \
  "HOTLINE_CACHE_DIR=$cache/cold $list"

echo "== peak memory"
for kind in cold warm; do
  [ $kind = cold ] && rm -rf "$cache/cold"
  echo -n "$kind: "
  HOTLINE_CACHE_DIR=$cache/$kind /usr/bin/time \
    -f "%e s wall, %U s user, %S s sys, max RSS %M KB" \
    "$bin" --no-builtin --archive "$dir" list --json > /dev/null
done
echo "2x corpus bytes = $((2 * bytes / 1024)) KB"
