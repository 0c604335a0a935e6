// Polls the bulk issue's status and updates the progress bar until the run has finished.
(function () {
  "use strict";
  var box = document.getElementById("bulk-progress");
  if (!box || box.dataset.done) { return; }
  var bar = document.getElementById("bulk-progress-bar");
  function update() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        box.querySelectorAll("[data-field]").forEach(function (el) {
          var value = data[el.dataset.field];
          if (value !== undefined && value !== null) { el.textContent = value; }
        });
        if (!data.done) { window.setTimeout(update, 1000); }
      })
      .catch(function () { window.setTimeout(update, 3000); });
  }
  window.setTimeout(update, 500);
})();
