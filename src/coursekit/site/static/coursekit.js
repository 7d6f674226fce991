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
 *   import-messages.js what "Import progress" says, in the learner's words (pure)
 *   lesson-buttons.js, progress-bars.js, dashboard.js, ticks.js, nav-marks.js,
 *   flashcards.js, exchange-box.js, print.js, tables.js
 *                      the page's controls, one module each
 *
 * A page opened from disk (file://) cannot load modules or course.json: instead of
 * its controls, it says how to serve the site.
 */
(() => {
  "use strict";

  if (window.__coursekit) return; // listed twice, or re-run by a theme: keep one copy
  window.__coursekit = true;

  // This script is assets/coursekit/coursekit.js; the modules sit next to it.
  const script = document.currentScript || document.querySelector('script[src*="coursekit/coursekit.js"]');
  const here = script ? script.src : new URL("assets/coursekit/", new URL("../../", location.href)).href;
  const app = new URL("app.js", here).href;

  // The page's words (messages.js reads the same block; this script is no module).
  function t(message) {
    try {
      const block = document.getElementById("ck-messages");
      const words = block ? JSON.parse(block.getAttribute("data-messages")).messages : null;
      return (words && typeof words[message] === "string" && words[message]) || message;
    } catch (_) {
      return message;
    }
  }

  // Where the controls would be, a note that they need the site served over http.
  function fileNote() {
    const FILE_NOTE = t("Progress tracking is off because this page was opened from a file. To use it, serve the site's folder: run “python3 -m http.server” in it, then open http://localhost:8000.");
    for (const holder of document.querySelectorAll("[data-ck-lesson], [data-ck-exercises], [data-ck-dashboard], [data-ck-exchange], [data-ck-review]")) {
      if (holder.querySelector(".ck-file-note")) continue;
      // The Review page's note for a browser without JavaScript: here the script runs.
      for (const note of holder.querySelectorAll(".ck-nojs")) note.hidden = true;
      const note = document.createElement("p");
      note.className = "ck-warning ck-file-note";
      note.textContent = FILE_NOTE;
      holder.append(note);
    }
  }
  const fromFile = location.protocol === "file:";
  window.__coursekitFileNote = fromFile ? fileNote : () => {};

  import(app)
    .then((module) => module.start())
    .catch((error) => {
      if (fromFile) {
        // From disk every link is a full page load (no instant navigation): one note a page.
        if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fileNote, { once: true });
        else fileNote();
        return;
      }
      console.error(
        `coursekit: the progress controls could not be loaded from ${app} ` +
          `(${(error && error.message) || error}); lesson buttons, flashcard grades and progress bars are missing.`,
      );
    });
})();
