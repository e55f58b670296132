#!/usr/bin/env bash
# test.sh - set up, build, and run the whole test suite.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# The report test renders the page in Debian's headless Chromium.
es_install_packages chromium
es_build release
cd "$ES_ROOT"
# The whole suite, the trends test against the published figures included (label
# trends, about 3 minutes; docs/calibration.md).
ctest --preset release -j 2 "$@"
