// The page clerks open: markup only; its script and style are served beside it (no CDN, works offline).
enum Page {
    static let html = #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>年报核对 · 政府信息公开工作年度报告</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
<script src="/hooks.js" defer></script>
</head>
<body>
<header class="top">
  <h1>政府信息公开工作年度报告 · 核对与汇总</h1>
  <p>把乡镇报来的报表放进来：逐项核对勾稽关系，在表上标出出错的单元格，再汇总成县级报表。文件只在本机处理，处理完即删除。</p>
</header>
<main>
  <section id="drop" class="drop" tabindex="0" aria-label="拖放文件">
    <p class="drop-title">把文件或整个文件夹拖到这里</p>
    <p class="hint">支持 XLSX、XLS、ET、ODS、CSV、TXT、Word（.docx、.doc、.wps）、RTF、ODT、网页（.html、.mht）、PDF，以及装有这些文件的 zip 压缩包</p>
    <p>
      <label class="button primary">选择文件<input id="files" type="file" name="files" multiple></label>
      <button id="pick-folder" type="button" class="button">选择文件夹</button>
    </p>
  </section>
  <section class="tools">
    <div class="group">
      <h2>空白模板</h2>
      <a class="button" href="/api/template?layout=2021" download>2021 版（xlsx）</a>
      <a class="button" href="/api/template?layout=2019" download>2019 版（xlsx）</a>
    </div>
    <div class="group">
      <h2>县级汇总</h2>
      <label>汇总单位 <input id="agency" type="text" placeholder="例如：某某县" size="12"></label>
      <label>年度 <input id="year" type="number" min="2000" max="2100" step="1" size="5"></label>
      <button id="pick-previous" type="button" class="button">上年报表（可选）</button>
      <span id="previous-count" class="hint"></span>
      <button id="rollup" type="button" class="button primary" disabled>生成县级汇总表</button>
    </div>
    <div class="group">
      <h2>下载</h2>
      <button id="problems-xlsx" type="button" class="button" disabled>问题清单（XLSX）</button>
      <button id="problems-csv" type="button" class="button" disabled>问题清单（CSV）</button>
      <button id="marked-zip" type="button" class="button" disabled>全部标注表（zip）</button>
      <button id="clear" type="button" class="button" disabled>清空</button>
    </div>
  </section>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <section id="rollup-result" class="verdict" hidden aria-live="polite"></section>
  <section id="overview-section" class="overview-section" hidden>
    <div class="filters" role="group" aria-label="筛选">
      <span class="hint">显示：</span>
      <button type="button" class="button filter on" data-filter="all">全部 <span data-count="all"></span></button>
      <button type="button" class="button filter" data-filter="has-error">有错误 <span data-count="has-error"></span></button>
      <button type="button" class="button filter" data-filter="has-warning">有警告 <span data-count="has-warning"></span></button>
      <button type="button" class="button filter" data-filter="unreadable">无法读取 <span data-count="unreadable"></span></button>
      <button type="button" class="button filter" data-filter="duplicate">重复 <span data-count="duplicate"></span></button>
    </div>
    <div class="overview-wrap">
      <table id="overview" class="overview">
        <thead><tr>
          <th data-sort="agency" aria-sort="ascending">单位</th><th data-sort="year">年度</th><th data-sort="layout">格式</th>
          <th data-sort="errors">错误</th><th data-sort="warnings">警告</th><th data-sort="status">状态</th>
          <th data-sort="name">文件</th><th>汇总</th><th>操作</th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </div>
  </section>
  <section id="results" class="results"></section>
</main>
<div id="tip" class="tip" role="tooltip" hidden></div>
</body>
</html>
"""#
}
