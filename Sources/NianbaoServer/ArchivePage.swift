// The archive's page (`serve --db`): accept checked files into the archive, what it holds, a key's trend, the rollup
// from the archive. Its own markup, script and style, beside the main page's.
enum ArchivePage {
    static let html = #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>年报档案 · 政府信息公开工作年度报告</title>
<link rel="stylesheet" href="/app.css">
<link rel="stylesheet" href="/archive.css">
<script src="/archive.js" defer></script>
</head>
<body>
<header class="top">
  <h1>年报档案</h1>
  <p>核对过的报表收入档案：按单位、年度保存每一版，连同原文件。<a href="/">返回核对页</a></p>
</header>
<main>
  <section class="archive-intake">
    <h2>收入档案</h2>
    <p><label class="button primary">选择文件<input id="archive-files" type="file" multiple></label>
      <span class="hint">先核对；确认无误后按「收入档案」保存。同一文件再次收入不会重复；同一单位同一年度的新文件成为新的当前版本。</span></p>
    <ul id="archive-pending" class="archive-pending"></ul>
  </section>
  <section>
    <h2>档案目录</h2>
    <div id="archive-table" class="archive-table"><p class="hint">正在读取…</p></div>
  </section>
  <section>
    <h2>历年趋势</h2>
    <p><label>单位 <select id="trend-agency"></select></label>
      <label>指标 <select id="trend-key"></select></label></p>
    <div id="trend-chart" class="trend-chart"></div>
  </section>
  <section>
    <h2>从档案汇总</h2>
    <p><label>汇总单位 <input id="archive-county" type="text" placeholder="例如：某某县" size="12"></label>
      <label>年度 <input id="archive-year" type="number" min="2000" max="2100" step="1"></label>
      <button id="archive-rollup" type="button" class="button primary">生成县级汇总表</button></p>
    <p id="archive-status" class="status" role="status" aria-live="polite"></p>
  </section>
</main>
</body>
</html>
"""#

    static let script = #"""
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const favourites = ['s3.new.total', 's3.carried_over.total', 's3.granted.total', 's3.total.total', 's3.carried_forward.total', 's4.review.total'];
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  async function failure(response) {
    try { const body = await response.json(); if (body && body.error) return body.error; } catch (e) { /* not JSON */ }
    return '服务器返回 ' + response.status;
  }
  function post(url, body) { return fetch(url, { method: 'POST', body, credentials: 'same-origin' }); }

  // 收入档案: each chosen file is checked first; its button keeps it.
  async function consider(file) {
    const item = el('li', 'pending', '正在核对 ' + file.name + ' …');
    $('archive-pending').append(item);
    const body = new FormData();
    body.append('files', file, file.name);
    const response = await post('/api/check', body);
    if (!response.ok) { item.textContent = file.name + '：' + await failure(response); return; }
    const reports = await response.json();
    item.textContent = '';
    const lines = reports.map((r) => r.error ? '无法读取：' + r.error : r.skipped ? '跳过：' + r.skipped
      : (r.agency || '单位不明') + ' · ' + (r.year || '年度不明') + ' · 错误 ' + r.findings.filter((f) => f.severity === 'error').length
        + ' · 警告 ' + r.findings.filter((f) => f.severity === 'warning').length);
    item.append(el('span', 'name', file.name + '：' + lines.join('；')));
    const button = el('button', 'button accept', '收入档案');
    button.type = 'button';
    button.addEventListener('click', async () => {
      button.disabled = true;
      const form = new FormData();
      form.append('files', file, file.name);
      const reply = await post('/api/archive/add', form);
      const note = el('span', 'outcome');
      if (!reply.ok) { note.textContent = await failure(reply); button.disabled = false; }
      else { note.textContent = (await reply.json()).map((o) => o.message).join('；'); }
      item.append(note);
      refresh();
    });
    item.append(button);
  }

  // 档案目录: agencies × years, each cell the current version's status.
  async function refresh() {
    const response = await fetch('/api/archive/list', { credentials: 'same-origin' });
    if (!response.ok) { $('archive-table').textContent = await failure(response); return; }
    const listing = await response.json();
    const holder = $('archive-table');
    holder.textContent = '';
    if (listing.agencies.length === 0) { holder.append(el('p', 'hint', '档案还是空的。')); }
    else {
      const table = el('table', 'archive');
      const head = el('tr');
      head.append(el('th', null, '单位'));
      for (const year of listing.years) head.append(el('th', null, year + ' 年度'));
      table.append(head);
      for (const agency of listing.agencies) {
        const row = el('tr');
        row.append(el('th', null, agency.agency));
        agency.cells.forEach((cell) => {
          if (!cell) { row.append(el('td', 'none', '—')); return; }
          let text = !cell.current ? '已移除' : cell.errors > 0 ? '✗ 错误 ' + cell.errors : cell.warnings > 0 ? '! 警告 ' + cell.warnings : '✓';
          if (cell.versions > 1) text += ' · ' + cell.versions + ' 版';
          row.append(el('td', !cell.current ? 'removed' : cell.errors > 0 ? 'error' : cell.warnings > 0 ? 'warning' : 'ok', text));
        });
        table.append(row);
      }
      holder.append(table);
    }
    const chooser = $('trend-agency');
    const chosen = chooser.value;
    chooser.textContent = '';
    for (const agency of listing.agencies) chooser.append(new Option(agency.agency, agency.agency));
    if (chosen) chooser.value = chosen;
    if (listing.years.length > 0 && !$('archive-year').value) $('archive-year').value = listing.years[listing.years.length - 1];
    trend();
  }

