/* coursekit: the progress exchange file, read and written. No DOM here.
 *
 * The file (docs/format.md, "Learner progress files"): {"format": "coursekit-progress",
 * "version": 1, "course": id, "learner": name, "events": [{type, at, uid, ...}]}, the
 * same that `coursekit progress export` writes and `coursekit progress import` reads.
 *
 * parseExchange follows the rules of `coursekit progress import`
 * (coursekit/events/exchange.py): it accepts and refuses the same files and names the
 * same places in them (`events[3].at`); only the wording differs. Both are tested
 * against one corpus of files, tests/exchange_corpus.
 */
import {
  CARD_ID,
  COURSE_ID,
  GRADES,
  LESSON_ID,
  MODULE_ID,
  UID,
  gradeOf,
  isPlainObject,
  isRating,
  ratingOf,
  timeValue,
  utcTime,
  utcTimeOf,
} from "./event-fields.js";

const FORMAT = "coursekit-progress";
const FORMAT_VERSION = 1;
export const MAX_FILE_BYTES = 20 * 1024 * 1024; // the same caps as `coursekit progress import`
const MAX_EVENTS = 200000;
const MAX_DEPTH = 20; // a progress file needs 3 levels; junk may have thousands
const MAX_PROBLEMS = 30;
const EARLIEST = "2000-01-01T00:00:00.000000Z";
const DAY_MS = 24 * 3600 * 1000;
const TOP_KEYS = new Set(["format", "version", "course", "learner", "events", "exported_at"]);

// ---------------------------------------------------------------------- the fields

