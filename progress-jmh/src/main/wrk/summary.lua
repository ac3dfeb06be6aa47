-- Prints one line, "WRK_JSON" and a JSON object, with a wrk run's totals and latency
-- percentiles in microseconds, for the report writer of progress-jmh to read.
done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "WRK_JSON {\"duration_us\":%d,\"requests\":%d,\"bytes\":%d,"
            .. "\"errors_connect\":%d,\"errors_read\":%d,\"errors_write\":%d,"
            .. "\"errors_status\":%d,\"errors_timeout\":%d,"
            .. "\"latency_mean_us\":%.1f,\"latency_p50_us\":%d,\"latency_p90_us\":%d,"
            .. "\"latency_p99_us\":%d,\"latency_p999_us\":%d,\"latency_max_us\":%d}\n",
        summary.duration, summary.requests, summary.bytes,
        errors.connect, errors.read, errors.write, errors.status, errors.timeout,
        latency.mean, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency:percentile(99.9), latency.max))
end
