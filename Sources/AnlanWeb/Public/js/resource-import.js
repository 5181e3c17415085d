// Resource import: the chosen file is checked first (every faulty row listed), then imported in one go.
(function () {
  var box = document.querySelector('[data-resource-import]');
  if (!box) return;
  var input = box.querySelector('input[type=file]');
  var check = box.querySelector('[data-role=check]');
  var commit = box.querySelector('[data-role=commit]');
  var report = box.querySelector('[data-role=report]');
  function text(t) { var d = document.createElement('div'); d.textContent = t; return d; }
  function send(dryRun) {
    if (!input.files.length) { report.replaceChildren(text('请先选择文件。')); return Promise.resolve(); }
    check.disabled = commit.disabled = true;
    return input.files[0].arrayBuffer().then(function (bytes) {
      return fetch(box.dataset.resourceImport + (dryRun ? '&dryRun=true' : ''), {
        method: 'POST', credentials: 'same-origin', body: bytes,
        headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': box.dataset.csrf }
      });
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); }).then(function (res) {
      check.disabled = false;
      var b = res.body;
      if (!res.ok) { report.replaceChildren(text(b.message + '（' + b.requestId + '）')); report.dataset.state = 'refused'; return; }
      var lines = [text('共 ' + b.rows + ' 行，无误 ' + b.valid + ' 行，有误 ' + b.errors.length + ' 行。' +
        (b.unknownColumns.length ? '未识别的列（不导入）：' + b.unknownColumns.join('、') + '。' : ''))];
      b.errors.forEach(function (e) { var d = text(e.message); d.className = 'text-danger small'; lines.push(d); });
      if (!dryRun) {
        var done = document.createElement('a'); done.href = box.dataset.list; done.textContent = '已导入 ' + b.created + ' 条，查看列表';
        lines = [done];
      }
      report.replaceChildren.apply(report, lines);
      report.dataset.state = dryRun ? (b.errors.length ? 'faulty' : 'checked') : 'imported';
      commit.disabled = !(dryRun && b.errors.length === 0 && b.valid > 0);
    }).catch(function () { check.disabled = false; report.replaceChildren(text('网络错误，请重试。')); });
  }
  check.addEventListener('click', function () { send(true); });
  commit.addEventListener('click', function () { send(false); });
})();