const PACE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(value) {
  const m = typeof value === "string" && DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2200 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

const textField = (pattern, expected) => ({ check: (v) => typeof v === "string" && pattern.test(v), expected });
const minutes = (limit) => ({
  check: (v) => Number.isInteger(v) && v >= 1 && v <= limit,
  expected: `whole minutes from 1 to ${limit}`,
});
const LESSON = textField(LESSON_ID, "a lesson id (a lowercase slug)");

// Per event type, its fields: name -> {check, expected, required}, as the CLI checks them.
const FIELDS = new Map(
  Object.entries({
    enrolled: {
      pace: textField(PACE_NAME, "a pace name"),
      start: { check: validDay, expected: "a date like 2026-01-31" },
      target: { check: (v) => v === null || validDay(v), expected: "a date like 2026-01-31" },
    },
    lesson_completed: { lesson: { ...LESSON, required: true }, minutes: minutes(14400) },
    lesson_time: { lesson: { ...LESSON, required: true }, minutes: { ...minutes(14400), required: true } },
    study_session: { lesson: { ...LESSON, required: true }, minutes: { ...minutes(1440), required: true } },
    undo: { event: { ...textField(UID, "the uid of the event to undo"), required: true } },
    reset: {},
    flashcard_review: {
      card: { ...textField(CARD_ID, "a flashcard id (a lowercase slug)"), required: true },
      rating: { check: isRating, expected: "a rating 1-4 (Again, Hard, Good, Easy)" },
      grade: { check: (v) => typeof v === "string" && Object.hasOwn(GRADES, v), expected: "got_it or not_yet" },
    },
    exercises_completed: { module: { ...textField(MODULE_ID, "a module id (a lowercase slug)"), required: true } },
  }).map(([type, fields]) => [type, new Map(Object.entries(fields))]),
);

/** The event types the file may hold (the CLI's EVENT_TYPES). */
export const EVENT_TYPES = Object.freeze([...FIELDS.keys()]);

/** The field names of each event type. */
export const EVENT_FIELDS = Object.freeze(Object.fromEntries([...FIELDS].map(([type, fields]) => [type, [...fields.keys()]])));

// ---------------------------------------------------------------------- reading a file

const own = (object, key) => (Object.hasOwn(object, key) ? object[key] : undefined);
const clip = (key) => [...key].slice(0, 64).join(""); // a key as a place: at most 64 characters

// JSON.parse and Python's json do not meet deep nesting and out-of-range numbers alike
// (one reads what the other refuses), so both refuse such a file as a whole first.
function shapeProblem(data) {
  const stack = [[data, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop();
    if (typeof value === "number" && !Number.isFinite(value)) return "holds a number too large to read";
    if (value !== null && typeof value === "object") {
      if (depth >= MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`;
      for (const item of Object.values(value)) stack.push([item, depth + 1]);
    }
  }
  return "";
}

// What identifies an event's content (type, time, fields), to tell a repeated event
// from a different one that reuses its uid.
function contentKey(type, time, fields) {
  return JSON.stringify([type, time, Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

function checkEvent(raw, key, bad, latest) {
  if (!isPlainObject(raw)) {
    bad(key, "expected an event (an object)");
    return null;
  }
  const type = own(raw, "type");
  const spec = typeof type === "string" ? FIELDS.get(type) : undefined;
  if (!spec) {
    bad(`${key}.type`, `expected one of ${EVENT_TYPES.join(", ")}`);
    return null;
  }
  let ok = true;
  const at = own(raw, "at");
  const time = utcTime(at);
  if (time === null || time < EARLIEST || time > latest) {
    bad(`${key}.at`, "expected a UTC time like 2026-01-31T18:00:00Z, from 2000 until tomorrow");
    ok = false;
  }
  const uid = own(raw, "uid") ?? undefined; // null counts as no uid, as in the CLI
  if (uid !== undefined && !(typeof uid === "string" && UID.test(uid))) {
    bad(`${key}.uid`, "expected an event id (letters, digits, . _ : -)");
    ok = false;
  }
  const fields = Object.create(null);
  for (const [name, value] of Object.entries(raw)) {
    if (name === "type" || name === "at" || name === "uid") continue;
    const field = spec.get(name);
    if (!field) {
      bad(`${key}.${clip(name)}`, `unknown field for a ${type} event`);
      ok = false;
    } else if (!field.check(value)) {
      bad(`${key}.${name}`, `expected ${field.expected}`);
      ok = false;
    } else if (value !== null) {
      fields[name] = value;
    }
  }
  for (const [name, field] of spec) {
    if (field.required && !Object.hasOwn(raw, name)) {
      bad(`${key}.${name}`, `missing: a ${type} event needs '${name}'`);
      ok = false;
    }
  }
  if (ok && type === "flashcard_review" && !Object.hasOwn(raw, "rating") && !Object.hasOwn(raw, "grade")) {
    bad(key, "a flashcard review needs a rating (1-4) or a grade");
    ok = false;
  }
  if (!ok) return null;
  const checked = { type, at, uid };
  if (type === "lesson_completed") checked.lesson = fields.lesson;
  if (type === "exercises_completed") checked.module = fields.module;
  if (type === "undo") checked.target = fields.event;
  if (type === "flashcard_review") {
    checked.card = fields.card;
    checked.rating = ratingOf(fields.rating, fields.grade); // the rating wins, as in the CLI
    checked.grade = gradeOf(checked.rating);
  }
  return { checked, content: contentKey(type, time, fields) };
}

/**
 * Check a whole exchange file (its text) before anything is applied; `now` (in
 * milliseconds) is when: events may be at most a day later (clocks and time zones).
 * Returns {problems: [{key, message}]} when refused, where `key` is the place in the
 * file ("" for the file as a whole), or {problems: [], learner, events}: the checked
 * events in recording order, each event once.
 */
export function parseExchange(text, courseId, now = Date.now()) {
  let data;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, "")); // a byte order mark is allowed, as in the CLI
  } catch (_) {
    return refused("", "not JSON, so not a progress file");
  }
  const shape = shapeProblem(data);
  if (shape) return refused("", `${shape}: not a progress file`);
  if (!isPlainObject(data)) return refused("", "not a progress file (a JSON object)");
  if (own(data, "format") !== FORMAT) return refused("format", `expected "${FORMAT}": not a progress file`);
  const problems = [];
  const bad = (key, message) => problems.push({ key, message });
  const version = own(data, "version");
  if (version !== FORMAT_VERSION) {
    const newer = Number.isInteger(version) && version > FORMAT_VERSION;
    bad("version", newer ? "made by a newer coursekit" : `expected ${FORMAT_VERSION}`);
  }
  for (const key of Object.keys(data)) if (!TOP_KEYS.has(key)) bad(clip(key), "unknown key");
  const course = own(data, "course");
  if (typeof course !== "string" || !COURSE_ID.test(course)) bad("course", "expected the course id");
  else if (course !== courseId) bad("course", `this file is for the course "${course}", not "${courseId}"`);
  const learner = Object.hasOwn(data, "learner") ? data.learner : "";
  // eslint-disable-next-line no-control-regex
  if (typeof learner !== "string" || [...learner].length > 100 || /[\u0000-\u001f]/.test(learner)) {
    bad("learner", "expected a name of at most 100 characters, without control characters");
  }
  const raw = own(data, "events");
  if (!Array.isArray(raw)) return refused("events", "expected a list of events", problems);
  if (raw.length > MAX_EVENTS) {
    return refused("events", `more than ${MAX_EVENTS} events; at most ${MAX_EVENTS} can be imported at once`, problems);
  }
  const latest = utcTimeOf(now + DAY_MS);
  const events = [];
  const contents = new Map(); // uid (or, without one, the content) -> the content
  for (const [n, item] of raw.entries()) {
    if (problems.length >= MAX_PROBLEMS) break;
    const result = checkEvent(item, `events[${n}]`, bad, latest);
    if (!result) continue;
    const { checked, content } = result;
    const id = checked.uid ?? `\u0000${content}`;
    if (contents.has(id)) {
      if (contents.get(id) !== content) bad(`events[${n}].uid`, `"${checked.uid}" is used by two different events`);
      continue; // the same event twice counts once
    }
    contents.set(id, content);
    events.push(checked);
  }
  if (problems.length >= MAX_PROBLEMS) bad("", "stopped after this many problems");
  if (problems.length) return { problems };
  return { problems, events, learner };
}

/** parseExchange for a file's bytes, which must be UTF-8 text (as the CLI reads them). */
export function readExchange(bytes, courseId, now = Date.now()) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (_) {
    return refused("", "not UTF-8 text, so not a progress file");
  }
  return parseExchange(text, courseId, now);
}

function refused(key, message, problems = []) {
  return { problems: [...problems, { key, message }] };
}

// ---------------------------------------------------------------------- writing a file

/**
 * The learner's stand-in name for an anonymous export: "anon-" and 10 hex digits of
 * the 64-bit FNV-1a hash of "<course>\n<uid of the earliest event>", the same as
 * `coursekit progress export --anonymous` (coursekit/events/exchange.py: pseudonym).
 */
export function pseudonym(courseId, events) {
  let first = null;
  for (const e of events) {
    if (!e.uid) continue;
    const key = [utcTime(e.at), e.uid];
    if (first === null || key[0] < first[0] || (key[0] === first[0] && key[1] < first[1])) first = key;
  }
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(`${courseId}\n${first ? first[1] : ""}`)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `anon-${hash.toString(16).padStart(16, "0").slice(0, 10)}`;
}

/** The exchange file for the browser's state, in time order; `anonymous` puts a
 * pseudonym in place of the learner's name. */
export function buildExport(state, courseId, { anonymous = false } = {}) {
  const events = [];
  const completions = (entries, type, field) => {
    for (const [id, entry] of entries) {
      if (!entry.uid || !entry.completedAt) continue; // nothing to say (a reset, or never done)
      events.push({ type, at: entry.completedAt, uid: entry.uid, [field]: id });
      if (!entry.done && entry.undoUid) {
        events.push({ type: "undo", at: entry.at, uid: entry.undoUid, event: entry.uid });
      }
    }
  };
  completions(state.lessons, "lesson_completed", "lesson");
  completions(state.exercises, "exercises_completed", "module");
  for (const r of state.reviews) {
    events.push({ type: "flashcard_review", at: r.at, uid: r.uid, card: r.card, rating: r.rating, grade: r.grade });
  }
  // Stable: a completion and its undo share a time only if made in the same second.
  events.sort((a, b) => timeValue(a.at) - timeValue(b.at));
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    course: courseId,
    learner: anonymous ? pseudonym(courseId, events) : state.learner.trim() || "learner",
    events,
  };
}
