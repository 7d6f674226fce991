/* coursekit: the learner's flashcards as the Review page, the home and the navigation
 * see them: each card's FSRS state replayed from the stored ratings (card-states.js,
 * through its cache in localStorage), what is due, and rating a card. No DOM here;
 * `backend` returns the Storage for the cache (a stand-in in tests).
 *
 * The model is rebuilt when the ratings change (a cheap fingerprint of them is
 * compared on every use), so "Got it" on an exercises page, an import, another tab
 * or a rating on the Review page all show up in the due counts.
 */
import { cacheFromText, cacheKey, cacheText, makeCache, replayCards } from "./card-states.js";
import { currentTime } from "./event-fields.js";
import { checkSettings, makeScheduler } from "./fsrs-schedule.js";
import { addRating, isDone } from "./learner-state.js";
import { dueCounts, firstRatings, nextDue, sessionQueue, unlockedCards } from "./review-queue.js";

/** A fingerprint of the ratings: it changes with any rating added, removed or corrected. */
export function fingerprint(reviews) {
  let sum = 0;
  for (let i = 0; i < reviews.length; i++) sum = (sum * 31 + reviews[i].rating * (1 + (i % 13))) % 2147483647;
  const first = reviews.length ? reviews[0].uid : "";
  const last = reviews.length ? reviews[reviews.length - 1].uid : "";
  return `${reviews.length}|${first}|${last}|${sum}`;
}

export class ReviewModel {
  /** `site`: {course, state}; null settings (an unusable course.json) leave review off. */
  constructor(site, backend = () => globalThis.localStorage) {
    this.site = site;
    this.backend = backend;
    this.settings = checkSettings(site.course.scheduler);
    this.scheduler = this.settings ? makeScheduler(this.settings) : null;
    this.key = JSON.stringify(this.settings);
    this.states = new Map();
    this.started = new Map();
    this.seen = null;
    this.replayed = 0;
  }

  get usable() {
    return this.scheduler !== null && this.site.course.flashcards.length > 0;
  }

  /** Bring the card states up to the stored ratings (a no-op when nothing changed). */
  refresh() {
    const reviews = this.site.state.reviews;
    const seen = fingerprint(reviews);
    if (!this.scheduler || seen === this.seen) return this;
    const result = replayCards(reviews, this.scheduler, this.key, this.readCache());
    this.states = result.cards;
    this.started = firstRatings(reviews);
    this.replayed = result.replayed;
    if (result.cache) this.writeCache(result.cache);
    this.seen = seen;
    return this;
  }

  unlocked() {
    return unlockedCards(this.site.course, (id) => isDone(this.site.state, id));
  }

  /** {today, week, new, reviewed, locked} at `now`. */
  counts(now = currentTime()) {
    this.refresh();
    return dueCounts(this.site.course, this.states, this.unlocked(), now);
  }

  /** The card ids of a session starting `now` (`everything`: locked cards too). */
  queue(now = currentTime(), everything = false) {
    this.refresh();
    const options = { newCards: this.site.course.review.newCards, everything, started: this.started };
    return sessionQueue(this.site.course, this.states, this.unlocked(), now, options);
  }

  nextDue(now = currentTime()) {
    this.refresh();
    return nextDue(this.site.course, this.states, now);
  }

  /** What each rating (1-4) would make of a card at `now`: {1: card, ...}. */
  preview(cardId, now = currentTime()) {
    return this.scheduler.preview(this.states.get(cardId) || null, now);
  }

  /**
   * Store a rating of a card at once (the same localStorage record as every other
   * progress), and return the card's state after it. `save` stores the progress
   * (site.save), and says whether storage took it.
   */
  rate(cardId, rating, save, now = currentTime()) {
    const at = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    const before = this.states.get(cardId) || null;
    addRating(this.site.state, cardId, rating, at);
    const saved = save();
    const reviews = this.site.state.reviews;
    if (reviews[reviews.length - 1].card === cardId && reviews[reviews.length - 1].at === at) {
      // The usual case: the newest rating, so its card moves on from where it was.
      this.states.set(cardId, this.scheduler.review(before, new Date(Date.parse(at)), rating));
      if (!this.started.has(cardId)) this.started.set(cardId, Date.parse(at));
      this.seen = fingerprint(reviews);
      this.writeCache(makeCache(this.states, reviews, this.key));
    } else {
      this.refresh(); // rated before later ratings (a clock set back): replay
    }
    return { card: this.states.get(cardId), saved };
  }

  readCache() {
    try {
      return cacheFromText(this.backend().getItem(cacheKey(this.site.course.id)));
    } catch (_) {
      return null;
    }
  }

  writeCache(cache) {
    try {
      this.backend().setItem(cacheKey(this.site.course.id), cacheText(cache));
    } catch (_) {
      // Only a cache: without it the next page replays the ratings, as the first did.
    }
  }
}

/** The site's model, made on first use (after the course index is in). */
export function reviewOf(site) {
  if (!site.reviewModel) site.reviewModel = new ReviewModel(site);
  return site.reviewModel;
}
