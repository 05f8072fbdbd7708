#!/usr/bin/env bash
# Builds and runs one libFuzzer harness (Fuzz/TARGET.swift) over the project's sources with ASan.
# Usage: Scripts/fuzz.sh zip|xlsx|sheetxml|csv|csvblocks|text|locator|locatememo|docx|odt|html|pdflayout|xls|ods|formula|worddoc SECONDS [extra libFuzzer flags]
# Seeds come from Tests/Fixtures (and ../shared/samples when present); crashes land in Fuzz/crashes/TARGET/ —
# copy each into Tests/Fixtures/fuzz/ so the tests replay it. Fuzzing runs outside CI.
set -euo pipefail
cd "$(dirname "$0")/.."
target="$1"; seconds="${2:-60}"; shift 2 || true
build=".build-fuzz/$target"
mkdir -p "$build/src" "Fuzz/corpus/$target" "Fuzz/crashes/$target"
rm -f "$build"/src/*.swift
# One module: copy the sources and drop the imports between our own modules.
modules="Sources/ZipArchive Sources/CompoundFile Sources/Spreadsheet Sources/Documents Sources/Readers"
case "$target" in locator|locatememo|formula) modules="$modules Sources/Disclosure" ;; esac
for file in $(find $modules -name '*.swift'); do
  sed -E '/^import (ZipArchive|CompoundFile|Spreadsheet|Documents|Readers|Disclosure)$/d' "$file" > "$build/src/$(echo "$file" | tr / _)"
done
cp "Fuzz/$target.swift" "$build/src/harness.swift"
if [ ! -x "$build/fuzz" ] || [ -n "$(find Sources Fuzz/$target.swift -newer "$build/fuzz" -name '*.swift' | head -1)" ]; then
  # The C shim that silences libxml2's generic errors, with a module map of its own.
  mkdir -p "$build/cquiet"
  cp Sources/CQuietXML/include/quiet_xml.h "$build/cquiet/"
  printf 'module CQuietXML {\n  header "quiet_xml.h"\n  export *\n}\n' > "$build/cquiet/module.modulemap"
  clang -c -O1 -fsanitize=address -I Sources/CQuietXML/include Sources/CQuietXML/quiet_xml.c -o "$build/quiet_xml.o"
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Fuzzed -package-name nianbao \
    -I Sources/CZlib -I Sources/CLibXML2 -I "$build/cquiet" -Xcc -I/usr/include/libxml2 \
    "$build"/src/*.swift "$build/quiet_xml.o" -lz -lxml2 -o "$build/fuzz"
fi
seeds="$build/seeds"
mkdir -p "$seeds"
case "$target" in
  zip|xlsx) find Tests/Fixtures ../shared/samples -name '*.xlsx' -exec cp {} "$seeds/" \; 2>/dev/null || true ;;
  sheetxml) for f in Tests/Fixtures/spreadsheets/*/t1.xlsx; do (printf '\0'; unzip -p "$f" xl/worksheets/sheet1.xml) > "$seeds/$(basename "$(dirname "$f")").xml"; done ;;
  csv|csvblocks) find Tests/Fixtures -name '*.csv' -exec cp {} "$seeds/" \; ;;
  xls) cp Tests/Fixtures/spreadsheets/libreoffice/*.xls "$seeds/" ;;
  worddoc) # Whole .doc files, and each one's WordDocument, table and Data streams in one buffer (Fuzz/worddoc.swift reads a
           # non-OLE2 input through WordBinaryReader.read(streams:)).
    cp Tests/Fixtures/documents/*.doc Tests/Fixtures/metamorphic/qingshi-clean.doc "$seeds/"
    python3 Scripts/fuzz-doc-seeds.py "$seeds" Tests/Fixtures/documents/*.doc ;;
  ods) for f in Tests/Fixtures/spreadsheets/libreoffice/*.ods; do unzip -p "$f" content.xml > "$seeds/$(basename "$f").xml"; done
       for f in Tests/Fixtures/spreadsheets/spreadsheetml/*.xml; do (printf 'S'; cat "$f") > "$seeds/$(basename "$f").ml"; done ;;
  docx) for f in Tests/Fixtures/documents/*.docx; do unzip -p "$f" word/document.xml > "$seeds/$(basename "$f").xml"; done ;;
  odt) for f in Tests/Fixtures/documents/*.odt; do unzip -p "$f" content.xml > "$seeds/$(basename "$f").xml"; done ;;
  html) cp Tests/Fixtures/documents/*.html Tests/Fixtures/documents/*.mht "$seeds/" ;;
  formula) printf 'SUM(A2:A4)+A1*2\n1\n2\nA1+A1\n' > "$seeds/sum"; printf '((((-A1))))\nA2\nA1\n' > "$seeds/cycle"
           printf 'A1/3-$A$2\n7\n2.5\n' > "$seeds/abs" ;;
  text|locator) find Tests/Fixtures/reports Samples -name '*.txt' -exec cp {} "$seeds/" \; ; cp Tests/Fixtures/spreadsheets/libreoffice/*.csv "$seeds/" ;;
  locatememo) # The first byte chooses the reader (Fuzz/locatememo.swift): 0 CSV, 1 text, 2 HTML, 3 document.xml, 4 content.xml, 5 xlsx, 6 xls.
    for f in Tests/Fixtures/spreadsheets/libreoffice/*.csv; do (printf '\0'; cat "$f") > "$seeds/$(basename "$f")"; done
    for f in Tests/Fixtures/reports/*.txt; do (printf '\1'; cat "$f") > "$seeds/$(basename "$f")"; done
    for f in Tests/Fixtures/documents/*.html; do (printf '\2'; cat "$f") > "$seeds/$(basename "$f")"; done
    for f in Tests/Fixtures/documents/t*.docx; do (printf '\3'; unzip -p "$f" word/document.xml) > "$seeds/$(basename "$f").xml"; done
    for f in Tests/Fixtures/spreadsheets/libreoffice/*.ods; do (printf '\4'; unzip -p "$f" content.xml) > "$seeds/$(basename "$f").xml"; done
    for f in Tests/Fixtures/spreadsheets/libreoffice/*.xlsx; do (printf '\5'; cat "$f") > "$seeds/$(basename "$f")"; done
    for f in Tests/Fixtures/spreadsheets/libreoffice/*.xls; do (printf '\6'; cat "$f") > "$seeds/$(basename "$f")"; done ;;
esac
ASAN_OPTIONS=detect_leaks=0 "$build/fuzz" "Fuzz/corpus/$target" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 \
  -timeout=10 -max_len=262144 -artifact_prefix="Fuzz/crashes/$target/" -print_final_stats=1 "$@"
