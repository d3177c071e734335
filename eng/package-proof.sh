#!/usr/bin/env bash
# Packaging proof (issue #10, item 6): an integrator's day one from a local NuGet feed.
#   1. packs every package project under src/ (Release; the eid dotnet tool too, unless EID_PROOF_INCLUDE_TOOLS=0) into a
#      fresh folder feed with a unique prerelease version;
#   2. copies eng/package-proof/ (a console outside EId.sln) out of the repository, gives it a NuGet.config with
#      the feed on top of the machine's own package sources, restores EId.* by PackageReference and runs it:
#      AddEId… registration, keys, device enrolment, one synthetic citizen from a face photo, signed request,
#      issuance, offline verification with the trust list;
#   3. installs the eid tool from the feed, checks it carries models/ beside it, and checks an ID number with it;
#   4. removes its temp folders and the EId packages of this version from the global packages folder.
# Exit 0 and "PACKAGE PROOF OK" only when every phase worked.
# usage: bash eng/package-proof.sh [face photo]   (default: the first .cache/face-api/sample*.jpg)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The console must find the models the package copied beside it, not a folder named by the environment.
unset EID_MODELS_DIR

# Unique per run, so the global packages folder can never answer with a stale package of the same version.
version="0.1.0-proof.$(date +%s).$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/eid-package-proof.XXXXXX")
case "$tmp" in "$repo"/*) echo "the temp folder $tmp is inside the repository" >&2; exit 1 ;; esac
packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
packages=${packages%/}

cleanup() {
  rm -rf "$tmp"
  if [ -n "$packages" ]; then
    rm -rf "$packages"/eid.*/"$version"
    # Left behind by runs that were killed before their own cleanup.
    find "$packages" -mindepth 2 -maxdepth 2 -path "$packages/eid.*/0.1.0-proof.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
    rmdir "$packages"/eid.* 2>/dev/null || true # only the id folders left empty
  fi
}
trap cleanup EXIT

now() { date +%s%N; }
phases=()
phase_done() { local took="$1 $(( ($(now) - $2) / 1000000 )) ms"; phases+=("$took"); echo "   ($took)"; }
fail() { echo "PACKAGE PROOF FAILED: $*"; exit 1; }
start=$(now)

echo "== package proof: EId $version, work folder $tmp"

# 1. Pack every package project under src/. Analyzers are off: they do not change what is packed, and the regular
#    build runs them. The dotnet tool (PackAsTool: EId.Cli, ~185 MB with every desktop platform's native libraries) is
#    packed too and installed from the feed at the end; EID_PROOF_INCLUDE_TOOLS=0 skips it.
#    A throwaway solution lists the projects and the model importer: EId.Biometrics.Models runs tools/EId.ModelImport,
#    and a solution build gives projects outside it their default (Debug) configuration.
t=$(now)
mkdir -p "$tmp/pack" "$tmp/feed"
projects=()
tools=()
for project in "$repo"/src/*/*.csproj; do
  if grep -qi '<PackAsTool>true</PackAsTool>' "$project"; then
    if [ "${EID_PROOF_INCLUDE_TOOLS:-1}" = "0" ]; then
      echo "   skipping $(basename "$project" .csproj): a dotnet tool (EID_PROOF_INCLUDE_TOOLS=0)"
      continue
    fi
    tools+=("$project")
  fi
  projects+=("$project")
done
{
  echo '<Solution>'
  for project in "${projects[@]}" "$repo"/tools/EId.ModelImport/EId.ModelImport.csproj; do
    echo "  <Project Path=\"$project\" />"
  done
  echo '</Solution>'
} > "$tmp/pack/EId.PackageProof.slnx"
echo "-- pack ${#projects[@]} projects under src/"
dotnet pack "$tmp/pack/EId.PackageProof.slnx" -c Release -o "$tmp/feed" --artifacts-path "$tmp/pack/artifacts" \
  -p:Version="$version" -p:RunAnalyzers=false -nologo -v:q -tl:off || fail "dotnet pack failed"
for project in "${projects[@]}"; do
  id=$(sed -n 's:.*<PackageId>\(.*\)</PackageId>.*:\1:p' "$project" | head -n 1)
  id=${id:-$(basename "$project" .csproj)}
  [ -f "$tmp/feed/$id.$version.nupkg" ] || fail "no package $id.$version.nupkg from $project"
done
echo "   $(find "$tmp/feed" -name '*.nupkg' | wc -l) packages in the feed ($(du -sh "$tmp/feed" | cut -f1))"
rm -rf "$tmp/pack/artifacts" # not needed any more; keeps the disk footprint down
phase_done pack "$t"

photo=${1:-$(find "$repo/.cache/face-api" -maxdepth 1 -name 'sample*.jpg' 2>/dev/null | sort | head -n 1)}
[ -n "$photo" ] && [ -f "$photo" ] || fail "no face photo (the model import extracts .cache/face-api/sample*.jpg; or pass one)"

# 2. The integrator's console, outside the repository, restoring from the feed plus the machine's own sources
#    (no <clear/>: NuGet adds the user-level sources to this file's).
t=$(now)
mkdir -p "$tmp/app" "$tmp/work"
cp -R eng/package-proof/. "$tmp/app/"
rm -rf "$tmp/app/bin" "$tmp/app/obj"
cat > "$tmp/app/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="eid-package-proof" value="$tmp/feed" />
  </packageSources>
</configuration>
EOF
echo "-- restore + build the console from the feed"
dotnet build "$tmp/app" -c Release -p:EIdVersion="$version" -nologo -v:q -tl:off || fail "the console did not restore or build from the packages"
# Every restored EId package carries its README.
shopt -s nullglob
restored=("$packages"/eid.*/"$version")
shopt -u nullglob
[ "${#restored[@]}" -gt 0 ] || fail "no EId package of version $version in $packages after the restore"
for folder in "${restored[@]}"; do
  [ -f "$folder/README.md" ] || fail "package $(basename "$(dirname "$folder")") $version has no README.md"
