/* mentorkit records: a form's answers kept as named records in this
   browser's localStorage, for forms.js and the "My records" page. Nothing is
   sent anywhere. Everything read from storage or from a file is untrusted:
   own keys only, every value's type checked, objects without a prototype.

   A record: { id, form, version, name, created, updated, answers, retired }
   kept under "<store>|record|<id>"; the id is random, made once, and is
   what an import merges by. See docs/forms.md for the fingerprint. */
(function () {
  "use strict";

  var own = Object.prototype.hasOwnProperty;
  function has(object, key) { return object != null && own.call(object, key); }
  function isMapping(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function blank() { return Object.create(null); }

  /* SHA-256 from sha256.js (crypto.subtle is missing from pages opened from disk in some browsers). */
  function sha256(bytes) { return window.mentorkitSha256(bytes); }

  function utf8(text) { return new TextEncoder().encode(text); }

  /* ---- Answers: untrusted values checked and made canonical ---- */

  var LIMIT = 1000000; // characters of one answer: more is not an answer someone typed
  var ITEMS = 5000; // ticked boxes or table rows of one answer: more is not typed, and would take minutes to show
  var RECORDS = 5000; // records of one file: more is not one person's, and would take minutes to show
  var MAX_MB = 20; // a file larger than this is not answers typed into forms; it is not read

  /* A value as forms keep them: text, true/false, a list of texts (ticked
     boxes), a list of rows of texts (a table). Numbers become text.
     Anything else is undefined. */
  function cleanValue(value) {
    if (typeof value === "string") { return value.length <= LIMIT ? value : undefined; }
    if (typeof value === "number" && isFinite(value)) { return String(value); }
    if (typeof value === "boolean") { return value; }
    if (!Array.isArray(value) || value.length > ITEMS) { return undefined; }
    var texts = [], rows = [], i, size = 0;
    for (i = 0; i < value.length; i++) {
      var item = value[i];
      if (typeof item === "string" || (typeof item === "number" && isFinite(item))) { texts.push(String(item)); size += texts[texts.length - 1].length + 1; }
      else if (Array.isArray(item) && item.length <= ITEMS) {
        var row = [];
        for (var j = 0; j < item.length; j++) {
          var cell = item[j];
          row.push(typeof cell === "string" || (typeof cell === "number" && isFinite(cell)) ? String(cell) : "");
          size += row[j].length + 1;
        }
        rows.push(row);
      } else { return undefined; }
      // The whole answer, not each piece, is what someone would have typed.
      if (size > LIMIT) { return undefined; }
    }
    if (texts.length && rows.length) { return undefined; }
    return rows.length ? rows : texts;
  }

  /* Answers as an object without a prototype, holding only the mapping's
     own keys whose values are answers; `dropped` counts the rest. Returns
     null when `raw` is not a mapping at all. */
  function cleanAnswers(raw, tally) {
    if (!isMapping(raw)) { return null; }
    var answers = blank();
    Object.keys(raw).forEach(function (key) {
      var value = key.length <= 200 ? cleanValue(raw[key]) : undefined;
      if (value === undefined) { if (tally) { tally.dropped += 1; } } else { answers[key] = value; }
    });
    return answers;
  }

  function text(value) { return typeof value === "string" ? value.replace(/\r\n?/g, "\n").normalize("NFC") : value; }

  /* The value that counts for a fingerprint and a comparison, or undefined
     when the answer is empty: texts with Unix line ends in NFC, ticked
     boxes sorted, a table without its empty rows. */
  function canonicalValue(value) {
    if (typeof value === "string") { return value === "" ? undefined : text(value); }
    if (value === true) { return true; }
    if (!Array.isArray(value) || !value.length) { return undefined; }
    if (Array.isArray(value[0])) {
      var rows = value.map(function (row) { return row.map(text); }).filter(function (row) {
        return row.some(function (cell) { return cell !== ""; });
      });
      return rows.length ? rows : undefined;
    }
    return value.map(text).sort(byCodeUnits);
  }

  function byCodeUnits(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* The bytes a fingerprint hashes (docs/forms.md, "Fingerprints"): the
     UTF-8 of the JSON array ["mentorkit-answers-1", form id, version,
     [[key, value], ...]], keys of the form's answers sorted, empty answers
     left out, no spaces. */
  function canonical(meta, answers) {
    var entries = [];
    meta.fields.map(function (field) { return field.id; }).sort(byCodeUnits).forEach(function (key) {
      var value = has(answers, key) ? canonicalValue(answers[key]) : undefined;
      if (value !== undefined) { entries.push([key, value]); }
    });
    return JSON.stringify(["mentorkit-answers-1", meta.id, meta.version, entries]);
  }

  function fingerprint(meta, answers) {
    var hex = sha256(utf8(canonical(meta, answers))).slice(0, 20).toUpperCase();
    return hex.match(/.{4}/g).join(" ");
  }

  function isEmpty(meta, answers) {
    return meta.fields.every(function (field) {
      return !has(answers, field.id) || canonicalValue(answers[field.id]) === undefined;
    });
  }

  function same(a, b) { return JSON.stringify(canonicalValue(a)) === JSON.stringify(canonicalValue(b)); }

  /* ---- Records in storage ---- */

  function storage() {
    try { var store = window.localStorage; return store && typeof store.getItem === "function" ? store : null; } catch (e) { return null; }
  }

  function newId() {
    var bytes = new Uint8Array(8);
    try { window.crypto.getRandomValues(bytes); } catch (e) {
      for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    return "r" + Array.prototype.map.call(bytes, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  var ID = /^[A-Za-z0-9_-]{1,64}$/;
  /* A date a browser can read, of a year with four digits: a year past 9999 or before 1 becomes
     '+275760-…' or '-000001-…' in ISO text, which sorts before 2027 and reads oddly in a record's name. */
  function isDate(value) {
    if (typeof value !== "string" || value.length >= 40) { return false; }
    var time = Date.parse(value);
    if (isNaN(time)) { return false; }
    var year = new Date(time).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }
  function textOr(value, fallback) {
    return typeof value === "string" ? value.slice(0, 500) : typeof value === "number" && isFinite(value) ? String(value) : fallback;
  }

  /* A record from storage or a file, checked; null when it holds no answers.
     `tally` counts what was left out. */
  function cleanRecord(raw, tally) {
    if (!isMapping(raw)) { return null; }
    var answers = cleanAnswers(raw.answers, tally);
    if (!answers) { if (tally) { tally.empty += 1; } return null; }
    var now = new Date().toISOString();
    var record = blank();
    record.id = typeof raw.id === "string" && ID.test(raw.id) ? raw.id : newId();
    record.form = textOr(raw.form, "");
    record.version = textOr(raw.version, "");
    record.name = textOr(raw.name, "");
    // As this browser writes them, so that they compare as text: Date.parse takes "9" (for 2001) too.
    record.created = isDate(raw.created) ? new Date(raw.created).toISOString() : now;
    record.updated = isDate(raw.updated) ? new Date(raw.updated).toISOString() : record.created;
    record.answers = answers;
    record.retired = cleanAnswers(raw.retired, tally) || blank();
    if (raw.moved_from !== undefined) { record.moved_from = textOr(raw.moved_from, ""); }
    if (raw.notice === true) { record.notice = true; }
    return record;
  }

  function recordKey(store, id) { return store + "|record|" + id; }

  function read(key) {
    var store = storage();
    var raw = store && store.getItem(key);
    if (!raw) { return null; }
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  function get(store, id) { return cleanRecord(read(recordKey(store, id))); }

  function put(store, record) {
    var keeper = storage();
    if (!keeper) { return false; }
    try { keeper.setItem(recordKey(store, record.id), JSON.stringify(record)); return true; } catch (e) { return false; }
  }

  function remove(store, id) { var keeper = storage(); if (keeper) { keeper.removeItem(recordKey(store, id)); } }

  /* Every record of this handbook kept in this browser (of one form, if given), oldest first. */
  function list(store, formId) {
    var keeper = storage();
    if (!keeper) { return []; }
    var prefix = store + "|record|";
    var found = [];
    for (var i = 0; i < keeper.length; i++) {
      var key = keeper.key(i);
      if (key && key.indexOf(prefix) === 0) {
        var record = get(store, key.slice(prefix.length));
        if (record && (!formId || record.form === formId)) { found.push(record); }
      }
    }
    return found.sort(function (a, b) { return byCodeUnits(a.created, b.created) || byCodeUnits(a.id, b.id); });
  }

  function make(meta, answers, name) {
    var now = new Date().toISOString();
    var record = blank();
    record.id = newId();
    record.form = meta.id;
    record.version = meta.version;
    record.name = name || "";
    record.created = now;
    record.updated = now;
    record.answers = answers || blank();
    record.retired = blank();
    return record;
  }

  /* A record saved under another version of the form, moved to this one:
     renamed answers carried over (when it is the version `replaces:` names),
     answers to questions this version no longer asks kept apart. */
  function migrate(meta, record) {
    var renamed = meta.replaces && record.version === meta.replaces.version && isMapping(meta.replaces.renamed) ? meta.replaces.renamed : blank();
    var known = blank();
    meta.fields.forEach(function (field) { known[field.id] = true; });
    var answers = blank();
    var retired = record.retired;
    Object.keys(record.answers).forEach(function (key) {
      var target = has(renamed, key) ? renamed[key] : key;
      var value = record.answers[key];
      if (known[target] === true && !has(answers, target)) { answers[target] = value; }
      else if (canonicalValue(value) !== undefined) { retired[key] = value; }
    });
    record.answers = answers;
    record.moved_from = record.version;
    record.version = meta.version;
    record.notice = true;
    return record;
  }

  /* Brings this form's older answers into records: the single set of
     answers older sites kept (of this version and of the one it replaces),
     and records of other versions. Nothing is removed before its record is kept. */
  function adopt(meta) {
    var keeper = storage();
    if (!keeper) { return; }
    [[meta.key, meta.version], [meta.old_key, meta.replaces && meta.replaces.version]].forEach(function (pair) {
      if (!pair[0] || !pair[1]) { return; }
      var saved = read(pair[0]);
      if (saved === null) { return; }
      var answers = isMapping(saved) ? cleanAnswers(saved.answers) : null;
      if (answers && !isEmpty(meta, answers)) {
        var record = make(meta, answers);
        record.version = pair[1];
        if (isDate(saved.saved)) { record.created = record.updated = saved.saved; }
        if (!put(meta.store, record)) { return; }
      }
      keeper.removeItem(pair[0]);
    });
    list(meta.store, meta.id).forEach(function (record) {
      if (record.version !== meta.version) { put(meta.store, migrate(meta, record)); }
    });
  }

  /* The answer of a field as a reader reads it, in the page's language. */
  function shown(field, value) {
    if (value === undefined || value === null) { return ""; }
    if (value === true) { return "✓"; }
    if (value === false) { return ""; }
    var label = function (item) {
      var at = field && field.values ? field.values.indexOf(item) : -1;
      return at >= 0 && field.options ? field.options[at] : String(item);
    };
    if (Array.isArray(value)) {
      if (value.length && Array.isArray(value[0])) {
        return value.filter(function (row) { return row.some(function (cell) { return cell !== ""; }); })
          .map(function (row) { return row.join(" | "); }).join("\n");
      }
      return value.map(label).join(", ");
    }
    return label(value);
  }

  function cssString(text) { return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/\n/g, " ") + '"'; }

  /* The rule that gives a filled form's sheets their footer on paper: the
     form's version (`footer`, in the page's words) and the answers'
     fingerprint; `page` names the sheets it is for ("" for every sheet). */
  function footerRule(page, footer, value, t) {
    var short = t("fingerprint_short", { value: value }, "Fingerprint {value}");
    return "@page" + (page ? " " + page : "") + " { @bottom-left { content: " + cssString((footer ? footer + " · " : "") + short) + "; } }";
  }

  /* A record's answers to questions its form's version no longer asks, into the list `list` (a <dl>); returns how many. */
  function fillRetired(list, retired) {
    list.textContent = "";
    var keys = Object.keys(retired);
    keys.forEach(function (key) {
      var term = document.createElement("dt");
      term.textContent = key;
      var answer = document.createElement("dd");
      answer.textContent = shown(null, retired[key]);
      list.appendChild(term);
      list.appendChild(answer);
    });
    return keys.length;
  }

  function fieldOf(meta, key) {
    for (var i = 0; i < meta.fields.length; i++) { if (meta.fields[i].id === key) { return meta.fields[i]; } }
    return null;
  }

  /* A record's name: the reader's own, else the answer of the form's
     `record_name` field, else when it was started. */
  function nameOf(meta, record, t) {
    if (record.name) { return record.name; }
    var key = meta && meta.record_name;
    if (key && has(record.answers, key)) {
      var value = shown(fieldOf(meta, key), record.answers[key]);
      if (value) { return value; }
    }
    return t("record_untitled", { date: record.created.slice(0, 10) }, "Record of {date}");
  }

  /* A file too large to be answers typed into forms: it is not read at all
     (reading and showing 50 MB would hold the page for many seconds). */
  function tooBig(file) { return file.size > MAX_MB * 1024 * 1024; }

  /* Records from a file: a records file ({records: [...]}) or one form's
     saved answers ({form, key, version, answers}). Returns {records, tally}
     or {error: key of the message to show}. A record given twice (the same
     form and id) is read once, its copy changed last; `tally.twice` counts the others. */
  /* The handbook a file says it comes from: "handbook" (exported from "My
     records") or the key of a form's answers, "mentorkit|<handbook>|<url>|<version>"
     (saved from a form). Null when it says nothing. */
  function handbookOf(data) {
    if (typeof data.handbook === "string") { return data.handbook; }
    if (typeof data.key === "string" && data.key.indexOf("mentorkit|") === 0) {
      var parts = data.key.slice("mentorkit|".length).split("|");
      if (parts.length >= 3) { return parts.slice(0, -2).join("|"); }
    }
    return null;
  }

  /* `store` ("mentorkit|<handbook>"), when given, refuses a file that names
     another handbook: its forms' ids may be this one's, its questions not. */
  function fromFile(textRead, metaOfKey, store) {
    var data;
    try { data = JSON.parse(textRead); } catch (e) { return { error: "not_answers" }; }
    if (!isMapping(data)) { return { error: "not_answers" }; }
    var from = handbookOf(data);
    if (store && from !== null && "mentorkit|" + from !== store) { return { error: "other_handbook", handbook: from.slice(0, 200) }; }
    // Bytes that are not UTF-8 were read as U+FFFD: the answers holding them are not as typed.
    var tally = { dropped: 0, empty: 0, twice: 0, garbled: textRead.indexOf("\uFFFD") >= 0 };
    var records = [];
    if (Array.isArray(data.records)) {
      if (data.records.length > RECORDS) { return { error: "too_many", count: data.records.length, most: RECORDS }; }
      var at = new Map();
      data.records.forEach(function (raw) {
        var record = cleanRecord(raw, tally);
        if (!record) { return; }
        record.title = isMapping(raw) ? textOr(raw.form_title, "") : "";
        var key = record.form + "\u0000" + record.id;
        if (!at.has(key)) { at.set(key, records.length); records.push(record); return; }
        tally.twice += 1;
        if (record.updated > records[at.get(key)].updated) { records[at.get(key)] = record; }
      });
      if (!records.length) { return { error: tally.empty ? "answers_null" : "not_answers" }; }
      return { records: records, tally: tally };
    }
    if (!has(data, "answers")) { return { error: "not_answers" }; }
    if (!isMapping(data.answers)) { return { error: data.answers === null ? "answers_null" : "not_answers" }; }
    var meta = typeof data.key === "string" ? metaOfKey(data.key) : null;
    var record = cleanRecord({ answers: data.answers, version: data.version, created: data.saved }, tally);
    // No key: a file written by hand or by an older site, for whichever form loads it.
    record.form = meta ? meta.id : typeof data.key === "string" ? "other:" + data.key : "";
    record.title = textOr(data.form, "");
    return { records: [record], tally: tally };
  }

  function answersText(answers) {
    return JSON.stringify(Object.keys(answers).sort(byCodeUnits).map(function (key) { return [key, answers[key]]; }));
  }

  /* Merges records by id: a new id is added; the same answers are left; a
     copy newer in the file replaces the older one here; a copy older in the
     file replaces a newer one here only if `ask(record, here)` says so. A
     record of another form here is never replaced: the one from the file
     is added under an id of its own. */
  function merge(store, records, ask) {
    var counts = { added: 0, updated: 0, same: 0, kept: 0, failed: 0 };
    records.forEach(function (record) {
      var here = get(store, record.id);
      if (here && here.form !== record.form) {
        do { record.id = newId(); } while (get(store, record.id));
        here = null;
      }
      if (!here) { if (put(store, record)) { counts.added += 1; } else { counts.failed += 1; } return; }
      if (here.form === record.form && here.version === record.version && here.name === record.name &&
          answersText(here.answers) === answersText(record.answers)) { counts.same += 1; return; }
      if (record.updated > here.updated || ask(record, here)) { if (put(store, record)) { counts.updated += 1; } else { counts.failed += 1; } }
      else { counts.kept += 1; }
    });
    return counts;
  }

  function exportFile(records, extra) {
    var data = { mentorkit: "records", format: 1, exported: new Date().toISOString(), records: records };
    Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
    return JSON.stringify(data, null, 2);
  }

  function download(content, name) {
    var blob = new Blob([content], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function readMeta(element) {
    try {
      var meta = JSON.parse(element.textContent);
      return Array.isArray(meta) || isMapping(meta) ? meta : null;
    } catch (e) { return null; }
  }

  window.mentorkitRecords = {
    sha256: sha256, utf8: utf8, canonical: canonical, fingerprint: fingerprint, canonicalValue: canonicalValue,
    cleanAnswers: cleanAnswers, cleanRecord: cleanRecord, isEmpty: isEmpty, same: same, has: has, blank: blank,
    storage: storage, get: get, put: put, remove: remove, list: list, make: make, newId: newId,
    migrate: migrate, adopt: adopt, nameOf: nameOf, shown: shown, fieldOf: fieldOf, footerRule: footerRule, fillRetired: fillRetired,
    fromFile: fromFile, handbookOf: handbookOf, tooBig: tooBig, MAX_MB: MAX_MB, merge: merge, exportFile: exportFile, download: download, readMeta: readMeta
  };
})();
