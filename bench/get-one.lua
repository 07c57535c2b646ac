-- GET one random data cube by name; N and TOKEN come from the environment.
local n = tonumber(os.getenv("N") or "1000")
local token = os.getenv("TOKEN")
local prefix = os.getenv("GET_PREFIX") or "/api/v1/data-cubes/bench-cube-"
math.randomseed(os.time())
request = function()
  local path = prefix
  if prefix:sub(-1) == "-" then path = prefix .. math.random(0, n - 1) end
  return wrk.format("GET", path, { ["x-imply-api-token"] = token })
end
