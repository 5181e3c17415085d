// A form that cannot be undone asks first: <form data-confirm="…"> shows its question and sends only on OK.
(function () {
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  }, true);
})();
