#!/usr/bin/env bash
# Prints instructions per evaluation, counted by callgrind (repeatable, whatever else the
# machine is doing), for Interdict on the mixed, all-hit and all-miss inventories and for
# the two baselines on the mixed one, at each rule count given (default: all five).
#
#   bazel build //benchmarks:instruction_counts && benchmarks/count_instructions.sh [--packages | --identifier_kind=KIND | --components=N] [10 100 ...]
#
# --packages counts the package-rule (purl + vers) workload instead, and
# --identifier_kind=KIND (sha256, team_id, install_path_glob, ...) an identifier workload,
# --components=N artifacts with N components each and include_components rules:
# Interdict's columns only, the baselines show "-".
#
# Needs valgrind (apt-get install valgrind). Takes several minutes at 100,000 rules: the
# workload is generated and compiled under valgrind before the counted loops run.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=bazel-bin/benchmarks/instruction_counts
[ -x "$binary" ] || { echo "build it first: bazel build //benchmarks:instruction_counts" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
packages=()
case "${1:-}" in
  --packages | --identifier_kind=* | --components=*) packages=("$1"); shift ;;
esac
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 100 1000 10000 100000)
evaluations=10000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%8s %16s %16s %16s %16s %18s\n' rules interdict_mixed interdict_hit interdict_miss \
  hash_re2_mixed linear_regex_mixed
for rules in "${counts[@]}"; do
  # The std::regex scan costs ~rules x 1,000 instructions per artifact: keep its run short,
  # and skip it at 100,000 rules, where building it under valgrind alone takes too long.
  linear=$(( rules <= 10000 ? (rules <= 1000 ? 1000 : 100) : 0 ))
  [ ${#packages[@]} -eq 0 ] || linear=0
  valgrind --tool=callgrind --callgrind-out-file="$work/out" \
    --toggle-collect='*CountedEvaluations*' \
    "$binary" --rules="$rules" --evaluations="$evaluations" --linear_evaluations="$linear" "${packages[@]}" \
    >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$work/out" >"$work/annotated"
  per() {  # per FUNCTION RUNS: inclusive instructions of FUNCTION / RUNS
    local total
    total=$(grep -m1 "::$1(" "$work/annotated" | awk '{gsub(",", "", $1); print $1}')
    if [ -z "$total" ] || [ "$2" -eq 0 ]; then echo "-"; else echo $(( total / $2 )); fi
  }
  printf '%8s %16s %16s %16s %16s %18s\n' "$rules" \
    "$(per InterdictMixedCountedEvaluations "$evaluations")" \
    "$(per InterdictHitCountedEvaluations "$evaluations")" \
    "$(per InterdictMissCountedEvaluations "$evaluations")" \
    "$(per HashRe2MixedCountedEvaluations "$evaluations")" \
    "$(per LinearRegexMixedCountedEvaluations "$linear")"
done
