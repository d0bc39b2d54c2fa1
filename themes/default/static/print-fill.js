/* mentorkit print pages: a pack (or every form) printed with some forms
   filled in from the records kept in this browser. For each form with
   records on this device the reader picks one, or leaves the form blank;
   the chosen record's answers go into that form's fields as they go into
   the form's own page (form-answers.js), form-conditions.js leaves out what
   they rule out, and the record's name, its fingerprint and a footer with
   the fingerprint print as a filled form prints. Answers are read from
   localStorage only and written into the page as values and text, never as
   HTML; nothing is sent anywhere, and nothing is written. */
(function () {
  "use strict";

  var R = window.mentorkitRecords;
  var Answers = window.mentorkitAnswers;
  var panel = document.querySelector(".print-fill");
  if (!R || !Answers || !panel || !R.storage()) { return; }
  var t = window.mentorkitWords.t;
  var plural = window.mentorkitWords.plural;
  var choices = panel.querySelector(".print-fill-choices");
  var status = panel.querySelector(".print-fill-status");
  var footers = document.createElement("style");
  footers.id = "mk-fill-footers";
  document.head.appendChild(footers);
  var filled = []; // per form chapter: the footer rule of its record, or ""

  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text != null) { made.textContent = text; }
    if (className) { made.className = className; }
    return made;
  }

  // With the time, as "My records" shows it: two records of a day may share a name.
  // One formatter for every record (making one a record costs more than the rest of a row).
  var dates = null;
  try { dates = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" }); } catch (e) { /* ISO dates, then */ }
  function when(iso) {
    try { return dates ? dates.format(new Date(iso)) : iso; } catch (e) { return iso; }
  }

  function showFooters() { footers.textContent = filled.filter(Boolean).join("\n"); }

  function sayCount() {
    var count = filled.filter(Boolean).length;
    status.textContent = count ? plural("fill_count", count, "{count} forms will print filled in, the others blank.") : t("fill_none", null, "Every form will print blank.");
  }

  /* Every record of the handbook read once, by form: a page of every form
     reads storage once, not once a form. A record kept under another version
     of its form is moved to this one here, in memory only (as "My records"
     does with a file's); the form's page moves it for good when opened. */
  var byForm = new Map();
  function recordsOf(meta) {
    if (!byForm.has(meta.store)) {
      var mine = new Map();
      R.list(meta.store).forEach(function (record) {
        if (!mine.has(record.form)) { mine.set(record.form, []); }
        mine.get(record.form).push(record);
      });
      byForm.set(meta.store, mine);
    }
    return (byForm.get(meta.store).get(meta.id) || []).map(function (record) {
      return record.version === meta.version ? record : R.migrate(meta, record);
    });
  }

  /* One form's chapter: its records, a chooser, and filling it with the one chosen. */
  function chapter(section, index) {
    var meta = R.readMeta(section.querySelector(".mk-form-meta"));
    var form = section.querySelector(".mk-form");
    if (!meta || Array.isArray(meta) || !form) { return false; }
    var records = recordsOf(meta);
    if (!records.length) { return false; }
    var byId = new Map(records.map(function (record) { return [record.id, record]; }));
    var fields = Answers(form, R, section.getAttribute("data-name-prefix") || "");
    var name = element("p", "", "record-printed");
    form.parentNode.insertBefore(name, form);
    var print = section.querySelector(".form-fingerprint");
    var retired = section.querySelector(".retired-answers");
    var page = "mk-filled-" + index;

    function fill(record) {
      var answers = record ? record.answers : R.blank();
      fields.apply(answers);
      var empty = R.isEmpty(meta, answers);
      var value = empty ? "" : R.fingerprint(meta, answers);
      name.textContent = record ? R.nameOf(meta, record, t) : "";
      if (print) {
        print.hidden = empty;
        print.textContent = empty ? "" : t("fingerprint", { value: value }, "Fingerprint of these answers: {value}");
        print.setAttribute("data-fingerprint", value);
      }
      if (retired) { retired.hidden = !R.fillRetired(retired.querySelector("dl"), record ? record.retired : R.blank()); }
      // A footer of its own on this form's sheets only: a named page.
      section.style.page = record && !empty ? page : "";
      section.classList.toggle("is-filled", !!record);
      filled[index] = record && !empty ? R.footerRule(page, section.getAttribute("data-footer") || "", value, t) : "";
      showFooters();
      document.dispatchEvent(new CustomEvent("mentorkit:answers-changed"));
    }

    var row = element("p", null, "print-fill-choice");
    var label = element("label", meta.title);
    var select = element("select");
    select.setAttribute("data-fill", meta.id);
    select.setAttribute("aria-label", t("fill_for", { form: meta.title }, "Fill “{form}” with"));
    var blank = element("option", t("fill_blank", null, "Blank"));
    blank.value = "";
    select.appendChild(blank);
    records.forEach(function (record) {
      var option = element("option", t("fill_record", { name: R.nameOf(meta, record, t), date: when(record.updated) }, "{name} (changed {date})"));
      option.value = record.id;
      select.appendChild(option);
    });
    label.htmlFor = select.id = "fill-" + index;
    select.addEventListener("change", function () {
      fill(byId.get(select.value) || null);
      sayCount();
    });
    row.appendChild(label);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(select);
    var jump = element("a", t("fill_see", null, "see it"));
    jump.href = "#" + section.id;
    row.appendChild(document.createTextNode(" "));
    row.appendChild(jump);
    choices.appendChild(row);
    return true;
  }

  var found = Array.prototype.map.call(document.querySelectorAll(".print-form[data-name-prefix]"), chapter);
  if (found.indexOf(true) < 0) { return; }
  panel.hidden = false;
  sayCount();
  var button = panel.querySelector("[data-action=print]");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
