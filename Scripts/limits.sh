#!/usr/bin/env bash
# Memory and time bounds (not CI; release build): the streaming read of a 1,000,000-row sheet stays under 64 MB
# RSS, and every hostile file ends (read or error) in under 1 s and 100 MB, under `ulimit -v` as a backstop.
# Usage: Scripts/limits.sh   (prints one line per case; exits 1 if a bound is broken)
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product nianbao >/dev/null
swift build -c release --static-swift-stdlib --product nianbao-bench >/dev/null
bin=.build/release/nianbao
bench=.build/release/nianbao-bench
work=$(mktemp -d)
status=0
check() {  # name, max seconds, max KB, command...
  local name=$1 seconds=$2 kb=$3; shift 3
  local out
  out=$( (ulimit -v 4000000; /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$work/err") 2>&1; tail -n 1 "$work/err")
  local took rss
  read -r took rss <<<"$(tail -n 1 "$work/err")"
  local verdict=ok
  if awk "BEGIN{exit !($took > $seconds)}"; then verdict="TOO SLOW"; status=1; fi
  if [ "$rss" -gt "$kb" ]; then verdict="TOO BIG"; status=1; fi
  printf '%-34s %6ss %8s KB  %s\n' "$name" "$took" "$rss" "$verdict"
}
python3 - "$work" <<'PY'
import io, os, sys, zipfile
w = sys.argv[1]
def xlsx(name, sheet, extra=()):
    with zipfile.ZipFile(os.path.join(w, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for n, d in extra: z.writestr(n, d)
head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
tail = '</sheetData></worksheet>'
xlsx("bomb.xlsx", head + '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "a" * (300 << 20) + '</t></is></c></row>' + tail)
xlsx("laughs.xlsx", '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' + head + '<row><c t="inlineStr"><is><t>&d;&d;&d;&d;</t></is></c></row>' + tail)
xlsx("xxe.xlsx", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + head + '<row><c t="inlineStr"><is><t>&x;</t></is></c></row>' + tail)
xlsx("xfd.xlsx", head + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + tail)
xlsx("overlap.xlsx", head + tail.replace("</worksheet>", '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells></worksheet>'))
xlsx("sst.xlsx", head + '<row><c t="s"><v>99</v></c></row>' + tail, [("xl/sharedStrings.xml", '<sst><si><t>a</t></si></sst>')])
open(os.path.join(w, "wide.csv"), "w").write("1," * 1_000_000 + "\n")
open(os.path.join(w, "bad-utf8.csv"), "wb").write("名称,数量\n后宫乡,1\n石桥镇,2\n龙泉乡,3\n".encode() * 1000 + b"\xe5\x28,1\n")
open(os.path.join(w, "cut.csv"), "wb").write("名称,䢺".encode("gb18030")[:-2])
open(os.path.join(w, "empty.xlsx"), "wb").close()
open(os.path.join(w, "nesting.rtf"), "wb").write(b"{\\rtf1 " + b"{" * (100 << 20))
open(os.path.join(w, "html.xls"), "w").write("<html><body><table><tr><td>1</td></tr></table></body></html>")
open(os.path.join(w, "ole.xlsx"), "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
data = open("Tests/Fixtures/spreadsheets/libreoffice/t1.xlsx", "rb").read()
for pct in (10, 50, 99):
    open(os.path.join(w, f"cut{pct}.xlsx"), "wb").write(data[: len(data) * pct // 100])
PY
for f in "$work"/*.xlsx "$work"/*.csv "$work"/*.xls "$work"/*.rtf; do
  check "$(basename "$f")" 1 102400 "$bin" inspect "$f" --format json
done
if "$bin" inspect "$work/xxe.xlsx" --format json 2>&1 | grep -q "root:"; then echo "XXE: /etc/passwd leaked"; status=1; else echo "xxe.xlsx: /etc/passwd never appears"; fi
"$bench" write-xlsx 1000000 "$work/big.xlsx" 1 >/dev/null 2>&1
check "streaming read, 1,000,000 rows" 60 65536 "$bench" read-xlsx "$work/big.xlsx"
rm -rf "$work"
exit $status
