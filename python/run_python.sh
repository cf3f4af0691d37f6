#!/usr/bin/env bash
# //python:python3: Debian's /usr/bin/python3 with the module built by Bazel importable
# (PYTHONPATH at this binary's runfiles' python/, where the package's sources and
# interdict/_interdict.so sit together), in the directory `bazel run` was started from.
# -P: a script's own directory does not go first on sys.path, so that python/'s
# source-only package cannot shadow the built one.
#
#   bazel run //python:python3 -- python/benchmark_batch.py --rows=1000000
#   bazel run //python:python3 -- examples/python/check_inventory.py
set -euo pipefail
runfiles="${RUNFILES_DIR:-$0.runfiles}/interdict"
export PYTHONPATH="${runfiles}/python${PYTHONPATH:+:${PYTHONPATH}}"
cd "${BUILD_WORKING_DIRECTORY:-${PWD}}"
exec /usr/bin/python3 -P "$@"
