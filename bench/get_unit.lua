-- wrk script: authenticated GET of one resource.
local token = os.getenv("TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
function done(summary, latency, requests)
  io.write(string.format("  non-2xx answers: %d (must be 0)\n", summary.errors.status))
end
