/* coursekit: the home page as the learner's dashboard, [data-ck-dashboard]. The page
 * carries a "Start the course: <first lesson>" link ([data-ck-continue="ID"]); once
 * the learner has started, it becomes "Continue: <next lesson>", and a line below it
 * gives the last day they studied, their flashcards and exercises.
 */
import { el } from "./dom.js";
import { formatDay } from "./format.js";
import { cardSummary, exercisesDone, hasStarted, lastStudied, nextLesson } from "./learner-state.js";
import { t, tn } from "./messages.js";
import { storageProblemText } from "./storage.js";

const TEXT = {
  start: (title) => t("Start the course: %(lesson)s", { lesson: title }),
  continue: (title) => t("Continue: %(lesson)s", { lesson: title }),
  get finished() {
    return t("You have done every lesson that is ready.");
  },
  comingSoon: (n) => " " + tn("One more lesson is coming soon.", "%(n)s more lessons are coming soon.", n),
  get notStarted() {
    return t("Mark lessons as done and grade flashcards as you go: your progress shows here.");
  },
  lastStudied: (day) => t("Last studied %(day)s", { day }),
  cards: (s) =>
    s.reviewed
      ? tn("Flashcards: %(got)s of %(n)s card: got it", "Flashcards: %(got)s of %(n)s cards: got it", s.total, { got: s.gotIt })
      : tn("Flashcards: %(n)s card, none reviewed yet", "Flashcards: %(n)s cards, none reviewed yet", s.total),
  exercises: (done, total) => tn("Exercises: %(done)s of %(n)s module done", "Exercises: %(done)s of %(n)s modules done", total, { done }),
};

/** A lesson's page address, made like the known one of `sample` (directory or .html URLs). */
export function lessonHref(sampleHref, sample, lesson) {
  const from = `${sample.module}/${sample.id}`;
  const at = sampleHref.lastIndexOf(from);
  if (at < 0) return null;
  return `${sampleHref.slice(0, at)}${lesson.module}/${lesson.id}${sampleHref.slice(at + from.length)}`;
}

export function renderDashboard(site) {
  for (const holder of document.querySelectorAll("[data-ck-dashboard]")) {
    const link = holder.querySelector("a[data-ck-continue]");
    const sample = link && site.course.lessons.get(link.getAttribute("data-ck-continue"));
    if (link && sample && !link.hasAttribute("data-ck-sample")) {
      link.setAttribute("data-ck-sample", link.getAttribute("href")); // the address of `sample`, kept
    }
    const started = hasStarted(site.state);
    const next = nextLesson(site.state, site.course);
    if (link && sample) {
      const href = next && lessonHref(link.getAttribute("data-ck-sample"), sample, next);
      link.hidden = !href;
      if (href) {
        link.setAttribute("href", href);
        link.textContent = started ? TEXT.continue(next.title) : TEXT.start(next.title);
      }
    }
    let facts = holder.querySelector(".ck-dashboard__facts");
    if (!facts) facts = holder.appendChild(el("p", { className: "ck-dashboard__facts", "aria-live": "polite" }));
    const parts = [];
    if (!next && started) {
      const planned = [...site.course.lessons.values()].filter((l) => !l.available).length;
      parts.push(TEXT.finished + (planned ? TEXT.comingSoon(planned) : ""));
    }
    const last = lastStudied(site.state);
    if (last) parts.push(TEXT.lastStudied(formatDay(last)));
    else parts.push(TEXT.notStarted);
    const cards = site.course.modules.flatMap((m) => m.cards);
    if (cards.length) parts.push(TEXT.cards(cardSummary(site.state, cards)));
    const withExercises = site.course.modules.filter((m) => m.hasExercises);
    if (started && withExercises.length) {
      const done = withExercises.filter((m) => exercisesDone(site.state, m.id)).length;
      parts.push(TEXT.exercises(done, withExercises.length));
    }
    facts.textContent = parts.join(" · ");
    const problem = storageProblemText(site.storage);
    let warning = holder.querySelector(".ck-dashboard__warning");
    if (problem && !warning) warning = holder.appendChild(el("p", { className: "ck-warning ck-dashboard__warning", role: "status" }));
    if (warning) warning.textContent = problem;
  }
}
