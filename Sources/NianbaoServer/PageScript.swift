// The page's script: sends files to /api/view, draws each report as the form, downloads, county rollup.
enum PageScript {
    /// The script with the file extensions the readers take, as the command line's folder walk does.
    static func withExtensions(_ extensions: Set<String>) -> String {
        let list = extensions.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return "const nianbaoExtensions = [\(list)];\n" + source
    }

    static let source = #"""
'use strict';
(function () {
  const state = { entries: [], queue: [], active: 0, previous: [], skipped: [] };
  const $ = (id) => document.getElementById(id);
  const parallel = 2;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const skipName = (name) => { const base = name.split('/').pop(); return base.startsWith('.') || base.startsWith('~$'); };

  async function post(url, body) {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
      if (response.status === 503 && attempt < 30) { await sleep(1000 + 500 * (attempt % 4)); continue; }
      return response;
    }
  }
  async function failureText(response) {
    try { const body = await response.json(); if (body && body.error) return body.error; } catch (e) { /* not JSON */ }
    return '服务器返回 ' + response.status;
  }

  const supported = new Set(typeof nianbaoExtensions === 'undefined' ? [] : nianbaoExtensions);
  const extensionOf = (name) => { const base = name.split('/').pop(); const dot = base.lastIndexOf('.'); return dot > 0 ? base.slice(dot + 1).toLowerCase() : ''; };

  function addFiles(files) {
    for (const file of files) {
      const name = file.relativePath || file.webkitRelativePath || file.name;
      if (skipName(name)) continue;
      if (supported.size > 0 && !supported.has(extensionOf(name))) { state.skipped.push(name); continue; }
      const entry = { file, name, report: null, form: null, failure: null, card: el('details', 'file pending') };
      entry.card.append(el('summary', null, '正在核对 ' + name + ' …'));
      $('results').append(entry.card);
      state.entries.push(entry);
      state.queue.push(entry);
    }
    pump();
  }

  function pump() {
    while (state.active < parallel && state.queue.length > 0) {
      const entry = state.queue.shift();
      state.active++;
      check(entry).finally(() => { state.active--; pump(); });
    }
    updateStatus();
  }

  async function check(entry) {
    const body = new FormData();
    body.append('files', entry.file, entry.name);
    try {
      const response = await post('/api/view', body);
      if (!response.ok) {
        entry.failure = await failureText(response);
      } else {
        // A zip archive answers with one item per member: the first fills this card, the others get cards of their own.
        const items = await response.json();
        const upload = entry.name;
        let filled = false;
        let last = entry.card;
        for (const item of items) {
          const source = item.report && item.report.source;
          if (item.report && item.report.skipped !== undefined) { state.skipped.push(source); continue; }
          let target = entry;
          if (filled) {
            target = { file: entry.file, name: source, report: null, form: null, failure: null, card: el('details', 'file pending') };
            last.after(target.card);
            state.entries.push(target);
          }
          last = target.card;
          if (source && source !== upload) { target.upload = upload; target.name = source; }
          target.report = item.report;
          target.form = item.form;
          if (filled) render(target);
          filled = true;
        }
        if (!filled) entry.failure = '压缩包中没有可读取的报表文件';
      }
    } catch (error) {
      entry.failure = '无法连接 nianbao 服务器（' + error.message + '）';
    }
    render(entry);
  }

  function counts(report) {
    const findings = report.findings || [];
    return { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
  }
  function statusOf(entry) {
    if (entry.failure || !entry.report || entry.report.error !== undefined) return 'unreadable';
    const c = counts(entry.report);
    return c.errors > 0 ? 'has-error' : c.warnings > 0 ? 'has-warning' : 'clean';
  }
  const placeOf = (finding) => (finding.likely_cell && finding.likely_cell.cell) || (finding.cells[0] && finding.cells[0].cell) || '—';
  const severityText = { error: '错误', warning: '警告', info: '提示' };

  function render(entry) {
    const card = entry.card;
    const status = statusOf(entry);
    card.className = 'file ' + status;
    card.dataset.source = entry.name;
    card.textContent = '';
    const summary = el('summary');
    summary.append(el('span', 'mark', { clean: '✓', 'has-error': '✗', 'has-warning': '!', unreadable: '✗' }[status]));
    summary.append(el('span', 'name', entry.name));
    if (status === 'unreadable') {
      summary.append(el('span', 'meta', '无法读取'));
      const remove = el('button', 'button actions', '移除');
      remove.type = 'button';
      remove.addEventListener('click', (event) => { event.preventDefault(); removeEntry(entry); });
      summary.append(remove);
      card.append(summary);
      card.append(el('p', 'error-text', entry.failure || entry.report.error));
      card.open = true;
      updateStatus();
      return;
    }
    const report = entry.report;
    const meta = [report.agency || '单位未识别', report.year ? report.year + ' 年度' : '年度未识别', report.layout + ' 版'].join(' · ');
    summary.append(el('span', 'meta', meta));
    const c = counts(report);
    const countLine = el('span', 'counts');
    countLine.append(el('span', c.errors ? 'e' : '', '错误 ' + c.errors), ' · ', el('span', c.warnings ? 'w' : '', '警告 ' + c.warnings));
    summary.append(countLine);
    const actions = el('span', 'actions');
    const xlsx = el('button', 'button', '下载已填模板');
    xlsx.type = 'button';
    xlsx.addEventListener('click', (event) => { event.preventDefault(); downloadConverted(entry, 'xlsx'); });
    const json = el('button', 'button', '下载 JSON');
    json.type = 'button';
    json.addEventListener('click', (event) => {
      event.preventDefault();
      save(new Blob([JSON.stringify(report, null, 2) + '\n'], { type: 'application/json' }), baseName(entry.name) + '.json');
    });
    const remove = el('button', 'button', '移除');
    remove.type = 'button';
    remove.title = '不参加汇总（例如同一单位的旧版本）';
    remove.addEventListener('click', (event) => { event.preventDefault(); removeEntry(entry); });
    actions.append(xlsx, json, remove);
    summary.append(actions);
    card.append(summary);

    const body = el('div', 'body');
    const wrap = el('div', 'form-wrap');
    wrap.innerHTML = entry.form || '';
    for (const cell of wrap.querySelectorAll('td[title]')) { cell.dataset.tip = cell.title; cell.removeAttribute('title'); }
    body.append(wrap);
    const aside = el('aside', 'findings');
    const shown = report.findings.filter((f) => f.severity !== 'info');
    aside.append(el('h3', null, shown.length ? '问题清单（' + shown.length + '）' : '没有发现问题'));
    const list = el('ol');
    const rank = { error: 0, warning: 1, info: 2 };
    for (const finding of shown.slice().sort((a, b) => rank[a.severity] - rank[b.severity])) {
      const item = el('li');
      item.append(el('span', 'sev ' + finding.severity, severityText[finding.severity]));
      item.append(el('span', 'place', placeOf(finding)));
      item.append(el('span', 'code', finding.code));
      item.append(el('div', null, finding.message));
      item.addEventListener('click', () => flash(card, finding));
      list.append(item);
    }
    aside.append(list);
    body.append(aside);
    card.append(body);
    card.open = status !== 'clean';
    updateStatus();
  }

  function removeEntry(entry) {
    state.entries = state.entries.filter((e) => e !== entry);
    entry.card.remove();
    hideTip();
    updateStatus();
  }

  function flash(card, finding) {
    const cells = [];
    for (const key of finding.keys) {
      const cell = card.querySelector('td[data-key="' + CSS.escape(key) + '"]');
      if (cell) cells.push(cell);
    }
    if (cells.length === 0) return;
    cells[0].scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
    for (const cell of cells) { cell.classList.remove('flash'); void cell.offsetWidth; cell.classList.add('flash'); }
  }

  function updateStatus() {
    const done = state.entries.filter((e) => !e.card.classList.contains('pending'));
    const total = state.entries.length;
    const by = (s) => done.filter((e) => statusOf(e) === s).length;
    const line = $('status');
    line.classList.remove('failed');
    let text = '';
    if (total > 0) {
      text = (done.length < total ? '正在核对 ' + done.length + ' / ' + total + ' 个文件 … ' : '共 ' + total + ' 个文件：') +
        by('clean') + ' 个无问题，' + by('has-error') + ' 个有错误，' + by('has-warning') + ' 个仅有警告，' + by('unreadable') + ' 个无法读取';
    }
    if (state.skipped.length > 0) {
      text += (text ? '；' : '') + '跳过 ' + state.skipped.length + ' 个不支持的文件：' + state.skipped.slice(0, 10).join('、') +
        (state.skipped.length > 10 ? ' 等' : '');
    }
    line.textContent = text;
    const ready = total > 0 && done.length === total;
    $('summary').disabled = !ready;
    $('rollup').disabled = !ready;
    $('clear').disabled = total === 0 || !ready;
    if (ready && !$('year').value) {
      const years = {};
      for (const e of done) if (e.report && e.report.year) years[e.report.year] = (years[e.report.year] || 0) + 1;
      const best = Object.keys(years).sort((a, b) => years[b] - years[a])[0];
      if (best) $('year').value = best;
    }
  }

  function baseName(name) { const base = name.split('/').pop(); const dot = base.lastIndexOf('.'); return dot > 0 ? base.slice(0, dot) : base; }
  function save(blob, name) {
    const link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }
  function nameFrom(response, fallback) {
    const header = response.headers.get('Content-Disposition') || '';
    const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    try { return match ? decodeURIComponent(match[1]) : fallback; } catch (e) { return fallback; }
  }
  function report(text, failed) { const line = $('status'); line.textContent = text; line.classList.toggle('failed', !!failed); }

  async function downloadConverted(entry, format) {
    const body = new FormData();
    body.append('files', entry.file, entry.upload || entry.name);
    if (entry.upload) body.append('member', entry.name);
    const response = await post('/api/convert?to=' + format, body);
    if (!response.ok) { report('无法生成：' + await failureText(response), true); return; }
    save(await response.blob(), nameFrom(response, baseName(entry.name) + '.' + format));
  }

  async function rollup() {
    const agency = $('agency').value.trim();
    const year = $('year').value.trim();
    if (!agency) { report('请先填写汇总单位名称', true); $('agency').focus(); return; }
    if (!/^\d{4}$/.test(year)) { report('请填写汇总年度（四位数字）', true); $('year').focus(); return; }
    const body = new FormData();
    body.append('agency', agency);
    body.append('year', year);
    // An archive is sent once, however many of its members are listed.
    const sent = new Set();
    for (const e of state.entries) {
      const name = e.upload || e.name;
      if (sent.has(name)) continue;
      sent.add(name);
      body.append('files', e.file, name);
    }
    for (const file of state.previous) body.append('previous', file, file.webkitRelativePath || file.name);
    report('正在生成 ' + agency + year + ' 年度汇总表 …');
    $('rollup').disabled = true;
    try {
      const response = await post('/api/rollup', body);
      if (!response.ok) { report('无法汇总：' + await failureText(response), true); return; }
      save(await response.blob(), nameFrom(response, agency + year + '年度汇总.xlsx'));
      const status = response.headers.get('X-Nianbao-Rollup');
      report(status ? decodeURIComponent(status) : '已生成 ' + agency + year + ' 年度汇总表（汇总 · 分单位明细 · 问题清单 · 说明）',
             response.headers.get('X-Nianbao-Balanced') === '0');
    } catch (error) {
      report('无法连接 nianbao 服务器（' + error.message + '）', true);
    } finally {
      $('rollup').disabled = false;
    }
  }

  function csvField(value) {
    let text = value === null || value === undefined ? '' : String(value);
    // A text that a spreadsheet would take for a formula is made inert, as the command line's CSV writer does.
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function summary() {
    const rows = [['文件', '单位', '年度', '格式', '状态', '级别', '单元格', '代码', '说明']];
    const statusText = { clean: '通过', 'has-error': '有错误', 'has-warning': '有警告', unreadable: '无法读取' };
    for (const e of state.entries) {
      const s = statusOf(e);
      if (s === 'unreadable') { rows.push([e.name, '', '', '', statusText[s], '', '', '', e.failure || e.report.error]); continue; }
      const r = e.report;
      const shown = r.findings.filter((f) => f.severity !== 'info');
      if (shown.length === 0) rows.push([e.name, r.agency, r.year, r.layout, statusText[s], '', '', '', '']);
      for (const f of shown) rows.push([e.name, r.agency, r.year, r.layout, statusText[s], severityText[f.severity], placeOf(f), f.code, f.message]);
    }
    const text = '\ufeff' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
    save(new Blob([text], { type: 'text/csv;charset=utf-8' }), '核对清单.csv');
  }

  function pickFiles(options, onPicked) {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (options.folder) input.webkitdirectory = true;
    input.addEventListener('change', () => onPicked(Array.from(input.files)));
    input.click();
  }

  async function entriesOf(item) {
    const files = [];
    async function walk(entry, path) {
      if (entry.isFile) {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        file.relativePath = path + file.name;
        files.push(file);
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
          if (batch.length === 0) break;
          for (const child of batch) await walk(child, path + entry.name + '/');
        }
      }
    }
    await walk(item, '');
    return files;
  }

  let tipCell = null;
  function showTip(cell) {
    const tip = $('tip');
    tip.textContent = cell.dataset.tip;
    tip.hidden = false;
    const box = cell.getBoundingClientRect();
    const left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + 'px';
    tip.style.top = (window.scrollY + box.bottom + 6) + 'px';
    tipCell = cell;
  }
  function hideTip() { $('tip').hidden = true; tipCell = null; }

  document.addEventListener('DOMContentLoaded', () => {
    $('files').addEventListener('change', (event) => { addFiles(Array.from(event.target.files)); event.target.value = ''; });
    $('pick-folder').addEventListener('click', () => pickFiles({ folder: true }, addFiles));
    $('pick-previous').addEventListener('click', () => pickFiles({}, (files) => {
      state.previous = files;
      $('previous-count').textContent = files.length ? '已选 ' + files.length + ' 个' : '';
    }));
    $('rollup').addEventListener('click', rollup);
    $('summary').addEventListener('click', summary);
    $('clear').addEventListener('click', () => { state.entries = []; state.skipped = []; $('results').textContent = ''; hideTip(); updateStatus(); });
    const drop = $('drop');
    drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', async (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      const items = Array.from(event.dataTransfer.items || []).map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
      if (items.length === 0) { addFiles(Array.from(event.dataTransfer.files)); return; }
      const files = [];
      for (const item of items) files.push(...await entriesOf(item));
      addFiles(files);
    });
    const results = $('results');
    results.addEventListener('mouseover', (event) => { const cell = event.target.closest('td[data-tip]'); if (cell && cell !== tipCell) showTip(cell); });
    results.addEventListener('mouseout', (event) => { const cell = event.target.closest('td[data-tip]'); if (cell && !cell.contains(event.relatedTarget)) hideTip(); });
    results.addEventListener('focusin', (event) => { const cell = event.target.closest('td[data-tip]'); if (cell) showTip(cell); });
    results.addEventListener('focusout', hideTip);
    // A tap fires mouseover and focus (which show the message) before click; only a tap on a cell whose message
    // was already showing before the tap hides it.
    let openBeforeTap = null;
    results.addEventListener('pointerdown', (event) => { const cell = event.target.closest('td[data-tip]'); openBeforeTap = cell && tipCell === cell ? cell : null; });
    results.addEventListener('click', (event) => {
      const cell = event.target.closest('td[data-tip]');
      if (!cell) return;
      if (openBeforeTap === cell) hideTip(); else showTip(cell);
      openBeforeTap = null;
    });
    document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hideTip(); });
  });
})();
"""#
}
