-- Product cards of random active products. run.sh writes bench/out/ids.lua with their ids.
dofile("bench/report.lua")
local ids = dofile("bench/out/ids.lua")
local n = #ids
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/products/" .. ids[math.random(1, n)])
end
