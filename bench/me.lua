-- GET /api/auth/me with the token run.sh got at registration (BENCH_TOKEN).
dofile("bench/report.lua")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
