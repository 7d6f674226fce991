/* coursekit: the "Mark as done" button of a lesson page, [data-ck-lesson="ID"].
 * Planned lessons get none: there is nothing to finish yet.
 */
import { el } from "./dom.js";
import { isDone, toggleLesson } from "./learner-state.js";

export function renderLessonButtons(site) {
  for (const holder of document.querySelectorAll("[data-ck-lesson]")) {
    const id = holder.getAttribute("data-ck-lesson");
    const lesson = site.course.lessons.get(id);
    if (!lesson || lesson.status === "planned") continue;
    let button = holder.querySelector("button.ck-done");
    if (!button) {
      button = el("button", {
        type: "button",
        className: "md-button ck-done",
        "data-ck-action": "toggle-lesson",
        "data-ck-target": id,
      });
      holder.classList.add("ck-lesson-actions");
      holder.append(button, el("span", { className: "ck-done-note", "aria-live": "polite" }));
    }
    const done = isDone(site.state, id);
    button.setAttribute("aria-pressed", String(done));
    button.textContent = done ? "Done" : "Mark as done";
    button.title = done ? "Completed: press to mark as not done" : "Mark this lesson as done";
    holder.querySelector(".ck-done-note").textContent = done
      ? "Saved in this browser. Press again to undo."
      : "Finished? Your progress is saved in this browser.";
  }
}

/** The click on a "Mark as done" (or "Done") button. */
export function pressLessonButton(site, button) {
  const id = button.getAttribute("data-ck-target");
  if (!site.course.lessons.has(id)) return;
  toggleLesson(site.state, id);
  site.save();
  site.renderAll();
}
