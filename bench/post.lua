-- POST create-or-update of a random data cube among N; the body is a realistic cube whose title changes on
-- every request, so that each one is a real write (a new version, its history entry and its audit entry),
-- not an unchanged re-post, which Fulcrum answers without writing.
local n = tonumber(os.getenv("N") or "1000")
local token = os.getenv("TOKEN")
local path = os.getenv("POST_PATH") or "/api/v1/data-cubes"
math.randomseed(os.time() + 7)
local counter = 0
local template = '{"dataCube":{"name":"bench-cube-%d","title":"Bench %d %d","connectionName":"bench","source":"wikipedia",'
  .. '"dimensions":[{"name":"page"},{"name":"countryIsoCode"},{"name":"cityName_1"},{"name":"__time","type":"TIME"}],'
  .. '"measures":[{"name":"count","formula":"$main.sum($count)"},{"name":"added"},{"name":"deleted"}]}}'
request = function()
  local i = math.random(0, n - 1)
  counter = counter + 1
  return wrk.format("POST", path, { ["x-imply-api-token"] = token, ["Content-Type"] = "application/json" },
    string.format(template, i, i, counter * 1000 + math.random(0, 999)))
end
