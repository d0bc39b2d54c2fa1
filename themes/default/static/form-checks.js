/* mentorkit: "Check my answers". Lists required questions left empty and
   answers that cannot be right (an email address without '@', a number
   outside its range, half a date), each a link to its field, and marks
   those fields for eyes and for screen readers (aria-invalid, the message
   tied with aria-describedby). It runs on demand, before printing and
   before saving answers to a file; it never stops either: a half-filled
   form may be printed. Fields hidden by their condition are left out. */
(function () {
  "use strict";

  var form = document.querySelector(".mk-form");
  var panel = document.querySelector(".form-check");
  if (!form || !panel) { return; }
  var summary = panel.querySelector(".check-summary");
  var count = panel.querySelector(".check-count");
  var list = panel.querySelector(".check-list");
  var words = window.mentorkitWords;
  var t = words.t;
  var checked = false;

  var EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

  function inputsOf(field) {
    return Array.prototype.slice.call(field.querySelectorAll("input, select, textarea"));
  }

  function labelOf(field) {
    var label = field.querySelector("label, legend, caption");
    var text = label ? label.cloneNode(true) : null;
    if (!text) { return ""; }
    Array.prototype.forEach.call(text.querySelectorAll(".required, .visually-hidden"), function (el) { el.remove(); });
    return text.textContent.replace(/\s+/g, " ").trim();
  }

  function isAnswered(field, inputs) {
    if (field.classList.contains("field-signature")) {
      // Every signer's name.
      return inputs.filter(function (el) { return /-name$/.test(el.name); }).every(function (el) { return el.value.trim(); });
    }
    return inputs.some(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { return el.checked; }
      return el.value.trim() !== "" || (el.validity && el.validity.badInput);
    });
  }

  function bound(value) { return value === null || value === "" ? null : Number(value); }

  /* What is wrong with one input's answer, in the page's words, or "". */
  function problemWith(input) {
    var value = input.value.trim();
    if (input.type === "email" && value && !EMAIL.test(value)) {
      return t("check.email", null, "This is not an email address: write it as name@example.org.");
    }
    if (input.type === "number") {
      if (input.validity && input.validity.badInput) { return t("check.number", null, "This is not a number."); }
      if (!value) { return ""; }
      var number = Number(value);
      if (isNaN(number)) { return t("check.number", null, "This is not a number."); }
      var min = bound(input.getAttribute("min"));
      var max = bound(input.getAttribute("max"));
      if ((min !== null && number < min) || (max !== null && number > max)) {
        if (min !== null && max !== null) {
          return t("check.range", { min: min, max: max }, "This must be from {min} to {max}.");
        }
        return min !== null ? t("check.min", { min: min }, "This must be {min} or more.")
          : t("check.max", { max: max }, "This must be {max} or less.");
      }
    }
    if (input.type === "date") {
      if (input.validity && input.validity.badInput) { return t("check.date", null, "This is not a whole date: give the day, the month and the year."); }
      if (value && !realDate(value)) { return t("check.date", null, "This is not a whole date: give the day, the month and the year."); }
    }
    return "";
  }

  /* A browser without a date picker keeps what was typed: it must be a real YYYY-MM-DD day. */
  function realDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) { return false; }
    var day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return day.getUTCFullYear() === +match[1] && day.getUTCMonth() === +match[2] - 1 && day.getUTCDate() === +match[3];
  }

  function clearMark(field) {
    var error = field.querySelector(".field-error");
    if (error) { error.remove(); }
    field.classList.remove("is-invalid");
    inputsOf(field).forEach(function (input) {
      input.removeAttribute("aria-invalid");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id.indexOf("error-") !== 0; });
      if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    });
  }

  function mark(field, message, inputs) {
    var error = document.createElement("p");
    error.className = "field-error";
    error.id = "error-" + field.id.replace(/^field-/, "");
    error.textContent = message;
    // After the label, where a reader looks first (a table's caption is inside it: before the table).
    var heading = field.querySelector(":scope > label, :scope > legend");
    field.insertBefore(error, heading ? heading.nextSibling : field.firstChild);
    field.classList.add("is-invalid");
    inputs.forEach(function (input) {
      input.setAttribute("aria-invalid", "true");
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      ids.unshift(error.id);
      input.setAttribute("aria-describedby", ids.join(" "));
    });
  }

  /* Every problem on the form, in the order of its fields. */
  function findProblems() {
    var found = [];
    form.querySelectorAll(".field").forEach(function (field) {
      clearMark(field);
      if (field.closest(".is-hidden-by-condition")) { return; }
      var inputs = inputsOf(field);
      if (!inputs.length) { return; }
      var message = "";
      var wrong = [];
      var required = inputs.some(function (el) { return el.required; }) || !!field.querySelector(".required");
      if (required && !isAnswered(field, inputs)) {
        message = t("check.required", null, "This question is required and has no answer yet.");
        wrong = inputs;
      } else {
        inputs.forEach(function (input) {
          var problem = problemWith(input);
          if (problem && !message) { message = problem; }
          if (problem) { wrong.push(input); }
        });
      }
      if (message) {
        mark(field, message, wrong);
        found.push({ field: field, label: labelOf(field), message: message, target: wrong[0] });
      }
    });
    return found;
  }

  function show(found) {
    list.textContent = "";
    found.forEach(function (problem) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + (problem.target.id || problem.field.id);
      // "Goal 1: ...", but "Do you want to continue? ..." (no colon after a question mark).
      link.textContent = /[?!:.…]$/.test(problem.label) ? problem.label + " " + problem.message
        : t("check.item", { field: problem.label, problem: problem.message }, "{field}: {problem}");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        problem.field.scrollIntoView({ block: "center" });
        problem.target.focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    count.textContent = found.length
      ? words.plural("check.found", found.length, found.length === 1 ? "{count} answer needs a look. You can still print or save the form as it is." : "{count} answers need a look. You can still print or save the form as it is.")
      : t("check.none", null, "Every required question is answered and every answer looks right.");
    list.hidden = !found.length;
    summary.hidden = false;
    summary.classList.toggle("has-problems", found.length > 0);
  }

  /* Check now; `focus` moves the reader to the list (on demand, not before printing). */
  function check(focus) {
    checked = true;
    show(findProblems());
    if (focus) { summary.focus(); }
  }

  panel.hidden = false;
  panel.querySelector('[data-action="check"]').addEventListener("click", function () { check(true); });
  window.addEventListener("beforeprint", function () { check(false); });
  // Before answers are saved to a file: forms.js's button, or any script that says so.
  document.addEventListener("mentorkit:before-export", function () { check(false); });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest('[data-action="save"], [data-action="export"]');
    if (button) { check(false); }
  }, true);
  // Once checked, the marks follow the answers as they change.
  function recheck() {
    if (checked) { window.setTimeout(function () { check(false); }, 0); }
  }
  form.addEventListener("input", recheck);
  document.addEventListener("change", recheck);
  document.addEventListener("mentorkit:answers-changed", recheck);
  // Answers put in by forms.js (another record, a file) come with a word in its status line.
  var status = document.querySelector(".form-status");
  if (status && window.MutationObserver) {
    new MutationObserver(recheck).observe(status, { childList: true, characterData: true, subtree: true });
  }
  window.mentorkitChecks = { check: check };
})();
