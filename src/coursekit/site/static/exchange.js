/* coursekit: the learner's progress as data, and the progress exchange file.
 *
 * No DOM here. The browser keeps, per course:
 *   lessons: Map(lesson id -> {done, at, uid, completedAt, undoUid})
 *            `at` is when the lesson last changed state; `uid`/`completedAt` name the
 *            completion event, `undoUid` the event that undid it (exported as a pair,
 *            so an undo made in the browser also undoes the completion in the CLI).
 *   reviews: [{uid, card, grade, rating, at}]   flashcard self-grades
 *
 * The exchange file (FORMAT.md): {"format": "coursekit-progress", "version": 1,
 * "course": id, "learner": name, "events": [{type, at, uid, ...}]}. Reading one
 * follows the CLI's replay rules: `undo` (data `event` = a uid) cancels that event,
 * an undone `undo` cancels nothing, `reset` cancels everything recorded before it;
 * events are in recording order.
 */

export const FORMAT = "coursekit-progress";
export const FORMAT_VERSION = 1;
export const LESSON_ID = /^[a-z][a-z0-9-]{0,63}$/;
export const CARD_ID = /^[a-z][a-z0-9-]{0,127}$/;
export const UID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const GRADES = {
  got_it: { rating: 3, label: "Got it" },
  not_yet: { rating: 1, label: "Not yet" },
};
export const EVENT_TYPES = new Set([
  "enrolled",
  "lesson_completed",
  "study_session",
  "undo",
  "reset",
  "flashcard_review",
]);
export const MAX_FILE_BYTES = 20 * 1024 * 1024; // the same caps as `coursekit progress import`
export const MAX_EVENTS = 200000;
export const MAX_REVIEWS = 20000;
const MAX_TEXT = 500;
const MAX_LIST = 1000;
const MAX_DEPTH = 4;
const MAX_PROBLEMS = 20;
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);
// UTC only: a trailing Z or +00:00, an optional fraction of a second.
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|\+00:00)$/;

// ---------------------------------------------------------------------- small helpers

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True for a real UTC time such as 2026-01-05T18:00:00Z (no 30 February). */
export function validTime(value) {
  if (typeof value !== "string") return false;
  const m = UTC_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    y >= 2000 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d && h < 24 && mi < 60 && s < 60
  );
}

/** Milliseconds since 1970 (fractions beyond milliseconds are dropped). */
export function timeValue(iso) {
  return Date.parse(iso.replace("+00:00", "Z").replace(/(\.\d{3})\d+Z$/, "$1Z"));
}

export function nowUTC() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A random UUID (version 4), also where crypto.randomUUID is missing (plain http). */
export function newUid() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------- reading a file

// Every value in the file: bounded text, finite numbers, no odd keys, shallow nesting.
function checkShape(value, path, problems, depth) {
  if (problems.length >= MAX_PROBLEMS) return;
  if (typeof value === "string") {
    if (value.length > MAX_TEXT) problems.push(`${path}: text longer than ${MAX_TEXT} characters`);
  } else if (typeof value === "number") {
    if (!Number.isFinite(value) || Math.abs(value) > 1e9) problems.push(`${path}: number out of range`);
  } else if (Array.isArray(value) || isPlainObject(value)) {
    if (depth > MAX_DEPTH) {
      problems.push(`${path}: nested too deeply`);
      return;
    }
    if (Array.isArray(value)) {
      if (path !== "events" && value.length > MAX_LIST) problems.push(`${path}: list too long`);
      value.forEach((item, i) => checkShape(item, `${path}[${i}]`, problems, depth + 1));
    } else {
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key) || key.length > 64) {
          problems.push(`${path || "the file"}: a key that is not allowed`);
          continue;
        }
        checkShape(value[key], path ? `${path}.${key}` : key, problems, depth + 1);
      }
    }
  } else if (typeof value !== "boolean" && value !== null) {
    problems.push(`${path}: unexpected value`);
  }
}

