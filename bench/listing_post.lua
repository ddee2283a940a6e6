-- The seed's POST /api/products {"category": …} listing, same filter as the GET scenario.
dofile("bench/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"category":"shuby","min_price":"5000","max_price":"900000","sort_by":"-price"}'
