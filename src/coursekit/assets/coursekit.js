/* coursekit: learner progress in the browser.
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
 * Progress is keyed by lesson and card ids, never by URL. Page URLs are only derived
 * (module id / lesson id) to put a mark on completed lessons in the navigation.
 * Works with Material's instant navigation: listeners are attached once, on document,
 * and every page is (re)initialised from document$. Strings from imported files are
 * only ever set with textContent.
 */
(() => {
  "use strict";

  if (window.__coursekit) return; // loaded twice (a theme that re-runs scripts): keep one
  window.__coursekit = true;

  const FORMAT = "coursekit-progress";
  const FORMAT_VERSION = 1;
  const LESSON_ID = /^[a-z][a-z0-9-]{0,63}$/;
  const CARD_ID = /^[a-z][a-z0-9-]{0,127}$/;
  const EVENT_TYPE = /^[a-z][a-z0-9_]{0,63}$/;
  // UTC only: a trailing Z or +00:00, optional fraction of a second.
  const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|\+00:00)$/;
  const MAX_FILE_BYTES = 5 * 1024 * 1024;
  const MAX_EVENTS = 50000;
  const MAX_REVIEWS = 20000; // kept in the browser; the oldest go first
  const MAX_TEXT = 500;
  const MAX_DEPTH = 4;
  const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);
  const GRADES = { got_it: { rating: 3, label: "Got it" }, not_yet: { rating: 1, label: "Not yet" } };
  const UNDO_TYPES = new Set(["lesson_uncompleted", "lesson_undone"]);

  // The site root is two folders above this script (assets/coursekit/coursekit.js).
  const script = document.currentScript || document.querySelector('script[src*="coursekit.js"]');
  const ROOT = new URL("../../", script ? script.src : location.href);

  let course = null; // the course index, fetched once per full page load
  let coursePromise = null;
  let state = null; // {lessons: Map(id -> {done, at}), reviews: [...], learner}
  let memoryOnly = false; // localStorage unavailable: progress lasts for this page only
  let pageToken = 0;
  const openReviews = new WeakMap(); // details element -> the review made since it opened

  // ------------------------------------------------------------------ small helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function nowUTC() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  function formatMinutes(minutes) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (!hours) return `${rest} min`;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }

  // The same wording as the CLI: "7–10 h", "30–60 min", "3 h 15 min – 4 h 15 min".
  function formatRange(low, high) {
    if (low === 0 && high === 0) return "0 h";
    if (low === high) return formatMinutes(low);
    if (low % 60 === 0 && high % 60 === 0 && low) return `${low / 60}–${high / 60} h`;
    if (high <= 60) return `${low}–${high} min`;
    return `${formatMinutes(low)} – ${formatMinutes(high)}`;
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function validTime(value) {
    if (typeof value !== "string") return false;
    const m = UTC_TIME.exec(value);
    if (!m) return false;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    return (
      y >= 1970 && y <= 9999 && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d &&
      h < 24 && mi < 60 && s < 60
    );
  }

  function timeValue(iso) {
    return Date.parse(iso.replace("+00:00", "Z"));
  }

  // ------------------------------------------------------------------ course index

  function loadCourse() {
    if (!coursePromise) {
      coursePromise = fetch(new URL("course.json", ROOT), { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => (course = indexCourse(data)))
        .catch(() => null);
    }
    return coursePromise;
  }

  // Keep only what the page needs, checked, so a stale or odd index cannot break pages.
  function indexCourse(data) {
    if (!isPlainObject(data) || typeof data.id !== "string" || !Array.isArray(data.modules)) {
      return null;
    }
    const modules = [];
    const lessons = new Map();
    const cards = new Set();
    for (const m of data.modules) {
      if (!isPlainObject(m) || typeof m.id !== "string" || !Array.isArray(m.lessons)) continue;
      const module = { id: m.id, title: String(m.title || m.id), lessons: [] };
      for (const x of m.lessons) {
        if (!isPlainObject(x) || typeof x.id !== "string") continue;
        const time = Array.isArray(x.study_time) ? x.study_time.map(Number) : [0, 0];
        const lesson = {
          id: x.id,
          module: m.id,
          title: String(x.title || x.id),
          low: Number.isFinite(time[0]) ? time[0] : 0,
          high: Number.isFinite(time[1]) ? time[1] : 0,
          status: String(x.status || "ready"),
        };
        module.lessons.push(lesson);
        lessons.set(lesson.id, lesson);
      }
      for (const c of Array.isArray(m.flashcards) ? m.flashcards : []) {
        if (isPlainObject(c) && typeof c.id === "string") cards.add(c.id);
      }
      modules.push(module);
    }
    return { id: data.id, title: String(data.title || data.id), modules, lessons, cards };
  }

  // ------------------------------------------------------------------ stored progress

  function storageKey() {
    return `coursekit:${course.id}:progress`;
  }

  function emptyState() {
    return { learner: "", lessons: new Map(), reviews: [] };
  }

  // What is stored is re-checked like an import: another script or an old version may
  // have written something else under the key.
  function readState() {
    const fresh = emptyState();
    let raw = null;
    try {
      raw = window.localStorage.getItem(storageKey());
    } catch (_) {
      memoryOnly = true;
      return fresh;
    }
    if (!raw) return fresh;
    let data;
    try {
      data = JSON.parse(raw);
    } catch (_) {
      return fresh;
    }
    if (!isPlainObject(data) || data.version !== 1) return fresh;
    if (typeof data.learner === "string") fresh.learner = data.learner.slice(0, MAX_TEXT);
    if (isPlainObject(data.lessons)) {
      for (const [id, entry] of Object.entries(data.lessons)) {
        if (LESSON_ID.test(id) && isPlainObject(entry) && validTime(entry.at)) {
          fresh.lessons.set(id, { done: entry.done === true, at: entry.at });
        }
      }
    }
    if (Array.isArray(data.reviews)) {
      for (const r of data.reviews) {
        if (isPlainObject(r) && CARD_ID.test(r.card) && r.grade in GRADES && validTime(r.at)) {
          fresh.reviews.push({ card: r.card, grade: r.grade, rating: GRADES[r.grade].rating, at: r.at });
        }
      }
    }
    return fresh;
  }

  function saveState() {
    if (memoryOnly) return;
    const lessons = {};
    for (const [id, entry] of state.lessons) lessons[id] = { done: entry.done, at: entry.at };
    if (state.reviews.length > MAX_REVIEWS) state.reviews.splice(0, state.reviews.length - MAX_REVIEWS);
    const data = { version: 1, learner: state.learner, lessons, reviews: state.reviews };
    try {
      window.localStorage.setItem(storageKey(), JSON.stringify(data));
    } catch (_) {
      memoryOnly = true; // full or blocked: keep going for this page
      refreshNotice();
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

  // ------------------------------------------------------------------ rendering

  function renderLessonButtons() {
    for (const holder of document.querySelectorAll("[data-ck-lesson]")) {
      const id = holder.getAttribute("data-ck-lesson");
      const lesson = course.lessons.get(id);
      if (!lesson || lesson.status === "planned") continue;
      let button = holder.querySelector("button.ck-done");
      if (!button) {
        button = el("button", {
          type: "button",
          className: "md-button ck-done",
          "data-ck-action": "toggle-lesson",
          "data-ck-target": id,
        });
        const note = el("span", { className: "ck-done-note", "aria-live": "polite" });
        holder.classList.add("ck-lesson-actions");
        holder.append(button, note);
      }
      const done = isDone(id);
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? "Done" : "Mark as done";
      button.title = done ? "Completed: press to mark as not done" : "Mark this lesson as done";
      const note = holder.querySelector(".ck-done-note");
      if (note) note.textContent = done ? "Saved in this browser. Press again to undo." : "";
    }
  }

  function progressOf(lessons) {
    const result = { done: 0, total: lessons.length, doneLow: 0, doneHigh: 0, low: 0, high: 0 };
    for (const lesson of lessons) {
      result.low += lesson.low;
      result.high += lesson.high;
      if (isDone(lesson.id)) {
        result.done += 1;
        result.doneLow += lesson.low;
        result.doneHigh += lesson.high;
      }
    }
    return result;
  }

  function renderProgressBars() {
    for (const holder of document.querySelectorAll("[data-ck-progress]")) {
      const scope = holder.getAttribute("data-ck-progress");
      let lessons;
      let name;
      if (scope === "module") {
        const module = course.modules.find((m) => m.id === holder.getAttribute("data-ck-module"));
        if (!module) continue;
        lessons = module.lessons;
        name = `${module.title} progress`;
      } else {
        lessons = [...course.lessons.values()];
        name = "Course progress";
      }
      const p = progressOf(lessons);
      let bar = holder.querySelector(".ck-bar");
      if (!bar) {
        bar = el("div", {
          className: "ck-bar",
          role: "progressbar",
          "aria-valuemin": "0",
          "aria-label": name,
        }, el("div", { className: "ck-bar__fill" }));
        holder.classList.add("ck-progress");
        holder.append(el("div", { className: "ck-progress__label", "aria-hidden": "true" }), bar);
      }
      const lessonsText = `${p.done} of ${p.total} lesson${p.total === 1 ? "" : "s"} done`;
      const timeText = `${formatRange(p.doneLow, p.doneHigh)} of ${formatRange(p.low, p.high)}`;
      bar.setAttribute("aria-valuemax", String(p.total));
      bar.setAttribute("aria-valuenow", String(p.done));
      bar.setAttribute("aria-valuetext", `${lessonsText}, ${timeText} of study`);
      const share = p.total ? (100 * p.done) / p.total : 0;
      bar.firstChild.style.width = `${share}%`;
      holder.querySelector(".ck-progress__label").textContent = `${lessonsText} · ${timeText}`;
    }
  }

  // Completed lessons get a mark in the navigation. Links are matched by the URL the
  // lesson's page has (<module>/<lesson>/), derived from ids, with or without
  // directory URLs.
  function pageKey(url) {
    let path = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
    if (!path.endsWith("/")) path += "/";
    return path;
  }

  // A module's page gets the mark once every one of its lessons is done.
  function renderNavMarks() {
    const byPath = new Map();
    for (const module of course.modules) {
      const ids = module.lessons.map((lesson) => lesson.id);
      if (ids.length) byPath.set(pageKey(new URL(`${module.id}/`, ROOT)), ids);
      for (const id of ids) byPath.set(pageKey(new URL(`${module.id}/${id}/`, ROOT)), [id]);
    }
    for (const link of document.querySelectorAll('nav a[href]:not([href^="#"])')) {
      // Not the table of contents or the footer's previous/next links.
      if (link.closest(".md-nav--secondary, .md-footer")) continue;
      let url;
      try {
        url = new URL(link.getAttribute("href"), location.href);
      } catch (_) {
        continue;
      }
      if (url.origin !== ROOT.origin) continue;
      const ids = byPath.get(pageKey(url));
      const mark = link.querySelector(":scope > .ck-nav-mark");
      const done = ids !== undefined && ids.every(isDone);
      link.classList.toggle("ck-nav-done", done);
      if (done && !mark) {
        link.append(el("span", { className: "ck-nav-mark" }, el("span", { className: "ck-sr", text: "(done)" })));
      } else if (!done && mark) {
        mark.remove();
      }
    }
  }

  function renderCards() {
    for (const holder of document.querySelectorAll("[data-ck-card]")) {
      const id = holder.getAttribute("data-ck-card");
      if (!CARD_ID.test(id)) continue;
      holder.classList.add("ck-card");
      const grade = lastGrade(id);
      if (grade) holder.setAttribute("data-ck-grade", grade);
      else holder.removeAttribute("data-ck-grade");
      const details = holder.querySelector("details");
      const summary = details && details.querySelector("summary");
      if (summary) {
        let badge = summary.querySelector(".ck-card-badge");
        if (grade && !badge) {
          badge = el("span", { className: "ck-card-badge" });
          summary.append(badge);
        }
        if (badge && !grade) badge.remove();
        if (badge && grade) badge.textContent = GRADES[grade].label;
      }
      if (details && details.open) renderGradeButtons(details, id);
    }
  }

  function renderGradeButtons(details, cardId) {
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
    group.querySelector(".ck-grade__status").textContent = review
      ? `Saved: ${GRADES[review.grade].label}.`
      : "";
    group.setAttribute("data-ck-card-id", cardId);
  }

  function renderExchange() {
    for (const holder of document.querySelectorAll("[data-ck-exchange]")) {
      if (holder.querySelector(".ck-exchange__actions")) {
        const input = holder.querySelector(".ck-learner");
        if (input && document.activeElement !== input) input.value = state.learner;
        continue;
      }
      holder.classList.add("ck-exchange");
      const nameId = `ck-learner-${Math.random().toString(36).slice(2, 8)}`;
      const input = el("input", {
        id: nameId,
        type: "text",
        className: "ck-learner",
        autocomplete: "name",
        maxlength: "100",
        placeholder: "optional",
      });
      input.value = state.learner;
      holder.append(
        el(
          "p",
          { className: "ck-exchange__intro" },
          "Your progress is saved in this browser only. Export it to keep a copy, to move " +
            "it to another browser, or to continue in the terminal with ",
          el("code", { text: "coursekit progress import FILE" }),
          ".",
        ),
        el("div", { className: "ck-exchange__name" }, el("label", { for: nameId, text: "Your name in the file" }), input),
        el(
          "div",
          { className: "ck-exchange__actions" },
          el("button", { type: "button", className: "md-button md-button--primary", "data-ck-action": "export", text: "Export progress" }),
          el("button", { type: "button", className: "md-button", "data-ck-action": "import", text: "Import progress" }),
          el("input", { type: "file", accept: ".json,application/json", hidden: "", "data-ck-import-file": "", "aria-label": "Progress file to import" }),
        ),
        el("p", { className: "ck-exchange__message", "aria-live": "polite" }),
      );
    }
  }

  function refreshNotice() {
    if (!memoryOnly) return;
    for (const holder of document.querySelectorAll("[data-ck-exchange]")) {
      const message = holder.querySelector(".ck-exchange__message");
      if (message && !message.textContent) {
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
    refreshNotice();
  }

  // ------------------------------------------------------------------ actions

  function toggleLesson(id) {
    if (!course.lessons.has(id)) return;
    state.lessons.set(id, { done: !isDone(id), at: nowUTC() });
    saveState();
    renderAll();
  }

  function grade(button) {
    const details = button.closest("details");
    const holder = button.closest("[data-ck-card]");
    if (!details || !holder) return;
    const card = holder.getAttribute("data-ck-card");
    const value = button.getAttribute("data-ck-grade");
    if (!CARD_ID.test(card) || !(value in GRADES)) return;
    // One review per opening of the card: pressing again corrects it, it does not add one.
    let review = openReviews.get(details);
    if (!review || !state.reviews.includes(review)) {
      review = { card, grade: value, rating: GRADES[value].rating, at: nowUTC() };
      state.reviews.push(review);
      openReviews.set(details, review);
    } else {
      review.grade = value;
      review.rating = GRADES[value].rating;
    }
    saveState();
    renderCards();
  }

  function exportFile() {
    const events = [];
    for (const [lesson, entry] of state.lessons) {
      if (entry.done) events.push({ type: "lesson_completed", at: entry.at, lesson });
    }
    for (const r of state.reviews) {
      events.push({ type: "flashcard_review", at: r.at, card: r.card, rating: r.rating, grade: r.grade });
    }
    events.sort((a, b) => timeValue(a.at) - timeValue(b.at));
    const data = {
      format: FORMAT,
      version: FORMAT_VERSION,
      course: course.id,
      learner: state.learner.trim() || "learner",
      events,
    };
    const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    const link = el("a", {
      href: URL.createObjectURL(blob),
      download: `coursekit-progress-${course.id}-${nowUTC().slice(0, 10)}.json`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    return events.length;
  }

  // ------------------------------------------------------------------ import

  // Every value in the file: bounded text, safe numbers, no odd keys, shallow nesting.
  function checkShape(value, path, problems, depth) {
    if (problems.length > 20) return;
    if (typeof value === "string") {
      if (value.length > MAX_TEXT) problems.push(`${path}: text longer than ${MAX_TEXT} characters`);
    } else if (typeof value === "number") {
      if (!Number.isFinite(value) || Math.abs(value) > 1e9) problems.push(`${path}: number out of range`);
    } else if (Array.isArray(value) || isPlainObject(value)) {
      if (depth > MAX_DEPTH) {
        problems.push(`${path}: nested too deeply`);
        return;
      }
      if (Array.isArray(value)) {
        if (path !== "events" && value.length > 1000) problems.push(`${path}: list too long`);
        value.forEach((item, i) => checkShape(item, `${path}[${i}]`, problems, depth + 1));
      } else {
        for (const key of Object.keys(value)) {
          if (FORBIDDEN_KEYS.has(key) || key.length > 64) {
            problems.push(`${path}: key not allowed`);
            continue;
          }
          checkShape(value[key], path ? `${path}.${key}` : key, problems, depth + 1);
        }
      }
    } else if (typeof value !== "boolean" && value !== null) {
      problems.push(`${path}: unexpected value`);
    }
  }

  function checkEvent(event, path, problems) {
    if (!isPlainObject(event)) {
      problems.push(`${path}: an event must be an object`);
      return null;
    }
    if (typeof event.type !== "string" || !EVENT_TYPE.test(event.type)) {
      problems.push(`${path}.type: not an event type`);
      return null;
    }
    if (!validTime(event.at)) {
      problems.push(`${path}.at: not a UTC time like 2025-01-31T18:00:00Z`);
      return null;
    }
    const type = event.type;
    if (type === "lesson_completed" || UNDO_TYPES.has(type)) {
      if (typeof event.lesson !== "string" || !LESSON_ID.test(event.lesson)) {
        problems.push(`${path}.lesson: not a lesson id`);
        return null;
      }
      return { kind: type === "lesson_completed" ? "done" : "undone", lesson: event.lesson, at: event.at };
    }
    if (type === "undo") {
      // Undo of an earlier event; the site only understands undoing a completion.
      if (event.lesson !== undefined && (typeof event.lesson !== "string" || !LESSON_ID.test(event.lesson))) {
        problems.push(`${path}.lesson: not a lesson id`);
        return null;
      }
      return event.lesson ? { kind: "undone", lesson: event.lesson, at: event.at } : { kind: "other" };
    }
    if (type === "flashcard_review") {
      if (typeof event.card !== "string" || !CARD_ID.test(event.card)) {
        problems.push(`${path}.card: not a flashcard id`);
        return null;
      }
      if (!Number.isInteger(event.rating) || event.rating < 1 || event.rating > 4) {
        problems.push(`${path}.rating: must be a whole number from 1 to 4`);
        return null;
      }
      if (event.grade !== undefined && !(typeof event.grade === "string" && event.grade in GRADES)) {
        problems.push(`${path}.grade: must be got_it or not_yet`);
        return null;
      }
      const grade = event.grade || (event.rating >= 3 ? "got_it" : "not_yet");
      return { kind: "review", card: event.card, grade, at: event.at };
    }
    return { kind: "other" };
  }

  // Validate the whole file first; nothing is applied unless all of it is sound.
  function parseExchange(text) {
    const problems = [];
    let data;
    try {
      data = JSON.parse(text);
    } catch (_) {
      return { problems: ["the file is not JSON"] };
    }
    if (!isPlainObject(data)) return { problems: ["the file is not a progress file (expected an object)"] };
    if (Array.isArray(data.events) && data.events.length > MAX_EVENTS) {
      return { problems: [`events: more than ${MAX_EVENTS} events`] };
    }
    checkShape(data, "", problems, 0);
    if (problems.length) return { problems };
    if (data.format !== FORMAT) problems.push(`format: expected "${FORMAT}"`);
    if (data.version !== FORMAT_VERSION) problems.push(`version: expected ${FORMAT_VERSION}`);
    if (data.course !== course.id) problems.push(`course: this file is for another course (expected "${course.id}")`);
    if (data.learner !== undefined && typeof data.learner !== "string") problems.push("learner: must be text");
    // eslint-disable-next-line no-control-regex
    if (typeof data.learner === "string" && /[\u0000-\u001f\u007f]/.test(data.learner)) {
      problems.push("learner: control characters are not allowed");
    }
    if (!Array.isArray(data.events)) problems.push("events: must be a list");
    if (problems.length) return { problems };
    const actions = [];
    data.events.forEach((event, i) => {
      if (problems.length < 20) {
        const action = checkEvent(event, `events[${i}]`, problems);
        if (action) actions.push(action);
      }
    });
    return { problems, actions, learner: typeof data.learner === "string" ? data.learner : "" };
  }

  function applyImport(actions) {
    const counts = { lessons: 0, reviews: 0, skipped: 0 };
    const lessonActions = actions
      .filter((a) => a.kind === "done" || a.kind === "undone")
      .sort((a, b) => timeValue(a.at) - timeValue(b.at));
    for (const action of lessonActions) {
      if (!course.lessons.has(action.lesson)) {
        counts.skipped += 1;
        continue;
      }
      const current = state.lessons.get(action.lesson);
      // The later of the two records wins, so importing a file twice changes nothing.
      if (!current || timeValue(action.at) >= timeValue(current.at)) {
        const done = action.kind === "done";
        if (!current || current.done !== done) counts.lessons += 1;
        state.lessons.set(action.lesson, { done, at: current && current.done === done ? current.at : action.at });
      }
    }
    const seen = new Set(state.reviews.map((r) => `${r.card}|${r.at}`));
    for (const action of actions) {
      if (action.kind !== "review") continue;
      const key = `${action.card}|${action.at}`;
      if (seen.has(key)) continue;
      seen.add(key);
      state.reviews.push({ card: action.card, grade: action.grade, rating: GRADES[action.grade].rating, at: action.at });
      counts.reviews += 1;
    }
    state.reviews.sort((a, b) => timeValue(a.at) - timeValue(b.at));
    return counts;
  }

  function showMessage(holder, text, isError) {
    const message = holder && holder.querySelector(".ck-exchange__message");
    if (!message) return;
    message.classList.toggle("ck-error", Boolean(isError));
    message.textContent = text;
  }

  async function importFile(input) {
    const holder = input.closest("[data-ck-exchange]");
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      showMessage(holder, "Not imported: the file is larger than 5 MB.", true);
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (_) {
      showMessage(holder, "Not imported: the file could not be read.", true);
      return;
    }
    const result = parseExchange(text);
    if (result.problems.length) {
      const shown = result.problems.slice(0, 5).join("; ");
      const more = result.problems.length > 5 ? ` (and ${result.problems.length - 5} more)` : "";
      showMessage(holder, `Not imported, nothing was changed: ${shown}${more}.`, true);
      return;
    }
    const counts = applyImport(result.actions);
    if (!state.learner && result.learner) state.learner = result.learner.slice(0, 100);
    saveState();
    renderAll();
    const parts = [
      `${counts.lessons} lesson${counts.lessons === 1 ? "" : "s"} updated`,
      `${counts.reviews} flashcard review${counts.reviews === 1 ? "" : "s"} added`,
    ];
    if (counts.skipped) parts.push(`${counts.skipped} event(s) for lessons this course no longer has skipped`);
    showMessage(holder, `Imported: ${parts.join(", ")}.`, false);
  }

  // ------------------------------------------------------------------ wiring

  // Attached once for the life of the document: instant navigation swaps the page
  // content under these listeners, so nothing is ever attached twice.
  document.addEventListener("click", (event) => {
    if (!course || !state) return;
    const button = event.target instanceof Element && event.target.closest("[data-ck-action]");
    if (!button) return;
    const action = button.getAttribute("data-ck-action");
    if (action === "toggle-lesson") toggleLesson(button.getAttribute("data-ck-target"));
    else if (action === "grade") grade(button);
    else if (action === "export") {
      const count = exportFile();
      showMessage(button.closest("[data-ck-exchange]"), `Exported ${count} event${count === 1 ? "" : "s"}.`, false);
    } else if (action === "import") {
      const input = button.closest("[data-ck-exchange]").querySelector("[data-ck-import-file]");
      if (input) input.click();
    }
  });

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!course || !state || !(target instanceof HTMLInputElement)) return;
    if (target.matches("[data-ck-import-file]")) importFile(target);
    else if (target.matches(".ck-learner")) {
      state.learner = target.value.slice(0, 100);
      saveState();
    }
  });

  // <details> "toggle" does not bubble; listen in the capture phase.
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (!course || !state || !(details instanceof HTMLDetailsElement)) return;
      const holder = details.closest("[data-ck-card]");
      if (!holder || holder.querySelector("details") !== details) return;
      if (details.open) {
        openReviews.delete(details); // a new opening is a new review
        renderGradeButtons(details, holder.getAttribute("data-ck-card"));
      }
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
    await loadCourse();
    if (token !== pageToken || !course) return; // a newer page took over, or no index
    if (!state) state = readState();
    renderAll();
    // Tells styles (and tests) that this page's controls are in place.
    document.documentElement.classList.add("ck-ready");
    document.documentElement.setAttribute("data-ck-page", location.pathname);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => {
      initPage();
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => initPage(), { once: true });
  } else {
    initPage();
  }
})();
