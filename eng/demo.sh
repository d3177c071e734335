#!/usr/bin/env bash
# The README's main job: the kiosk issuance demo end to end on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d examples/EId.Kiosk ]; then
  exec dotnet run -c Release --project examples/EId.Kiosk -- "$@"
fi
echo "The kiosk demo (examples/EId.Kiosk) is not built yet: it lands with the kiosk-issuance issue."
echo "It will read a simulated ID card, capture live frames, pass the security gateway, match the face,"
echo "run liveness, issue a Claim 169 QR credential, write it as PNG/SVG and verify it offline."
