#!/bin/bash
# make_man.sh EDUSIM OUT.1 - the man page from the program's own --help texts: the
# overview, then each command's --help as a section. With help2man (Debian package
# help2man) it formats the page; without it the same text goes into a plain page.
set -euo pipefail
bin=$1 out=$2
cmds=(run validate info sweep compare export merge calibrate)
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT
{
  echo "[COMMANDS]"
  for c in "${cmds[@]}"; do
    echo ".SS edusim $c"
    echo ".nf"
    "$bin" "$c" --help | sed 's/\\/\\e/g; s/^\./\\\&./'
    echo ".fi"
  done
  echo "[SEE ALSO]"
  echo "docs/analysis_api.md (the Python API, export, installing) and the README of the sources."
} > "$inc"
if command -v help2man > /dev/null; then
  help2man --no-info --no-discard-stderr --name="simulate regional education-labour ecosystems" \
    --include="$inc" --output="$out" "$bin"
else
  ver=$("$bin" --version | head -1)
  {
    echo ".TH EDUSIM 1 \"\" \"$ver\" \"User Commands\""
    echo ".SH NAME"
    echo "edusim \\- simulate regional education-labour ecosystems"
    echo ".SH DESCRIPTION"
    echo ".nf"
    "$bin" --help | sed 's/\\/\\e/g; s/^\./\\\&./'
    echo ".fi"
    sed -e 's/^\[COMMANDS\]$/.SH COMMANDS/' -e 's/^\[SEE ALSO\]$/.SH SEE ALSO/' "$inc"
  } > "$out"
fi
