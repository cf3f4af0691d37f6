#!/usr/bin/env bash
# Installs, with apt-get, the Debian 12 packages Interdict builds with, if any is missing,
# and those named as arguments (scripts/fuzz.sh adds clang's). Idempotent and quiet when
# everything is present. Needs root to install.
set -euo pipefail

packages=(
  bazel-bootstrap      # Bazel 4.2.3
  g++
  libabsl-dev
  libprotobuf-dev
  protobuf-compiler
  libre2-dev
  nlohmann-json3-dev   # JSON of inventories and SBOMs (header-only)
  libgtest-dev
  libgmock-dev
  libbenchmark-dev
  tzdata               # IANA time zones for policy deadlines
  libasan8 libubsan1   # gcc's sanitizer runtimes: --config=asan (CI runs it)
  libtsan2             # --config=tsan
  pkg-config
  cmake                # the CMake build and its consumer test (CMakeLists.txt)
  python3-dev pybind11-dev python3-pybind11  # the Python module (python/)
  python3-pytest python3-setuptools python3-wheel python3-pip python3-venv
  python3-distributed python3-dask python3-pandas python3-psutil  # the Dask fleet job
  git
  ca-certificates
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "installed ${#missing[@]} packages"
