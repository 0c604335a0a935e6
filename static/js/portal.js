/* The portal's page chrome, without any framework: the phone menu and tables as cards.
   Without script the menu stays open and tables stay tables: nothing is hidden from anyone. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // the header's menu button (shown at phone width by portal.css): opens and closes the header's panel
  var toggle = document.querySelector("[data-nav-toggle]");
  var header = document.querySelector(".site-header");
  if (toggle && header) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("is-open", open);
    });
  }

  // tables as cards at phone width: each cell carries its column's heading (read by portal.css)
  var tables = document.querySelectorAll("main table");
  Array.prototype.forEach.call(tables, function (table) {
    if (table.classList.contains("no-cards")) return;
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (!cell.hasAttribute("data-label") && labels[column]) cell.setAttribute("data-label", labels[column]);
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("as-cards");
  });
})();
