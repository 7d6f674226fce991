// course.json, checked into the shape the pages need.
import assert from "node:assert/strict";
import { test } from "node:test";

import { indexCourse } from "../../src/coursekit/site/static/course-index.js";

test("modules and lessons with their study times in minutes", () => {
  const course = indexCourse({
    id: "mini",
    modules: [
      {
        id: "basics",
        title: "Basics",
        lessons: [
          { id: "first-steps", study_time: [60, 120], status: "ready" },
          { id: "wrap-up", study_time: [45, 45], status: "planned" },
        ],
      },
    ],
  });
  assert.equal(course.id, "mini");
  assert.deepEqual(course.modules.map((m) => [m.id, m.title, m.lessons.length]), [["basics", "Basics", 2]]);
  assert.deepEqual(course.lessons.get("first-steps"), {
    id: "first-steps",
    module: "basics",
    title: "first-steps",
    low: 60,
    high: 120,
    status: "ready",
    available: true,
  });
  assert.equal(course.lessons.get("wrap-up").status, "planned");
  assert.equal(course.lessons.get("wrap-up").available, false); // coming soon: no progress counts it
  assert.deepEqual([course.modules[0].cards, course.modules[0].hasExercises], [[], false]);
});

test("a module's flashcards and whether it has exercises", () => {
  const course = indexCourse({
    id: "mini",
    modules: [
      { id: "a", lessons: [], flashcards: [{ id: "c1" }, null, { id: 2 }, { id: "c2" }] },
      { id: "b", lessons: [], scenarios: [{ id: "s" }] },
      { id: "c", lessons: [] },
    ],
  });
  assert.deepEqual(course.modules.map((m) => [m.id, m.cards, m.hasExercises]), [
    ["a", ["c1", "c2"], true],
    ["b", [], true],
    ["c", [], false],
  ]);
});

test("an odd or stale index cannot break a page: what does not fit is left out", () => {
  for (const data of [null, [], { id: 5, modules: [] }, { id: "x" }]) assert.equal(indexCourse(data), null);
  const course = indexCourse({
    id: "mini",
    modules: [
      null,
      { id: "no-lessons" },
      { id: "m", lessons: [null, { id: 7 }, { id: "a", study_time: ["x", null] }, { id: "b" }] },
    ],
  });
  assert.deepEqual(course.modules.map((m) => m.id), ["m"]);
  assert.deepEqual([...course.lessons.values()], [
    { id: "a", module: "m", title: "a", low: 0, high: 0, status: "ready", available: true },
    { id: "b", module: "m", title: "b", low: 0, high: 0, status: "ready", available: true },
  ]);
  assert.equal(course.modules[0].title, "m");
});
