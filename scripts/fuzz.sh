#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/README.md) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (--config=fuzz) and runs each for a bounded time, starting
# from a scratch copy of its seed corpus; then prints one line per target: executions,
# coverage (libFuzzer's edge count, "cov") and features ("ft"), the corpus size, and its
# crashes, grouped by where and how they fail, with a reproducer of each.
#
#   bash scripts/fuzz.sh [--keep] [TARGET...]     e.g. bash scripts/fuzz.sh purl_fuzzer
#
# TARGET: a fuzz target's name; none: every one (each has a directory in fuzz/corpus/).
# --keep: merge what the runs found into fuzz/corpus/<target>/ (libFuzzer -merge=1, which
#         adds only inputs that reach new coverage); by default the tree is not written.
# FUZZ_SECONDS: the run time of each target (default 60).
# FUZZ_OUTPUT_BASE: the Bazel output base of the clang build (default beside the
#         user's other Bazel output bases), kept apart from the gcc one: see .bazelrc.
# FUZZ_WORK: where the corpora, logs and crashes of this run go (default a new
#         directory under /tmp, kept and named at the end).
# Exits 1 when a target crashed (or failed to build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh clang libclang-rt-14-dev

keep=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) targets+=("$arg") ;;
  esac
done
seconds=${FUZZ_SECONDS:-60}
output_base=${FUZZ_OUTPUT_BASE:-$HOME/.cache/bazel/interdict-fuzz}
work=${FUZZ_WORK:-$(mktemp -d /tmp/interdict-fuzz.XXXXXX)}
bazel_fuzz() { bazel --output_base="$output_base" "$@"; }
# UndefinedBehaviorSanitizer's reports with their stacks, like AddressSanitizer's.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Every target has a corpus directory of its name (fuzz/fuzz.bzl).
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls fuzz/corpus)
bazel_fuzz build --config=fuzz "${targets[@]/#///fuzz:}"
bin=$(bazel_fuzz info --config=fuzz bazel-bin 2>/dev/null)/fuzz

summary=()
crashed=0
# The first line of a failure's report: a sanitizer's, a FUZZ_CHECK's, libFuzzer's.
failure_pattern='ERROR: AddressSanitizer|runtime error|invariant failed|ERROR: libFuzzer'
for target in "${targets[@]}"; do
  dir="$work/$target"
  mkdir -p "$dir/corpus" "$dir/crashes"
  cp -R "fuzz/corpus/$target/." "$dir/corpus/"
  if [ -d "fuzz/regressions/$target" ]; then cp -R "fuzz/regressions/$target/." "$dir/corpus/"; fi
  echo "fuzzing $target for ${seconds}s (log: $dir/log)"
  # -fork=1 -ignore_crashes=1: a crash (or a hang past -timeout seconds) is saved and the
  # run goes on in a new process, so one shallow bug does not end it before its time.
  "$bin/$target" -fork=1 -ignore_crashes=1 -max_total_time="$seconds" -timeout=10 \
    -artifact_prefix="$dir/crashes/" "$dir/corpus" >"$dir/log" 2>&1 || true
  # The last status line: "#EXECUTIONS: cov: C ft: F corp: N ... oom/timeout/crash: O/T/K time: Ss ...".
  status=$(grep -E '^#[0-9]+: cov:' "$dir/log" | tail -1)
  executions=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$status")
  elapsed=$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$status")
  line="$target: ${executions:-?} executions in ${elapsed:-?}s, $(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' <<<"$status")"
  mapfile -t crashes < <(find "$dir/crashes" -type f | sort)
  if [ ${#crashes[@]} -gt 0 ]; then
    crashed=1
    # In fork mode a crash's report stays in its process's log: run each reproducer
    # again (the first 100) and group them by where and how they fail.
    for crash in "${crashes[@]:0:100}"; do
      reason=$("$bin/$target" -timeout=10 "$crash" 2>&1 | grep -a -m1 -E "$failure_pattern" |
               sed -E 's/^.*(ERROR: AddressSanitizer: [a-z-]+).*/\1/; s/(runtime error|invariant failed: [^:]*).*/\1/' || true)
      echo "${reason:-no report} | $crash"
    done | sort >"$dir/crashes.txt"
    line="$line; ${#crashes[@]} crashes: $(awk -F' [|] ' '
      { n[$1]++; if (!($1 in first)) first[$1] = $2 }
      END { for (r in n) printf "%s%d x %s (e.g. %s)", (k++ ? "; " : ""), n[r], r, first[r] }' "$dir/crashes.txt")"
  elif [ -z "$status" ]; then
    crashed=1
    line="$target: did not run: $(grep -m1 -E "$failure_pattern|fuzz/every_selector" "$dir/log" || echo "see the log")"
  fi
  summary+=("$line")
  if [ "$keep" -eq 1 ]; then
    "$bin/$target" -merge=1 "fuzz/corpus/$target" "$dir/corpus" >>"$dir/log" 2>&1
  fi
done

echo
echo "Fuzzing summary (${seconds}s per target; corpora, logs and crashes in $work):"
printf '  %s\n' "${summary[@]}"
exit "$crashed"
