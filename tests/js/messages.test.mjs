// The site script's words from the page's JSON block (messages.js): translations,
// plural forms by CLDR category, numbers, study times and days in the page's language.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatDay, formatMinutes, formatRange } from "../../src/coursekit/site/static/format.js";
import { language, loadMessages, t, tn, useMessages } from "../../src/coursekit/site/static/messages.js";

// What coursekit renders for a French page (src/coursekit/site/render.py, script_block).
const FRENCH = JSON.stringify({
  lang: "fr",
  messages: {
    "Mark as done": "Marquer comme terminée",
    "Done on %(day)s.": "Terminée le %(day)s.",
    "%(count)s h": "%(count)s h",
    "%(count)s min": "%(count)s min",
    "%(done)s of %(n)s lesson done": { one: "%(done)s leçon terminée sur %(n)s", many: "%(done)s leçons terminées sur %(n)s", other: "%(done)s leçons terminées sur %(n)s" },
  },
});
const GERMAN = JSON.stringify({
  lang: "de",
  messages: { "%(count)s h": "%(count)s Std.", "%(count)s min": "%(count)s Min." },
});

test("the page's words replace the English message, placeholders filled", () => {
  useMessages(FRENCH);
  assert.equal(language(), "fr");
  assert.equal(t("Mark as done"), "Marquer comme terminée");
  assert.equal(t("Done on %(day)s.", { day: "lun. 4 janv. 2027" }), "Terminée le lun. 4 janv. 2027.");
  // a message the block lacks stays in English rather than disappearing
  assert.equal(t("Cancel"), "Cancel");
});

test("plural forms follow the language's rule: French 0 and 1 are singular", () => {
  useMessages(FRENCH);
  const done = (d, n) => tn("%(done)s of %(n)s lesson done", "%(done)s of %(n)s lessons done", n, { done: d });
  assert.equal(done(0, 1), "0 leçon terminée sur 1");
  assert.equal(done(0, 0), "0 leçon terminée sur 0");
  assert.equal(done(1, 2), "1 leçons terminées sur 2");
});

test("numbers, study times and days in the page's language", () => {
  useMessages(GERMAN);
  assert.equal(formatMinutes(195), "3 Std. 15 Min.");
  assert.equal(formatRange(420, 600), "7–10 Std.");
  assert.equal(formatRange(30, 60), "30–60 Min.");
  process.env.TZ = "UTC";
  useMessages(FRENCH);
  assert.equal(formatDay("2027-01-04T12:00:00Z"), "lun. 4 janv. 2027");
});

test("a damaged block or a page without one keeps the words in use", () => {
  useMessages(FRENCH);
  useMessages("{not json");
  assert.equal(t("Mark as done"), "Marquer comme terminée");
  loadMessages({ getElementById: () => null, documentElement: { lang: "en" } });
  assert.equal(t("Mark as done"), "Marquer comme terminée");
  useMessages(JSON.stringify({ lang: "en", messages: {} }));
  assert.equal(t("Mark as done"), "Mark as done");
});

// What coursekit renders for an Arabic page: the words, and the page's direction.
const ARABIC = JSON.stringify({
  lang: "ar",
  dir: "rtl",
  messages: {
    "%(count)s h": "%(count)s س",
    "%(count)s min": "%(count)s د",
    "Continue: %(lesson)s": "تابِع: %(lesson)s",
    "%(done)s of %(total)s": "%(done)s من %(total)s",
    "%(n)s lesson": { zero: "%(n)s درس", one: "درس واحد", two: "درسان", few: "%(n)s دروس", many: "%(n)s درسًا", other: "%(n)s درس" },
  },
});
const FSI = "\u2068";
const PDI = "\u2069";

test("an Arabic page isolates every value set into its words, so none is reordered", () => {
  useMessages(ARABIC);
  assert.equal(t("Continue: %(lesson)s", { lesson: "First steps" }), `تابِع: ${FSI}First steps${PDI}`);
  const range = formatRange(315, 435);
  assert.equal(range, "5 س 15 د – 7 س 15 د");
  assert.equal(t("%(done)s of %(total)s", { done: formatRange(60, 120), total: range }), `${FSI}1–2 س${PDI} من ${FSI}${range}${PDI}`);
  // a bare number flows with the page's words
  assert.equal(t("%(done)s of %(total)s", { done: "1", total: "3" }), "1 من 3");
});

test("Arabic plural forms by CLDR category: zero, one, two, few, many, other", () => {
  useMessages(ARABIC);
  const lessons = (n) => tn("%(n)s lesson", "%(n)s lessons", n);
  assert.equal(lessons(1), "درس واحد");
  assert.equal(lessons(2), "درسان");
  assert.equal(lessons(3), "3 دروس");
  assert.equal(lessons(11), "11 درسًا");
  assert.equal(lessons(100), "100 درس");
});

test("a left-to-right page isolates only a value written right to left", () => {
  useMessages(FRENCH);
  assert.equal(t("Done on %(day)s.", { day: "lun. 4 janv. 2027" }), "Terminée le lun. 4 janv. 2027.");
  assert.equal(t("Done on %(day)s.", { day: "مقدمة" }), `Terminée le ${FSI}مقدمة${PDI}.`);
});
