#!/usr/bin/env bash
# Builds ONE libFuzzer binary (every harness in Fuzz/, the one to run chosen by FUZZ_TARGET) over the project's sources
# with ASan, and runs it.
# Usage: Scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags]   one harness, corpus kept in Fuzz/corpus/TARGET
#        Scripts/fuzz.sh ci [SECONDS]                             CI: build, then every harness SECONDS (default 5) on
#                                                                 its seeds and the regression inputs; fails on a crash
# TARGET: zip xlsx sheetxml csv csvblocks text locator locatememo docx odt html pdflayout xls ods formula rtf zipfolder worddoc
# Seeds come from Tests/Fixtures (and ../shared/samples when present); crashes land in Fuzz/crashes/TARGET/ —
# copy each into Tests/Fixtures/fuzz/ so the tests replay it (HostileInputTests).
set -euo pipefail
cd "$(dirname "$0")/.."
targets="zip xlsx sheetxml csv csvblocks text locator locatememo docx odt html pdflayout xls ods formula rtf zipfolder worddoc"
build=".build-fuzz/all"

compile() {
  mkdir -p "$build/src"
  if [ -x "$build/fuzz" ] && [ -z "$(find Sources Fuzz -newer "$build/fuzz" \( -name '*.swift' -o -name '*.c' -o -name '*.h' \) | head -1)" ]; then return; fi
  rm -f "$build"/src/*.swift
  # One module: copy the sources and drop the imports between our own modules.
  for file in $(find Sources/ZipArchive Sources/CompoundFile Sources/Spreadsheet Sources/Documents Sources/Readers Sources/Disclosure \
                  -name '*.swift'); do
    sed -E '/^import (ZipArchive|CompoundFile|Spreadsheet|Documents|Readers|Disclosure)$/d' "$file" > "$build/src/$(echo "$file" | tr / _)"
  done
  for file in Fuzz/*.swift; do cp "$file" "$build/src/Fuzz_$(basename "$file")"; done
  # The C shim that silences libxml2's generic errors, with a module map of its own.
  mkdir -p "$build/cquiet"
  cp Sources/CQuietXML/include/quiet_xml.h "$build/cquiet/"
  printf 'module CQuietXML {\n  header "quiet_xml.h"\n  export *\n}\n' > "$build/cquiet/module.modulemap"
  clang -c -O1 -fsanitize=address -I Sources/CQuietXML/include Sources/CQuietXML/quiet_xml.c -o "$build/quiet_xml.o"
  # The folding CRC-32 (ZipArchive's CRC32), likewise.
  mkdir -p "$build/cfoldcrc"
  cp Sources/CFoldCRC/include/fold_crc.h "$build/cfoldcrc/"
  printf 'module CFoldCRC {\n  header "fold_crc.h"\n  export *\n}\n' > "$build/cfoldcrc/module.modulemap"
  clang -c -O1 -fsanitize=address -I Sources/CFoldCRC/include Sources/CFoldCRC/fold_crc.c -o "$build/fold_crc.o"
  echo "fuzz: compiling every harness into $build/fuzz" >&2
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Fuzzed -package-name nianbao \
    -I Sources/CZlib -I Sources/CLibXML2 -I "$build/cquiet" -I "$build/cfoldcrc" -Xcc -I/usr/include/libxml2 \
    "$build"/src/*.swift "$build/quiet_xml.o" "$build/fold_crc.o" -lz -lxml2 -o "$build/fuzz.new" > "$build/compile.log" 2>&1 \
    || { cat "$build/compile.log" >&2; echo "fuzz: the harnesses do not compile" >&2; exit 1; }
  mv "$build/fuzz.new" "$build/fuzz"
}

# Seeds of one harness into $1/seeds-TARGET.
seed() {
  local target="$1" seeds="$build/seeds-$1"
  rm -rf "$seeds"; mkdir -p "$seeds"
  case "$target" in
    zip|xlsx) find Tests/Fixtures ../shared/samples -name '*.xlsx' -exec cp {} "$seeds/" \; 2>/dev/null || true ;;
    sheetxml) for f in Tests/Fixtures/spreadsheets/*/t1.xlsx; do (printf '\0'; unzip -p "$f" xl/worksheets/sheet1.xml) > "$seeds/$(basename "$(dirname "$f")").xml"; done ;;
    csv|csvblocks) find Tests/Fixtures -name '*.csv' -exec cp {} "$seeds/" \; ;;
    xls) cp Tests/Fixtures/spreadsheets/libreoffice/*.xls "$seeds/" ;;
    ods) for f in Tests/Fixtures/spreadsheets/libreoffice/*.ods; do unzip -p "$f" content.xml > "$seeds/$(basename "$f").xml"; done
         for f in Tests/Fixtures/spreadsheets/spreadsheetml/*.xml; do (printf 'S'; cat "$f") > "$seeds/$(basename "$f").ml"; done ;;
    docx) for f in Tests/Fixtures/documents/*.docx; do unzip -p "$f" word/document.xml > "$seeds/$(basename "$f").xml"; done ;;
    odt) for f in Tests/Fixtures/documents/*.odt; do unzip -p "$f" content.xml > "$seeds/$(basename "$f").xml"; done ;;
    html) cp Tests/Fixtures/documents/*.html Tests/Fixtures/documents/*.mht "$seeds/" ;;
    worddoc) # Whole .doc files, and each one's WordDocument, table and Data streams in one buffer (Fuzz/worddoc.swift reads a
             # non-OLE2 input through WordBinaryReader.read(streams:)).
      cp Tests/Fixtures/documents/*.doc Tests/Fixtures/metamorphic/qingshi-clean.doc "$seeds/"
      python3 Scripts/fuzz-doc-seeds.py "$seeds" Tests/Fixtures/documents/*.doc ;;
    rtf) cp Tests/Fixtures/documents/*.rtf "$seeds/"
         printf '{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 x;}}\\f0 \\'"'"'d6\\'"'"'d0\\u25991?{\\uc2\\u22269\\'"'"'b9\\'"'"'fa}\\par\\trowd\\clvmgf\\cellx100\\clmgf\\cellx200\\clmrg\\cellx300\\pard\\intbl a\\cell 1\\cell\\cell\\row\\trowd\\clvmrg\\cellx100\\cellx300\\pard\\intbl\\cell 2\\cell\\row\\pard\\intbl\\itap2 n\\nestcell{\\*\\nesttableprops\\trowd\\cellx50\\nestrow}\\pard\\par}' > "$seeds/hand.rtf" ;;
    zipfolder) # Archives of our own fixtures: UTF-8 and GBK names, a zip inside a zip.
      if command -v python3 >/dev/null; then
        python3 - "$seeds" <<'PY'
import sys, zipfile, io
out = sys.argv[1]
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("深处/a.csv", "规章,1\n")
    z.writestr("更深.zip", b"PK\x05\x06" + bytes(18))
with zipfile.ZipFile(out + "/archive.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("乡镇/后宫乡.csv", "规章,1,2,3\n")
    z.writestr("乡镇/a.txt", "一、总体情况\n")
    z.writestr("内层.zip", inner.getvalue())
    z.writestr("说明.jpg", b"\xff\xd8\xff")
    z.writestr(".hidden/x.csv", "x")
PY
      fi ;;
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
    pdflayout) printf '0\0\0\0\0\0\0' > "$seeds/one-glyph" ;;  # synthetic glyphs: any bytes are an input
    *) echo "unknown target $target (one of: $targets)" >&2; exit 64 ;;
  esac
  # The regression inputs are every harness's seeds too.
  cp Tests/Fixtures/fuzz/* "$seeds/" 2>/dev/null || true
  rm -f "$seeds/README.md"
}

target="${1:?usage: Scripts/fuzz.sh TARGET SECONDS | ci [SECONDS]}"
compile
if [ "$target" = ci ]; then
  seconds="${2:-5}"
  mkdir -p "$build/crashes"
  for name in $targets; do
    seed "$name"
    echo "fuzz: $name for ${seconds}s" >&2
    # A scratch corpus: what the run finds is not kept, only a crash fails the step.
    rm -rf "$build/corpus-$name"; mkdir -p "$build/corpus-$name"
    FUZZ_TARGET="$name" ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$build/fuzz" "$build/corpus-$name" "$build/seeds-$name" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 -artifact_prefix="$build/crashes/$name-" \
      -print_final_stats=0 2> "$build/log-$name" || { tail -40 "$build/log-$name" >&2; echo "fuzz: $name failed (artifact in $build/crashes/)" >&2; exit 1; }
    grep -E '^(Done|#[0-9]+ +DONE)' "$build/log-$name" | tail -1 >&2 || true
  done
  exit 0
fi
seconds="${2:-60}"; shift 2 || true
seed "$target"
mkdir -p "Fuzz/corpus/$target" "Fuzz/crashes/$target"
FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$build/fuzz" "Fuzz/corpus/$target" "$build/seeds-$target" -max_total_time="$seconds" \
  -rss_limit_mb=2048 -timeout=10 -max_len=262144 -artifact_prefix="Fuzz/crashes/$target/" -print_final_stats=1 "$@"
