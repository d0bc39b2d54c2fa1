/* mentorkit forms: answers are kept in this browser's localStorage as they
   are typed, and can be saved to / loaded from a JSON file. Nothing is sent
   anywhere. Without this script the form shows and prints blank. */
(function () {
  "use strict";

  var form = document.querySelector(".mk-form");
  if (!form) { return; }
  var key = form.getAttribute("data-form-key");
  var toolbar = document.querySelector(".form-toolbar");
  var status = document.querySelector(".form-status");

  var t = window.mentorkitWords.t;

  function say(message) { if (status) { status.textContent = message; } }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function named(name) {
    return Array.prototype.slice.call(form.querySelectorAll("[name]")).filter(function (el) {
      return el.name === name;
    });
  }

  /* Names of every answer but table cells (tables are read row by row). */
  function names() {
    var seen = [];
    form.querySelectorAll("[name]").forEach(function (el) {
      if (!el.closest("[data-table]") && seen.indexOf(el.name) < 0) { seen.push(el.name); }
    });
    return seen;
  }

  function tableRows(table) {
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }

  /* The answers as a plain object: text -> string, ticked boxes -> list,
     one choice -> string, tables -> list of rows (lists of strings). */
  function collect() {
    var answers = {};
    form.querySelectorAll("[data-table]").forEach(function (table) {
      answers[table.getAttribute("data-table")] = tableRows(table).map(function (row) {
        return Array.prototype.map.call(row.querySelectorAll("textarea"), function (cell) { return cell.value; });
      });
    });
    names().forEach(function (name) {
      if (name in answers) { return; }
      var els = named(name);
      var first = els[0];
      if (first.type === "radio") {
        var chosen = els.filter(function (el) { return el.checked; })[0];
        answers[name] = chosen ? chosen.value : "";
      } else if (first.type === "checkbox") {
        answers[name] = els.length === 1 && first.value === "yes" && !first.closest(".field-multichoice")
          ? first.checked
          : els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
      } else {
        answers[name] = first.value;
      }
    });
    return answers;
  }

  function addRow(table) {
    var body = table.tBodies[0];
    var row = body.rows[body.rows.length - 1].cloneNode(true);
    var number = body.rows.length + 1;
    row.querySelectorAll("textarea").forEach(function (cell) {
      cell.value = "";
      cell.name = cell.name.replace(/-r\d+-/, "-r" + number + "-");
      // The last number of "Goal, row 3" (in any language) is the row's.
      cell.setAttribute("aria-label", cell.getAttribute("aria-label").replace(/\d+(?=\D*$)/, String(number)));
    });
    body.appendChild(row);
    return row;
  }

  function apply(answers) {
    form.querySelectorAll("[data-table]").forEach(function (table) {
      var rows = answers[table.getAttribute("data-table")];
      if (!Array.isArray(rows)) { return; }
      while (tableRows(table).length < rows.length) { addRow(table); }
      tableRows(table).forEach(function (row, r) {
        row.querySelectorAll("textarea").forEach(function (cell, c) {
          cell.value = (rows[r] && rows[r][c] != null) ? String(rows[r][c]) : "";
        });
      });
    });
    names().forEach(function (name) {
      if (!(name in answers)) { return; }
      var value = answers[name];
      named(name).forEach(function (el) {
        if (el.type === "radio") {
          el.checked = el.value === String(value);
        } else if (el.type === "checkbox") {
          el.checked = Array.isArray(value) ? value.indexOf(el.value) >= 0 : value === true;
        } else {
          el.value = value == null ? "" : String(value);
        }
      });
    });
    refresh();
  }

  /* What prints: textareas through a ruled box holding their text, select
     lists as ticked options, empty dates as a blank line. */
  function refresh() {
    form.querySelectorAll("[data-mirror]").forEach(function (mirror) {
      var source = named(mirror.getAttribute("data-mirror"))[0];
      if (mirror.tagName === "UL") {
        mirror.querySelectorAll("li").forEach(function (li) {
          li.classList.toggle("chosen", li.getAttribute("data-value") === source.value);
        });
      } else {
        mirror.textContent = source.value;
      }
    });
    form.querySelectorAll('input[type="date"]').forEach(function (input) {
      input.classList.toggle("is-empty", !input.value);
    });
    form.querySelectorAll(".answer-table textarea").forEach(fit);
  }

  function fit(cell) {
    cell.style.height = "auto";
    cell.style.height = cell.scrollHeight + "px";
  }

  function save() {
    var store = storage();
    if (!store) { return; }
    try {
      store.setItem(key, JSON.stringify({ saved: new Date().toISOString(), answers: collect() }));
    } catch (e) {
      say(t("not_kept", null, "Your browser would not keep the answers; save them to a file instead."));
    }
  }

  function restore() {
    var store = storage();
    var raw = store && store.getItem(key);
    if (!raw) { return; }
    try {
      apply(JSON.parse(raw).answers || {});
      say(t("restored", null, "Your answers from your last visit are back. They are kept only in this browser."));
    } catch (e) { /* a damaged entry: start blank */ }
  }

  function clearAnswers() {
    if (!window.confirm(t("confirm_clear", null, "Clear every answer on this form? This cannot be undone unless you saved them to a file."))) { return; }
    var store = storage();
    if (store) { store.removeItem(key); }
    form.querySelectorAll("[data-table]").forEach(function (table) {
      var original = Number(table.getAttribute("data-rows"));
      while (tableRows(table).length > original) { table.tBodies[0].deleteRow(-1); }
    });
    form.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = false; } else { el.value = ""; }
    });
    refresh();
    say(t("cleared", null, "All answers are cleared."));
  }

  function download() {
    var data = {
      form: form.getAttribute("data-form-title"),
      key: key,
      version: form.getAttribute("data-form-version"),
      saved: new Date().toISOString(),
      answers: collect()
    };
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = form.getAttribute("data-file-name");
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say(t("saved", { file: link.download }, "Answers saved to {file}."));
  }

  function upload(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try { data = JSON.parse(reader.result); } catch (e) { data = null; }
      if (!data || typeof data.answers !== "object") {
        say(t("not_answers", null, "That file does not hold answers saved from a mentorkit form."));
        return;
      }
      if (data.key && data.key !== key &&
          !window.confirm(t("other_form", { form: data.form || t("another_form", null, "another form") }, "This file holds answers for “{form}”. Load the answers that fit this form?"))) {
        return;
      }
      apply(data.answers);
      save();
      say(t("loaded", { file: file.name }, "Answers loaded from {file}."));
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

  form.querySelectorAll("[data-table]").forEach(function (table) {
    table.setAttribute("data-rows", tableRows(table).length);
  });
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
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var row = addRow(form.querySelector('[data-table="' + button.getAttribute("data-add-row") + '"]'));
      row.querySelector("textarea").focus();
      save();
    });
  });

  restore();
  refresh();
  if (window.location.hash === "#print") {
    window.addEventListener("load", function () { window.print(); });
  }
})();
