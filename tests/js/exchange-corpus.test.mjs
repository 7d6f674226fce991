// The exchange file's conformance corpus, read the site's way: every case of
// tests/exchange_corpus/cases must come to what the corpus says, as it must for the
// CLI in tests/test_exchange_corpus.py. Problem places must agree, wording may not.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

import { EVENT_FIELDS, EVENT_TYPES, parseExchange, readExchange } from "../../src/coursekit/site/static/exchange.js";
import { replay } from "../../src/coursekit/site/static/replay.js";

const corpus = new URL("../exchange_corpus/", import.meta.url);
const json = (url) => JSON.parse(readFileSync(url, "utf8"));
const settings = json(new URL("settings.json", corpus));
const now = Date.parse(settings.now);
const lessons = new Set(settings.lessons);
const modules = new Set(settings.modules);
const names = readdirSync(new URL("cases/", corpus)).filter((name) => name.endsWith(".json")).sort();

// The case's file as the site's Import reads it: bytes, or the text of the file.
function read(c) {
  if ("base64" in c) return readExchange(Buffer.from(c.base64, "base64"), settings.course, now);
  return parseExchange("text" in c ? c.text : JSON.stringify(c.document), settings.course, now);
}

for (const name of names) {
  test(name.replace(/\.json$/, ""), () => {
    const c = json(new URL(`cases/${name}`, corpus));
    const result = read(c);
    if (c.refused) {
      assert.deepEqual(result.problems.map((p) => p.key).sort(), [...c.refused].sort());
      return;
    }
    assert.deepEqual(result.problems, []);
    const replayed = replay(result.events);
    const done = (entries, known) => [...entries].filter(([id, entry]) => entry.done && known.has(id)).map(([id]) => id).sort();
    assert.deepEqual(
      {
        learner: result.learner,
        done: done(replayed.lessons, lessons),
        reviews: replayed.reviews.map(({ card, rating }) => ({ card, rating })),
        exercises: done(replayed.exercises, modules),
      },
      { exercises: [], ...c.accepted },
    );
  });
}

test("the site knows the CLI's event types and their fields", () => {
  // tests/test_exchange_corpus.py checks the same lists against the CLI's.
  assert.deepEqual([...EVENT_TYPES], settings.event_types);
  assert.deepEqual(EVENT_FIELDS, settings.event_fields);
});

test("the corpus is not empty", () => {
  assert.ok(names.length >= 40, `${names.length} cases`);
});
