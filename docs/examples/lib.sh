# shellcheck shell=bash
# What every example shares; sourced by the examples, not run on its own.
#   TAKT_URL    the server, e.g. http://127.0.0.1:8080
#   TAKT_TOKEN  an admin's token (takt user add NAME --role admin, before the server starts)
set -euo pipefail
: "${TAKT_URL:?set TAKT_URL to the server, e.g. http://127.0.0.1:8080}"
: "${TAKT_TOKEN:?set TAKT_TOKEN to an admin token: takt user add NAME --role admin --db sqlite:PATH}"
command -v jq >/dev/null || { echo "the examples need jq" >&2; exit 1; }

# api METHOD PATH STATUS [BODY]: sends BODY (JSON; "-" reads it from standard input) with the
# bearer token in TOKEN (default TAKT_TOKEN), prints the reply, and stops the script unless the
# reply has the HTTP status STATUS. The same request with curl alone:
#   curl -X POST -H "Authorization: Bearer $TAKT_TOKEN" -d '{"id":"kg",...}' "$TAKT_URL/api/v1/units"
api() {
  local method=$1 path=$2 want=$3 body=${4-} out sent status
  out=$(mktemp) sent=$(mktemp)
  if [ "$body" = - ]; then cat >"$sent"; else printf '%s' "$body" >"$sent"; fi
  local data=()
  if [ -s "$sent" ]; then data=(--data-binary "@$sent"); fi
  status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer ${TOKEN:-$TAKT_TOKEN}" \
    -H 'Content-Type: application/json' "${data[@]}" "$TAKT_URL$path") || status=000
  if [ "$status" != "$want" ]; then
    echo "FAILED: $method $path: expected HTTP $want, got $status: $(cat "$out")" >&2
    rm -f "$out" "$sent"
    exit 1
  fi
  cat "$out"
  rm -f "$out" "$sent"
}

# expect JSON FILTER: stops the script unless the jq FILTER is true of JSON.
expect() {
  if ! jq -e "$2" >/dev/null <<<"$1"; then
    echo "FAILED: expected $2 of: $1" >&2
    exit 1
  fi
}
