#!/usr/bin/env bash
# run.sh BIN: what `make run` does. Without DATABASE_URL, a private PostgreSQL under ./var is started (and
# stopped again when the server stops); then migrations, the demo catalog when the store is empty, and the server.
# Ctrl-C or SIGTERM stops the server gracefully (requests in flight finish, 10 s at most), then the database.
set -euo pipefail
bin=$1
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ]; then
  root=$(scripts/pg.sh devroot)
  scripts/pg.sh start "$root"
  trap 'scripts/pg.sh stop "$root"' EXIT
  export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh url "$root")
  export MEDIA_DIR=${MEDIA_DIR:-var/media}
fi

"$bin" migrate up
"$bin" seed-demo --if-empty

server=
stopping=0
# Set before the server starts, so a stop asked for at any moment reaches it.
trap 'stopping=1; [ -n "$server" ] && kill -TERM "$server" 2>/dev/null || true' INT TERM
"$bin" serve &
server=$!
[ $stopping = 1 ] && kill -TERM "$server" 2>/dev/null
# wait returns early when a signal arrives; keep waiting until the server has really finished.
status=0
while kill -0 "$server" 2>/dev/null; do
  wait "$server" || status=$?
done
# A stop we asked for that the server carried out is a success, not "Error 143".
if [ $stopping = 1 ] && { [ "$status" = 0 ] || [ "$status" = 143 ]; }; then status=0; fi
exit "$status"
