/* coursekit: progress bars of the whole course, [data-ck-progress="course"], and of one
 * module, [data-ck-progress="module"][data-ck-module="ID"]: lessons done and study time,
 * of the lessons a learner can study now. Planned ("coming soon") lessons are not
 * counted, so the bar can reach 100%; the label says how many are still to come.
 */
import { el } from "./dom.js";
import { formatRange } from "./format.js";
import { t, tn } from "./messages.js";
import { isDone } from "./learner-state.js";

/** Lessons done of those ready, and the study time of those done and ready, in minutes. */
export function progressOf(state, lessons) {
  const ready = lessons.filter((lesson) => lesson.available);
  const p = { done: 0, total: ready.length, planned: lessons.length - ready.length, doneLow: 0, doneHigh: 0, low: 0, high: 0 };
  for (const lesson of ready) {
    p.low += lesson.low;
    p.high += lesson.high;
    if (isDone(state, lesson.id)) {
      p.done += 1;
      p.doneLow += lesson.low;
      p.doneHigh += lesson.high;
    }
  }
  return p;
}

export function renderProgressBars(site) {
  for (const holder of document.querySelectorAll("[data-ck-progress]")) {
    let lessons = [...site.course.lessons.values()];
    let name = t("Course progress");
    if (holder.getAttribute("data-ck-progress") === "module") {
      const module = site.course.modules.find((m) => m.id === holder.getAttribute("data-ck-module"));
      if (!module) continue;
      lessons = module.lessons;
      name = t("%(module)s progress", { module: module.title });
    }
    let bar = holder.querySelector(".ck-bar");
    if (!bar) {
      const attrs = { className: "ck-bar", role: "progressbar", "aria-valuemin": "0", "aria-label": name };
      bar = el("div", attrs, el("div", { className: "ck-bar__fill" }));
      holder.classList.add("ck-progress");
      holder.append(el("div", { className: "ck-progress__label", "aria-hidden": "true" }), bar);
    }
    const p = progressOf(site.state, lessons);
    const lessonsText = tn("%(done)s of %(n)s lesson done", "%(done)s of %(n)s lessons done", p.total, { done: p.done });
    const timeText = t("%(done)s of %(total)s", { done: formatRange(p.doneLow, p.doneHigh), total: formatRange(p.low, p.high) });
    bar.setAttribute("aria-valuemax", String(p.total));
    bar.setAttribute("aria-valuenow", String(p.done));
    bar.setAttribute("aria-valuetext", t("%(lessons)s, %(time)s of study", { lessons: lessonsText, time: timeText }));
    bar.firstChild.style.width = `${p.total ? (100 * p.done) / p.total : 0}%`;
    const label = holder.querySelector(".ck-progress__label");
    const soon = p.planned ? ` · ${t("%(n)s more coming soon", { n: p.planned })}` : "";
    label.textContent = `${lessonsText} · ${timeText}${soon}`;
    if (holder.getAttribute("data-ck-progress") === "course") {
      label.prepend(el("strong", { text: `${t("Your progress:")} ` }));
    }
  }
}
