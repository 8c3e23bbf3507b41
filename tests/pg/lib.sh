# Shell helpers for the PostgreSQL tests (sourced, POSIX sh).
#
# pg_start makes a throwaway cluster with initdb in a fresh temporary
# folder and starts it listening only on a Unix socket in that folder
# (listen_addresses=''), as the `postgres` system user when run as root
# (the server refuses root).  It exports PGHOST, PGPORT, PGUSER and
# PGDATABASE for libpq and psql, and sets a trap that stops the server
# and removes the folder on exit, also on failure or a signal.  When the
# server cannot start it prints the reason and exits 1: a test that
# needs the server fails, it is never skipped.
#
# pg_sql SQL runs one statement as the superuser and prints the result
# unaligned without headers.  pg_stop / pg_restart stop and start the
# same cluster (pg_restart_limited with a file-size limit, for a full
# disk); pg_kill SIGKILLs the postmaster and its children.

pg_bindir() {
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

# pg_as CMD...: runs CMD as the cluster's owner.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_cleanup() {
	if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
		[ -f "$PG_TMP/db/postmaster.pid" ] &&
			pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/db" -m immediate stop >/dev/null 2>&1
		rm -rf "$PG_TMP"
	fi
	[ -n "${PG_EXTRA_CLEANUP:-}" ] && eval "$PG_EXTRA_CLEANUP"
	return 0
}

pg_fail() {
	echo "Bail out! $*"
	[ -f "$PG_TMP/log" ] && sed 's/^/# /' "$PG_TMP/log" | tail -20
	exit 1
}

pg_start() {
	PG_BIN=$(pg_bindir) || { echo "Bail out! no initdb: install postgresql (tests/install-deps.sh)"; exit 1; }
	PG_TMP=$(mktemp -d /tmp/intake-pg.XXXXXX) || exit 1
	trap 'pg_cleanup' EXIT
	trap 'exit 1' INT TERM HUP PIPE
	[ "$(id -u)" -eq 0 ] && chown postgres "$PG_TMP"
	chmod 0755 "$PG_TMP"
	pg_as "$PG_BIN/initdb" -D "$PG_TMP/db" -U postgres -A trust --no-sync \
		-E UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1 ||
		{ cat "$PG_TMP/initdb.log" >"$PG_TMP/log"; pg_fail "initdb failed"; }
	cat >"$PG_TMP/db/pg_hba.conf" <<HBA
local all pwuser scram-sha-256
local all all trust
HBA
	cat >>"$PG_TMP/db/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PG_TMP'
fsync = off
lc_messages = 'C'
client_min_messages = warning
max_connections = 40
CONF
	export PGHOST="$PG_TMP" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
	unset PGPASSWORD PGSERVICE PGSSLMODE INTAKE_DATABASE_URL
	pg_restart
}

pg_restart() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/db" -l "$PG_TMP/log" -w -t 60 start \
		>/dev/null 2>&1 || pg_fail "the PostgreSQL server did not start"
}

# pg_restart_limited BYTES: starts the cluster with a file-size limit
# (ulimit -f) of BYTES, a multiple of 512.  The server ignores SIGXFSZ,
# so a write past the limit fails like one on a full disk.
pg_restart_limited() {
	pg_as sh -c "ulimit -f $(($1 / 512)) && exec '$PG_BIN/pg_ctl' -D '$PG_TMP/db' \
		-l '$PG_TMP/log' -w -t 60 start" >/dev/null 2>&1 ||
		pg_fail "the PostgreSQL server did not start under ulimit -f"
}

pg_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/db" -m fast -w stop >/dev/null 2>&1
}

pg_kill() {
	pid=$(head -1 "$PG_TMP/db/postmaster.pid")
	kids=$(pgrep -P "$pid" | tr '\n' ' ')
	# shellcheck disable=SC2086
	kill -KILL "$pid" $kids 2>/dev/null
	for p in $pid $kids; do
		while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
	done
}

pg_sql() {
	"$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"
}

# TAP: check DESCRIPTION COMMAND...
pg_n=0 pg_failed=0
check() {
	pg_n=$((pg_n + 1))
	desc=$1
	shift
	if "$@" >"$PG_TMP/check.out" 2>&1; then
		echo "ok $pg_n - $desc"
	else
		pg_failed=$((pg_failed + 1))
		echo "not ok $pg_n - $desc"
		sed 's/^/# /' "$PG_TMP/check.out" | head -20
	fi
}

# eq DESCRIPTION EXPECTED ACTUAL
eq() {
	pg_n=$((pg_n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $pg_n - $1"
	else
		pg_failed=$((pg_failed + 1))
		echo "not ok $pg_n - $1"
		echo "# expected: $2"
		echo "# got:      $3"
	fi
}
