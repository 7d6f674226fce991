// The building blocks of events: UTC times, ratings and grades, new uids.
import assert from "node:assert/strict";
import { test } from "node:test";

import { UID, gradeOf, newUid, ratingOf, timeValue, utcTime, utcTimeOf, validTime } from "../../src/coursekit/site/static/event-fields.js";

test("utcTime gives one sortable form for every spelling of a UTC time", () => {
  assert.equal(utcTime("2026-01-05T18:00:00Z"), "2026-01-05T18:00:00.000000Z");
  assert.equal(utcTime("2026-01-05T18:00:00+00:00"), "2026-01-05T18:00:00.000000Z");
  assert.equal(utcTime("2026-01-05T18:00:00.5Z"), "2026-01-05T18:00:00.500000Z");
  assert.equal(utcTime("2026-01-05T18:00:00.123456789Z"), "2026-01-05T18:00:00.123456Z");
  assert.ok(utcTime("2026-01-05T18:00:00Z") < utcTime("2026-01-05T18:00:00.000001Z"));
});

test("utcTime refuses what is not a real UTC time", () => {
  for (const value of [
    "2026-01-05T18:00:00+02:00",
    "2026-01-05T18:00:00",
    "2026-02-30T18:00:00Z",
    "2026-01-05T24:00:00Z",
    "2026-01-05T18:60:00Z",
    "2026-12-31T23:59:60Z",
    "0099-01-01T00:00:00Z",
    "2026-01-05",
    " 2026-01-05T18:00:00Z",
    "2026-01-05T18:00:00Z\n",
    `2026-01-05T18:00:00.${"0".repeat(40)}Z`,
    1767636000,
    null,
  ]) {
    assert.equal(utcTime(value), null, String(value));
  }
});

test("validTime starts in 2000", () => {
  assert.ok(validTime("2000-01-01T00:00:00Z"));
  assert.ok(!validTime("1999-12-31T23:59:59Z"));
});

test("timeValue and utcTimeOf are milliseconds since 1970 and back", () => {
  assert.equal(timeValue("2026-01-05T18:00:00.1239Z"), Date.UTC(2026, 0, 5, 18, 0, 0, 123));
  assert.equal(utcTimeOf(Date.UTC(2026, 0, 5, 18, 0, 0, 123)), "2026-01-05T18:00:00.123000Z");
});

test("a rating wins over a grade; a grade alone is Good or Again", () => {
  assert.equal(ratingOf(2, "got_it"), 2);
  assert.equal(ratingOf(undefined, "got_it"), 3);
  assert.equal(ratingOf(undefined, "not_yet"), 1);
  assert.equal(ratingOf(5, "not_yet"), 1);
  assert.equal(ratingOf(undefined, "constructor"), null);
  assert.equal(ratingOf("3", undefined), null);
  assert.deepEqual([1, 2, 3, 4].map(gradeOf), ["not_yet", "not_yet", "got_it", "got_it"]);
});

test("new uids are uuids the exchange file accepts", () => {
  const uids = new Set(Array.from({ length: 100 }, newUid));
  assert.equal(uids.size, 100);
  for (const uid of uids) assert.match(uid, UID);
});
