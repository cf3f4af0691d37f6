#!/usr/bin/env bash
# Runs the Python module's pytest suite (python/tests) on Debian's /usr/bin/python3, with
# PYTHONPATH at the runfiles' python/, where the package's sources and the built
# extension interdict/_interdict.so sit side by side. Each test case goes into Bazel's
# XML report (so CI counts them one by one).
set -euo pipefail
runfiles="${TEST_SRCDIR}/${TEST_WORKSPACE}"
export PYTHONPATH="${runfiles}/python"
export PYTHONDONTWRITEBYTECODE=1
cd "${TEST_TMPDIR}"
exec /usr/bin/python3 -m pytest -p no:cacheprovider -q --rootdir="${runfiles}/python" \
  --junitxml="${XML_OUTPUT_FILE}" "${runfiles}/python/tests" "$@"
