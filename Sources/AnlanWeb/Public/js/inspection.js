// The inspection form, made for a phone: pick the enterprise, tick inspectors, answer the checklist item
// by item, add findings, submit. The form's ID is made once when the page opens, so pressing submit again
// (or retrying on a poor network) stores one inspection. Text from the server is only set as text.
(function () {
  var form = document.getElementById('inspection-form');
  if (!form) return;
  var lists = JSON.parse(document.getElementById('checklist-data').textContent);
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  var inspectionId = hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  form.dataset.inspectionId = inspectionId;
  var d = form.dataset;
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var select = document.getElementById('enterpriseId');  // filled by enterprise-picker.js as the user searches

  var items = document.getElementById('checklist-items');
  document.getElementById('checklistKey').addEventListener('change', function () {
    items.textContent = '';
    var list = lists.filter(function (l) { return l.key === this.value; }, this)[0];
    if (!list) return;
    list.items.forEach(function (item) {
      var box = el('div', { 'class': 'border rounded p-2 mb-2', 'data-code': item.code });
      box.appendChild(el('div', { 'class': 'small' }, item.code + ' ' + item.text));
      if (item.isMajor) box.appendChild(el('span', { 'class': 'badge bg-danger' }, d.major));
      var choices = el('div', { 'class': 'mt-1' });
      [['pass', d.pass], ['fail', d.fail], ['notApplicable', d.na]].forEach(function (c) {
        var label = el('label', { 'class': 'form-check form-check-inline' });
        var input = el('input', { 'class': 'form-check-input', type: 'radio', name: 'answer-' + item.code, value: c[0] });
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + c[1]));
        choices.appendChild(label);
      });
      box.appendChild(choices);
      box.appendChild(el('input', { 'class': 'form-control form-control-sm mt-1', name: 'note-' + item.code, placeholder: d.description, maxlength: '500' }));
      // A failed item becomes a hazard; its deadline is set here, so the rectification order can list it.
      var due = el('label', { 'class': 'small mt-1 d-none', 'data-role': 'due' }, d.due + ' ');
      due.appendChild(el('input', { 'class': 'form-control form-control-sm d-inline-block w-auto', name: 'due-' + item.code, type: 'date', min: document.getElementById('inspectedOn').value }));
      box.appendChild(due);
      choices.addEventListener('change', function () {
        var failed = box.querySelector('input[type=radio]:checked').value === 'fail';
        due.classList.toggle('d-none', !failed);
      });
      items.appendChild(box);
    });
  });

  var findings = document.getElementById('findings');
  var findingCount = 0;
  // A field with its label shown above it (a placeholder alone disappears once typed in, and a date or file input
  // shows none on a phone).
  function labelled(cls, text, input) {
    var c = el('div', { 'class': cls });
    input.id = input.getAttribute('name') + '-' + findingCount;
    c.appendChild(el('label', { 'class': 'form-label small mb-0', 'for': input.id }, text));
    c.appendChild(input);
    return c;
  }
  document.getElementById('add-finding').addEventListener('click', function () {
    findingCount += 1;
    var row = el('div', { 'class': 'row g-1 mb-2 finding' });
    var c1 = labelled('col-12', d.description, el('input', { 'class': 'form-control form-control-sm', name: 'description', maxlength: '1000' }));
    var c2 = labelled('col-12 col-md-6', d.location, el('input', { 'class': 'form-control form-control-sm', name: 'location', maxlength: '200' }));
    var c3 = labelled('col-7 col-md-4', d.due, el('input', { 'class': 'form-control form-control-sm', name: 'dueDate', type: 'date' }));
    var c4 = el('div', { 'class': 'col-5 col-md-2 d-flex align-items-end' });
    var label = el('label', { 'class': 'form-check small mb-1' });
    label.appendChild(el('input', { 'class': 'form-check-input', type: 'checkbox', name: 'isMajor' }));
    label.appendChild(document.createTextNode(' ' + d.major));
    c4.appendChild(label);
    var c5 = labelled('col-12', d.photo, el('input', { 'class': 'form-control form-control-sm', name: 'photo', type: 'file', accept: 'image/jpeg,image/png', capture: 'environment' }));
    [c1, c2, c3, c4, c5].forEach(function (c) { row.appendChild(c); });
    findings.appendChild(row);
  });

  var message = document.getElementById('inspection-message');
  var button = document.getElementById('inspection-submit');
  var buttonLabel = button.textContent;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var answers = [];
    items.querySelectorAll('[data-code]').forEach(function (box) {
      var code = box.dataset.code;
      var chosen = box.querySelector('input[type=radio]:checked');
      if (!chosen) return;
      var answer = { code: code, result: chosen.value, note: box.querySelector('input[name=note-' + code + ']').value };
      var due = box.querySelector('input[name=due-' + code + ']').value;
      if (chosen.value === 'fail' && due) answer.dueDate = due;
      answers.push(answer);
    });
    var found = [];
    var photos = [];
    findings.querySelectorAll('.finding').forEach(function (row) {
      var text = row.querySelector('[name=description]').value.trim();
      if (!text) return;
      var photo = row.querySelector('[name=photo]');
      photos.push(photo && photo.files.length ? photo.files[0] : null);
      var f = { description: text, isMajor: row.querySelector('[name=isMajor]').checked };
      var place = row.querySelector('[name=location]').value.trim();
      var due = row.querySelector('[name=dueDate]').value;
      if (place) f.location = place;
      if (due) f.dueDate = due;
      found.push(f);
    });
    var body = {
      id: inspectionId, enterpriseId: select.value, source: document.getElementById('source').value,
      inspectedOn: document.getElementById('inspectedOn').value,
      inspectors: Array.prototype.map.call(form.querySelectorAll('input[name=inspectors]:checked'), function (i) { return i.value; }),
      answers: answers, findings: found, summary: document.getElementById('summary').value
    };
    var campaign = document.getElementById('campaignId').value;
    if (campaign) body.campaignId = campaign;
    var joint = document.getElementById('jointDepartments').value.trim();
    if (joint) body.jointDepartments = joint;
    var key = document.getElementById('checklistKey').value;
    if (key) body.checklistKey = key;
    send(body, photos);
  });

  function send(body, photos) {
    button.disabled = true;
    button.textContent = d.submitting;
    fetch('/api/v1/inspections', {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': d.csrf }
    }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; }); })
      .then(function (result) {
        if (result.ok) {
          // Each finding's photo goes to the hazard made from it (the hazards come back in the findings' order).
          var uploads = photos.map(function (file, i) {
            var hazard = (result.body.hazards || [])[i];
            if (!file || !hazard) return Promise.resolve();
            return file.arrayBuffer().then(function (bytes) {
              return fetch('/api/v1/hazards/' + hazard.id + '/evidence?fileName=' + encodeURIComponent(file.name), {
                method: 'POST', credentials: 'same-origin', body: bytes,
                headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': d.csrf }
              });
            });
          });
          Promise.all(uploads).then(function () { window.location = '/inspections/' + result.body.id; });
          return;
        }
        if (result.status >= 500) throw new Error('server');
        // The same enterprise was inspected today already: more often a double entry than a second visit.
        if (result.body.code === 'inspection.same_day' && window.confirm(result.body.message)) {
          body.confirmSameDay = true;
          send(body, photos);
          return;
        }
        message.textContent = result.body.message + '（' + result.body.requestId + '）';
        message.setAttribute('data-error-code', result.body.code || '');
        message.className = 'alert alert-danger';
        button.disabled = false;
        button.textContent = buttonLabel;
      })
      .catch(function () {
        // The network (or the server) failed. With the outbox the inspection is kept on this device and sent later
        // under the same ID; without it, the same ID is sent again on the next press. Either way nothing is stored twice.
        if (!window.AnlanOutbox) {
          button.disabled = false;
          button.textContent = buttonLabel;
          return;
        }
        var label = (select.selectedOptions[0] ? select.selectedOptions[0].textContent : '') + ' ' + body.inspectedOn;
        window.AnlanOutbox.keep(body, photos, label).then(function () {
          message.textContent = d.kept + ' ';
          var next = el('a', { href: '/inspections/new', 'class': 'alert-link', 'data-testid': 'next-inspection' }, d.next);
          message.appendChild(next);
          message.className = 'alert alert-warning';
          message.setAttribute('data-testid', 'inspection-kept');
          button.textContent = buttonLabel;
        }, function () {
          button.disabled = false;
          button.textContent = buttonLabel;
        });
      });
  }
})();
