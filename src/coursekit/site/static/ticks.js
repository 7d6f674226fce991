/* coursekit: ticks wherever a lesson is listed (module lesson tables, the timeline,
 * the study plans), on modules once every lesson they have ready is done, and on a
 * module's exercises once marked done; and the home page's progress of each module.
 * The pages carry the placeholders, empty without the script:
 *
 *   [data-ck-tick="LESSON ID"]  [data-ck-tick-module="ID"]  [data-ck-tick-exercises="ID"]
 *   [data-ck-module-progress="ID"]   "1 of 3 done", with a small bar
 */
import { el } from "./dom.js";
import { exercisesDone, isDone, moduleDone } from "./learner-state.js";
import { formatNumber, t } from "./messages.js";
import { progressOf } from "./progress-bars.js";

const DONE = "(done)";

function setTick(holder, done) {
  holder.classList.toggle("ck-tick--done", done);
  if (done && !holder.firstChild) holder.append(el("span", { className: "ck-sr", text: DONE }));
  else if (!done) holder.replaceChildren();
}

export function renderTicks(site) {
  const modules = new Map(site.course.modules.map((m) => [m.id, m]));
  for (const holder of document.querySelectorAll("[data-ck-tick]")) {
    setTick(holder, isDone(site.state, holder.getAttribute("data-ck-tick")));
  }
  for (const holder of document.querySelectorAll("[data-ck-tick-module]")) {
    const module = modules.get(holder.getAttribute("data-ck-tick-module"));
    setTick(holder, Boolean(module) && moduleDone(site.state, module));
  }
  for (const holder of document.querySelectorAll("[data-ck-tick-exercises]")) {
    setTick(holder, exercisesDone(site.state, holder.getAttribute("data-ck-tick-exercises")));
  }
  for (const holder of document.querySelectorAll("[data-ck-module-progress]")) {
    const module = modules.get(holder.getAttribute("data-ck-module-progress"));
    if (!module) continue;
    const p = progressOf(site.state, module.lessons);
    if (!p.total) {
      holder.replaceChildren();
      continue;
    }
    let text = holder.querySelector(".ck-module-progress__text");
    if (!text) {
      text = el("span", { className: "ck-module-progress__text" });
      const bar = el("span", { className: "ck-module-progress__bar", "aria-hidden": "true" }, el("span"));
      holder.replaceChildren(text, bar);
    }
    text.textContent = t("%(done)s of %(total)s done", { done: formatNumber(p.done), total: formatNumber(p.total) });
    holder.querySelector(".ck-module-progress__bar > span").style.width = `${(100 * p.done) / p.total}%`;
  }
}
