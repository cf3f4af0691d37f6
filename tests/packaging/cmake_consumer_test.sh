#!/bin/bash
# Builds Interdict with CMake (Release, -j2, without the interdict command), installs it
# into a prefix under TEST_TMPDIR, then builds and runs examples/cmake_consumer against
# the installed tree: the C++ host through find_package(Interdict), the C host through
# the CMake target and through pkg-config, and the C++ host through interdict.pc. Last,
# the Python module as python/README.md installs it offline: `pip install
# --no-build-isolation --no-index .` into a venv made with --system-site-packages, finding
# this installed Interdict through CMAKE_PREFIX_PATH (so only the module is compiled; without
# one, python/CMakeLists.txt builds the library from the tree through the same root
# CMakeLists.txt), then the installed module evaluates one artifact.
# The sources come from the runfiles: the files the mirrored Bazel targets are built
# from (//tests/packaging:cmake_build_sources).
set -euo pipefail

source_root="$TEST_SRCDIR/$TEST_WORKSPACE"
consumer_source="$source_root/examples/cmake_consumer"
work="$TEST_TMPDIR/cmake"
prefix="$work/prefix"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

cmake -S "$source_root" -B "$work/interdict" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DINTERDICT_BUILD_TOOLS=OFF
cmake --build "$work/interdict" -j2
cmake --install "$work/interdict"

for file in include/interdict/policy/interdict.h include/interdict/interdict/v1/policy.pb.h \
  include/interdict/c/interdict_c.h lib/cmake/Interdict/InterdictConfig.cmake \
  lib/cmake/Interdict/InterdictConfigVersion.cmake lib/pkgconfig/interdict.pc \
  lib/pkgconfig/interdict_c.pc; do
  [[ -f "$prefix/$file" ]] || fail "not installed: $file"
done

cmake -S "$consumer_source" -B "$work/consumer" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix"
cmake --build "$work/consumer" -j2

check_cxx_output() {
  echo "$1"
  [[ "$1" == $'Kaspersky Internet Security: DENY\nMozilla Firefox: ALLOW' ]] ||
    fail "$2: expected Kaspersky DENY, Firefox ALLOW"
}
check_c_output() {
  echo "$1"
  [[ "$1" =~ ^interdict\ [0-9]+\.[0-9]+\.[0-9]+\ \(C\):\ DENY$ ]] || fail "$2: expected 'interdict <version> (C): DENY'"
}

check_cxx_output "$("$work/consumer/consumer" <"$consumer_source/inventory.jsonl")" "consumer (find_package)"
check_c_output "$("$work/consumer/c_consumer")" "c_consumer (find_package)"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
libdir="$(pkg-config --variable=libdir interdict_c)"
# shellcheck disable=SC2046  # pkg-config's flags are words
cc -std=c11 -o "$work/c_consumer_pc" "$consumer_source/c_consumer.c" \
  $(pkg-config --cflags --libs interdict_c) -Wl,-rpath,"$libdir"
check_c_output "$("$work/c_consumer_pc")" "c_consumer (pkg-config)"

# shellcheck disable=SC2046
c++ -std=c++17 -O1 -o "$work/consumer_pc" "$consumer_source/main.cc" $(pkg-config --cflags --libs interdict)
check_cxx_output "$("$work/consumer_pc" <"$consumer_source/inventory.jsonl")" "consumer (pkg-config)"

# pip builds in the source directory: a copy of what it reads (setup.py, pyproject.toml,
# python/), out of the read-only runfiles.
python_source="$work/python-source"
mkdir -p "$python_source"
cp -RL "$source_root/setup.py" "$source_root/pyproject.toml" "$source_root/python" "$python_source/"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
CMAKE_PREFIX_PATH="$prefix" CMAKE_BUILD_PARALLEL_LEVEL=2 \
  "$work/venv/bin/pip" install --no-cache-dir --no-build-isolation --no-index "$python_source"
# -P: not the source package of the working directory, the installed one.
(cd "$work" && "$work/venv/bin/python" -P - <<'PYTHON') || fail "the pip-installed module"
import datetime
import sys

import interdict

assert interdict.__file__.startswith(sys.prefix), interdict.__file__
decision = interdict.catalog().evaluate(
    name="Kaspersky Internet Security", vendor="AO Kaspersky Lab",
    at=datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc), action="update",
    jurisdictions=["US"])
assert decision.verdict == interdict.Verdict.DENY, decision
assert decision.matches[0].citation.startswith("89 FR 52434"), decision.matches
print("pip-installed", interdict.__file__, "->", decision.explanation)
PYTHON

echo "PASS"