// The fields of each event type, as `coursekit progress import` checks them:
// name -> [required, check, what a valid value looks like].
const PACE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/;
const matches = (pattern) => (v) => typeof v === "string" && pattern.test(v);
const minutes = (limit) => (v) => Number.isInteger(v) && v >= 1 && v <= limit;
const day = (optional) => (v) => (optional && v === null) || validDay(v);
const LESSON_FIELD = [true, matches(LESSON_ID), "a lesson id"];
const FIELDS = {
  enrolled: {
    pace: [false, matches(PACE_NAME), "a pace name"],
    start: [false, day(false), "a date like 2026-01-31"],
    target: [false, day(true), "a date like 2026-01-31"],
  },
  lesson_completed: { lesson: LESSON_FIELD, minutes: [false, minutes(14400), "whole minutes"] },
  study_session: { lesson: LESSON_FIELD, minutes: [true, minutes(1440), "whole minutes, at most 1440"] },
  undo: { event: [true, matches(UID), "the uid of the event to undo"] },
  reset: {},
  flashcard_review: {
    card: [true, matches(CARD_ID), "a flashcard id"],
    rating: [false, (v) => Number.isInteger(v) && v >= 1 && v <= 4, "a rating from 1 to 4"],
    grade: [false, (v) => typeof v === "string" && Object.hasOwn(GRADES, v), "got_it or not_yet"],
  },
};
const TOP_KEYS = new Set(["format", "version", "course", "learner", "events", "exported_at"]);

function validDay(value) {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = new Date(`${value}T00:00:00Z`);
  const y = Number(value.slice(0, 4));
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === value && y >= 2000 && y <= 2200;
}

function checkEvent(event, path, problems, latest) {
  if (!isPlainObject(event)) return problems.push(`${path}: an event must be an object`) && null;
  const { type, at, uid } = event;
  if (typeof type !== "string" || !Object.hasOwn(FIELDS, type)) {
    return problems.push(`${path}.type: not an event type coursekit knows`) && null;
  }
  if (!validTime(at) || timeValue(at) > latest) {
    return problems.push(`${path}.at: not a UTC time like 2026-01-31T18:00:00Z, from 2000 until today`) && null;
  }
  if (uid !== undefined && !matches(UID)(uid)) return problems.push(`${path}.uid: not an event id`) && null;
  const spec = FIELDS[type];
  const before = problems.length;
  for (const [name, value] of Object.entries(event)) {
    if (name === "type" || name === "at" || name === "uid") continue;
    if (!Object.hasOwn(spec, name)) problems.push(`${path}.${name}: not a field of a ${type} event`);
    else if (!spec[name][1](value)) problems.push(`${path}.${name}: expected ${spec[name][2]}`);
  }
  for (const [name, [required]] of Object.entries(spec)) {
    if (required && !Object.hasOwn(event, name)) problems.push(`${path}.${name}: missing`);
  }
  if (type === "flashcard_review" && event.rating === undefined && event.grade === undefined) {
    problems.push(`${path}: a flashcard review needs a rating or a grade`);
  }
  if (problems.length > before) return null;
  const checked = { type, at, uid };
  if (type === "lesson_completed") checked.lesson = event.lesson;
  if (type === "undo") checked.target = event.event;
  if (type === "flashcard_review") {
    // The rating wins, as in the CLI; a site grade alone maps to 3 (got it) or 1.
    checked.card = event.card;
    checked.rating = event.rating !== undefined ? event.rating : GRADES[event.grade].rating;
    checked.grade = checked.rating >= 3 ? "got_it" : "not_yet";
  }
  return checked;
}

/**
 * Check a whole exchange file before anything is applied.
 * Returns {problems: [...]} or {problems: [], learner, events} (events checked, in order).
 */
