/* coursekit: learner progress in the browser (plain JavaScript, no build step).
 *
 * Reads the site's own course.json (the course index: ids, titles, times), keeps the
 * learner's progress in localStorage under the course id, and fills the placeholders
 * that coursekit's pages carry:
 *
 *   [data-ck-lesson="ID"]                   "Mark as done" button of a lesson
 *   [data-ck-card="ID"] > details           a flashcard: "Got it" / "Not yet" once opened
 *   [data-ck-progress="course"]             progress bar of the whole course
 *   [data-ck-progress="module"][data-ck-module="ID"]   progress bar of one module
 *   [data-ck-exchange]                      export / import of the exchange file
 *
 * Progress is keyed by lesson and card ids, never by URL; page URLs are only derived
 * (module id / lesson id) to mark completed lessons in the navigation. With Material's
 * instant navigation, listeners are attached once, on document, and every page is
 * (re)initialised from document$. Text from imported files is only ever set with
 * textContent. The stored state and the exchange file live in exchange.js (no DOM).
 *
 * A plain script (not a module), so a site config may list it as a plain path.
 */
(() => {
  "use strict";

  if (window.__coursekit) return; // listed twice, or re-run by a theme: keep one copy
  window.__coursekit = true;

  // The site root is two folders above this script (assets/coursekit/coursekit.js).
  const script = document.currentScript || document.querySelector('script[src*="coursekit/coursekit.js"]');
  const ROOT = new URL("../../", script ? script.src : location.href);

  // exchange.js is an ES module, loaded with import() so that this file works as a
  // plain script tag in any theme or engine (and as a module too).
  let CARD_ID, GRADES, MAX_FILE_BYTES, buildExport, mergeInto, newUid, nowUTC, parseExchange;
  let replay, stateFromStorage, stateToStorage;
  const exchangeLoaded = import(new URL("exchange.js", script ? script.src : new URL("assets/coursekit/", ROOT)).href)
    .then((m) => {
      ({ CARD_ID, GRADES, MAX_FILE_BYTES, buildExport, mergeInto, newUid, nowUTC, parseExchange } = m);
      ({ replay, stateFromStorage, stateToStorage } = m);
      return true;
    })
    .catch(() => false);

  let course = null; // the course index, fetched once per full page load
  let coursePromise = null;
  let state = null; // see exchange.js
  let memoryOnly = false; // localStorage unavailable: progress lasts until the page closes
  let pageToken = 0;
  const openReviews = new WeakMap(); // an open card's <details> -> the review made since

  // ------------------------------------------------------------------------ helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function formatMinutes(minutes) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (!hours) return `${rest} min`;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }

  // The CLI's wording: "7–10 h", "30–60 min", "3 h 15 min – 4 h 15 min".
  function formatRange(low, high) {
    if (low === 0 && high === 0) return "0 h";
    if (low === high) return formatMinutes(low);
    if (low % 60 === 0 && high % 60 === 0 && low) return `${low / 60}–${high / 60} h`;
    if (high <= 60) return `${low}–${high} min`;
    return `${formatMinutes(low)} – ${formatMinutes(high)}`;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  // ------------------------------------------------------------------------ course index

  function loadCourse() {
    coursePromise ||= fetch(new URL("course.json", ROOT), { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => (course = indexCourse(data)))
      .catch(() => null);
    return coursePromise;
  }

  // Keep what the pages need, checked, so a stale or odd index cannot break a page.
  function indexCourse(data) {
    if (!data || typeof data.id !== "string" || !Array.isArray(data.modules)) return null;
    const modules = [];
    const lessons = new Map();
    for (const m of data.modules) {
      if (!m || typeof m.id !== "string" || !Array.isArray(m.lessons)) continue;
      const module = { id: m.id, title: String(m.title || m.id), lessons: [] };
      for (const x of m.lessons) {
        if (!x || typeof x.id !== "string") continue;
        const [low, high] = Array.isArray(x.study_time) ? x.study_time.map(Number) : [0, 0];
        const lesson = {
          id: x.id,
          module: m.id,
          low: Number.isFinite(low) ? low : 0,
          high: Number.isFinite(high) ? high : 0,
          status: String(x.status || "ready"),
        };
        module.lessons.push(lesson);
        lessons.set(lesson.id, lesson);
      }
      modules.push(module);
    }
    return { id: data.id, modules, lessons };
  }

  // ------------------------------------------------------------------------ stored progress

  function storageKey() {
    return `coursekit:${course.id}:progress`;
  }

  function readState() {
    try {
      return stateFromStorage(window.localStorage.getItem(storageKey()));
    } catch (_) {
      memoryOnly = true; // storage blocked (privacy settings): keep progress in memory
      return stateFromStorage(null);
    }
  }

  function saveState() {
    if (memoryOnly) return;
    try {
      window.localStorage.setItem(storageKey(), stateToStorage(state));
    } catch (_) {
      memoryOnly = true; // full or blocked: keep going in memory, and say so
      renderNotice();
    }
  }

  function isDone(lessonId) {
    const entry = state.lessons.get(lessonId);
    return Boolean(entry && entry.done);
  }

  function lastGrade(cardId) {
    for (let i = state.reviews.length - 1; i >= 0; i--) {
      if (state.reviews[i].card === cardId) return state.reviews[i].grade;
    }
    return null;
  }

  // ------------------------------------------------------------------------ rendering

  function renderLessonButtons() {
    for (const holder of document.querySelectorAll("[data-ck-lesson]")) {
      const id = holder.getAttribute("data-ck-lesson");
      const lesson = course.lessons.get(id);
      if (!lesson || lesson.status === "planned") continue; // nothing to finish yet
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
      const done = isDone(id);
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? "Done" : "Mark as done";
      button.title = done ? "Completed: press to mark as not done" : "Mark this lesson as done";
      holder.querySelector(".ck-done-note").textContent = done
        ? "Saved in this browser. Press again to undo."
        : "Finished? Your progress is saved in this browser.";
    }
  }

  function progressOf(lessons) {
    const p = { done: 0, total: lessons.length, doneLow: 0, doneHigh: 0, low: 0, high: 0 };
    for (const lesson of lessons) {
      p.low += lesson.low;
      p.high += lesson.high;
      if (isDone(lesson.id)) {
        p.done += 1;
        p.doneLow += lesson.low;
        p.doneHigh += lesson.high;
      }
    }
    return p;
  }

  function renderProgressBars() {
    for (const holder of document.querySelectorAll("[data-ck-progress]")) {
      let lessons = [...course.lessons.values()];
      let name = "Course progress";
      if (holder.getAttribute("data-ck-progress") === "module") {
        const module = course.modules.find((m) => m.id === holder.getAttribute("data-ck-module"));
        if (!module) continue;
        lessons = module.lessons;
        name = `${module.title} progress`;
      }
      let bar = holder.querySelector(".ck-bar");
      if (!bar) {
        const attrs = { className: "ck-bar", role: "progressbar", "aria-valuemin": "0", "aria-label": name };
        bar = el("div", attrs, el("div", { className: "ck-bar__fill" }));
        holder.classList.add("ck-progress");
        holder.append(el("div", { className: "ck-progress__label", "aria-hidden": "true" }), bar);
      }
      const p = progressOf(lessons);
      const lessonsText = `${p.done} of ${plural(p.total, "lesson")} done`;
      const timeText = `${formatRange(p.doneLow, p.doneHigh)} of ${formatRange(p.low, p.high)}`;
      bar.setAttribute("aria-valuemax", String(p.total));
      bar.setAttribute("aria-valuenow", String(p.done));
      bar.setAttribute("aria-valuetext", `${lessonsText}, ${timeText} of study`);
      bar.firstChild.style.width = `${p.total ? (100 * p.done) / p.total : 0}%`;
      const label = holder.querySelector(".ck-progress__label");
      label.textContent = `${lessonsText} · ${timeText}`;
      if (holder.getAttribute("data-ck-progress") === "course") {
        label.prepend(el("strong", { text: "Your progress: " }));
      }
    }
  }

  // "/site/basics/first-steps/", whether the site uses directory URLs or .html files.
  function pageKey(url) {
    let path = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
    if (!path.endsWith("/")) path += "/";
    return path;
  }

  // Completed lessons get a mark in the navigation, and a module once all its lessons are.
  function renderNavMarks() {
    const byPath = new Map();
    for (const module of course.modules) {
      const ids = module.lessons.map((lesson) => lesson.id);
      if (ids.length) byPath.set(pageKey(new URL(`${module.id}/`, ROOT)), ids);
      for (const id of ids) byPath.set(pageKey(new URL(`${module.id}/${id}/`, ROOT)), [id]);
    }
    for (const link of document.querySelectorAll('nav a[href]:not([href^="#"])')) {
      // Not the table of contents, nor the previous/next links (the footer's or ours).
      if (link.closest(".md-nav--secondary, .md-footer, .ck-pager")) continue;
      let url;
      try {
        url = new URL(link.getAttribute("href"), location.href);
      } catch (_) {
        continue;
      }
      const ids = url.origin === ROOT.origin ? byPath.get(pageKey(url)) : undefined;
      const done = ids !== undefined && ids.every(isDone);
      const mark = link.querySelector(":scope > .ck-nav-mark");
      link.classList.toggle("ck-nav-done", done);
      if (done && !mark) {
        // Right after the title, before any section chevron Material puts in the link.
        const added = el("span", { className: "ck-nav-mark" }, el("span", { className: "ck-sr", text: "(done)" }));
        const title = link.querySelector(":scope > .md-ellipsis");
        if (title) title.after(added);
        else link.append(added);
      } else if (!done && mark) {
        mark.remove();
      }
    }
  }

  function renderCards() {
    for (const holder of document.querySelectorAll("[data-ck-card]")) {
      const id = holder.getAttribute("data-ck-card");
      const details = holder.querySelector("details");
      if (!CARD_ID.test(id) || !details) continue;
      holder.classList.add("ck-card");
      const grade = lastGrade(id);
      if (grade) holder.setAttribute("data-ck-grade", grade);
      else holder.removeAttribute("data-ck-grade");
      const summary = details.querySelector(":scope > summary");
      let badge = summary && summary.querySelector(".ck-card-badge");
      if (summary && grade && !badge) badge = summary.appendChild(el("span", { className: "ck-card-badge" }));
      if (badge && !grade) badge.remove();
      else if (badge) badge.textContent = GRADES[grade].label;
      if (details.open) renderGradeButtons(details);
    }
  }

  function renderGradeButtons(details) {
    let group = details.querySelector(":scope > .ck-grade");
    if (!group) {
      const buttons = Object.entries(GRADES).map(([grade, { label }]) =>
        el("button", {
          type: "button",
          className: `md-button ck-grade__button ck-grade__button--${grade}`,
          "data-ck-action": "grade",
          "data-ck-grade": grade,
          "aria-pressed": "false",
          text: label,
        }),
      );
      group = el(
        "div",
        { className: "ck-grade", role: "group", "aria-label": "How well did you know the answer?" },
        el("span", { className: "ck-grade__prompt", text: "How did you do?" }),
        ...buttons,
        el("span", { className: "ck-grade__status", role: "status" }),
      );
      details.append(group);
    }
    const review = openReviews.get(details);
    for (const button of group.querySelectorAll("button")) {
      const pressed = Boolean(review) && review.grade === button.getAttribute("data-ck-grade");
      button.setAttribute("aria-pressed", String(pressed));
    }
    group.querySelector(".ck-grade__status").textContent = review ? `Saved: ${GRADES[review.grade].label}.` : "";
  }

  let exchangeCount = 0;

  function renderExchange() {
    for (const holder of document.querySelectorAll("[data-ck-exchange]")) {
      const existing = holder.querySelector(".ck-learner");
      if (existing) {
        if (document.activeElement !== existing) existing.value = state.learner;
        continue;
      }
      const nameId = `ck-learner-${++exchangeCount}`;
      const input = el("input", {
        id: nameId,
        type: "text",
        className: "ck-learner",
        autocomplete: "name",
        maxlength: "100",
        placeholder: "optional",
      });
      input.value = state.learner;
      const button = (action, text, extra) =>
        el("button", { type: "button", className: `md-button${extra}`, "data-ck-action": action, text });
      holder.classList.add("ck-exchange");
      holder.append(
        el(
          "p",
          { className: "ck-exchange__intro" },
          "Your progress is saved in this browser only. Export it to keep a copy, to move it " +
            "to another browser, or to continue in the terminal with ",
          el("code", { text: "coursekit progress import FILE" }),
          ".",
        ),
        el(
          "div",
          { className: "ck-exchange__name" },
          el("label", { for: nameId, text: "Your name in the file" }),
          input,
        ),
        el(
          "div",
          { className: "ck-exchange__actions" },
          button("export", "Export progress", " md-button--primary"),
          button("import", "Import progress", ""),
          el("input", {
            type: "file",
            accept: ".json,application/json",
            hidden: "",
            "data-ck-import-file": "",
            "aria-label": "Progress file to import",
          }),
        ),
        el("p", { className: "ck-exchange__message", "aria-live": "polite" }),
      );
    }
  }

  function renderNotice() {
    if (!memoryOnly) return;
    for (const message of document.querySelectorAll(".ck-exchange__message")) {
      if (!message.textContent) {
        message.textContent = "This browser does not allow saving: progress is kept until the page is closed.";
      }
    }
  }

  function renderAll() {
    renderLessonButtons();
    renderProgressBars();
    renderNavMarks();
    renderCards();
    renderExchange();
    renderNotice();
  }

  function showMessage(holder, text, isError) {
    const message = holder && holder.querySelector(".ck-exchange__message");
    if (!message) return;
    message.classList.toggle("ck-error", Boolean(isError));
    message.textContent = text;
  }

  // ------------------------------------------------------------------------ actions

  function toggleLesson(id) {
    if (!course.lessons.has(id)) return;
    const entry = state.lessons.get(id);
    const at = nowUTC();
    if (entry && entry.done) {
      // Undo: keep the completion it undoes, so an export undoes it in the CLI too.
      state.lessons.set(id, { ...entry, done: false, at, undoUid: entry.uid ? newUid() : undefined });
    } else {
      state.lessons.set(id, { done: true, at, uid: newUid(), completedAt: at, undoUid: undefined });
    }
    saveState();
    renderAll();
  }

  function gradeCard(button) {
    const details = button.closest("details");
    const holder = button.closest("[data-ck-card]");
    const card = holder && holder.getAttribute("data-ck-card");
    const grade = button.getAttribute("data-ck-grade");
    if (!details || !CARD_ID.test(card) || !Object.hasOwn(GRADES, grade)) return;
    // One review per opening of a card: pressing again corrects it, it does not add one.
    let review = openReviews.get(details);
    if (!review || !state.reviews.includes(review)) {
      review = { uid: newUid(), card, grade, rating: GRADES[grade].rating, at: nowUTC() };
      state.reviews.push(review);
      openReviews.set(details, review);
    } else {
      review.grade = grade;
      review.rating = GRADES[grade].rating;
    }
    saveState();
    renderCards();
  }

  function exportFile(holder) {
    const data = buildExport(state, course.id);
    const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    const href = URL.createObjectURL(blob);
    const link = el("a", { href, download: `coursekit-progress-${course.id}-${nowUTC().slice(0, 10)}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10000);
    showMessage(holder, `Exported ${plural(data.events.length, "event")}.`, false);
  }

  async function importFile(input) {
    const holder = input.closest("[data-ck-exchange]");
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      const mb = MAX_FILE_BYTES / 1024 / 1024;
      showMessage(holder, `Not imported, nothing was changed: the file is larger than ${mb} MB.`, true);
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (_) {
      showMessage(holder, "Not imported, nothing was changed: the file could not be read.", true);
      return;
    }
    const parsed = parseExchange(text, course.id);
    if (parsed.problems.length) {
      const more = parsed.problems.length > 5 ? ` (and ${parsed.problems.length - 5} more)` : "";
      showMessage(holder, `Not imported, nothing was changed: ${parsed.problems.slice(0, 5).join("; ")}${more}.`, true);
      return;
    }
    const counts = mergeInto(state, replay(parsed.events), course.lessons);
    if (!state.learner && parsed.learner) state.learner = parsed.learner.slice(0, 100);
    saveState();
    renderAll();
    const parts = [`${plural(counts.lessons, "lesson")} updated`, `${plural(counts.reviews, "flashcard review")} added`];
    if (counts.unknown) parts.push(`${plural(counts.unknown, "lesson")} this course no longer has skipped`);
    showMessage(holder, `Imported: ${parts.join(", ")}.`, false);
  }

  // ------------------------------------------------------------------------ wiring

  // Attached once for the life of the document: instant navigation swaps the page
  // under these listeners, so nothing is ever attached twice.
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-ck-action]");
    if (!button || !course || !state) return;
    const action = button.getAttribute("data-ck-action");
    const holder = button.closest("[data-ck-exchange]");
    if (action === "toggle-lesson") toggleLesson(button.getAttribute("data-ck-target"));
    else if (action === "grade") gradeCard(button);
    else if (action === "export") exportFile(holder);
    else if (action === "import") holder.querySelector("[data-ck-import-file]").click();
  });

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !course || !state) return;
    if (target.matches("[data-ck-import-file]")) {
      importFile(target);
    } else if (target.matches(".ck-learner")) {
      state.learner = target.value.trim().slice(0, 100);
      saveState();
    }
  });

  // <details> "toggle" does not bubble: listen in the capture phase.
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.open || !course || !state) return;
      const holder = details.closest("[data-ck-card]");
      if (!holder || holder.querySelector("details") !== details) return;
      openReviews.delete(details); // a new opening is a new review
      renderGradeButtons(details);
    },
    true,
  );

  // Another tab changed the progress: show it here too.
  window.addEventListener("storage", (event) => {
    if (course && state && event.key === storageKey()) {
      state = readState();
      renderAll();
    }
  });

  async function initPage() {
    const token = ++pageToken;
    const [, loaded] = await Promise.all([loadCourse(), exchangeLoaded]);
    if (token !== pageToken || !course || !loaded) return; // a newer page took over, or no index
    state ||= readState();
    renderAll();
    // Tells styles (and tests) that this page's controls are in place.
    document.documentElement.classList.add("ck-ready");
    document.documentElement.setAttribute("data-ck-page", location.pathname);
  }

  // Material's document$ emits on every page, the first one included. Other themes:
  // once the document is parsed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => initPage());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => initPage(), { once: true });
  } else {
    initPage();
  }
})();
