// Enterprise pickers: a search box (input[data-enterprise-picker="<select id>"]) fills its select with the
// enterprises whose name, code or address match, from the API, within the user's jurisdiction.
// Names are only set as text.
(function () {
  document.querySelectorAll('input[data-enterprise-picker]').forEach(function (search) {
    var select = document.getElementById(search.dataset.enterprisePicker);
    if (!select) return;
    var timer;
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = search.value.trim();
        if (text.length < 2) return;
        fetch('/api/v1/enterprises?pageSize=20&q=' + encodeURIComponent(text), { credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (page) {
            select.textContent = '';
            (page.items || []).forEach(function (e) {
              var option = document.createElement('option');
              option.value = e.id;
              option.textContent = e.name;
              select.appendChild(option);
            });
            select.dispatchEvent(new Event('change'));
          });
      }, 300);
    });
  });
})();
