/* coursekit: what a checked exchange file comes to, by the CLI's replay rules, and
 * how it joins the progress the browser keeps. No DOM here.
 *
 * Rules (coursekit/progress/state.py): events are in recording order; `undo` (its
 * `event` is a uid) cancels that event, an undone `undo` cancels nothing, and `reset`
 * cancels everything recorded before it. A reset can itself be undone.
 */
import { newUid, timeValue, utcTime } from "./event-fields.js";
import { MAX_REVIEWS } from "./learner-state.js";

/**
 * Checked events (parseExchange) in recording order -> what each lesson comes to, and
 * the reviews still in force: {lessons: Map(id -> {done, at, uid, completedAt,
 * undoUid}), exercises: the same per module, reviews: [{uid, card, grade, rating,
 * at}] in time order}.
 */
export function replay(events) {
  const undoneBy = new Map(); // uid -> the undo that cancelled it
  const kept = [];
  const cancelled = []; // [completion, the event that cancelled it]
  let reset = null;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    const by = (event.uid && undoneBy.get(event.uid)) || reset;
    if (by) {
      if (event.type === "lesson_completed" || event.type === "exercises_completed") cancelled.push([event, by]);
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
  const lessons = completions(kept, cancelled, "lesson_completed", "lesson");
  const exercises = completions(kept, cancelled, "exercises_completed", "module");
  const reviews = kept
    .filter((e) => e.type === "flashcard_review")
    .map((e) => ({ uid: e.uid, card: e.card, grade: e.grade, rating: e.rating, at: e.at }))
    .sort((a, b) => timeValue(a.at) - timeValue(b.at)); // stable: ties stay in recording order
  return { lessons, exercises, reviews };
}

// Per lesson (or module, for exercises): done if a completion is still in force (the
// latest one is named); otherwise undone, by the latest undo or reset. `at` is the
// latest of all of them.
function completions(kept, cancelled, type, field) {
  const byId = new Map();
  const entry = (id) => byId.get(id) || byId.set(id, { kept: [], cancelled: [] }).get(id);
  for (const event of kept) if (event.type === type) entry(event[field]).kept.push(event);
  for (const [completion, by] of cancelled) if (completion.type === type) entry(completion[field]).cancelled.push([completion, by]);
  const latest = (items, time) => items.reduce((a, b) => (timeValue(time(b)) > timeValue(time(a)) ? b : a));
  const result = new Map();
  for (const [id, { kept: done, cancelled: undone }] of byId) {
    const times = [...done.map((e) => e.at), ...undone.map(([, by]) => by.at)];
    const at = latest(times, (t) => t);
    if (done.length) {
      const completion = latest(done, (e) => e.at);
      result.set(id, { done: true, at, uid: completion.uid, completedAt: completion.at, undoUid: undefined });
      continue;
    }
    const [completion, by] = latest(undone, ([, b]) => b.at);
    // Undone by an undo: keep the pair, so exporting it undoes the completion in the CLI too.
    const pair = by.type === "undo" && completion.uid && by.uid;
    result.set(id, {
      done: false,
      at,
      uid: pair ? completion.uid : undefined,
      completedAt: pair ? completion.at : undefined,
      undoUid: pair ? by.uid : undefined,
    });
  }
  return result;
}

/**
 * Merge a replayed file into the browser's state (changed in place). For each lesson
 * the later of the two records wins, so importing the same file twice changes nothing.
 * Returns counts for the learner: {lessons (changed), lessonsDone, lessonsUndone,
 * exercises (changed), reviews (added), unknown (lessons the course lacks),
 * unknownModules}.
 */
export function mergeInto(state, replayed, knownLessons, knownModules = new Set()) {
  const counts = { lessons: 0, lessonsDone: 0, lessonsUndone: 0, exercises: 0, reviews: 0, unknown: 0, unknownModules: 0 };
  const merge = (entries, incomingEntries, known, changed) => {
    let unknown = 0;
    for (const [id, incoming] of incomingEntries) {
      if (!known.has(id)) {
        unknown += 1;
        continue;
      }
      const current = entries.get(id);
      if (current && timeValue(current.at) >= timeValue(incoming.at)) continue;
      if (Boolean(current && current.done) !== incoming.done) changed(incoming.done);
      entries.set(id, incoming);
    }
    return unknown;
  };
  counts.unknown = merge(state.lessons, replayed.lessons, knownLessons, (done) => {
    counts.lessons += 1;
    if (done) counts.lessonsDone += 1;
    else counts.lessonsUndone += 1;
  });
  counts.unknownModules = merge(state.exercises, replayed.exercises || new Map(), knownModules, () => {
    counts.exercises += 1;
  });
  // A review is known by its uid; one without (older site files) by its card and time,
  // since every review kept here has a uid by now.
  const uids = new Set(state.reviews.map((r) => r.uid));
  const moment = (r) => `${r.card}|${utcTime(r.at)}`;
  const moments = new Set(state.reviews.map(moment));
  for (const review of replayed.reviews) {
    if (review.uid ? uids.has(review.uid) : moments.has(moment(review))) continue;
    const added = { ...review, uid: review.uid || newUid() };
    uids.add(added.uid);
    moments.add(moment(added));
    state.reviews.push(added);
    counts.reviews += 1;
  }
  state.reviews.sort((a, b) => timeValue(a.at) - timeValue(b.at));
  if (state.reviews.length > MAX_REVIEWS) state.reviews.splice(0, state.reviews.length - MAX_REVIEWS);
  return counts;
}