export function parseExchange(text, courseId) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (_) {
    return { problems: ["the file is not JSON"] };
  }
  if (!isPlainObject(data)) return { problems: ["the file is not a progress file"] };
  if (Array.isArray(data.events) && data.events.length > MAX_EVENTS) {
    return { problems: [`events: more than ${MAX_EVENTS} events`] };
  }
  const problems = [];
  checkShape(data, "", problems, 0);
  if (problems.length) return { problems };
  for (const key of Object.keys(data)) if (!TOP_KEYS.has(key)) problems.push(`${key}: unknown key`);
  if (data.format !== FORMAT) problems.push(`format: expected "${FORMAT}"`);
  if (data.version !== FORMAT_VERSION) problems.push(`version: expected ${FORMAT_VERSION}`);
  if (data.course !== courseId) problems.push(`course: the file is for another course, not "${courseId}"`);
  const { learner } = data;
  if (learner !== undefined && typeof learner !== "string") problems.push("learner: must be text");
  // eslint-disable-next-line no-control-regex
  if (typeof learner === "string" && (learner.length > 100 || /[\u0000-\u001f]/.test(learner))) {
    problems.push("learner: a name of at most 100 characters, without control characters");
  }
  if (!Array.isArray(data.events)) problems.push("events: must be a list");
  if (problems.length) return { problems };
  const events = [];
  const latest = Date.now() + 24 * 3600 * 1000; // a day of slack for clocks and zones
  data.events.forEach((event, i) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const checked = checkEvent(event, `events[${i}]`, problems, latest);
    if (checked) events.push(checked);
  });
  return { problems, events, learner: typeof learner === "string" ? learner : "" };
}

/**
 * The CLI's replay rules over checked events in recording order: what each lesson
 * comes to, and the reviews still in force.
 * Returns {lessons: Map(id -> {done, at, uid, completedAt, undoUid}), reviews: [...]}.
 */
export function replay(events) {
  const undoneBy = new Map(); // uid -> the undo or reset that cancelled it
  const kept = [];
  const cancelled = []; // [completion, the event that cancelled it]
  let reset = null;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    const by = (event.uid && undoneBy.get(event.uid)) || reset;
    if (by) {
      if (event.type === "lesson_completed") cancelled.push([event, by]);
      continue;
    }
    if (event.type === "undo") {
      if (!undoneBy.has(event.target)) undoneBy.set(event.target, event);
    } else if (event.type === "reset") {
      reset = event;
    } else {
      kept.push(event);
    }
  }
  kept.reverse();
  // Per lesson: done if a completion is still in force (the latest one is named);
  // otherwise undone, by the latest undo or reset. `at` is the latest of all of them.
  const byLesson = new Map();
  const entry = (id) => byLesson.get(id) || byLesson.set(id, { kept: [], cancelled: [] }).get(id);
  for (const event of kept) if (event.type === "lesson_completed") entry(event.lesson).kept.push(event);
  for (const [completion, by] of cancelled) entry(completion.lesson).cancelled.push([completion, by]);
  const latest = (items, time) => items.reduce((a, b) => (timeValue(time(b)) > timeValue(time(a)) ? b : a));
  const lessons = new Map();
  for (const [id, { kept: done, cancelled: undone }] of byLesson) {
    const times = [...done.map((e) => e.at), ...undone.map(([, by]) => by.at)];
    const at = latest(times, (t) => t);
    if (done.length) {
      const completion = latest(done, (e) => e.at);
      lessons.set(id, { done: true, at, uid: completion.uid, completedAt: completion.at, undoUid: undefined });
      continue;
    }
    const [completion, by] = latest(undone, ([, b]) => b.at);
    // Undone by an undo: keep the pair, so exporting it undoes the completion in the CLI too.
    const pair = by.type === "undo" && completion.uid && by.uid;
    lessons.set(id, {
      done: false,
      at,
      uid: pair ? completion.uid : undefined,
      completedAt: pair ? completion.at : undefined,
      undoUid: pair ? by.uid : undefined,
    });
  }
  const reviews = kept
    .filter((e) => e.type === "flashcard_review")
    .map((e) => ({ uid: e.uid, card: e.card, grade: e.grade, rating: e.rating, at: e.at }));
  return { lessons, reviews };
}

/**
 * Merge a replayed file into the browser's state (changed in place). For each lesson
 * the later of the two records wins, so importing the same file twice changes nothing.
 * Returns counts for the learner: {lessons, reviews, unknown}.
 */
