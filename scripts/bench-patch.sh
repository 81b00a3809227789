#!/usr/bin/env bash
# Benchmark of whole-process `whdctl patch-conf` (process start included):
#  - the stock-size wrapper_template.conf (the Windows sample install),
#  - generated templates of 1 MiB / 10,000 entries, 2 MiB and 4 MiB (linearity),
#  - the stock whd.conf,
# each as a first run (the file changes) and a second run (nothing to do),
# reporting the median wall time (hyperfine) and peak memory (GNU time, max RSS).
# For comparison, Ansible's lineinfile adding the same five entries to the
# stock template.
# Needs: hyperfine, GNU time (/usr/bin/time), ansible-core (Debian packages).
# Usage: scripts/bench-patch.sh [path/to/whdctl]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-bin/whdctl}")
[[ -x $bin ]] || { echo "build whdctl first (make build)" >&2; exit 2; }
for t in hyperfine /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "missing $t: apt-get install -y hyperfine time ansible-core" >&2; exit 2; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
runs=${RUNS:-30}

cp fixtures/windows/bin/wrapper/conf/wrapper_template.conf "$work/stock.conf"
cp fixtures/linux/conf/whd.conf "$work/whd.conf"
gen() { # gen ENTRIES FILE: a CRLF template with ENTRIES additional entries of ~100 bytes
  awk -v n="$1" 'BEGIN { printf "#encoding=UTF-8\r\nwrapper.java.command=java\r\n";
    for (i = 1; i <= n; i++) printf "wrapper.java.additional.%d=-Dbench.property.number%d=value-%037d\r\n", i, i, i;
    printf "wrapper.java.initmemory=128\r\n" }' >"$2"
}
gen 10000 "$work/big1.conf"; gen 20000 "$work/big2.conf"; gen 40000 "$work/big4.conf"

median_ms() { # median_ms NAME PREPARE CMD
  hyperfine -N --style none --runs "$runs" --warmup 3 --prepare "$2" --export-json "$work/h.json" "$3" >/dev/null 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["median"]*1000))' "$work/h.json"
}
peak_kib() { # peak_kib PREPARE CMD
  local best=0 m
  for _ in 1 2 3; do
    bash -c "$1"
    m=$(/usr/bin/time -f %M bash -c "exec $2" 2>&1 >/dev/null | tail -1)
    (( m > best )) && best=$m
  done
  echo "$best"
}

printf '%-34s %9s %12s %12s %12s\n' file size "first (ms)" "again (ms)" "peak (MiB)"
for f in stock.conf big1.conf big2.conf big4.conf whd.conf; do
  fmt=wrapper; [[ $f == whd.conf ]] && fmt=whdconf
  cp "$work/$f" "$work/orig-$f"
  cmd="$bin patch-conf --file $work/$f --format $fmt --no-backup"
  first=$(median_ms "$f" "cp $work/orig-$f $work/$f" "$cmd")
  cp "$work/orig-$f" "$work/$f"; $cmd >/dev/null
  again=$(median_ms "$f" "true" "$cmd")
  peak=$(peak_kib "cp $work/orig-$f $work/$f" "$cmd")
  printf '%-34s %9s %12s %12s %12.1f\n' "$f" "$(stat -c %s "$work/orig-$f")" "$first" "$again" "$(echo "$peak/1024" | bc -l)"
done

if command -v ansible-playbook >/dev/null; then
  cat >"$work/play.yml" <<YML
- hosts: localhost
  gather_facts: false
  tasks:
$(i=19; while IFS='=' read -r name value; do
cat <<T
    - lineinfile:
        path: "{{ target }}"
        regexp: '^wrapper\.java\.additional\.[0-9]+=-D${name}='
        line: 'wrapper.java.additional.${i}=-D${name}=${value}'
        insertafter: '^wrapper\.java\.additional\.18='
T
i=$((i+1)); done <<'P'
ExchangeServiceURL="https://outlook.office365.com/"
AzureTokenURL="https://login.microsoftonline.com/"
AzureAuthorizationURL="https://login.microsoftonline.com/"
IsGcchAzureAccount=true
AzureAuthorizationScope="offline_access%20https://graph.microsoft.com/.default"
P
)
YML
  acmd="ansible-playbook -i localhost, -c local -e target=$work/ans.conf $work/play.yml"
  hyperfine -N --style none --runs 5 --warmup 1 --prepare "cp $work/orig-stock.conf $work/ans.conf" --export-json "$work/a.json" "$acmd" >/dev/null 2>&1
  ans=$(python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$work/a.json")
  cp "$work/orig-stock.conf" "$work/stock.conf"
  ours=$(median_ms x "cp $work/orig-stock.conf $work/stock.conf" "$bin patch-conf --file $work/stock.conf --no-backup")
  echo
  echo "ansible lineinfile, same five entries on the stock template: ${ans} ms (median of 5)"
  echo "whdctl patch-conf on the same file:                         ${ours} ms"
  echo "ratio: $(echo "$ans/$ours" | bc -l | xargs printf '%.0f')x"
fi
