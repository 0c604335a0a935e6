/* Wagtail's listing tables (table.listing) as cards on phones: each body cell gets its column's heading as
   data-label (Wagtail's table templates do not write one), which admin_listing_cards.css shows before the
   value at <= 600 px. Runs on load and again whenever Wagtail swaps a listing in (filters, pagination). */
(function () {
  "use strict";
  function label(table) {
    var heads = table.querySelectorAll("thead tr:first-child > th, thead tr:first-child > td");
    if (!heads.length) { return; }
    var texts = [];
    heads.forEach(function (th) {
      var span = parseInt(th.getAttribute("colspan") || "1", 10);
      var text = (th.textContent || "").replace(/\s+/g, " ").trim();
      for (var i = 0; i < span; i += 1) { texts.push(text); }
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var position = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var text = texts[position];
        if (text && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", text); }
        position += parseInt(cell.getAttribute("colspan") || "1", 10);
      });
    });
    table.classList.add("listing--labelled");
  }
  function all() { document.querySelectorAll("table.listing").forEach(label); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
  document.addEventListener("w-swap:success", all);
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i += 1) { if (records[i].addedNodes.length) { all(); return; } }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
