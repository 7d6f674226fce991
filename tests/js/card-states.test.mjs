// Card states replayed from ratings, and their cache (card-states.js): the cache may
// only ever save time, never change a due date.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { cacheFromText, cacheText, digest, replayCards } from "../../src/coursekit/site/static/card-states.js";
import { checkSettings, makeScheduler } from "../../src/coursekit/site/static/fsrs-schedule.js";

const corpus = JSON.parse(readFileSync(new URL("../fsrs_conformance/cases/default.json", import.meta.url), "utf8"));
const settings = checkSettings(corpus.scheduler);
const scheduler = makeScheduler(settings);
const KEY = JSON.stringify(settings);

// The corpus's first sequences as the ratings of different cards, in one time order.
function history(count = 12) {
  const reviews = [];
  corpus.sequences.slice(0, count).forEach((sequence, n) => {
    sequence.reviews.forEach((r, i) => reviews.push({ uid: `s${n}-${i}`, card: `card-${n}`, rating: r.rating, at: r.at }));
  });
  return reviews.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

const dues = (cards) => Object.fromEntries([...cards].map(([id, card]) => [id, card.due.toISOString()]));

test("interleaved ratings of many cards replay to each card's own schedule", () => {
  const { cards, replayed } = replayCards(history(), scheduler, KEY);
  assert.equal(replayed, history().length);
  corpus.sequences.slice(0, 12).forEach((sequence, n) => {
    const want = sequence.expected.at(-1);
    assert.equal(cards.get(`card-${n}`).due.toISOString().slice(0, 16), want.due.slice(0, 16), sequence.name);
  });
});

test("a cache of the first ratings is resumed, and gives what a full replay gives", () => {
  const all = history();
  const first = replayCards(all.slice(0, 100), scheduler, KEY);
  const stored = cacheFromText(cacheText(first.cache));
  const resumed = replayCards(all, scheduler, KEY, stored);
  assert.equal(resumed.replayed, all.length - 100);
  assert.deepEqual(dues(resumed.cards), dues(replayCards(all, scheduler, KEY).cards));
  // Nothing new: nothing replayed, no cache to write.
  const again = replayCards(all, scheduler, KEY, resumed.cache);
  assert.equal(again.replayed, 0);
  assert.equal(again.cache, null);
  assert.deepEqual(dues(again.cards), dues(resumed.cards));
});

test("a cache that no longer covers the first ratings is not used", () => {
  const all = history();
  const cache = replayCards(all.slice(0, 100), scheduler, KEY).cache;
  const full = dues(replayCards(all, scheduler, KEY).cards);
  // An imported rating earlier than the cached ones changes the prefix.
  const earlier = [{ uid: "imported", card: "card-0", rating: 1, at: "2000-01-02T00:00:00Z" }, ...all];
  const withEarlier = replayCards(earlier, scheduler, KEY, cache);
  assert.equal(withEarlier.replayed, earlier.length);
  // Other settings (a course that changed its retention) replay everything.
  assert.equal(replayCards(all, scheduler, "other settings", cache).replayed, all.length);
  // Fewer ratings than the cache covers (storage reset), or a damaged cache.
  assert.equal(replayCards(all.slice(0, 50), scheduler, KEY, cache).replayed, 50);
  for (const odd of [{ ...cache, format: 2 }, { ...cache, cards: { "card-0": [1, 2] } }, { ...cache, count: "100" }, []]) {
    const result = replayCards(all, scheduler, KEY, odd);
    assert.equal(result.replayed, all.length);
    assert.deepEqual(dues(result.cards), full);
  }
  assert.equal(cacheFromText("{not json"), null);
  assert.equal(cacheFromText(null), null);
});

test("the digest tells ratings apart by uid, card and rating, and in order", () => {
  const a = [{ uid: "1", card: "x", rating: 3 }, { uid: "2", card: "y", rating: 1 }];
  assert.notEqual(digest(a), digest([a[1], a[0]]));
  assert.notEqual(digest(a), digest([a[0], { ...a[1], rating: 2 }]));
  assert.notEqual(digest(a), digest([a[0], { ...a[1], card: "z" }]));
  assert.equal(digest(a, 1), digest([a[0]]));
});
