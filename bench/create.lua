-- POST a new data cube on every request (a create, never an update), as the shared harness's W2 does: the name is
-- the run's prefix, the wrk thread's number and a counter, so the warm-up, the measured run and the threads never
-- collide. The cube references the seeded connection, like every cube of bench/run.sh.
local token = os.getenv("TOKEN")
local path = os.getenv("POST_PATH") or "/api/v1/data-cubes"
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local prefix
local template = '{"dataCube":{"name":"%s%d","title":"New %d","connectionName":"bench","source":"wikipedia",'
  .. '"dimensions":[{"name":"page"},{"name":"countryIsoCode"},{"name":"cityName_1"},{"name":"__time","type":"TIME"}],'
  .. '"measures":[{"name":"count","formula":"$main.sum($count)"},{"name":"added"},{"name":"deleted"}]}}'
function init(args)
  prefix = "new-" .. os.time() .. "-" .. math.random(1000000) .. "-t" .. tostring(tid) .. "-"
end
request = function()
  counter = counter + 1
  return wrk.format("POST", path, { ["x-imply-api-token"] = token, ["Content-Type"] = "application/json" },
    string.format(template, prefix, counter, counter))
end
