/* Exam mode's one way out: the "Leave the exam" link asks first (the text comes from its data-confirm). */
(function () {
  "use strict";
  var link = document.getElementById("exam-exit");
  if (!link) return;
  link.addEventListener("click", function (event) {
    if (!window.confirm(link.dataset.confirm || "")) event.preventDefault();
  });
})();
