#!/usr/bin/env bash
# Runs every Go fuzz target of the module for a short time each. Minimising a
# new input is bounded by count (100 runs), not by the default 60 s, so that a
# short run cannot end while a worker is still minimising ("context deadline
# exceeded").
# Usage: scripts/fuzz-all.sh [DURATION]   (default 10s)
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-10s}
n=0
while IFS= read -r f; do
  dir=$(dirname "$f")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "fuzz ./$dir $target ($t)"
    go test "./$dir" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 100x >/tmp/whdctl-fuzz.log 2>&1 || { cat /tmp/whdctl-fuzz.log; exit 1; }
    n=$((n+1))
  done
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | sed 's|^\./||' | sort)
echo "fuzz: $n passed, 0 failed"
