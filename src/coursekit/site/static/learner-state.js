/* coursekit: the learner's progress as the browser keeps it, per course. No DOM here.
 *
 *   learner: the name written into exported files ("" until given)
 *   lessons: Map(lesson id -> {done, at, uid, completedAt, undoUid})
 *            `at` is when the lesson last changed state; `uid`/`completedAt` name the
 *            completion event, `undoUid` the event that undid it (exported as a pair,
 *            so an undo made in the browser also undoes the completion in the CLI).
 *   exercises: Map(module id -> {done, at, uid, completedAt, undoUid})
 *            a module's exercises marked done, kept like lessons
 *   reviews: [{uid, card, grade, rating, at}]   flashcard reviews, oldest first
 *
 * Here are the questions pages ask of it, the changes a learner makes to it, and the
 * JSON text it is stored as (read back checked: anything odd is dropped).
 */
import { CARD_ID, GRADES, LESSON_ID, UID, gradeOf, isPlainObject, newUid, nowUTC, ratingOf, utcTime, validTime } from "./event-fields.js";

export const MAX_REVIEWS = 20000;

/** A learner's name cut to 100 characters (not UTF-16 units: an emoji is one). */
export function clipName(name) {
  return [...name].slice(0, 100).join("");
}

export function emptyState() {
  return { learner: "", lessons: new Map(), exercises: new Map(), reviews: [] };
}

export function isDone(state, lessonId) {
  const entry = state.lessons.get(lessonId);
  return Boolean(entry && entry.done);
}

/** Whether the learner marked a module's exercises done. */
export function exercisesDone(state, moduleId) {
  const entry = state.exercises.get(moduleId);
  return Boolean(entry && entry.done);
}

/** A module is done when every lesson it has ready is (none ready: never done). */
export function moduleDone(state, module) {
  const ready = module.lessons.filter((lesson) => lesson.available);
  return ready.length > 0 && ready.every((lesson) => isDone(state, lesson.id));
}

/** Where to continue: the first lesson, in course order, that is ready and not done. */
export function nextLesson(state, course) {
  for (const module of course.modules) {
    for (const lesson of module.lessons) if (lesson.available && !isDone(state, lesson.id)) return lesson;
  }
  return null;
}

/** Whether the learner has done anything yet (a lesson, exercises, a flashcard). */
export function hasStarted(state) {
  return state.reviews.length > 0 || [...state.lessons.values(), ...state.exercises.values()].some((e) => e.done);
}

/** The time of the learner's latest study: a lesson or exercises done, or a review; or null. */
export function lastStudied(state) {
  let latest = null;
  const consider = (at) => {
    const time = at && utcTime(at);
    if (time && (latest === null || time > utcTime(latest))) latest = at;
  };
  for (const entry of [...state.lessons.values(), ...state.exercises.values()]) if (entry.done) consider(entry.completedAt || entry.at);
  for (const review of state.reviews) consider(review.at);
  return latest;
}

/** Of these cards, how many the learner reviewed, and how many were "got it" last time. */
export function cardSummary(state, cardIds) {
  let reviewed = 0;
  let gotIt = 0;
  for (const id of cardIds) {
    const grade = lastGrade(state, id);
    if (grade) reviewed += 1;
    if (grade === "got_it") gotIt += 1;
  }
  return { total: cardIds.length, reviewed, gotIt };
}

/** The grade of the card's latest review, or null when it has none. */
export function lastGrade(state, cardId) {
  for (let i = state.reviews.length - 1; i >= 0; i--) {
    if (state.reviews[i].card === cardId) return state.reviews[i].grade;
  }
  return null;
}

// Mark done, or undo that (keeping the completion it undoes, so that an export
// undoes it in the CLI too): for lessons and for a module's exercises alike.
function toggle(entries, id, at) {
  const entry = entries.get(id);
  if (entry && entry.done) {
    entries.set(id, { ...entry, done: false, at, undoUid: entry.uid ? newUid() : undefined });
  } else {
    entries.set(id, { done: true, at, uid: newUid(), completedAt: at, undoUid: undefined });
  }
}

/** Mark a lesson done, or undo that. */
export function toggleLesson(state, lessonId, at = nowUTC()) {
  toggle(state.lessons, lessonId, at);
}

/** Mark a module's exercises done, or undo that. */
export function toggleExercises(state, moduleId, at = nowUTC()) {
  toggle(state.exercises, moduleId, at);
}

/** Forget everything this browser keeps of the course, except the learner's name. */
export function resetState(state) {
  state.lessons.clear();
  state.exercises.clear();
  state.reviews.length = 0;
}

/** A new self-graded review of a card; the learner may correct its grade (setGrade). */
export function addReview(state, card, grade, at = nowUTC()) {
  const review = { uid: newUid(), card, grade, rating: GRADES[grade], at };
  state.reviews.push(review);
  return review;
}

export function setGrade(review, grade) {
  review.grade = grade;
  review.rating = GRADES[grade];
}

/** The state from what localStorage held (null or unreadable text: an empty state). */
export function stateFromText(raw) {
  const state = emptyState();
  let data;
  try {
    data = raw ? JSON.parse(raw) : null;
  } catch (_) {
    return state;
  }
  if (!isPlainObject(data) || data.version !== 1) return state;
  if (typeof data.learner === "string") state.learner = clipName(data.learner);
  readEntries(data.lessons, state.lessons);
  readEntries(data.exercises, state.exercises);
  if (Array.isArray(data.reviews)) {
    for (const r of data.reviews) {
      if (!isPlainObject(r) || typeof r.card !== "string" || !CARD_ID.test(r.card) || !validTime(r.at)) continue;
      // The rating is what the review said (a Hard or Easy from the CLI included); the
      // grade only shows it, so it is derived from the rating, never the other way.
      const rating = ratingOf(r.rating, r.grade);
      if (rating === null) continue;
      const uid = typeof r.uid === "string" && UID.test(r.uid) ? r.uid : newUid();
      state.reviews.push({ uid, card: r.card, grade: gradeOf(rating), rating, at: r.at });
    }
  }
  return state;
}

// Lessons or exercises as stored: {id: {done, at, uid, completedAt, undoUid}}.
function readEntries(stored, entries) {
  if (!isPlainObject(stored)) return;
  for (const [id, e] of Object.entries(stored)) {
    if (!LESSON_ID.test(id) || !isPlainObject(e) || !validTime(e.at)) continue;
    const uid = typeof e.uid === "string" && UID.test(e.uid) ? e.uid : undefined;
    const completedAt = validTime(e.completedAt) ? e.completedAt : undefined;
    const undoUid = typeof e.undoUid === "string" && UID.test(e.undoUid) ? e.undoUid : undefined;
    entries.set(id, { done: e.done === true, at: e.at, uid, completedAt, undoUid });
  }
}

/** What localStorage keeps (JSON text); the oldest reviews go beyond MAX_REVIEWS. */
export function stateToText(state) {
  const lessons = Object.fromEntries([...state.lessons].map(([id, e]) => [id, { ...e }]));
  const exercises = Object.fromEntries([...state.exercises].map(([id, e]) => [id, { ...e }]));
  if (state.reviews.length > MAX_REVIEWS) state.reviews.splice(0, state.reviews.length - MAX_REVIEWS);
  return JSON.stringify({ version: 1, learner: state.learner, lessons, exercises, reviews: state.reviews });
}
