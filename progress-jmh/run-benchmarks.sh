#!/usr/bin/env bash
# Builds the benchmarks, runs every one of them with short settings, and writes BENCHMARKS.md at
# the repository root from the results. About 11 minutes on a 2-core machine, plus up to 10 more
# while it waits for the machine to be idle.
#
#   progress-jmh/run-benchmarks.sh            build, run everything, write the report
#   progress-jmh/run-benchmarks.sh --no-build run with the jar already built
#
# Raw results (JMH's JSON and log, wrk's output, the footprint) go to
# progress-jmh/target/benchmark-results/. The database benchmark uses PostgreSQL at
# jdbc:postgresql://127.0.0.1:5432/test as user postgres, or the database that PROGRESS_JDBC_URL,
# PROGRESS_JDBC_USER and PROGRESS_JDBC_PASSWORD name. Without one, the report marks that benchmark
# not measured. The HTTP comparison needs wrk, which this script installs from Debian's
# packages when it is missing, and two cores, one for the server and one for wrk.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/progress-jmh"
results="$module/target/benchmark-results"
jar="$module/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# jcmd and jfr of the same JDK, for the profile of the HTTP server.
jdk_bin="$(dirname "$(readlink -f "$(command -v "$java")")")"

# wrk's settings: one thread and 32 connections. The warm-up cycles through the paths, then the
# measured rounds alternate between them. On one core the JIT compiler competes with the requests,
# so the server needs about a minute of load on each path before its figures settle.
wrk_connections=32
wrk_warmup=8s
wrk_warmup_cycles=5
wrk_round=4s
wrk_rounds=8
# The profiled rounds, longer than the measured ones because JFR takes a sample every 10 ms.
profile_round=10s

if [[ "${1:-}" != "--no-build" ]]; then
    echo "== building progress-jmh/target/benchmarks.jar"
    (cd "$root" && mvn -B -q -DskipTests -pl progress-jmh -am package)
fi
if [[ ! -f "$jar" ]]; then
    echo "error: $jar is missing; run without --no-build" >&2
    exit 1
fi
rm -rf "$results"
mkdir -p "$results/http"

# Busy and idle CPU time of the whole machine so far, in clock ticks, from /proc/stat.
machine_ticks() {
    local label user nice system idle iowait irq softirq steal rest
    read -r label user nice system idle iowait irq softirq steal rest < /proc/stat
    echo "$((user + nice + system + irq + softirq + steal)) $((idle + iowait))"
}

# CPU seconds of the processes this script started and waited for, from the output of `times`,
# which must run in this shell itself: in a subshell it would count that subshell's children only.
own_seconds() {
    tail -n 1 "$1" | awk '{
        total = 0
        for (i = 1; i <= 2; i++) {
            split($i, part, "m"); sub("s", "", part[2]); total += part[1] * 60 + part[2]
        }
        print total
    }'
}

# Waits up to 10 minutes for the machine to be idle (under 10% busy over 5 s). Other processes on
# a 2-core machine disturb every figure, and the report states how much CPU they took.
wait_for_idle() {
    local busy_a idle_a busy_b idle_b percent
    for _ in $(seq 120); do
        read -r busy_a idle_a < <(machine_ticks)
        sleep 5
        read -r busy_b idle_b < <(machine_ticks)
        percent=$((100 * (busy_b - busy_a) / (busy_b - busy_a + idle_b - idle_a + 1)))
        if ((percent < 10)); then
            return
        fi
        echo "waiting for an idle machine: ${percent}% busy over the last 5 s"
    done
    echo "warning: the machine stayed busy for 10 minutes; measuring anyway" >&2
}

wait_for_idle
read -r busy_before _ < <(machine_ticks)
times > "$results/times-before.txt"
started="$(date +%s)"

echo "== JMH: every benchmark, with -prof gc"
# A benchmark whose setup fails, such as the database one without PostgreSQL, has no result. The
# others still run, and the report marks the missing one not measured, so the script goes on.
"$java" -jar "$jar" -prof gc -rf json -rff "$results/jmh.json" 2>&1 | tee "$results/jmh.log" \
    || echo "warning: JMH exited with an error; see $results/jmh.log" >&2

echo "== stack profiles of ours, a short separate run each"
# JMH's stack profiler samples the benchmark threads; the report shows where the time goes.
"$java" -jar "$jar" 'QueryCostBenchmark.trackerQuery$' -p facilities=10000000 -wi 2 -i 3 \
    -prof 'stack:lines=2;top=10' > "$results/stack-query.txt" 2>&1 \
    || echo "warning: the stack profile of the query failed" >&2

echo "== memory per facility (JOL)"
# JOL sizes objects through the Instrumentation API, which it gets by attaching to its own JVM.
"$java" -Djdk.attach.allowAttachSelf=true -cp "$jar" dev.batchprogress.jmh.FacilityFootprint \
    "$results/footprint.json" \
    || echo "warning: the footprint comparison failed" >&2

echo "== HTTP: the servlet against a fixed-JSON servlet on one embedded Jetty"
run_http=true
if ! command -v wrk > /dev/null; then
    if [[ "$(id -u)" == 0 ]]; then
        apt-get update -qq && apt-get install -y -qq wrk > /dev/null || true
    fi
    command -v wrk > /dev/null || {
        echo "warning: wrk is missing and could not be installed; HTTP not measured" >&2
        run_http=false
    }
