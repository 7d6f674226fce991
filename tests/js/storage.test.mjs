// localStorage, blocked or full.
import assert from "node:assert/strict";
import { test } from "node:test";

import { emptyState, toggleLesson } from "../../src/coursekit/site/static/learner-state.js";
import { ProgressStorage, storageKey } from "../../src/coursekit/site/static/storage.js";

class MemoryStorage {
  items = new Map();
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
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
});

test("blocked storage (even reading it throws): progress stays in memory", () => {
  const storage = new ProgressStorage("mini", () => {
    throw new DOMException("The operation is insecure.", "SecurityError");
  });
  assert.deepEqual(storage.load(), emptyState());
  assert.equal(storage.memoryOnly, true);
  assert.equal(storage.save(emptyState()), false);
});

test("full storage: the first refused save switches to memory, and no more writes are tried", () => {
  const backend = new MemoryStorage();
  let writes = 0;
  backend.setItem = () => {
    writes += 1;
    throw new DOMException("quota", "QuotaExceededError");
  };
  const storage = new ProgressStorage("mini", () => backend);
  assert.deepEqual(storage.load(), emptyState());
  assert.equal(storage.memoryOnly, false);
  assert.equal(storage.save(emptyState()), false);
  assert.equal(storage.memoryOnly, true);
  assert.equal(storage.save(emptyState()), false);
  assert.equal(writes, 1);
});
