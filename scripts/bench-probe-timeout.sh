#!/usr/bin/env bash
# Benchmark of the network probes against addresses that never answer, with
# --timeout 2s: diagnose ews, diagnose truststore, diagnose token, and the
# full report (`whdctl diagnose --live`, the three probes concurrently).
# Two kinds of dead server, both on 127.0.0.1 and started by the benchmark:
# a listener that accepts and never answers, and one that never accepts
# (connections wait in the kernel's backlog).
# Goal: every run ends within 3 s. Prints the benchmark and checks the goal
# on the worst run ("worst-s"); exits 1 when a run took 3 s or more.
# Usage: scripts/bench-probe-timeout.sh [runs per case, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=$(go test -run '^$' -bench '^BenchmarkProbeTimeout$' -benchtime "${runs}x" ./internal/cli/ 2>&1 | grep -v '^[0-9]\{4\}/')
echo "$out"
echo "$out" | awk '
  /^BenchmarkProbeTimeout\// {
    for (i = 1; i <= NF; i++) if ($(i+1) == "worst-s") { w = $i; n++
      if (w + 0 >= 3) { bad++; printf "too slow: %s took %.3f s\n", $1, w } }
  }
  END {
    if (n == 0) { print "no benchmark result"; exit 1 }
    if (bad) exit 1
    printf "goal met: %d cases, every run under 3 s\n", n
  }'
