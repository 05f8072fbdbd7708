#!/usr/bin/env bash
# Installs the real clients the tests use as judges of the XLSX we write: LibreOffice (headless), openpyxl and
# python-calamine; and jsonschema, the judge of our JSON against docs/report.schema.json. Exits 1 when a judge is
# still missing afterwards (CI treats that as fatal: its tests would otherwise skip, and pass without judging
# anything); on a laptop the tests skip a missing judge with a message.
set -uo pipefail
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v soffice >/dev/null 2>&1; then
  echo "install-judges: installing LibreOffice (headless)" >&2
  $sudo apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null 2>&1 \
    || echo "install-judges: LibreOffice not installed; its tests will skip" >&2
fi
if ! python3 -c "import openpyxl, python_calamine, jsonschema" >/dev/null 2>&1; then
  python3 -m pip install -q openpyxl python-calamine jsonschema >/dev/null 2>&1 \
    || echo "install-judges: openpyxl/calamine/jsonschema not installed" >&2
fi
missing=0
command -v soffice >/dev/null 2>&1 || { echo "install-judges: LibreOffice (soffice) is missing" >&2; missing=1; }
python3 -c "import openpyxl" >/dev/null 2>&1 || { echo "install-judges: openpyxl is missing" >&2; missing=1; }
python3 -c "import python_calamine" >/dev/null 2>&1 || { echo "install-judges: python-calamine is missing" >&2; missing=1; }
python3 -c "import jsonschema" >/dev/null 2>&1 || { echo "install-judges: jsonschema is missing" >&2; missing=1; }
exit $missing
