#!/bin/sh
# Build hotro and run every test: doctest unit tests and end-to-end CLI tests (ctest).
set -eu
cd "$(dirname "$0")/.."
./scripts/build.sh >/dev/null
ctest --test-dir build --output-on-failure -j"$(nproc)"
