/* The monthly summary: the unit picker that belongs to the chosen level, and the
   12-month trend drawn with the Chart.js shipped under static/vendor. */
(function () {
  // The 12 months as a table by gender (total, then male · female · transgender ·
  // not known), under the chart: the figures a report quotes.
  function drawTable(data) {
    var holder = document.getElementById('trend-table');
    if (!holder || !data.by_gender) { return; }
    var names = ['reported', 'traced', 'in_care'].filter(function (n) { return data.by_gender[n]; });
    var genders = ['male', 'female', 'transgender', 'unknown'];
    var table = document.createElement('table');
    table.className = 'table table-sm table-bordered summary-table';
    table.dataset.section = 'trend';
    var head = table.createTHead().insertRow();
    [data.labels.axis_month].concat(names.map(function (n) { return data.labels[n]; })).forEach(function (text) {
      var th = document.createElement('th'); th.textContent = text; head.appendChild(th);
    });
    var body = table.createTBody();
    var format = new Intl.NumberFormat((document.documentElement.lang || 'en') + '-IN');
    data.months.forEach(function (month, i) {
      var row = body.insertRow();
      row.dataset.month = month;
      var th = document.createElement('th'); th.textContent = (data.month_labels || data.months)[i]; row.appendChild(th);
      names.forEach(function (n) {
        var split = genders.map(function (g) { return data.by_gender[n][g][i]; });
        var cell = row.insertCell();
        cell.dataset.indicator = n;
        var total = document.createElement('span'); total.className = 'summary-total';
        total.textContent = format.format(data[n][i]);
        var parts = document.createElement('span'); parts.className = 'summary-genders';
        parts.textContent = split.map(function (v) { return format.format(v); }).join(' · ');
        cell.appendChild(total); cell.appendChild(parts);
      });
    });
    var caption = document.createElement('p');
    caption.className = 'small text-muted';
    caption.textContent = data.labels.by_gender + ': ' + data.labels.genders;
    holder.appendChild(caption);
    holder.appendChild(table);
  }

  // Only the picker of the chosen level shows (and is sent): a state summary
  // has no district or institution to pick.
  var level = document.getElementById('level');
  function showPickers() {
    document.querySelectorAll('.summary-picker').forEach(function (picker) {
      var shown = picker.dataset.level === level.value;
      picker.hidden = !shown;
      picker.querySelectorAll('select').forEach(function (select) { select.disabled = !shown; });
    });
  }
  if (level) {
    level.addEventListener('change', showPickers);
    showPickers();
  }

  var canvas = document.getElementById('trend-chart');
  if (!canvas || typeof Chart === 'undefined') { return; }
  fetch(canvas.dataset.url, {credentials: 'same-origin'})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      var sets = [];
      if (data.reported) { sets.push({label: data.labels.reported, data: data.reported, borderColor: '#c0392b', backgroundColor: '#c0392b'}); }
      if (data.traced) { sets.push({label: data.labels.traced, data: data.traced, borderColor: '#27ae60', backgroundColor: '#27ae60'}); }
      sets.push({label: data.labels.in_care, data: data.in_care, borderColor: '#2c6fbb', backgroundColor: '#2c6fbb', yAxisID: 'care'});
      drawTable(data);
      function title(text) { return {display: true, text: text}; }
      new Chart(canvas, {
        type: 'line',
        data: {labels: data.month_labels || data.months, datasets: sets},
        // Axis figures in the page language's Indian grouping (1,29,270); every
        // axis says what it counts, in the page's language.
        options: {locale: (document.documentElement.lang || 'en') + '-IN',
                  scales: {x: {title: title(data.labels.axis_month)},
                           y: {beginAtZero: true, position: 'left', title: title(data.labels.axis_missing)},
                           care: {beginAtZero: true, position: 'right', grid: {drawOnChartArea: false},
                                  title: title(data.labels.axis_care)}}}
      });
    });
})();
