-- POST /api/auth/login for the user run.sh registered (argon2id: deliberately slow).
dofile("bench/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@mekha-shuby.test","password":"норковая-шуба-2026"}'
