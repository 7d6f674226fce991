// Due counts, unlocking and the session queue (review-queue.js), by the CLI's rules.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ReviewSession,
  describeDue,
  dueCounts,
  firstRatings,
  intervalText,
  isDue,
  nextDue,
  sessionQueue,
  startOfDay,
  startedToday,
  unlockedCards,
} from "../../src/coursekit/site/static/review-queue.js";
import { State } from "../../src/coursekit/site/static/vendor/ts-fsrs.js";

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

test("a planned lesson's cards stay locked even when a completion of it was imported", () => {
  const soon = {
    modules: [{ id: "m", lessons: [{ id: "now", status: "ready" }, { id: "later", status: "planned" }] }],
    flashcards: [{ id: "x", module: "m", lesson: "later" }, { id: "y", module: "m", lesson: "now" }],
  };
  assert.deepEqual([...unlockedCards(soon, () => true)], ["y"]);
  soon.modules[0].lessons[1].status = "ready";
  assert.deepEqual([...unlockedCards(soon, () => true)].sort(), ["x", "y"]);
});

test("due today includes overdue cards and ends at local midnight; the week is today and six days", () => {
  const states = new Map([["a", at(-3)], ["b", at(0, 23)], ["c", at(1, 0)], ["d", at(6, 23)], ["e", at(7, 0)]]);
  const counts = dueCounts(course, states, new Set(["f"]), now);
  assert.deepEqual(counts, { today: 2, week: 4, new: 1, reviewed: 5, locked: 0 });
  assert.equal(startOfDay(now, 1).getTime(), new Date(2026, 2, 11).getTime());
});

const review = (days, hours = 0) => ({ due: new Date(2026, 2, 10 + days, hours), state: State.Review });
const learning = (minutes) => ({ due: new Date(now.getTime() + minutes * 60000), state: State.Learning });

test("review cards are due all their day; cards in a step once the step has passed", () => {
  assert.equal(isDue(review(0, 23), now), true);
  assert.equal(isDue(review(1, 0), now), false);
  assert.equal(isDue(learning(-1), now), true);
  assert.equal(isDue(learning(0), now), true);
  assert.equal(isDue(learning(5), now), false);
});

test("a session: due cards most overdue first, then new ones in course order, at most N a day", () => {
  const states = new Map([["c", review(0, 1)], ["a", review(-2)], ["d", review(3)], ["b", learning(3)]]);
  const unlocked = new Set(["a", "b", "c", "f"]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 5 }), ["a", "c", "f"]);
  states.delete("b");
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 1 }), ["a", "c", "b"]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 0 }), ["a", "c"]);
  // cards first rated today count against the day's new cards; yesterday's do not
  const started = firstRatings([
    { card: "a", at: new Date(2026, 2, 9, 12).toISOString() },
    { card: "c", at: new Date(2026, 2, 10, 9).toISOString() },
    { card: "c", at: new Date(2026, 2, 10, 9, 5).toISOString() },
  ]);
  assert.equal(startedToday(started, now), 1);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 2, started }), ["a", "c", "b"]);
  // "review everything": locked cards too, like coursekit review --all
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { newCards: 9, everything: true }), ["a", "c", "b", "e", "f"]);
  assert.deepEqual(sessionQueue(course, states, unlocked, now, { module: "more" }), []);
  assert.deepEqual(nextDue(course, states, now), states.get("d").due); // "c" fell due at 01:00
});

test("Again or Hard in a step brings a card back once the step has passed, or 20 minutes early at the end", () => {
  const states = new Map();
  const session = new ReviewSession(["a", "b"], states);
  let t = now;
  assert.equal(session.next(t), "a");
  assert.equal(session.record("a", 1, learning(1)), true); // Again: back in a minute
  assert.equal(session.next(t), "b");
  assert.equal(session.record("b", 3, review(2)), false);
  assert.equal(session.total, 3);
  // nothing else left: "a" comes back early (within LEARN_AHEAD)
  assert.equal(session.next(t), "a");
  assert.equal(session.record("a", 2, learning(30)), true); // Hard, 30 min: too far to learn ahead
  assert.equal(session.next(t), null);
  t = new Date(now.getTime() + 11 * 60000);
  assert.equal(session.next(t), "a");
  session.record("a", 3, review(1));
  assert.equal(session.next(t), null);
  assert.deepEqual(session.counts(), { 1: 1, 2: 1, 3: 2, 4: 0 });
  assert.equal(session.cards.size, 2);
});

test("intervals and due dates read as the CLI prints them", () => {
  const min = 60000;
  assert.equal(intervalText(30 * 1000), "1 min");
  assert.equal(intervalText(5.5 * min), "6 min");
  assert.equal(intervalText(10 * min), "10 min");
  assert.equal(intervalText(150 * min), "2 h"); // 2.5 h: halves to even, as Python rounds
  assert.equal(intervalText(8 * 1440 * min), "8 d");
  assert.equal(intervalText(67.5 * 1440 * min), "2.2 mo");
  assert.equal(intervalText(548 * 1440 * min), "1.5 y");
  assert.equal(describeDue(new Date(now.getTime() + 10 * min), now), "in 10 min");
  assert.equal(describeDue(new Date(2026, 2, 11, 9), now), "tomorrow (Wed 11 Mar 2026)");
  assert.equal(describeDue(new Date(2026, 2, 16, 9), now), "in 6 days (Mon 16 Mar 2026)");
  assert.equal(describeDue(new Date(2026, 2, 8, 9), now), "overdue since Sun 8 Mar 2026");
  assert.equal(describeDue(new Date(now.getTime() - 1000), now), "now");
});
