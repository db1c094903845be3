#!/usr/bin/env bash
# The few Debian packages Arpenteur needs beside Python: Pango for WeasyPrint (PDF) and the DejaVu fonts that
# PDFs embed. `make run` and `make test` call this; it installs only what is missing, and only as root with
# apt-get (elsewhere it names the packages and stops). Extra packages may be passed as arguments, as
# `.ci/run` does for Chromium, LibreOffice and poppler-utils.
set -euo pipefail

needed=()
libs=$(ldconfig -p 2>/dev/null || true)
have_lib() { [[ "$libs" == *"$1"* ]]; }
have_lib 'libpango-1.0.so.0' || needed+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || needed+=(libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needed+=(fonts-dejavu-core)
for package in "$@"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || needed+=("$package")
done

[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Arpenteur a besoin de ces paquets Debian : ${needed[*]}" >&2
  echo "Installez-les (sudo apt-get install -y ${needed[*]}) puis relancez." >&2
  exit 1
fi
echo "Installing Debian packages: ${needed[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
