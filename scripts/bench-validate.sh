#!/usr/bin/env bash
# Benchmark of whole-process `whdctl validate` (process start included) on
# 1,000 config files in one run: half wrapper_template.conf (the stock Windows
# template, half of them with the vendor's Microsoft 365 lines after a gap),
# half whd.conf (the stock Linux file, half with the vendor's five JAVA_OPTS
# lines). Reports the median wall time (hyperfine) and the peak memory (GNU
# time, max RSS), with the default number of workers (the CPUs) and with one.
# Memory must depend on the largest file, not on the number of files: the
# same run on 4,000 files, and on 1,000 files plus one of 15 MiB, show it.
# Needs: hyperfine, GNU time (/usr/bin/time).
# Usage: scripts/bench-validate.sh [path/to/whdctl]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-bin/whdctl}")
[[ -x $bin ]] || { echo "build whdctl first (make build)" >&2; exit 2; }
for t in hyperfine /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "missing $t: apt-get install -y hyperfine time" >&2; exit 2; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
runs=${RUNS:-10}

wrapper=fixtures/windows/bin/wrapper/conf/wrapper_template.conf
whd=fixtures/linux/conf/whd.conf
gen() { # gen DIR N: N files, alternately a template and a whd.conf
  local dir=$1 n=$2 i
  for ((i = 0; i < n; i++)); do
    mkdir -p "$dir/$i"
    if ((i % 2 == 0)); then
      cp "$wrapper" "$dir/$i/wrapper_template.conf"
      if ((i % 4 == 0)); then
        printf 'wrapper.java.additional.20=-DExchangeServiceURL="https://outlook.office365.com/"\r\nwrapper.java.additional.21=-DAzureTokenURL="https://login.microsoftonline.com/"\r\n' >>"$dir/$i/wrapper_template.conf"
      fi
    else
      cp "$whd" "$dir/$i/whd.conf"
      if ((i % 4 == 1)); then
        printf 'JAVA_OPTS="-DExchangeServiceURL=https://outlook.office365.com/"\nJAVA_OPTS="-DIsGcchAzureAccount=true"\n' >>"$dir/$i/whd.conf"
      fi
    fi
  done
}
gen "$work/k1" 1000
gen "$work/k4" 4000
mkdir -p "$work/big"
awk 'BEGIN { printf "#encoding=UTF-8\r\n"; for (i = 1; i <= 110000; i++) printf "wrapper.java.additional.%d=-Dbench.property.number%d=value-%070d\r\n", i, i, i }' >"$work/big/wrapper_template.conf"

list() { find "$1" -type f | sort; }
mapfile -t k1 < <(list "$work/k1")
mapfile -t k4 < <(list "$work/k4")
big=("${k1[@]}" "$work/big/wrapper_template.conf")
printf '%s\n' "${k1[@]}" >"$work/k1.txt"

median_ms() { # median_ms CMD
  hyperfine -N --style none --runs "$runs" --warmup 2 -i --export-json "$work/h.json" "$1" >/dev/null 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.0f" % (r["median"]*1000))' "$work/h.json"
}
peak_mib() { # peak_mib ARGS...: the highest max RSS of 3 runs
  local best=0 m
  for _ in 1 2 3; do
    /usr/bin/time -o "$work/t" -f %M "$bin" validate --output json "$@" >/dev/null 2>&1 || true
    m=$(tail -1 "$work/t")
    ((m > best)) && best=$m
  done
  echo "scale=1; $best/1024" | bc
}
# The command lines are long: hyperfine gets them through a file.
cmd1="$bin validate --output json --fail-on never $(tr '\n' ' ' <"$work/k1.txt")"
cmd1j="$bin validate --output json --fail-on never --jobs 1 $(tr '\n' ' ' <"$work/k1.txt")"

size() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f MiB", s / 1048576 }'; }
echo "whdctl validate, $(nproc) CPUs: $(size "$work/k1") in 1,000 files"
"$bin" validate --output json --fail-on never "${k1[@]}" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  files checked: %d, findings: %d, errors: %d" % (d["files"], len(d["findings"]), len(d["errors"])))'
printf '%-44s %10s %10s\n' run "wall (ms)" "peak (MiB)"
printf '%-44s %10s %10s\n' "1,000 files" "$(median_ms "$cmd1")" "$(peak_mib --fail-on never "${k1[@]}")"
printf '%-44s %10s %10s\n' "1,000 files, --jobs 1" "$(median_ms "$cmd1j")" "$(peak_mib --fail-on never --jobs 1 "${k1[@]}")"
printf '%-44s %10s %10s\n' "4,000 files" "-" "$(peak_mib --fail-on never "${k4[@]}")"
printf '%-44s %10s %10s\n' "1,000 files + one of $(size "$work/big")" "-" "$(peak_mib --fail-on never "${big[@]}")"
