/* coursekit: the learner's progress as the browser keeps it, per course. No DOM here.
 *
 *   learner: the name written into exported files ("" until given)
 *   lessons: Map(lesson id -> {done, at, uid, completedAt, undoUid})
 *            `at` is when the lesson last changed state; `uid`/`completedAt` name the
 *            completion event, `undoUid` the event that undid it (exported as a pair,
 *            so an undo made in the browser also undoes the completion in the CLI).
 *   reviews: [{uid, card, grade, rating, at}]   flashcard reviews, oldest first
 *
 * Here are the questions pages ask of it, the changes a learner makes to it, and the
 * JSON text it is stored as (read back checked: anything odd is dropped).
 */
import { CARD_ID, GRADES, LESSON_ID, UID, gradeOf, isPlainObject, newUid, nowUTC, ratingOf, validTime } from "./event-fields.js";

export const MAX_REVIEWS = 20000;

/** A learner's name cut to 100 characters (not UTF-16 units: an emoji is one). */
export function clipName(name) {
  return [...name].slice(0, 100).join("");
}

export function emptyState() {
  return { learner: "", lessons: new Map(), reviews: [] };
}

export function isDone(state, lessonId) {
  const entry = state.lessons.get(lessonId);
  return Boolean(entry && entry.done);
}

/** The grade of the card's latest review, or null when it has none. */
export function lastGrade(state, cardId) {
  for (let i = state.reviews.length - 1; i >= 0; i--) {
    if (state.reviews[i].card === cardId) return state.reviews[i].grade;
  }
  return null;
}

/** Mark a lesson done, or undo that (keeping the completion it undoes, for the CLI). */
export function toggleLesson(state, lessonId, at = nowUTC()) {
  const entry = state.lessons.get(lessonId);
  if (entry && entry.done) {
    state.lessons.set(lessonId, { ...entry, done: false, at, undoUid: entry.uid ? newUid() : undefined });
  } else {
    state.lessons.set(lessonId, { done: true, at, uid: newUid(), completedAt: at, undoUid: undefined });
  }
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

/** What localStorage keeps (JSON text); the oldest reviews go beyond MAX_REVIEWS. */
export function stateToText(state) {
  const lessons = {};
  for (const [id, e] of state.lessons) lessons[id] = { ...e };
  if (state.reviews.length > MAX_REVIEWS) state.reviews.splice(0, state.reviews.length - MAX_REVIEWS);
  return JSON.stringify({ version: 1, learner: state.learner, lessons, reviews: state.reviews });
}
