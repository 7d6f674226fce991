// What "Import progress" says: the learner's words, one line a problem, the right count.
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseExchange } from "../../src/coursekit/site/static/exchange.js";
import { importedMessage, problemSentence, refusalMessage } from "../../src/coursekit/site/static/import-messages.js";

const NOW = Date.UTC(2026, 0, 31);
const file = (events, extra = {}) =>
  JSON.stringify({ format: "coursekit-progress", version: 1, course: "mini", learner: "ana", events, ...extra });
const ZERO = { lessons: 0, lessonsDone: 0, lessonsUndone: 0, exercises: 0, reviews: 0, unknown: 0, unknownModules: 0 };

test("a problem with an entry names the entry by its number from 1, in plain words", () => {
  const { problems } = parseExchange(file([{ type: "lesson_complete", at: "2026-01-05T18:00:00Z" }]), "mini", NOW);
  assert.deepEqual(problems.map(problemSentence), [
    "Entry 1 of the file is of a kind this site does not know (it may come from a newer coursekit).",
  ]);
  const sentences = parseExchange(
    file([
      { type: "lesson_completed", at: "yesterday", lesson: "first-steps" },
      { type: "lesson_completed", at: "2026-01-05T18:00:00Z" },
      { type: "study_session", at: "2026-01-05T18:00:00Z", lesson: "a", minutes: 0, note: "x" },
    ]),
    "mini",
    NOW,
  ).problems.map(problemSentence);
  assert.deepEqual(sentences, [
    "Entry 1 of the file has no valid date and time, or one in the future.",
    'Entry 2 of the file is missing its "lesson".',
    "Entry 3 of the file has a study time that is not a whole number of minutes within range.",
    'Entry 3 of the file has a detail this site does not expect ("note").',
  ]);
  for (const sentence of sentences) assert.doesNotMatch(sentence, /events\[|expected|slug/);
});

test("a file that is not a progress file, or is for another course, says so once", () => {
  assert.deepEqual(refusalMessage(parseExchange("not json", "mini", NOW).problems), {
    title: "Not imported; nothing was changed.",
    lines: ['This is not a coursekit progress file. Choose the file that "Export progress" saved (its name starts with coursekit-progress).'],
  });
  const other = refusalMessage(parseExchange(file([], { course: "other" }), "mini", NOW).problems);
  assert.deepEqual(other.lines, ['This file is for another course ("other"), not this one.']);
  assert.equal(other.title, "Not imported; nothing was changed. It has 1 problem:");
  const newer = refusalMessage(parseExchange(file([], { version: 2 }), "mini", NOW).problems);
  assert.match(newer.lines[0], /newer coursekit/);
});

test("five problems are shown, and the rest counted right", () => {
  const bad = (n) => Array.from({ length: n }, () => ({ type: "nope", at: "2026-01-05T18:00:00Z" }));
  const eight = refusalMessage(parseExchange(file(bad(8)), "mini", NOW).problems);
  assert.equal(eight.title, "Not imported; nothing was changed. It has 8 problems:");
  // The same sentence for five entries: each is its own line, numbered.
  assert.equal(eight.lines.length, 6);
  assert.equal(eight.lines[5], "…and 3 more problems.");
  // The reader stops at 30 problems: the count says "at least", never "15 more" of 30.
  const many = refusalMessage(parseExchange(file(bad(45)), "mini", NOW).problems);
  assert.equal(many.title, "Not imported; nothing was changed. It has at least 30 problems:");
  assert.equal(many.lines.at(-1), "…and at least 25 more problems (the check stops after 30).");
});

test("an imported file says what it added", () => {
  assert.deepEqual(importedMessage({ ...ZERO, lessons: 3, lessonsDone: 3, reviews: 2 }), {
    title: "Imported: 3 lessons marked done and 2 flashcard reviews added.",
    lines: [],
  });
  assert.deepEqual(importedMessage({ ...ZERO, lessons: 2, lessonsDone: 1, lessonsUndone: 1, exercises: 1, unknown: 1 }), {
    title: "Imported: 1 lesson marked done, 1 lesson marked not done and the exercises of 1 module updated.",
    lines: ["One lesson or module in the file is not part of this course (any more) and was left out."],
  });
  assert.equal(importedMessage(ZERO).title, "Imported: nothing new, this browser already had everything in the file.");
});
