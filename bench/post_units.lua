-- wrk script: each request creates a new unit of measure (a durable, journalled write).
-- TOKEN comes from the environment; ids are unique per wrk thread and request.
local counter = 0
local prefix = ""
local token = os.getenv("TOKEN")

function setup(thread)
  thread:set("prefix", string.format("t%d-%d", math.random(1, 1e9), os.time()))
end

function init(args)
  prefix = wrk.thread:get("prefix") or tostring(math.random(1, 1e9))
end

function request()
  counter = counter + 1
  local body = string.format('{"id":"%s-%d","dimension":"count"}', prefix, counter)
  return wrk.format("POST", "/api/v1/units",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

local bad = 0
function response(status, headers, body)
  if status ~= 201 then bad = bad + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("  non-201 answers: %d (must be 0)\n", summary.errors.status))
end
