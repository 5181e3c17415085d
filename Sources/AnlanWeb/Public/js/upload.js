// File uploads on record pages: a [data-upload] box posts the chosen file's bytes to its API address
// with the CSRF token, then reloads the page to show the new attachment.
(function () {
  document.querySelectorAll('[data-upload]').forEach(function (box) {
    var input = box.querySelector('input[type=file]');
    var button = box.querySelector('button');
    var message = box.querySelector('[data-role=message]');
    button.addEventListener('click', function () {
      if (!input.files.length) {
        message.textContent = box.dataset.empty;  // says so instead of doing nothing
        return;
      }
      var chosen = input.files[0];
      button.disabled = true;
      message.textContent = '';
      chosen.arrayBuffer().then(function (bytes) {
        return fetch(box.dataset.upload + '?fileName=' + encodeURIComponent(chosen.name), {
          method: 'POST', credentials: 'same-origin', body: bytes,
          headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': box.dataset.csrf }
        });
      }).then(function (r) {
        if (r.ok) { window.location.reload(); return; }
        return r.json().then(function (body) { message.textContent = body.message + '（' + body.requestId + '）'; button.disabled = false; });
      });
    });
  });
})();
