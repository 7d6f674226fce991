// Writing the exchange file, and reading it back (the reading rules themselves are
// pinned case by case by exchange-corpus.test.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { buildExport, parseExchange, pseudonym, readExchange } from "../../src/coursekit/site/static/exchange.js";
import { addReview, emptyState, toggleExercises, toggleLesson } from "../../src/coursekit/site/static/learner-state.js";
import { mergeInto, replay } from "../../src/coursekit/site/static/replay.js";

const NOW = Date.UTC(2026, 0, 31);

function browserState() {
  const state = emptyState();
  state.learner = "  Ada  ";
  toggleLesson(state, "a", "2026-01-05T18:00:00Z");
  toggleLesson(state, "b", "2026-01-05T18:30:00Z");
  toggleLesson(state, "b", "2026-01-05T18:45:00Z"); // undone
  toggleLesson(state, "c", "2026-01-05T19:00:00Z");
  state.lessons.set("d", { done: false, at: "2026-01-05T19:30:00Z" }); // reset: nothing to say
  const hard = addReview(state, "card", "not_yet", "2026-01-05T18:40:00Z");
  hard.rating = 2; // a Hard brought from the CLI
  return state;
}

test("the export holds completions, undo pairs and reviews, in time order", () => {
  const data = buildExport(browserState(), "mini");
  assert.deepEqual(
    { ...data, events: undefined },
    { format: "coursekit-progress", version: 1, course: "mini", learner: "Ada", events: undefined },
  );
  assert.deepEqual(
    data.events.map((e) => [e.type, e.at, e.lesson || e.card || e.event]),
    [
      ["lesson_completed", "2026-01-05T18:00:00Z", "a"],
      ["lesson_completed", "2026-01-05T18:30:00Z", "b"],
      ["flashcard_review", "2026-01-05T18:40:00Z", "card"],
      ["undo", "2026-01-05T18:45:00Z", data.events[1].uid],
      ["lesson_completed", "2026-01-05T19:00:00Z", "c"],
    ],
  );
  assert.equal(data.events[2].rating, 2);
  assert.equal(buildExport(emptyState(), "mini").learner, "learner");
});

test("an anonymous export carries the CLI's pseudonym instead of the name", () => {
  // The same reference vector as tests/test_cohort.py::test_pseudonym_reference_vector.
  const events = [
    { at: "2026-01-06T10:00:00Z", uid: "b2" },
    { at: "2026-01-05T09:30:00.5Z", uid: "zz-1" },
    { at: "2026-01-05T09:30:00.500000Z", uid: "aa-9" },
  ];
  assert.equal(pseudonym("mini", events), "anon-b46fad6112");
  assert.equal(pseudonym("mini", events.slice(0, 2)), "anon-7af7ce263b");
  assert.equal(pseudonym("mini", []), "anon-81b61762b7");
  const state = browserState();
  const named = buildExport(state, "mini");
  const anonymous = buildExport(state, "mini", { anonymous: true });
  assert.equal(anonymous.learner, pseudonym("mini", named.events));
  assert.deepEqual(anonymous.events, named.events);
  assert.ok(!JSON.stringify(anonymous).includes("Ada"));
  state.learner = "Someone else";
  assert.equal(buildExport(state, "mini", { anonymous: true }).learner, anonymous.learner);
});

test("an export read back into an empty browser gives the same progress", () => {
  const state = browserState();
  const parsed = parseExchange(JSON.stringify(buildExport(state, "mini")), "mini", NOW);
  assert.deepEqual(parsed.problems, []);
  const again = emptyState();
  mergeInto(again, replay(parsed.events), new Set(["a", "b", "c", "d"]));
  const view = (s) =>
    [...s.lessons]
      .filter(([, e]) => e.uid)
      .map(([id, e]) => [id, e.done, e.uid, e.undoUid])
      .sort();
  assert.deepEqual(view(again), view(state));
  assert.deepEqual(again.reviews, state.reviews);
});

test("a file is read as UTF-8 bytes; anything else is refused as a whole", () => {
  const text = JSON.stringify({ format: "coursekit-progress", version: 1, course: "mini", learner: "Zoë", events: [] });
  assert.equal(readExchange(new TextEncoder().encode(`\uFEFF${text}`), "mini", NOW).learner, "Zoë");
  const latin1 = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  assert.deepEqual(readExchange(latin1, "mini", NOW).problems.map((p) => p.key), [""]);
});

test("exercises marked done are exported with their undo, like lessons", () => {
  const state = emptyState();
  toggleExercises(state, "basics", "2026-01-05T18:00:00Z");
  toggleExercises(state, "practice", "2026-01-05T19:00:00Z");
  toggleExercises(state, "practice", "2026-01-05T20:00:00Z"); // undone
  const { events } = buildExport(state, "mini");
  assert.deepEqual(
    events.map((e) => [e.type, e.module || e.event]),
    [
      ["exercises_completed", "basics"],
      ["exercises_completed", "practice"],
      ["undo", state.exercises.get("practice").uid],
    ],
  );
  const read = parseExchange(JSON.stringify(buildExport(state, "mini")), "mini", NOW);
  assert.deepEqual(read.problems, []);
  assert.deepEqual([...replay(read.events).exercises].map(([id, e]) => [id, e.done]), [["basics", true], ["practice", false]]);
});

test("reading a file adds nothing to Object's prototype", () => {
  parseExchange(
    '{"__proto__": {"polluted": 1}, "format": "coursekit-progress", "version": 1, "course": "mini",' +
      ' "events": [{"type": "reset", "at": "2026-01-05T18:00:00Z", "__proto__": {"polluted": 1}}]}',
    "mini",
    NOW,
  );
  assert.equal({}.polluted, undefined);
});
