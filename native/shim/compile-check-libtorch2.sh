#!/usr/bin/env bash
# Compiles the shim against libtorch 2.x's headers, so that a break with current libtorch shows up here and
# not on a lab's GPU machine. The headers and TorchConfig.cmake come from Debian trixie's libtorch-dev
# (2.6), fetched with apt-get download against a scratch sources list and unpacked with dpkg -x: nothing is
# installed. Its libraries need a newer glibc than Debian 12's, so this compiles and links nothing.
#
# Both ways the CMake project finds libtorch are exercised: every source through 2.6's TorchConfig
# (find_package), and through RB_TORCH_PREFIX (no TorchConfig, the way for a CUDA libtorch without the CUDA
# toolkit) the source that reads the CUDA hooks.
#
# Exit status: 0 compiled; 1 the shim does not compile against 2.x (or the check found a flaw in itself);
# 2 the check could not run (no network or mirror, a tool missing). The download is cached under
# native/shim/build/libtorch2/ (git-ignored); delete that folder to fetch again.
#
# Usage: native/shim/compile-check-libtorch2.sh      (any working directory; needs apt-get, dpkg, cmake, g++)
set -euo pipefail

SHIM="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$SHIM/build/libtorch2"
SUITE=trixie
PACKAGE=libtorch-dev
MIRROR=${REPBENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
JOBS=${REPBENCH_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}

say() { printf 'libtorch 2 check: %s\n' "$*" >&2; }
broken() { say "FAILED: $*"; exit 1; }
impossible() { say "CANNOT RUN: $*"; exit 2; }

for tool in apt-get dpkg dpkg-deb cmake c++; do
  command -v "$tool" >/dev/null || impossible "'$tool' is not installed (Debian: apt-get install apt dpkg cmake g++)"
done
[ -r "$KEYRING" ] || impossible "$KEYRING is missing: apt-get install debian-archive-keyring"

START=$(date +%s)
ARCH=$(dpkg --print-architecture)
mkdir -p "$WORK/debs"

# ---- 1. the package, downloaded once ------------------------------------------------------------------
deb=$(find "$WORK/debs" -maxdepth 1 -name "${PACKAGE}_*_${ARCH}.deb" | sort | tail -n 1)
if [ -z "$deb" ]; then
  say "downloading Debian $SUITE's $PACKAGE ($MIRROR) into $WORK/debs"
  APT="$WORK/apt"
  rm -rf "$APT"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/sources.list.d"
  echo "deb [arch=$ARCH signed-by=$KEYRING] $MIRROR $SUITE main" >"$APT/sources.list"
  # A scratch apt: its own sources, index and cache, the system's package state left alone. The system's
  # apt.conf.d (a proxy, say) still applies.
  apt_opts=(-q -o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/sources.list.d"
            -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "Dir::State::Status=/dev/null"
            -o Debug::NoLocking=1 -o Acquire::Languages=none -o "APT::Sandbox::User=$(id -un)")
  if ! apt-get "${apt_opts[@]}" update >"$WORK/apt-update.log" 2>&1 || grep -qE '^(E: |W: (Failed|Some index))' "$WORK/apt-update.log"; then
    tail -n 5 "$WORK/apt-update.log" >&2
    impossible "apt-get update against $MIRROR $SUITE failed (no network, a proxy, or the mirror): the log is $WORK/apt-update.log"
  fi
  if ! (cd "$WORK/debs" && apt-get "${apt_opts[@]}" download "$PACKAGE") >"$WORK/apt-download.log" 2>&1; then
    tail -n 5 "$WORK/apt-download.log" >&2
    impossible "apt-get download $PACKAGE from $SUITE failed: the log is $WORK/apt-download.log"
  fi
  deb=$(find "$WORK/debs" -maxdepth 1 -name "${PACKAGE}_*_${ARCH}.deb" | sort | tail -n 1)
  [ -n "$deb" ] || impossible "apt-get download reported success but left no ${PACKAGE}_*_${ARCH}.deb in $WORK/debs"
  rm -rf "$APT"  # the index is ~20 MB and only needed to download
fi
version=$(dpkg-deb -f "$deb" Version)
say "using $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# ---- 2. unpacked afresh -------------------------------------------------------------------------------
ROOT="$WORK/root"
rm -rf "$ROOT"
dpkg -x "$deb" "$ROOT"
CMAKE_DIR=$(dirname "$(find "$ROOT" -path '*/cmake/Torch/TorchConfig.cmake' | head -n 1)")
[ -f "$CMAKE_DIR/TorchConfig.cmake" ] || broken "$PACKAGE $version has no TorchConfig.cmake"
case "$version" in 2.*) ;; *) broken "$PACKAGE in $SUITE is $version, not a libtorch 2.x: update SUITE in $0" ;; esac
# Caffe2's exported targets refuse to configure unless the libraries they name exist, and those are in
# libtorch2.x (~58 MB), not in the -dev package. Compiling never opens them: empty placeholders suffice.
CAFFE2_DIR="$CMAKE_DIR/../Caffe2"
import_prefix=$(cd "$CAFFE2_DIR/../../.." && pwd)  # what Caffe2Targets.cmake computes as _IMPORT_PREFIX
placeholders=0
while IFS= read -r library; do
  mkdir -p "$(dirname "$import_prefix/$library")"
  : >"$import_prefix/$library"
  placeholders=$((placeholders + 1))
