/* coursekit: what "Import progress" tells the learner, in their words: one line per
 * problem of a refused file (with the right count), and what an accepted file added.
 * The reader (exchange.js) names each problem's place in the file (`events[3].at`);
 * here that becomes "Entry 4 has no valid date and time". All the wording is here,
 * in one place. No DOM here.
 */
import { plural } from "./format.js";

export const SHOWN_PROBLEMS = 5;

const NOT_A_PROGRESS_FILE =
  'This is not a coursekit progress file. Choose the file that "Export progress" saved (its name starts with coursekit-progress).';

// What is wrong with one entry (an event), by the field the reader named.
const ENTRY_FIELDS = {
  type: "is of a kind this site does not know (it may come from a newer coursekit)",
  at: "has no valid date and time, or one in the future",
  lesson: "does not name a lesson in a form this site can read",
  minutes: "has a study time that is not a whole number of minutes within range",
  card: "does not name a flashcard in a form this site can read",
  rating: "has a flashcard grade this site does not know",
  grade: "has a flashcard grade this site does not know",
  pace: "has an enrollment with a pace name this site cannot read",
  start: "has an enrollment with a start date that is not a real date",
  target: "has an enrollment with a target date that is not a real date",
  module: "does not name a module in a form this site can read",
  event: "is an undo that does not say which entry it undoes",
};

const ENTRY = /^events\[(\d+)\](?:\.(.+))?$/;

/** One problem ({key, message} from the reader) as a sentence for the learner. */
export function problemSentence({ key, message }) {
  const entry = ENTRY.exec(key);
  if (entry) {
    const where = `Entry ${Number(entry[1]) + 1} of the file`;
    const field = entry[2];
    if (!field) {
      return /flashcard review/.test(message)
        ? `${where} is a flashcard review without a grade.`
        : `${where} is not a progress entry.`;
    }
    if (field === "uid") {
      return /two different/.test(message)
        ? `${where} reuses the identifier of a different entry.`
        : `${where} has an identifier this site cannot read.`;
    }
    if (/^missing/.test(message)) return `${where} is missing its "${field}".`;
    if (/^unknown field/.test(message)) return `${where} has a detail this site does not expect ("${field}").`;
    return `${where} ${ENTRY_FIELDS[field] || `has a "${field}" this site cannot read`}.`;
  }
  if (key === "" || key === "format") return NOT_A_PROGRESS_FILE;
  if (key === "version") {
    return /newer/.test(message)
      ? "This file was made by a newer coursekit than this site's, so it cannot be read here."
      : "This file's version is not one this site can read.";
  }
  if (key === "course") {
    const other = /the course "([^"]*)"/.exec(message);
    return other
      ? `This file is for another course ("${other[1]}"), not this one.`
      : "This file does not say which course it is for.";
  }
  if (key === "learner") return "The learner's name in the file is longer than 100 characters or holds control characters.";
  if (key === "events") {
    return /more than/.test(message)
      ? "The file holds more entries than can be imported at once (200,000)."
      : "The file has no list of progress entries.";
  }
  return `The file has something this site does not expect ("${key}").`;
}

/**
 * The message for a refused file: {title, lines}, the first SHOWN_PROBLEMS problems
 * as sentences, and a last line with how many more there are. The reader stops
 * after 30 problems (adding one that says so), which the count then says too.
 */
export function refusalMessage(problems) {
  const stopped = problems.some((p) => p.key === "" && /stopped after/.test(p.message));
  const real = problems.filter((p) => !(p.key === "" && /stopped after/.test(p.message)));
  // A file that is not a progress file at all gets that one sentence, not a list.
  const whole = real.find((p) => p.key === "" || p.key === "format");
  const shown = whole ? [whole] : real.slice(0, SHOWN_PROBLEMS);
  const lines = [...new Set(shown.map(problemSentence))];
  const rest = whole ? 0 : real.length - shown.length;
  if (rest > 0) {
    lines.push(stopped ? `…and at least ${plural(rest, "more problem")} (the check stops after ${real.length}).` : `…and ${plural(rest, "more problem")}.`);
  }
  const count = whole ? "" : stopped ? ` It has at least ${plural(real.length, "problem")}:` : ` It has ${plural(real.length, "problem")}:`;
  return { title: `Not imported; nothing was changed.${count}`, lines };
}

/** The message for an imported file (mergeInto's counts): what it added, in words. */
export function importedMessage(counts) {
  const added = [];
  if (counts.lessonsDone) added.push(`${plural(counts.lessonsDone, "lesson")} marked done`);
  if (counts.lessonsUndone) added.push(`${plural(counts.lessonsUndone, "lesson")} marked not done`);
  if (counts.exercises) added.push(`the exercises of ${plural(counts.exercises, "module")} updated`);
  if (counts.reviews) added.push(`${plural(counts.reviews, "flashcard review")} added`);
  const lines = [];
  const left = counts.unknown + (counts.unknownModules || 0);
  if (left) {
    lines.push(
      `${left === 1 ? "One lesson or module" : `${left} lessons or modules`} in the file ${left === 1 ? "is" : "are"} not part of this course (any more) and ${left === 1 ? "was" : "were"} left out.`,
    );
  }
  if (!added.length) return { title: "Imported: nothing new, this browser already had everything in the file.", lines };
  const list = added.length > 1 ? `${added.slice(0, -1).join(", ")} and ${added[added.length - 1]}` : added[0];
  return { title: `Imported: ${list}.`, lines };
}
