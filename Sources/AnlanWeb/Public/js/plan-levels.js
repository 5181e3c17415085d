// The 启动预案 form offers only the response levels the chosen plan defines (its option's data-levels, e.g. "3,4").
(function () {
  var plan = document.getElementById("a-plan"), level = document.getElementById("a-level");
  if (!plan || !level) return;
  function limit() {
    var chosen = plan.options[plan.selectedIndex];
    var allowed = ((chosen && chosen.getAttribute("data-levels")) || "").split(",");
    var firstAllowed = null, keep = false;
    for (var i = 0; i < level.options.length; i++) {
      var option = level.options[i], ok = allowed.indexOf(option.value) >= 0;
      option.disabled = !ok;
      option.hidden = !ok;
      if (ok && firstAllowed === null) firstAllowed = option;
      if (ok && option.selected) keep = true;
    }
    if (!keep && firstAllowed) firstAllowed.selected = true;
  }
  plan.addEventListener("change", limit);
  limit();
})();
