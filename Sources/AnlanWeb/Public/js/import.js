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
    var mappingBox = document.getElementById('import-mapping');
    // The column mapping the user sees and may change: field -> column index.
    function chosenMapping() {
      var mapping = {};
      mappingBox.querySelectorAll('select[data-field]').forEach(function (select) {
        if (select.value !== '') mapping[select.dataset.field] = parseInt(select.value, 10);
      });
      return mapping;
    }
    function withMapping(url) {
      if (mappingBox.classList.contains('d-none')) return url;
      return url + (url.indexOf('?') < 0 ? '?' : '&') + 'mapping=' + encodeURIComponent(JSON.stringify(chosenMapping()));
    }
    file.addEventListener('change', function () {
      start.disabled = true;
      mappingBox.classList.add('d-none');
      if (!file.files.length) return;
      send('/api/v1/enterprise-imports/columns').then(function (result) {
        if (!result.ok) { say(result.body.message + '（' + result.body.requestId + '）', 'danger'); return; }
        var columns = result.body;
        var grid = mappingBox.querySelector('[data-role=fields]');
        grid.textContent = '';
        columns.fields.forEach(function (f) {
          var col = document.createElement('div'); col.className = 'col-md-3';
          var label = document.createElement('label'); label.className = 'form-label small mb-0';
          label.textContent = f.label + (f.required ? ' *' : '');
          var select = document.createElement('select'); select.className = 'form-select form-select-sm'; select.dataset.field = f.field;
          var none = document.createElement('option'); none.value = ''; none.textContent = mappingBox.dataset.none; select.appendChild(none);
          columns.header.forEach(function (h, i) {
            var o = document.createElement('option'); o.value = String(i);
            o.textContent = (i + 1) + '. ' + h + (columns.sample.length && columns.sample[0][i] ? '（' + columns.sample[0][i].slice(0, 12) + '）' : '');
            if (columns.mapping[f.field] === i) o.selected = true;
            select.appendChild(o);
          });
          label.appendChild(select); col.appendChild(label); grid.appendChild(col);
        });
        mappingBox.querySelector('[data-role=remembered]').classList.toggle('d-none', !columns.remembered);
        mappingBox.classList.remove('d-none');
        message.className = 'alert d-none';
      });
    });
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
      send(withMapping('/api/v1/enterprise-imports/dry-run')).then(function (result) {
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
      send(withMapping('/api/v1/enterprise-imports?fileName=' + encodeURIComponent(file.files[0].name))).then(function (result) {
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
