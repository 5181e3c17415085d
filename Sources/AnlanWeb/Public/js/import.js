// The import page: a dry run shows every row's problems before anything is written; the import runs in
// the background and its page follows the stored progress. Cell text is only ever set as text.
(function () {
  var box = document.getElementById('import');
  if (box) {
    var file = document.getElementById('import-file');
    var dry = document.getElementById('import-dry-run');
    var start = document.getElementById('import-start');
    var message = document.getElementById('import-message');
    function say(text, kind) {
      message.textContent = text;
      message.className = 'alert alert-' + kind;
    }
    function send(url) {
      return file.files[0].arrayBuffer().then(function (bytes) {
        return fetch(url, {
          method: 'POST', credentials: 'same-origin', body: bytes,
          headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': box.dataset.csrf }
        });
      }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); });
    }
    dry.addEventListener('click', function () {
      if (!file.files.length) return;
      start.disabled = true;
      send('/api/v1/enterprise-imports/dry-run').then(function (result) {
        if (!result.ok) { say(result.body.message + '（' + result.body.requestId + '）', 'danger'); return; }
        var plan = result.body;
        document.getElementById('import-counts').classList.remove('d-none');
        ['create', 'update', 'invalid'].forEach(function (k) { box.querySelector('[data-count=' + k + ']').textContent = plan.counts[k]; });
        var tbody = document.querySelector('#import-rows tbody');
        tbody.textContent = '';
        plan.rows.filter(function (r) { return r.action === 'invalid'; }).forEach(function (r) {
          var tr = document.createElement('tr');
          [String(r.line), r.name, r.problems.join('；')].forEach(function (text) {
            var td = document.createElement('td'); td.textContent = text; tr.appendChild(td);
          });
          tbody.appendChild(tr);
        });
        document.getElementById('import-rows').classList.toggle('d-none', tbody.children.length === 0);
        message.className = 'alert d-none';
        start.disabled = plan.counts.create + plan.counts.update === 0;
        box.dataset.planned = 'true';
      });
    });
    start.addEventListener('click', function () {
      start.disabled = true;
      send('/api/v1/enterprise-imports?fileName=' + encodeURIComponent(file.files[0].name)).then(function (result) {
        if (!result.ok) { say(result.body.message, 'danger'); return; }
        window.location = '/enterprise-imports/' + result.body.id;
      });
    });
  }

  var run = document.getElementById('import-run');
  if (run && run.dataset.status === 'running') {
    var timer = setInterval(function () {
      fetch('/api/v1/enterprise-imports/' + run.dataset.id, { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (state) {
          var percent = state.totalRows ? Math.floor(state.processedRows * 100 / state.totalRows) : 100;
          var bar = document.getElementById('import-bar');
          bar.style.width = percent + '%';
          bar.textContent = percent + '%';
          ['created', 'updated', 'unchanged', 'invalid'].forEach(function (k) { run.querySelector('[data-field=' + k + ']').textContent = state[k]; });
          if (state.status !== 'running') {
            clearInterval(timer);
            run.dataset.status = state.status;
            document.getElementById('import-status').textContent = run.dataset[state.status] + ' ' + (state.failure || '');
            if (state.invalid > 0) document.querySelector('[data-testid=import-errors]').classList.remove('d-none');
          }
        });
    }, 1000);
  }
})();
