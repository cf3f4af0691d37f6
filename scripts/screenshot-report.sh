#!/usr/bin/env bash
# Renders the README's HTML report example with headless Chromium and saves a
# screenshot (default docs/check-report.png, which the README shows). The report is
# `interdict check --output html` of the example inventories for a US federal executive
# agency that layers examples/policies/example_agency.textproto (its own rules and a
# waiver) on the bundled catalog, as of 2025-06-01.
#
#   bash scripts/screenshot-report.sh [OUT.png]
#
# Installs Chromium (Debian package `chromium`) when it is missing; the report itself
# needs no network and loads nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$(realpath -m "${1:-docs/check-report.png}")
bash scripts/install-deps.sh
command -v chromium >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
bazel build --noshow_progress --ui_event_filters=-info //tools/interdict
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bazel-bin/tools/interdict/interdict check --at=2025-06-01T00:00:00Z --jurisdiction=US \
  --org-kind=federal-executive-agency --action=RUN --action=UPDATE \
  --policy=examples/policies/example_agency.textproto --output=html \
  examples/inventories/osquery-windows.json examples/inventories/osquery-linux.log \
  examples/inventories/osquery-macos.log examples/inventories/appliance.cdx.json \
  examples/inventories/kiosk-image.spdx.json > "$work/report.html"
mkdir -p "$(dirname "$out")"
# --no-sandbox: Chromium's sandbox needs user namespaces, which root in a container
# or chroot often lacks. The page is local and loads nothing.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1150,1400 --screenshot="$out" "file://$work/report.html" 2>"$work/chromium.log" ||
  { cat "$work/chromium.log" >&2; exit 1; }
echo "wrote $out (from $work/report.html)"
