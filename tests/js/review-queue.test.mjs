// Due counts, unlocking and the session queue (review-queue.js), by the CLI's rules.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ReviewSession, dueCounts, sessionQueue, startOfDay, unlockedCards } from "../../src/coursekit/site/static/review-queue.js";

const course = {
  modules: [
    { id: "basics", lessons: [{ id: "one", status: "ready" }, { id: "two", status: "ready" }, { id: "later", status: "planned" }] },
    { id: "more", lessons: [{ id: "three", status: "draft" }] },
    { id: "empty", lessons: [{ id: "soon", status: "planned" }] },
  ],
  flashcards: [
    { id: "a", module: "basics", lesson: "one" },
    { id: "b", module: "basics", lesson: "two" },
    { id: "c", module: "basics", lesson: null },
    { id: "d", module: "more", lesson: null },
    { id: "e", module: "empty", lesson: null },
    { id: "f", module: "basics", lesson: "one" },
  ],
};
const now = new Date(2026, 2, 10, 15, 0); // local time, as a learner's browser has it
const at = (days, hours = 0) => ({ due: new Date(2026, 2, 10 + days, hours) });

test("a card unlocks with its lesson, or with every studied lesson of its module", () => {
  const done = new Set(["one"]);
  assert.deepEqual([...unlockedCards(course, (id) => done.has(id))].sort(), ["a", "f"]);
  done.add("two");
  // planned lessons do not count; a module with only planned lessons never unlocks
  assert.deepEqual([...unlockedCards(course, (id) => done.has(id))].sort(), ["a", "b", "c", "f"]);
  done.add("three");
  assert.deepEqual([...unlockedCards(course, (id) => done.has(id))].sort(), ["a", "b", "c", "d", "f"]);
});

test("due today includes overdue cards and ends at local midnight; the week is today and six days", () => {
  const states = new Map([["a", at(-3)], ["b", at(0, 23)], ["c", at(1, 0)], ["d", at(6, 23)], ["e", at(7, 0)]]);
  const counts = dueCounts(course, states, new Set(["f"]), now);
  assert.deepEqual(counts, { today: 2, week: 4, new: 1, reviewed: 5, locked: 0 });
  assert.equal(startOfDay(now, 1).getTime(), new Date(2026, 2, 11).getTime());
});

test("a session: due cards most overdue first, then new ones in course order, at most N", () => {
  const states = new Map([["c", at(0, 1)], ["a", at(-2)], ["d", at(3)]]);
  const unlocked = new Set(["a", "b", "c", "f"]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 5 }), [
    { id: "a", isNew: false },
    { id: "c", isNew: false },
    { id: "b", isNew: true },
    { id: "f", isNew: true },
  ]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 1 }).map((c) => c.id), ["a", "c", "b"]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 0 }).map((c) => c.id), ["a", "c"]);
  // "review everything": locked cards too, like coursekit review --all
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 9, everything: true }).map((c) => c.id), ["a", "c", "b", "e", "f"]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { module: "more" }), []);
});

test("a card rated Again comes back at the end of the session", () => {
  const session = new ReviewSession([{ id: "a", isNew: false }, { id: "b", isNew: true }]);
  assert.equal(session.current.id, "a");
  session.rate(1);
  assert.equal(session.current.id, "b");
  session.rate(3);
  assert.deepEqual(session.current, { id: "a", isNew: false, again: true });
  session.rate(1);
  session.rate(4);
  assert.equal(session.current, null);
  assert.deepEqual(session.ratings, { 1: 2, 2: 0, 3: 1, 4: 1 });
  assert.equal(session.total, 4);
  assert.equal(session.reviewed.size, 2);
});
