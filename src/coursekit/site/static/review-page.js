/* coursekit: the Review page, [data-ck-review]: a flashcard session like `coursekit
 * review`. An overview (due today, this week, new cards ready; "review everything"),
 * then one card at a time: the question, "Show answer", then a rating, Again / Hard /
 * Good / Easy, each button showing the interval it gives. Keys: Space shows the
 * answer, then rates Good; 1-4 rate. Each rating is stored at once. A closing summary
 * says what was rated and what comes next.
 *
 * The cards' questions and answers are on the page, rendered from the course's
 * Markdown (.ck-review__cards, hidden); they are copied into the session as nodes,
 * never as markup from anywhere else.
 */
import { el } from "./dom.js";
import { currentTime } from "./event-fields.js";
import { RATINGS } from "./fsrs-schedule.js";
import { t, tn } from "./messages.js";
import { ReviewSession, describeDue, intervalText } from "./review-queue.js";
import { reviewOf } from "./review-model.js";
import { renderReviewBadges } from "./review-badges.js";
import { storageProblemText } from "./storage.js";

const KEYS = { 1: () => "1", 2: () => "2", 3: () => t("3 or Space"), 4: () => "4" };

// A rating's name on its button and in messages, in the page's language.
function ratingName(rating) {
  return { 1: t("Again"), 2: t("Hard"), 3: t("Good"), 4: t("Easy") }[rating];
}
const pages = new WeakMap(); // [data-ck-review] -> its page state

/** Fill the Review page, when this page is one (called on every page). */
export function renderReviewPage(site) {
  const holder = document.querySelector("[data-ck-review]");
  if (!holder) return;
  let page = pages.get(holder);
  if (!page) {
    page = build(site, holder);
    pages.set(holder, page);
  }
  if (!page.session) showOverview(site, page);
  // For benchmarks/bench_review_page.py: when the page became usable.
  if (globalThis.performance && performance.mark) performance.mark("coursekit:review-ready");
}

function build(site, holder) {
  const model = reviewOf(site);
  for (const note of holder.querySelectorAll(".ck-nojs")) note.hidden = true;
  holder.classList.add("ck-review--ready");
  const page = { holder, model, session: null, card: null, revealed: false, everything: false };
  const switchId = "ck-review-everything";
  page.overview = el(
    "div",
    { className: "ck-review__overview" },
    (page.counts = el("p", { className: "ck-review__counts", role: "status" })),
    (page.start = el("button", { type: "button", className: "md-button md-button--primary", "data-ck-action": "review-start" })),
    (page.nothing = el("p", { className: "ck-review__nothing" })),
    el(
      "div",
      { className: "ck-review__everything" },
      (page.switch = el("input", { type: "checkbox", id: switchId, role: "switch", "data-ck-review-everything": "" })),
      el("label", { for: switchId, text: t("Review everything: also the cards of lessons you have not marked done (for cramming before an exam)") }),
    ),
    (page.list = el("details", { className: "ck-review__list", "data-ck-review-list": "" }, el("summary", { text: t("Every card and when it is due") }))),
  );
  const question = el("div", { className: "ck-review__shown-question", id: "ck-review-question" });
  const answer = el("div", { className: "ck-review__shown-answer", hidden: "" });
  page.answerText = el("div", { id: "ck-review-answer" });
  answer.append(el("h2", { className: "ck-review__label", text: t("Answer") }), page.answerText);
  page.session_ = el(
    "section",
    { className: "ck-review__session", "aria-label": t("Review session"), hidden: "" },
    (page.position = el("p", { className: "ck-review__position" })),
    el("div", { className: "ck-review__card" }, el("h2", { className: "ck-review__label", text: t("Question") }), question, answer),
    (page.reveal = el(
      "button",
      { type: "button", className: "md-button md-button--primary ck-review__reveal", "data-ck-action": "review-reveal", "aria-keyshortcuts": "Space", "aria-describedby": "ck-review-question" },
      `${t("Show answer")} `,
      el("kbd", { text: t("Space"), "aria-hidden": "true" }),
    )),
    (page.ratings = el("div", { className: "ck-review__ratings", role: "group", "aria-label": t("How well did you recall it?"), hidden: "" })),
    (page.feedback = el("p", { className: "ck-review__feedback", "aria-live": "polite" })),
    el("button", { type: "button", className: "md-button ck-review__stop", "data-ck-action": "review-stop", text: t("End the session") }),
  );
  page.question = question;
  page.answer = answer;
  page.buttons = {};
  for (const rating of [1, 2, 3, 4]) {
    const button = el(
      "button",
      {
        type: "button",
        className: `md-button ck-review__rate ck-review__rate--${RATINGS[rating].toLowerCase()}`,
        "data-ck-action": "review-rate",
        "data-ck-rating": String(rating),
        "aria-keyshortcuts": rating === 3 ? "3 Space" : String(rating),
        "aria-describedby": "ck-review-answer",
      },
      el("span", { className: "ck-review__rating", text: ratingName(rating) }),
      " ",
      el("span", { className: "ck-review__interval" }),
      el("kbd", { text: KEYS[rating](), "aria-hidden": "true" }),
    );
    page.buttons[rating] = button;
    page.ratings.append(button);
  }
  page.summary = el("section", { className: "ck-review__summary", "aria-label": t("Session summary"), hidden: "" });
  holder.append(page.overview, page.session_, page.summary);
  return page;
}

