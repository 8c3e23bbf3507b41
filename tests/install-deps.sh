#!/bin/sh
# Installs the Debian packages intake needs to build, run and test, when
# any is missing.  Works as root or through sudo; does nothing when all
# are present.  Debian 12 (bookworm) or newer.
set -eu

PACKAGES="meson ninja-build pkg-config gcc libc6-dev libncurses-dev libcsv-dev
libcmocka-dev libpcre2-dev libsodium-dev zlib1g-dev age tmux binutils
libxlsxwriter-dev python3 python3-openpyxl libpq-dev postgresql procps
libzip-dev libexpat1-dev libfreexl-dev"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
