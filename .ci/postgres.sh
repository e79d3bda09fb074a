#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster:
#
#	bash .ci/postgres.sh go test ./...
#
# It installs PostgreSQL from Debian's packages if initdb is missing, creates
# a cluster in a temporary directory, starts it on a free loopback port (its
# unix socket in the same directory), exports CLAIMLEDGER_TEST_POSTGRES for
# the command, and stops and removes the cluster when the command ends,
# whichever way it ends. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the postgres user the package creates.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 command [args...]" >&2; exit 2; }

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if ! command -v initdb >/dev/null && [ -z "$(pgbin)" ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! command -v initdb >/dev/null; then
	PATH="$(pgbin):$PATH"
fi

as_owner=()
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
	as_owner=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/claimledger-pg.XXXXXX")
chmod 755 "$dir"
[ ${#as_owner[@]} -eq 0 ] || chown postgres "$dir"
# A port the kernel says is free (a random high one if python3 is missing).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	echo $((20000 + RANDOM % 20000)))

stop() {
	"${as_owner[@]}" pg_ctl -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" initdb -D "$dir/data" -U claimledger --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" pg_ctl -D "$dir/data" -l "$dir/server.log" -w \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" start >/dev/null ||
	{ cat "$dir/server.log" >&2; exit 1; }

export CLAIMLEDGER_TEST_POSTGRES="postgres://claimledger@127.0.0.1:$port/postgres?sslmode=disable"
echo "postgres.sh: $("${as_owner[@]}" postgres --version) on 127.0.0.1:$port" >&2
"$@"
