#!/usr/bin/env bash
# The demo of `make demo`: runs whdctl on a temporary copy of the sample WHD
# installs in fixtures/ and shows what it did. The fixtures themselves are
# never changed.
set -uo pipefail
bin=$(cd "$(dirname "${1:-bin/whdctl}")" && pwd)/$(basename "${1:-bin/whdctl}")
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/whdctl-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R fixtures/windows fixtures/linux "$work/"
export NO_COLOR=${NO_COLOR:-}
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; echo "(exit code $?)"; }
echo "Sample installs copied to $work"

echo; echo "== Windows install: wrapper_template.conf =="
step "$bin" patch-conf --whd-home "$work/windows" --diff
echo; echo "Run it again: nothing changes."
step "$bin" patch-conf --whd-home "$work/windows"

echo; echo "== Linux install: whd.conf =="
step "$bin" patch-conf --whd-home "$work/linux" --diff
step "$bin" patch-conf --whd-home "$work/linux" --output json

echo; echo "== A template with a gap in its numbering: whdctl refuses, then --renumber =="
printf 'wrapper.java.additional.1=-Xmx1024m\r\nwrapper.java.additional.2=-Dfile.encoding=UTF-8\r\nwrapper.java.additional.4=-Djava.awt.headless=true\r\n' >"$work/gap.conf"
step "$bin" patch-conf --file "$work/gap.conf"
step "$bin" patch-conf --file "$work/gap.conf" --renumber --diff
