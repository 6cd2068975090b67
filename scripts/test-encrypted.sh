#!/bin/sh
# The whole test suite again with encryption at rest: hotro built with SQLCipher
# (build-sqlcipher/, source from scripts/build-sqlcipher.sh) and every library the tests make
# encrypted with one key (HOTRO_KEY_FILE). Where a test looks at a library behind hotro's back,
# its `sqlite3` is SQLCipher's shell given that key. Arguments go to ctest.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build-sqlcipher.sh third_party/sqlcipher
# Unoptimised (-O0): this build only proves the suite under encryption, and compiles in half the
# time; a production build with encryption is `cmake -S . -B build -DHOTRO_SQLCIPHER=ON`.
cmake -S . -B build-sqlcipher -DHOTRO_SQLCIPHER=ON -DCMAKE_BUILD_TYPE=None >/dev/null
cmake --build build-sqlcipher -j"$(nproc)" >/dev/null

keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT
build-sqlcipher/hotro -q key generate "$keys/suite.key"
# The shell reads its key from a file (never from its arguments, which `ps` shows); "PRAGMA key"
# prints "ok", which the tests must not see.
(umask 077; printf 'PRAGMA key = "%s";\n' "$(cat "$keys/suite.key")" >"$keys/suite.sql")
mkdir "$keys/bin"
cat >"$keys/bin/sqlite3" <<'WRAP'
#!/bin/sh
exec "$HOTRO_SQLCIPHER_SHELL" -cmd ".output /dev/null" -cmd ".read '$HOTRO_SQLCIPHER_KEY_SQL'" \
    -cmd ".output" "$@"
WRAP
chmod +x "$keys/bin/sqlite3"
export HOTRO_SQLCIPHER_SHELL="$PWD/build-sqlcipher/hotro-sqlcipher-shell"
export HOTRO_SQLCIPHER_KEY_SQL="$keys/suite.sql"
export HOTRO_KEY_FILE="$keys/suite.key"
export PATH="$keys/bin:$PATH"
ctest --test-dir build-sqlcipher --output-on-failure -j"$(nproc)" "$@"
