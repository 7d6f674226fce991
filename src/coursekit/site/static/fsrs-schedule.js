/* coursekit: flashcard scheduling on the site, with ts-fsrs (the FSRS project's own
 * TypeScript library, vendored unchanged in vendor/ts-fsrs.js), configured to give
 * every card the due date the CLI gives it (`coursekit review`, py-fsrs). No DOM here.
 *
 * The two libraries share FSRS's memory model (stability, difficulty, retrievability,
 * intervals), and ts-fsrs computes it here. They differ in how a review is fitted
 * around it, and those rules are the CLI's (tests/fsrs_conformance/README.md):
 *
 *   - elapsed days: whole 24-hour days since the last review (py-fsrs), not UTC
 *     calendar days (ts-fsrs): a review at 23:00 and one at 01:00 are 0 days apart;
 *   - learning steps: "Hard" on a later step repeats that step, and on the first step
 *     waits the mean of the first two, to the second (ts-fsrs always waits the mean of
 *     the first two, rounded to the minute);
 *   - review intervals: Hard, Good and Easy each get FSRS's interval for their own
 *     stability (ts-fsrs also forces Hard < Good < Easy by a day);
 *   - steps are handled here, so ts-fsrs is given none: with more than one relearning
 *     step it would clip two of FSRS's parameters (w17, w18), which py-fsrs does not.
 *
 * Those rules are a scheduler strategy, ts-fsrs's documented way to change how it
 * schedules (fsrs().useStrategy(StrategyMode.SCHEDULER, ...)); ts-fsrs itself is not
 * changed. The conformance corpus (tests/fsrs_conformance) replays the same ratings
 * through both and requires the same due dates, to the minute, and the same states.
 *
 * Settings are the course's, as the CLI builds them: fsrs.Scheduler.to_dict() is
 * published in course.json as `scheduler` {parameters, desired_retention,
 * learning_steps and relearning_steps in seconds, maximum_interval, enable_fuzzing}.
 */
import { AbstractScheduler, Rating, State, StrategyMode, TypeConvert, createEmptyCard, fsrs } from "./vendor/ts-fsrs.js";

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

export const RATINGS = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
export const STATE_NAMES = { [State.Learning]: "learning", [State.Review]: "review", [State.Relearning]: "relearning" };

/** The CLI's settings when a course.json has none (fsrs.Scheduler's defaults, no fuzz). */
export const DEFAULT_SETTINGS = Object.freeze({
  parameters: Object.freeze([
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ]),
  desired_retention: 0.9,
  learning_steps: Object.freeze([60, 600]),
  relearning_steps: Object.freeze([600]),
  maximum_interval: 36500,
  enable_fuzzing: false,
});

/** The scheduler settings of course.json, checked; null when they are not usable. */
export function checkSettings(data) {
  if (data === undefined || data === null) return DEFAULT_SETTINGS;
  if (typeof data !== "object" || Array.isArray(data)) return null;
  const { parameters: w, desired_retention: retention, maximum_interval: maximum } = data;
  const steps = (s) => Array.isArray(s) && s.length <= 10 && s.every((x) => Number.isFinite(x) && x > 0 && x <= 864000);
  if (!Array.isArray(w) || w.length !== 21 || !w.every(Number.isFinite)) return null;
  if (!(retention > 0.5 && retention < 1) || !(Number.isInteger(maximum) && maximum >= 1)) return null;
  if (!steps(data.learning_steps) || !steps(data.relearning_steps)) return null;
  return {
    parameters: [...w],
    desired_retention: retention,
    learning_steps: [...data.learning_steps],
    relearning_steps: [...data.relearning_steps],
    maximum_interval: maximum,
    enable_fuzzing: false, // the CLI's replay never fuzzes: a schedule is a function of the ratings
  };
}