done
echo "   ${#restored[@]} EId packages restored from the feed, each with its README"
phase_done restore+build "$t"

t=$(now)
echo "-- run the console ($(basename "$photo"))"
status=0
dotnet run --project "$tmp/app" -c Release --no-build -p:EIdVersion="$version" -- "$photo" "$tmp/work" | tee "$tmp/run.log" || status=$?
phase_done run "$t"
[ "$status" -eq 0 ] || fail "the console exited with $status"
grep -qx 'PACKAGE PROOF OK' "$tmp/run.log" || fail "the console did not print PACKAGE PROOF OK"

# 4. The eid tool, installed from the feed as a user would, checks an ID number (exit 0, masked output).
if [ "${#tools[@]}" -gt 0 ]; then
  t=$(now)
  echo "-- install the eid tool from the feed"
  dotnet tool install EId.Cli --version "$version" --tool-path "$tmp/tool" --add-source "$tmp/feed" >/dev/null || fail "the eid tool did not install from its package"
  "$tmp/tool/eid" id check 11010519491231002X > "$tmp/tool.log" || fail "the installed eid tool failed: $(cat "$tmp/tool.log")"
  grep -q '^valid' "$tmp/tool.log" && ! grep -q '11010519491231002X' "$tmp/tool.log" || fail "the installed eid tool printed: $(cat "$tmp/tool.log")"
  echo "   eid id check: $(head -n 1 "$tmp/tool.log")"
  # The tool is one app: its package carries the models in models/ beside it (a publish), not a path of the build.
  tool_models=$(find "$tmp/tool/.store" -path '*/models/fr_feature.onnx' | head -n 1)
  [ -n "$tool_models" ] && [ -f "$(dirname "$tool_models")/manifest.json" ] || fail "the eid tool package has no models/ folder"
  ! grep -rqs 'EId.Biometrics.Models.CacheDirectory' "$tmp/tool/.store" --include='*.runtimeconfig.json' || fail "the eid tool's runtimeconfig.json names the build machine's model cache"
  echo "   eid tool: models/ beside it ($(find "$(dirname "$tool_models")" -name '*.onnx' | wc -l) ONNX files)"
  phase_done tool "$t"
fi

echo "== package proof timings: $(IFS=,; echo "${phases[*]}" | sed "s/,/, /g"), total $(( ($(now) - start) / 1000000 )) ms"
echo "PACKAGE PROOF OK"
