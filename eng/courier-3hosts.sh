#!/usr/bin/env bash
# The courier flow on three hosts (patent S1–S4): the postal server (EId.Server, also the registry host) on :5080, the
# identity server (EId.IdentityServer) on :5090, then one parcel from the handheld through the identity server, which
# signs the verdict and sends it to the postal server; the postal server's signed receipt comes back through it.
# Both servers are stopped at the end; their logs are in artifacts/demo/logs/.
#   --no-active   demo switch for the still sample photos: both servers skip the active challenge (passive PAD only)
# Other arguments go to the handheld (e.g. --citizen 2, --phone 13900000000; see examples/EId.Courier/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
postal=http://127.0.0.1:5080
identity=http://127.0.0.1:5090
server_args=() identity_args=() courier_args=()
for arg in "$@"; do
  if [[ $arg == --no-active ]]; then
    server_args+=(--EId:Server:ActiveLiveness=false)
    identity_args+=(--EId:IdentityServer:ActiveLiveness=false)
  else
    courier_args+=("$arg")
  fi
done

logs=artifacts/demo/logs
mkdir -p "$logs"
for project in EId.Server EId.IdentityServer EId.Courier; do
  dotnet build -c Release --nologo -v quiet "examples/$project" >/dev/null
done

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop EXIT

wait_healthy() { # url name log
  for _ in $(seq 1 120); do
    if curl -fsS "$1/health" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "xx $2 did not become healthy; see $3" >&2
  exit 1
}

# The postal server first: it prepares the work folder (keys, devices, citizens) the identity server reads.
dotnet run -c Release --no-build --project examples/EId.Server -- --urls "$postal" "${server_args[@]}" >"$logs/postal-server.log" 2>&1 &
pids+=($!)
wait_healthy "$postal" "the postal server" "$logs/postal-server.log"
echo "== postal server on $postal"

dotnet run -c Release --no-build --project examples/EId.IdentityServer -- --urls "$identity" \
  --EId:IdentityServer:PostalServerUrl="$postal" "${identity_args[@]}" >"$logs/identity-server.log" 2>&1 &
pids+=($!)
wait_healthy "$identity" "the identity server" "$logs/identity-server.log"
echo "== identity server on $identity (verdicts to $postal)"

dotnet run -c Release --no-build --project examples/EId.Courier -- --identity-server "$identity" "${courier_args[@]}"
