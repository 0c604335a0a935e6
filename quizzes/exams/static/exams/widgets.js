/* Question widgets shared by the exam page and practice: render one question as plain form controls
   (radio buttons, check boxes, text boxes, an orderable list with buttons), so it works with the keyboard
   alone and with screen readers, and report the answer through onChange.

   Text boxes never report in the middle of an input-method composition (Chinese pinyin, wubi …): between
   compositionstart and compositionend the text is not final, so nothing is saved until the composition ends. */
(function () {
  "use strict";

  var LETTERS = "ABCDEFGH";

  function strings() {
    var el = document.getElementById("exam-strings");
    return el ? el.dataset : {};
  }

  function fmt(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function isAnswered(response) {
    if (response === null || response === undefined) return false;
    if (typeof response === "string") return response.trim() !== "";
    if (Array.isArray(response)) {
      return response.some(function (r) { return typeof r === "string" ? r.trim() !== "" : r !== null; });
    }
    return true;
  }

  /* A text box that reports its value after typing pauses, or at once on change/blur, but never while an
     input method is composing. */
  function composingAware(input, report) {
    var composing = false;
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { if (!composing) report(false); }, 700);
    }
    input.addEventListener("compositionstart", function () { composing = true; clearTimeout(timer); });
    input.addEventListener("compositionend", function () { composing = false; later(); });
    input.addEventListener("input", function (event) {
      if (composing || event.isComposing) return;
      later();
    });
    input.addEventListener("change", function () { if (!composing) { clearTimeout(timer); report(true); } });
    input.addEventListener("blur", function () { if (!composing) { clearTimeout(timer); report(true); } });
  }

  /* Render ``q`` ({type, stem, options, blank_count, response}) into ``form``.
     opts: {name, heading, onChange(response, immediate), headingId}
     Returns {get(): response, focus()}. */
  function render(q, form, opts) {
    var T = strings();
    form.innerHTML = "";
    var name = opts.name || "q";
    var heading = el("h2", {id: opts.headingId || "exam-q-heading", tabindex: "-1", className: "exam-question__heading",
      text: opts.heading || ""});
    form.appendChild(heading);
    var stemId = name + "-stem";
    form.appendChild(el("p", {id: stemId, className: "exam-question__stem", text: q.stem}));
    var api = {get: function () { return null; }, focus: function () { heading.focus(); }};
    var report = function (immediate) { opts.onChange(api.get(), immediate); };

    if (q.type === "single" || q.type === "true_false" || q.type === "multiple") {
      var multiple = q.type === "multiple";
      var fieldset = el("fieldset", {className: "exam-options", "aria-describedby": stemId});
      fieldset.appendChild(el("legend", {className: "visually-hidden", text: q.stem}));
      var chosen = Array.isArray(q.response) ? q.response : [];
      var inputs = q.options.map(function (text, index) {
        var id = name + "-opt-" + index;
        var input = el("input", {type: multiple ? "checkbox" : "radio", name: name, id: id, value: String(index)});
        input.checked = chosen.indexOf(index) !== -1;
        input.addEventListener("change", function () { report(true); });
        fieldset.appendChild(el("label", {"for": id, className: "exam-option"}, [
          input, el("span", {className: "exam-option__letter", text: LETTERS[index] + "."}),
          el("span", {className: "exam-option__text", text: text}),
        ]));
        return input;
      });
      form.appendChild(fieldset);
      api.get = function () {
        var picked = [];
        inputs.forEach(function (input, index) { if (input.checked) picked.push(index); });
        return picked.length ? picked : null;
      };
    } else if (q.type === "ordering") {
      var order = Array.isArray(q.response) && q.response.length === q.options.length
        ? q.response.slice() : q.options.map(function (_, i) { return i; });
      var answered = Array.isArray(q.response) && q.response.length === q.options.length;
      form.appendChild(el("p", {className: "exam-hint", text: T.orderHint}));
      var list = el("ol", {className: "exam-order", "aria-describedby": stemId});
      var keep = el("button", {type: "button", className: "button button--secondary", text: T.keepOrder});
      var draw = function (focusIndex, focusWhich) {
        list.innerHTML = "";
        order.forEach(function (optionIndex, place) {
          var up = el("button", {type: "button", className: "exam-order__move", text: "↑",
            "aria-label": T.moveUp + ": " + q.options[optionIndex]});
          var down = el("button", {type: "button", className: "exam-order__move", text: "↓",
            "aria-label": T.moveDown + ": " + q.options[optionIndex]});
          up.disabled = place === 0;
          down.disabled = place === order.length - 1;
          up.addEventListener("click", function () { move(place, -1, "up"); });
          down.addEventListener("click", function () { move(place, 1, "down"); });
          list.appendChild(el("li", {className: "exam-order__item"}, [
            el("span", {className: "exam-order__text", text: LETTERS[optionIndex] + ". " + q.options[optionIndex]}),
            el("span", {className: "exam-order__buttons"}, [up, down]),
          ]));
          if (focusIndex === place) {
            var target = focusWhich === "up" ? (place === 0 ? down : up) : (place === order.length - 1 ? up : down);
            setTimeout(function () { target.focus(); }, 0);
          }
        });
      };
      var move = function (place, delta, which) {
        var other = place + delta;
        if (other < 0 || other >= order.length) return;
        var swap = order[place];
        order[place] = order[other];
        order[other] = swap;
        answered = true;
        draw(other, which);
        report(true);
      };
      keep.addEventListener("click", function () { answered = true; report(true); });
      draw();
      form.appendChild(list);
      form.appendChild(keep);
      api.get = function () { return answered ? order.slice() : null; };
    } else if (q.type === "fill_blank") {
      var given = Array.isArray(q.response) ? q.response : [];
      var boxes = [];
      var blanks = el("div", {className: "exam-blanks"});
      for (var b = 0; b < q.blank_count; b++) {
        var id = name + "-blank-" + b;
        var box = el("input", {type: "text", id: id, name: id, autocomplete: "off", spellcheck: "false",
          "aria-describedby": stemId});
        if (q.max_length) box.maxLength = q.max_length;
        box.value = given[b] || "";
        composingAware(box, report);
        boxes.push(box);
        blanks.appendChild(el("p", {className: "exam-blank"}, [
          el("label", {"for": id, text: fmt(T.blank, {n: b + 1})}), box,
        ]));
      }
      form.appendChild(blanks);
      api.get = function () {
        var texts = boxes.map(function (box) { return box.value; });
        return isAnswered(texts) ? texts : null;
      };
    } else if (q.type === "matching") {
      /* One native <select> per left-hand item: Tab moves between items, arrow keys choose the answer. */
      var picks = Array.isArray(q.response) ? q.response : [];
      var selects = [];
      form.appendChild(el("p", {className: "exam-hint", text: T.matchHint}));
      var table = el("div", {className: "exam-match", role: "group", "aria-describedby": stemId});
      (q.prompts || []).forEach(function (prompt, row) {
        var id = name + "-match-" + row;
        var select = el("select", {id: id, name: id, className: "exam-match__select"});
        select.appendChild(el("option", {value: "", text: T.matchChoose}));
        q.options.forEach(function (text, index) {
          select.appendChild(el("option", {value: String(index), text: LETTERS[index] + ". " + text}));
        });
        select.value = typeof picks[row] === "number" ? String(picks[row]) : "";
        select.addEventListener("change", function () { report(true); });
        selects.push(select);
        table.appendChild(el("div", {className: "exam-match__row"}, [
          el("label", {"for": id, className: "exam-match__prompt", text: (row + 1) + ". " + prompt}), select,
        ]));
      });
      form.appendChild(table);
      api.get = function () {
        var values = selects.map(function (select) { return select.value === "" ? null : Number(select.value); });
        return values.some(function (v) { return v !== null; }) ? values : null;
      };
    } else if (q.type === "numerical") {
      var numberId = name + "-number";
      var number = el("input", {type: "text", id: numberId, name: numberId, inputmode: "decimal", autocomplete: "off",
        spellcheck: "false", maxlength: "64", "aria-describedby": stemId, className: "exam-number__input"});
      number.value = typeof q.response === "string" ? q.response : "";
      composingAware(number, report);
      var parts = [el("label", {"for": numberId, text: T.yourNumber}), number];
      if (q.unit) parts.push(el("span", {className: "exam-number__unit", text: q.unit}));
      form.appendChild(el("p", {className: "exam-number"}, parts));
      form.appendChild(el("p", {className: "exam-hint", text: T.numberHint}));
      api.get = function () { return number.value.trim() ? number.value.trim() : null; };
    } else if (q.type === "short_answer") {
      var areaId = name + "-text";
      var area = el("textarea", {id: areaId, name: areaId, rows: "8", "aria-describedby": stemId});
      area.value = typeof q.response === "string" ? q.response : "";
      composingAware(area, report);
      form.appendChild(el("label", {"for": areaId, className: "visually-hidden", text: q.stem}));
      form.appendChild(area);
      if (q.max_length) {
        // The server refuses a longer answer whole; the box stops there and shows how much is left.
        area.maxLength = q.max_length;
        var counter = el("p", {className: "exam-counter", "aria-live": "polite"});
        var count = function () { counter.textContent = area.value.length + " / " + q.max_length; };
        area.addEventListener("input", count);
        count();
        form.appendChild(counter);
      }
      api.get = function () { return area.value.trim() ? area.value : null; };
    }
    return api;
  }

  window.ExamWidgets = {render: render, strings: strings, fmt: fmt, el: el, isAnswered: isAnswered, LETTERS: LETTERS};
})();
