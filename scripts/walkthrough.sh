#!/usr/bin/env bash
# Runs the claimctl walkthrough: every ```sh block of README.md between the
# walkthrough:start and walkthrough:end markers, in order, in one bash shell with -euo pipefail, so each command must succeed
# (the README writes `|| test $? -eq N` where it shows a failure and its exit
# code). Running the README itself, rather than a copy of its commands, is
# what keeps the two identical.
#
#   scripts/walkthrough.sh [README]
#
# The binaries go to a temporary GOBIN put first on PATH, the server listens
# on a free loopback port (CLAIMLEDGER_ADDR) and its pages on another
# (CLAIMLEDGER_HTTP), and everything the walkthrough
# creates lives under a temporary directory removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
readme=${1:-README.md}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Ports nothing answers on; the walkthrough's server takes them (gRPC, and
# the web pages).
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "walkthrough: no free port" >&2
	exit 1
}
port=$(free_port)
http_port=$(free_port)
[[ $http_port != "$port" ]] || http_port=$(free_port)

export GOBIN=$work/bin PATH=$work/bin:$PATH TMPDIR=$work CLAIMLEDGER_ADDR=127.0.0.1:$port CLAIMLEDGER_HTTP=127.0.0.1:$http_port
unset CLAIMLEDGER_TOKEN CLAIMLEDGER_ADMIN_TOKEN_FILE

# Only the walkthrough's section when the file marks one: the rest of the
# README has commands (go run ./cmd/claimsd) that are not part of it.
section=$(awk '/<!-- walkthrough:start -->/ { s = 1; found = 1 } s { print } /<!-- walkthrough:end -->/ { s = 0 } END { if (!found) exit 1 }' "$readme") || section=$(cat "$readme")
script=$(awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' <<<"$section")
[[ -n $script ]] || { echo "walkthrough: no sh blocks in $readme" >&2; exit 1; }

# The server is stopped however the walkthrough ends; its log is shown when
# it failed.
status=0
PS4='+ $ ' bash -euo pipefail -x -c "
trap 'if [[ -n \${CLAIMSD_PID:-} ]]; then kill \$CLAIMSD_PID 2>/dev/null || true; fi' EXIT
$script" || status=$?
if [[ $status -ne 0 ]]; then
	echo "walkthrough: FAILED (exit $status)" >&2
	find "$work" -name claimsd.log -exec sh -c 'echo "--- $1"; tail -n 30 "$1"' _ {} \; >&2
	exit "$status"
fi
echo "walkthrough: every command succeeded" >&2
