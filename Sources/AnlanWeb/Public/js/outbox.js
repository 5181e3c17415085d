// The outbox: inspections (with their photos) kept on this device when the network failed at submit, sent on
// the next page that opens with a connection, or when the browser reports it is back online. Each keeps the ID
// the form made, so a record that did reach the server before the connection dropped is not stored twice.
// Text from the server is only set as text.
(function () {
  var box = document.getElementById('outbox');
  if (!box || !window.indexedDB) return;
  var t = box.dataset;
  var STORE = 'inspections';

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open('anlan-outbox', 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: 'id' }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function all() { return run('readonly', function (s) { return s.getAll(); }).then(function (r) { return r || []; }); }
  function put(record) { return run('readwrite', function (s) { s.put(record); }); }
  function remove(id) { return run('readwrite', function (s) { s.delete(id); }); }

  function show(kind, text, records) {
    box.textContent = '';
    if (!text) { box.className = 'alert d-none'; return; }
    box.className = 'alert alert-' + kind + ' py-2 mb-0 rounded-0';
    box.appendChild(document.createTextNode(text));
    (records || []).filter(function (r) { return r.error; }).forEach(function (r) {
      var line = document.createElement('div');
      line.className = 'small mt-1';
      line.setAttribute('data-testid', 'outbox-failed');
      line.appendChild(document.createTextNode((r.label || r.id) + '：' + r.error + ' '));
      var discard = document.createElement('button');
      discard.type = 'button';
      discard.className = 'btn btn-sm btn-link p-0 align-baseline';
      discard.textContent = t.discard;
      discard.addEventListener('click', function () { remove(r.id).then(refresh); });
      line.appendChild(discard);
      box.appendChild(line);
    });
  }

  // How many were sent but not yet reported: kept for the session, so that a page left while sending reports
  // on the next one.
  function unreported(add) {
    var n = Number(sessionStorage.getItem('anlan-outbox-sent') || 0) + (add || 0);
    sessionStorage.setItem('anlan-outbox-sent', String(n));
    return n;
  }

  function refresh() {
    var sent = unreported(0);
    sessionStorage.removeItem('anlan-outbox-sent');
    return all().then(function (records) {
      var waiting = records.filter(function (r) { return !r.error; }).length;
      var failed = records.length - waiting;
      if (waiting) show('warning', t.waiting.replace('{n}', waiting), records);
      else if (failed) show('danger', t.failed.replace('{n}', failed), records);
      else if (sent) show('success', t.sent.replace('{n}', sent));
      else show();
    });
  }

  function upload(record, hazards) {
    return Promise.all((record.photos || []).map(function (photo, i) {
      var hazard = hazards[i];
      if (!photo || !hazard) return Promise.resolve();
      return fetch('/api/v1/hazards/' + hazard.id + '/evidence?fileName=' + encodeURIComponent(photo.name), {
        method: 'POST', credentials: 'same-origin', body: photo.blob,
        headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': t.csrf }
      });
    }));
  }

  // Sends what waits, one at a time. Stops at the first network failure (still offline) or when the session has
  // ended (sent after the next login); a refusal (a 4xx) is kept with its reason for the inspector to see.
  var flushing = null;
  function flush() {
    if (flushing) return flushing;
    flushing = all().then(function (records) {
      var waiting = records.filter(function (r) { return !r.error; });
      function next(i) {
        if (i >= waiting.length) return;
        var record = waiting[i];
        return fetch('/api/v1/inspections', {
          method: 'POST', credentials: 'same-origin', body: JSON.stringify(record.body),
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': t.csrf }
        }).then(function (r) {
          if (r.status === 401 || r.status === 403) throw new Error('signed-out');
          if (r.status >= 500) throw new Error('server');
          return r.json().then(function (b) {
            if (r.ok) return upload(record, b.hazards || []).then(function () { return remove(record.id); }).then(function () { unreported(1); });
            record.error = (b.message || r.status) + (b.requestId ? '（' + b.requestId + '）' : '');
            return put(record);
          });
        }).then(function () { return next(i + 1); });
      }
      return next(0);
    }).catch(function () { /* offline, server unavailable or signed out: try again later */ })
      .then(function () { flushing = null; return refresh(); });
    return flushing;
  }

  window.AnlanOutbox = {
    // Keeps an inspection (its body and each finding's photo, or null) until it can be sent.
    keep: function (body, photos, label) {
      return Promise.all(photos.map(function (file) {
        return file ? { name: file.name, blob: file.slice(0, file.size, file.type) } : null;
      })).then(function (kept) {
        return put({ id: body.id, body: body, photos: kept, label: label, savedAt: new Date().toISOString() });
      }).then(refresh);
    },
    flush: flush
  };
  window.addEventListener('online', flush);
  flush();
})();
