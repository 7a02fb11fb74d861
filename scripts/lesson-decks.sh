#!/usr/bin/env bash
# Exports the sample slide decks committed under docs/samples/: two lessons as PDF decks
# (English and Chinese) with a PNG preview of each page. Needs a build (BUILD, default
# build/release) and pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
server="$BUILD/apps/k8slab-server/k8slab-server"
[[ -x "$server" ]] || { echo "lesson-decks: build first ($server is missing)" >&2; exit 1; }
command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; }
out=docs/samples
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rm -rf "$out"
mkdir -p "$out"
for deck in "pod-creation en" "pod-creation zh_CN" "scheduler en" "scheduler zh_CN"; do
    set -- $deck
    "$server" lesson export "$1" --lang "$2" --out "$scratch"
    cp "$scratch/$1.$2.pdf" "$out/"
    pdftoppm -r 40 -png "$out/$1.$2.pdf" "$out/$1.$2.page"
done
ls -l "$out"
