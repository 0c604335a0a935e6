/* The search chooser of admin forms (portal/core/choosers.py): search on the server, 20 a page, chosen
   people kept as hidden inputs named like the model field so the form posts their ids. No framework. */
(function () {
  "use strict";
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var name = root.dataset.name, url = root.dataset.searchUrl;
    var chosen = root.querySelector("[data-chosen]"), results = root.querySelector("[data-results]");
    var search = root.querySelector("[data-search]"), more = root.querySelector("[data-more]");
    var summary = root.querySelector("[data-summary]"), count = root.querySelector("[data-chosen-count]");
    var page = 1, timer = null, seq = 0;
    function chosenIds() {
      return Array.prototype.map.call(chosen.querySelectorAll("input[type=hidden]"), function (i) { return i.value; });
    }
    function refreshCount() {
      var n = chosenIds().length;
      count.textContent = String(n);
      var none = chosen.querySelector("[data-none]");
      if (n && none) none.remove();
      if (!n && !none) chosen.appendChild(el("li", { "class": "search-chooser__none", "data-none": "" }, root.dataset.labelNone));
    }
    function label(person) {
      var span = el("span", {}, person.name + " ");
      span.appendChild(el("span", { "class": "search-chooser__meta" }, person.meta || ""));
      return span;
    }
    function add(person) {
      if (chosenIds().indexOf(String(person.id)) !== -1) return;
      if (root.hasAttribute("data-single")) {
        Array.prototype.forEach.call(chosen.querySelectorAll("[data-id]"), function (li) { li.remove(); });
      }
      var li = el("li", { "class": "search-chooser__chip", "data-id": person.id });
      li.appendChild(el("input", { type: "hidden", name: name, value: person.id }));
      li.appendChild(label(person));
      var remove = el("button", { type: "button", "class": "button button-small button-secondary", "data-remove": "",
        "aria-label": root.dataset.labelRemove + " " + person.name }, root.dataset.labelRemove);
      li.appendChild(remove);
      chosen.appendChild(li);
      refreshCount();
    }
    function show(data, append) {
      if (!append) results.innerHTML = "";
      summary.textContent = data.count ? data.summary : root.dataset.labelNothing;
      data.results.forEach(function (person) {
        var li = el("li", { "data-result": person.id });
        li.appendChild(label(person));
        var button = el("button", { type: "button", "class": "button button-small", "data-add": "",
          "aria-label": root.dataset.labelAdd + " " + person.name }, root.dataset.labelAdd);
        button.addEventListener("click", function () { add(person); li.remove(); });
        li.appendChild(button);
        if (chosenIds().indexOf(String(person.id)) === -1) results.appendChild(li);
      });
      more.hidden = !data.has_next;
    }
    function fetchPage(append) {
      var mine = ++seq;
      var q = search.value.trim();
      if (!q) { results.innerHTML = ""; summary.textContent = ""; more.hidden = true; return; }
      fetch(url + "?q=" + encodeURIComponent(q) + "&page=" + page, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { if (mine === seq) show(data, append); })
        .catch(function () { summary.textContent = "…"; });
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { page = 1; fetchPage(false); }, 250);
    });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); page = 1; fetchPage(false); } });
    more.addEventListener("click", function () { page += 1; fetchPage(true); });
    chosen.addEventListener("click", function (e) {
      var button = e.target.closest("[data-remove]");
      if (button) { button.closest("li").remove(); refreshCount(); }
    });
  }
  function init() { document.querySelectorAll("[data-search-chooser]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  document.addEventListener("w-formset:added", init);
})();
