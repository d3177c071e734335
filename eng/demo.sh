#!/usr/bin/env bash
# The README's main job: the kiosk issuance demo end to end on embedded defaults
# (SQLite, bundled models, sample data). Arguments go to the kiosk (see examples/EId.Kiosk/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project examples/EId.Kiosk -- "$@"
