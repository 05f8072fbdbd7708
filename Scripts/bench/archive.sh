#!/usr/bin/env bash
# The archive's speed goals (issue 24), release build: `archive add` of 1,000 township reports (goal < 3 s), and a key
# query on report_values over 10 years × 1,000 agencies (goal < 50 ms), timed in Python's sqlite3 as another tool
# would run it. Usage: Scripts/bench/archive.sh   (BENCH_DIR, default /tmp/nianbao-archive-bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --static-swift-stdlib --product nianbao >/dev/null
nianbao=$PWD/.build/release/nianbao
work=${BENCH_DIR:-/tmp/nianbao-archive-bench}
rm -rf "$work"
mkdir -p "$work"
# 10 years × 1,000 townships: 城关镇's 2022 CSV under 甲甲甲镇 … 癸癸癸镇, its year replaced.
python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
template = pathlib.Path("Samples/demo-county/2022/城关镇2022年报.csv").read_text(encoding="utf-8")
digits = "甲乙丙丁戊己庚辛壬癸"
for year in range(2014, 2024):
    folder = work / str(year)
    folder.mkdir()
    for i in range(1000):
        name = digits[i // 100 % 10] + digits[i // 10 % 10] + digits[i % 10] + "镇"
        (folder / f"{name}{year}年报.csv").write_text(template.replace("城关镇", name).replace("2022", str(year)), encoding="utf-8")
PY
measure() { /usr/bin/time -f "%e s wall, %M KB peak RSS" "$@" 2>&1 >/dev/null | tail -n 1; }
echo "-- archive add: 1,000 reports into a new archive"
for run in 1 2 3; do
  rm -f "$work/one.db" "$work/one.db-wal" "$work/one.db-shm"
  echo -n "run $run: "; measure "$nianbao" archive add "$work/2023" --db "$work/one.db" --quiet
done
echo -n "check of the same 1,000 (for scale): "; measure "$nianbao" check "$work/2023" --quiet
echo "-- 10 years × 1,000 agencies"
for year in $(seq 2014 2023); do "$nianbao" archive add "$work/$year" --db "$work/ten.db" --quiet >/dev/null || true; done
ls -l "$work/ten.db" | awk '{printf "archive: %.1f MB\n", $5 / 1048576}'
python3 - "$work/ten.db" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
print("reports:", db.execute("select count(*) from reports").fetchone()[0], " cells:", db.execute("select count(*) from cells").fetchone()[0])
queries = {
    "the issue's query (one agency, one year, one key)":
        "select value from report_values where agency like '%甲乙丙镇%' and year=2023 and key='s3.new.total'",
    "one key, one year (1,000 rows)": "select agency, value from report_values where year=2023 and key='s3.new.total'",
    "one key, every year (10,000 rows)": "select agency, year, value from report_values where key='s3.new.total'",
}
for label, sql in queries.items():
    times = []
    for _ in range(5):
        start = time.perf_counter()
        rows = db.execute(sql).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label}: {len(rows)} rows, first {times[0]:.1f} ms, best {min(times):.1f} ms")
PY
