#!/bin/sh
# Build hotro with AddressSanitizer and UndefinedBehaviorSanitizer in ./build-asan (Debug) and
# run every test there: doctest unit tests and end-to-end CLI tests (ctest). Any sanitizer
# report aborts the process under test, so the test fails. Extra arguments go to ctest
# (e.g. -R cli.intake_import).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build-asan -DHOTRO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The long runs of the crash and concurrency tests are for the normal build (a race is found
# by many rounds, not by instrumentation); a few rounds suffice here to check the code paths.
export HOTRO_CRASH_ROUNDS=3
export HOTRO_CONCURRENCY_ROUNDS=8
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" "$@"
