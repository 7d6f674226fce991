/* coursekit: the site script's words, in the page's language. No second table: a
 * page in another language than English ends with the JSON coursekit renders from
 * the course's message catalog, in an attribute (Material's instant navigation runs
 * every <script> of a new page, whatever its type),
 *
 *   <div id="ck-messages" hidden data-messages='{"lang": "fr", "messages": {...}}'></div>
 *
 * mapping each message's English text to its translation (a plural message: its
 * singular to its forms by CLDR category, picked with Intl.PluralRules). English
 * pages carry none, as the English text is the message itself. Each page read by
 * app.js (instant navigation included) calls loadMessages(); a page without a block
 * (one an instructor wrote) keeps the words of the last page that had one.
 * Placeholders are gettext's: "%(name)s".
 */

let words = {};
let lang = "en";
let rtl = false;

// Letters of the scripts written right to left.
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;
const LETTER = /\p{L}/u;
// Unicode's isolates, <bdi> in plain text (the script writes text, not markup).
const FIRST_STRONG_ISOLATE = "\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

/** Read the page's block (`doc` is a document); an unreadable block changes nothing. */
export function loadMessages(doc) {
  const block = doc && doc.getElementById && doc.getElementById("ck-messages");
  if (!block) return; // English words (the message ids), or the last page's
  useMessages(block.getAttribute("data-messages"));
}

/** Use the words of a block's JSON text (the tests call this directly). */
export function useMessages(json) {
  try {
    const data = JSON.parse(json);
    if (data && typeof data === "object" && data.messages && typeof data.messages === "object") {
      words = data.messages;
      lang = typeof data.lang === "string" && data.lang ? data.lang : "en";
      rtl = data.dir === "rtl";
    }
  } catch (_) {
    // a damaged block: keep the words we have
  }
}

/** The language of the words in use ("en", "fr"), for Intl. */
export function language() {
  return lang;
}

/** Whether the page's words read right to left (an Arabic page). */
export function rightToLeft() {
  return rtl;
}

/** Whether `text`'s first letter is of a script written right to left. */
function startsRightToLeft(text) {
  const letter = LETTER.exec(text);
  return letter !== null && RTL_LETTER.test(letter[0]);
}

/** A value set into a message, isolated from the words around it where directions mix:
 * in a right-to-left page every value with letters (a lesson title, "5 h 15 min – 7 h
 * 15 min"), in a left-to-right one a value that starts right to left. The value's own
 * direction comes from its first letter, as with <bdi>. A bare number or range ("3",
 * "1–2") is left to flow with the page, as the page's language writes it. */
export function isolate(value) {
  const text = String(value);
  if (!LETTER.test(text) || !(rtl || startsRightToLeft(text))) return text;
  return FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE;
}

function fill(text, params) {
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in params ? isolate(params[name]) : whole));
}

/** The translation of `message` (its English text), placeholders filled from `params`. */
export function t(message, params = {}) {
  const text = typeof words[message] === "string" ? words[message] : message;
  return fill(text, params);
}

/** The form of a plural message for `n`; `%(n)s` is `n` in the language's digits. */
export function tn(singular, plural, n, params = {}) {
  const forms = words[singular];
  let text = null;
  if (forms && typeof forms === "object") {
    let category = "other";
    try {
      category = new Intl.PluralRules(lang).select(n);
    } catch (_) {
      // an unknown language tag: "other"
    }
    text = forms[category] || forms.other || null;
  }
  if (typeof text !== "string") text = n === 1 ? singular : plural;
  return fill(text, { n: formatNumber(n), ...params });
}

/** A number as the language writes it: "1,5" in French; English as the CLI writes it. */
export function formatNumber(n) {
  if (lang === "en") return String(n);
  try {
    return new Intl.NumberFormat(lang, { useGrouping: Math.abs(n) >= 10000, maximumFractionDigits: 2 }).format(n);
  } catch (_) {
    return String(n);
  }
}
