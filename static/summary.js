/* The monthly summary's 12-month trend, drawn with the Chart.js shipped under static/vendor. */
(function () {
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
      new Chart(canvas, {
        type: 'line',
        data: {labels: data.month_labels || data.months, datasets: sets},
        // Axis figures in the page language's Indian grouping (1,29,270).
        options: {locale: (document.documentElement.lang || 'en') + '-IN',
                  scales: {y: {beginAtZero: true, position: 'left'},
                           care: {beginAtZero: true, position: 'right', grid: {drawOnChartArea: false}}}}
      });
    });
})();
