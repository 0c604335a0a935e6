/* A keyboard skill test in exam mode: material from the server, keystrokes buffered and sent in numbered
   batches (a reload resumes: unsent batches wait in sessionStorage), a timer on the server's clock,
   paste / drag-and-drop / autofill refused and recorded, input-method composition handled (only committed
   text counts). The page never scores anything: the server does, at the finish. */
(function () {
  "use strict";
  var root = document.getElementById("skill");
  if (!root) { return; }
  var S = document.getElementById("skill-strings").dataset;
  var csrf = root.querySelector("[name=csrfmiddlewaretoken]").value;
  var kind = root.dataset.kind;
  var storeKey = "skill-test-" + root.dataset.attempt;
  var BATCH_MS = 1500, BATCH_EVENTS = 60, BLOCKED = {
    insertFromPaste: "paste", insertFromPasteAsQuotation: "paste", insertFromDrop: "drop",
    insertReplacementText: "autofill", insertFromYank: "paste"
  };

  var stored = {};
  try { stored = JSON.parse(sessionStorage.getItem(storeKey) || "{}"); } catch (e) { stored = {}; }
  var base = stored.base || Date.now();
  var seq = stored.seq || 0;          // the last sequence number handed out
  var inflight = stored.inflight || null; // {seq, events, state} sent, not yet confirmed
  var buffer = stored.buffer || [];   // events not yet in a batch
  var state = null, dirty = false, sending = false, finishing = false, composing = false, lastCommit = null;
  var deadlineAt = 0, total = 0, inputs = [];

  var el = function (id) { return document.getElementById(id); };
  var statusBox = el("skill-status"), alertBox = el("skill-alert");

  function now() { return Math.max(0, Math.round(Date.now() - base)); }
  function persist() {
    try {
      sessionStorage.setItem(storeKey, JSON.stringify({base: base, seq: seq, inflight: inflight, buffer: buffer,
                                                       state: state}));
    } catch (e) { /* storage full or off: the server still has every confirmed batch */ }
  }
  function record(what, n) { buffer.push([now(), what, n || 0]); persist(); }
  function say(text, offline) { statusBox.textContent = text; statusBox.classList.toggle("is-offline", !!offline); }
  function warn(text) {
    alertBox.textContent = text; alertBox.hidden = false;
    clearTimeout(warn.timer); warn.timer = setTimeout(function () { alertBox.hidden = true; }, 6000);
  }

  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin", keepalive: true,
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (data) { return {status: r.status, data: data}; }); });
  }

  function gone(data) { sessionStorage.removeItem(storeKey); window.location.assign(data.result_url || root.dataset.resultUrl); }

  function flush() {
    if (sending || finishing) { return; }
    if (!inflight) {
      if (!buffer.length && !dirty) { return; }
      seq += 1;
      inflight = {seq: seq, events: buffer, state: state};
      buffer = []; dirty = false; persist();
    }
    sending = true; say(S.saving);
    post(root.dataset.batchUrl, inflight).then(function (res) {
      sending = false;
      if (res.status === 200) {
        inflight = null; persist(); say(S.saved + " · " + new Date().toLocaleTimeString(document.documentElement.lang || undefined, {hour12: false}));
        syncClock(res.data.remaining_seconds);
        if (buffer.length >= BATCH_EVENTS) { flush(); }
      } else if (res.data && (res.data.error === "deadline" || res.data.error === "finished")) {
        gone(res.data);
      } else if (res.status === 400) {
        inflight = null; persist(); warn(res.data.message || "");
      } else { say(S.offline, true); }
    }).catch(function () { sending = false; say(S.offline, true); });
  }

  function finish() {
    if (finishing) { return; }
    var body = {};
    if (inflight) { body.batch = inflight; }
    else if (buffer.length || dirty) { seq += 1; body.batch = {seq: seq, events: buffer, state: state}; }
    finishing = true; say(S.saving);
    var attemptFinish = function () {
      post(root.dataset.finishUrl, body).then(function (res) {
        if (res.status === 200 || (res.data && res.data.result_url)) { gone(res.data); }
        else { finishing = false; say(S.offline, true); }
      }).catch(function () { setTimeout(attemptFinish, 2000); say(S.offline, true); });
    };
    attemptFinish();
  }

  // ------------------------------------------------------------------ the clock (the server's)
  function syncClock(remaining) { if (typeof remaining === "number") { deadlineAt = performance.now() + remaining * 1000; } }
  function tick() {
    var left = Math.max(0, Math.round((deadlineAt - performance.now()) / 1000));
    var box = el("skill-countdown");
    box.textContent = String(Math.floor(left / 60)).padStart(2, "0") + ":" + String(left % 60).padStart(2, "0");
    box.classList.toggle("is-urgent", left <= 30);
    if (left <= 0 && deadlineAt) { deadlineAt = 0; warn(S.timeup); finish(); }
  }

  // ------------------------------------------------------------------ refusing what is not typing
  function guard(field) {
    ["paste", "drop"].forEach(function (type) {
      field.addEventListener(type, function (e) { e.preventDefault(); record(type); warn(S[type]); });
    });
    field.addEventListener("dragover", function (e) { e.preventDefault(); });
    field.addEventListener("beforeinput", function (e) {
      var blocked = BLOCKED[e.inputType];
      if (blocked) { e.preventDefault(); record(blocked); warn(S[blocked]); }
    });
    field.addEventListener("animationstart", function (e) {   // :-webkit-autofill (see skills.css)
      if (e.animationName === "skill-autofill") { field.value = field.dataset.committed || ""; record("autofill"); warn(S.autofill); }
    });
    field.addEventListener("keydown", function (e) {
      if (e.isComposing || e.key === "Process" || e.key === "Unidentified") { return; }
      if (e.key.length === 1 || e.key === "Backspace" || e.key === "Delete" || e.key === "Enter") { record("key"); }
    });
  }
  window.addEventListener("blur", function () { record("blur"); });
  window.addEventListener("focus", function () { record("focus"); });

  // ------------------------------------------------------------------ items (vouchers, number groups)
  function updateItems() {
    var values = inputs.map(function (i) { return i.value; });
    while (values.length && !values[values.length - 1]) { values.pop(); }
    state = {items: values}; dirty = true; persist();
    el("skill-typed").textContent = values.filter(function (v) { return v.trim(); }).length;
  }
  function buildItems(material, answer) {
    var list = el("skill-list");
    material.items.forEach(function (text, index) {
      var li = document.createElement("li"), id = "skill-item-" + index, label = document.createElement("label");
      li.className = "skill-item";
      label.htmlFor = id; label.className = "skill-item__material";
      label.innerHTML = "<span class='skill-item__n'></span><span class='skill-item__text'></span>";
      label.firstChild.textContent = (index + 1) + ".";
      label.lastChild.textContent = text;
      var input = document.createElement("input");
      input.id = id; input.type = "text"; input.inputMode = "decimal"; input.autocomplete = "off";
      input.name = "k" + Math.random().toString(36).slice(2); input.spellcheck = false;
      input.setAttribute("autocorrect", "off"); input.maxLength = 40; input.className = "skill-item__input";
      input.value = (answer.items || [])[index] || "";
      input.dataset.committed = input.value;
      guard(input);
      input.addEventListener("input", function (e) {
        if (BLOCKED[e.inputType]) { return; }
        record("input", e.data ? e.data.length : 0); input.dataset.committed = input.value; updateItems();
      });
      input.addEventListener("keydown", function (e) {
        if (e.key === "Enter") {
          e.preventDefault();
          if (inputs[index + 1]) { inputs[index + 1].focus(); inputs[index + 1].scrollIntoView({block: "nearest"}); }
          else if (root.dataset.limit === "quantity") { confirmFinish(); }
          else { el("skill-finish").focus(); }
        }
      });
      input.addEventListener("focus", function () { li.classList.add("is-current"); });
      input.addEventListener("blur", function () { li.classList.remove("is-current"); });
      li.appendChild(label); li.appendChild(input); list.appendChild(li); inputs.push(input);
    });
    total = material.items.length;
    el("skill-total").textContent = total;
    updateItems(); dirty = false;
    var next = inputs.find(function (i) { return !i.value; }) || inputs[inputs.length - 1];
    next.focus();
  }

  // ------------------------------------------------------------------ passage (汉字录入)
  function buildPassage(material, answer) {
    el("skill-material").textContent = material.text;
    el("skill-source").textContent = material.title || "";
    el("skill-total").textContent = material.text.length;
    var box = el("skill-input");
    box.value = answer.text || "";
    var commit = function () {
      box.dataset.committed = box.value; state = {text: box.value}; dirty = true; persist();
      el("skill-typed").textContent = box.value.replace(/\s+/g, "").length;
    };
    guard(box);
    box.addEventListener("compositionstart", function () { composing = true; });
    box.addEventListener("compositionend", function (e) {
      composing = false; lastCommit = e.data || "";
      record("compose", lastCommit.length); commit();
    });
    box.addEventListener("input", function (e) {
      if (e.isComposing || composing || BLOCKED[e.inputType]) { return; }  // only committed text counts
      if (lastCommit !== null && e.data === lastCommit) { lastCommit = null; commit(); return; }
      lastCommit = null;
      record("input", e.data ? e.data.length : 0); commit();
    });
    state = {text: box.value}; box.dataset.committed = box.value;
    el("skill-typed").textContent = box.value.replace(/\s+/g, "").length;
    box.focus(); box.setSelectionRange(box.value.length, box.value.length);
  }

  // ------------------------------------------------------------------ finishing
  var dialog = el("skill-confirm");
  function confirmFinish() { if (dialog.showModal) { dialog.showModal(); } else if (window.confirm(dialog.textContent)) { finish(); } }
  el("skill-finish").addEventListener("click", confirmFinish);
  el("skill-confirm-cancel").addEventListener("click", function () { dialog.close(); });
  el("skill-confirm-ok").addEventListener("click", function () { dialog.close(); finish(); });
  var exit = el("skill-exit");
  if (exit) {
    exit.addEventListener("click", function (e) { if (!window.confirm(exit.dataset.confirm)) { e.preventDefault(); } else { flush(); } });
  }
  window.addEventListener("pagehide", function () { persist(); if (!sending) { flush(); } });

  // ------------------------------------------------------------------ start / resume
  fetch(root.dataset.stateUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
    if (data.status !== "in_progress") { gone(data); return; }
    if (inflight && inflight.seq <= data.last_seq) { inflight = null; }  // it arrived before the reload
    seq = Math.max(seq, data.last_seq);
    var answer = data.answer;
    if ((inflight || buffer.length) && stored.state) { answer = stored.state; }  // typed after the last batch
    el("skill-loading").hidden = true; el("skill-work").hidden = false;
    if (kind === "passage") { buildPassage(data.material, answer); } else { buildItems(data.material, answer); }
    if (inflight || buffer.length) { dirty = true; }
    syncClock(data.remaining_seconds); tick();
    el("skill-finish").disabled = false;
    setInterval(tick, 250);
    setInterval(flush, BATCH_MS);
    flush();
  }).catch(function () { say(S.offline, true); });
})();
