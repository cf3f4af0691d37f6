#!/usr/bin/env bash
# The main job: checks an inventory against policy files and prints a report.
# With no arguments: the example inventory against the example policy, as of now.
# Arguments are passed to //examples:check_inventory; relative --policy= and
# --inventory= paths are resolved against the repository root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh

if [ $# -eq 0 ]; then
  set -- --policy=examples/policies/kaspersky.textproto --inventory=examples/inventories/fleet.jsonl
fi
args=()
for arg in "$@"; do
  case "$arg" in
    --policy=*)
      files=()
      IFS=',' read -ra files <<<"${arg#--policy=}"
      for i in "${!files[@]}"; do
        case "${files[$i]}" in /*) ;; *) files[$i]="$root/${files[$i]}" ;; esac
      done
      args+=("--policy=$(IFS=','; echo "${files[*]}")")
      ;;
    --inventory=/*) args+=("$arg") ;;
    --inventory=*) args+=("--inventory=$root/${arg#--inventory=}") ;;
    *) args+=("$arg") ;;
  esac
done

# Build with Bazel's normal output (errors stay visible), then run the program directly.
bazel build --noshow_progress --ui_event_filters=-info //examples:check_inventory
exec "$root/bazel-bin/examples/check_inventory" "${args[@]}"
