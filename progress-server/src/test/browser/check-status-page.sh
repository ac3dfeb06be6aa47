#!/usr/bin/env bash
# Runs the end-to-end test of the status page in a real headless Chromium: status_page_test.py
# starts progress-server.jar serve, follows the replay on /status through Selenium WebDriver and
# Debian's chromedriver, and keeps screenshots under progress-server/target/status-page/.
#
# Needs progress-server/target/progress-server.jar (mvn -B package), Java 17 and /usr/bin/python3.
# Installs Debian's chromium, chromium-driver and python3-selenium (with apt-get, as root) when any
# of them is missing, and fails with the command to run when it cannot.
set -euo pipefail

browser_tests="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$(cd "$browser_tests/../../.." && pwd)"
jar="$module/target/progress-server.jar"
python=/usr/bin/python3
packages=(chromium chromium-driver python3-selenium)

fail() {
    echo "check-status-page: $*" >&2
    exit 1
}

[[ -f "$jar" ]] || fail "$jar is missing; build it with: mvn -B package"
[[ -x "$python" ]] || fail "$python is missing; install Debian's python3"

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
"$python" -c 'import selenium' 2>/dev/null || missing+=(python3-selenium)
if ((${#missing[@]} > 0)); then
    [[ "$(id -u)" -eq 0 ]] || fail "${missing[*]} missing; install as root with:" \
        "apt-get update && apt-get install -y ${packages[*]}"
    echo "check-status-page: installing ${missing[*]}"
    apt-get update -qq || fail "apt-get update failed; cannot install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
        fail "apt-get install ${missing[*]} failed; the browser test cannot run without them"
fi

exec "$python" "$browser_tests/status_page_test.py" --jar "$jar" \
    --artifacts "$module/target/status-page"