done < <(sed -n 's/.*_cmake_import_check_files_for_[A-Za-z0-9_]* "${_IMPORT_PREFIX}\/\([^"]*\)".*/\1/p' "$CAFFE2_DIR"/Caffe2Targets-*.cmake)
[ "$placeholders" -gt 0 ] || broken "found no imported libraries in $CAFFE2_DIR/Caffe2Targets-*.cmake: the placeholder step needs updating"
# RB_TORCH_PREFIX mode takes the folder that holds include/ (Debian's layout: usr/).
PREFIX="$ROOT/usr"
[ -f "$PREFIX/include/torch/csrc/api/include/torch/torch.h" ] || broken "$PACKAGE $version has no usr/include/torch/csrc/api/include/torch/torch.h"

# ---- 3. compile, both ways ----------------------------------------------------------------------------
# compile NAME TARGET CMAKE-ARGS...: configures with CMAKE-ARGS and builds TARGET (all objects, or one).
compile() {
  local name=$1 target=$2
  shift 2
  local build="$WORK/cmake-$name"
  rm -rf "$build"
  if ! cmake -S "$SHIM" -B "$build" -G "Unix Makefiles" -DRB_COMPILE_ONLY=ON "$@" >"$build.log" 2>&1; then
    tail -n 30 "$build.log" >&2
    broken "configuring the shim ($name) against $PACKAGE $version failed: the log is $build.log"
  fi
  if ! cmake --build "$build" --parallel "$JOBS" --target "$target" >>"$build.log" 2>&1; then
    grep -E ': (fatal )?error|\*\*\* ' "$build.log" | head -n 40 >&2 || true
    broken "the shim does not compile against libtorch $version ($name): the errors are above, the whole log is $build.log"
  fi
  # With Debian's libtorch 1.13 installed, a header missing from 2.x would be found in /usr/include instead:
  # the compiler's dependency files (the objects' and the precompiled header's) name every header read.
  local headers
  headers=$(find "$build" -name '*.d' -exec cat {} + | tr ' \\' '\n\n' | grep -E '\.(h|hpp|cuh)$' | sort -u || true)
  local system_headers
  system_headers=$(grep -E '^/usr/include/(torch|ATen|c10|caffe2)/' <<<"$headers" | head -n 5 || true)
  [ -z "$system_headers" ] || broken "($name) read the system's libtorch headers, not $version's: $system_headers"
  grep -q "^$ROOT/usr/include/torch/" <<<"$headers" || broken "($name) the dependency files name no header of $version under $ROOT"
  local objects
  objects=$(find "$build" -name '*.o' | wc -l)
  [ "$objects" -gt 0 ] || broken "($name) produced no object files"
  say "compiled $objects object file(s) against libtorch $version ($name), $(grep -c 'warning:' "$build.log" || true) warnings: $build.log"
}

# Every source through 2.x's TorchConfig. RB_TORCH_PREFIX differs only in where the include folders and the
# ABI flag come from: there, the precompiled header and the file that reads the CUDA hooks suffice.
compile find-package repbench_torch_objects -DTorch_DIR="$CMAKE_DIR"
compile prefix src/library.cpp.o -DRB_TORCH_PREFIX="$PREFIX"

say "OK: the shim compiles against libtorch $version headers, in $(($(date +%s) - START)) s"
