// The idle-time-out warning: shortly before the server ends an unused session, say so and offer to stay.
// Exam pages (exam mode) never warn: a timed attempt keeps the session alive on the server.
(function () {
  "use strict";
  var box = document.getElementById("session-timeout");
  if (!box || box.dataset.examMode === "1") { return; }
  var warning = parseInt(box.dataset.warningSeconds, 10) || 120;
  var idle = parseInt(box.dataset.idleSeconds, 10) || 1800;
  var countdown = box.querySelector("[data-countdown]");
  var timer = null;
  var endsAt = 0;

  function schedule(remaining) {
    window.clearTimeout(timer);
    endsAt = Date.now() + remaining * 1000;
    timer = window.setTimeout(check, Math.max(1, remaining - warning) * 1000);
  }
  function signedOut() {
    window.location.assign(box.dataset.loginUrl + "?next=" + encodeURIComponent(window.location.pathname));
  }
  function asState(r) {
    // Anything but our JSON (an error, a sign-in page after a redirect) means the session is gone.
    var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    return r.ok && json ? r.json() : { authenticated: false };
  }
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    countdown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left <= 0) { check(); return; }
    timer = window.setTimeout(tick, 1000);
  }
  function check() {
    // Another tab may have kept the session alive: ask the server (this call is not activity).
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(asState)
      .then(function (state) {
        if (!state.authenticated || state.remaining_seconds <= 0) { signedOut(); return; }
        if (state.remaining_seconds > warning + 5) { box.hidden = true; schedule(state.remaining_seconds); return; }
        endsAt = Date.now() + state.remaining_seconds * 1000;
        box.hidden = false;
        tick();
      })
      .catch(function () { timer = window.setTimeout(check, 15000); });
  }
  box.querySelector("[data-stay]").addEventListener("click", function () {
    fetch(box.dataset.keepaliveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": box.dataset.csrfToken, Accept: "application/json" }
    })
      .then(asState)
      .then(function (state) {
        if (!state.authenticated) { signedOut(); return; }
        box.hidden = true;
        schedule(state.remaining_seconds);
      });
  });
  schedule(idle);
})();
