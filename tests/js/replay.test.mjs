// The CLI's replay rules over a checked file, and merging it into the browser's progress.
// (What a file comes to is also pinned, case by case, by exchange-corpus.test.mjs.)
import assert from "node:assert/strict";
import { test } from "node:test";

import { emptyState, toggleLesson } from "../../src/coursekit/site/static/learner-state.js";
import { mergeInto, replay } from "../../src/coursekit/site/static/replay.js";

// mergeInto's counts, all zero but those given.
const COUNTS = (some) => ({ lessons: 0, lessonsDone: 0, lessonsUndone: 0, exercises: 0, reviews: 0, unknown: 0, unknownModules: 0, ...some });

const done = (lesson, at, uid) => ({ type: "lesson_completed", lesson, at, uid });
const undo = (target, at, uid) => ({ type: "undo", target, at, uid });
const review = (card, rating, at, uid) => ({
  type: "flashcard_review",
  card,
  rating,
  grade: rating >= 3 ? "got_it" : "not_yet",
  at,
  uid,
});

test("a completion undone in the file keeps the pair, so exporting it undoes it in the CLI too", () => {
  const { lessons } = replay([done("a", "2026-01-05T18:00:00Z", "c1"), undo("c1", "2026-01-05T19:00:00Z", "u1")]);
  assert.deepEqual(lessons.get("a"), {
    done: false,
    at: "2026-01-05T19:00:00Z",
    uid: "c1",
    completedAt: "2026-01-05T18:00:00Z",
    undoUid: "u1",
  });
});

test("a completion cancelled by a reset is simply not done: there is nothing to export", () => {
  const { lessons } = replay([done("a", "2026-01-05T18:00:00Z", "c1"), { type: "reset", at: "2026-01-06T18:00:00Z" }]);
  assert.deepEqual(lessons.get("a"), {
    done: false,
    at: "2026-01-06T18:00:00Z",
    uid: undefined,
    completedAt: undefined,
    undoUid: undefined,
  });
});

test("of two completions in force, the latest names the lesson's state", () => {
  const { lessons } = replay([done("a", "2026-01-07T18:00:00Z", "c2"), done("a", "2026-01-05T18:00:00Z", "c1")]);
  assert.equal(lessons.get("a").uid, "c2");
  assert.equal(lessons.get("a").at, "2026-01-07T18:00:00Z");
});

test("merging: the later record of a lesson wins, unknown lessons are counted, not kept", () => {
  const state = emptyState();
  toggleLesson(state, "a", "2026-01-10T00:00:00Z"); // done here, later than the file says
  toggleLesson(state, "b", "2026-01-01T00:00:00Z");
  const replayed = replay([
    done("a", "2026-01-05T18:00:00Z", "c1"),
    undo("c1", "2026-01-05T19:00:00Z", "u1"),
    done("c", "2026-01-05T18:00:00Z", "c2"),
    done("gone", "2026-01-05T18:00:00Z", "c3"),
    { type: "reset", at: "2026-01-02T00:00:00Z" }, // cancels everything above
    done("c", "2026-01-03T00:00:00Z", "c4"),
  ]);
  const counts = mergeInto(state, replayed, new Set(["a", "b", "c"]));
  assert.deepEqual(counts, COUNTS({ lessons: 1, lessonsDone: 1, unknown: 1 }));
  assert.deepEqual(
    [...state.lessons].map(([id, e]) => [id, e.done]),
    [
      ["a", true],
      ["b", true], // not in the file: as it was
      ["c", true],
    ],
  );
});

test("merging the same file twice changes nothing, reviews without uids included", () => {
  const events = [
    done("a", "2026-01-05T18:00:00Z", "c1"),
    review("card", 2, "2026-01-05T18:10:00Z", "r1"),
    review("card", 4, "2026-01-05T18:05:00Z", undefined),
  ];
  const state = emptyState();
  assert.deepEqual(mergeInto(state, replay(events), new Set(["a"])), COUNTS({ lessons: 1, lessonsDone: 1, reviews: 2 }));
  const after = structuredClone(state);
  assert.deepEqual(mergeInto(state, replay(events), new Set(["a"])), COUNTS({}));
  assert.deepEqual(state, after);
  // Kept in time order, with their ratings, and a uid for the one that came without.
  assert.deepEqual(state.reviews.map((r) => [r.rating, r.grade]), [
    [4, "got_it"],
    [2, "not_yet"],
  ]);
  assert.ok(state.reviews[0].uid);
});
