#!/usr/bin/env bash
# Installs what is missing, builds (preset "release") and starts the desktop app on the
# embedded default cluster. Extra arguments go to k8slab.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release
cmake --build --preset release
exec build/release/apps/k8slab/k8slab "$@"
