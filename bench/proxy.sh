#!/usr/bin/env bash
# bench/proxy.sh: the shop direct and behind nginx (issue 14, «Speed»). One PostgreSQL with the demo catalog,
# two `furstore serve` (TRUSTED_PROXIES=127.0.0.1/32) and two Debian nginx processes running
# deploy/nginx/furstore.conf over TLS (a self-signed certificate; only ports, certificate paths, media folder and
# upstreams substituted): one in front of the first server only, one in front of both. For each of one server
# direct (http), one behind nginx and two behind nginx (https) it measures, with wrk -t2 -c32 (CONNS) for the
# given seconds: a listing, a product card (random ids), and the order mix (bench/ordermix: add to cart +
# place an order, on ORDER_WORKERS connections, default 8); /healthz direct is the reference. Any non-2xx
# answer, socket error or failed stock check fails the run. Raw output lands in bench/out/proxy-*.txt.
#   bench/proxy.sh [seconds, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
port=${BENCH_PORT:-18001} # servers on port and port+1; nginx https on port+442 / port+443, http on port+78 / +79
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
mkdir -p bench/out
root=$(mktemp -d /tmp/furstore-proxy.XXXXXX)
chmod 755 "$root"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  scripts/pg.sh stop "$root" >/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

go build -o bin/furstore ./cmd/furstore
go build -o "$root/ordermix" ./bench/ordermix
scripts/pg.sh start "$root" >/dev/null
export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh url "$root")
export MEDIA_DIR="$root/media" LOG_LEVEL=warn TRUSTED_PROXIES=127.0.0.1/32 RATE_LIMIT_LOGIN_IP=off RATE_LIMIT_LOGIN_EMAIL=off
bin/furstore migrate up >/dev/null
bin/furstore seed-demo >/dev/null
psql "$DATABASE_URL" -qc "VACUUM ANALYZE"
psql "$DATABASE_URL" -Atc "SELECT 'return {' || string_agg(id::text, ',') || '}' FROM products WHERE is_active" > bench/out/ids.lua
for p in "$port" "$((port + 1))"; do
  PORT=$p bin/furstore serve & pids+=($!)
done
for p in "$port" "$((port + 1))"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$p/readyz" >/dev/null && break; sleep 0.2; done
done

# nginx: the example configuration as deploy/nginx/furstore.conf has it, in the foreground (a master and one
# worker per core, as Debian's nginx.conf has it), in $root/nginx-NAME.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$root/key.pem" -out "$root/cert.pem" 2>/dev/null
start_nginx() { # name, https port, http port, upstreams...
  local dir="$root/nginx-$1" https=$2 http=$3; shift 3
  mkdir -p "$dir"
  local ups="" u
  for u in "$@"; do ups+="server 127.0.0.1:$u;\n    "; done
  sed -e "s|listen 80;|listen 127.0.0.1:$http;|" -e "s|listen 443 ssl;|listen 127.0.0.1:$https ssl;|" \
    -e "s|/etc/letsencrypt/live/mekha-shuby.ru/fullchain.pem|$root/cert.pem|" \
    -e "s|/etc/letsencrypt/live/mekha-shuby.ru/privkey.pem|$root/key.pem|" -e "s|/var/lib/furstore/media/|$MEDIA_DIR/|" \
    -e "s|server 127.0.0.1:8001;|$ups|" -e "/server 127.0.0.1:8002;/d" deploy/nginx/furstore.conf > "$dir/furstore.conf"
  cat > "$dir/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/furstore.conf;
}
CONF
  "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" & pids+=($!)
  for _ in $(seq 1 50); do curl -fsk "https://127.0.0.1:$https/healthz" >/dev/null && return; sleep 0.1; done
  echo "nginx $1 did not start:" >&2; cat "$dir/error.log" >&2; exit 1
}
start_nginx one "$((port + 442))" "$((port + 78))" "$port"
start_nginx two "$((port + 443))" "$((port + 79))" "$port" "$((port + 1))"
export SSL_CERT_FILE="$root/cert.pem" # ordermix (Go) trusts the self-signed certificate through it

