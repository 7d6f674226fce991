/* coursekit: where the browser keeps a course's progress: localStorage, under
 * "coursekit:<course id>:progress". When storage is blocked (privacy settings, some
 * private windows) or full, progress is kept in memory until the page closes:
 * `problem` then says which ("blocked" or "full"), and every control says so where
 * it stands instead of claiming that anything was saved. No DOM here; `backend`
 * returns the Storage to use (a stand-in in tests).
 */
import { emptyState, stateFromText, stateToText } from "./learner-state.js";
import { t } from "./messages.js";

// What the controls say when progress cannot be kept, in the page's language.
const PROBLEMS = {
  get blocked() {
    return t("Progress can't be saved in this browser: it blocks this site's storage (privacy settings or a private window). What you mark is kept only until you close this page; export it to keep a copy.");
  },
  get full() {
    return t("Progress can't be saved in this browser: its storage for this site is full. What you mark is kept only until you close this page; export it to keep a copy.");
  },
};

const PROBE = "coursekit:storage-probe";

export function storageKey(courseId) {
  return `coursekit:${courseId}:progress`;
}

/** The sentence a control shows when progress cannot be saved, or "" when it can. */
export function storageProblemText(storage) {
  return storage.problem ? PROBLEMS[storage.problem] : "";
}

function isQuotaError(error) {
  return Boolean(error) && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22);
}

export class ProgressStorage {
  constructor(courseId, backend = () => globalThis.localStorage) {
    this.key = storageKey(courseId);
    this.problem = null; // null, "blocked" or "full"
    this.backend = backend;
  }

  /** True once storage has refused: progress lasts only as long as the page. */
  get memoryOnly() {
    return this.problem !== null;
  }

  /**
   * The stored state (an empty one when there is none, or storage is blocked). A
   * storage that reads but refuses to write (some blocked or full ones do) is found
   * out here, with a small probe, so that no control claims "saved" before it is.
   */
  load() {
    let raw;
    try {
      const backend = this.backend();
      raw = backend.getItem(this.key);
      backend.setItem(PROBE, "1");
      backend.removeItem(PROBE);
    } catch (error) {
      this.problem = isQuotaError(error) ? "full" : "blocked"; // keep progress in memory
      return raw === undefined ? emptyState() : stateFromText(raw);
    }
    return stateFromText(raw);
  }

  /** Store the state; false once storage has refused (blocked or full) on this page. */
  save(state) {
    if (this.problem) return false;
    try {
      this.backend().setItem(this.key, stateToText(state));
      return true;
    } catch (error) {
      this.problem = isQuotaError(error) ? "full" : "blocked";
      return false;
    }
  }
}
