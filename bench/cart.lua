-- GET /api/cart of the customer run.sh signed in (BENCH_TOKEN), whose cart holds 3 products.
dofile("bench/report.lua")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
