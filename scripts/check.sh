#!/usr/bin/env bash
# The main job: `interdict check` of the example inventories (osquery results of a
# Windows, a Linux and a macOS host, a CycloneDX SBOM of an appliance, an SPDX
# document of a kiosk image) against the bundled catalog of real bans, for a US federal
# executive agency, as of now, and prints the report.
# With arguments, they are passed to `interdict` instead (e.g. `check --help`, or
# `check --jurisdiction US,US-TX --org-kind state-agency my-inventory.json`); relative
# paths are resolved against the directory you run it from.
set -euo pipefail
here=$(pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh

# Build with Bazel's normal output (errors stay visible), then run the program directly.
bazel build --noshow_progress --ui_event_filters=-info //tools/interdict
interdict="$root/bazel-bin/tools/interdict/interdict"
if [ $# -eq 0 ]; then
  exec "$interdict" check --jurisdiction=US --org-kind=federal-executive-agency \
    --action=RUN --action=UPDATE --action=INSTALL \
    examples/inventories/osquery-windows.json examples/inventories/osquery-linux.log \
    examples/inventories/osquery-macos.log examples/inventories/appliance.cdx.json \
    examples/inventories/kiosk-image.spdx.json
fi
cd "$here"
exec "$interdict" "$@"
