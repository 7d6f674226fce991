// The home page's "Continue" link: a lesson's address, made like one the page knows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { lessonHref } from "../../src/coursekit/site/static/dashboard.js";

const first = { module: "basics", id: "first-steps" };
const next = { module: "practice", id: "hands-on" };

test("directory URLs and .html URLs alike", () => {
  assert.equal(lessonHref("basics/first-steps/", first, next), "practice/hands-on/");
  assert.equal(lessonHref("basics/first-steps.html", first, next), "practice/hands-on.html");
  assert.equal(lessonHref("/course/basics/first-steps/", first, next), "/course/practice/hands-on/");
  assert.equal(lessonHref("elsewhere/", first, next), null);
});
