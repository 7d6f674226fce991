/* coursekit: which flashcards are due and what a review session holds, by the CLI's
 * rules (coursekit/review/cards.py, review/due.py, cli/review_session.py). No DOM here.
 *
 *   - a card in review (intervals of days) is due all of its due day, in the browser's
 *     time zone; a card in a learning or relearning step (minutes) once its step has
 *     passed, as in Anki. "Due today" counts every card due before midnight, and "this
 *     week" today and the six days after (today's cards included);
 *   - a card may be started once its lesson is done; a card without a lesson once
 *     every lesson of its module that is not planned is done ("review everything"
 *     lifts that, like `coursekit review --all`); a card already reviewed stays
 *     reviewable even if its lesson is later marked not done;
 *   - a session is the due cards, most overdue first, then new cards in course order,
 *     at most N a day (N: the course's review `new_cards`; cards started today count);
 *   - a card rated Again or Hard while in a step comes back in the same session once
 *     its step has passed, or up to 20 minutes early when nothing else is left.
 */
import { dayText } from "./format.js";
import { formatNumber, language, t, tn } from "./messages.js";
import { State } from "./vendor/ts-fsrs.js";

export const LEARN_AHEAD = 20 * 60 * 1000;
export const AGAIN_RATINGS = [1, 2];

/** The first instant of the day `days` after the one holding `now`, in local time. */
export function startOfDay(now, days = 0) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
}

/** Whether a reviewed card (a ts-fsrs card) is due at `now`. */
export function isDue(card, now) {
  if (card.state === State.Review) return card.due.getTime() < startOfDay(now, 1).getTime();
  return card.due.getTime() <= now.getTime();
}

/** Map(card id -> time of its first rating, in ms), from ratings in time order. */
export function firstRatings(reviews) {
  const started = new Map();
  for (const review of reviews) if (!started.has(review.card)) started.set(review.card, Date.parse(review.at));
  return started;
}

/** How many cards were first rated on the learner's current day. */
export function startedToday(started, now) {
  const from = startOfDay(now).getTime();
  const to = startOfDay(now, 1).getTime();
  let count = 0;
  for (const at of started.values()) if (at >= from && at < to) count += 1;
  return count;
}

/**
 * Ids of the cards the learner may start. `course.flashcards` is [{id, module, lesson}]
 * in course order, `course.modules` [{id, lessons: [{id, status}]}]; `isDone(lessonId)`.
 */
export function unlockedCards(course, isDone) {
  const moduleDone = new Map();
  const planned = new Set();  // a planned lesson's cards stay locked, whatever was imported
  for (const module of course.modules) {
    const studied = module.lessons.filter((lesson) => lesson.status !== "planned");
    moduleDone.set(module.id, studied.length > 0 && studied.every((lesson) => isDone(lesson.id)));
    for (const lesson of module.lessons) if (lesson.status === "planned") planned.add(lesson.id);
  }
  const unlocked = new Set();
  for (const card of course.flashcards) {
    const open = card.lesson
      ? isDone(card.lesson) && !planned.has(card.lesson)
      : moduleDone.get(card.module);
    if (open) unlocked.add(card.id);
  }
  return unlocked;
}

/**
 * How many of the course's cards are due: {today, week, new: unlocked cards never
 * reviewed, reviewed, locked}. `states` is Map(card id -> FSRS card with a `due` Date).
 */
export function dueCounts(course, states, unlocked, now) {
  const endToday = startOfDay(now, 1).getTime();
  const endWeek = startOfDay(now, 7).getTime();
  const counts = { today: 0, week: 0, new: 0, reviewed: 0, locked: 0 };
  for (const card of course.flashcards) {
    const state = states.get(card.id);
    if (state) {
      const due = state.due.getTime();
      counts.reviewed += 1;
      if (due < endToday) counts.today += 1;
      if (due < endWeek) counts.week += 1;
    } else if (unlocked.has(card.id)) {
      counts.new += 1;
    } else {
      counts.locked += 1;
    }
  }
  return counts;
}

/**
 * The cards of a session, as ids: due ones (most overdue first, then by id), then new
 * ones in course order, once unlocked (or all of them with `everything`), as many as
 * `newCards` a day allows after the `started` ones (firstRatings). `module` keeps only
 * that module's cards.
 */
