#!/bin/sh
# Install the Debian 12 packages hotro needs to build, test and benchmark.
# Runs apt-get only when something is missing; uses sudo when not root.
set -eu

PACKAGES="cmake g++ make pkg-config git
libcli11-dev libfmt-dev libtomlplusplus-dev libxlsxwriter-dev doctest-dev
libsqlite3-dev sqlite3 libutf8proc-dev libminizip-dev libexpat1-dev
libssl-dev nlohmann-json3-dev libxxhash-dev iso-codes"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "hotro: installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