// --------------------------------------------------------------------------- the overview

function showOverview(site, page) {
  const { model } = page;
  page.overview.hidden = false;
  page.session_.hidden = true;
  if (!model.usable) {
    page.counts.textContent = t("This site's course index has no usable review settings: rebuild it with coursekit.");
    page.start.hidden = true;
    page.nothing.textContent = "";
    return;
  }
  const now = currentTime();
  const counts = model.counts(now);
  const queue = model.queue(now, page.everything);
  page.switch.checked = page.everything;
  if (page.list.open) renderList(site, page, now);
  const parts = [
    tn("%(n)s card due today", "%(n)s cards due today", counts.today),
    t("%(n)s this week", { n: counts.week }),
    tn("%(n)s new ready", "%(n)s new ready", counts.new),
  ];
  if (counts.locked) parts.push(t("%(n)s locked until their lessons are done", { n: counts.locked }));
  page.counts.textContent = `${parts.join(" · ")}.`;
  page.start.hidden = queue.length === 0;
  page.start.textContent = tn("Start review (%(n)s card)", "Start review (%(n)s cards)", queue.length);
  page.nothing.textContent = queue.length ? "" : nothingText(model, counts, now, page.everything);
  const problem = unsavedText(site);
  if (problem) page.nothing.textContent = `${page.nothing.textContent} ${problem}`.trim();
}

/** The list of cards was opened (the <details> "toggle" event): fill it now. */
export function reviewListOpened(site, details) {
  const page = currentPage();
  if (page && page.list === details && details.open) renderList(site, page, currentTime());
}

// Every card with its state and next review, as `coursekit review --cards` lists them;
// filled when opened, as a long course has thousands of rows.
function renderList(site, page, now) {
  const { model } = page;
  model.refresh();
  const unlocked = model.unlocked();
  const titles = new Map(site.course.modules.map((m) => [m.id, m.title]));
  const sources = cardSources();
  const rows = site.course.flashcards.map((info) => {
    const card = model.states.get(info.id);
    const source = sources.has(info.id) && sources.get(info.id).querySelector(".ck-review__question");
    const question = source ? source.textContent.trim().replace(/\s+/g, " ") : info.id;
    let when;
    if (card) when = el("time", { datetime: card.due.toISOString(), text: describeDue(card.due, now) });
    else when = document.createTextNode(unlocked.has(info.id) ? t("ready to start") : t("locked"));
    const state = card ? STATE_WORDS[card.state] : t("new");
    const row = el(
      "tr",
      { "data-ck-due-card": info.id },
      el("td", { text: question.length > 90 ? `${question.slice(0, 89)}…` : question }),
      el("td", { text: titles.get(info.module) || info.module }),
      el("td", { text: state }),
      el("td", {}, when),
    );
    return row;
  });
  const head = el("tr", {}, ...[t("Card"), t("Module"), t("State"), t("Next review")].map((text) => el("th", { scope: "col", text })));
  const table = el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
  const old = page.list.querySelector(".ck-review__table");
  const wrap = el("div", { className: "ck-review__table md-typeset__scrollwrap" }, el("div", { className: "md-typeset__table" }, table));
  if (old) old.replaceWith(wrap);
  else page.list.append(wrap);
}

