#!/usr/bin/env bash
# format.sh [--check] [FILE...] - apply .clang-format to the C sources (sim/, include/,
# tests/, benchmarks/, fuzz/), or with --check list the files it would change and exit
# 1 if there are any. Uses Debian's clang-format (package clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
command -v clang-format >/dev/null || { echo "format.sh: clang-format not found (apt-get install clang-format)" >&2; exit 2; }
if [ $# -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(git ls-files 'sim/*.c' 'sim/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h' 'benchmarks/*.c' 'fuzz/*.c')
fi
if [ $check = 0 ]; then clang-format -i --style=file "${files[@]}"; exit 0; fi
bad=0
for f in "${files[@]}"; do
  if ! clang-format --style=file "$f" | cmp -s - "$f"; then echo "$f"; bad=1; fi
done
exit $bad
