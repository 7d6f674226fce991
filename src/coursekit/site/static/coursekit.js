/* coursekit: learner progress on a course site (plain JavaScript, no build step).
 *
 * The entry point, a plain script (not a module), so that a site config may list it
 * as a plain extra_javascript path in any theme or engine. It loads the ES modules
 * next to it with import(), app.js first, which wires up every page. Should that
 * fail, it says so once on the console instead of leaving the page without its
 * controls and no word why.
 *
 * The modules (all in this folder, none from elsewhere; the pure ones have no DOM):
 *   app.js             wiring: pages from Material's document$, listeners once on document
 *   course-index.js    course.json, checked into the shape the pages need
 *   storage.js         localStorage, and what to do when it is blocked or full
 *   learner-state.js   the progress the browser keeps: questions, changes, stored form (pure)
 *   exchange.js        the progress exchange file, read and written (pure)
 *   replay.js          the CLI's replay rules, and merging a file into the progress (pure)
 *   event-fields.js    ids, grades, UTC times and uids of events (pure)
 *   format.js          study times and counts in words (pure)
 *   dom.js             building elements, text only as textContent
 *   lesson-buttons.js, progress-bars.js, nav-marks.js, flashcards.js, exchange-box.js
 *                      the page's controls, one module each
 */
(() => {
  "use strict";

  if (window.__coursekit) return; // listed twice, or re-run by a theme: keep one copy
  window.__coursekit = true;

  // This script is assets/coursekit/coursekit.js; the modules sit next to it.
  const script = document.currentScript || document.querySelector('script[src*="coursekit/coursekit.js"]');
  const here = script ? script.src : new URL("assets/coursekit/", new URL("../../", location.href)).href;
  const app = new URL("app.js", here).href;

  import(app)
    .then((module) => module.start())
    .catch((error) => {
      console.error(
        `coursekit: the progress controls could not be loaded from ${app} ` +
          `(${(error && error.message) || error}); lesson buttons, flashcard grades and progress bars are missing.`,
      );
    });
})();