export function sessionQueue(course, states, unlocked, now, { newCards = 10, everything = false, module = null, started = new Map() } = {}) {
  const pool = course.flashcards.filter((card) => module === null || card.module === module);
  const due = pool
    .filter((card) => states.has(card.id) && isDue(states.get(card.id), now))
    .sort((a, b) => states.get(a.id).due - states.get(b.id).due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((card) => card.id);
  const allowed = Math.max(newCards - startedToday(started, now), 0);
  const fresh = pool
    .filter((card) => !states.has(card.id) && (everything || unlocked.has(card.id)))
    .slice(0, allowed)
    .map((card) => card.id);
  return [...due, ...fresh];
}

/** When the first reviewed card not due at `now` falls due (a Date), or null. */
export function nextDue(course, states, now, module = null) {
  let first = null;
  for (const card of course.flashcards) {
    const state = states.get(card.id);
    if (!state || (module !== null && card.module !== module) || state.due <= now) continue;
    if (first === null || state.due < first) first = state.due;
  }
  return first;
}

/**
 * A session, as `coursekit review` runs one: the queue's cards in order, and the cards
 * rated Again or Hard while in a step coming back once their step has passed (or up
 * to LEARN_AHEAD early when nothing else is left). `states` is the shared Map(card id
 * -> card), updated as ratings are recorded.
 */
export class ReviewSession {
  constructor(queue, states) {
    this.pending = [...queue];
    this.states = states;
    this.again = []; // ids coming back, in rating order
    this.ratings = [];
    this.cards = new Set();
    this.shown = 0;
  }

  /** The next card to show (an id), or null when the session is over. */
  next(now) {
    const t = now.getTime();
    const ready = [...this.again].sort((a, b) => this.states.get(a).due - this.states.get(b).due);
    let id = null;
    if (ready.length && this.states.get(ready[0]).due.getTime() <= t) id = ready[0];
    else if (this.pending.length) id = this.pending.shift();
    else if (ready.length && this.states.get(ready[0]).due.getTime() <= t + LEARN_AHEAD) id = ready[0];
    if (id === null) return null;
    if (this.again.includes(id)) this.again.splice(this.again.indexOf(id), 1);
    this.shown += 1;
    return id;
  }

  /** How many cards the session holds now: shown, and still to come. */
  get total() {
    return this.shown + this.pending.length + this.again.length;
  }

  /** A rating of `id`, whose state after it is `card`; true when the card comes back. */
  record(id, rating, card) {
    this.states.set(id, card);
    this.ratings.push(rating);
    this.cards.add(id);
    const back = (card.state === State.Learning || card.state === State.Relearning) && AGAIN_RATINGS.includes(rating);
    if (back) this.again.push(id);
    return back;
  }

  /** {1: n, 2: n, 3: n, 4: n}: the ratings given. */
  counts() {
    const counts = { 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const rating of this.ratings) counts[rating] += 1;
    return counts;
  }
}

// --------------------------------------------------------------------------- words

/** "Tue 4 Mar 2025", in local time, as the CLI writes dates (format.js). */
export { dayText };

/** An interval as the CLI prints it on a rating: "1 min", "5 h", "8 d", "2.1 mo", "1.5 y". */
export function intervalText(milliseconds) {
  const minutes = Math.max(milliseconds / 60000, 0);
  if (minutes < 60) return t("%(count)s min", { count: formatNumber(Math.max(Math.ceil(minutes - 1e-9), 1)) });
  if (minutes < 24 * 60) return t("%(count)s h", { count: formatNumber(roundHalfEven(minutes / 60)) });
  const days = minutes / (24 * 60);
  if (days < 30) return t("%(count)s d", { count: formatNumber(roundHalfEven(days)) });
  if (days < 365) return t("%(count)s mo", { count: oneDecimal(days / 30) });
  return t("%(count)s y", { count: oneDecimal(days / 365) });
}

/** When a card is due, as the CLI says it: "now", "in 10 min", "in 5 h", "tomorrow (Tue 4
 * Mar 2025)", "in 6 days (Sun 9 Mar 2025)", "overdue since Mon 3 Mar 2025". */
export function describeDue(due, now) {
  const seconds = (due - now) / 1000;
  const days = Math.round((startOfDay(due) - startOfDay(now)) / 86400000);
  const label = dayText(due);
  if (days < 0) return t("overdue since %(day)s", { day: label });
  if (seconds <= 0) return t("now");
  const minutes = Math.ceil(seconds / 60 - 1e-9);
  if (minutes < 60) return t("in %(time)s", { time: t("%(count)s min", { count: formatNumber(minutes) }) });
  if (days <= 0) return t("in %(time)s", { time: t("%(count)s h", { count: formatNumber(roundHalfEven(seconds / 3600)) }) });
  if (days === 1) return t("tomorrow (%(day)s)", { day: label });
  return tn("in %(n)s day (%(day)s)", "in %(n)s days (%(day)s)", days, { day: label });
}

function oneDecimal(x) {
  const value = roundHalfEven(x * 10) / 10;
  if (language() === "en") return value.toFixed(1);
  return new Intl.NumberFormat(language(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

// Python's round(): halves go to the even neighbour, so both sides print the same.
function roundHalfEven(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
