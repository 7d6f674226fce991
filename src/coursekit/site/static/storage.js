/* coursekit: where the browser keeps a course's progress: localStorage, under
 * "coursekit:<course id>:progress". When storage is blocked (privacy settings) or
 * full, progress is kept in memory until the page closes, and `memoryOnly` says so.
 * No DOM here; `backend` returns the Storage to use (a stand-in in tests).
 */
import { emptyState, stateFromText, stateToText } from "./learner-state.js";

export function storageKey(courseId) {
  return `coursekit:${courseId}:progress`;
}

export class ProgressStorage {
  constructor(courseId, backend = () => globalThis.localStorage) {
    this.key = storageKey(courseId);
    this.memoryOnly = false;
    this.backend = backend;
  }

  /** The stored state (an empty one when there is none, or storage is blocked). */
  load() {
    try {
      return stateFromText(this.backend().getItem(this.key));
    } catch (_) {
      this.memoryOnly = true; // even reading is refused: keep progress in memory
      return emptyState();
    }
  }

  /** Store the state; false once storage has refused (blocked or full). */
  save(state) {
    if (this.memoryOnly) return false;
    try {
      this.backend().setItem(this.key, stateToText(state));
      return true;
    } catch (_) {
      this.memoryOnly = true;
      return false;
    }
  }
}
