#!/usr/bin/env bash
# Runs every benchmark once on the 10-rule workload, briefly, and checks each reported.
set -euo pipefail
out=$(benchmarks/interdict_benchmark --benchmark_filter='/rules:10(/|$)' --benchmark_min_time=0.001 2>&1)
echo "$out"
for name in BM_Evaluate/mixed BM_Evaluate/hit BM_Evaluate/miss BM_Evaluate/waivers_mixed BM_Evaluate/packages_mixed \
            BM_Evaluate/packages_hit BM_Evaluate/packages_miss BM_EvaluateIdentifiers/sha256 \
            BM_EvaluateIdentifiers/install_path_glob BM_EvaluateIdentifiers/signer_subject \
            BM_Evaluate/components_mixed BM_EvaluateBatch/standard BM_EvaluateBatch/waivers \
            BM_Compile/standard BM_Compile/waivers BM_HashRe2Baseline/waivers_mixed \
            BM_HashRe2Baseline/mixed BM_LinearRegexBaseline/mixed BM_Flatness/standard BM_Flatness/waivers; do
  grep -q "^$name/rules:10" <<<"$out" || { echo "missing benchmark: $name"; exit 1; }
done
grep -q "bytes_per_rule=" <<<"$out" || { echo "missing bytes_per_rule counter"; exit 1; }
grep -q "flatness=" <<<"$out" || { echo "missing flatness counter"; exit 1; }