declare -A base=([direct]="http://127.0.0.1:$port" [nginx1]="https://127.0.0.1:$((port + 442))"
  [nginx2]="https://127.0.0.1:$((port + 443))")
listing="/api/products?min_price=5000&sort_by=-price&page_size=20"
failed=0
hdr=()
[ -n "${GZIP:-}" ] && hdr=(-H "Accept-Encoding: gzip")
declare -A rps p50 p99
record() { # key, RESULT line
  rps[$1]=$(sed -E 's/.*(req|orders)\/s=([0-9]+).*/\2/' <<<"$2")
  p50[$1]=$(sed -E 's/.*p50=([0-9.]+(ms|µs|s)).*/\1/' <<<"$2")
  p99[$1]=$(sed -E 's/.*p99=([0-9.]+(ms|µs|s)).*/\1/' <<<"$2")
}
run() { # scenario, target, wrk arguments…
  local out="bench/out/proxy-$1-$2.txt"
  wrk -t2 -c"${CONNS:-32}" -d"${secs}s" --latency "${hdr[@]}" "${@:3}" > "$out"
  local line; line=$(grep RESULT "$out")
  echo "== $1 $2: $line"
  grep -q "errors=0 non2xx=0" <<<"$line" || { echo "   ERRORS in $out" >&2; failed=1; }
  record "$1 $2" "$line"
}
orders() { # target
  local out="bench/out/proxy-orders-$1.txt"
  "$root/ordermix" -url "${base[$1]}" -db "$DATABASE_URL" -workers "${ORDER_WORKERS:-8}" -duration "${secs}s" \
    -products 200 -marked 50 -stock 500 -hot 5000 > "$out" 2>&1 || { echo "   ordermix FAILED" >&2; failed=1; }
  local line; line=$(grep RESULT "$out" || echo "RESULT orders/s=0 p50=0ms p99=0ms")
  echo "== orders $1: $line"
  grep -E "CHECK|FAIL" "$out" | sed 's/^/   /'
  grep -q "refused=0 5xx=0 other=map\[\]" <<<"$line" || { echo "   refused or failed orders in $out" >&2; failed=1; }
  record "orders $1" "$line"
}

run healthz direct -s bench/report.lua "${base[direct]}/healthz"
for t in direct nginx1 nginx2; do
  run listing "$t" -s bench/report.lua "${base[$t]}$listing"
  run card "$t" -s bench/card.lua "${base[$t]}"
done
for t in direct nginx1 nginx2; do orders "$t"; done
run healthz nginx2 -s bench/report.lua "${base[nginx2]}/healthz"

floor=${rps[healthz direct]}
echo
echo "$(nproc) cores, wrk -t2 -c${CONNS:-32}, ${secs} s each${GZIP:+, Accept-Encoding: gzip}; orders on ${ORDER_WORKERS:-8} connections;"
echo "ratio = req/s ÷ /healthz direct ($floor req/s)"
printf "| %-22s | %-26s | %-26s | %-26s |\n" scenario "one server, direct" "one server, nginx (TLS)" "two servers, nginx (TLS)"
printf "| --- | ---: | ---: | ---: |\n"
row() { # scenario, label
  local cells=() t
  for t in direct nginx1 nginx2; do
    local k="$1 $t"
    if [ -n "${rps[$k]:-}" ]; then
      local ratio; ratio=$(echo "${rps[$k]} / $floor" | bc -l)
      if [ "$(echo "$ratio < 0.05" | bc)" = 1 ]; then ratio=$(printf %.4f "$ratio"); else ratio=$(printf %.2f "$ratio"); fi
      cells+=("$(printf "%s (%s), p99 %s" "${rps[$k]}" "$ratio" "${p99[$k]}")")
    else cells+=("—"); fi
  done
  printf "| %-22s | %-26s | %-26s | %-26s |\n" "$2" "${cells[@]}"
}
row healthz "/healthz"
row listing "listing (GET)"
row card "card (random ids)"
row orders "orders/s (cart + order)"
exit $failed
