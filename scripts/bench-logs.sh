#!/usr/bin/env bash
# Benchmark `whdctl diagnose logs` against `grep -c AADSTS` on a synthetic
# 1 GiB WHD log, and measure its peak memory.
#
# Goals: at least half of grep's throughput, and
# peak memory under 64 MiB. The script exits 1 when a goal is missed.
#
#   scripts/bench-logs.sh [LOG]        # default: $TMPDIR/whdctl-bench/whd-synth.log
#   SIZE=256MiB scripts/bench-logs.sh  # a smaller log (the default is 1GiB)
#
# The log is generated once by scripts/synthlog.go and reused; it is never
# committed. Needs: go, GNU grep, GNU time (/usr/bin/time; Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."

size=${SIZE:-1GiB}
runs=${RUNS:-3}
work=${TMPDIR:-/tmp}/whdctl-bench
log=${1:-$work/whd-synth.log}
mkdir -p "$work"

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
  echo "bench-logs: GNU time is needed at /usr/bin/time (Debian package: time)" >&2
  exit 3
fi

CGO_ENABLED=0 go build -tags urfave_cli_no_docs -o "$work/whdctl" ./cmd/whdctl   # as make build
if [ ! -s "$log" ]; then
  echo "bench-logs: writing $size of synthetic log to $log"
  go run scripts/synthlog.go -size "$size" -o "$log"
fi
bytes=$(stat -c %s "$log")
cat "$log" >/dev/null # page cache: both tools read from memory

# best RUNS of: wall seconds, CPU seconds (user+sys) of that run, peak RSS (KiB)
measure() {
  local best_s="" best_cpu="" best_kb=0 out s kb cpu
  for _ in $(seq "$runs"); do
    # Output goes to a file: GNU grep stops at the first match when its
    # output is /dev/null. whdctl exits 1 when it finds problems, as here.
    /usr/bin/time -o "$work/time.out" -f "%e %U %S %M" "$@" >"$work/stdout" 2>&1 || true
    read -r s u y kb < <(tail -1 "$work/time.out")
    cpu=$(awk -v u="$u" -v y="$y" 'BEGIN{printf "%.2f", u + y}')
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then best_s=$s; best_cpu=$cpu; fi
    if [ "$kb" -gt "$best_kb" ]; then best_kb=$kb; fi
  done
  echo "$best_s $best_cpu $best_kb"
}

read -r g_s g_cpu g_kb < <(measure grep -c AADSTS "$log")
g_count=$(cat "$work/stdout")
read -r w_s w_cpu w_kb < <(measure "$work/whdctl" diagnose logs -o json "$log")
w_count=$(grep -A3 '"code": "AADSTS700082"' "$work/stdout" | sed -n 's/.*"count": \([0-9]*\).*/\1/p')

mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN{ if (s <= 0) s = 0.01; printf "%.0f", b / s / 1e6 }'; }
g_mbps=$(mbps "$g_s"); w_mbps=$(mbps "$w_s")
ratio=$(awk -v w="$w_mbps" -v g="$g_mbps" 'BEGIN{printf "%.2f", w / g}')
w_mib=$(awk -v k="$w_kb" 'BEGIN{printf "%.1f", k / 1024}')

printf 'input:                    %s (%d bytes), best of %d runs\n' "$log" "$bytes" "$runs"
printf 'grep -c AADSTS:           %6ss wall %6ss CPU  %6s MB/s  peak %s KiB\n' "$g_s" "$g_cpu" "$g_mbps" "$g_kb"
printf 'whdctl diagnose logs:     %6ss wall %6ss CPU  %6s MB/s  peak %s KiB (%s MiB)\n' "$w_s" "$w_cpu" "$w_mbps" "$w_kb" "$w_mib"
printf 'AADSTS lines (grep) / 700082 occurrences (whdctl): %s / %s\n' "$g_count" "${w_count:-?}"
printf 'throughput vs grep:       %s (goal >= 0.50)\n' "$ratio"
printf 'peak memory:              %s MiB (goal < 64)\n' "$w_mib"

fail=0
awk -v r="$ratio" 'BEGIN{exit !(r < 0.5)}' && { echo "bench-logs: throughput goal missed" >&2; fail=1; }
[ "$w_kb" -ge $((64 * 1024)) ] && { echo "bench-logs: memory goal missed" >&2; fail=1; }
exit $fail
