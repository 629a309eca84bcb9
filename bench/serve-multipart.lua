-- wrk script for bench/serve-load.sh: POSTs one multipart/form-data case (two images and the
-- metadata) to /api/v1/predict, the body built once from the files named in the environment.
local function read(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. path)
  local data = f:read("*a")
  f:close()
  return data
end

local boundary = "----dermmgmt-bench-4f1b2c3d"
local function file_part(name, path)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"; filename=\"" .. name
      .. ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" .. read(path) .. "\r\n"
end
local function text_part(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = file_part("clinic", os.getenv("BENCH_CLINIC")) .. file_part("derm", os.getenv("BENCH_DERM"))
    .. text_part("sex", os.getenv("BENCH_SEX") or "female")
    .. text_part("location", os.getenv("BENCH_LOCATION") or "back")
    .. text_part("elevation", os.getenv("BENCH_ELEVATION") or "flat")
    .. "--" .. boundary .. "--\r\n"

-- summary.errors.status counts answers that were not 2xx/3xx (503 when the queue is full).
function done(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f requests=%d errors=%d non2xx=%d rps=%.2f\n",
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, summary.requests,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
      summary.errors.status, summary.requests / (summary.duration / 1e6)))
end
