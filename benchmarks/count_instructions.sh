#!/usr/bin/env bash
# Prints per-evaluation counts from callgrind (repeatable, whatever else the machine is
# doing) for Interdict and the competent hash+RE2 baseline on the mixed, all-hit and
# all-miss inventories, and for the std::regex scan on the mixed one, at each rule count
# given (default: all five).
#
#   bazel build //benchmarks:instruction_counts && \
#     benchmarks/count_instructions.sh [--cache] [--waivers | --packages | --identifier_kind=KIND |
#       --entity_identifier_kind=KIND | --components=N] [10 100 ...]
#
# Columns are instructions per evaluation. With --cache, callgrind simulates the caches
# and each cell is "instructions/D1 misses/LL misses" per evaluation (data reads and
# writes; D1 is the first-level data cache, LL the last level), which explains time
# when the instructions do not.
#
# --waivers counts the waivers workload shape; --packages the package-rule (purl + vers)
# workload, --identifier_kind=KIND (sha256, team_id, install_path_glob, ...) an
# identifier workload, --entity_identifier_kind=KIND entities that list an identifier of
# KIND and artifacts found by it (no vendor string), --components=N artifacts with N
# components each and include_components rules: for those, Interdict's columns only
# (the baselines show "-").
#
# Needs valgrind (apt-get install valgrind). Takes several minutes at 100,000 rules: the
# workload is generated and compiled under valgrind before the counted loops run.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=bazel-bin/benchmarks/instruction_counts
[ -x "$binary" ] || { echo "build it first: bazel build //benchmarks:instruction_counts" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
cache=()
if [ "${1:-}" = "--cache" ]; then cache=(--cache-sim=yes); shift; fi
workload=()
baselines=1
case "${1:-}" in
  --waivers) workload=("$1"); shift ;;
  --packages | --identifier_kind=* | --entity_identifier_kind=* | --components=*)
    workload=("$1"); baselines=0; shift ;;
esac
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 100 1000 10000 100000)
evaluations=10000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%8s %20s %20s %20s %20s %20s %20s %18s\n' rules interdict_mixed interdict_hit \
  interdict_miss hash_re2_mixed hash_re2_hit hash_re2_miss linear_regex_mixed
for rules in "${counts[@]}"; do
  # The std::regex scan costs ~rules x 1,000 instructions per artifact: keep its run short,
  # and skip it at 100,000 rules, where building it under valgrind alone takes too long.
  linear=$(( rules <= 10000 ? (rules <= 1000 ? 1000 : 100) : 0 ))
  [ "$baselines" -eq 1 ] || linear=0
  valgrind --tool=callgrind "${cache[@]}" --callgrind-out-file="$work/out" \
    --toggle-collect='*CountedEvaluations*' \
    "$binary" --rules="$rules" --evaluations="$evaluations" --linear_evaluations="$linear" "${workload[@]}" \
    >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  events=Ir
  [ ${#cache[@]} -eq 0 ] || events=Ir,D1mr,D1mw,DLmr,DLmw
  callgrind_annotate --inclusive=yes --auto=no --threshold=100 --show-percs=no --show="$events" "$work/out" >"$work/annotated"
  per() {  # per FUNCTION RUNS: inclusive counts of FUNCTION / RUNS
    local line
    line=$(grep -m1 "::$1(" "$work/annotated" || true)
    if [ -z "$line" ] || [ "$2" -eq 0 ]; then echo "-"; return; fi
    awk -v runs="$2" -v cache="${#cache[@]}" '{
      for (i = 1; i <= 5; ++i) { v[i] = $i; gsub(",", "", v[i]); if (v[i] == ".") v[i] = 0 }
      if (cache == 0) { printf "%d", v[1] / runs }
      else { printf "%d/%.1f/%.2f", v[1] / runs, (v[2] + v[3]) / runs, (v[4] + v[5]) / runs }
    }' <<<"$line"
  }
  printf '%8s %20s %20s %20s %20s %20s %20s %18s\n' "$rules" \
    "$(per InterdictMixedCountedEvaluations "$evaluations")" \
    "$(per InterdictHitCountedEvaluations "$evaluations")" \
    "$(per InterdictMissCountedEvaluations "$evaluations")" \
    "$(per HashRe2MixedCountedEvaluations "$evaluations")" \
    "$(per HashRe2HitCountedEvaluations "$evaluations")" \
    "$(per HashRe2MissCountedEvaluations "$evaluations")" \
    "$(per LinearRegexMixedCountedEvaluations "$linear")"
done
