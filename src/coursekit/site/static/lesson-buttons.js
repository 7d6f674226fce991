/* coursekit: the "Mark as done" button of a lesson page, [data-ck-lesson="ID"], and of
 * a module's exercises page, [data-ck-exercises="MODULE ID"]. The button keeps its
 * label and says whether it is pressed with aria-pressed (a tick shows it too); the
 * note beside it says what happened, and never "saved" when storage refused.
 * Planned lessons get none: there is nothing to finish yet.
 */
import { el } from "./dom.js";
import { formatDay } from "./format.js";
import { exercisesDone, isDone, toggleExercises, toggleLesson } from "./learner-state.js";
import { t } from "./messages.js";
import { storageProblemText } from "./storage.js";

const KINDS = {
  lesson: {
    attribute: "data-ck-lesson",
    action: "toggle-lesson",
    get label() {
      return t("Mark as done");
    },
    get todo() {
      return t("Finished the lesson? Mark it done: your progress is saved in this browser.");
    },
    done: (day) => t("Done on %(day)s, saved in this browser. Press again to mark it as not done.", { day }),
    doneUnsaved: (day) => t("Done on %(day)s.", { day }),
  },
  exercises: {
    attribute: "data-ck-exercises",
    action: "toggle-exercises",
    get label() {
      return t("Mark exercises as done");
    },
    get todo() {
      return t("Worked through these exercises? Mark them done: your progress is saved in this browser.");
    },
    done: (day) => t("Exercises done on %(day)s, saved in this browser. Press again to mark them as not done.", { day }),
    doneUnsaved: (day) => t("Exercises done on %(day)s.", { day }),
  },
};

function known(site, kind, id) {
  if (kind === "exercises") return site.course.modules.some((m) => m.id === id && m.hasExercises);
  const lesson = site.course.lessons.get(id);
  return Boolean(lesson && lesson.available);
}

function entryOf(site, kind, id) {
  return (kind === "exercises" ? site.state.exercises : site.state.lessons).get(id);
}

export function renderLessonButtons(site) {
  for (const [kind, text] of Object.entries(KINDS)) {
    for (const holder of document.querySelectorAll(`[${text.attribute}]`)) {
      const id = holder.getAttribute(text.attribute);
      if (!known(site, kind, id)) continue;
      let button = holder.querySelector("button.ck-done");
      if (!button) {
        button = el("button", {
          type: "button",
          className: "md-button ck-done",
          "data-ck-action": text.action,
          "data-ck-target": id,
          text: text.label,
        });
        holder.classList.add("ck-lesson-actions");
        holder.append(button, el("p", { className: "ck-done-note", "aria-live": "polite" }));
      }
      const done = kind === "exercises" ? exercisesDone(site.state, id) : isDone(site.state, id);
      button.setAttribute("aria-pressed", String(done));
      const note = holder.querySelector(".ck-done-note");
      const problem = storageProblemText(site.storage);
      const entry = entryOf(site, kind, id);
      const day = done && entry ? formatDay(entry.completedAt || entry.at) : "";
      note.classList.toggle("ck-warning", Boolean(problem));
      if (problem) note.textContent = done ? `${text.doneUnsaved(day)} ${problem}` : problem;
      else note.textContent = done ? text.done(day) : text.todo;
    }
  }
}

/** The click on a "Mark as done" button (pressed or not). */
export function pressLessonButton(site, button) {
  const id = button.getAttribute("data-ck-target");
  const kind = button.getAttribute("data-ck-action") === "toggle-exercises" ? "exercises" : "lesson";
  if (!known(site, kind, id)) return;
  if (kind === "exercises") toggleExercises(site.state, id);
  else toggleLesson(site.state, id);
  site.save();
  site.renderAll();
}
