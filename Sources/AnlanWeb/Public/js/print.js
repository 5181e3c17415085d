// The print button of document pages (inline handlers are not allowed by the content security policy).
(function () {
  document.querySelectorAll('[data-print]').forEach(function (b) { b.addEventListener('click', function () { window.print(); }); });
})();
