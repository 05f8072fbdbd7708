#!/usr/bin/env bash
# PDFs in a batch: `nianbao check` over a folder of N copies of the make-docs PDF report against poppler's own
# `pdftotext -bbox-layout` on the same files (one process per file, as many at once as there are cores), wall time in
# one run. Goal (issue 27): nianbao at most 1.5× pdftotext.
# Usage: Scripts/bench/pdf-batch.sh [N] [NIANBAO...]   (default 100 copies; the release build; more binaries to compare)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-100}
shift || true
binaries=("$@")
if [ ${#binaries[@]} -eq 0 ]; then
  swift build -c release --static-swift-stdlib --product nianbao >/dev/null
  binaries=(.build/release/nianbao)
fi
base=${BENCH_DIR:-/tmp/nianbao-bench}
[ -f "$base/docs/report-6p.pdf" ] || python3 Scripts/bench/make-docs.py "$base/docs" >/dev/null
folder="$base/pdf-batch-$count"
if [ ! -d "$folder" ]; then
  mkdir -p "$folder"
  for i in $(seq -w 1 "$count"); do cp "$base/docs/report-6p.pdf" "$folder/report-$i.pdf"; done
fi
cores=$(nproc)
seconds() { date +%s.%N; }
elapsed() { echo "$(seconds) - $1" | bc; }

start=$(seconds)
find "$folder" -name '*.pdf' -print0 | xargs -0 -n 1 -P "$cores" sh -c 'pdftotext -bbox-layout "$0" /dev/null'
floor=$(elapsed "$start")
printf '%-40s %6.2f s\n' "pdftotext -bbox-layout ($count files, $cores at once)" "$floor"
for binary in "${binaries[@]}"; do
  start=$(seconds)
  status=0
  "$binary" check --quiet "$folder" >/dev/null 2>&1 || status=$?
  took=$(elapsed "$start")
  # 0 or 1 (findings) is a batch read; 2 means a file could not be read.
  [ "$status" -le 1 ] || echo "warning: $binary check exited $status" >&2
  printf '%-40s %6.2f s  %.2f× pdftotext\n' "$binary check" "$took" "$(echo "$took / $floor" | bc -l)"
done
