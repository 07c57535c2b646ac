-- GET a page of 50 data cubes starting after a random one of N (keyset paging, in the database); N and
-- TOKEN come from the environment.
local n = tonumber(os.getenv("N") or "1000")
local token = os.getenv("TOKEN")
local prefix = os.getenv("GET_PREFIX") or "/api/v1/data-cubes"
math.randomseed(os.time() + 3)
request = function()
  local path = prefix
  if prefix:sub(1, 8) ~= "/trivial" then path = prefix .. "?per_page=50&after=bench-cube-" .. math.random(0, n - 1) end
  return wrk.format("GET", path, { ["x-imply-api-token"] = token })
end
