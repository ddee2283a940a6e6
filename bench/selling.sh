#!/usr/bin/env bash
# bench/selling.sh: browsing while the shop sells (issue 12). On a generated catalog (default 10 000 products)
# it measures, each with wrk -t2 -c32 (CONNS) for the given seconds: the floor (GET /healthz), the seed's listing, a
# faceted search, suggest, and then the listing and the faceted search again while bench/ordermix places orders
# on 2 connections (and at the other write loads in SELL_WORKERS). Raw output lands in bench/out/selling-*.txt.
#   bench/selling.sh [seconds, default 10] [products, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
products=${2:-10000}
port=${BENCH_PORT:-8087}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p bench/out
root=$(mktemp -d /tmp/furstore-selling.XXXXXX)
chmod 755 "$root"
server=
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  scripts/pg.sh stop "$root" >/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

go build -o bin/furstore ./cmd/furstore
go build -o "$root/ordermix" ./bench/ordermix
scripts/pg.sh start "$root" >/dev/null
export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh url "$root")
export MEDIA_DIR="$root/media" PORT=$port LOG_LEVEL=warn RATE_LIMIT_LOGIN_IP=off RATE_LIMIT_LOGIN_EMAIL=off
bin/furstore migrate up >/dev/null
go run ./bench/gencatalog -products "$products" -out "$root/catalog" >/dev/null
bin/furstore import-catalog "$root/catalog/catalog.json" >/dev/null
psql "$DATABASE_URL" -qc "VACUUM ANALYZE"
bin/furstore serve & server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port"
listing="/api/products/get_products?category=shuby&min_price=5000&max_price=900000&sort_by=-price"
faceted="${FACETED:-/api/products?category=shuby&q=%D0%BD%D0%BE%D1%80%D0%BA%D0%BE%D0%B2%D0%B0%D1%8F&filter%5Bfur%5D=norka&filter%5Blength%5D=70..130&facets=true}"
suggest="/api/search/suggest?q=%D0%BD%D0%BE%D1%80&limit=8"
echo "listing matches: $(curl -fs "$base$listing" | grep -o '"count":[0-9]*' | head -1)"
echo "faceted search: $(curl -s -o /dev/null -w '%{http_code}' "$base$faceted") $(curl -fs "$base$faceted" | grep -o '"count":[0-9]*' | head -1)"
# Browsers and the storefront's server send Accept-Encoding: gzip; GZIP=1 does too (wrk does not by itself).
hdr=()
[ -n "${GZIP:-}" ] && hdr=(-H "Accept-Encoding: gzip")
run() { # name, url
  echo "== $1${GZIP:+ (gzip)}"
  wrk -t2 -c"${CONNS:-32}" -d"${secs}s" --latency "${hdr[@]}" -s bench/report.lua "$base$2" | tee "bench/out/selling-$1.txt" | grep -E "RESULT|Non-2xx"
}
selling() { # name, url, workers: wrk while ordermix places orders
  echo "== $1 while $3 connections order${GZIP:+ (gzip)}"
  "$root/ordermix" -url "$base" -db "$DATABASE_URL" -workers "$3" -duration "$((secs + 2))s" > "bench/out/selling-$1-orders$3.txt" 2>&1 &
  local om=$!
  sleep 1
  wrk -t2 -c"${CONNS:-32}" -d"${secs}s" --latency "${hdr[@]}" -s bench/report.lua "$base$2" | tee "bench/out/selling-$1-w$3.txt" | grep -E "RESULT|Non-2xx"
  wait $om || true
  grep -E "RESULT|CHECK|FAIL" "bench/out/selling-$1-orders$3.txt" | sed 's/^/   orders: /'
}
run healthz /healthz
run listing "$listing"
run faceted "$faceted"
run suggest "$suggest"
for w in ${SELL_WORKERS:-2}; do
  selling listing "$listing" "$w"
  selling faceted "$faceted" "$w"
done
run healthz-after /healthz
