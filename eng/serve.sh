#!/usr/bin/env bash
# Runs the example server (front system, identity + postal server, registry host) on loopback.
# Extra arguments go to the server, e.g. --urls http://127.0.0.1:5081 or --EId:Server:WorkFolder=/tmp/w.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project examples/EId.Server -- "$@"
