#!/usr/bin/env bash
# Checks that the evaluate path's prefetches survive the optimiser: the prefetcht0
# instructions of the hot lines (evaluation.cc, Run, inlined into EvaluateCandidates)
# and of a candidate's exemptions (Evaluation::Consider, or EvaluateCandidates when it
# is inlined there). GCC 12 at -O2 once deleted every __builtin_prefetch of
# evaluation.cc as dead code, silently (policy/internal/prefetch.h); this test is what
# notices such a loss. x86-64 only (elsewhere PrefetchForRead is the builtin, and the
# instruction has another name): it says so and passes there.
set -euo pipefail
binary="$1"
if [ "$(uname -m)" != x86_64 ]; then
  echo "not x86-64 ($(uname -m)): nothing to check"
  exit 0
fi
command -v objdump >/dev/null || { echo "FAIL: objdump (binutils) is not installed" >&2; exit 1; }
listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
objdump -d --no-show-raw-insn -C "$binary" > "$listing"
# Prefetch instructions in the functions whose names match $1 (their cold parts too).
count_in() {
  awk -v pattern="$1" '
    /^[0-9a-f]+ <.*>:$/ { inside = ($0 ~ pattern) }
    inside && /prefetcht0/ { n++ }
    END { print n + 0 }' "$listing"
}
evaluate=$(count_in 'EvaluateCandidates\(')
consider=$(count_in 'Evaluation::Consider\(')
echo "prefetcht0 in EvaluateCandidates: $evaluate, in Evaluation::Consider: $consider"
if [ "$evaluate" -eq 0 ]; then
  echo "FAIL: no prefetch in EvaluateCandidates: the hot lines are not prefetched" >&2
  exit 1
fi
if [ "$consider" -eq 0 ] && [ "$evaluate" -lt 2 ]; then
  echo "FAIL: no prefetch of a candidate's exemptions" >&2
  exit 1
fi
echo "PASS"
