-- GET a random page of 50 data cubes among N (paging in the database); N and TOKEN come from the environment.
local n = tonumber(os.getenv("N") or "1000")
local token = os.getenv("TOKEN")
local prefix = os.getenv("GET_PREFIX") or "/api/v1/data-cubes"
local pages = math.max(1, math.floor(n / 50))
math.randomseed(os.time() + 3)
request = function()
  local path = prefix
  if prefix:sub(1, 8) ~= "/trivial" then path = prefix .. "?per_page=50&page=" .. math.random(1, pages) end
  return wrk.format("GET", path, { ["x-imply-api-token"] = token })
end
