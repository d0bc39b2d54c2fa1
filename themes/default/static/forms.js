/* mentorkit forms: answers are kept in this browser's localStorage as they
   are typed, as named records (several per form: one per meeting, one per
   person), and can be saved to / loaded from a JSON file. Nothing is sent
   anywhere. Without this script the form shows and prints blank.
   records.js keeps the records, form-answers.js reads and fills the fields;
   this script ties a record to the form. */
(function () {
  "use strict";

  var form = document.querySelector(".mk-form");
  var R = window.mentorkitRecords;
  if (!R || !window.mentorkitAnswers) { return; }
  var metaElement = document.getElementById("mk-form-meta");
  if (!form || !R || !metaElement) { return; }
  var meta = R.readMeta(metaElement);
  if (!meta) { return; }
  var store = meta.store;
  var toolbar = document.querySelector(".form-toolbar");
  var bar = document.querySelector(".record-bar");
  var picker = bar && bar.querySelector('[data-record="choose"]');
  var status = document.querySelector(".form-status");
  var notice = document.querySelector(".record-notice");
  var retiredBox = document.querySelector(".retired-answers");
  var printedName = document.querySelector(".record-printed");
  var print = document.querySelector(".form-fingerprint");

  var t = window.mentorkitWords.t;
  var plural = window.mentorkitWords.plural;
  var current = null; // the record on screen; none until the first answer

  function say(message) { if (status) { status.textContent = message; } }

  var fields = window.mentorkitAnswers(form, R);
  var collect = fields.collect, apply = fields.apply, addRow = fields.addRow, refresh = fields.refresh, fit = fields.fit;

  /* ---- The record on screen ---- */

  function currentKey() { return store + "|current|" + meta.id; }

  function remember(record) {
    var keeper = R.storage();
    try { if (keeper) { keeper.setItem(currentKey(), record ? record.id : ""); } } catch (e) { /* not kept: fine */ }
  }

  function save() {
    if (!current) {
      var answers = collect();
      if (R.isEmpty(meta, answers)) { return; }
      current = R.make(meta, answers);
      remember(current);
    }
    current.answers = collect();
    current.updated = new Date().toISOString();
    if (!R.put(store, current)) {
      say(t("not_kept", null, "Your browser would not keep the answers; save them to a file instead."));
    }
    show();
  }

  /* The picker, the printed name, the fingerprint (on screen, at the end of
     the printed form and in its footer) and the kept answers of the record on screen. */
  function show() {
    var records = R.list(store, meta.id);
    if (picker) {
      picker.textContent = "";
      if (!current) {
        var none = document.createElement("option");
        none.value = "";
        none.textContent = t("record_new", null, "New record (not kept until you answer)");
        picker.appendChild(none);
      }
      records.forEach(function (record) {
        var option = document.createElement("option");
        option.value = record.id;
        option.textContent = R.nameOf(meta, record, t);
        picker.appendChild(option);
      });
      picker.value = current ? current.id : "";
    }
    var answers = current ? current.answers : R.blank();
    var empty = R.isEmpty(meta, answers);
    var value = empty ? "" : R.fingerprint(meta, answers);
    var line = empty ? "" : t("fingerprint", { value: value }, "Fingerprint of these answers: {value}");
    if (printedName) { printedName.textContent = current ? R.nameOf(meta, current, t) : ""; }
    if (print) {
      print.hidden = empty;
      print.textContent = line;
      print.setAttribute("data-fingerprint", value);
    }
    var style = document.getElementById("mk-fingerprint-footer");
    if (!style) {
      style = document.createElement("style");
      style.id = "mk-fingerprint-footer";
      document.head.appendChild(style);
    }
    var footer = (print && print.getAttribute("data-footer")) || "";
    // On paper the footer keeps the version and gives the fingerprint (the date it was updated is at the top).
    style.textContent = empty ? "" : R.footerRule("", footer, value, t);
    showRetired();
  }

  function showRetired() {
    if (!retiredBox) { return; }
    retiredBox.hidden = !R.fillRetired(retiredBox.querySelector("dl"), current ? current.retired : R.blank());
  }

  function showNotice(record) {
    if (!notice) { return; }
    notice.hidden = true;
    if (!record || !record.notice) { return; }
    var count = Object.keys(record.retired).length;
    notice.textContent = t("moved", { old: record.moved_from || "?", version: meta.version },
      "These answers were saved under version {old} of this form and now follow version {version}.") +
      (count ? " " + plural("moved_kept", count, "{count} answers to questions this version no longer asks are kept at the end.") : "");
    notice.hidden = false;
    delete record.notice; // shown once
    R.put(store, record);
  }

  function open(record, message) {
    current = record;
    remember(record);
    apply(record ? record.answers : R.blank());
    showNotice(record);
    show();
    if (message) { say(message); }
  }

  function newRecord(answers, message) {
    var record = R.make(meta, answers);
    if (!R.isEmpty(meta, answers)) { R.put(store, record); open(record, message); return; }
    open(null, message); // kept when the first answer is typed
  }

  function duplicate() {
    if (!current) { return; }
    var copy = R.blank();
    Object.keys(current.answers).forEach(function (key) { copy[key] = current.answers[key]; });
    var from = R.nameOf(meta, current, t);
    newRecord(copy, t("duplicated", { name: from }, "A new record, starting from “{name}”."));
  }

  function rename() {
    if (!current) { current = R.make(meta, collect()); } // a record may be named before it is filled in
    var field = meta.record_name ? R.fieldOf(meta, meta.record_name) : null;
    var asked = window.prompt(field
      ? t("rename_field", { field: field.label }, "A name for this record (leave it empty to name it by “{field}”):")
      : t("rename", null, "A name for this record:"), current.name || R.nameOf(meta, current, t));
    if (asked === null) { if (!R.get(store, current.id)) { current = null; } return; }
    current.name = asked.trim().slice(0, 200);
    remember(current);
    save();
    say(t("renamed", { name: R.nameOf(meta, current, t) }, "This record is now called “{name}”."));
  }

  function deleteRecord() {
    if (!current) { return; }
    var name = R.nameOf(meta, current, t);
    if (!window.confirm(t("confirm_delete", { name: name }, "Delete the record “{name}” from this device? This cannot be undone unless you saved it to a file."))) { return; }
    R.remove(store, current.id);
    var rest = R.list(store, meta.id);
    open(rest.length ? rest[rest.length - 1] : null, t("deleted", { name: name }, "The record “{name}” is deleted."));
  }

  function clearAnswers() {
    if (!window.confirm(t("confirm_clear", null, "Clear every answer on this form? This cannot be undone unless you saved them to a file."))) { return; }
    form.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = false; } else { el.value = ""; }
    });
    apply(R.blank());
    if (current) { save(); }
    say(t("cleared", null, "All answers are cleared."));
  }

  function download() {
    if (!current) { save(); }
    var record = current || R.make(meta, collect());
    record.answers = collect();
    var copy = JSON.parse(JSON.stringify(record));
    copy.form_title = meta.title;
    copy.fingerprint = R.isEmpty(meta, record.answers) ? "" : R.fingerprint(meta, record.answers);
    var name = form.getAttribute("data-file-name");
    R.download(R.exportFile([copy], {
      form: meta.title, key: meta.key, version: meta.version, saved: new Date().toISOString(), answers: record.answers
    }), name);
    say(t("saved", { file: name }, "Answers saved to {file}."));
  }

  function metaOfKey(key) { return key === meta.key || key === meta.old_key ? meta : null; }

  /* A table's rows without their empty last cells: a row of the file shorter than the table is not changed by it. */
  function tidy(value) {
    if (!Array.isArray(value) || !value.length || !Array.isArray(value[0])) { return value; }
    return value.map(function (row) {
      var end = row.length;
      while (end && row[end - 1] === "") { end -= 1; }
      return row.slice(0, end);
    });
  }

  function clip(text) { return text.length > 60 ? text.slice(0, 59) + "…" : text; }

  /* The answers of the record on screen that its fields could not take (a
     choice not among the options, a date that does not exist, a list for a
     line of text, an answer to a question the form does not ask), as
     “question” (answer): they are not kept, and the reader is told which. */
  function unfitting(record) {
    var onScreen = collect();
    var asked = R.blank();
    var found = [];
    meta.fields.forEach(function (field) {
      asked[field.id] = true;
      var given = R.has(record.answers, field.id) ? record.answers[field.id] : undefined;
      if (!R.same(tidy(given), tidy(R.has(onScreen, field.id) ? onScreen[field.id] : undefined))) {
        found.push("“" + clip(field.label) + "” (" + clip(R.shown(null, given)) + ")");
      }
    });
    Object.keys(record.answers).forEach(function (key) {
      if (asked[key] !== true && R.canonicalValue(record.answers[key]) !== undefined) {
        found.push("“" + clip(key) + "” (" + clip(R.shown(null, record.answers[key])) + ")");
      }
    });
    return found;
  }

  function upload(file) {
    if (R.tooBig(file)) {
      say(t("too_big", { size: R.MAX_MB }, "That file is larger than {size} MB, too large to be answers typed into forms, so nothing was loaded."));
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var found = R.fromFile(String(reader.result), metaOfKey, store);
      if (found.error === "other_handbook") {
        say(t("other_handbook", { handbook: found.handbook }, "That file comes from another handbook, “{handbook}”, so nothing was loaded."));
        return;
      }
      if (found.error === "too_many") {
        say(t("too_many", { count: found.count, most: found.most }, "That file holds {count} records, more than the {most} one file may hold, so nothing was loaded."));
        return;
      }
      if (found.error === "answers_null") {
        say(t("answers_null", null, "That file has no answers in it (its “answers” are empty), so nothing was loaded."));
        return;
      }
      if (found.error) {
        say(t("not_answers", null, "That file does not hold answers saved from a mentorkit form."));
        return;
      }
      var mine = found.records.filter(function (record) { return record.form === meta.id; });
      if (!mine.length && found.records[0].form === "") {
        mine = [found.records[0]];
        mine[0].form = meta.id;
      } else if (!mine.length) {
        var title = found.records[0].title || t("another_form", null, "another form");
        if (!window.confirm(t("other_form", { form: title }, "This file holds answers for “{form}”. Load the answers that fit this form?"))) { return; }
        mine = [found.records[0]];
        mine[0].form = meta.id;
        mine[0].version = meta.version;
      }
      mine.forEach(function (record) { if (record.version !== meta.version) { R.migrate(meta, record); } });
      // A file whose every value was left out holds nothing to show: the record on screen stays.
      mine = mine.filter(function (record) {
        return Object.keys(record.retired).length || Object.keys(record.answers).some(function (key) { return R.canonicalValue(record.answers[key]) !== undefined; });
      });
      if (!mine.length) {
        say(t("answers_null", null, "That file has no answers in it (its “answers” are empty), so nothing was loaded.") +
          (found.tally.dropped ? " " + plural("dropped", found.tally.dropped, "{count} values that are not answers were left out.") : ""));
        return;
      }
      var counts = R.merge(store, mine, function (record, here) {
        return window.confirm(t("confirm_older", { name: R.nameOf(meta, here, t) },
          "The record “{name}” on this device was changed after the copy in the file. Replace it with the file's copy?"));
      });
      open(R.get(store, mine[mine.length - 1].id) || mine[mine.length - 1], null);
      var unfit = unfitting(current);
      if (unfit.length) {
        current.answers = collect(); // the record holds what the form shows
        R.put(store, current);
        show();
      }
      var message = t("loaded", { file: file.name }, "Answers loaded from {file}.");
      if (found.tally.dropped) { message += " " + plural("dropped", found.tally.dropped, "{count} values that are not answers were left out."); }
      if (found.tally.twice) { message += " " + plural("twice", found.tally.twice, "{count} records were in the file more than once; the copy changed last was read."); }
      if (found.tally.garbled) { message += " " + t("garbled", null, "Some of its text is not UTF-8 and shows as �: check those answers."); }
      if (counts.failed) { message += " " + t("not_kept", null, "Your browser would not keep the answers; save them to a file instead."); }
      if (unfit.length) {
        message += " " + plural("unfit", unfit.length, "{count} answers in the file do not fit this form and were left out:") + " " + unfit.join(", ") + ".";
      }
      say(message);
    };
    reader.readAsText(file);
  }

  function setPaper(size) {
    var style = document.getElementById("mk-paper");
    if (!style) {
      style = document.createElement("style");
      style.id = "mk-paper";
      document.head.appendChild(style);
    }
    style.textContent = "@page { size: " + (size === "letter" ? "letter" : "A4") + "; }";
    document.body.classList.remove("paper-a4", "paper-letter");
    document.body.classList.add("paper-" + size);
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches(".answer-table textarea")) { fit(event.target); }
    refresh();
    save();
  });
  form.addEventListener("change", function () { refresh(); save(); });

  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "print") { window.print(); }
      if (action === "save") { download(); }
      if (action === "clear") { clearAnswers(); }
      if (action === "load") { toolbar.querySelector('[data-action="load-file"]').click(); }
    });
    toolbar.addEventListener("change", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "paper") { setPaper(event.target.value); }
      if (action === "load-file" && event.target.files[0]) {
        upload(event.target.files[0]);
        event.target.value = "";
      }
    });
  }
  if (bar) {
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-record");
      if (action === "new") { newRecord(R.blank(), t("started", null, "A new, empty record: it is kept once you answer.")); }
      if (action === "duplicate") { duplicate(); }
      if (action === "rename") { rename(); }
      if (action === "delete") { deleteRecord(); }
    });
    picker.addEventListener("change", function () {
      var record = picker.value ? R.get(store, picker.value) : null;
      open(record, record ? t("opened", { name: R.nameOf(meta, record, t) }, "Showing the record “{name}”.") : null);
    });
  }
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var row = addRow(form.querySelector('[data-table="' + button.getAttribute("data-add-row") + '"]'));
      row.querySelector("textarea").focus();
      save();
    });
  });

  /* The record to show: the one asked for (#record=<id>, from "My records"),
     else the last one used here, else the newest. */
  R.adopt(meta);
  var asked = /^#record=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  var keeper = R.storage();
  var last = keeper && keeper.getItem(currentKey());
  var records = R.list(store, meta.id);
  var first = (asked && R.get(store, asked[1])) || (last && R.get(store, last)) || records[records.length - 1] || null;
  if (first && first.form !== meta.id) { first = null; }
  open(first, first ? t("restored", null, "Your answers from your last visit are back. They are kept only in this browser.") : null);
  if (window.location.hash === "#print") {
    window.addEventListener("load", function () { window.print(); });
  }
})();
