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
  tzdata ca-certificates
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