  // 历年趋势: the server draws the chart (SVG); it goes into the page as it is.
  async function trend() {
    const agency = $('trend-agency').value;
    const key = $('trend-key').value;
    if (!agency || !key) { $('trend-chart').textContent = ''; return; }
    const response = await fetch('/api/archive/trend?agency=' + encodeURIComponent(agency) + '&key=' + encodeURIComponent(key), { credentials: 'same-origin' });
    if (!response.ok) { $('trend-chart').textContent = await failure(response); return; }
    const svg = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement;
    $('trend-chart').replaceChildren(document.importNode(svg, true));
  }

  async function keys() {
    const response = await fetch('/api/archive/keys', { credentials: 'same-origin' });
    if (!response.ok) return;
    const list = await response.json();
    const chooser = $('trend-key');
    const ordered = favourites.map((key) => list.find((k) => k.key === key)).filter(Boolean)
      .concat(list.filter((k) => !favourites.includes(k.key)));
    for (const item of ordered) chooser.append(new Option(item.label, item.key));
  }

  async function rollup() {
    const status = $('archive-status');
    const form = new FormData();
    form.append('agency', $('archive-county').value);
    form.append('year', $('archive-year').value);
    status.textContent = '正在汇总…';
    const response = await post('/api/archive/rollup', form);
    if (!response.ok) { status.textContent = await failure(response); return; }
    const blob = await response.blob();
    const link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = $('archive-county').value + $('archive-year').value + '年度汇总（档案）.xlsx';
    document.body.append(link);
    link.click();
    link.remove();
    const said = response.headers.get('X-Nianbao-Rollup');
    status.textContent = said ? decodeURIComponent(said) : '已生成汇总表';
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('archive-files').addEventListener('change', (event) => { for (const file of event.target.files) consider(file); event.target.value = ''; });
    $('trend-agency').addEventListener('change', trend);
    $('trend-key').addEventListener('change', trend);
    $('archive-rollup').addEventListener('click', rollup);
    await keys();
    await refresh();
  });
})();
"""#

    static let style = #"""
.archive-pending { list-style: none; padding: 0; }
.archive-pending li { margin: 0.3em 0; display: flex; gap: 0.8em; align-items: center; flex-wrap: wrap; }
.archive-pending .outcome { color: #065f46; }
table.archive { border-collapse: collapse; margin: 0.5em 0; }
table.archive th, table.archive td { border: 1px solid #d1d5db; padding: 0.25em 0.6em; text-align: left; }
table.archive td.error { background: #fee2e2; }
table.archive td.warning { background: #fef9c3; }
table.archive td.removed, table.archive td.none { color: #9ca3af; }
.trend-chart svg { max-width: 100%; height: auto; }
header.top a { color: inherit; }
"""#

    /// The archive's part of the main page (served as /hooks.js with `serve --db`): a link to /archive in the header,
    /// and 收入档案 on each read file's row and card, sent with the clerk's agency/year overrides for that file.
    static let mainPageHooks = #"""
(function () {
  'use strict';
  const hooks = window.nianbaoHooks = window.nianbaoHooks || { rowActions: [], cardActions: [] };
  function addLink() {
    const header = document.querySelector('header.top');
    if (!header || document.getElementById('archive-link')) return;
    const line = document.createElement('p');
    const link = document.createElement('a');
    link.id = 'archive-link';
    link.href = '/archive';
    link.textContent = '档案：已收入的报表，按单位和年度查看、看历年趋势、从档案汇总';
    line.append(link);
    header.append(line);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', addLink); else addLink();

  const words = { added: '已收入档案', new_version: '已收入（新版本）', already: '已在档案中', refused: '未收入', error: '未收入', skipped: '未收入' };
  // One upload per file: a row's and a card's buttons share it and both show the answer.
  const sent = new WeakMap();
  function accept(entry) {
    if (!sent.has(entry)) {
      const body = new FormData();
      body.append('files', entry.file, entry.upload || entry.name);
      const overrides = {};
      if (entry.overrides && (entry.overrides.agency || entry.overrides.year)) overrides[entry.name] = entry.overrides;
      body.append('overrides', JSON.stringify(overrides));
      sent.set(entry, fetch('/api/archive/add', { method: 'POST', body }).then(async (response) => {
        const answer = await response.json().catch(() => null);
        if (!response.ok || !Array.isArray(answer)) throw new Error((answer && answer.error) || ('服务器返回 ' + response.status));
        return answer.find((outcome) => outcome.source === entry.name) || answer[0] || { status: 'error', message: '服务器没有回答这个文件' };
      }));
    }
    return sent.get(entry);
  }
  function acceptButton(entry, container) {
    // Only a report read (not an unreadable file); a zip's member is uploaded as the whole zip, so only whole files get
    // the button (the archive page takes zips).
    if (!entry.report || !entry.report.values || !entry.file || (entry.upload || entry.file.name) !== entry.name) return;
    const node = document.createElement('button');
    node.type = 'button';
    node.className = 'button archive-accept';
    node.textContent = '收入档案';
    node.title = '把这份报表（连同原文件）收入县档案；同一文件不会重复收入';
    function show() {
      node.disabled = true;
      node.textContent = '正在收入…';
      accept(entry).then((outcome) => {
        node.textContent = words[outcome.status] || '未收入';
        node.title = outcome.message || '';
        node.dataset.status = outcome.status;
      }, (error) => {
        sent.delete(entry);
        node.disabled = false;
        node.textContent = '收入档案';
        node.title = String(error.message || error);
      });
    }
    node.addEventListener('click', (event) => { event.preventDefault(); event.stopPropagation(); show(); });
    // The overview redraws its rows: a file already sent shows its answer, not the button again.
    if (sent.has(entry)) show();
    container.append(node);
  }
  hooks.rowActions.push(acceptButton);
  hooks.cardActions.push(acceptButton);
})();
"""#
}
