#!/usr/bin/env bash
# The demo of `make demo`: runs whdctl on a temporary copy of the sample WHD
# installs in fixtures/ and shows what it did. The fixtures themselves are
# never changed.
set -uo pipefail
bin=$(cd "$(dirname "${1:-bin/whdctl}")" && pwd)/$(basename "${1:-bin/whdctl}")
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/whdctl-demo.XXXXXX")
# KEEP=1 keeps the copies, so that the commands shown can be run again.
if [[ ${KEEP:-} == 1 ]]; then
	trap 'echo; echo "The copies are kept in $work (remove them when done)."' EXIT
else
	trap 'rm -rf "$work"; echo; echo "The copies in $work are removed now; run KEEP=1 make demo to keep them and try the commands above yourself."' EXIT
fi
cp -R fixtures/windows fixtures/linux "$work/"
if [[ -t 1 && -z ${NO_COLOR:-} ]]; then b=$'\033[1m' n=$'\033[0m'; else b= n=; fi
# The command is shown shell-quoted, so that it can be copied as it is.
step() {
	local shown="" a
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then shown+=" $a"; else shown+=" '${a//\'/\'\\\'\'}'"; fi
	done
	printf '\n%s$%s%s\n' "$b" "$shown" "$n"
	"$@"
	echo "(exit code $?)"
}
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

echo; echo "== validate: the checks CI runs on WHD config files =="
step "$bin" validate --whd-home "$work/windows"
step "$bin" validate --whd-home "$work/linux"
printf 'DEFAULT_PORT=8081\nJAVA_OPTS="-DExchangeServiceURL=https://outlook.office365.com/"\nJAVA_OPTS="-DIsGcchAzureAccount=true"\n' >"$work/recipe-whd.conf"
step "$bin" validate --format whdconf "$work/recipe-whd.conf"

echo; echo "== diagnose: the error WHD shows after 90 days without use =="
step "$bin" diagnose aadsts 'Error processing mailbox messages: OAuth token request failed (statusCode: 400): invalid_grant [700082] AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2020-05-11T17:20:18.9364763Z and was inactive for 90.00:00:00.'
step "$bin" diagnose redirect --whd-home "$work/linux" --dns-name helpdesk.example.com --redirect-uri https://localhost:8443/helpdesk/oauth-redirect
step "$bin" diagnose --whd-home "$work/linux" --dns-name helpdesk.example.com --redirect-uri https://helpdesk.example.com:8443/helpdesk/oauth-redirect
