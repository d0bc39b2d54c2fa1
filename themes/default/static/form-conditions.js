/* mentorkit: fields and sections shown only when an earlier answer allows
   (show_if in a form's front matter). The page holds every field, each
   conditional one wrapped with its condition, so that without scripts, and
   in PDFs, all of them show with their conditions.

   On screen a conditional part shows only while its condition holds; its
   answers are kept while it is hidden. On paper it prints when its
   condition holds, and also, with its condition, when the question it
   depends on has no answer yet (a blank form prints everything); it is
   left out when that answer rules it out. */
(function () {
  "use strict";

  var answerKey = window.mentorkitAnswers && window.mentorkitAnswers.key;

  /* One form's conditional parts; on a print page, every form's, each with
     its chapter's name prefix (see form-answers.js). */
  function watch(form) {
    var parts = Array.prototype.slice.call(form.querySelectorAll("[data-show-if]"));
    if (!parts.length) { return null; }
    var holder = form.closest("[data-name-prefix]");
    var prefix = holder ? holder.getAttribute("data-name-prefix") : "";
    function keyOf(el) { return answerKey ? answerKey(el, prefix) : el.name; }

    function inputsNamed(name) {
      return Array.prototype.slice.call(form.querySelectorAll("input, select, textarea")).filter(function (el) {
        return keyOf(el) === name;
      });
    }

    /* The answers given to a question: the ticked options, the chosen item of a list. */
    function answersTo(name) {
      var given = [];
      inputsNamed(name).forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") {
          if (el.checked) { given.push(el.value); }
        } else if (el.value) {
          given.push(el.value);
        }
      });
      return given;
    }

    return function update() {
      // In document order: a question comes before the parts it decides, so its own state is known.
      parts.forEach(function (part) {
        var name = part.getAttribute("data-show-if");
        var wanted = [];
        try { wanted = JSON.parse(part.getAttribute("data-answers")) || []; } catch (e) { /* none */ }
        var given = answersTo(name);
        var holds = given.some(function (answer) { return wanted.indexOf(answer) >= 0; }) !== part.hasAttribute("data-negated");
        var question = inputsNamed(name)[0];
        var questionHidden = !question || !!question.closest(".is-hidden-by-condition");
        var questionLeftOut = !question || !!question.closest(".is-left-out-on-paper");
        var questionOpen = !!(question && question.closest(".is-open-on-paper"));
        var open = !questionLeftOut && (given.length === 0 || questionOpen);
        part.classList.toggle("is-hidden-by-condition", questionHidden || !holds);
        part.classList.toggle("is-open-on-paper", open);
        part.classList.toggle("is-left-out-on-paper", !open && (questionLeftOut || !holds));
      });
    };
  }

  var updates = Array.prototype.map.call(document.querySelectorAll(".mk-form"), watch).filter(Boolean);
  if (!updates.length) { return; }
  function update() { updates.forEach(function (each) { each(); }); }

  document.addEventListener("input", update);
  document.addEventListener("change", update);
  // forms.js and print-fill.js put answers in without input events (another
  // record chosen, a file loaded, answers cleared): look again after any click
  // or change on the page has been handled, and whenever its status line speaks.
  function soon() { window.setTimeout(update, 0); }
  document.addEventListener("click", soon);
  document.addEventListener("change", soon);
  document.addEventListener("mentorkit:answers-changed", update);
  var status = document.querySelector(".form-status");
  if (status && window.MutationObserver) {
    new MutationObserver(soon).observe(status, { childList: true, characterData: true, subtree: true });
  }
  window.addEventListener("beforeprint", update);
  window.addEventListener("pageshow", update);
  window.mentorkitConditions = { update: update };
  update();
})();
