#!/bin/bash
# Builds and runs examples/bazel_consumer, a workspace of its own that uses Interdict as
# @interdict (local_repository "../.."), with a Bazel of its own: a label in Interdict's
# BUILD or .bzl files that works only from inside this repository fails here.
#
# The nested Bazel reads the source tree itself (found through this script's runfile
# link; the test is `local` and `external`: never sandboxed, never cached). Its output
# base stays warm between runs, one for every checkout (@interdict's actions are keyed by
# their contents and external/interdict/ paths, not by where the checkout is, so a fresh
# clone finds them built), under ${XDG_CACHE_HOME:-~/.cache}/interdict-tests/bazel_consumer/
# (the home directory of the user, not the test's HOME;
# --test_env=INTERDICT_TEST_CACHE=DIR puts it under DIR); its server is shut down at the
# end. Two checkouts' runs take turns on it (Bazel's output base lock).
set -euo pipefail

script="$(readlink -f "${BASH_SOURCE[0]}")"
source_root="$(cd "$(dirname "$script")/../.." && pwd)"
consumer="$source_root/examples/bazel_consumer"
home="$(getent passwd "$(id -u)" | cut -d: -f6)"
cache="${INTERDICT_TEST_CACHE:-${XDG_CACHE_HOME:-$home/.cache}/interdict-tests}/bazel_consumer"
output_base="$cache/output_base"
mkdir -p "$cache"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

nested_bazel() {
  (cd "$consumer" &&
    bazel --nohome_rc --output_user_root="$cache/user_root" --output_base="$output_base" "$@")
}
trap 'nested_bazel shutdown >/dev/null 2>&1 || true' EXIT

# The host, and what it does not use: the inventory readers and the C interface, whose
# labels other hosts depend on. (Not the shared libinterdict_c.so: its position-independent
# objects would compile the library a second time.) --symlink_prefix=/: no
# bazel-* links in the source tree. --incompatible_strict_action_env: the same actions
# (and cache hits) whatever the calling environment's PATH.
nested_bazel build --symlink_prefix=/ --incompatible_strict_action_env \
  //:consumer @interdict//policy/inventory @interdict//c:interdict_c
bin="$(nested_bazel info bazel-bin 2>/dev/null)"

cxx_output="$("$bin/consumer")" || fail "consumer exited with $?"
echo "$cxx_output"
grep -Eq '^catalog [0-9.]+: DENY$' <<<"$cxx_output" || fail "consumer: expected 'catalog <version>: DENY'"
grep -q 'DENY by us.bis.kaspersky.2024/updates-and-resale' <<<"$cxx_output" ||
  fail "consumer: expected the explanation to name us.bis.kaspersky.2024/updates-and-resale"

echo "PASS"
