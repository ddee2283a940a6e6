#!/bin/sh
# build-static.sh [OUT]: the release binary, built one way for everyone — the Dockerfile runs this script, and
# cmd/furstore's TestStaticBinaryAsTheContainerRunsIt runs it too, so the binary a test starts is the one an image
# ships. CGO_ENABLED=0 gives a static binary (no libc, no loader: it runs on distroless/static or scratch);
# -trimpath keeps the build machine's paths out of it; -s -w drop the symbol tables. VERSION (default: git
# describe, else "devel") is what furstore_build_info reports. OUT defaults to bin/furstore.
set -eu
out=${1:-bin/furstore}
case $out in /*) ;; *) out="$PWD/$out" ;; esac
cd "$(dirname "$0")/.."
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}
CGO_ENABLED=0 exec go build -trimpath \
  -ldflags "-s -w -X github.com/mekhaishuby/furstore/internal/app.version=$version" \
  -o "$out" ./cmd/furstore
