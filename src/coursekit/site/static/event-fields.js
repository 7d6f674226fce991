/* coursekit: what a progress event is made of, shared by the exchange file and the
 * progress kept in the browser: id patterns, flashcard grades, UTC times, new uids.
 * No DOM here. The patterns are the CLI's (coursekit/events/exchange.py).
 */

export const COURSE_ID = /^[a-z][a-z0-9-]{0,63}$/;
export const LESSON_ID = COURSE_ID;
export const MODULE_ID = COURSE_ID;
export const CARD_ID = /^[a-z][a-z0-9-]{0,127}$/;
export const UID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

// A site self-grade and the FSRS rating it stands for ("Got it" = Good, "Not yet" = Again).
export const GRADES = { got_it: 3, not_yet: 1 };

/** The self-grade a rating (1-4) shows as: Good and Easy are "got it". */
export function gradeOf(rating) {
  return rating >= 3 ? "got_it" : "not_yet";
}

export function isRating(value) {
  return Number.isInteger(value) && value >= 1 && value <= 4;
}

/** A review's rating: its own when valid (it wins, as in the CLI), else its grade's; or null. */
export function ratingOf(rating, grade) {
  if (isRating(rating)) return rating;
  return typeof grade === "string" && Object.hasOwn(GRADES, grade) ? GRADES[grade] : null;
}

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// UTC only: a trailing Z or +00:00, an optional fraction of a second.
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|\+00:00)$/;

/**
 * A real UTC time such as 2026-01-05T18:00:00Z (no 30 February, no hour 24) in one
 * fixed form, 2026-01-05T18:00:00.000000Z, that sorts as text; null for anything else.
 * Like the CLI, it keeps microseconds and drops finer fractions.
 */
export function utcTime(value) {
  if (typeof value !== "string" || value.length > 40) return null;
  const m = UTC_TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC reads years 0-99 as 1900-1999: the year check catches those too.
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  const fraction = (m[7] || "").padEnd(6, "0").slice(0, 6);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}Z`;
}

/** True for a real UTC time from the year 2000 on. */
export function validTime(value) {
  const time = utcTime(value);
  return time !== null && time >= "2000";
}

/** Milliseconds since 1970 of a valid time (fractions beyond milliseconds are dropped). */
export function timeValue(iso) {
  return Date.parse(`${utcTime(iso).slice(0, 23)}Z`);
}

/** A time in milliseconds since 1970, in the fixed form of utcTime. */
export function utcTimeOf(milliseconds) {
  return new Date(milliseconds).toISOString().replace(/Z$/, "000Z");
}

/** Now, to the second: 2026-01-05T18:00:00Z. */
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
