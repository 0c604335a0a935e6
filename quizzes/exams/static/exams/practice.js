/* Practice: a set of questions one at a time; each answer is checked by the server at once and the
   feedback shows the right answer, the explanation and links to the articles it rests on. */
(function () {
  "use strict";

  var root = document.getElementById("practice");
  if (!root || !window.ExamWidgets) return;
  var W = window.ExamWidgets;
  var T = W.strings();
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var form = document.getElementById("practice-form");
  var feedback = document.getElementById("practice-feedback");
  var progress = document.getElementById("practice-progress");
  var checkButton = document.getElementById("practice-check");
  var nextButton = document.getElementById("practice-next");

  var questions = [];
  var index = 0;
  var right = 0;
  var widget = null;
  var answer = null;

  function request(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) { return response.json(); });
  }

  function load() {
    feedback.hidden = true;
    nextButton.hidden = true;
    request("GET", root.dataset.questionsUrl).then(function (data) {
      questions = data.questions || [];
      index = 0;
      right = 0;
      if (!questions.length) {
        form.innerHTML = "";
        checkButton.hidden = true;
        progress.textContent = T.empty;
        return;
      }
      show(false);
    });
  }

  function show(moveFocus) {
    var q = questions[index];
    answer = null;
    feedback.hidden = true;
    feedback.innerHTML = "";
    checkButton.hidden = false;
    checkButton.disabled = false;
    nextButton.hidden = true;
    progress.textContent = W.fmt(T.of, {n: index + 1, total: questions.length});
    widget = W.render(q, form, {
      name: "p" + index, headingId: "practice-heading", heading: W.fmt(T.question, {n: index + 1}),
      onChange: function (response) { answer = response; },
    });
    if (moveFocus) widget.focus();
  }

  function line(label, text) {
    return W.el("p", {}, [W.el("b", {text: label + "："}), W.el("span", {className: "pre-line", text: text})]);
  }

  function check() {
    var q = questions[index];
    answer = widget.get();
    if (!W.isAnswered(answer)) {  /* nothing chosen: ask for an answer, never count it wrong */
      feedback.className = "practice__feedback";
      feedback.innerHTML = "";
      feedback.appendChild(W.el("p", {className: "practice__verdict", role: "alert", text: T.noAnswer}));
      feedback.hidden = false;
      widget.focus();
      return;
    }
    checkButton.disabled = true;
    request("POST", root.dataset.answerUrl, {version_id: q.version_id, response: answer}).then(function (data) {
      feedback.innerHTML = "";
      if (data.error) {
        feedback.appendChild(W.el("p", {text: data.message}));
        checkButton.disabled = false;
      } else {
        var key = data.key;
        var verdict = data.self_check ? T.selfCheck : (data.correct ? T.right : T.wrong);
        if (data.correct) right += 1;
        feedback.className = "practice__feedback " + (data.self_check ? "is-self" : (data.correct ? "is-right" : "is-wrong"));
        feedback.appendChild(W.el("p", {className: "practice__verdict", text: data.cleared ? T.cleared : verdict}));
        if (key.correct_texts.length) {
          var letters = key.correct.map(function (i) { return W.LETTERS[i] + ". " + q.options[i]; });
          feedback.appendChild(line(T.rightAnswer, letters.join(q.type === "ordering" ? " → " : "、")));
        }
        if (key.blanks.length) {
          feedback.appendChild(line(T.accepted, key.blanks.map(function (alts, i) {
            return W.fmt(T.blank, {n: i + 1}) + " " + alts.join(" / ");
          }).join("；")));
        }
        if (key.pairs && key.pairs.length) {
          feedback.appendChild(line(T.pairs, key.pairs.map(function (pair) { return pair[0] + " → " + pair[1]; }).join("；")));
        }
        if (key.numeric && key.numeric.length) feedback.appendChild(line(T.rightAnswer, key.numeric.join("；")));
        if (key.model_answer) feedback.appendChild(line(T.modelAnswer, key.model_answer));
        if (key.explanation) feedback.appendChild(line(T.explanation, key.explanation));
        if (data.links && data.links.length) {
          var p = W.el("p", {}, [W.el("b", {text: T.basis + "："})]);
          data.links.forEach(function (link, i) {
            if (i) p.appendChild(document.createTextNode("；"));
            p.appendChild(link.url ? W.el("a", {href: link.url, text: link.label}) : document.createTextNode(link.label));
          });
          feedback.appendChild(p);
        }
        checkButton.hidden = true;
        if (index < questions.length - 1) {
          nextButton.textContent = T.next;
        } else {
          feedback.appendChild(W.el("p", {className: "practice__done", text: W.fmt(T.done, {right: right, total: questions.length})}));
          nextButton.textContent = T.more;
        }
        nextButton.hidden = false;
      }
      feedback.hidden = false;
      feedback.focus();
    }).catch(function () { checkButton.disabled = false; });
  }

  checkButton.addEventListener("click", check);
  nextButton.addEventListener("click", function () {
    if (index < questions.length - 1) { index += 1; show(true); } else { load(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  load();
})();