const STATE_WORDS = {
  get 1() {
    return t("learning");
  },
  get 2() {
    return t("review");
  },
  get 3() {
    return t("relearning");
  },
};

function nothingText(model, counts, now, everything) {
  let text = t("Nothing to review now.");
  const next = model.nextDue(now);
  if (next) text += ` ${t("Next review %(when)s.", { when: describeDue(next, now) })}`;
  if (counts.locked && !everything) {
    text += ` ${tn('%(n)s card unlocks as you mark its lesson done; "Review everything" reviews it now.', '%(n)s cards unlock as you mark their lessons done; "Review everything" reviews them now.', counts.locked)}`;
  } else if (!counts.reviewed && !counts.new) {
    text += ` ${t("Cards unlock as you mark their lessons done.")}`;
  }
  return text;
}

// --------------------------------------------------------------------------- the session

export function startReview(site) {
  const page = currentPage();
  if (!page) return;
  const queue = page.model.queue(currentTime(), page.everything);
  if (!queue.length) return;
  page.session = new ReviewSession(queue, page.model.states);
  page.overview.hidden = true;
  page.summary.hidden = true;
  page.session_.hidden = false;
  page.feedback.textContent = "";
  nextCard(site, page);
}

function nextCard(site, page) {
  const id = page.session.next(currentTime());
  if (id === null) {
    finish(site, page, true);
    return;
  }
  page.card = id;
  page.revealed = false;
  page.session_.setAttribute("data-ck-card-id", id); // which card is shown (for scripts)
  if (globalThis.performance && performance.mark) performance.mark("coursekit:review-card");
  const source = cardSources().get(id);
  const copy = (part) => (source ? [...source.querySelector(part).childNodes].map((node) => node.cloneNode(true)) : []);
  page.question.replaceChildren(...copy(".ck-review__question"));
  page.answerText.replaceChildren(...copy(".ck-review__answer"));
  page.answer.hidden = true;
  page.ratings.hidden = true;
  page.reveal.hidden = false;
  const card = page.model.states.get(id);
  const info = site.course.flashcards.find((c) => c.id === id);
  const module = info && site.course.modules.find((m) => m.id === info.module);
  const kind = !card ? t("new") : t("due · %(state)s", { state: STATE_WORDS[card.state === 2 || card.state === 3 ? card.state : 1] });
  const position = t("Card %(shown)s of %(total)s", { shown: page.session.shown, total: page.session.total });
  page.position.textContent = `${position} · ${module ? module.title : ""} · ${kind}`;
  page.reveal.focus();
}

export function revealAnswer() {
  const page = currentPage();
  if (!page || !page.session || page.revealed) return;
  page.revealed = true;
  page.answer.hidden = false;
  page.reveal.hidden = true;
  const now = currentTime();
  const outcomes = page.model.preview(page.card, now);
  for (const rating of [1, 2, 3, 4]) {
    page.buttons[rating].querySelector(".ck-review__interval").textContent = intervalText(outcomes[rating].due - now);
  }
  page.ratings.hidden = false;
  page.buttons[3].focus();
}

