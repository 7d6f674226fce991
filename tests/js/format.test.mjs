// Study times and counts in the CLI's wording.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatMinutes, formatRange } from "../../src/coursekit/site/static/format.js";
import { tn } from "../../src/coursekit/site/static/messages.js";

test("minutes read as hours and minutes", () => {
  assert.equal(formatMinutes(45), "45 min");
  assert.equal(formatMinutes(120), "2 h");
  assert.equal(formatMinutes(195), "3 h 15 min");
});

test("ranges keep both ends, in the shortest wording", () => {
  assert.equal(formatRange(0, 0), "0 h");
  assert.equal(formatRange(90, 90), "1 h 30 min");
  assert.equal(formatRange(420, 600), "7–10 h");
  assert.equal(formatRange(30, 60), "30–60 min");
  assert.equal(formatRange(195, 255), "3 h 15 min – 4 h 15 min");
  assert.equal(formatRange(0, 120), "0 min – 2 h");
});

test("plurals, in English without a page's words", () => {
  assert.equal(tn("%(n)s lesson", "%(n)s lessons", 1), "1 lesson");
  assert.equal(tn("%(n)s lesson", "%(n)s lessons", 0), "0 lessons");
  assert.equal(tn("%(n)s flashcard review", "%(n)s flashcard reviews", 2), "2 flashcard reviews");
});

test("days read like the CLI's: weekday, day, month, year", async () => {
  const { formatDay } = await import("../../src/coursekit/site/static/format.js");
  process.env.TZ = "UTC";
  assert.match(formatDay("2027-01-05T12:00:00Z"), /^(Mon|Tue|Wed) [4-6] Jan 2027$/);
  assert.equal(formatDay("not a time"), "");
});
