#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking Takt needs.
# Idempotent and quick when everything is present: apt-get runs only for missing packages.
set -euo pipefail
packages=(
  make g++ cmake pkg-config ccache ninja-build git
  libboost1.81-dev libboost-json1.81-dev   # Beast (HTTP), Boost.JSON
  libsqlite3-dev sqlite3                   # journal storage
  libsodium-dev                            # BLAKE2b hash chain, token hashes, random tokens
  libcli11-dev libfmt-dev                  # command line, formatting
  libgtest-dev libgmock-dev libbenchmark-dev libcurl4-openssl-dev  # tests
  wrk curl procps                          # benchmarks: HTTP load, setup requests
  jq                                       # the integrator's guide's examples (docs/examples)
  libhowardhinnant-date-dev tzdata         # shift calendars in the site's time zone
  libprotobuf-dev protobuf-compiler        # Sparkplug B payloads
  libmosquitto-dev mosquitto mosquitto-clients  # MQTT client; the broker and clients for tests and benchmarks
  nodejs                                   # the web UI's build (Vite), Eclipse Tahu's Sparkplug edge node in the tests
  chromium fonts-dejavu-core               # the web UI's end-to-end tests: headless Chromium (playwright-core)
  prometheus-cpp-dev                       # /metrics: prometheus-cpp's core library (counters, histograms, text format)
  python3-prometheus-client                # tests: the Prometheus client's text-format parser checks /metrics
  ca-certificates
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm comes with some nodejs builds (NodeSource); Debian's own nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1; then
  dpkg-query -W -f='${Status}' npm 2>/dev/null | grep -q "install ok installed" || missing+=(npm)
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
