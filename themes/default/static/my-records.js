/* mentorkit "My records": every record of every form kept in this browser,
   by form and date; print some, export all, import a file (merged by record
   id), and compare two records side by side to make a joint one. Records
   opened from files to compare are kept in memory only. */
(function () {
  "use strict";

  var R = window.mentorkitRecords;
  var catalogueElement = document.getElementById("mk-forms");
  var listBox = document.querySelector(".records-list");
  if (!R || !catalogueElement || !listBox) { return; }
  var forms = R.readMeta(catalogueElement);
  if (!Array.isArray(forms)) { return; }
  var t = window.mentorkitWords.t;
  var plural = window.mentorkitWords.plural;
  var toolbar = document.querySelector(".records-toolbar");
  var status = document.querySelector(".records-status");
  var printBox = document.querySelector(".records-print");
  var compareBox = document.querySelector(".records-compare");
  var root = listBox.getAttribute("data-root") || ""; // from this page to the site's root
  var store = forms.length ? forms[0].store : "";
  var byId = new Map();
  forms.forEach(function (meta) { byId.set(meta.id, meta); });
  var fromFiles = []; // {record, file}
  var comparing = null; // {meta, first, second}

  function say(message) { if (status) { status.textContent = message; } }
  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text != null) { made.textContent = text; }
    if (className) { made.className = className; }
    return made;
  }
  // One formatter for every record: making one a row took most of the time of a list of thousands.
  var dates = null;
  try { dates = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" }); } catch (e) { /* ISO dates, then */ }
  function when(iso) {
    try { return dates ? dates.format(new Date(iso)) : iso; } catch (e) { return iso; }
  }
  function metaOfKey(key) {
    for (var i = 0; i < forms.length; i++) { if (forms[i].key === key || forms[i].old_key === key) { return forms[i]; } }
    return null;
  }
  function nameOf(record) { return R.nameOf(byId.get(record.form) || null, record, t); }

  /* Every record, device first then files, each with the key its checkbox carries. */
  function everything() {
    var all = R.list(store).map(function (record) { return { key: "d:" + record.id, record: record, file: "" }; });
    fromFiles.forEach(function (entry, index) { all.push({ key: "f:" + index, record: entry.record, file: entry.file }); });
    return all;
  }

  function render() {
    var all = everything();
    listBox.textContent = "";
    if (!all.length) {
      listBox.appendChild(element("p", t("records_none", null, "No records on this device yet. Answers typed into a form are kept here, one record per meeting or per person."), "records-none"));
      return;
    }
    var groups = forms.map(function (meta) { return { meta: meta, title: meta.title, entries: [] }; });
    var other = { meta: null, title: t("records_other", null, "Forms this handbook does not have"), entries: [] };
    all.forEach(function (entry) {
      var at = forms.indexOf(byId.get(entry.record.form));
      (at >= 0 ? groups[at] : other).entries.push(entry);
    });
    groups.concat([other]).forEach(function (group) {
      if (!group.entries.length) { return; }
      var section = element("section", null, "records-form");
      var heading = element("h2");
      if (group.meta) {
        var link = element("a", group.title);
        link.href = root + group.meta.url;
        heading.appendChild(link);
      } else { heading.textContent = group.title; }
      section.appendChild(heading);
      var table = element("table", null, "records-table");
      var head = table.createTHead().insertRow();
      [t("records_select", null, "Select"), t("records_name", null, "Record"), t("records_changed", null, "Last changed"), t("records_version", null, "Version")]
        .forEach(function (text) { var th = element("th", text); th.scope = "col"; head.appendChild(th); });
      var body = table.createTBody();
      group.entries.sort(function (a, b) { return a.record.created < b.record.created ? -1 : a.record.created > b.record.created ? 1 : 0; });
      group.entries.forEach(function (entry) {
        var row = body.insertRow();
        var box = element("input");
        box.type = "checkbox";
        box.value = entry.key;
        box.setAttribute("aria-label", t("records_select_one", { name: nameOf(entry.record) }, "Select “{name}”"));
        row.insertCell().appendChild(box);
        var name = row.insertCell();
        if (group.meta && !entry.file) {
          var open = element("a", nameOf(entry.record));
          open.href = root + group.meta.url + "#record=" + entry.record.id;
          name.appendChild(open);
        } else {
          name.textContent = nameOf(entry.record);
        }
        if (entry.file) { name.appendChild(element("span", " " + t("records_from_file", { file: entry.file }, "(from {file}, not kept)"), "record-source")); }
        row.insertCell().textContent = when(entry.record.updated);
        row.insertCell().textContent = entry.record.version;
      });
      section.appendChild(table);
      listBox.appendChild(section);
    });
  }

  function selected() {
    var all = everything();
    var keys = Array.prototype.map.call(listBox.querySelectorAll("input[type=checkbox]:checked"), function (box) { return box.value; });
    return all.filter(function (entry) { return keys.indexOf(entry.key) >= 0; });
  }

  /* ---- Printing: each record on a sheet of its own ---- */

  /* The answers given to a question, as conditions compare them: a choice, ticked options, 'yes' for a ticked box. */
  function givenTo(answers, id) {
    var value = R.has(answers, id) ? answers[id] : undefined;
    if (Array.isArray(value)) { return value.filter(function (item) { return typeof item === "string"; }); }
    if (value === true) { return ["yes"]; }
    return typeof value === "string" && value ? [value] : [];
  }

  /* As on a printed form: a question whose condition its answers rule out is left out
     (and so is one that depends on a question left out); one whose deciding question
     has no answer yet is printed. */
  function leftOut(meta, answers, field, asking) {
    return (field.show_if || []).some(function (condition) {
      var question = meta.fields.filter(function (other) { return other.id === condition.field; })[0];
      if (question && asking.indexOf(question.id) < 0 && leftOut(meta, answers, question, asking.concat([field.id]))) { return true; }
      var given = givenTo(answers, condition.field);
      if (!given.length) { return false; }
      var holds = given.some(function (answer) { return condition.answers.indexOf(answer) >= 0; }) !== !!condition.negated;
      return !holds;
    });
  }

  function answerList(meta, answers) {
    var all = document.createDocumentFragment();
    var list = null;
    var section = null;
    meta.fields.forEach(function (field) {
      if (leftOut(meta, answers, field, [])) { return; }
      if (!list || (field.section || "") !== section) {
        section = field.section || "";
        if (section) { all.appendChild(element("h3", section)); }
        list = all.appendChild(element("dl", null, "printed-answers"));
      }
      list.appendChild(element("dt", field.label));
      list.appendChild(element("dd", R.shown(field, R.has(answers, field.id) ? answers[field.id] : undefined) || "—"));
    });
    return all;
  }

  function printed(entry) {
    var record = entry.record;
    var meta = byId.get(record.form);
    var section = element("section", null, "printed-record");
    section.appendChild(element("h2", meta ? meta.title : record.form));
    section.appendChild(element("p", nameOf(record) + " · " + t("records_version_of", { version: record.version }, "version {version}") + " · " + when(record.updated), "printed-meta"));
    if (meta) { section.appendChild(answerList(meta, record.answers)); }
    var retired = Object.keys(record.retired);
    if (retired.length) {
      section.appendChild(element("h3", t("retired", null, "Answers to questions this version no longer asks")));
      var list = element("dl", null, "printed-answers");
      retired.forEach(function (key) {
        list.appendChild(element("dt", key));
        list.appendChild(element("dd", R.shown(null, record.retired[key])));
      });
      section.appendChild(list);
    }
    if (meta && !R.isEmpty(meta, record.answers)) {
      section.appendChild(element("p", t("fingerprint", { value: R.fingerprint(meta, record.answers) }, "Fingerprint of these answers: {value}"), "form-fingerprint"));
    }
    return section;
  }

  function printSelected() {
    var chosen = selected();
    if (!chosen.length) { say(t("records_pick_print", null, "Tick the records to print first.")); return; }
    printBox.textContent = "";
    chosen.forEach(function (entry) { printBox.appendChild(printed(entry)); });
    document.body.setAttribute("data-printing", "records");
    window.print();
  }

  /* ---- Export and import ---- */

  function exportAll() {
    var records = R.list(store).map(function (record) {
      var meta = byId.get(record.form);
      var copy = JSON.parse(JSON.stringify(record));
      copy.form_title = meta ? meta.title : "";
      copy.fingerprint = meta && !R.isEmpty(meta, record.answers) ? R.fingerprint(meta, record.answers) : "";
      return copy;
    });
    if (!records.length) { say(t("records_none_export", null, "There are no records on this device to export.")); return; }
    var name = "my-records-" + new Date().toISOString().slice(0, 10) + ".json";
    R.download(R.exportFile(records, { handbook: store.replace(/^mentorkit\|/, "") }), name);
    say(plural("records_exported", records.length, "{count} records exported.") + " " + name);
  }

  function readFile(file, then) {
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
      if (found.error === "answers_null") { say(t("answers_null", null, "That file has no answers in it (its “answers” are empty), so nothing was loaded.")); return; }
      if (found.error) { say(t("not_answers", null, "That file does not hold answers saved from a mentorkit form.")); return; }
      found.records.forEach(function (record) {
        var meta = byId.get(record.form);
        if (meta && record.version !== meta.version) { R.migrate(meta, record); }
      });
      then(found);
    };
    reader.readAsText(file);
  }

  function importFile(file) {
    readFile(file, function (found) {
      var known = found.records.filter(function (record) { return byId.has(record.form); });
      var counts = R.merge(store, known, function (record, mine) {
        return window.confirm(t("confirm_older", { name: nameOf(mine) },
          "The record “{name}” on this device was changed after the copy in the file. Replace it with the file's copy?"));
      });
      var message = t("imported", { file: file.name, added: counts.added, updated: counts.updated, same: counts.same, kept: counts.kept },
        "From {file}: {added} added, {updated} updated, {same} already here, {kept} kept as they were here.");
      var skipped = found.records.length - known.length;
      if (skipped) { message += " " + plural("records_skipped", skipped, "{count} records are of forms this handbook does not have and were left out."); }
      if (found.tally.dropped) { message += " " + plural("dropped", found.tally.dropped, "{count} values that are not answers were left out."); }
      if (found.tally.twice) { message += " " + plural("twice", found.tally.twice, "{count} records were in the file more than once; the copy changed last was read."); }
      if (found.tally.garbled) { message += " " + t("garbled", null, "Some of its text is not UTF-8 and shows as �: check those answers."); }
      if (counts.failed) { message += " " + t("not_kept", null, "Your browser would not keep the answers; save them to a file instead."); }
      say(message);
      render();
    });
  }

  function openFiles(files) {
    Array.prototype.forEach.call(files, function (file) {
      readFile(file, function (found) {
        found.records.forEach(function (record) { fromFiles.push({ record: record, file: file.name }); });
        say(plural("records_opened", found.records.length, "{count} records opened from a file to compare; they are not kept on this device."));
        render();
      });
    });
  }

  /* ---- Side by side ---- */

  var OWN = ["text", "textarea", "date", "number", "email"];

  function compare() {
    var chosen = selected();
    if (chosen.length !== 2) { say(t("compare_two", null, "Tick exactly two records of the same form to compare them.")); return; }
    var first = chosen[0].record, second = chosen[1].record;
    var meta = byId.get(first.form);
    if (!meta || first.form !== second.form) { say(t("compare_same", null, "The two records must be of the same form.")); return; }
    comparing = { meta: meta, first: first, second: second };
    compareBox.querySelector(".compare-first").textContent = nameOf(first);
    compareBox.querySelector(".compare-second").textContent = nameOf(second);
    var body = compareBox.querySelector("tbody");
    body.textContent = "";
    compareBox.querySelector("h2").textContent = t("compare_title", { form: meta.title }, "Side by side: {form}");
    var differences = 0;
    var section = "";
    meta.fields.forEach(function (field, index) {
      if (field.section && field.section !== section) {
        section = field.section;
        var heading = element("th", section);
        heading.colSpan = 4;
        heading.scope = "colgroup";
        body.insertRow().appendChild(heading);
        heading.parentNode.className = "compare-section";
      }
      var a = R.has(first.answers, field.id) ? first.answers[field.id] : undefined;
      var b = R.has(second.answers, field.id) ? second.answers[field.id] : undefined;
      var differs = !R.same(a, b);
      differences += differs ? 1 : 0;
      var row = body.insertRow();
      row.className = differs ? "differs" : "agrees";
      var question = element("th", field.label);
      question.scope = "row";
      if (differs) { question.appendChild(element("span", t("compare_differs", null, "differs"), "differs-mark")); }
      row.appendChild(question);
      row.insertCell().textContent = R.shown(field, a);
      row.insertCell().textContent = R.shown(field, b);
      var joint = row.insertCell();
      joint.setAttribute("data-joint", String(index));
      if (!differs) { joint.appendChild(element("span", "", "joint-value")); return; }
      var choices = element("div", null, "joint-choices screen-only");
      choices.setAttribute("role", "radiogroup");
      choices.setAttribute("aria-label", t("compare_joint_for", { question: field.label }, "Joint answer to “{question}”"));
      var options = [["first", nameOf(first)], ["second", nameOf(second)]];
      if (OWN.indexOf(field.type) >= 0) { options.push(["own", t("compare_own", null, "my own words")]); }
      options.forEach(function (option) {
        var label = element("label");
        var radio = element("input");
        radio.type = "radio";
        radio.name = "joint-" + index;
        radio.value = option[0];
        radio.checked = option[0] === (a === undefined && b !== undefined ? "second" : "first");
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + option[1]));
        choices.appendChild(label);
      });
      if (OWN.indexOf(field.type) >= 0) {
        var own = element("textarea");
        own.rows = 2;
        own.setAttribute("data-own", String(index));
        own.setAttribute("aria-label", t("compare_own_label", { question: field.label }, "Your own answer to “{question}”"));
        own.value = typeof a === "string" ? a : "";
        choices.appendChild(own);
      }
      joint.appendChild(choices);
      joint.appendChild(element("span", "", "joint-value"));
    });
    // A form that names its records by a field names the joint one the same way.
    compareBox.querySelector('[data-compare="name"]').value = meta.record_name ? "" : t("joint_default", { first: nameOf(first), second: nameOf(second) }, "{first} and {second}, together");
    compareBox.hidden = false;
    showJoint();
    say(plural("compare_count", differences, "{count} answers differ."));
    compareBox.scrollIntoView();
  }

  /* The joint record's answers as chosen so far, each also shown as text (for paper). */
  function jointAnswers() {
    var answers = R.blank();
    comparing.meta.fields.forEach(function (field, index) {
      var choice = compareBox.querySelector('input[name="joint-' + index + '"]:checked');
      var pick = choice ? choice.value : "first";
      var value;
      if (pick === "own") { value = compareBox.querySelector('[data-own="' + index + '"]').value; }
      else {
        var from = pick === "second" ? comparing.second : comparing.first;
        value = R.has(from.answers, field.id) ? from.answers[field.id] : undefined;
      }
      if (value !== undefined) { answers[field.id] = value; }
      compareBox.querySelector('[data-joint="' + index + '"] .joint-value').textContent = R.shown(field, value);
    });
    return answers;
  }

  function showJoint() { if (comparing) { jointAnswers(); } }

  function saveJoint() {
    if (!comparing) { return; }
    var name = compareBox.querySelector('[data-compare="name"]').value.trim();
    var record = R.make(comparing.meta, jointAnswers(), name);
    if (!R.put(store, record)) { say(t("not_kept", null, "Your browser would not keep the answers; save them to a file instead.")); return; }
    render();
    status.textContent = t("joint_saved", { name: nameOf(record) }, "The joint record “{name}” is kept on this device.") + " ";
    var open = element("a", t("joint_open", null, "Open it in the form"));
    open.href = root + comparing.meta.url + "#record=" + record.id;
    status.appendChild(open);
  }

  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "print") { printSelected(); }
      if (action === "export") { exportAll(); }
      if (action === "compare") { compare(); }
      if (action === "import") { toolbar.querySelector('[data-action="import-file"]').click(); }
      if (action === "open-files") { toolbar.querySelector('[data-action="open-files-input"]').click(); }
    });
    toolbar.addEventListener("change", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "import-file" && event.target.files[0]) { importFile(event.target.files[0]); }
      if (action === "open-files-input" && event.target.files.length) { openFiles(event.target.files); }
      if (action === "import-file" || action === "open-files-input") { event.target.value = ""; }
    });
  }
  if (compareBox) {
    compareBox.addEventListener("change", showJoint);
    compareBox.addEventListener("input", function (event) {
      if (event.target.hasAttribute("data-own")) {
        var radio = compareBox.querySelector('input[name="joint-' + event.target.getAttribute("data-own") + '"][value="own"]');
        if (radio) { radio.checked = true; }
      }
      showJoint();
    });
    compareBox.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-compare");
      if (action === "save") { saveJoint(); }
      if (action === "print") { document.body.setAttribute("data-printing", "compare"); window.print(); }
      if (action === "close") { compareBox.hidden = true; comparing = null; }
    });
  }
  window.addEventListener("afterprint", function () { document.body.removeAttribute("data-printing"); });

  forms.forEach(function (meta) { R.adopt(meta); });
  render();
})();
