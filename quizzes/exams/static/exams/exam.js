/* The exam page: loads the paper from the API, shows one question at a time with a palette, saves each
   answer as it is given, and hands the paper in.

   Never losing an answer: every change gets a sequence number and goes into a queue kept in localStorage
   until the server acknowledges it; a failed send is retried with back-off, and after a reload (or on
   another device, from the server's copy) the paper comes back with every saved answer. The server keeps
   the deadline: the countdown follows the server's clock (each response carries ``server_now``), and at
   zero the page asks the server to hand the paper in. */
(function () {
  "use strict";

  var root = document.getElementById("exam");
  if (!root || !window.ExamWidgets) return;
  var W = window.ExamWidgets;
  var T = W.strings();
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var stateUrl = root.dataset.stateUrl;
  var resultUrl = root.dataset.resultUrl;
  var storeKey = "exam-pending-" + root.dataset.attempt;
  var placeKey = "exam-place-" + root.dataset.attempt;

  var $ = function (id) { return document.getElementById(id); };
  var questionBox = $("exam-question");
  var palette = $("exam-palette");
  var countdown = $("exam-countdown");
  var saveStatus = $("exam-save-status");
  var submitButton = $("exam-submit");
  var flagButton = $("exam-flag");
  var dialog = $("exam-confirm");

  var paper = null;
  var byPosition = {};
  var positions = [];
  var current = 1;
  var offset = 0; // server clock minus this device's clock, in ms
  var deadline = 0; // ms, server clock
  var seq = 0;
  var pending = readPending();
  var inflight = {};
  var retryDelay = 1000;
  var retryTimer = null;
  var finished = false;
  var offlineSince = null;
  var lastSaved = null;
  var warned = {};
  var widget = null;

  function readPending() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function writePending() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }
  function pendingCount() { return Object.keys(pending).length; }

  function request(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {status: response.status, ok: response.ok, data: data};
      });
    });
  }

  function syncClock(data) {
    if (!data) return;
    if (data.server_now) offset = Date.parse(data.server_now) - Date.now();
    if (data.deadline) deadline = Date.parse(data.deadline);
  }

  function announce(message) {
    var alert = $("exam-alert");
    alert.textContent = "";
    setTimeout(function () { alert.textContent = message; }, 50);
  }

  // ----------------------------------------------------------------------------- status and palette

  function showStatus() {
    if (finished) return;
    var count = pendingCount();
    saveStatus.classList.toggle("is-offline", offlineSince !== null);
    if (offlineSince !== null) {
      saveStatus.textContent = T.offline + (count ? " (" + W.fmt(T.pending, {n: count}) + ")" : "");
    } else if (count) {
      saveStatus.textContent = T.saving;
    } else if (lastSaved) {
      saveStatus.textContent = W.fmt(T.savedAt, {time: lastSaved});
    } else {
      saveStatus.textContent = T.saved;
    }
  }

  function paletteLabel(q) {
    var parts = [W.fmt(T.question, {n: q.position}), W.isAnswered(q.response) ? T.answered : T.notAnswered];
    if (q.flagged) parts.push(T.flagged);
    return parts.join(", ");
  }

  function buildPalette() {
    palette.innerHTML = "";
    positions.forEach(function (position) {
      var button = W.el("button", {type: "button", className: "exam-palette__item", "data-position": String(position),
        text: String(position)});
      button.addEventListener("click", function () { show(position, true); });
      palette.appendChild(W.el("li", {}, [button]));
    });
    refreshPalette();
  }

  function refreshPalette() {
    var answered = 0, flagged = 0;
    palette.querySelectorAll("button").forEach(function (button) {
      var q = byPosition[button.dataset.position];
      var isAnswered = W.isAnswered(q.response);
      answered += isAnswered ? 1 : 0;
      flagged += q.flagged ? 1 : 0;
      button.classList.toggle("is-answered", isAnswered);
      button.classList.toggle("is-flagged", !!q.flagged);
      button.classList.toggle("is-current", q.position === current);
      button.setAttribute("aria-label", paletteLabel(q));
      if (q.position === current) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
    $("count-answered").textContent = answered;
    $("count-flagged").textContent = flagged;
    $("count-open").textContent = positions.length - answered;
  }

  // ----------------------------------------------------------------------------- showing a question

  function sectionTitle(q) {
    for (var i = 0; i < paper.sections.length; i++) {
      if (paper.sections[i].index === q.section) return paper.sections[i].title;
    }
    return "";
  }

  function show(position, moveFocus) {
    var q = byPosition[position];
    if (!q) return;
    current = position;
    try { window.sessionStorage.setItem(placeKey, String(position)); } catch (e) { /* ignore */ }
    var heading = W.fmt(T.question, {n: q.position}) + " · " + W.fmt(T.of, {n: positions.indexOf(position) + 1,
      total: positions.length}) + " · " + sectionTitle(q) + " · " + W.fmt(T.points, {points: q.points});
    widget = W.render(q, questionBox, {
      name: "q" + q.position, heading: heading,
      onChange: function (response) { answerChanged(q.position, response); },
    });
    questionBox.hidden = false;
    $("exam-nav").hidden = false;
    $("exam-loading").hidden = true;
    $("exam-prev").disabled = positions.indexOf(position) === 0;
    $("exam-next").disabled = positions.indexOf(position) === positions.length - 1;
    flagButton.setAttribute("aria-pressed", q.flagged ? "true" : "false");
    flagButton.textContent = q.flagged ? T.unflag : T.flag;
    refreshPalette();
    if (moveFocus) widget.focus();
  }

  function step(delta) {
    var index = positions.indexOf(current) + delta;
    if (index >= 0 && index < positions.length) show(positions[index], true);
  }

  // ----------------------------------------------------------------------------- saving

  function answerChanged(position, response) {
    if (finished) return;
    var q = byPosition[position];
    if (JSON.stringify(q.response === undefined ? null : q.response) === JSON.stringify(response) &&
        !pending[position]) return;
    q.response = response;
    seq += 1;
    pending[position] = {response: response, seq: seq};
    writePending();
    refreshPalette();
    showStatus();
    flush();
  }

  function flush() {
    if (finished) return Promise.resolve();
    var jobs = Object.keys(pending).filter(function (key) { return !inflight[key]; }).map(send);
    return Promise.all(jobs);
  }

  function scheduleRetry() {
    if (retryTimer || finished) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function wentOffline() {
    if (offlineSince === null) offlineSince = Date.now();
    showStatus();
  }

  function backOnline() {
    if (offlineSince !== null) {
      var seconds = Math.round((Date.now() - offlineSince) / 1000);
      offlineSince = null;
      postEvent("online", {offline_seconds: seconds});
    }
  }

  function send(key) {
    var item = pending[key];
    inflight[key] = true;
    return request("POST", stateUrl + "answers/" + key + "/", {response: item.response, seq: item.seq})
      .then(function (res) {
        delete inflight[key];
        if (res.ok) {
          syncClock(res.data);
          backOnline();
          retryDelay = 1000;
          var q = byPosition[key];
          if (q) q.seq = Math.max(q.seq || 0, res.data.seq);
          if (pending[key] && pending[key].seq <= item.seq) delete pending[key];
          writePending();
          lastSaved = res.data.saved_at_display || lastSaved || "";  // the server's language and time zone
          showStatus();
          if (pending[key] && !inflight[key]) return send(key);
          return;
        }
        if (res.status === 409 && (res.data.error === "deadline" || res.data.error === "submitted")) {
          pending = {};
          writePending();
          end(res.data.result_url || resultUrl, res.data.message);
          return;
        }
        if (res.status === 403 && res.data.error === "password") { window.location.reload(); return; }
        if (res.status === 400) { // this answer cannot be stored (should not happen): drop it, say so
          delete pending[key];
          writePending();
          announce(res.data.message || "");
          showStatus();
          return;
        }
        if (res.data && res.data.message) announce(res.data.message);
        scheduleRetry();
      })
      .catch(function () {
        delete inflight[key];
        wentOffline();
        scheduleRetry();
      });
  }

  function postEvent(kind, data) {
    if (finished) return;
    var body = {kind: kind, data: Object.assign({client_time: new Date().toISOString()}, data || {})};
    request("POST", stateUrl + "events/", body).catch(function () { /* evidence only */ });
  }

  // ----------------------------------------------------------------------------- time

  function formatRemaining(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
  }

  function tick() {
    if (!deadline || finished) return;
    var remaining = deadline - (Date.now() + offset);
    countdown.textContent = formatRemaining(remaining);
    [5, 1].forEach(function (minutes) {
      if (remaining <= minutes * 60000 && remaining > 0 && !warned[minutes]) {
        warned[minutes] = true;
        countdown.classList.add("is-urgent");
        announce(W.fmt(T.timeWarning, {n: minutes}));
      }
    });
    if (remaining <= 0) timeUp();
  }

  var timingOut = false;

  function timeUp() {
    if (finished || timingOut) return;
    timingOut = true;
    var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
    Promise.race([flush(), timeout]).then(function () {
      finished = true;
      return request("POST", stateUrl + "submit/", {});
    }).then(function (res) {
      end((res.data && res.data.result_url) || resultUrl, T.timeUp);
    }).catch(function () { end(resultUrl, T.timeUp); });
  }

  // ----------------------------------------------------------------------------- handing in

  function openConfirm() {
    var unanswered = positions.filter(function (p) { return !W.isAnswered(byPosition[p].response); });
    var flagged = positions.filter(function (p) { return byPosition[p].flagged; });
    $("exam-confirm-unanswered").textContent = unanswered.length
      ? W.fmt(T.confirmUnanswered, {list: unanswered.join("、")}) : T.confirmAll;
    $("exam-confirm-flagged").textContent = flagged.length ? W.fmt(T.confirmFlagged, {list: flagged.join("、")}) : "";
    if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    $("exam-confirm-cancel").focus();
  }

  function closeConfirm() {
    if (dialog.close) dialog.close(); else dialog.removeAttribute("open");
    submitButton.focus();
  }

  function handIn() {
    var ok = $("exam-confirm-ok");
    ok.disabled = true;
    submitButton.disabled = true;
    saveStatus.textContent = T.handingIn;
    flush().then(function () {
      if (pendingCount()) throw new Error("unsent");
      return request("POST", stateUrl + "submit/", {});
    }).then(function (res) {
      if (res.ok || (res.status === 409 && res.data.result_url)) {
        end(res.data.result_url || resultUrl);
        return;
      }
      throw new Error(res.data.message || "refused");
    }).catch(function () {
      ok.disabled = false;
      submitButton.disabled = false;
      wentOffline();
      if (dialog.close) dialog.close();
    });
  }

  function end(url, message) {
    finished = true;
    try { window.localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
    if (message) {
      saveStatus.textContent = message;
      announce(message);
      setTimeout(function () { window.location.assign(url); }, 2500);
    } else {
      window.location.assign(url);
    }
  }

  // ----------------------------------------------------------------------------- start

  function load() {
    request("GET", stateUrl).then(function (res) {
      if (res.ok && res.data.result_url) { end(res.data.result_url); return; }
      if (!res.ok) {
        if (res.status === 403 && res.data.error === "password") { window.location.reload(); return; }
        $("exam-loading").textContent = res.data.message || T.loadFailed;
        return;
      }
      paper = res.data;
      syncClock(paper.attempt);
      paper.questions.forEach(function (q) {
        byPosition[q.position] = q;
        positions.push(q.position);
        seq = Math.max(seq, q.seq || 0);
      });
      // Answers given here but not yet acknowledged before a reload win over the server's older copy.
      Object.keys(pending).forEach(function (key) {
        var q = byPosition[key], item = pending[key];
        if (!q || item.seq <= (q.seq || 0)) { delete pending[key]; return; }
        q.response = item.response;
        seq = Math.max(seq, item.seq);
      });
      writePending();
      var place = 1;
      try { place = parseInt(window.sessionStorage.getItem(placeKey) || "1", 10); } catch (e) { /* ignore */ }
      buildPalette();
      show(byPosition[place] ? place : positions[0], false);
      submitButton.disabled = false;
      tick();
      setInterval(tick, 500);
      showStatus();
      flush();
    }).catch(function () {
      $("exam-loading").textContent = T.loadFailed;
      setTimeout(load, 3000);
    });
  }

  $("exam-prev").addEventListener("click", function () { step(-1); });
  $("exam-next").addEventListener("click", function () { step(1); });
  flagButton.addEventListener("click", function () {
    var q = byPosition[current];
    var wanted = !q.flagged;
    q.flagged = wanted;
    show(current, false);
    flagButton.focus();
    request("POST", stateUrl + "flags/" + current + "/", {flagged: wanted}).then(function (res) {
      if (res.status === 409) end(res.data.result_url || resultUrl, res.data.message);
    }).catch(function () { /* a flag is a reminder for the candidate only */ });
  });
  submitButton.addEventListener("click", openConfirm);
  $("exam-confirm-cancel").addEventListener("click", closeConfirm);
  $("exam-confirm-ok").addEventListener("click", handIn);
  dialog.addEventListener("cancel", function () { submitButton.focus(); });
  document.addEventListener("visibilitychange", function () {
    postEvent(document.visibilityState === "hidden" ? "hidden" : "visible");
    if (document.visibilityState === "visible") flush();
  });
  window.addEventListener("offline", wentOffline);
  window.addEventListener("online", function () { flush(); });
  window.addEventListener("beforeunload", function (event) {
    if (!finished && pendingCount()) {
      event.preventDefault();
      event.returnValue = T.leave;
      return T.leave;
    }
    return undefined;
  });

  load();
})();
