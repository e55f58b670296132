#!/bin/bash
# run.sh BUILD_DIR SOURCE_DIR TMP [CC] - `cmake --install` into a temporary prefix puts the
# program, library, headers, edusim.pc, man page and Slurm scripts there; a small C
# program compiles and links against it with pkg-config alone and runs; the installed
# program runs; the Slurm scripts pass `bash -n` and name only options the program has.
set -euo pipefail
build=$1 src=$2 tmp=$3 cc=${4:-cc}
prefix=$tmp/prefix
rm -rf "$prefix" && mkdir -p "$prefix"
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
fail() { echo "FAIL: $*" >&2; exit 1; }
for f in bin/edusim include/edusim/sweep.h include/edusim/output.h share/edusim/slurm/sweep_array.sh; do
  [ -e "$prefix/$f" ] || fail "$f not installed"
done
pc=$(find "$prefix" -name edusim.pc) && [ -n "$pc" ] || fail "edusim.pc not installed"
lib=$(find "$prefix" -name libedusim.a) && [ -n "$lib" ] || fail "libedusim.a not installed"
man=$(find "$prefix" -path '*man1/edusim.1') && [ -n "$man" ] || fail "edusim.1 not installed"
grep -q 'edusim export' "$man" || fail "the man page lacks the export command's --help"
grep -q -- '--progress' "$man" || fail "the man page lacks --progress"
export PKG_CONFIG_PATH=$(dirname "$pc")
[ "$(pkg-config --variable=includedir edusim)" -ef "$prefix/include" ] || fail "edusim.pc does not point into $prefix"
cat > "$tmp/hello.c" <<'C'
#include <stdio.h>
#include "edusim/effects.h"
#include "edusim/indicators.h"
int main(void)
{
    /* Two library calls: the indicator table and Student's t for 9 df (2.262). */
    printf("%d indicators, t975(9) = %.3f\n", es_indicators_count(), es_t975(9));
    return es_indicators_count() > 0 ? 0 : 1;
}
C
"$cc" -std=c11 -o "$tmp/hello" "$tmp/hello.c" $(pkg-config --cflags --libs edusim) || fail "compiling against the install"
out=$("$tmp/hello") || fail "the linked program failed"
echo "$out"
[[ $out == *"t975(9) = 2.262"* ]] || fail "unexpected output: $out"
"$prefix/bin/edusim" --version | grep -q '^HDF5 ' || fail "installed edusim --version"
# The Slurm scripts: valid bash, and every --option they give an edusim command is one
# that command's --help names.
n=0
for s in "$src"/scripts/slurm/*.sh; do
  bash -n "$s" || fail "$s: bash -n"
  while read -r cmd rest; do
    help=$("$prefix/bin/edusim" "$cmd" --help) || fail "$s: edusim $cmd is not a command"
    for opt in $(grep -o -- '--[a-z][a-z-]*' <<< "$rest" | sort -u); do
      grep -q -- "$opt\b" <<< "$help" || fail "$s: edusim $cmd has no option $opt"
      n=$((n + 1))
    done
  # each `edusim CMD ...` line with its continuation lines joined
  done < <(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$s" | grep -v '^ *#' | grep -o 'edusim [a-z]\+.*' | sed 's/^edusim //')
done
[ "$n" -ge 6 ] || fail "only $n options checked in the Slurm scripts"
echo "ok: installed into $prefix, linked with pkg-config, $n options of the Slurm scripts checked"
