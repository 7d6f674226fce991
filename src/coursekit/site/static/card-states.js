/* coursekit: every reviewed card's FSRS state, replayed from the learner's ratings,
 * with a cache so that opening a page does not replay a long history. No DOM here.
 *
 * As in the CLI (coursekit/review/cards.py), a card's state is never the record: it
 * is derived by replaying its ratings, in time order, each at its own time. The cache
 * (its own localStorage key, beside the progress) holds the states after the first
 * `count` ratings; it is used only when those ratings are still, in the same order,
 * the first ones (a digest of their uids, cards and ratings is compared) and the
 * scheduler settings are the same. Otherwise everything is replayed and the cache
 * written again: a lost or odd cache costs one replay, never a wrong due date.
 */
import { State } from "./vendor/ts-fsrs.js";
import { timeValue } from "./event-fields.js";

export const CACHE_FORMAT = 1;

export function cacheKey(courseId) {
  return `coursekit:${courseId}:review-cache`;
}

/**
 * A short digest of the first `count` ratings (FNV-1a-like, 2 x 32 bits, over each
 * rating's uid, card and rating). It is computed on every page, over tens of thousands
 * of ratings, so it takes the tail of each uid and card id, where they differ (uids are
 * random or numbered, card ids end in their number), with their lengths: an inserted,
 * removed, reordered or re-rated rating changes it.
 */
export function digest(reviews, count = reviews.length) {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < count; i++) {
    const { uid, card, rating } = reviews[i];
    let c = (rating + 1) | (uid.length << 8) | (card.length << 16);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    for (let j = Math.max(uid.length - 10, 0); j < uid.length; j++) {
      c = uid.charCodeAt(j);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    for (let j = Math.max(card.length - 6, 0); j < card.length; j++) {
      c = card.charCodeAt(j);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${count}`;
}

// A ts-fsrs card as a short array, and back.
function pack(card) {
  return [
    card.due.getTime(),
    card.stability,
    card.difficulty,
    card.state,
    card.learning_steps,
    card.reps,
    card.lapses,
    card.last_review ? card.last_review.getTime() : null,
    card.elapsed_days,
    card.scheduled_days,
  ];
}

function unpack(row) {
  if (!Array.isArray(row) || row.length !== 10) throw new Error("odd card");
  const [due, stability, difficulty, state, step, reps, lapses, last, elapsed, scheduled] = row;
  const numbers = [due, stability, difficulty, step, reps, lapses, last, elapsed, scheduled];
  if (!numbers.every(Number.isFinite) || ![State.Learning, State.Review, State.Relearning].includes(state)) {
    throw new Error("odd card");
  }
  return {
    due: new Date(due),
    stability,
    difficulty,
    state,
    learning_steps: step,
    reps,
    lapses,
    last_review: new Date(last),
    elapsed_days: elapsed,
    scheduled_days: scheduled,
  };
}

/** The cache's cards when it covers a prefix of `reviews` under these settings, else null. */
function resumable(cache, reviews, settingsKey) {
  if (!cache || cache.format !== CACHE_FORMAT || cache.settings !== settingsKey) return null;
  const count = cache.count;
  if (!Number.isInteger(count) || count < 1 || count > reviews.length) return null;
  if (cache.digest !== digest(reviews, count) || !cache.cards || typeof cache.cards !== "object") return null;
  try {
    const cards = new Map();
    for (const [id, row] of Object.entries(cache.cards)) cards.set(id, unpack(row));
    return { count, cards };
  } catch (_) {
    return null;
  }
}

/**
 * Replay `reviews` ({uid, card, rating, at}, in time order) into Map(card id -> ts-fsrs
 * card). `cache` is what cacheText() gave last time (parsed JSON, or null). Returns
 * {cards, replayed, cache}: `replayed` ratings went through FSRS (0 when the cache
 * covered them all), `cache` the new cache to keep (null when nothing changed).
 */
export function replayCards(reviews, scheduler, settingsKey, cache = null) {
  const resumed = resumable(cache, reviews, settingsKey);
  const cards = resumed ? resumed.cards : new Map();
  const start = resumed ? resumed.count : 0;
  for (let i = start; i < reviews.length; i++) {
    const review = reviews[i];
    cards.set(review.card, scheduler.review(cards.get(review.card) || null, new Date(timeValue(review.at)), review.rating));
  }
  const replayed = reviews.length - start;
  const changed = replayed > 0 || (!resumed && reviews.length === 0 && cache !== null);
  return { cards, replayed, cache: changed ? makeCache(cards, reviews, settingsKey) : null };
}

/** The cache of `cards` after `reviews`, as plain data to store. */
export function makeCache(cards, reviews, settingsKey) {
  const packed = {};
  for (const [id, card] of cards) packed[id] = pack(card);
  return { format: CACHE_FORMAT, settings: settingsKey, count: reviews.length, digest: digest(reviews), cards: packed };
}

/** The cache as stored text, and read back (anything unreadable is no cache). */
export function cacheText(cache) {
  return JSON.stringify(cache);
}

export function cacheFromText(text) {
  try {
    const data = text ? JSON.parse(text) : null;
    return data && typeof data === "object" && !Array.isArray(data) ? data : null;
  } catch (_) {
    return null;
  }
}
