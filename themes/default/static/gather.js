/* mentorkit "Gather answers": the coordinator opens answer files exported
   from forms or from "My records" and sees a table per form, counts and a
   CSV file per form, and with a roster which pairs have not returned which
   form. Everything happens in this browser: nothing is uploaded, nothing is
   kept. Every file is untrusted: records are cleaned by records.js, text is
   set with textContent only, maps have no prototype. */
(function () {
  "use strict";

  var R = window.mentorkitRecords;
  var metaElement = document.getElementById("mk-gather");
  var dropZone = document.querySelector("[data-drop]");
  var formsBox = document.querySelector(".gather-forms");
  if (!R || !metaElement || !dropZone || !formsBox) { return; }
  var given = R.readMeta(metaElement);
  if (!given || !Array.isArray(given.forms)) { return; }
  var words = given.words || {};
  var handbook = String(given.handbook || "");
  var forms = given.forms;
  var byId = new Map();
  forms.forEach(function (meta) { byId.set(meta.id, meta); });
  var status = document.querySelector(".gather-status");
  var filesBox = document.querySelector(".gather-files");
  var fileList = document.querySelector(".gather-file-list");
  var refusedBox = document.querySelector(".gather-refused");
  var missingBox = document.querySelector(".gather-missing");
  var root = formsBox.getAttribute("data-root") || "";

  var MAX_MB = 20; // larger is not answers typed into forms
  var SHOWN = 500; // characters of an answer shown in a table; the CSV has them all
  var files = []; // {name, problem, notes, records}, in the order read
  var roster = null; // {file, pairs: [{pair, mentor, mentee, programme}]}

  /* ---- Words ---- */

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return values && name in values ? String(values[name]) : whole; });
  }
  function t(key, values, english) { return fill(typeof words[key] === "string" ? words[key] : english, values); }
  function plural(key, count, values, english) {
    var category = "other";
    try { category = new Intl.PluralRules(given.locale || "en").select(count); } catch (e) { category = count === 1 ? "one" : "other"; }
    var text = words[key + "." + category] || words[key + ".other"] || english;
    var all = { count: count };
    Object.keys(values || {}).forEach(function (name) { all[name] = values[name]; });
    return fill(text, all);
  }
  function say(message) { status.textContent = message; }
  /* What was last read of the answers and of the roster, said together: files and a
     roster dropped at once are read side by side, and the one read last would hide the other. */
  var told = { files: "", roster: "" };
  function tell(kind, message) {
    told[kind] = message;
    say([told.files, told.roster].filter(Boolean).join(" "));
  }
  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text != null) { made.textContent = text; }
    if (className) { made.className = className; }
    return made;
  }

  /* ---- Reading a file ---- */

  function metaOfKey(key) {
    for (var i = 0; i < forms.length; i++) { if (forms[i].key === key || forms[i].old_key === key) { return forms[i]; } }
    return null;
  }

  /* A note about some records of a file, counted by kind and form. */
  function note(notes, kind, values) {
    var id = kind + "\u0000" + (values.form || "") + "\u0000" + (values.version || "");
    var found = notes.get(id);
    if (!found) { found = { kind: kind, values: values, count: 0 }; notes.set(id, found); }
    found.count += 1;
  }

  function examine(name, text) {
    var entry = { name: name, problem: "", notes: new Map(), records: [], dropped: 0 };
    var data;
    if (!text.trim()) { entry.problem = t("empty_file", null, "This file is empty: it was saved before anything was written into it, or copied only in part."); return entry; }
    try { data = JSON.parse(text); } catch (e) { entry.problem = t("not_json", null, "This file is not a JSON file, so it holds no answers from this handbook's forms."); return entry; }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      entry.problem = t("not_answers", null, "This file does not hold answers exported from a mentorkit form.");
      return entry;
    }
    var from = R.handbookOf(data);
    if (from === null) {
      entry.problem = t("no_handbook", null, "This file does not say which handbook it comes from, so its answers were not read.");
      return entry;
    }
    if (from !== handbook) {
      entry.problem = t("other_handbook", { handbook: from.slice(0, 200) }, "This file comes from another handbook, “{handbook}”, so its answers were not read.");
      return entry;
    }
    var found = R.fromFile(text, metaOfKey);
    if (found.error === "too_many") {
      entry.problem = t("too_many", { count: found.count, most: found.most }, "This file holds {count} records, more than the {most} one file may hold; it was not read.");
      return entry;
    }
    if (found.error) {
      entry.problem = found.error === "answers_null" ? t("answers_null", null, "This file has no answers in it.")
        : t("not_answers", null, "This file does not hold answers exported from a mentorkit form.");
      return entry;
    }
    entry.dropped = found.tally.dropped;
    entry.twice = found.tally.twice;
    entry.garbled = found.tally.garbled;
    found.records.forEach(function (record) {
      var meta = byId.get(record.form);
      if (!meta) { note(entry.notes, "unknown_form", { form: record.form.slice(0, 200) }); return; }
      if (!meta.collect) { note(entry.notes, "not_collected", { form: meta.title }); return; }
      if (record.version !== meta.version) {
        if (!meta.replaces || record.version !== meta.replaces.version) {
          note(entry.notes, record.version ? "unknown_version" : "no_version", { form: meta.title, version: record.version.slice(0, 40), current: meta.version });
          return;
        }
        note(entry.notes, "moved", { form: meta.title, version: record.version, current: meta.version });
        R.migrate(meta, record);
      }
      entry.records.push(record);
    });
    return entry;
  }

  var ENGLISH_NOTES = {
    unknown_form: "{count} records are of a form this handbook does not have (“{form}”); they were not read.",
    unknown_version: "{count} records of “{form}” were saved under version {version}, which this handbook does not know (the form is at version {current}); they were not read.",
    no_version: "{count} records of “{form}” do not say which version of the form they were saved under (the form is at version {current}); they were not read.",
    moved: "{count} records of “{form}” were saved under version {version} and are read as version {current}.",
    not_collected: "{count} records of “{form}” were not read: that form is not gathered."
  };

  function readFiles(list) {
    var pending = list.length;
    var count = list.length; // the picker's list empties once it is reset
    Array.prototype.forEach.call(list, function (file) {
      var done = function (entry) {
        files.push(entry);
        pending -= 1;
        if (!pending) { render(); tell("files", plural("read_count", count, null, "{count} files read.")); }
      };
      if (file.size > MAX_MB * 1024 * 1024) {
        done({ name: file.name, problem: t("too_big", { size: MAX_MB }, "This file is larger than {size} MB, too large to be answers typed into forms; it was not read."), notes: new Map(), records: [], dropped: 0 });
        return;
      }
      var reader = new FileReader();
      reader.onload = function () { done(examine(file.name, String(reader.result))); };
      reader.onerror = function () { done({ name: file.name, problem: t("not_answers", null, "This file does not hold answers exported from a mentorkit form."), notes: new Map(), records: [], dropped: 0 }); };
      reader.readAsText(file);
    });
  }

  /* ---- What the files hold, together ---- */

  function answersText(record) {
    return JSON.stringify(Object.keys(record.answers).sort().map(function (key) { return [key, record.answers[key]]; }));
  }

  /* Every record read, each once (by record id: the newest copy wins), by form. */
  function gathered() {
    var byRecord = new Map();
    var duplicates = 0;
    files.forEach(function (entry, fileIndex) {
      entry.records.forEach(function (record) {
        var key = record.form + "\u0000" + record.id;
        var seen = byRecord.get(key);
        if (seen) {
          duplicates += 1;
          if (record.updated > seen.record.updated || (record.updated === seen.record.updated && answersText(record) !== answersText(seen.record) && fileIndex > seen.file)) {
            byRecord.set(key, { record: record, file: fileIndex });
          }
          return;
        }
        byRecord.set(key, { record: record, file: fileIndex });
      });
    });
    var perForm = new Map();
    byRecord.forEach(function (value) {
      var list = perForm.get(value.record.form) || [];
      list.push(value);
      perForm.set(value.record.form, list);
    });
    perForm.forEach(function (list) {
      list.sort(function (a, b) { return a.record.created < b.record.created ? -1 : a.record.created > b.record.created ? 1 : a.record.id < b.record.id ? -1 : 1; });
    });
    return { perForm: perForm, duplicates: duplicates };
  }

  /* ---- Answers as text ---- */

  function optionLabel(field, value) {
    var at = field.values ? field.values.indexOf(value) : -1;
    return at >= 0 && field.options ? field.options[at] : String(value);
  }

  function cellText(field, value) {
    if (value === undefined || value === null || value === false) { return ""; }
    if (value === true) { return t("ticked", null, "Ticked"); }
    if (Array.isArray(value)) {
      if (value.length && Array.isArray(value[0])) {
        return value.filter(function (row) { return row.some(function (cell) { return cell !== ""; }); })
          .map(function (row) { return row.join(" | "); }).join("\n");
      }
      return value.map(function (item) { return optionLabel(field, item); }).join("; ");
    }
    return optionLabel(field, value);
  }

  function answerOf(record, field) { return R.has(record.answers, field.id) ? record.answers[field.id] : undefined; }

  function nameOf(meta, record) { return R.nameOf(meta, record, window.mentorkitWords ? window.mentorkitWords.t : t); }

  /* ---- Counts ---- */

  var COUNTED = ["choice", "multichoice", "yesno", "scale", "checkbox"];

  /* [[label, count], ...] for a counted field: each option, other answers, no answer. */
  function countsOf(field, entries) {
    var buckets = [];
    var at = new Map();
    var add = function (key, label) { at.set(key, buckets.length); buckets.push([label, 0]); };
    if (field.type === "scale") {
      for (var point = 1; point <= (field.points || 5); point++) {
        var label = String(point);
        if (point === 1 && field.low) { label += " (" + field.low + ")"; }
        if (point === field.points && field.high) { label += " (" + field.high + ")"; }
        add(String(point), label);
      }
    } else if (field.type === "checkbox") {
      add("true", t("ticked", null, "Ticked"));
    } else {
      (field.values || []).forEach(function (value, index) { add(value, field.options[index]); });
    }
    var other = 0, none = 0, sum = 0, scored = 0;
    entries.forEach(function (entry) {
      var value = answerOf(entry.record, field);
      var items = Array.isArray(value) ? value : value === undefined || value === "" || value === false ? [] : [value];
      if (!items.length) { none += 1; return; }
      items.forEach(function (item) {
        var key = String(item);
        if (at.has(key)) { buckets[at.get(key)][1] += 1; } else { other += 1; }
        if (field.type === "scale" && at.has(key)) { sum += Number(key); scored += 1; }
      });
    });
    if (other) { buckets.push([t("other_answer", null, "Another answer"), other]); }
    buckets.push([t("no_answer", null, "No answer"), none]);
    return { buckets: buckets, average: scored ? sum / scored : null };
  }

  function countsTable(field, entries) {
    var made = countsOf(field, entries);
    var figure = element("figure", null, "gather-count");
    figure.setAttribute("data-field", field.id);
    figure.appendChild(element("figcaption", field.label));
    var table = element("table");
    var head = table.createTHead().insertRow();
    [t("answer", null, "Answer"), t("count", null, "Count")].forEach(function (text) { var th = element("th", text); th.scope = "col"; head.appendChild(th); });
    var body = table.createTBody();
    var most = Math.max.apply(null, made.buckets.map(function (bucket) { return bucket[1]; }).concat([1]));
    made.buckets.forEach(function (bucket) {
      var row = body.insertRow();
      var th = element("th", bucket[0]);
      th.scope = "row";
      row.appendChild(th);
      var cell = row.insertCell();
      cell.className = "gather-bar-cell";
      var bar = element("span", null, bucket[1] ? "gather-bar" : "gather-bar none");
      bar.style.width = (8 * bucket[1] / most).toFixed(2) + "rem";
      bar.setAttribute("aria-hidden", "true");
      cell.appendChild(bar);
      cell.appendChild(element("span", String(bucket[1]), "gather-number"));
    });
    figure.appendChild(table);
    if (made.average !== null) {
      figure.appendChild(element("p", t("average", { value: made.average.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 2 }) }, "Average: {value}"), "gather-average"));
    }
    return figure;
  }

  /* ---- CSV (RFC 4180), safe to open in a spreadsheet ---- */

  /* A cell a spreadsheet would run as a formula ('=', '+', '-', '@', a tab
     or a carriage return first) starts with an apostrophe instead; a plain
     number such as -2 is left as it is. */
  function safeCell(text) {
    var value = String(text);
    if (/^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value)) { value = "'" + value; }
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function csvOf(rows) {
    return rows.map(function (row) { return row.map(safeCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* With a byte order mark first: Excel takes a CSV without one for the
     computer's old code page and garbles accents; other programs skip it. */
  function download(text, name) {
    var blob = new Blob(["\uFEFF" + text], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function rowsOf(meta, fields, entries) {
    var header = [t("record", null, "Record")].concat(fields.map(function (field) { return field.label; }))
      .concat([t("file", null, "File"), t("record_id", null, "Record id"), t("version", null, "Version"), t("changed", null, "Last changed")]);
    var rows = [header];
    entries.forEach(function (entry) {
      var record = entry.record;
      rows.push([nameOf(meta, record)].concat(fields.map(function (field) { return cellText(field, answerOf(record, field)); }))
        .concat([files[entry.file].name, record.id, record.version, record.updated]));
    });
    return rows;
  }

  /* ---- Showing it ---- */

  function formSection(meta, entries) {
    var fields = meta.fields.filter(function (field) { return field.collect; });
    var section = element("section", null, "gather-form");
    section.setAttribute("data-form", meta.id);
    var heading = element("h2");
    var link = element("a", meta.title);
    link.href = root + meta.url;
    heading.appendChild(link);
    section.appendChild(heading);
    section.appendChild(element("p", plural("records", entries.length, null, "{count} records"), "gather-record-count"));
    if (fields.length < meta.fields.length) {
      section.appendChild(element("p", t("some_fields", { count: fields.length, total: meta.fields.length }, "Only the questions this form lets the coordinator read are shown: {count} of {total}."), "gather-note"));
    }
    var button = element("button", t("csv", { form: meta.title }, "Download “{form}” as CSV"));
    button.type = "button";
    button.setAttribute("data-csv", meta.id);
    section.appendChild(button);
    var counted = fields.filter(function (field) { return COUNTED.indexOf(field.type) >= 0; });
    if (counted.length) {
      var counts = element("div", null, "gather-counts");
      counts.appendChild(element("h3", t("counts", null, "Counts")));
      counted.forEach(function (field) { counts.appendChild(countsTable(field, entries)); });
      section.appendChild(counts);
    }
    var rows = rowsOf(meta, fields, entries);
    var scroller = element("div", null, "gather-scroll");
    scroller.setAttribute("role", "region");
    scroller.setAttribute("tabindex", "0");
    scroller.setAttribute("aria-label", t("table_label", { form: meta.title }, "Answers to “{form}”"));
    var table = element("table", null, "gather-table");
    var head = table.createTHead().insertRow();
    rows[0].forEach(function (text) { var th = element("th", text); th.scope = "col"; head.appendChild(th); });
    var body = table.createTBody();
    var clipped = false;
    rows.slice(1).forEach(function (cells) {
      var row = body.insertRow();
      cells.forEach(function (text, index) {
        // Laying out thousands of long answers in full held the page for many seconds.
        if (text.length > SHOWN) { text = text.slice(0, SHOWN - 1) + "…"; clipped = true; }
        if (index === 0) { var th = element("th", text); th.scope = "row"; row.appendChild(th); } else { row.insertCell().textContent = text; }
      });
    });
    if (clipped) { section.appendChild(element("p", t("clipped", { size: SHOWN }, "Answers longer than {size} characters are cut short here (…); the CSV holds them whole."), "gather-note")); }
    scroller.appendChild(table);
    section.appendChild(scroller);
    return section;
  }

  function fileItem(entry, index) {
    var item = element("li", null, entry.problem ? "gather-file refused" : "gather-file");
    item.appendChild(element("strong", entry.name));
    var lines = [];
    if (entry.problem) { lines.push(entry.problem); } else {
      lines.push(entry.records.length ? plural("file_read", entry.records.length, null, "{count} records read.") : t("file_none", null, "No record read."));
      entry.notes.forEach(function (found) { lines.push(plural(found.kind, found.count, found.values, ENGLISH_NOTES[found.kind])); });
      if (entry.dropped) { lines.push(plural("dropped", entry.dropped, null, "{count} values that are not answers were left out.")); }
      if (entry.garbled) { lines.push(t("garbled", null, "Some of its text is not UTF-8 and shows as �: check those answers.")); }
      if (entry.twice) { lines.push(plural("twice", entry.twice, null, "{count} records were in this file more than once; the copy changed last was read.")); }
    }
    lines.forEach(function (line) { item.appendChild(element("span", " " + line, "gather-file-note")); });
    var remove = element("button", t("remove", null, "Remove"), "gather-remove");
    remove.type = "button";
    remove.setAttribute("data-remove", String(index));
    remove.setAttribute("aria-label", t("remove_file", { file: entry.name }, "Remove {file}"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(remove);
    return item;
  }

  function refusedNotes() {
    var refused = new Map();
    files.forEach(function (entry) {
      entry.notes.forEach(function (found) { if (found.kind === "not_collected") { refused.set(found.values.form, true); } });
    });
    refusedBox.textContent = "";
    forms.forEach(function (meta) {
      if (!refused.has(meta.title)) { return; }
      var box = element("div", null, "gather-refusal");
      box.setAttribute("role", "note");
      box.setAttribute("data-form", meta.id);
      box.appendChild(element("p", t("refused", { form: meta.title }, "“{form}” is not gathered: its answers are for the people who fill it in, not for the coordinator.")));
      if (meta.confidential) { box.appendChild(element("p", t("refused_why", { why: meta.confidential }, "The form says who may see its answers: {why}"))); }
      refusedBox.appendChild(box);
    });
  }

  var lastGathered = null;

  function render() {
    var all = gathered();
    lastGathered = all;
    fileList.textContent = "";
    files.forEach(function (entry, index) { fileList.appendChild(fileItem(entry, index)); });
    filesBox.hidden = !files.length;
    if (all.duplicates) { fileList.appendChild(element("li", plural("duplicates", all.duplicates, null, "{count} records were already read from another file and are counted once."), "gather-file-note")); }
    refusedNotes();
    formsBox.textContent = "";
    forms.forEach(function (meta) {
      var entries = all.perForm.get(meta.id);
      if (entries && entries.length) { formsBox.appendChild(formSection(meta, entries)); }
    });
    renderMissing(all);
  }

  /* ---- The roster: who has not returned which form ---- */

  /* Rows of an RFC 4180 CSV text (quoted cells, "" for a quote, CRLF or LF),
     split by ',' or, as some spreadsheets save it, by ';' or tabs: the
     header line decides, as for `mentorkit packs`. `unclosed` is the line
     of a quote never closed (the rest of the file read into one cell), or 0. */
  function parseCsv(text) {
    var rows = [], row = [], cell = "", quoted = false, i = 0, line = 1, opened = 0;
    text = text.replace(/^\uFEFF/, "");
    var named = /^sep=([,;\t|])\r?\n/i.exec(text);  // Excel's line naming the separator
    if (named) { text = text.slice(named[0].length); }
    var header = text.split(/\r?\n/).filter(function (line) { return /[^ \r,;\t]/.test(line); })[0] || "";
    var split = named ? named[1] : [",", ";", "\t"].reduce(function (best, mark) {
      return header.split(mark).length > header.split(best).length ? mark : best;
    }, ",");
    while (i < text.length) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (c === '"') { quoted = false; i += 1; continue; }
        if (c === "\n") { line += 1; }
        cell += c; i += 1; continue;
      }
      if (c === '"') { quoted = true; opened = line; i += 1; continue; }
      if (c === split) { row.push(cell); cell = ""; i += 1; continue; }
      if (c === "\r" || c === "\n") {
        row.push(cell); cell = "";
        rows.push(row); row = [];
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line += 1;
        continue;
      }
      cell += c; i += 1;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    rows = rows.filter(function (cells) { return cells.some(function (value) { return value.trim() !== ""; }); });
    return { rows: rows, unclosed: quoted ? opened + (named ? 1 : 0) : 0 };
  }

  function readRoster(file) {
    if (file.size > MAX_MB * 1024 * 1024) { tell("roster", t("too_big", { size: MAX_MB }, "This file is larger than {size} MB, too large to be answers typed into forms; it was not read.")); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var parsed = parseCsv(String(reader.result));
      if (parsed.unclosed) {
        tell("roster", t("roster_quote", { file: file.name, line: parsed.unclosed },
          "The roster {file} was not read: a quote (\") opened on line {line} is never closed, so every line after it would be taken for one name. Close the quote, or take it out, and pick the roster again."));
        return;
      }
      var rows = parsed.rows;
      var header = (rows[0] || []).map(function (name) { return name.trim().toLowerCase(); });
      var column = function (name) { return header.indexOf(name); };
      if (column("pair") < 0 || column("mentor") < 0 || column("mentee") < 0) {
        tell("roster", t("roster_bad", { file: file.name, columns: header.join(", ").slice(0, 300) }, "The roster {file} needs the columns pair, mentor and mentee; it has {columns}."));
        return;
      }
      var pairs = rows.slice(1).map(function (cells) {
        var get = function (name) { var at = column(name); return at >= 0 && at < cells.length ? cells[at].trim() : ""; };
        return { pair: get("pair"), mentor: get("mentor"), mentee: get("mentee"), programme: get("programme") };
      }).filter(function (pair) { return pair.pair || pair.mentor || pair.mentee; });
      roster = { file: file.name, pairs: pairs };
      tell("roster", plural("roster_read", pairs.length, { file: file.name }, "Read the roster {file}: {count} pairs. Its names stay in this browser."));
      render();
    };
    reader.readAsText(file);
  }

  /* A name as compared: letter case, accents, punctuation and runs of spaces aside. */
  function plain(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  /* The texts of a record a name may be found in: its name and its one-line text answers. */
  function textsOf(record) {
    var texts = [plain(record.name)];
    Object.keys(record.answers).forEach(function (key) {
      var value = record.answers[key];
      if (typeof value === "string" && value.length < 300) { texts.push(plain(value)); }
    });
    return texts;
  }

  function holds(texts, name) {
    if (!name) { return false; }
    return texts.some(function (text) { return text === name || (" " + text + " ").indexOf(" " + name + " ") >= 0; });
  }

  /* The pair a record belongs to: its name is the pair's id, or its texts
     hold both the mentor's and the mentee's names. `plains` are the pairs'
     names made plain once, not once a record. */
  function pairOf(record, plains) {
    var texts = textsOf(record);
    var name = texts[0];
    for (var i = 0; i < plains.length; i++) {
      var pair = plains[i];
      if (pair.pair && name === pair.pair) { return i; }
      if (holds(texts, pair.mentor) && holds(texts, pair.mentee)) { return i; }
    }
    return -1;
  }

  function renderMissing(all) {
    var tableBox = missingBox.querySelector(".gather-missing-table");
    tableBox.textContent = "";
    if (!roster) { missingBox.hidden = true; return; }
    missingBox.hidden = false;
    var shown = forms.filter(function (meta) { return all.perForm.has(meta.id); });
    var returned = roster.pairs.map(function () { return new Map(); });
    var unmatched = 0;
    var plains = roster.pairs.map(function (pair) { return { pair: plain(pair.pair), mentor: plain(pair.mentor), mentee: plain(pair.mentee) }; });
    shown.forEach(function (meta) {
      all.perForm.get(meta.id).forEach(function (entry) {
        var at = pairOf(entry.record, plains);
        if (at < 0) { unmatched += 1; } else { returned[at].set(meta.id, (returned[at].get(meta.id) || 0) + 1); }
      });
    });
    var table = element("table", null, "gather-table gather-missing-grid");
    var head = table.createTHead().insertRow();
    [t("pair", null, "Pair"), t("mentor", null, "Mentor"), t("mentee", null, "Mentee"), t("programme", null, "Programme")]
      .concat(shown.map(function (meta) { return meta.title; }))
      .forEach(function (text) { var th = element("th", text); th.scope = "col"; head.appendChild(th); });
    var body = table.createTBody();
    var incomplete = 0;
    roster.pairs.forEach(function (pair, index) {
      var row = body.insertRow();
      var th = element("th", pair.pair);
      th.scope = "row";
      row.appendChild(th);
      [pair.mentor, pair.mentee, pair.programme].forEach(function (text) { row.insertCell().textContent = text; });
      var missing = false;
      shown.forEach(function (meta) {
        var cell = row.insertCell();
        var has = returned[index].has(meta.id);
        missing = missing || !has;
        cell.textContent = has ? t("returned", null, "Returned") : t("missing", null, "Missing");
        cell.className = has ? "gather-returned" : "gather-missing-cell";
        cell.setAttribute("data-form", meta.id);
      });
      if (missing) { incomplete += 1; row.className = "gather-incomplete"; }
      row.setAttribute("data-pair", pair.pair);
    });
    var summary = element("p", plural("missing_count", incomplete, null, "{count} pairs have not returned every form."), "gather-missing-summary");
    if (unmatched) { summary.textContent += " " + plural("unmatched", unmatched, null, "{count} records match no pair of the roster."); }
    tableBox.appendChild(summary);
    var scroller = element("div", null, "gather-scroll");
    scroller.appendChild(table);
    tableBox.appendChild(scroller);
  }

  /* ---- Actions ---- */

  dropZone.hidden = false;
  dropZone.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-action");
    if (action === "pick") { dropZone.querySelector('[data-action="files"]').click(); }
    if (action === "roster") { dropZone.querySelector('[data-action="roster-file"]').click(); }
    if (action === "clear") {
      files = []; roster = null; told = { files: "", roster: "" };
      render();
      say(t("cleared", null, "Every file is put aside; nothing was kept."));
    }
  });
  dropZone.addEventListener("change", function (event) {
    var action = event.target.getAttribute("data-action");
    if (action === "files" && event.target.files.length) { readFiles(event.target.files); }
    if (action === "roster-file" && event.target.files[0]) { readRoster(event.target.files[0]); }
    if (action === "files" || action === "roster-file") { event.target.value = ""; }
  });
  // A file dropped anywhere on the page is read here, never opened by the browser in its place.
  document.addEventListener("dragover", function (event) { event.preventDefault(); dropZone.classList.add("dragging"); });
  document.addEventListener("dragleave", function (event) { if (!event.relatedTarget) { dropZone.classList.remove("dragging"); } });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    dropZone.classList.remove("dragging");
    var dropped = event.dataTransfer && event.dataTransfer.files;
    if (!dropped || !dropped.length) { return; }
    var csv = Array.prototype.filter.call(dropped, function (file) { return /\.csv$/i.test(file.name); });
    var json = Array.prototype.filter.call(dropped, function (file) { return !/\.csv$/i.test(file.name); });
    if (csv.length) { readRoster(csv[0]); }
    if (json.length) { readFiles(json); }
  });
  fileList.addEventListener("click", function (event) {
    var at = event.target.getAttribute("data-remove");
    if (at === null) { return; }
    var removed = files.splice(Number(at), 1)[0];
    render();
    if (removed) { say(t("removed", { file: removed.name }, "{file} is put aside.")); }
  });
  formsBox.addEventListener("click", function (event) {
    var id = event.target.getAttribute("data-csv");
    if (id === null || !lastGathered) { return; }
    var meta = byId.get(id);
    var entries = lastGathered.perForm.get(id);
    if (!meta || !entries) { return; }
    var name = meta.id.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") + "-answers.csv";
    download(csvOf(rowsOf(meta, meta.fields.filter(function (field) { return field.collect; }), entries)), name);
    say(t("csv_saved", { file: name }, "Saved {file}."));
  });
})();
