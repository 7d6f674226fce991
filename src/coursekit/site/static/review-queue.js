/* coursekit: which flashcards are due and what a review session holds, by the CLI's
 * rules (coursekit/review/cards.py, review/due.py). No DOM here.
 *
 *   - a card is due when its due time falls on or before the learner's current day
 *     (the browser's time zone): intervals are whole days;
 *   - "this week" is today and the six days after (today's cards included);
 *   - a card may be started once its lesson is done; a card without a lesson once
 *     every lesson of its module that is not planned is done ("review everything"
 *     lifts that, like `coursekit review --all`); a card already reviewed stays
 *     reviewable even if its lesson is later marked not done;
 *   - a session is the due cards, most overdue first, then up to N new cards in
 *     course order (N: the course's review `new_cards`); a card rated Again comes
 *     back at the end of the session.
 */

/** The first instant of the day `days` after the one holding `now`, in local time. */
export function startOfDay(now, days = 0) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
}

/**
 * Ids of the cards the learner may start. `course.flashcards` is [{id, module, lesson}]
 * in course order, `course.modules` [{id, lessons: [{id, status}]}]; `isDone(lessonId)`.
 */
export function unlockedCards(course, isDone) {
  const moduleDone = new Map();
  for (const module of course.modules) {
    const studied = module.lessons.filter((lesson) => lesson.status !== "planned");
    moduleDone.set(module.id, studied.length > 0 && studied.every((lesson) => isDone(lesson.id)));
  }
  const unlocked = new Set();
  for (const card of course.flashcards) {
    if (card.lesson ? isDone(card.lesson) : moduleDone.get(card.module)) unlocked.add(card.id);
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
 * The cards of a session, as [{id, isNew}]: due ones (most overdue first, then by id),
 * then at most `newCards` never reviewed, in course order, once unlocked (or all of
 * them with `everything`). `module` keeps only that module's cards.
 */
export function sessionQueue(course, states, unlocked, now, { newCards = 10, everything = false, module = null } = {}) {
  const endToday = startOfDay(now, 1).getTime();
  const pool = course.flashcards.filter((card) => module === null || card.module === module);
  const due = pool
    .filter((card) => states.has(card.id) && states.get(card.id).due.getTime() < endToday)
    .sort((a, b) => states.get(a.id).due - states.get(b.id).due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((card) => ({ id: card.id, isNew: false }));
  const fresh = pool
    .filter((card) => !states.has(card.id) && (everything || unlocked.has(card.id)))
    .slice(0, Math.max(0, newCards))
    .map((card) => ({ id: card.id, isNew: true }));
  return [...due, ...fresh];
}

/** A session's progress through its queue: the card shown, ratings given, what is left. */
export class ReviewSession {
  constructor(queue) {
    this.queue = [...queue];
    this.position = 0;
    this.ratings = { 1: 0, 2: 0, 3: 0, 4: 0 };
    this.reviewed = new Set();
    this.again = 0; // cards rated Again, shown again later in this session
  }

  /** The card to show now, or null when the session is over. */
  get current() {
    return this.position < this.queue.length ? this.queue[this.position] : null;
  }

  get remaining() {
    return this.queue.length - this.position;
  }

  /** Record a rating of the current card; Again puts it back at the end. */
  rate(rating) {
    const card = this.current;
    if (!card) return;
    this.ratings[rating] += 1;
    this.reviewed.add(card.id);
    this.position += 1;
    if (rating === 1) {
      this.queue.push({ id: card.id, isNew: false, again: true });
      this.again += 1;
    }
  }

  get total() {
    return this.ratings[1] + this.ratings[2] + this.ratings[3] + this.ratings[4];
  }
}
