// The progress the browser keeps: questions, changes, and its stored form.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MAX_REVIEWS,
  addReview,
  clipName,
  emptyState,
  isDone,
  lastGrade,
  setGrade,
  stateFromText,
  stateToText,
  toggleLesson,
} from "../../src/coursekit/site/static/learner-state.js";

const AT = "2026-01-05T18:00:00Z";

test("marking a lesson done and undoing it keeps the completion for the CLI", () => {
  const state = emptyState();
  toggleLesson(state, "first-steps", AT);
  const done = state.lessons.get("first-steps");
  assert.ok(isDone(state, "first-steps"));
  assert.equal(done.completedAt, AT);
  toggleLesson(state, "first-steps", "2026-01-05T19:00:00Z");
  const undone = state.lessons.get("first-steps");
  assert.ok(!isDone(state, "first-steps"));
  assert.equal(undone.uid, done.uid);
  assert.equal(undone.completedAt, AT);
  assert.ok(undone.undoUid && undone.undoUid !== done.uid);
  toggleLesson(state, "first-steps", "2026-01-05T20:00:00Z");
  assert.ok(isDone(state, "first-steps"));
  assert.notEqual(state.lessons.get("first-steps").uid, done.uid); // a new completion
});

test("a review's grade can be corrected, and the latest grade is the card's", () => {
  const state = emptyState();
  assert.equal(lastGrade(state, "c"), null);
  const review = addReview(state, "c", "got_it", AT);
  assert.deepEqual([review.grade, review.rating], ["got_it", 3]);
  setGrade(review, "not_yet");
  assert.deepEqual([review.grade, review.rating], ["not_yet", 1]);
  addReview(state, "c", "got_it", "2026-01-06T18:00:00Z");
  assert.equal(lastGrade(state, "c"), "got_it");
});

test("the stored form reads back the same, Hard and Easy ratings included", () => {
  const state = emptyState();
  state.learner = "Ada";
  toggleLesson(state, "first-steps", AT);
  for (const [n, rating] of [1, 2, 3, 4].entries()) {
    state.reviews.push({ uid: `r${n}`, card: "c", rating, grade: rating >= 3 ? "got_it" : "not_yet", at: AT });
  }
  const again = stateFromText(stateToText(state));
  assert.deepEqual(again, state);
  assert.deepEqual(again.reviews.map((r) => [r.rating, r.grade]), [
    [1, "not_yet"],
    [2, "not_yet"],
    [3, "got_it"],
    [4, "got_it"],
  ]);
});

test("a name of 100 characters is kept whole, however many UTF-16 units they take", () => {
  const state = emptyState();
  state.learner = "\u{1F600}".repeat(100);
  assert.equal(stateFromText(stateToText(state)).learner, state.learner);
  assert.equal(clipName("\u{1F600}".repeat(101)), state.learner);
});

test("a stored review without a valid rating falls back to its grade", () => {
  const text = JSON.stringify({
    version: 1,
    reviews: [
      { uid: "a", card: "c", grade: "got_it", at: AT },
      { uid: "b", card: "c", grade: "got_it", rating: 9, at: AT },
      { uid: "c", card: "c", grade: "not_yet", rating: 2, at: AT },
    ],
  });
  assert.deepEqual(stateFromText(text).reviews.map((r) => [r.uid, r.rating, r.grade]), [
    ["a", 3, "got_it"],
    ["b", 3, "got_it"],
    ["c", 2, "not_yet"],
  ]);
});

test("anything odd in storage is dropped, never trusted", () => {
  for (const raw of [null, "", "not json", "[]", '{"version": 2}']) {
    assert.deepEqual(stateFromText(raw), emptyState(), String(raw));
  }
  const state = stateFromText(
    JSON.stringify({
      version: 1,
      learner: "x".repeat(500),
      lessons: {
        "first-steps": { done: true, at: AT, uid: "has space", undoUid: 5, completedAt: "yesterday" },
        "Not A Slug": { done: true, at: AT },
        "second-steps": { done: true, at: "2026-02-30T00:00:00Z" },
        "hands-on": "done",
      },
      reviews: [
        { card: ["c"], grade: "got_it", at: AT },
        { card: "c", grade: "constructor", at: AT },
        { card: "c", rating: 4, at: "yesterday" },
        "review",
      ],
    }),
  );
  assert.equal(state.learner.length, 100);
  assert.deepEqual([...state.lessons], [
    ["first-steps", { done: true, at: AT, uid: undefined, completedAt: undefined, undoUid: undefined }],
  ]);
  assert.deepEqual(state.reviews, []);
});

test("storage keeps the newest reviews only", () => {
  const state = emptyState();
  for (let i = 0; i < MAX_REVIEWS + 5; i++) state.reviews.push({ uid: `r${i}`, card: "c", rating: 3, grade: "got_it", at: AT });
  const kept = JSON.parse(stateToText(state)).reviews;
  assert.equal(kept.length, MAX_REVIEWS);
  assert.equal(kept[0].uid, "r5");
});

test("exercises marked done are kept, stored and read back like lessons", async () => {
  const { exercisesDone, toggleExercises } = await import("../../src/coursekit/site/static/learner-state.js");
  const state = emptyState();
  toggleExercises(state, "basics", "2026-01-05T18:00:00Z");
  assert.equal(exercisesDone(state, "basics"), true);
  const back = stateFromText(stateToText(state));
  assert.equal(exercisesDone(back, "basics"), true);
  toggleExercises(back, "basics", "2026-01-05T19:00:00Z");
  assert.equal(exercisesDone(back, "basics"), false);
  assert.ok(back.exercises.get("basics").undoUid); // exported as an undo of the completion
});

test("where to continue, module ticks, flashcards and the last study day", async () => {
  const ls = await import("../../src/coursekit/site/static/learner-state.js");
  const lesson = (id, module, available = true) => ({ id, module, title: id, available });
  const basics = { id: "basics", lessons: [lesson("a", "basics"), lesson("b", "basics"), lesson("soon", "basics", false)] };
  const later = { id: "later", lessons: [lesson("soon-too", "later", false)] };
  const course = { modules: [basics, later] };
  const state = emptyState();
  assert.equal(ls.nextLesson(state, course).id, "a");
  assert.equal(ls.hasStarted(state), false);
  assert.equal(ls.lastStudied(state), null);
  ls.toggleLesson(state, "a", "2026-01-05T18:00:00Z");
  assert.equal(ls.nextLesson(state, course).id, "b");
  assert.equal(ls.moduleDone(state, basics), false);
  ls.toggleLesson(state, "b", "2026-01-06T18:00:00Z");
  // Every lesson it has ready is done: the module is done, its planned lesson aside.
  assert.equal(ls.moduleDone(state, basics), true);
  assert.equal(ls.moduleDone(state, later), false); // nothing ready: never done
  assert.equal(ls.nextLesson(state, course), null); // only planned lessons are left
  ls.addReview(state, "c1", "not_yet", "2026-01-07T18:00:00Z");
  ls.addReview(state, "c1", "got_it", "2026-01-08T18:00:00Z");
  ls.addReview(state, "c2", "not_yet", "2026-01-07T19:00:00Z");
  assert.deepEqual(ls.cardSummary(state, ["c1", "c2", "c3"]), { total: 3, reviewed: 2, gotIt: 1 });
  assert.equal(ls.lastStudied(state), "2026-01-08T18:00:00Z");
  state.learner = "ana";
  ls.resetState(state);
  assert.deepEqual(state, { ...emptyState(), learner: "ana" });
});
