/* mentorkit: a link that fills a form (made by `mentorkit packs` for each
   pair): the address ends in #prefill= and URL-encoded pairs
   (mentee=Bo&mentor=Ada%20Lovelace), or URL-encoded JSON ({"mentor": "Ada"}).
   The fragment never reaches a server. Only fields whose definition says
   `prefill:` with that key are filled, as text (never as HTML); the
   fragment then leaves the address bar, so a bookmark or a shared address
   does not carry the names. Runs after forms.js: the values are typed in,
   as it were, and kept in a record like any answer (a new record when the
   form already shows other answers). */
(function () {
  "use strict";

  var match = /^#prefill=(.*)$/.exec(window.location.hash);
  if (!match) { return; }
  var MAX = 500;

  function forget() {
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    } catch (e) { /* an address that cannot change stays as it is */ }
  }

  function given(text) {
    var data = null;
    try {
      if (/^(\{|%7B)/i.test(text)) {
        data = JSON.parse(decodeURIComponent(text));
      } else {
        data = {};
        new URLSearchParams(text).forEach(function (value, key) { data[key] = value; });
      }
    } catch (e) { return null; }
    if (!data || typeof data !== "object" || Array.isArray(data)) { return null; }
    var values = Object.create(null);
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      if (typeof value === "string" || typeof value === "number") { values[key] = String(value).slice(0, MAX); }
    });
    return values;
  }

  var values = given(match[1]);
  var form = document.querySelector(".mk-form");
  var metaElement = document.getElementById("mk-form-meta");
  if (!values || !form || !metaElement) { forget(); return; }
  var meta;
  try { meta = JSON.parse(metaElement.textContent); } catch (e) { forget(); return; }

  /* Each field that declares `prefill:` and has a value in the link. */
  var targets = [];
  (meta.fields || []).forEach(function (field) {
    if (!field.prefill || !(field.prefill in values)) { return; }
    var element = form.querySelector('[name="' + CSS.escape(field.id) + '"]');
    if (element && (element.tagName === "TEXTAREA" || element.tagName === "INPUT")) {
      targets.push({ element: element, value: values[field.prefill] });
    }
  });
  if (!targets.length) { forget(); return; }

  var same = targets.every(function (target) { return target.element.value === target.value; });
  if (!same) {
    var answered = Array.prototype.some.call(form.querySelectorAll("[name]"), function (element) {
      return element.type === "radio" || element.type === "checkbox" ? element.checked : element.value !== "";
    });
    var fresh = document.querySelector('[data-record="new"]');
    if (answered && fresh) { fresh.click(); }  // the answers on screen stay in their own record
    targets.forEach(function (target) {
      target.element.value = target.value;
      target.element.dispatchEvent(new Event("input", { bubbles: true }));
    });
    var status = document.querySelector(".form-status");
    var words = window.mentorkitWords;
    if (status) {
      status.textContent = words ? words.t("prefilled", null, "Your names are filled in from the link you followed.")
        : "Your names are filled in from the link you followed.";
    }
  }
  forget();
})();
