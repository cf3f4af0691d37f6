#!/usr/bin/env bash
# //examples/dask:fleet_job_test: generates a small partitioned inventory (20 partitions,
# 20,000 rows, 2 bad records), runs fleet_job.py on a LocalCluster of 2 workers twice (the
# json reader for a US federal agency's RUN; the library reader for a Texas agency's
# PROCURE, which has WARNs), and checks each output against a direct single-process
# evaluation (check_results.py). Debian's /usr/bin/python3 with the module built by
# Bazel (//python:package) on PYTHONPATH.
set -euo pipefail
runfiles="${TEST_SRCDIR}/${TEST_WORKSPACE}"
export PYTHONPATH="${runfiles}/python"
export PYTHONDONTWRITEBYTECODE=1
here="${runfiles}/examples/dask"
cd "${TEST_TMPDIR}"

/usr/bin/python3 -P "${here}/generate_inventory.py" --out=inventory --rows=20000 --partitions=20 \
  --bad-records=2 --seed=test --jobs=2

run_job() {  # OUTPUT READER ARGS...: the job must exit 2 (it found the bad records).
  local output="$1" reader="$2" status=0
  shift 2
  /usr/bin/python3 -P "${here}/fleet_job.py" --input=inventory --output="${output}" --workers=2 \
    --threads-per-worker=1 --reader="${reader}" --at=2025-06-01T00:00:00Z "$@" || status=$?
  if [[ "${status}" -ne 2 ]]; then
    echo "fleet_job.py exited with ${status}, expected 2 (bad records reported)" >&2
    exit 1
  fi
  /usr/bin/python3 -P "${here}/check_results.py" inventory "${output}" 2
}

run_job federal json
run_job texas library --action=procure --jurisdiction=US --jurisdiction=US-TX --org-kind=state-agency
grep -q '"WARN"' texas/summary.json || { echo "the PROCURE run found no WARN" >&2; exit 1; }
echo PASS
