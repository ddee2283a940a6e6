#!/usr/bin/env bash
# superuser.sh BIN EMAIL: what `make superuser` does. Uses DATABASE_URL when set, else the cluster of `make run`
# (started for the occasion, migrated, and stopped again if it was not running before).
set -euo pipefail
bin=$1 email=$2
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ]; then
  root=$(scripts/pg.sh devroot)
  running=0
  scripts/pg.sh running "$root" && running=1
  scripts/pg.sh start "$root"
  [ $running = 1 ] || trap 'scripts/pg.sh stop "$root"' EXIT
  export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh url "$root")
  "$bin" migrate up
fi
"$bin" createsuperuser --email "$email"
