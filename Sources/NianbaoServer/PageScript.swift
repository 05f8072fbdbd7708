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
  // entries: one per report (a zip upload becomes one per member); each keeps its File, the server's answer and the
  // clerk's choices (overrides, excluded, preferred), which are sent with every later request for that file.
  const state = { entries: [], queue: [], active: 0, previous: [], skipped: [], nextId: 1, filter: 'all',
                  sort: { key: 'agency', dir: 1 }, verdict: null, opened: [] };
  const $ = (id) => document.getElementById(id);
  const parallel = 2;
  // Up to this many files every card is drawn (open when it has problems); beyond it cards are drawn when opened from
  // the overview, and only the last few opened stay in the page.
  const cardsInline = 30;
  const cardsKept = 8;
  // Hooks for other parts of the page (an archive's button): functions (entry, container) that add per-file actions.
  const hooks = window.nianbaoHooks = window.nianbaoHooks || { rowActions: [], cardActions: [] };
  // The last rollup's verdict without its workbook, for whoever scripts the page (the browser test).
  window.nianbaoVerdict = () => { const v = Object.assign({}, state.verdict); delete v.workbook; return v; };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function button(text, onClick, className) {
    const node = el('button', 'button' + (className ? ' ' + className : ''), text);
    node.type = 'button';
    node.addEventListener('click', (event) => { event.preventDefault(); event.stopPropagation(); onClick(event); });
    return node;
  }
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const skipName = (name) => { const base = name.split('/').pop(); return base.startsWith('.') || base.startsWith('~$'); };
  const collator = new Intl.Collator('zh-CN');

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

  function newEntry(file, name) {
    return { id: state.nextId++, file, name, upload: null, report: null, form: null, failure: null, duplicateKey: null,
             overrides: {}, excluded: false, preferred: false, card: null, row: null, pending: true };
  }

  function addFiles(files) {
    for (const file of files) {
      const name = file.relativePath || file.webkitRelativePath || file.name;
      if (skipName(name)) continue;
      if (supported.size > 0 && !supported.has(extensionOf(name))) { state.skipped.push(name); continue; }
      const entry = newEntry(file, name);
      state.entries.push(entry);
      state.queue.push(entry);
    }
    state.verdict = null;
    showVerdict();
    scheduleOverview();
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

  // The overrides of every entry that has one, by the name the server reads the file under.
  function overridesOf(entries) {
    const all = {};
    for (const e of entries) if (e.overrides.agency || e.overrides.year) all[e.name] = e.overrides;
    return JSON.stringify(all);
  }

  async function check(entry) {
    const body = new FormData();
    body.append('files', entry.file, entry.upload || entry.name);
    const members = state.entries.filter((e) => e.file === entry.file);
    body.append('overrides', overridesOf(members));
    entry.pending = true;
    try {
      const response = await post('/api/view', body);
      if (!response.ok) {
        entry.failure = await failureText(response);
      } else {
        // A zip archive answers with one item per member: the first fills this entry, the others become entries of
        // their own (a re-check of one member updates only that member).
        const items = await response.json();
        const upload = entry.upload || entry.name;
        let filled = false;
        for (const item of items) {
          const source = item.report && item.report.source;
          if (item.report && item.report.skipped !== undefined) { if (!entry.upload) state.skipped.push(source); continue; }
          let target = null;
          if (entry.upload) {
            if (source !== entry.name) continue;
            target = entry;
          } else if (!filled) {
            target = entry;
          } else {
            target = newEntry(entry.file, source);
            state.entries.push(target);
          }
          if (source && source !== upload) { target.upload = upload; target.name = source; }
          target.report = item.report;
          target.form = item.form;
          target.failure = null;
          target.duplicateKey = item.duplicate_key;
          target.pending = false;
          if (target !== entry) refresh(target);
          filled = true;
        }
        if (!filled) entry.failure = '压缩包中没有可读取的报表文件';
      }
    } catch (error) {
      entry.failure = '无法连接 nianbao 服务器（' + error.message + '）';
    }
    entry.pending = false;
    refresh(entry);
  }

  function counts(report) {
    const findings = (report && report.findings) || [];
    return { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
  }
  function statusOf(entry) {
    if (entry.pending) return 'pending';
    if (entry.failure || !entry.report || entry.report.error !== undefined) return 'unreadable';
    const c = counts(entry.report);
    return c.errors > 0 ? 'has-error' : c.warnings > 0 ? 'has-warning' : 'clean';
  }
  const statusText = { pending: '正在核对', clean: '通过', 'has-error': '有错误', 'has-warning': '有警告', unreadable: '无法读取' };
  const statusRank = { 'has-error': 0, unreadable: 1, 'has-warning': 2, clean: 3, pending: 4 };
  const placeOf = (finding) => (finding.likely_cell && finding.likely_cell.cell) || (finding.cells[0] && finding.cells[0].cell) || '—';
  const severityText = { error: '错误', warning: '警告', info: '提示' };
  const agencyOf = (e) => (e.report && e.report.agency) || '';
  const baseName = (name) => { const base = name.split('/').pop(); const dot = base.lastIndexOf('.'); return dot > 0 ? base.slice(0, dot) : base; };

  // Reports of one agency and year among those to be summed: the rollup sums one of them, and the clerk may choose.
  function duplicateGroups() {
    const groups = new Map();
    for (const e of state.entries) {
      if (e.excluded || !e.duplicateKey || statusOf(e) === 'unreadable') continue;
      if (!groups.has(e.duplicateKey)) groups.set(e.duplicateKey, []);
      groups.get(e.duplicateKey).push(e);
    }
    for (const [key, members] of groups) if (members.length < 2) groups.delete(key);
    return groups;
  }

  function sortValue(e, key) {
    switch (key) {
      case 'agency': return agencyOf(e) || baseName(e.name);
      case 'year': return (e.report && e.report.year) || 0;
      case 'layout': return (e.report && e.report.layout) || '';
      case 'errors': return counts(e.report).errors;
      case 'warnings': return counts(e.report).warnings;
      case 'status': return statusRank[statusOf(e)];
      default: return e.name;
    }
  }
  // Stable: by the chosen column, then township, then file name (never the order results came back in).
  function ordered(entries) {
    const { key, dir } = state.sort;
    return entries.slice().sort((a, b) => {
      const x = sortValue(a, key), y = sortValue(b, key);
      const c = typeof x === 'number' ? x - y : collator.compare(x, y);
      if (c !== 0) return c * dir;
      return collator.compare(agencyOf(a) || baseName(a.name), agencyOf(b) || baseName(b.name)) || collator.compare(a.name, b.name) || a.id - b.id;
    });
  }

  function refresh(entry) {
    if (entry.card) renderCard(entry);
    else if (state.entries.length <= cardsInline && !entry.pending) { renderCard(entry); placeCards(); }
    scheduleOverview();
    updateStatus();
  }

  // The overview is redrawn at most a few times a second, however fast results arrive.
  let overviewTimer = null;
  function scheduleOverview() {
    if (overviewTimer) return;
    overviewTimer = setTimeout(() => { overviewTimer = null; renderOverview(); }, state.active > 0 || state.queue.length > 0 ? 250 : 0);
  }

  function renderOverview() {
    const section = $('overview-section');
    section.hidden = state.entries.length === 0;
    const groups = duplicateGroups();
    const duplicated = new Set();
    for (const members of groups.values()) for (const e of members) duplicated.add(e);
    const countsBy = { all: state.entries.length, 'has-error': 0, 'has-warning': 0, unreadable: 0, duplicate: duplicated.size };
    for (const e of state.entries) { const s = statusOf(e); if (countsBy[s] !== undefined) countsBy[s]++; }
    for (const span of section.querySelectorAll('[data-count]')) span.textContent = '（' + countsBy[span.dataset.count] + '）';
    const shown = state.entries.filter((e) => state.filter === 'all' || (state.filter === 'duplicate' ? duplicated.has(e) : statusOf(e) === state.filter));
    const kept = state.verdict ? new Map(state.verdict.duplicates.flatMap((g) => [[g.kept, g]].concat(g.others.map((o) => [o, g])))) : new Map();
    const body = document.createElement('tbody');
    for (const e of ordered(shown)) body.append(overviewRow(e, duplicated.has(e), groups.get(e.duplicateKey), kept.get(e.name)));
    $('overview').tBodies[0].replaceWith(body);
    for (const th of $('overview').tHead.rows[0].cells) {
      if (!th.dataset.sort) continue;
      th.setAttribute('aria-sort', th.dataset.sort === state.sort.key ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  const ruleText = { content: '内容相同', name: '按文件名', prefer: '您的选择', undecided: '无法判断，请选择' };

  function overviewRow(e, duplicate, group, decided) {
    const s = statusOf(e);
    const row = el('tr', s + (e.excluded ? ' excluded' : '') + (duplicate ? ' duplicate' : ''));
    row.dataset.id = e.id;
    row.dataset.status = s;
    row.dataset.source = e.name;
    const r = e.report && e.report.error === undefined ? e.report : null;
    const c = counts(r);
    const agency = el('td', 'agency', agencyOf(e) || '—');
    if (e.overrides.agency || e.overrides.year) agency.append(el('span', 'badge', '已改'));
    if (duplicate) agency.append(el('span', 'badge dup', '重复'));
    row.append(agency, el('td', null, r && r.year ? String(r.year) : '—'), el('td', null, r ? r.layout : '—'),
               el('td', c.errors ? 'num e' : 'num', r ? String(c.errors) : '—'), el('td', c.warnings ? 'num w' : 'num', r ? String(c.warnings) : '—'),
               el('td', 'state', statusText[s]), el('td', 'file-name', e.name));
    const use = el('td', 'use');
    if (s !== 'pending' && s !== 'unreadable') {
      const box = el('input');
      box.type = 'checkbox';
      box.checked = !e.excluded;
      box.title = '参加县级汇总';
      box.setAttribute('aria-label', '汇总 ' + e.name);
      box.addEventListener('click', (event) => event.stopPropagation());
      box.addEventListener('change', () => { e.excluded = !box.checked; if (e.excluded) e.preferred = false; scheduleOverview(); });
      use.append(box);
      if (duplicate && group) {
        const choice = el('input');
        choice.type = 'radio';
        choice.name = 'prefer-' + e.duplicateKey;
        choice.checked = e.preferred;
        choice.title = '同一单位同一年度有多份报告：汇总这一份';
        choice.setAttribute('aria-label', '采用 ' + e.name);
        choice.addEventListener('click', (event) => event.stopPropagation());
        choice.addEventListener('change', () => { for (const other of group) other.preferred = other === e; scheduleOverview(); });
        const label = el('label', 'prefer');
        label.append(choice, ' 采用');
        use.append(label);
      }
      if (decided) use.append(el('span', 'decided', decided.kept === e.name ? '已汇总（' + ruleText[decided.rule] + '）' : '未汇总'));
    }
    const actions = el('td', 'row-actions');
    if (s !== 'pending') actions.append(button('查看', () => openCard(e)));
    if (r) actions.append(button('标注表', () => downloadConverted(e, 'xlsx')));
    for (const hook of hooks.rowActions) { try { hook(e, actions); } catch (error) { console.error(error); } }
    row.append(use, actions);
    row.addEventListener('click', () => { if (s !== 'pending') openCard(e); });
    return row;
  }

  // Opens an entry's card (drawing it if needed) and scrolls to it; past `cardsInline` files only a few stay drawn.
  function openCard(entry) {
    if (!entry.card) renderCard(entry);
    state.opened = state.opened.filter((e) => e !== entry).concat([entry]);
    if (state.entries.length > cardsInline) {
      while (state.opened.length > cardsKept) {
        const old = state.opened.shift();
        if (old.card) { old.card.remove(); old.card = null; }
      }
    }
    placeCards();
    entry.card.open = true;
    entry.card.scrollIntoView({ block: 'start' });
  }

  // Drawn cards in the overview's order (by township).
  function placeCards() {
    const results = $('results');
    for (const e of ordered(state.entries)) if (e.card) results.append(e.card);
  }

  function renderCard(entry) {
    const card = entry.card || el('details', 'file');
    const wasOpen = entry.card ? entry.card.open : null;
    entry.card = card;
    const status = statusOf(entry);
    card.className = 'file ' + status;
    card.dataset.source = entry.name;
    card.id = 'card-' + entry.id;
    card.textContent = '';
    const summary = el('summary');
    summary.append(el('span', 'mark', { clean: '✓', 'has-error': '✗', 'has-warning': '!', unreadable: '✗', pending: '…' }[status]));
    summary.append(el('span', 'name', entry.name));
    if (status === 'pending') { summary.append(el('span', 'meta', '正在核对 …')); card.append(summary); return; }
    if (status === 'unreadable') {
      summary.append(el('span', 'meta', '无法读取'));
      const actions = el('span', 'actions');
      actions.append(button('移除', () => removeEntry(entry)));
      summary.append(actions);
      card.append(summary);
      card.append(el('p', 'error-text', entry.failure || entry.report.error));
      card.open = true;
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
    actions.append(button('下载标注表', () => downloadConverted(entry, 'xlsx')));
    actions.append(button('下载 JSON', () => save(new Blob([JSON.stringify(report, null, 2) + '\n'], { type: 'application/json' }), baseName(entry.name) + '.json')));
    const remove = button('移除', () => removeEntry(entry));
    remove.title = '从本页移除（例如同一单位的旧版本）';
    actions.append(remove);
    for (const hook of hooks.cardActions) { try { hook(entry, actions); } catch (error) { console.error(error); } }
    summary.append(actions);
    card.append(summary);
    card.append(overridesForm(entry));

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
    card.open = wasOpen !== null ? wasOpen : status !== 'clean';
  }

  // When a title names the wrong unit or year: the clerk's values replace it for check, rollup and downloads.
  function overridesForm(entry) {
    const box = el('div', 'overrides');
    const agency = el('input');
    agency.type = 'text';
    agency.size = 14;
    agency.name = 'override-agency';
    agency.placeholder = (entry.report && entry.report.agency) || '单位名称';
    agency.value = entry.overrides.agency || '';
    const year = el('input');
    year.type = 'number';
    year.name = 'override-year';
    year.min = 1990;
    year.max = 2200;
    year.placeholder = (entry.report && entry.report.year) || '年度';
    year.value = entry.overrides.year || '';
    const apply = button('按此重新核对', async () => {
      const overrides = {};
      if (agency.value.trim()) overrides.agency = agency.value.trim();
      if (year.value.trim()) {
        if (!/^\d{4}$/.test(year.value.trim())) { report('年度应为四位数字', true); year.focus(); return; }
        overrides.year = Number(year.value.trim());
      }
      entry.overrides = overrides;
      state.verdict = null;
      showVerdict();
      await check(entry);
      updateStatus();
    }, 'apply-overrides');
    const label = (text, input) => { const l = el('label', null, text + ' '); l.append(input); return l; };
    box.append(el('span', 'hint', '标题中的单位或年度不对时：'), label('单位', agency), label('年度', year), apply);
    return box;
  }

  function removeEntry(entry) {
    state.entries = state.entries.filter((e) => e !== entry);
    state.opened = state.opened.filter((e) => e !== entry);
    if (entry.card) entry.card.remove();
    hideTip();
    scheduleOverview();
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
    const done = state.entries.filter((e) => !e.pending);
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
    for (const id of ['problems-xlsx', 'problems-csv', 'marked-zip', 'rollup']) $(id).disabled = !ready;
    $('clear').disabled = total === 0 || !ready;
    document.body.dataset.ready = ready ? 'yes' : 'no';
    if (ready && !$('year').value) {
      const years = {};
      for (const e of done) if (e.report && e.report.year) years[e.report.year] = (years[e.report.year] || 0) + 1;
      const best = Object.keys(years).sort((a, b) => years[b] - years[a])[0];
      if (best) $('year').value = best;
    }
  }

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
    body.append('overrides', overridesOf([entry]));
    const response = await post('/api/convert?to=' + format, body);
    if (!response.ok) { report('无法生成：' + await failureText(response), true); return; }
    save(await response.blob(), nameFrom(response, baseName(entry.name) + '.' + format));
  }

  // Every file once (an archive once, however many of its members are listed), with the clerk's overrides.
  function uploadBody(entries) {
    const body = new FormData();
    const sent = new Set();
    for (const e of entries) {
      const name = e.upload || e.name;
      if (sent.has(name)) continue;
      sent.add(name);
      body.append('files', e.file, name);
    }
    body.append('overrides', overridesOf(entries));
    return body;
  }

  async function rollup() {
    const agency = $('agency').value.trim();
    const year = $('year').value.trim();
    if (!agency) { report('请先填写汇总单位名称', true); $('agency').focus(); return; }
    if (!/^\d{4}$/.test(year)) { report('请填写汇总年度（四位数字）', true); $('year').focus(); return; }
    // Files the clerk left out are not sent; a member of an archive left out goes with its archive and is dropped by name.
    const included = state.entries.filter((e) => !e.excluded && statusOf(e) !== 'unreadable');
    const unreadable = state.entries.filter((e) => statusOf(e) === 'unreadable');
    if (included.length === 0) { report('没有选中要汇总的文件', true); return; }
    const body = uploadBody(included.concat(unreadable));
    body.append('agency', agency);
    body.append('year', year);
    body.append('prefer', JSON.stringify(state.entries.filter((e) => e.preferred && !e.excluded).map((e) => e.name)));
    for (const file of state.previous) body.append('previous', file, file.webkitRelativePath || file.name);
    const banner = $('rollup-result');
    banner.hidden = false;
    banner.className = 'verdict working';
    banner.textContent = '正在生成 ' + agency + year + ' 年度汇总表 …';
    $('rollup').disabled = true;
    try {
      const response = await post('/api/rollup?format=page', body);
      if (!response.ok) { state.verdict = { failure: '无法汇总：' + await failureText(response) }; return; }
      state.verdict = await response.json();
    } catch (error) {
      state.verdict = { failure: '无法连接 nianbao 服务器（' + error.message + '）' };
    } finally {
      $('rollup').disabled = false;
      showVerdict();
      scheduleOverview();
    }
  }

  // Links to the cards of the files named (by source).
  function cardLinks(sources, byFile) {
    const span = el('span', 'links');
    sources.forEach((source, index) => {
      const entry = state.entries.find((e) => e.name === source);
      if (index > 0) span.append('、');
      if (!entry) { span.append(el('span', null, source)); return; }
      // Versions of one township are told apart by their file names.
      const link = el('a', 'card-link', byFile ? baseName(source) : agencyOf(entry) || baseName(source));
      link.title = source;
      link.href = '#card-' + entry.id;
      link.dataset.source = source;
      link.addEventListener('click', (event) => { event.preventDefault(); openCard(entry); });
      span.append(link);
    });
    return span;
  }

  // The county's verdict at the top: balanced and complete, or which members keep it from going upward.
  function showVerdict() {
    const banner = $('rollup-result');
    const v = state.verdict;
    banner.textContent = '';
    if (!v) { banner.hidden = true; return; }
    banner.hidden = false;
    if (v.failure) { banner.className = 'verdict bad'; banner.append(el('p', 'headline', v.failure)); return; }
    banner.className = 'verdict ' + v.level;
    banner.dataset.level = v.level;
    banner.dataset.balanced = v.balanced ? '1' : '0';
    const head = el('p', 'headline', { ok: '✓ ', warn: '! ', bad: '✗ ' }[v.level] + v.headline);
    banner.append(head);
    const list = el('ul');
    const item = (label, content) => { const li = el('li'); li.append(el('strong', null, label), content); list.append(li); return li; };
    if (v.contributors.length) {
      const li = item('不平衡来自：', cardLinks(v.contributors.flatMap((c) => c.sources)));
      li.className = 'contributors';
    }
    const toFix = v.members_to_fix.filter((m) => !v.contributors.some((c) => c.sources.includes(m.source)));
    if (toFix.length) item('有错误的单位：', cardLinks(toFix.map((m) => m.source))).className = 'to-fix';
    for (const group of v.duplicates) {
      const li = item('重复：', el('span', null, group.agency + (group.year ? ' ' + group.year + ' 年度' : '') + ' 有 ' + (group.others.length + 1) + ' 份，汇总 '));
      li.className = 'duplicate-group rule-' + group.rule;
      li.append(cardLinks([group.kept], true), el('span', null, '（' + ruleText[group.rule] + '）；未汇总 '), cardLinks(group.others, true));
      li.append(el('span', 'hint', ' 在下表“汇总”一栏选择“采用”后重新生成'));
    }
    // Long lists fold: the headline already says how many.
    const folded = (label, entries) => {
      if (entries.length === 0) return;
      const box = el('details');
      box.append(el('summary', null, label + ' ' + entries.length + ' 个文件'));
      const inner = el('ul');
      for (const entry of entries) inner.append(el('li', null, entry.file + '：' + entry.reason));
      box.append(inner);
      box.open = entries.length <= 5;
      const li = el('li', 'folded');
      li.append(box);
      list.append(li);
    };
    folded('未汇总', v.not_summed);
    folded('部分汇总', v.partial);
    banner.append(list);
    const bytes = Uint8Array.from(atob(v.workbook), (ch) => ch.charCodeAt(0));
    const download = button('下载县级汇总表（xlsx）', () => save(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), v.workbook_name), 'primary');
    download.id = 'rollup-download';
    banner.append(download);
  }

  function problemRows() {
    const rows = [['文件', '单位', '年度', '格式', '状态', '级别', '单元格', '代码', '说明']];
    for (const e of ordered(state.entries)) {
      const s = statusOf(e);
      if (s === 'unreadable') { rows.push([e.name, '', '', '', statusText[s], '', '', '', e.failure || e.report.error]); continue; }
      const r = e.report;
      const shown = r.findings.filter((f) => f.severity !== 'info');
      const year = r.year ? String(r.year) : '';
      if (shown.length === 0) rows.push([e.name, r.agency || '', year, r.layout, statusText[s], '', '', '', '']);
      for (const f of shown) rows.push([e.name, r.agency || '', year, r.layout, statusText[s], severityText[f.severity], placeOf(f), f.code, f.message]);
    }
    return rows;
  }
  async function downloadProblems(format) {
    const response = await post('/api/problems?format=' + format, new Blob([JSON.stringify({ rows: problemRows() })], { type: 'application/json' }));
    if (!response.ok) { report('无法生成问题清单：' + await failureText(response), true); return; }
    save(await response.blob(), nameFrom(response, '问题清单.' + format));
  }
  async function downloadMarked() {
    const readable = state.entries.filter((e) => statusOf(e) !== 'unreadable');
    if (readable.length === 0) return;
    report('正在生成 ' + readable.length + ' 份标注表 …');
    const response = await post('/api/marked', uploadBody(readable));
    if (!response.ok) { report('无法生成标注表：' + await failureText(response), true); return; }
    save(await response.blob(), nameFrom(response, '标注表.zip'));
    updateStatus();
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
    $('problems-xlsx').addEventListener('click', () => downloadProblems('xlsx'));
    $('problems-csv').addEventListener('click', () => downloadProblems('csv'));
    $('marked-zip').addEventListener('click', downloadMarked);
    $('clear').addEventListener('click', () => {
      state.entries = []; state.skipped = []; state.opened = []; state.verdict = null;
      $('results').textContent = ''; hideTip(); showVerdict(); renderOverview(); updateStatus();
    });
    for (const th of $('overview').tHead.rows[0].cells) {
      if (!th.dataset.sort) continue;
      th.tabIndex = 0;
      const sortBy = () => {
        state.sort = { key: th.dataset.sort, dir: state.sort.key === th.dataset.sort ? -state.sort.dir : 1 };
        renderOverview();
        placeCards();
      };
      th.addEventListener('click', sortBy);
      th.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sortBy(); } });
    }
    for (const filter of document.querySelectorAll('button.filter')) {
      filter.addEventListener('click', () => {
        state.filter = filter.dataset.filter;
        for (const other of document.querySelectorAll('button.filter')) other.classList.toggle('on', other === filter);
        renderOverview();
      });
    }
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
