// The 调运物资 form offers, on each line, only what the chosen warehouse holds (each option's data-warehouse).
(function () {
  var warehouse = document.getElementById("s-warehouse");
  if (!warehouse) return;
  var lines = document.querySelectorAll("select[data-supply-item]");
  function limit() {
    for (var l = 0; l < lines.length; l++) {
      var select = lines[l];
      for (var i = 0; i < select.options.length; i++) {
        var option = select.options[i], owner = option.getAttribute("data-warehouse");
        var ok = !owner || owner === warehouse.value;
        option.hidden = !ok;
        option.disabled = !ok;
        if (!ok && option.selected) select.selectedIndex = 0;
      }
    }
  }
  warehouse.addEventListener("change", limit);
  limit();
})();
