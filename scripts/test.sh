#!/usr/bin/env bash
# Installs what is missing, builds (preset "dev": debug, warnings are errors) and runs
# the whole test suite. The last lines are ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset dev
cmake --build --preset dev
exec ctest --preset dev -j2
