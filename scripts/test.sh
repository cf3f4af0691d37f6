#!/usr/bin/env bash
# Runs every test: bazel test //... (extra arguments go to bazel), installing what is
# needed first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec bazel test //... "$@"
