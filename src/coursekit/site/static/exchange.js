/* coursekit: the progress exchange file, read and written. No DOM here.
 *
 * The file (docs/format.md, "Learner progress files"): {"format": "coursekit-progress",
 * "version": 1, "course": id, "learner": name, "events": [{type, at, uid, ...}]}, the
 * same that `coursekit progress export` writes and `coursekit progress import` reads.
 */
import { CARD_ID, GRADES, LESSON_ID, UID, gradeOf, isPlainObject, isRating, ratingOf, timeValue, validTime } from "./event-fields.js";

export const FORMAT = "coursekit-progress";
export const FORMAT_VERSION = 1;
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
const MAX_TEXT = 500;
const MAX_LIST = 1000;
const MAX_DEPTH = 4;
const MAX_PROBLEMS = 20;
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

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
    rating: [false, isRating, "a rating from 1 to 4"],
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
    checked.rating = ratingOf(event.rating, event.grade);
    checked.grade = gradeOf(checked.rating);
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

// ---------------------------------------------------------------------- writing a file

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