fi
if [[ "$(nproc)" -lt 2 ]]; then
    echo "warning: the HTTP comparison needs two cores, one per side; HTTP not measured" >&2
    run_http=false
fi
if [[ "$run_http" == true ]]; then
    urls="$results/http/urls.properties"
    jfr_settings="$module/src/main/jfr/execution-samples.jfc"
    taskset -c 0 "$java" -cp "$jar" dev.batchprogress.jmh.http.HttpComparison "$urls" \
        > "$results/http/server.log" 2>&1 &
    server=$!
    trap 'kill "$server" 2> /dev/null || true' EXIT
    for _ in $(seq 150); do
        [[ -f "$urls" ]] && break
        sleep 0.2
    done
    if [[ ! -f "$urls" ]]; then
        echo "error: the HTTP server did not start; see $results/http/server.log" >&2
        exit 1
    fi
    servlet_url="$(sed -n 's/^servlet=//p' "$urls")"
    fixed_url="$(sed -n 's/^fixed=//p' "$urls")"
    token="$(sed -n 's/^token=//p' "$urls")"
    etag="$(sed -n 's/^etag=//p' "$urls")"
    # Runs a JFR command through jcmd, which exits 0 even when the command itself fails, so its
    # output is checked too. A failed command leaves the profile out of the report.
    jfr_command() {
        local output
        output="$("$jdk_bin/jcmd" "$@" 2>&1)" || true
        if grep -qiE "could not|error|exception|failed" <<< "$output"; then
            echo "warning: jcmd $*: $output" >&2
        fi
    }
    # wrk's arguments: the duration, the URL, then optional extra -H options.
    run_wrk() {
        local duration="$1" url="$2"
        shift 2
        taskset -c 1 wrk -t1 -c"$wrk_connections" -d"$duration" --timeout 5s \
            -H "Authorization: Bearer $token" "$@" -s "$module/src/main/wrk/summary.lua" "$url"
    }
    # The first recording of a JVM loads and compiles JFR itself, which slowed the server for
    # seconds in trial runs. This one, thrown away before the warm-up, keeps that out of the rounds.
    jfr_command "$server" JFR.start name=warmup settings="$jfr_settings"
    sleep 1
    jfr_command "$server" JFR.stop name=warmup
    for cycle in $(seq "$wrk_warmup_cycles"); do
        run_wrk "$wrk_warmup" "$servlet_url" > "$results/http/warmup-servlet-$cycle.txt"
        run_wrk "$wrk_warmup" "$fixed_url" > "$results/http/warmup-fixed-$cycle.txt"
        run_wrk "$wrk_warmup" "$servlet_url" -H "If-None-Match: $etag" \
            > "$results/http/warmup-revalidation-$cycle.txt"
    done
    for round in $(seq "$wrk_rounds"); do
        run_wrk "$wrk_round" "$servlet_url" > "$results/http/servlet-$round.txt"
        run_wrk "$wrk_round" "$fixed_url" > "$results/http/fixed-$round.txt"
        run_wrk "$wrk_round" "$servlet_url" -H "If-None-Match: $etag" \
            > "$results/http/revalidation-$round.txt"
        grep -h "Requests/sec" "$results/http/servlet-$round.txt" \
            "$results/http/fixed-$round.txt" "$results/http/revalidation-$round.txt"
    done
    # One more round of each path while JFR samples the server, for the report's profile; the
    # measured rounds above ran without it.
    for target in servlet fixed; do
        url="$servlet_url"
        [[ "$target" == fixed ]] && url="$fixed_url"
        jfr_command "$server" JFR.start name="$target" settings="$jfr_settings"
        run_wrk "$profile_round" "$url" > "$results/http/profiled-$target.txt"
        jfr_command "$server" JFR.stop name="$target" filename="$results/http/$target.jfr"
        if ! "$jdk_bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 \
            "$results/http/$target.jfr" > "$results/http/samples-$target.txt"; then
            echo "warning: no JFR profile of $target; the report leaves the profile out" >&2
            rm -f "$results/http/samples-$target.txt"
        fi
    done
    kill "$server"
    wait "$server" 2> /dev/null || true
    trap - EXIT
fi

# What other processes took from the machine while the benchmarks ran, for the report.
read -r busy_after _ < <(machine_ticks)
times > "$results/times-after.txt"
ticks="$(getconf CLK_TCK)"
{
    echo "elapsed_seconds=$(($(date +%s) - started))"
    echo "cores=$(nproc)"
    echo "busy_seconds=$(awk -v b=$((busy_after - busy_before)) -v t="$ticks" 'BEGIN { print b / t }')"
    own_after="$(own_seconds "$results/times-after.txt")"
    own_before="$(own_seconds "$results/times-before.txt")"
    echo "own_seconds=$(awk -v a="$own_after" -v b="$own_before" 'BEGIN { print a - b }')"
} > "$results/machine-load.properties"

echo "== writing BENCHMARKS.md"
"$java" -cp "$jar" dev.batchprogress.jmh.report.ReportWriter "$results" "$root/BENCHMARKS.md"
echo "wrote $root/BENCHMARKS.md"
