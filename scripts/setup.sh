#!/usr/bin/env bash
# setup.sh - install missing Debian packages (once) and build edusim (incrementally).
# Sourced by run.sh and test.sh; idempotent and fast when everything is in place.
set -euo pipefail
ES_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ES_PACKAGES=(build-essential cmake pkg-config libhdf5-dev hdf5-tools libyaml-dev libcmocka-dev
             libpcg-cpp-dev clang python3 python3-yaml python3-h5py python3-numpy python3-pandas
             python3-matplotlib python3-scipy valgrind help2man)

es_install_packages() {
  local missing=() want=("$@")
  [ ${#want[@]} -gt 0 ] || want=("${ES_PACKAGES[@]}")
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "edusim setup: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

es_build() {
  local preset=${1:-release}
  cd "$ES_ROOT"
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    cmake --preset "$preset" >&2
  fi
  cmake --build --preset "$preset" -j "$(nproc)" >&2
}

es_install_packages
