// The page's style sheet: readable on a 1366×768 office screen, the official form drawn with its borders.
enum PageStyle {
    static let source = #"""
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #1f2328; background: #f4f6f8; }
.top { background: #8b1a1a; color: #fff; padding: 10px 20px; }
.top h1 { margin: 0; font-size: 20px; }
.top p { margin: 2px 0 0; font-size: 13px; opacity: .9; }
.top a { color: inherit; }
main { padding: 12px 20px 40px; max-width: 1900px; margin: 0 auto; }
.drop { border: 2px dashed #9aa4ae; border-radius: 8px; background: #fff; padding: 14px; text-align: center; }
.drop.over { border-color: #8b1a1a; background: #fff5f5; }
.drop-title { font-size: 17px; font-weight: bold; margin: 0 0 4px; }
.drop p { margin: 4px 0; }
.hint { color: #59636e; font-size: 13px; }
.button { display: inline-block; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: #1f2328; padding: 4px 12px; font: inherit; cursor: pointer; text-decoration: none; margin: 2px; }
.button:hover { background: #f0f2f4; }
.button.primary { background: #8b1a1a; border-color: #8b1a1a; color: #fff; }
.button.primary:hover { background: #a52020; }
.button:disabled { opacity: .5; cursor: default; }
label.button input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
label.button { position: relative; }
.tools { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.group { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 12px; }
.group h2 { font-size: 14px; margin: 0 8px 0 0; display: inline; }
.group input[type=text], .group input[type=number] { font: inherit; padding: 2px 6px; border: 1px solid #8c959f; border-radius: 4px; }
.group input[type=number] { width: 5em; }
.status { min-height: 1.5em; margin: 4px 0; font-weight: bold; }
.status.failed { color: #b42318; }
.results { display: flex; flex-direction: column; gap: 10px; }
details.file { background: #fff; border: 1px solid #d0d7de; border-left: 6px solid #2da44e; border-radius: 8px; }
details.file.has-error { border-left-color: #cf222e; }
details.file.has-warning { border-left-color: #bf8700; }
details.file.unreadable { border-left-color: #6e7781; }
details.file > summary { cursor: pointer; padding: 8px 12px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.mark { font-weight: bold; font-size: 16px; width: 1.2em; text-align: center; }
.has-error .mark { color: #cf222e; }
.has-warning .mark { color: #bf8700; }
.clean .mark { color: #2da44e; }
.unreadable .mark { color: #6e7781; }
.name { font-weight: bold; word-break: break-all; }
.meta { color: #59636e; }
.counts .e { color: #cf222e; font-weight: bold; }
.counts .w { color: #9a6700; font-weight: bold; }
.actions { margin-left: auto; }
.error-text { color: #b42318; padding: 0 12px 10px; margin: 0; }
.body { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 12px; padding: 0 12px 12px; }
@media (max-width: 1280px) { .body { grid-template-columns: minmax(0, 1fr); } }
.form-wrap { overflow-x: auto; }
table.form { border-collapse: collapse; font-size: 12px; background: #fff; }
table.form td { border: 1px solid #57606a; padding: 2px 4px; min-width: 44px; }
table.form td.heading { border: none; font-weight: bold; font-size: 13px; padding: 8px 2px 2px; text-align: left; }
table.form td.gap { border: none; }
table.form td.header { text-align: center; background: #f6f8fa; }
table.form td.label { text-align: left; }
table.form td.value { text-align: center; font-variant-numeric: tabular-nums; min-width: 48px; }
table.form td.total { background: #f2f2f2; font-weight: bold; }
table.form td.cell-warning { background: #fff3c4; outline: 2px solid #d4a72c; outline-offset: -2px; cursor: help; }
table.form td.cell-error { background: #ffebe9; outline: 1px solid #ff8182; outline-offset: -2px; cursor: help; color: #82071e; }
table.form td.cell-likely { background: #cf222e; outline: 3px solid #82071e; color: #fff; font-weight: bold; }
table.form td.flash { animation: flash 1.2s ease-out 2; }
@keyframes flash { 50% { box-shadow: 0 0 0 4px #0969da inset; } }
.findings { font-size: 13px; position: sticky; top: 8px; align-self: start; }
.findings h3 { font-size: 14px; margin: 0 0 4px; }
.findings ol { list-style: none; padding: 0; margin: 0; max-height: 640px; overflow-y: auto; }
.findings li { border-bottom: 1px solid #eaeef2; padding: 4px 2px; cursor: pointer; }
.findings li:hover { background: #f6f8fa; }
.sev { display: inline-block; border-radius: 4px; padding: 0 4px; font-size: 12px; color: #fff; margin-right: 4px; }
.sev.error { background: #cf222e; }
.sev.warning { background: #bf8700; }
.sev.info { background: #6e7781; }
.place { font-family: Consolas, "DejaVu Sans Mono", monospace; margin-right: 4px; }
.code { color: #59636e; font-size: 12px; }
.verdict { border-radius: 8px; padding: 8px 14px; margin: 6px 0 10px; border: 1px solid #d0d7de; background: #fff; }
.verdict.ok { border-color: #2da44e; background: #f0fff4; }
.verdict.warn { border-color: #bf8700; background: #fff8e1; }
.verdict.bad { border-color: #cf222e; background: #fff5f5; }
.verdict .headline { font-weight: bold; font-size: 15px; margin: 0 0 4px; }
.verdict.bad .headline { color: #b42318; }
.verdict.ok .headline { color: #1a7f37; }
.verdict ul { margin: 0 0 6px; padding-left: 20px; }
.verdict li { margin: 2px 0; }
.card-link { color: #0969da; }
.overview-section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 10px; margin-bottom: 10px; }
.filters { margin-bottom: 4px; }
.button.filter.on { background: #1f2328; border-color: #1f2328; color: #fff; }
.overview-wrap { max-height: 60vh; overflow-y: auto; }
table.overview { border-collapse: collapse; width: 100%; font-size: 13px; }
table.overview th { position: sticky; top: 0; background: #f6f8fa; border-bottom: 2px solid #d0d7de; text-align: left; padding: 4px 6px; white-space: nowrap; }
table.overview th[data-sort] { cursor: pointer; }
table.overview th[aria-sort=ascending]::after { content: " ▲"; font-size: 10px; }
table.overview th[aria-sort=descending]::after { content: " ▼"; font-size: 10px; }
table.overview td { border-bottom: 1px solid #eaeef2; padding: 2px 6px; }
table.overview tbody tr { cursor: pointer; }
table.overview tbody tr:hover { background: #f6f8fa; }
table.overview tr.has-error td.state { color: #cf222e; font-weight: bold; }
table.overview tr.has-warning td.state { color: #9a6700; font-weight: bold; }
table.overview tr.unreadable td.state { color: #6e7781; font-weight: bold; }
table.overview tr.clean td.state { color: #1a7f37; }
table.overview tr.pending { color: #8c959f; }
table.overview tr.excluded td { text-decoration: line-through; color: #8c959f; }
table.overview td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.overview td.num.e { color: #cf222e; font-weight: bold; }
table.overview td.num.w { color: #9a6700; font-weight: bold; }
table.overview td.file-name { color: #59636e; word-break: break-all; }
table.overview td.row-actions { white-space: nowrap; }
table.overview td.row-actions .button { padding: 0 6px; font-size: 12px; }
.badge { display: inline-block; margin-left: 4px; border-radius: 4px; padding: 0 4px; font-size: 11px; background: #ddf4ff; color: #0969da; }
.badge.dup { background: #fff1e5; color: #bc4c00; }
.use .prefer { margin-left: 6px; }
.use .decided { margin-left: 6px; color: #59636e; font-size: 12px; }
.overrides { padding: 0 12px 8px; font-size: 13px; }
.overrides label { margin-right: 8px; }
.overrides input { font: inherit; padding: 1px 4px; border: 1px solid #8c959f; border-radius: 4px; }
.overrides input[type=number] { width: 6em; }
.tip { position: absolute; z-index: 10; max-width: 420px; background: #1f2328; color: #fff; font-size: 13px; padding: 6px 10px; border-radius: 6px; white-space: pre-line; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
"""#
}
