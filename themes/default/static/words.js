/* mentorkit: the theme's words in the page's language, for its scripts.
   The page hands them over in <script id="mk-words">; English is the
   fallback each script passes along. */
(function () {
  "use strict";
  var words = {};
  try { words = JSON.parse(document.getElementById("mk-words").textContent); } catch (e) { /* English, then */ }

  function t(key, values, english) {
    var text = words[key] || english;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  /* The 'one' or 'other' form for a count, by the language's own rule (French: 0 and 1 are 'one'). */
  function plural(key, count, english) {
    var form = count === 1 ? "one" : "other";
    try { form = new Intl.PluralRules(document.documentElement.lang).select(count) === "one" ? "one" : "other"; } catch (e) { /* keep English's rule */ }
    return t(key + "." + form, { count: count }, english);
  }

  window.mentorkitWords = { t: t, plural: plural };
})();
