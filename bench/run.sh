#!/usr/bin/env bash
# bench/run.sh: load-test the catalog on a 10 000-product catalog, the way bench/README.md reports it.
#   bench/run.sh [seconds per scenario, default 20] [connections, default 32]
# It starts its own PostgreSQL (default durability settings) and server, generates the catalog with
# bench/gencatalog, loads it through `furstore import-catalog`, runs wrk against each scenario and stops it all.
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-32}
port=${BENCH_PORT:-8089}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

mkdir -p bench/out
root=$(mktemp -d /tmp/furstore-bench.XXXXXX)
chmod 755 "$root"
server=
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  scripts/pg.sh stop "$root" || true
  rm -rf "$root"
}
trap cleanup EXIT

go build -o bin/furstore ./cmd/furstore
scripts/pg.sh start "$root"
export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh url "$root")
export MEDIA_DIR="$root/media" PORT=$port LOG_LEVEL=warn
# Throughput runs sign in far more often than any abuse limit allows.
export RATE_LIMIT_LOGIN_IP=off RATE_LIMIT_LOGIN_EMAIL=off
bin/furstore migrate up
go run ./bench/gencatalog -products 10000 -out "$root/catalog"
bin/furstore import-catalog "$root/catalog/catalog.json"
psql "$DATABASE_URL" -qc "VACUUM ANALYZE"
psql "$DATABASE_URL" -Atc "SELECT 'return {' || string_agg(id::text, ',') || '}' FROM products WHERE is_active" > bench/out/ids.lua

bin/furstore serve & server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port"
listing="/api/products/get_products?category=shuby&min_price=5000&max_price=900000&sort_by=-price"
echo "shuby subtree matches: $(curl -fs "$base$listing" | sed -E 's/^\{"count":([0-9]+).*/\1/')"
run() { # name, wrk args…
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" | tee "bench/out/$name.txt" | grep -E "RESULT|Non-2xx"
}
run categories -s bench/report.lua "$base/api/categories"
run listing -s bench/report.lua "$base$listing"
run listing_post -s bench/listing_post.lua "$base/api/products"
run card -s bench/card.lua "$base"

# Accounts: one customer; login at 8 connections (each one is an argon2id hash), then GET /api/auth/me.
BENCH_TOKEN=$(curl -fsS -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@mekha-shuby.test","password":"норковая-шуба-2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
export BENCH_TOKEN
conns_saved=$conns; conns=8
run login -s bench/login.lua "$base/api/auth/login"
conns=$conns_saved
run me -s bench/me.lua "$base/api/auth/me"

# Cart and orders: the same customer's cart with 3 products, then the write mix (add to cart + place order,
# 32 customers) with its oversell check. The write mix changes stock, so it runs last.
for id in $(psql "$DATABASE_URL" -Atc "SELECT p.id FROM products p JOIN product_variants v ON v.product_id = p.id WHERE p.is_active AND v.stock >= 3 GROUP BY p.id HAVING count(*) = 1 ORDER BY p.id LIMIT 3"); do
  curl -fsS -o /dev/null -X POST "$base/api/cart" -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/json' -d "{\"product_id\":$id,\"quantity\":1}" || true
done
echo "cart: $(curl -fsS "$base/api/cart" -H "Authorization: Bearer $BENCH_TOKEN" | grep -o '"total_quantity":[0-9]*')"
run cart -s bench/cart.lua "$base/api/cart"
echo "== order mix"
go run ./bench/ordermix -url "$base" -db "$DATABASE_URL" -workers "$conns" -duration "${secs}s" | tee bench/out/ordermix.txt
