#!/usr/bin/env bash
# Runs the published client examples of GET /batch_progress against `progress-server serve` and
# checks every line they print: three Python scripts (requests), one JavaScript script (axios) and
# two curl commands. The example files in this folder are the published snippets with only the
# scheme, host, token and tracking ids changed. This script changes nothing else either: it only
# points copies of them at the port the server picked.
#
# Needs progress-server/target/progress-server.jar (mvn -B package), Java 17, /usr/bin/python3,
# Node.js with npm, and curl. Installs Debian's python3-requests (with apt-get, as root) and the
# npm packages of package-lock.json (npm ci) when they are missing.
#
# The server replays the bundled data with seed 42 at speed max, so every run has ended before the
# first client runs, and the printed values are the same on every machine.
set -euo pipefail

clients="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$clients")"
jar="$root/progress-server/target/progress-server.jar"
python=/usr/bin/python3
token=check-examples-token
start_timeout_seconds=60

fail() {
    echo "check-examples: $*" >&2
    exit 1
}

[[ -f "$jar" ]] || fail "$jar is missing; build it with: mvn -B package"

if ! "$python" -c 'import requests' 2>/dev/null; then
    [[ "$(id -u)" -eq 0 ]] || fail "python3-requests is missing; install it as root with:" \
        "apt-get update && apt-get install -y python3-requests"
    echo "check-examples: installing python3-requests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-requests >/dev/null
fi
if [[ ! -f "$clients/node_modules/axios/package.json" ]]; then
    echo "check-examples: installing the npm packages of clients/package-lock.json"
    (cd "$clients" && npm ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT

# A database named in the environment would change the server's responses. This check is about the
# clients, so the server keeps its runs in memory.
env -u PROGRESS_JDBC_URL -u PROGRESS_JDBC_USER -u PROGRESS_JDBC_PASSWORD \
    java -jar "$jar" serve --port 0 --speed max --seed 42 \
    --token "$token=check-examples,demo,batch_progress:read" \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

deadline=$((SECONDS + start_timeout_seconds))
until grep -q '^replay finished' "$work/server.out"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        cat "$work/server.err" >&2
        fail "the server exited before it was ready"
    fi
    if ((SECONDS > deadline)); then
        cat "$work/server.out" "$work/server.err" >&2
        fail "the server was not ready within $start_timeout_seconds s"
    fi
    sleep 0.1
done
port="$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$work/server.out")"
[[ -n "$port" ]] || fail "the server printed no port line"

# The examples name runs by tracking id, and each must be a run that this server replays.
for id in $(grep -ohE '0x[0-9a-f]{64}' "$clients"/check_* | sort -u); do
    grep -q "^run $id " "$work/server.out" ||
        fail "the examples name run $id, which the server does not replay; after a change to" \
            "the bundled data or the seed, update the ids in clients/check_*"
done

for example in "$clients"/check_*; do
    sed "s#http://127\.0\.0\.1:8080/#http://127.0.0.1:$port/#g" "$example" \
        >"$work/$(basename "$example")"
done

checked=0
# Runs one example and compares what it prints with the expected text, line by line.
expect() {
    local name="$1"
    shift
    local expected="$work/$name.expected" actual="$work/$name.actual"
    cat >"$expected"
    (cd "$work" && NO_PROXY=127.0.0.1 no_proxy=127.0.0.1 NODE_PATH="$clients/node_modules" \
        "$@") >"$actual" 2>"$work/$name.err" ||
        {
            cat "$work/$name.err" >&2
            fail "$name exited with an error"
        }
    if ! diff -u "$expected" "$actual"; then
        fail "$name printed other lines than expected (diff above: - expected, + printed)"
    fi
    echo "check-examples: $name prints what is expected"
    checked=$((checked + 1))
}

expect check_batch_progress.py "$python" check_batch_progress.py <<'EOF'
Overall Progress: 100%
Stage: 4/4
Complete: True
Failed: False
EOF

expect check_supply_shed_progress.py "$python" check_supply_shed_progress.py <<'EOF'
Total Facilities: 352
Completed: 189
Failed: 163
Queued: 0
Preprocessing: 0
Processing: 0
Complete: True
EOF

# The third id repeats the first; a repeated id counts once.
expect check_multiple_supply_shed_progress.py "$python" check_multiple_supply_shed_progress.py <<'EOF'
Total Facilities: 1185
Completed: 788
EOF

expect check_batch_progress.js node check_batch_progress.js <<'EOF'
Overall Progress: 100%
Stage: 4/4
Complete: true
Failed: false
EOF

# curl prints each body without a line end, so the two bodies follow each other on one line. A line
# end is added here for diff.
expect check_batch_progress.curl.sh bash -c 'bash check_batch_progress.curl.sh && echo' <<'EOF'
{"n_stages":4,"stage":4,"progress":100,"failed":false,"complete":true,"overall_progress":100,"skip_reason":null}{"complete":true,"total_number_of_facilities":1185,"total_number_of_ungeocoded_facilities":371,"total_number_of_facilities_failed":397,"total_number_of_facilities_completed":788,"total_number_of_facilities_queued":0,"total_number_of_facilities_preprocessing":0,"total_number_of_facilities_processing":0,"skip_reason":null}
EOF

kill -TERM "$server_pid"
exit_code=0
wait "$server_pid" || exit_code=$?
server_pid=""
((exit_code == 0)) || fail "the server exited with $exit_code after SIGTERM; expected 0"
if grep -q "$token" "$work/server.err"; then
    fail "the server logged the token"
fi
echo "check-examples: all $checked examples print what is expected; the server stopped with 0"
