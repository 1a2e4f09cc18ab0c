#!/usr/bin/env bash
# Publishes the analytic node and the router (Release, framework-dependent, portable) into OUT/node and OUT/router.
# The local stack (local/up.sh) and the container images (Dockerfile) both build through this script, so what the
# tests run is what the images ship.
#
# Usage: publish.sh OUT [node|router]...   (default: both)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 OUT [node|router]..." >&2; exit 2; }
out=$1
shift
components=("$@")
[ ${#components[@]} -gt 0 ] || components=(node router)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
for component in "${components[@]}"; do
  case $component in
    node) project=src/AnalyticNode/AnalyticNode.csproj ;;
    router) project=src/Router/Router.csproj ;;
    *) echo "publish.sh: unknown component '$component' (node or router)" >&2; exit 2 ;;
  esac
  # Portable (no runtime identifier): the same output runs on linux-x64 and linux-arm64, and publishing does not
  # re-restore the projects for a RID, which would make the next plain build of the solution start over.
  dotnet publish "$repo/$project" -c Release -o "$out/$component" --nologo -v quiet -clp:ErrorsOnly
done