export function rateCard(site, rating) {
  const page = currentPage();
  if (!page || !page.session || !page.revealed || !RATINGS[rating]) return;
  const id = page.card;
  const { card, saved } = page.model.rate(id, rating, () => site.save() !== false);
  const back = page.session.record(id, rating, card);
  const now = currentTime();
  const later = back ? ` ${t("(again in this session)")}` : "";
  const unsaved = saved ? "" : ` ${unsavedText(site)}`;
  const when = describeDue(card.due, now);
  page.feedback.textContent = `${t("%(rating)s: next review %(when)s", { rating: ratingName(rating), when })}${later}.${unsaved}`;
  renderReviewBadges(site);
  nextCard(site, page);
}

export function stopReview(site) {
  const page = currentPage();
  if (page && page.session) finish(site, page, false);
}

function finish(site, page, complete) {
  const session = page.session;
  page.session = null;
  page.session_.hidden = true;
  const now = currentTime();
  const counts = session.counts();
  const rated = Object.keys(RATINGS).map((n) => `${counts[n]} ${ratingName(Number(n))}`).join(", ");
  let reviewed = tn("%(n)s card", "%(n)s cards", session.cards.size);
  if (session.ratings.length !== session.cards.size) reviewed += ` (${tn("%(n)s rating", "%(n)s ratings", session.ratings.length)})`;
  const ready = page.model.queue(now, page.everything);
  const next = page.model.nextDue(now);
  const heading = el("h2", { tabindex: "-1", text: complete ? t("Session complete") : t("Session ended: every rating was saved") });
  const lines = [el("p", { text: t("Reviewed %(cards)s: %(ratings)s.", { cards: reviewed, ratings: rated }) })];
  if (ready.length) lines.push(el("p", { text: tn("%(n)s card ready now.", "%(n)s cards ready now.", ready.length) }));
  else if (next) lines.push(el("p", { text: t("Next review %(when)s.", { when: describeDue(next, now) }) }));
  page.summary.replaceChildren(
    heading,
    ...lines,
    el("button", { type: "button", className: "md-button md-button--primary", "data-ck-action": "review-overview", text: t("Back to the overview") }),
  );
  page.summary.hidden = false;
  showOverview(site, page);
  page.overview.hidden = true;
  heading.focus();
}

export function showReviewOverview(site) {
  const page = currentPage();
  if (!page) return;
  page.summary.hidden = true;
  showOverview(site, page);
  (page.start.hidden ? page.switch : page.start).focus();
}

export function everythingChanged(site, input) {
  const page = currentPage();
  if (!page) return;
  page.everything = input.checked;
  showOverview(site, page);
}

/** Keys during a session: Space shows the answer, then rates Good; 1-4 rate. */
export function reviewKey(site, event) {
  const page = currentPage();
  if (!page || !page.session || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) return;
  const control = target instanceof Element && target.closest("button, a, summary");
  // Space on a focused control presses it, as everywhere: on "Show answer" and on Good
  // (where focus lands after it) that is what the key means anyway; on Again, Hard or
  // Easy it must rate what the button says, so the browser's own press is left alone.
  const onOtherButton = control && !control.matches(".ck-review__reveal, .ck-review__rate--good");
  if (event.key === " " || event.key === "Spacebar") {
    if (onOtherButton) return;
    event.preventDefault();
    if (event.repeat) return;
    if (page.revealed) rateCard(site, 3);
    else revealAnswer();
  } else if (/^[1-4]$/.test(event.key) && page.revealed) {
    event.preventDefault();
    rateCard(site, Number(event.key));
  }
}

// Said where a rating could not be stored: why (storage blocked, or full), as every
// other control of the site says it.
function unsavedText(site) {
  return storageProblemText(site.storage);
}

// The page's cards, by id: [data-ck-review-card] elements (looked up once a page).
let sourcesOf = null;
function cardSources() {
  const holder = document.querySelector(".ck-review__cards");
  if (!sourcesOf || sourcesOf.holder !== holder) {
    const map = new Map();
    for (const node of document.querySelectorAll("[data-ck-review-card]")) map.set(node.getAttribute("data-ck-review-card"), node);
    sourcesOf = { holder, map };
  }
  return sourcesOf.map;
}

function currentPage() {
  const holder = document.querySelector("[data-ck-review]");
  return holder ? pages.get(holder) || null : null;
}
