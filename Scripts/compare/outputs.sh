#!/usr/bin/env bash
# Writes every output nianbao makes from the committed fixtures and the demo county into one folder, so that two
# builds can be compared byte for byte (refactors must not change an output): outputs.sh BINARY FOLDER.
set -uo pipefail
binary="$(realpath "$1")"; final="$(realpath -m "$2")"
cd "$(dirname "$0")/../.."
# Outputs name their own paths (the rollup's 汇总 cells): every run writes to the same place, then moves.
out=/tmp/nianbao-compare-outputs
rm -rf "$out" "$final"; mkdir -p "$out"
for layout in 2021 2019; do
  "$binary" template --layout "$layout" --agency 示范县 --year 2023 -o "$out/template-$layout.xlsx" 2>/dev/null
  "$binary" template --layout "$layout" -o "$out/template-$layout.csv" 2>/dev/null
done
"$binary" check --json --quiet Samples/demo-county/2023/ Tests/Fixtures/reports/ Tests/Fixtures/spreadsheets/ Tests/Fixtures/documents/ \
  Tests/Fixtures/web-reports/ > "$out/check.json" 2>/dev/null
for format in xlsx csv tidy-csv json; do
  "$binary" convert Samples/demo-county/2023/ --to "$format" -o "$out/convert-$format/" --quiet >/dev/null 2>&1
done
"$binary" rollup Samples/demo-county/2023/ --agency 示范县 --year 2023 --previous Samples/demo-county/2022/ \
  -o "$out/rollup.xlsx" --json "$out/rollup.json" --quiet >/dev/null 2>&1
(cd "$out" && find . -type f | sort | xargs -d '\n' sha256sum) > "$final.sha256"
mv "$out" "$final"
echo "$(wc -l < "$final.sha256") outputs in $final"
