/* The monthly summary: the unit picker that belongs to the chosen level, and the
   12-month trend drawn with the Chart.js shipped under static/vendor. */
(function () {
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
