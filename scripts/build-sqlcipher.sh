#!/bin/sh
# Makes SQLCipher's single-file source (sqlite3.c, sqlite3.h, shell.c) in the folder given
# (default: third_party/sqlcipher), for a build with encryption at rest:
#     cmake -S . -B build-sqlcipher -DHOTRO_SQLCIPHER=ON
#
# Why not the Debian package: bookworm's libsqlcipher-dev is SQLCipher 3.4.1, built on SQLite
# 3.15.2 (2016), which lacks what hotro's schema and audit seal use (JSON functions, the
# pre-update hook, UPSERT). So the source is Debian's own upstream tarball of SQLCipher 4.6.1
# (SQLite 3.46.1), the one trixie's package is built from, checked against the SHA-256 in
# Debian's signed sqlcipher_4.6.1-2.dsc. Needs curl (or wget) and tclsh, which makes the
# single file; installs the tcl package when tclsh is missing.
set -eu
cd "$(dirname "$0")/.."

VERSION=4.6.1
TARBALL=sqlcipher_${VERSION}.orig.tar.gz
URL=${HOTRO_SQLCIPHER_URL:-http://deb.debian.org/debian/pool/main/s/sqlcipher/$TARBALL}
SHA256=d8f9afcbc2f4b55e316ca4ada4425daf3d0b4aab25f45e11a802ae422b9f53a3
OUT=${1:-third_party/sqlcipher}

if [ -f "$OUT/sqlite3.c" ] && [ "$(cat "$OUT/VERSION.hotro" 2>/dev/null)" = "$VERSION $SHA256" ]; then
    exit 0  # already made from this tarball
fi

if ! command -v tclsh >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "build-sqlcipher: installing tcl (tclsh makes SQLCipher's single-file source)" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends tcl >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "build-sqlcipher: fetching $URL" >&2
if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$work/$TARBALL" "$URL"
else
    wget -q -O "$work/$TARBALL" "$URL"
fi
echo "$SHA256  $work/$TARBALL" | sha256sum -c --quiet - || {
    echo "build-sqlcipher: $TARBALL does not have the expected SHA-256; refusing it" >&2
    exit 1
}
tar -xzf "$work/$TARBALL" -C "$work"
mkdir -p "$work/build"
(
    cd "$work/build"
    # Only the single-file source is made here; CMake compiles it with hotro's options.
    "../sqlcipher-$VERSION/configure" --disable-tcl --enable-tempstore=yes \
        CFLAGS="-DSQLITE_HAS_CODEC -DSQLCIPHER_CRYPTO_OPENSSL" >configure.log 2>&1 ||
        { cat configure.log >&2; exit 1; }
    make sqlite3.c shell.c >make.log 2>&1 || { tail -40 make.log >&2; exit 1; }
)
mkdir -p "$OUT"
cp "$work/build/sqlite3.c" "$work/build/sqlite3.h" "$work/build/shell.c" "$OUT/"
cp "$work/sqlcipher-$VERSION/LICENSE.md" "$OUT/LICENSE.md"
echo "$VERSION $SHA256" >"$OUT/VERSION.hotro"
echo "build-sqlcipher: SQLCipher $VERSION source in $OUT" >&2
