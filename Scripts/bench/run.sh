#!/usr/bin/env bash
# Side-by-side benchmarks in one run (release build): XLSX read, CSV read, XLSX write, county batch, mixed county.
# Usage: Scripts/bench/run.sh [ROWS...]   (default 100000 1000000). Needs: python-calamine, openpyxl, polars,
# XlsxWriter, rustpy-xlsxwriter (pip); libxlsxwriter-dev (apt) for the C writer. Missing tools are skipped.
set -uo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --static-swift-stdlib --product nianbao-bench >/dev/null
bench=.build/release/nianbao-bench
work=${BENCH_DIR:-/tmp/nianbao-bench}
mkdir -p "$work"
measure() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@" 2>&1 | tail -n 2 | tr '\n' ' '; echo; }
have() { python3 -c "import $1" >/dev/null 2>&1; }
rows=("$@")
[ ${#rows[@]} -eq 0 ] && rows=(100000 1000000)
for n in "${rows[@]}"; do
  echo "== $n rows × 10 columns"
  [ -f "$work/ours-$n.xlsx" ] || $bench write-xlsx "$n" "$work/ours-$n.xlsx" 6 >/dev/null 2>&1
  [ -f "$work/data-$n.csv" ] || $bench write-csv "$n" "$work/data-$n.csv" >/dev/null 2>&1
  [ -f "$work/data-$n.gb18030.csv" ] || $bench write-csv "$n" "$work/data-$n.gb18030.csv" gb18030 >/dev/null 2>&1
  echo "-- read xlsx ($(du -h "$work/ours-$n.xlsx" | cut -f1))"
  echo -n "nianbao   "; measure $bench read-xlsx "$work/ours-$n.xlsx"
  have python_calamine && { echo -n "calamine  "; measure python3 Scripts/bench/readers.py calamine "$work/ours-$n.xlsx"; }
  have openpyxl && { echo -n "openpyxl  "; measure python3 Scripts/bench/readers.py openpyxl "$work/ours-$n.xlsx"; }
  echo "-- read csv"
  echo -n "nianbao utf-8    "; measure $bench read-csv "$work/data-$n.csv"
  echo -n "nianbao gb18030  "; measure $bench read-csv "$work/data-$n.gb18030.csv"
  have polars && { echo -n "polars           "; measure python3 Scripts/bench/readers.py polars "$work/data-$n.csv"; }
  echo -n "python csv       "; measure python3 Scripts/bench/readers.py csv "$work/data-$n.csv"
  echo "-- write xlsx"
  for level in 1 6; do echo -n "nianbao (level $level) "; measure $bench write-xlsx "$n" "$work/w-ours-$level.xlsx" $level; done
  have xlsxwriter && { echo -n "XlsxWriter        "; measure python3 Scripts/bench/writers.py xlsxwriter "$n" "$work/w-xlsxwriter.xlsx"; }
  have rustpy_xlsxwriter && { echo -n "rustpy-xlsxwriter "; measure python3 Scripts/bench/writers.py rustpy "$n" "$work/w-rustpy.xlsx"; }
  if [ -f /usr/include/xlsxwriter.h ]; then
    gcc -O2 -o "$work/libxlsxwriter-bench" Scripts/bench/libxlsxwriter_bench.c -lxlsxwriter
    echo -n "libxlsxwriter     "; measure "$work/libxlsxwriter-bench" "$n" "$work/w-libxlsxwriter.xlsx"
  fi
  ls -l "$work"/w-*.xlsx | awk '{print "   size", $5, $9}'
done

# County batch: N township workbooks checked and rolled up (BATCH=1000 by default).
n=${BATCH:-1000}
county="$work/county-$n"
[ -d "$county" ] || python3 Scripts/bench/make-county.py "$n" "$county" >/dev/null
echo "== county batch: $n township xlsx files"
echo -n "nianbao (check + rollup + county workbook) "; measure $bench check-batch "$county"
have python_calamine && { echo -n "python + calamine "; measure python3 Scripts/bench/batch_reference.py calamine "$county" "$work/county-calamine.csv"; }
have openpyxl && { echo -n "python + openpyxl "; measure python3 Scripts/bench/batch_reference.py openpyxl "$county" "$work/county-openpyxl.csv"; }

# The mixed county (issue 27): distinct reports in every format and from several producers, `nianbao check` per format
# folder beside each format's floor (inflate + empty SAX2, pdftotext -bbox-layout, iconv). MIXED=1000 for the full one.
mixed="$work/mixed-${MIXED:-100}"
[ -d "$mixed" ] || python3 Scripts/bench/make-county.py "${MIXED:-100}" "$mixed" --mixed >/dev/null
gcc -O2 -o "$work/libxml2-floor" Scripts/bench/libxml2_floor.c $(xml2-config --cflags --libs) -lz
swift build -c release --static-swift-stdlib --product nianbao >/dev/null
echo "== mixed county: $mixed"
$bench county "$mixed" --floor "$work/libxml2-floor"

# Excel 97–2003: the 65,536-row sheet (BIFF8's limit) as LibreOffice saves it as .xls, beside python-calamine.
if command -v soffice >/dev/null; then
  [ -f "$work/ours-65536.xlsx" ] || $bench write-xlsx 65536 "$work/ours-65536.xlsx" 6 >/dev/null 2>&1
  [ -f "$work/ours-65536.xls" ] || soffice --headless -env:UserInstallation=file:///tmp/lo-profile-bench --convert-to xls --outdir "$work" "$work/ours-65536.xlsx" >/dev/null 2>&1
  echo "== read xls (65,536 × 10, $(du -h "$work/ours-65536.xls" | cut -f1))"
  echo -n "nianbao   "; measure $bench read-xls "$work/ours-65536.xls"
  have python_calamine && { echo -n "calamine  "; measure python3 Scripts/bench/readers.py calamine "$work/ours-65536.xls"; }
fi

# Report documents: a Word file of 200 section-三 tables and a 5 MB GBK web page (read-doc; python-docx, lxml beside).
[ -f "$work/docs/tables-200.docx" ] || python3 Scripts/bench/make-docs.py "$work/docs" 200 >/dev/null
echo "== report documents"
echo -n "nianbao docx (200 tables) "; measure $bench read-doc "$work/docs/tables-200.docx"
have docx && { echo -n "python-docx               "; measure python3 Scripts/bench/doc_readers.py python-docx "$work/docs/tables-200.docx"; }
echo -n "nianbao html (5 MB)       "; measure $bench read-doc "$work/docs/page-5mb.html"
have lxml && { echo -n "lxml.html                 "; measure python3 Scripts/bench/doc_readers.py lxml "$work/docs/page-5mb.html"; }
if [ -f "$work/docs/report-6p.pdf" ]; then
  swift build -c release --static-swift-stdlib --product nianbao >/dev/null
  echo -n "nianbao pdf (6 pages, poppler in process)  "; measure $bench read-doc "$work/docs/report-6p.pdf"
  echo -n "nianbao check pdf (child process)          "; measure .build/release/nianbao check --quiet "$work/docs/report-6p.pdf"
  command -v pdftotext >/dev/null && { echo -n "pdftotext -layout                          "; measure pdftotext -layout "$work/docs/report-6p.pdf" /dev/null; }
fi
command -v pdftotext >/dev/null && { echo "== PDFs in a batch (100 copies; the worker pool beside pdftotext -bbox-layout)"; Scripts/bench/pdf-batch.sh 100 .build/release/nianbao; }

# Zip: inflate and deflate throughput beside Python's zlib on the same bytes.
echo "== zip throughput (largest entry of the 1M-row sheet)"
big="$work/ours-${rows[${#rows[@]}-1]}.xlsx"
$bench zip-throughput "$big"
python3 Scripts/bench/zlib_reference.py "$big"
