/* coursekit: what "Import progress" tells the learner, in their words: one line per
 * problem of a refused file (with the right count), and what an accepted file added.
 * The reader (exchange.js) names each problem's place in the file (`events[3].at`);
 * here that becomes "Entry 4 has no valid date and time". All the wording is here,
 * in one place. No DOM here.
 */
import { t, tn } from "./messages.js";

export const SHOWN_PROBLEMS = 5;

// What is wrong with one entry (an event), by the field the reader named; `entry` is
// its number in the file, from 1.
const ENTRY_FIELDS = {
  type: (entry) => t("Entry %(entry)s of the file is of a kind this site does not know (it may come from a newer coursekit).", { entry }),
  at: (entry) => t("Entry %(entry)s of the file has no valid date and time, or one in the future.", { entry }),
  lesson: (entry) => t("Entry %(entry)s of the file does not name a lesson in a form this site can read.", { entry }),
  minutes: (entry) => t("Entry %(entry)s of the file has a study time that is not a whole number of minutes within range.", { entry }),
  card: (entry) => t("Entry %(entry)s of the file does not name a flashcard in a form this site can read.", { entry }),
  rating: (entry) => t("Entry %(entry)s of the file has a flashcard rating that is not 1 to 4 (Again, Hard, Good, Easy).", { entry }),
  grade: (entry) => t("Entry %(entry)s of the file has a flashcard grade this site does not know.", { entry }),
  pace: (entry) => t("Entry %(entry)s of the file has an enrollment with a pace name this site cannot read.", { entry }),
  start: (entry) => t("Entry %(entry)s of the file has an enrollment with a start date that is not a real date.", { entry }),
  target: (entry) => t("Entry %(entry)s of the file has an enrollment with a target date that is not a real date.", { entry }),
  module: (entry) => t("Entry %(entry)s of the file does not name a module in a form this site can read.", { entry }),
  event: (entry) => t("Entry %(entry)s of the file is an undo that does not say which entry it undoes.", { entry }),
};

const ENTRY = /^events\[(\d+)\](?:\.(.+))?$/;

/** One problem ({key, message} from the reader) as a sentence for the learner. */
export function problemSentence({ key, message }) {
  const found = ENTRY.exec(key);
  if (found) {
    const entry = Number(found[1]) + 1;
    const field = found[2];
    if (!field) {
      return /flashcard review/.test(message)
        ? t("Entry %(entry)s of the file is a flashcard review without a rating or a grade.", { entry })
        : t("Entry %(entry)s of the file is not a progress entry.", { entry });
    }
    if (field === "uid") {
      return /two different/.test(message)
        ? t("Entry %(entry)s of the file reuses the identifier of a different entry.", { entry })
        : t("Entry %(entry)s of the file has an identifier this site cannot read.", { entry });
    }
    if (/^missing/.test(message)) return t('Entry %(entry)s of the file is missing its "%(field)s".', { entry, field });
    if (/^unknown field/.test(message)) return t('Entry %(entry)s of the file has a detail this site does not expect ("%(field)s").', { entry, field });
    if (Object.hasOwn(ENTRY_FIELDS, field)) return ENTRY_FIELDS[field](entry);
    return t('Entry %(entry)s of the file has a "%(field)s" this site cannot read.', { entry, field });
  }
  if (key === "" || key === "format") {
    return t('This is not a coursekit progress file. Choose the file that "Export progress" saved (its name starts with coursekit-progress).');
  }
  if (key === "version") {
    return /newer/.test(message)
      ? t("This file was made by a newer coursekit than this site's, so it cannot be read here.")
      : t("This file's version is not one this site can read.");
  }
  if (key === "course") {
    const other = /the course "([^"]*)"/.exec(message);
    return other
      ? t('This file is for another course ("%(course)s"), not this one.', { course: other[1] })
      : t("This file does not say which course it is for.");
  }
  if (key === "learner") return t("The learner's name in the file is longer than 100 characters or holds control characters.");
  if (key === "events") {
    return /more than/.test(message)
      ? t("The file holds more entries than can be imported at once (200,000).")
      : t("The file has no list of progress entries.");
  }
  return t('The file has something this site does not expect ("%(key)s").', { key });
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
    lines.push(
      stopped
        ? tn("…and at least %(n)s more problem (the check stops after %(checked)s).", "…and at least %(n)s more problems (the check stops after %(checked)s).", rest, { checked: real.length })
        : tn("…and %(n)s more problem.", "…and %(n)s more problems.", rest),
    );
  }
  const title = t("Not imported; nothing was changed.");
  if (whole) return { title, lines };
  const count = stopped ? tn("It has at least %(n)s problem:", "It has at least %(n)s problems:", real.length) : tn("It has %(n)s problem:", "It has %(n)s problems:", real.length);
  return { title: `${title} ${count}`, lines };
}

/** The message for an imported file (mergeInto's counts): what it added, in words. */
export function importedMessage(counts) {
  const added = [];
  if (counts.lessonsDone) added.push(tn("%(n)s lesson marked done", "%(n)s lessons marked done", counts.lessonsDone));
  if (counts.lessonsUndone) added.push(tn("%(n)s lesson marked not done", "%(n)s lessons marked not done", counts.lessonsUndone));
  if (counts.exercises) added.push(tn("the exercises of %(n)s module updated", "the exercises of %(n)s modules updated", counts.exercises));
  if (counts.reviews) added.push(tn("%(n)s flashcard review added", "%(n)s flashcard reviews added", counts.reviews));
  const lines = [];
  const left = counts.unknown + (counts.unknownModules || 0);
  if (left) {
    lines.push(
      tn(
        "One lesson or module in the file is not part of this course (any more) and was left out.",
        "%(n)s lessons or modules in the file are not part of this course (any more) and were left out.",
        left,
      ),
    );
  }
  if (!added.length) return { title: t("Imported: nothing new, this browser already had everything in the file."), lines };
  const list = added.length > 1 ? t("%(first)s and %(last)s", { first: added.slice(0, -1).join(", "), last: added[added.length - 1] }) : added[0];
  return { title: t("Imported: %(list)s.", { list }), lines };
}
