#!/usr/bin/env bash
# pg.sh: a private PostgreSQL cluster for development and tests, driven by the Makefile.
#
#   scripts/pg.sh devroot            print the dev cluster's folder (./var/postgres, or a /tmp folder when the
#                                    postgres user cannot reach this checkout, e.g. under /root)
#   scripts/pg.sh start ROOT [fast]  create the cluster under ROOT if missing, then start it; "fast" turns off
#                                    fsync for throwaway test clusters
#   scripts/pg.sh stop ROOT          stop it (fast shutdown: open sessions are ended)
#   scripts/pg.sh url ROOT           print the connection string (unix socket, no TCP port to collide on)
#   scripts/pg.sh running ROOT       exit 0 when the cluster is running
#
# PostgreSQL refuses to run as root, so as root the server runs as the "postgres" user; as anyone else it runs as
# that user. The socket lives in a short /tmp folder: socket paths are limited to about 100 characters.
set -euo pipefail

die() { echo "pg.sh: $*" >&2; exit 1; }

pg_bin() { # [ROOT]: prefer the version that made ROOT's cluster, so an upgrade elsewhere does not break it
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local d made=""
  [ -n "${1:-}" ] && [ -s "$1/data/PG_VERSION" ] && made=$(cat "$1/data/PG_VERSION")
  for d in ${made:+/usr/lib/postgresql/$made/bin} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin /opt/homebrew/bin /usr/local/bin /usr/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  done
  die "PostgreSQL server binaries (initdb, pg_ctl) not found.
  Install them:  apt-get install postgresql   (Debian/Ubuntu)
                 brew install postgresql@15    (macOS)
  or point PG_BIN at their folder, or set DATABASE_URL to use a server you already run."
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user (apt-get install postgresql creates it, or: useradd -r postgres)"
    (cd / && runuser -u postgres -- "$@")  # from /: the checkout may be closed to postgres
  else
    "$@"
  fi
}

sock_dir() { # a short socket folder keyed by the cluster's path
  echo "/tmp/furstore-pg-$(printf '%s' "$1" | sha256sum | cut -c1-12)"
}

cmd_devroot() {
  local here; here=$(pwd -P)
  if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$here" 2>/dev/null; then
    echo "$here/var/postgres"
  else
    # The postgres user cannot enter this checkout (e.g. it sits under /root): keep the cluster in /tmp, keyed by
    # the checkout's path, and leave a link to it in ./var so it is still found where the README says.
    local root="/tmp/furstore-dev-$(printf '%s' "$here" | sha256sum | cut -c1-12)"
    mkdir -p "$here/var"
    [ -L "$here/var/postgres" ] || [ ! -e "$here/var/postgres" ] && ln -sfn "$root" "$here/var/postgres"
    echo "$root"
  fi
}

cmd_start() {
  local root=$1 mode=${2:-} bin sock
  bin=$(pg_bin "$root")
  sock=$(sock_dir "$root")
  mkdir -p "$root" "$sock"
  [ "$(id -u)" = 0 ] && chown postgres: "$root" "$sock"
  chmod 700 "$sock"
  if [ ! -s "$root/data/PG_VERSION" ]; then
    echo "pg.sh: creating a PostgreSQL cluster in $root/data" >&2
    as_owner "$bin/initdb" -D "$root/data" -U furstore --auth=trust -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
      || { cat "$root/initdb.log" >&2; die "initdb failed"; }
    {
      echo "listen_addresses = ''"
      echo "unix_socket_directories = '$sock'"
      echo "max_connections = 200"
      echo "shared_buffers = 256MB"
      if [ "$mode" = fast ]; then
        echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
      fi
    } | as_owner tee -a "$root/data/postgresql.conf" >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$root/server.log" >&2; die "PostgreSQL did not start (log: $root/server.log)"; }
  fi
  # Checked on every start, not only after initdb: a first start that failed half-way must not leave a cluster
  # without its database.
  if ! as_owner "$bin/psql" -h "$sock" -U furstore -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'furstore'" | grep -q 1; then
    as_owner "$bin/createdb" -h "$sock" -U furstore furstore
  fi
}

cmd_stop() {
  local root=$1 bin
  bin=$(pg_bin "$root")
  [ -s "$root/data/PG_VERSION" ] || return 0
  if as_owner "$bin/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$root/data" -m fast -w -t 60 stop >/dev/null
  fi
  rmdir "$(sock_dir "$root")" 2>/dev/null || true
}

cmd_running() {
  local root=$1
  [ -s "$root/data/PG_VERSION" ] && as_owner "$(pg_bin "$root")/pg_ctl" -D "$root/data" status >/dev/null 2>&1
}

cmd_url() {
  echo "postgres://furstore@/furstore?host=$(sock_dir "$1")&sslmode=disable"
}

case "${1:-}" in
  devroot) cmd_devroot ;;
  start) [ $# -ge 2 ] || die "usage: pg.sh start ROOT [fast]"; cmd_start "$2" "${3:-}" ;;
  stop) [ $# -ge 2 ] || die "usage: pg.sh stop ROOT"; cmd_stop "$2" ;;
  url) [ $# -ge 2 ] || die "usage: pg.sh url ROOT"; cmd_url "$2" ;;
  running) [ $# -ge 2 ] || die "usage: pg.sh running ROOT"; cmd_running "$2" ;;
  *) die "usage: pg.sh devroot | start ROOT [fast] | stop ROOT | url ROOT | running ROOT" ;;
esac
