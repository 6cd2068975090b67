#!/bin/sh
# Install what is missing, then configure and build hotro in ./build (Release with debug info).
# Arguments name the targets to build (default: everything, tests included).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ $# -eq 0 ]; then
    cmake --build build -j"$(nproc)"
else
    for target in "$@"; do cmake --build build -j"$(nproc)" --target "$target"; done
fi
