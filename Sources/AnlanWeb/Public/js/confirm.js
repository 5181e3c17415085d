// A form that cannot be undone asks first: <form data-confirm="…"> shows its question and sends only on OK.
(function () {
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  }, true);
})();
// A row of tabs wider than a phone scrolls sideways: bring the current tab into view.
(function () {
  document.querySelectorAll('.nav-scroll .nav-link.active').forEach(function (tab) {
    var row = tab.closest('.nav-scroll');
    if (row && row.scrollWidth > row.clientWidth) row.scrollLeft = tab.offsetLeft - (row.clientWidth - tab.offsetWidth) / 2;
  });
})();
