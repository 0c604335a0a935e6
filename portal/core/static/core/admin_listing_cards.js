/* Wagtail's listing tables (table.listing) as cards on phones: each body cell gets its column's heading as
   data-label (Wagtail's table templates do not write one), which admin_listing_cards.css shows before the
   value at <= 600 px. Runs on load and again whenever Wagtail swaps a listing in (filters, pagination). */
(function () {
  "use strict";
  function headingText(th) {
    // the column's label only: an ordering link's text, else the heading's own text (not the "1-3 of 3
    // pages in …" note Wagtail adds after the title column's label)
    var link = th.querySelector("a.label");
    var text = link ? link.textContent : Array.prototype.filter.call(th.childNodes, function (node) {
      return node.nodeType === 3;
    }).map(function (node) { return node.textContent; }).join(" ");
    text = (text || "").replace(/\s+/g, " ").trim();
    return text || (th.textContent || "").replace(/\s+/g, " ").trim();
  }
  function label(table) {
    var heads = table.querySelectorAll("thead tr:first-child > th, thead tr:first-child > td");
    if (!heads.length) { return; }
    var texts = [];
    heads.forEach(function (th) {
      var span = parseInt(th.getAttribute("colspan") || "1", 10);
      var text = headingText(th);
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
