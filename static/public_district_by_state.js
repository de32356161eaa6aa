// The public forms' district list holds every district of India, grouped by state
// (<optgroup>). On a phone that is a long scroll: this puts a "State" list before
// it and keeps in the district list only the chosen state's districts. Without
// this script the grouped list still works; the server checks the value either way.
(function () {
  "use strict";
  document.querySelectorAll("select[data-state-label]").forEach(function (districts) {
    var groups = Array.prototype.slice.call(districts.querySelectorAll("optgroup"));
    if (groups.length < 2) { return; }
    var loose = Array.prototype.filter.call(districts.options, function (o) {
      return o.parentNode === districts;  // "Choose the district" / "Any"
    });
    var states = document.createElement("select");
    states.id = districts.id + "-state";
    states.className = districts.className.replace("is-invalid", "");
    var label = document.createElement("label");
    label.htmlFor = states.id;
    label.textContent = districts.getAttribute("data-state-label");
    groups.forEach(function (group, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = group.label;
      states.appendChild(option);
    });
    var chosen = districts.selectedOptions.length ? districts.selectedOptions[0].parentNode : null;
    states.value = String(Math.max(0, groups.indexOf(chosen)));
    function show() {
      var keep = districts.value;
      while (districts.firstChild) { districts.removeChild(districts.firstChild); }
      loose.forEach(function (o) { districts.appendChild(o); });
      var group = groups[parseInt(states.value, 10)];
      districts.appendChild(group);
      districts.value = keep;
      if (districts.value !== keep) { districts.value = loose.length ? loose[0].value : ""; }
    }
    states.addEventListener("change", show);
    var box = document.createElement("div");
    box.className = "form-group";
    box.appendChild(label);
    box.appendChild(states);
    districts.closest(".form-group").before(box);
    show();
  });
})();