export function mergeInto(state, replayed, knownLessons) {
  const counts = { lessons: 0, reviews: 0, unknown: 0 };
  for (const [id, incoming] of replayed.lessons) {
    if (!knownLessons.has(id)) {
      counts.unknown += 1;
      continue;
    }
    const current = state.lessons.get(id);
    if (current && timeValue(current.at) >= timeValue(incoming.at)) continue;
    if (Boolean(current && current.done) !== incoming.done) counts.lessons += 1;
    state.lessons.set(id, incoming);
  }
  const seen = new Set(state.reviews.map((r) => r.uid || `${r.card}|${r.at}`));
  for (const review of replayed.reviews) {
    const key = review.uid || `${review.card}|${review.at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    state.reviews.push({ ...review, uid: review.uid || newUid() });
    counts.reviews += 1;
  }
  state.reviews.sort((a, b) => timeValue(a.at) - timeValue(b.at));
  if (state.reviews.length > MAX_REVIEWS) state.reviews.splice(0, state.reviews.length - MAX_REVIEWS);
  return counts;
}

/** The exchange file for the browser's state, in time order. */
export function buildExport(state, courseId) {
  const events = [];
  for (const [lesson, entry] of state.lessons) {
    if (!entry.uid || !entry.completedAt) continue; // nothing to say (a reset, or never done)
    events.push({ type: "lesson_completed", at: entry.completedAt, uid: entry.uid, lesson });
    if (!entry.done && entry.undoUid) {
      events.push({ type: "undo", at: entry.at, uid: entry.undoUid, event: entry.uid });
    }
  }
  for (const r of state.reviews) {
    events.push({ type: "flashcard_review", at: r.at, uid: r.uid, card: r.card, rating: r.rating, grade: r.grade });
  }
  // Stable: a completion and its undo share a time only if made in the same second.
  events.sort((a, b) => timeValue(a.at) - timeValue(b.at));
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    course: courseId,
    learner: state.learner.trim() || "learner",
    events,
  };
}

// ---------------------------------------------------------------------- stored state

/** The browser's state from what localStorage held (checked: anything odd is dropped). */
export function stateFromStorage(raw) {
  const state = { learner: "", lessons: new Map(), reviews: [] };
  let data;
  try {
    data = raw ? JSON.parse(raw) : null;
  } catch (_) {
    return state;
  }
  if (!isPlainObject(data) || data.version !== 1) return state;
  if (typeof data.learner === "string") state.learner = data.learner.slice(0, 100);
  if (isPlainObject(data.lessons)) {
    for (const [id, e] of Object.entries(data.lessons)) {
      if (!LESSON_ID.test(id) || !isPlainObject(e) || !validTime(e.at)) continue;
      const uid = typeof e.uid === "string" && UID.test(e.uid) ? e.uid : undefined;
      const completedAt = validTime(e.completedAt) ? e.completedAt : undefined;
      const undoUid = typeof e.undoUid === "string" && UID.test(e.undoUid) ? e.undoUid : undefined;
      state.lessons.set(id, { done: e.done === true, at: e.at, uid, completedAt, undoUid });
    }
  }
  if (Array.isArray(data.reviews)) {
    for (const r of data.reviews) {
      if (!isPlainObject(r) || !CARD_ID.test(r.card) || !validTime(r.at)) continue;
      if (typeof r.grade !== "string" || !Object.hasOwn(GRADES, r.grade)) continue;
      const uid = typeof r.uid === "string" && UID.test(r.uid) ? r.uid : newUid();
      state.reviews.push({ uid, card: r.card, grade: r.grade, rating: GRADES[r.grade].rating, at: r.at });
    }
  }
  return state;
}

/** What localStorage keeps (JSON text). */
export function stateToStorage(state) {
  const lessons = {};
  for (const [id, e] of state.lessons) lessons[id] = { ...e };
  if (state.reviews.length > MAX_REVIEWS) state.reviews.splice(0, state.reviews.length - MAX_REVIEWS);
  return JSON.stringify({ version: 1, learner: state.learner, lessons, reviews: state.reviews });
}
