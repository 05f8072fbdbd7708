#!/usr/bin/env bash
# Instruction counts of the county batch under callgrind: deterministic where wall-clock time on a shared machine
# swings ±30 %, so small changes can be compared. Release build; needs valgrind (apt-get install valgrind).
# Usage: Scripts/bench/instructions.sh [FOLDER]   (default: a 100-file county made by make-county.py)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --static-swift-stdlib --product nianbao-bench >/dev/null
folder=${1:-${BENCH_DIR:-/tmp/nianbao-bench}/county-100}
[ -d "$folder" ] || python3 Scripts/bench/make-county.py 100 "$folder" >/dev/null
out=$(mktemp)
# valgrind 3.19 cannot read the DWARF 5 of Swift 6.3: count a copy without debug info (symbols stay).
binary=$(mktemp)
objcopy --strip-debug .build/release/nianbao-bench "$binary"
valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" check-batch "$folder" 2>&1 | grep -E "Collected|files"
# Inclusive instructions of each stage (the first, largest line of each function).
report=$(callgrind_annotate --inclusive=yes "$out" 2>/dev/null)
for stage in "read:\$s7Readers14FormatRegistryO4read4path" \
             "locate:\$s10Disclosure7LocatorV6locateyAA13LocatedTablesV11Spreadsheet8WorkbookVF" \
             "normalise:\$s10Disclosure10NormaliserO9normalise_6strict" \
             "check:\$s10Disclosure7CheckerV5check_8previous" \
             "rollup:\$s10Disclosure6RollupV3run" \
             "workbook:\$s10Disclosure14RollupWorkbookO5bytes"; do
  name=${stage%%:*}; pattern=${stage#*:}
  printf '%-10s %s\n' "$name" "$(grep -F -m1 -- ":$pattern" <<<"$report" | awk '{print $1}')"
done
rm -f "$out" "$binary"
