// localStorage, blocked or full.
import assert from "node:assert/strict";
import { test } from "node:test";

import { emptyState, toggleLesson } from "../../src/coursekit/site/static/learner-state.js";
import { ProgressStorage, storageKey, storageProblemText } from "../../src/coursekit/site/static/storage.js";

class MemoryStorage {
  items = new Map();
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

test("progress is kept per course, under the course id", () => {
  const backend = new MemoryStorage();
  const storage = new ProgressStorage("mini", () => backend);
  assert.equal(storage.key, "coursekit:mini:progress");
  assert.equal(storageKey("other"), "coursekit:other:progress");
  assert.deepEqual(storage.load(), emptyState());
  const state = emptyState();
  toggleLesson(state, "first-steps", "2026-01-05T18:00:00Z");
  assert.equal(storage.save(state), true);
  assert.deepEqual(new ProgressStorage("mini", () => backend).load(), state);
  assert.deepEqual(new ProgressStorage("other", () => backend).load(), emptyState());
  assert.equal(storage.memoryOnly, false);
  assert.equal(storageProblemText(storage), "");
  assert.deepEqual([...backend.items.keys()], ["coursekit:mini:progress"]); // the probe is gone
});

test("blocked storage (even reading it throws): progress stays in memory", () => {
  const storage = new ProgressStorage("mini", () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  });
  assert.deepEqual(storage.load(), emptyState());
  assert.equal(storage.memoryOnly, true);
  assert.equal(storage.problem, "blocked");
  assert.match(storageProblemText(storage), /^Progress can't be saved in this browser: it blocks/);
  assert.equal(storage.save(emptyState()), false);
});

test("storage that reads but refuses writes is found out on loading, before anything is marked", () => {
  const backend = new MemoryStorage();
  const state = emptyState();
  toggleLesson(state, "first-steps", "2026-01-05T18:00:00Z");
  backend.setItem("coursekit:mini:progress", JSON.stringify({ version: 1, learner: "", lessons: { "first-steps": { done: true, at: "2026-01-05T18:00:00Z" } } }));
  backend.setItem = () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  };
  const storage = new ProgressStorage("mini", () => backend);
  assert.equal(storage.load().lessons.get("first-steps").done, true); // what it holds still shows
  assert.equal(storage.problem, "blocked");
});

test("full storage: the first refused save switches to memory, and no more writes are tried", () => {
  const backend = new MemoryStorage();
  let writes = 0;
  let full = false;
  const setItem = backend.setItem.bind(backend);
  backend.setItem = (key, value) => {
    writes += 1;
    if (full) throw new DOMException("quota", "QuotaExceededError");
    setItem(key, value);
  };
  const storage = new ProgressStorage("mini", () => backend);
  assert.deepEqual(storage.load(), emptyState());
  assert.equal(storage.memoryOnly, false);
  full = true;
  writes = 0;
  assert.equal(storage.save(emptyState()), false);
  assert.equal(storage.memoryOnly, true);
  assert.equal(storage.problem, "full");
  assert.match(storageProblemText(storage), /storage for this site is full/);
  assert.equal(storage.save(emptyState()), false);
  assert.equal(writes, 1);
});
