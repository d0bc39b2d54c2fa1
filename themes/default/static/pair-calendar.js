/* mentorkit: a pair's own calendar, made in the browser from the programme's plan.

   The page holds the plan (<script id="mk-pair-plan">, made by the build in
   the page's language). Given a start date, a time and a time zone, this
   script plans the meetings with the same rules as the build (weeks from the
   start, breaks skipped, monthly meetings on the same weekday of the month)
   and writes an .ics file with the same summaries, alarms and UIDs as the
   programme's own calendar. Nothing is sent anywhere: the file is made on
   this device and saved by the browser. */
(function () {
  "use strict";

  var DAY = 86400000;
  var PAIR_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;  /* as a roster's pair ids (load/roster.py) */

  /* Dates are whole days since 1970-01-01, read and written as YYYY-MM-DD. */
  function dayOf(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) return null;
    var time = Date.UTC(+match[1], +match[2] - 1, +match[3]);
    var back = new Date(time);
    if (back.getUTCMonth() !== +match[2] - 1 || back.getUTCDate() !== +match[3]) return null;
    return Math.round(time / DAY);
  }

  function isoOf(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  function parts(day) {
    var date = new Date(day * DAY);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: (date.getUTCDay() + 6) % 7 };
  }

  function mod(a, b) {
    return ((a % b) + b) % b;
  }

  function weekStart(start, week) {
    return start + 7 * (week - 1);
  }

  function weekOf(start, day) {
    return Math.floor((day - start) / 7) + 1;
  }

  function isBreak(breaks, start, week) {
    var day = start === null ? null : weekStart(start, week);
    for (var i = 0; i < breaks.length; i++) {
      var pause = breaks[i];
      if (pause.firstWeek !== null && pause.lastWeek !== null && pause.firstWeek <= week && week <= pause.lastWeek) return true;
      if (day !== null && pause.firstDay !== null && pause.lastDay !== null) {
        if (dayOf(pause.firstDay) <= day && day <= dayOf(pause.lastDay)) return true;
      }
    }
    return false;
  }

  /* The calendar week of each of the programme's weeks: [0, week 1's, ...]. */
  function calendarWeeks(weeks, breaks, start) {
    var found = [0];
    var week = 0;
    while (found.length <= weeks) {
      week += 1;
      if (!isBreak(breaks, start, week)) found.push(week);
    }
    return found;
  }

  /* The n-th (1-4) weekday (0 = Monday) of a month; n = 5 is the last one. */
  function nthWeekday(year, month, weekday, n) {
    var days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    var first = Math.round(Date.UTC(year, month - 1, 1) / DAY);
    var day = 1 + mod(weekday - parts(first).weekday, 7) + (n - 1) * 7;
    if (n === 5 || day > days) {
      var last = first + days - 1;
      return last - mod(parts(last).weekday - weekday, 7);
    }
    return first + day - 1;
  }

  function addMonths(year, month, count) {
    var index = year * 12 + (month - 1) + count;
    return [Math.floor(index / 12), mod(index, 12) + 1];
  }

  /* [programme week, day] of every meeting, as model/schedule.py's meeting_slots. */
  function meetingSlots(plan, start) {
    var breaks = plan.breaks || [];
    var onCalendar = calendarWeeks(plan.weeks, breaks, start);
    var slots = [];
    if (plan.interval !== null) {
      for (var week = 1; week <= plan.weeks; week += plan.interval) slots.push([week, weekStart(start, onCalendar[week])]);
      return slots;
    }
    var end = weekStart(start, onCalendar[plan.weeks] + 1);
    var programmeWeek = {};
    for (var w = 1; w < onCalendar.length; w++) programmeWeek[onCalendar[w]] = w;
    var first = parts(start);
    var n = Math.floor((first.day - 1) / 7) + 1;
    for (var month = 0; month <= onCalendar.length; month++) {
      var when = addMonths(first.year, first.month, month);
      var day = nthWeekday(when[0], when[1], first.weekday, n);
      while (isBreak(breaks, start, weekOf(start, day))) day += 7;
      if (day >= end) break;
      if (!slots.length || slots[slots.length - 1][1] !== day) slots.push([programmeWeek[weekOf(start, day)], day]);
    }
    return slots;
  }

  /* The meetings and milestones, as parse/programme.py's plan_meetings. */
  function schedule(plan, startText) {
    var start = dayOf(startText);
    if (start === null) return null;
    var slots = meetingSlots(plan, start);
    var onCalendar = calendarWeeks(plan.weeks, plan.breaks || [], start);
    var phaseOf = {};
    plan.phases.forEach(function (phase) {
      for (var week = phase.first; week <= phase.last; week++) phaseOf[week] = phase;
    });
    var atMeeting = {};
    plan.milestones.forEach(function (milestone) {
      var index = slots.length - 1;
      for (var i = 0; i < slots.length; i++) {
        if (slots[i][0] >= milestone.week) { index = i; break; }
      }
      (atMeeting[index] = atMeeting[index] || []).push(milestone);
    });
    var seen = {};
    var meetings = slots.map(function (slot, index) {
      var phase = phaseOf[slot[0]];
      var count = phase ? seen[phase.name] || 0 : 0;
      var forms = phase && count === 0 ? phase.forms.slice() : [];
      (atMeeting[index] || []).forEach(function (milestone) {
        if (milestone.form && !forms.some(function (form) { return form.name === milestone.form.name; })) forms.push(milestone.form);
      });
      if (phase) seen[phase.name] = count + 1;
      return {
        number: index + 1,
        week: slot[0],
        date: isoOf(slot[1]),
        phase: phase ? phase.name : "",
        topic: phase && count < phase.topics.length ? phase.topics[count] : "",
        forms: forms,
        milestones: (atMeeting[index] || []).map(function (milestone) { return milestone.name; })
      };
    });
    var milestones = plan.milestones.map(function (milestone) {
      var ok = milestone.week >= 1 && milestone.week < onCalendar.length;
      return { milestone: milestone, date: ok ? isoOf(weekStart(start, onCalendar[milestone.week])) : null };
    });
    return { meetings: meetings, milestones: milestones };
  }

  /* ---- iCalendar (RFC 5545) ---- */

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  function escapeText(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  /* Lines of at most 75 octets, folded between characters. */
  function fold(line) {
    var encoder = new TextEncoder();
    var out = [];
    var current = "";
    var size = 0;
    var limit = 75;
    Array.from(line).forEach(function (character) {
      var length = encoder.encode(character).length;
      if (size + length > limit) {
        out.push(current);
        current = " ";
        size = 1;
      }
      current += character;
      size += length;
    });
    out.push(current);
    return out.join("\r\n");
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function dateValue(day) {
    return isoOf(day).replace(/-/g, "");
  }

  /* The UTC instant of a wall-clock time in a time zone (summer time included). */
  function zoneOffset(instant, zone) {
    var format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit"
    });
    var got = {};
    format.formatToParts(new Date(instant)).forEach(function (part) { got[part.type] = +part.value; });
    return Date.UTC(got.year, got.month - 1, got.day, got.hour % 24, got.minute, got.second) - instant;
  }

  /* As RFC 5545 (3.3.5) reads a TZID'd time, and Python's zoneinfo with fold=0: a wall-clock
     time that comes twice (the night summer time ends) is its first occurrence, and one the
     clocks skip takes the offset from before the gap. Offsets change at most once a day. */
  function utcInstant(day, minutes, zone) {
    var wall = day * DAY + minutes * 60000;
    var before = wall - zoneOffset(wall - DAY, zone);
    var after = wall - zoneOffset(wall + DAY, zone);
    var fits = [before, after].filter(function (instant) { return instant + zoneOffset(instant, zone) === wall; });
    return fits.length ? Math.min.apply(null, fits) : before;
  }

  function stamp(instant) {
    var date = new Date(instant);
    return date.getUTCFullYear() + pad(date.getUTCMonth() + 1, 2) + pad(date.getUTCDate(), 2) + "T" +
      pad(date.getUTCHours(), 2) + pad(date.getUTCMinutes(), 2) + pad(date.getUTCSeconds(), 2) + "Z";
  }

  function floating(day, minutes) {
    return dateValue(day) + "T" + pad(Math.floor(minutes / 60), 2) + pad(minutes % 60, 2) + "00";
  }

  /* As render/calendar.py's: a pair's calendar (its pack's, or one made here from
     its pack's link) puts the pair's id before what the event is. */
  function uid(plan, what, pair) {
    return plan.uid.prefix + "-" + (pair ? pair + "-" : "") + what + "-" + plan.uid.key + "@" + plan.uid.host;
  }

  function alarms(plan, what, forms) {
    var text = [what].concat(forms.map(function (form) { return form.due; })).join(" · ");
    return (plan.reminders || []).map(function (minutes) {
      return ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escapeText(text), "TRIGGER:-PT" + minutes + "M", "END:VALARM"];
    });
  }

  /* The .ics text for a pair: options.start (YYYY-MM-DD), options.time ('17:30' or ''),
     options.timezone (an IANA name or '' for floating times), options.now (ms, for DTSTAMP),
     options.pair (the pair's id from its pack's link, or '' for the programme's UIDs). */
  function calendarText(plan, options) {
    var made = schedule(plan, options.start);
    if (!made) return null;
    var pair = PAIR_ID.test(options.pair || "") ? options.pair : "";
    var timeMatch = /^(\d{1,2}):(\d{2})$/.exec(options.time || "");
    var minutes = timeMatch ? +timeMatch[1] * 60 + +timeMatch[2] : null;
    var zone = options.timezone || "";
    var now = stamp(options.now === undefined ? Date.now() : options.now);
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mentorkit//Mentoring programme calendar//EN", "CALSCALE:GREGORIAN",
      "X-WR-CALNAME:" + escapeText([plan.title, pair, plan.handbook].filter(Boolean).join(" · "))
    ];
    function push(list) { list.forEach(function (line) { lines.push(line); }); }
    made.meetings.forEach(function (meeting) {
      var summary = fill(plan.words.meeting, { number: meeting.number });
      if (meeting.topic) summary += ": " + meeting.topic;
      var day = dayOf(meeting.date);
      push(["BEGIN:VEVENT", "UID:" + uid(plan, "meeting-" + meeting.number, pair), "DTSTAMP:" + now, "SUMMARY:" + escapeText(summary)]);
      if (minutes !== null && zone) {
        var begins = utcInstant(day, minutes, zone);
        push(["DTSTART:" + stamp(begins), "DTEND:" + stamp(begins + plan.minutes * 60000)]);
      } else if (minutes !== null) {
        push(["DTSTART:" + floating(day, minutes), "DTEND:" + floating(day + Math.floor((minutes + plan.minutes) / 1440), (minutes + plan.minutes) % 1440)]);
      } else {
        push(["DTSTART;VALUE=DATE:" + dateValue(day), "DTEND;VALUE=DATE:" + dateValue(day + 1)]);
      }
      var description = [];
      if (meeting.phase) description.push(fill(plan.words.phase, { phase: meeting.phase }));
      if (meeting.topic) description.push(fill(plan.words.topic, { topic: meeting.topic }));
      meeting.milestones.forEach(function (name) { description.push(fill(plan.words.milestone, { name: name })); });
      meeting.forms.forEach(function (form) { description.push(form.bring); });
      if (description.length) lines.push("DESCRIPTION:" + escapeText(description.join("\n")));
      if (plan.url) lines.push("URL:" + plan.url);
      alarms(plan, summary, meeting.forms).forEach(push);
      lines.push("END:VEVENT");
    });
    made.milestones.forEach(function (entry) {
      if (!entry.date) return;
      var milestone = entry.milestone;
      var day = dayOf(entry.date);
      var title = fill(plan.words.milestone, { name: milestone.name });
      push(["BEGIN:VEVENT", "UID:" + uid(plan, "milestone-" + milestone.slug, pair), "DTSTAMP:" + now, "SUMMARY:" + escapeText(title),
        "DTSTART;VALUE=DATE:" + dateValue(day), "DTEND;VALUE=DATE:" + dateValue(day + 1), "TRANSP:TRANSPARENT"]);
      if (milestone.description) lines.push("DESCRIPTION:" + escapeText(milestone.description));
      alarms(plan, title, milestone.form ? [milestone.form] : []).forEach(push);
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  window.mentorkitPairCalendar = { schedule: schedule, calendarText: calendarText };

  /* ---- The page's form ---- */

  function zones() {
    try { return Intl.supportedValuesOf("timeZone"); } catch (e) { return []; }
  }

  function ownZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  function validZone(zone) {
    try { new Intl.DateTimeFormat("en-US", { timeZone: zone }); return true; } catch (e) { return false; }
  }

  /* A pair's link from its pack ends in #prefill=pair=p07&start=...&time=...&timezone=...
     (or URL-encoded JSON): its dates, and its id for the events' UIDs, so that the
     calendar made here and the one in its pack hold the same events. The values
     are only ever set as text; the fragment then leaves the address bar. */
  function fromLink() {
    var match = /^#prefill=(.*)$/.exec(window.location.hash);
    if (!match) return null;
    var values = {};
    try {
      var data = {};
      if (/^(\{|%7B)/i.test(match[1])) data = JSON.parse(decodeURIComponent(match[1]));
      else new URLSearchParams(match[1]).forEach(function (value, key) { data[key] = value; });
      ["pair", "start", "time", "timezone"].forEach(function (key) {
        if (data && typeof data[key] === "string") values[key] = data[key].slice(0, 100);
      });
    } catch (e) { values = {}; }
    try { window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search); } catch (e) { /* kept */ }
    return values;
  }

  function setUp() {
    var form = document.querySelector("form.pair-calendar-form");
    var source = document.getElementById("mk-pair-plan");
    if (!form || !source) return;
    var plan;
    try { plan = JSON.parse(source.textContent); } catch (e) { return; }
    var words = window.mentorkitWords;
    var t = function (key, english, values) { return words ? words.t(key, values, english) : fill(english, values || {}); };
    var start = form.querySelector("[name=start]");
    var time = form.querySelector("[name=time]");
    var zone = form.querySelector("[name=timezone]");
    var status = form.querySelector(".pair-calendar-status");
    var list = document.getElementById("pair-calendar-zones");
    if (list && !list.children.length) {
      zones().forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        list.appendChild(option);
      });
    }
    var given = fromLink();
    var pair = given && PAIR_ID.test(given.pair || "") ? given.pair : "";
    if (given) {
      if (dayOf(given.start) !== null) start.value = given.start;
      if (/^([01]\d|2[0-3]):[0-5]\d$/.test(given.time || "")) time.value = given.time;
      zone.value = given.timezone && validZone(given.timezone) ? given.timezone : "";  /* none: the pack's times are floating */
    }
    if (!start.value && plan.start) start.value = plan.start;
    if (!time.value && plan.time) time.value = plan.time;
    if (!zone.value && !given) zone.value = plan.timezone || ownZone();
    var details = form.closest("details");
    details.hidden = false;
    if (pair) {
      var note = document.createElement("p");
      note.className = "pair-calendar-for";
      note.textContent = t("pair_calendar.for_pair", "Filled in from your pack's link, for pair {pair}: this calendar holds the same events as the one in your pack, so adding both keeps one copy of each meeting.", { pair: pair });
      form.querySelector(".pair-calendar-help").after(note);
      details.open = true;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      status.textContent = "";
      if (dayOf(start.value) === null) {
        status.textContent = t("pair_calendar.no_start", "Choose the date of your first meeting.");
        start.focus();
        return;
      }
      if (zone.value && !validZone(zone.value)) {
        status.textContent = t("pair_calendar.bad_zone", "This browser does not know the time zone {zone}: choose one from the list.", { zone: zone.value });
        zone.focus();
        return;
      }
      var text = calendarText(plan, { start: start.value, time: time.value, timezone: time.value ? zone.value : "", pair: pair });
      var blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = plan.file + "-" + start.value + ".ics";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      status.textContent = t("pair_calendar.made", "Your calendar is saved as {file}.", { file: link.download });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
