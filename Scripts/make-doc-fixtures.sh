#!/usr/bin/env bash
# Makes the Word 97 (.doc) fixtures from our own .docx fixtures with LibreOffice ("MS Word 97" filter):
# Tests/Fixtures/documents/{t2,t3,t2-error,t3-narrative-mismatch,quirks}.doc and Tests/Fixtures/metamorphic/qingshi-*.doc.
# A private LibreOffice profile keeps it apart from any other soffice running. LibreOffice 7.4 was used.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
convert() { # folder file.docx…
  local folder="$1"; shift
  soffice -env:UserInstallation="file://$profile" --headless --convert-to 'doc:MS Word 97' --outdir "$folder" "$@" >/dev/null
}
convert Tests/Fixtures/documents Tests/Fixtures/documents/{t2,t3,t2-error,t3-narrative-mismatch,quirks}.docx
convert Tests/Fixtures/metamorphic Tests/Fixtures/metamorphic/qingshi-*.docx
ls -l Tests/Fixtures/documents/*.doc Tests/Fixtures/metamorphic/*.doc
