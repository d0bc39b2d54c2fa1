/* mentorkit form answers: reads a form's answers from its fields and puts
   answers back into them, for forms.js. Answers are an object without a
   prototype: text -> string, a ticked single box -> true/false, ticked
   boxes -> list, one choice -> string, tables -> list of rows (lists of
   strings). Linear in the fields and rows, however many.

   On a print page a form's names start with its chapter's prefix
   ("en-forms-goals--"), and each ticked box of a question has a name of its
   own with the question's in data-answer: `prefix` takes them back to the
   answers' keys. */
(function () {
  "use strict";

  function unprefixed(text, prefix) {
    return prefix && text.indexOf(prefix) === 0 ? text.slice(prefix.length) : text;
  }

  /* The answer an element gives: the key the answers keep it under. */
  function answerKey(el, prefix) {
    return el.getAttribute("data-answer") || unprefixed(el.name, prefix);
  }

  window.mentorkitAnswers = function (form, R, prefix) {
    prefix = prefix || "";
    /* Every answer element but table cells, by answer key, found once. */
    var byName = new Map();
    form.querySelectorAll("[name]").forEach(function (el) {
      if (el.closest("[data-table]")) { return; }
      var key = answerKey(el, prefix);
      if (!byName.has(key)) { byName.set(key, []); }
      byName.get(key).push(el);
    });
    function tableKey(table) { return unprefixed(table.getAttribute("data-table"), prefix); }
    var tables = Array.prototype.slice.call(form.querySelectorAll("[data-table]"));

    function cells(row) { return row.querySelectorAll("textarea"); }

    /* The answers as an object without a prototype: text -> string, ticked
       boxes -> list, one choice -> string, tables -> list of rows (lists of strings). */
    /* A single box ticked for "yes" (true/false), not one of a question's several boxes (a list). */
    function single(els) { return els.length === 1 && els[0].value === "yes" && !els[0].closest(".field-multichoice"); }

    function collect() {
      var answers = R.blank();
      tables.forEach(function (table) {
        var rows = table.tBodies[0].rows;
        var list = new Array(rows.length);
        for (var r = 0; r < rows.length; r++) {
          list[r] = Array.prototype.map.call(cells(rows[r]), function (cell) { return cell.value; });
        }
        answers[tableKey(table)] = list;
      });
      byName.forEach(function (els, name) {
        if (R.has(answers, name)) { return; }
        var first = els[0];
        if (first.type === "radio") {
          var chosen = els.filter(function (el) { return el.checked; })[0];
          answers[name] = chosen ? chosen.value : "";
        } else if (first.type === "checkbox") {
          answers[name] = single(els)
            ? first.checked
            : els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
        } else {
          answers[name] = first.value;
        }
      });
      return answers;
    }

    function makeRow(template, number) {
      var row = template.cloneNode(true);
      cells(row).forEach(function (cell) {
        cell.value = "";
        cell.name = cell.name.replace(/-r\d+-/, "-r" + number + "-");
        // The last number of "Goal, row 3" (in any language) is the row's.
        cell.setAttribute("aria-label", cell.getAttribute("aria-label").replace(/\d+(?=\D*$)/, String(number)));
      });
      return row;
    }

    /* A table with `count` rows (never fewer than it was built with), added
       all at once: linear in the rows, however many. */
    function setRows(table, count) {
      var body = table.tBodies[0];
      var original = Number(table.getAttribute("data-rows"));
      var wanted = Math.max(count, original);
      while (body.rows.length > wanted) { body.deleteRow(-1); }
      if (body.rows.length < wanted) {
        var template = body.rows[body.rows.length - 1];
        var more = document.createDocumentFragment();
        for (var number = body.rows.length + 1; number <= wanted; number++) { more.appendChild(makeRow(template, number)); }
        body.appendChild(more);
      }
    }

    function addRow(table) {
      var body = table.tBodies[0];
      var row = makeRow(body.rows[body.rows.length - 1], body.rows.length + 1);
      body.appendChild(row);
      return row;
    }

    function apply(answers) {
      tables.forEach(function (table) {
        var name = tableKey(table);
        var rows = R.has(answers, name) && Array.isArray(answers[name]) ? answers[name] : [];
        setRows(table, rows.length);
        var body = table.tBodies[0].rows;
        for (var r = 0; r < body.length; r++) {
          var row = Array.isArray(rows[r]) ? rows[r] : [];
          Array.prototype.forEach.call(cells(body[r]), function (cell, c) {
            cell.value = row[c] != null ? String(row[c]) : "";
          });
        }
      });
      byName.forEach(function (els, name) {
        var value = R.has(answers, name) ? answers[name] : undefined;
        // true ticks a single box; for a question of several boxes it names none of them.
        if (value === true && els[0].type === "checkbox" && !single(els)) { value = undefined; }
        els.forEach(function (el) {
          if (el.type === "radio") {
            el.checked = value !== undefined && el.value === String(value);
          } else if (el.type === "checkbox") {
            el.checked = Array.isArray(value) ? value.indexOf(el.value) >= 0 : value === true;
          } else {
            el.value = value == null || typeof value === "object" ? "" : String(value);
          }
        });
      });
      refresh();
      fitAll();
    }

    /* What prints: textareas through a ruled box holding their text, select
       lists as ticked options, empty dates as a blank line. */
    function refresh() {
      form.querySelectorAll("[data-mirror]").forEach(function (mirror) {
        var source = (byName.get(unprefixed(mirror.getAttribute("data-mirror"), prefix)) || [])[0];
        if (!source) { return; }
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
    }

    /* Browsers that size a textarea to its text (the stylesheet asks for
       field-sizing: content) need no measuring, which costs a layout. */
    var sizedByCss = !!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"));

    function fit(cell) {
      if (sizedByCss) { return; }
      cell.style.height = "auto";
      cell.style.height = cell.scrollHeight + "px";
    }

    /* Every table cell fitted to its text: all heights reset, then all
       measured, then all set, so the page is laid out once, not once a cell. */
    function fitAll() {
      if (sizedByCss) { return; }
      var all = Array.prototype.slice.call(form.querySelectorAll(".answer-table textarea"));
      all.forEach(function (cell) { cell.style.height = "auto"; });
      var heights = all.map(function (cell) { return cell.scrollHeight; });
      all.forEach(function (cell, i) { cell.style.height = heights[i] + "px"; });
    }

    tables.forEach(function (table) {
      table.setAttribute("data-rows", table.tBodies[0].rows.length);
    });

    return { collect: collect, apply: apply, addRow: addRow, refresh: refresh, fit: fit };
  };
  window.mentorkitAnswers.key = answerKey;
})();
