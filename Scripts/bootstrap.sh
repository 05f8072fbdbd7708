#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build nianbao (idempotent, quiet when all is there).
set -euo pipefail
needed=()
# libpoppler-private-dev: poppler's core headers (OutputDev.h, Gfx.h) for the C++ shim that reads a page's ruling lines.
for package in libxml2-dev zlib1g-dev libpoppler-glib-dev libpoppler-private-dev libcairo2-dev libsqlite3-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || needed+=("$package")
done
if [ ${#needed[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "bootstrap: installing ${needed[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
fi
