#!/usr/bin/env bash
# Judges an XLSX file with real clients: LibreOffice (headless convert), openpyxl and python-calamine.
# Each judge that is installed must open the file cleanly; missing judges are skipped with a message on a laptop,
# and fail the check under CI=true (where Scripts/install-judges.sh has installed them all).
# Usage: Scripts/check-xlsx.sh FILE.xlsx   (exit 0 when every available judge accepts it, and under CI every judge ran)
set -euo pipefail
file="$1"
status=0
judged=0
missing=0
if command -v soffice >/dev/null 2>&1; then
  out=$(mktemp -d)
  # A profile of its own: concurrent LibreOffice runs sharing one profile hand off to each other or fail.
  if timeout 120 soffice "-env:UserInstallation=file://$out/profile" --headless --norestore --convert-to csv --outdir "$out" "$file" >"$out/log" 2>&1 \
     && ls "$out"/*.csv >/dev/null 2>&1; then
    echo "libreoffice: ok ($(wc -l < "$out"/*.csv) rows)"
  else
    echo "libreoffice: FAILED"; cat "$out/log"; status=1
  fi
  rm -rf "$out"
  judged=$((judged + 1))
else
  echo "libreoffice: skipped (soffice not installed)"; missing=$((missing + 1))
fi
if python3 -c "import openpyxl" 2>/dev/null; then
  if python3 - "$file" <<'PY'
import sys, warnings
warnings.simplefilter("error")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
print(f"openpyxl: ok ({len(wb.worksheets)} sheets, {cells} cells)")
PY
  then :; else echo "openpyxl: FAILED"; status=1; fi
  judged=$((judged + 1))
else
  echo "openpyxl: skipped (not installed)"; missing=$((missing + 1))
fi
if python3 -c "import python_calamine" 2>/dev/null; then
  if python3 - "$file" <<'PY'
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)
print(f"calamine: ok ({len(wb.sheet_names)} sheets, {rows} rows)")
PY
  then :; else echo "calamine: FAILED"; status=1; fi
  judged=$((judged + 1))
else
  echo "calamine: skipped (not installed)"; missing=$((missing + 1))
fi
if [ "${CI:-}" = "true" ] && [ "$missing" -gt 0 ]; then
  echo "check-xlsx: $missing judge(s) missing under CI=true; run Scripts/install-judges.sh" >&2; status=1
fi
if [ "$judged" -eq 0 ]; then
  echo "check-xlsx: no judge ran; the file was not judged" >&2
fi
exit $status
