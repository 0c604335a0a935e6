/* Draws every <figure class="portal-chart"> from its json_script data with the vendored Chart.js.
 * Kinds (spec.integer: whole-number ticks): "histogram" (bars, with a pass-mark line and a ±1 SEM band), "bar" and "line" (labels + datasets;
 * spec.stacked, spec.horizontal, spec.percent). A "heatmap" has no canvas: the template draws it as a shaded table.
 * The data table beside each chart carries the same figures for screen readers and for print. */
(function () {
  "use strict";
  var PALETTE = ["#2e6da4", "#c8553d", "#3c8d5a", "#8a5fb0", "#d19a1f", "#4a4a4a", "#1f8a8a", "#b03a6f"];

  function passMarkPlugin(spec) {
    return {
      id: "passMark",
      afterDatasetsDraw: function (chart) {
        if (spec.pass_mark === null || spec.pass_mark === undefined || !spec.edges || spec.edges.length < 2) return;
        var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
        var width = spec.edges[1] - spec.edges[0];
        var step = spec.counts.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : area.right - area.left;
        var left = x.getPixelForValue(0) - step / 2;
        function px(value) { return left + (value - spec.edges[0]) / width * step; }
        ctx.save();
        if (spec.sem) {
          ctx.fillStyle = "rgba(200, 85, 61, 0.15)";
          var a = Math.max(area.left, px(spec.pass_mark - spec.sem)), b = Math.min(area.right, px(spec.pass_mark + spec.sem));
          ctx.fillRect(a, area.top, b - a, area.bottom - area.top);
        }
        ctx.strokeStyle = "#c8553d";
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        var p = px(spec.pass_mark);
        ctx.beginPath();
        ctx.moveTo(p, area.top);
        ctx.lineTo(p, area.bottom);
        ctx.stroke();
        ctx.restore();
      }
    };
  }

  function config(spec) {
    if (spec.kind === "histogram") {
      var legend = [{ text: spec.pass_label, strokeStyle: "#c8553d", fillStyle: "#fff", lineDash: [6, 4], lineWidth: 2 }];
      if (spec.sem) legend.push({ text: spec.band_label, fillStyle: "rgba(200, 85, 61, 0.15)", strokeStyle: "rgba(0,0,0,0)" });
      return {
        type: "bar",
        data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.counts, backgroundColor: PALETTE[0],
          barPercentage: 1.0, categoryPercentage: 1.0 }] },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { labels: { generateLabels: function (chart) {
            return [{ text: spec.label, fillStyle: PALETTE[0], strokeStyle: PALETTE[0] }].concat(legend);
          } } } }
        },
        plugins: [passMarkPlugin(spec)]
      };
    }
    var datasets = (spec.datasets || []).map(function (d, i) {
      var colour = PALETTE[i % PALETTE.length];
      return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, fill: false, tension: 0.2,
        spanGaps: true, stack: spec.stacked ? "all" : undefined };
    });
    var scales = { y: { beginAtZero: true, stacked: !!spec.stacked } , x: { stacked: !!spec.stacked } };
    if (spec.percent) { scales.y.max = 100; scales.y.ticks = { callback: function (v) { return v + "%"; } }; }
    if (spec.integer) { scales.y.ticks = { precision: 0 }; }
    if (spec.horizontal) { scales = { x: scales.y, y: scales.x }; }
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: spec.horizontal ? "y" : "x",
        scales: scales, plugins: { legend: { display: datasets.length > 1 } } }
    };
  }

  function draw(figure) {
    var source = document.getElementById(figure.getAttribute("data-chart-source"));
    var canvas = figure.querySelector("canvas");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var chart = new window.Chart(canvas, config(spec));
    figure.setAttribute("data-chart-drawn", "true");
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }

  function openTablesForPrint() {  /* the figures (and the people behind them) print beside each chart */
    document.querySelectorAll("figure.portal-chart details").forEach(function (d) { d.open = true; });
  }

  function init() {
    document.querySelectorAll("figure.portal-chart").forEach(draw);
    window.addEventListener("beforeprint", openTablesForPrint);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
