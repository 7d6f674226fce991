/* coursekit: the site script's wiring. On every page it fills the placeholders that
 * coursekit's pages carry, from the course index (course.json, fetched once per full
 * page load) and the learner's stored progress:
 *
 *   [data-ck-lesson="ID"], [data-ck-exercises="ID"]   "Mark as done"          lesson-buttons.js
 *   [data-ck-progress="course" | "module"]            progress bars           progress-bars.js
 *   [data-ck-dashboard]                               "Continue", last study  dashboard.js
 *   [data-ck-tick...], [data-ck-module-progress]      ticks in lists          ticks.js
 *   nav links of lessons and modules                  ticks, "coming soon"    nav-marks.js
 *   [data-ck-card="ID"] > details                     "Got it" / "Not yet"    flashcards.js
 *   [data-ck-exchange]                                export / import / reset exchange-box.js
 *   printing                                          an answer key           print.js
 *   a lesson's own wide tables                        reachable by keyboard   tables.js
 *   [data-ck-review]                                  the review session      review-page.js
 *   [data-ck-review-due], the nav's Review            cards due               review-badges.js
 *
 * With Material's instant navigation, pages come from document$ (the first one
 * included); listeners are attached once, on document, so nothing is attached twice.
 */
import { fetchCourse } from "./course-index.js";
import { renderDashboard } from "./dashboard.js";
import { exportProgress, importProgress, nameChanged, renderExchangeBoxes, resetAction } from "./exchange-box.js";
import { cardOpened, pressGradeButton, renderCards } from "./flashcards.js";
import { pressLessonButton, renderLessonButtons } from "./lesson-buttons.js";
import { renderNavMarks } from "./nav-marks.js";
import { listenForPrint, resetPrint } from "./print.js";
import { loadMessages } from "./messages.js";
import { renderProgressBars } from "./progress-bars.js";
import { renderReviewBadges } from "./review-badges.js";
import {
  everythingChanged,
  rateCard,
  renderReviewPage,
  revealAnswer,
  reviewKey,
  reviewListOpened,
  showReviewOverview,
  startReview,
  stopReview,
} from "./review-page.js";
import { ProgressStorage } from "./storage.js";
import { listenForResize, renderTables } from "./tables.js";
import { renderTicks } from "./ticks.js";

// What every control works with; course, storage and state are set on the first page.
const site = {
  root: new URL("../../", import.meta.url), // this file is assets/coursekit/app.js
  course: null,
  storage: null,
  state: null,
  save() {
    // Refused (blocked or full): every control says so as it renders.
    return this.storage.save(this.state);
  },
  renderAll() {
    renderLessonButtons(this);
    renderProgressBars(this);
    renderDashboard(this);
    renderTicks(this);
    renderNavMarks(this);
    renderCards(this);
    renderExchangeBoxes(this);
    renderTables();
    renderReviewBadges(this);
    renderReviewPage(this);
  },
};

let coursePromise = null;
let pageToken = 0;

async function initPage() {
  const token = ++pageToken;
  loadMessages(document); // this page's words (instant navigation brings new ones)
  coursePromise ||= fetchCourse(site.root);
  const course = await coursePromise;
  if (token !== pageToken) return; // a newer page took over
  resetPrint();
  if (!course) {
    if (window.__coursekitFileNote) window.__coursekitFileNote();
    console.warn(`coursekit: no course index at ${new URL("course.json", site.root)}; the progress controls are off.`);
    return;
  }
  if (globalThis.performance && performance.mark) performance.mark("coursekit:page-start");
  if (!site.course) {
    site.course = course;
    site.storage = new ProgressStorage(course.id);
    site.state = site.storage.load();
  }
  site.renderAll();
  // Tells styles (and tests) that this page's controls are in place.
  document.documentElement.classList.add("ck-ready");
  document.documentElement.setAttribute("data-ck-page", location.pathname);
}

function listen() {
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-ck-action]");
    if (!button || !site.state) return;
    const action = button.getAttribute("data-ck-action");
    const holder = button.closest("[data-ck-exchange]");
    if (action === "toggle-lesson" || action === "toggle-exercises") pressLessonButton(site, button);
    else if (action === "grade") pressGradeButton(site, button);
    else if (action === "export") exportProgress(site, holder);
    else if (action === "import") holder.querySelector("[data-ck-import-file]").click();
    else if (action.startsWith("reset")) resetAction(site, holder, action);
    else if (action === "review-start") startReview(site);
    else if (action === "review-reveal") revealAnswer();
    else if (action === "review-rate") rateCard(site, Number(button.getAttribute("data-ck-rating")));
    else if (action === "review-stop") stopReview(site);
    else if (action === "review-overview") showReviewOverview(site);
  });

  document.addEventListener("keydown", (event) => {
    if (site.state) reviewKey(site, event);
  });

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !site.state) return;
    if (target.matches("[data-ck-import-file]")) importProgress(site, target);
    else if (target.matches(".ck-learner")) nameChanged(site, target);
    else if (target.matches("[data-ck-review-everything]")) everythingChanged(site, target);
  });

  // <details> "toggle" does not bubble: listen in the capture phase.
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.open || !site.state) return;
      if (details.matches("[data-ck-review-list]")) reviewListOpened(site, details);
      else cardOpened(site, details);
    },
    true,
  );

  // Another tab changed the progress: show it here too.
  window.addEventListener("storage", (event) => {
    if (site.state && event.key === site.storage.key) {
      site.state = site.storage.load();
      site.renderAll();
    }
  });
}

/** Attach the listeners and fill this page and every page instant navigation brings. */
export function start() {
  listen();
  listenForPrint();
  listenForResize();
  // Material's document$ replays the current page to a late subscriber. Other themes:
  // once the document is parsed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => initPage());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => initPage(), { once: true });
  } else {
    initPage();
  }
}
