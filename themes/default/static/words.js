/* mentorkit: the theme's words in the page's language, for its scripts.
   The page hands them over in <script id="mk-words">, with the locale whose
   CLDR plural rules the build used; English is the fallback each script
   passes along. */
(function () {
  "use strict";
  var words = {};
  var locale = "en";
  try {
    var given = JSON.parse(document.getElementById("mk-words").textContent);
    words = given.words || {};
    locale = given.locale || locale;
  } catch (e) { /* English, then */ }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  function t(key, values, english) {
    return fill(words[key] || english, values);
  }

  /* The CLDR category of a count ('one', 'few', 'many'...): the same rules
     the build used, since the browser's Intl.PluralRules is CLDR too. */
  function category(count) {
    try { return new Intl.PluralRules(locale).select(count); } catch (e) { return count === 1 ? "one" : "other"; }
  }

  /* The form for a count; a form the language's file lacks falls back to 'other', as in the build. */
  function plural(key, count, english) {
    var text = words[key + "." + category(count)] || words[key + ".other"] || english;
    return fill(text, { count: count });
  }

  window.mentorkitWords = { t: t, plural: plural, category: category };
})();
