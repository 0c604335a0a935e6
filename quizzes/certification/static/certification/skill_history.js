/* The candidate's practice history as a chart (Chart.js, vendored): result per run, accuracy on a second axis.
   Data comes from the json_script block; labels from the canvas's data-* attributes. */
(function () {
  "use strict";
  var canvas = document.getElementById("skill-history-chart");
  var source = document.getElementById("skill-history-data");
  if (!canvas || !source || !window.Chart) { return; }
  var points = JSON.parse(source.textContent);
  var d = canvas.dataset;
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: points.map(function (p) { return p.at; }),
      datasets: [
        {label: d.valueLabel, data: points.map(function (p) { return p.value; }), yAxisID: "y",
         borderColor: "#b3261e", backgroundColor: "#b3261e", tension: 0.2,
         pointStyle: points.map(function (p) { return p.mode === "sitting" ? "rectRot" : "circle"; }),
         pointRadius: points.map(function (p) { return p.mode === "sitting" ? 6 : 3; })},
        {label: d.accuracyLabel, data: points.map(function (p) { return p.accuracy; }), yAxisID: "y2",
         borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", borderDash: [4, 3], tension: 0.2}
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: {mode: "index", intersect: false},
      scales: {
        y: {beginAtZero: true, title: {display: true, text: d.valueLabel}},
        y2: {position: "right", min: 0, max: 100, grid: {drawOnChartArea: false}, title: {display: true, text: d.accuracyLabel}}
      },
      plugins: {legend: {position: "bottom"}}
    }
  });
})();
