-- wrk reporter for benchmarks/bench_web.py: at the end of a run, one JSON line on stdout
-- (after wrk's own report) prefixed with "WRK_JSON ", holding requests, req/s, latency
-- percentiles in milliseconds, bytes per response and the errors.  Non-2xx/3xx responses
-- are wrk's summary.errors.status; bench_web.py counts them, and every socket error, as
-- errors.

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local n = summary.requests
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"bytes_per_response": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p95_ms": %.3f, ' ..
    '"p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f, "errors": {"connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    n, seconds, n / seconds, summary.bytes, n > 0 and summary.bytes / n or 0,
    ms(50), ms(90), ms(95), ms(99), latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