/** ts-fsrs's scheduler class with the CLI's rules, for steps given in seconds. */
function cliScheduler(learningSteps, relearningSteps) {
  const learning = learningSteps.map((s) => s * 1000);
  const relearning = relearningSteps.map((s) => s * 1000);

  return class CliScheduler extends AbstractScheduler {
    constructor(card, now, algorithm, strategies) {
      super(card, now, algorithm, strategies);
      const last = this.last.last_review;
      const days = this.last.state !== State.New && last ? Math.floor((this.review_time - last) / DAY) : 0;
      this.elapsed_days = Math.max(0, days);
      this.current.elapsed_days = this.elapsed_days;
    }

    newState(grade) {
      return this.learningState(grade);
    }

    learningState(grade) {
      const known = this.next.get(grade);
      if (known) return known;
      const card = this.memory(grade);
      const steps = this.last.state === State.Relearning ? relearning : learning;
      const step = this.last.state === State.New ? 0 : this.last.learning_steps;
      let wait = null; // milliseconds, while the card stays on a step
      if (steps.length && !(step >= steps.length && grade !== Rating.Again)) {
        if (grade === Rating.Again) {
          card.learning_steps = 0;
          wait = steps[0];
        } else if (grade === Rating.Hard) {
          card.learning_steps = step;
          if (step === 0) wait = steps.length === 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2;
          else wait = steps[step];
        } else if (grade === Rating.Good && step + 1 < steps.length) {
          card.learning_steps = step + 1;
          wait = steps[step + 1];
        }
      }
      if (wait === null) this.graduate(card);
      else this.stay(card, this.last.state === State.New ? State.Learning : this.last.state, wait);
      return this.remember(grade, card);
    }

    reviewState(grade) {
      const known = this.next.get(grade);
      if (known) return known;
      const card = this.memory(grade);
      if (grade === Rating.Again) {
        card.lapses += 1;
        if (relearning.length) {
          card.learning_steps = 0;
          this.stay(card, State.Relearning, relearning[0]);
          return this.remember(grade, card);
        }
      }
      this.graduate(card);
      return this.remember(grade, card);
    }

    /** The card with FSRS's next stability and difficulty for this rating. */
    memory(grade) {
      const next = this.algorithm.next_state(
        { difficulty: this.current.difficulty, stability: this.current.stability },
        this.elapsed_days,
        grade,
      );
      const card = TypeConvert.card(this.current);
      card.difficulty = next.difficulty;
      card.stability = next.stability;
      return card;
    }

    stay(card, state, wait) {
      card.state = state;
      card.scheduled_days = 0;
      card.due = new Date(this.review_time.getTime() + wait);
    }

    graduate(card) {
      const days = this.algorithm.next_interval(card.stability, this.elapsed_days);
      card.state = State.Review;
      card.learning_steps = 0;
      card.scheduled_days = days;
      card.due = new Date(this.review_time.getTime() + days * DAY);
    }

    remember(grade, card) {
      const item = { card, log: this.buildLog(grade) };
      this.next.set(grade, item);
      return item;
    }
  };
}

/**
 * The scheduler for checked settings (checkSettings): {review(card, at, rating) -> card,
 * preview(card, at) -> {1: card, 2: card, 3: card, 4: card}, newCard(at) -> card}.
 * `card` is ts-fsrs's Card (null for a card never reviewed); times are Dates.
 */
export function makeScheduler(settings) {
  const engine = fsrs({
    w: settings.parameters,
    request_retention: settings.desired_retention,
    maximum_interval: settings.maximum_interval,
    enable_fuzz: false,
    enable_short_term: true,
    learning_steps: [],
    relearning_steps: [],
  });
  engine.useStrategy(StrategyMode.SCHEDULER, cliScheduler(settings.learning_steps, settings.relearning_steps));
  return {
    review(card, at, rating) {
      return engine.next(card || createEmptyCard(at), at, rating).card;
    },
    preview(card, at) {
      const outcomes = engine.repeat(card || createEmptyCard(at), at);
      return { 1: outcomes[1].card, 2: outcomes[2].card, 3: outcomes[3].card, 4: outcomes[4].card };
    },
  };
}

/** What the CLI's `review --cards --json` shows of a card: {state, step, due, stability, difficulty}. */
export function describeCard(card) {
  return {
    state: STATE_NAMES[card.state],
    step: card.state === State.Review ? null : card.learning_steps,
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
  };
}
