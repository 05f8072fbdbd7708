#!/usr/bin/env bash
# Installs the judges of the web page: Debian's chromium and Playwright for Python (which drives it through
# executable_path; Playwright never downloads a browser here).
set -euo pipefail
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v chromium >/dev/null 2>&1; then
  echo "install-browser: installing chromium" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
# The service unit's judge (ServiceUnitTests: systemd-analyze verify); a container has no running systemd, which it does not need.
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "install-browser: installing systemd (systemd-analyze)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi
python3 -c "import playwright" 2>/dev/null || python3 -m pip install -q playwright
