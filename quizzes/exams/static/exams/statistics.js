/* The statistics page while its figures are computed in the background: look again every few seconds. */
(function () {
  "use strict";
  if (document.querySelector("[data-statistics-pending]")) {
    window.setTimeout(function () { window.location.reload(); }, 4000);
  }
})();
