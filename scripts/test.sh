#!/usr/bin/env bash
# test.sh: what `make test` does. Starts a throwaway PostgreSQL cluster (fsync off), runs go vet and every test
# with -race against it, and removes the cluster whatever happens. Fails, never skips, when PostgreSQL cannot
# start. Extra arguments go to `go test` (e.g. scripts/test.sh -run TestImport ./internal/catalog/).
set -euo pipefail
cd "$(dirname "$0")/.."

root=$(mktemp -d /tmp/furstore-test.XXXXXX)
chmod 755 "$root"
cleanup() { scripts/pg.sh stop "$root" || true; rm -rf "$root"; }
trap cleanup EXIT
scripts/pg.sh start "$root" fast
export FURSTORE_TEST_DATABASE_URL; FURSTORE_TEST_DATABASE_URL=$(scripts/pg.sh url "$root")

# Mailpit: a real SMTP server with an HTTP API to read what arrived. Tests start their own instances of it
# (one test stops and restarts it mid-delivery). Built once into bin/; later runs reuse it.
MAILPIT_VERSION=v1.33.1
if [ ! -x bin/mailpit ] || [ "$(cat bin/.mailpit-version 2>/dev/null)" != "$MAILPIT_VERSION" ]; then
  echo "building Mailpit $MAILPIT_VERSION for the mail tests (once; a few minutes)"
  GOBIN="$PWD/bin" go install -ldflags "-X github.com/axllent/mailpit/config.Version=$MAILPIT_VERSION" \
    "github.com/axllent/mailpit@$MAILPIT_VERSION"
  echo "$MAILPIT_VERSION" > bin/.mailpit-version
fi
export FURSTORE_TEST_MAILPIT="$PWD/bin/mailpit"

go vet ./...
if [ $# -gt 0 ]; then
  go test -race -count=1 "$@"
else
  go test -race -count=1 ./...
fi
