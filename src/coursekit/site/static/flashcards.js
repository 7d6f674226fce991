/* coursekit: flashcards, [data-ck-card="ID"] > details. A card shows the grade of its
 * latest review; once opened, it offers "Got it" / "Not yet". One opening is one
 * review: pressing the other button while the card is open corrects that review.
 */
import { el } from "./dom.js";
import { CARD_ID, GRADES } from "./event-fields.js";
import { addReview, lastGrade, setGrade } from "./learner-state.js";
import { t } from "./messages.js";
import { storageProblemText } from "./storage.js";

const LABELS = {
  get got_it() {
    return t("Got it");
  },
  get not_yet() {
    return t("Not yet");
  },
};
const TEXT = {
  saved: (grade) => t("Saved: %(grade)s.", { grade: LABELS[grade] }),
  notSaved: (grade, problem) => t("%(grade)s, not saved. %(problem)s", { grade: LABELS[grade], problem }),
  get question() {
    return t("How well did you know the answer?");
  },
  get prompt() {
    return t("How did you do?");
  },
};
const openReviews = new WeakMap(); // an open card's <details> -> the review made since

export function renderCards(site) {
  for (const holder of document.querySelectorAll("[data-ck-card]")) {
    const id = holder.getAttribute("data-ck-card");
    const details = holder.querySelector("details");
    if (!CARD_ID.test(id) || !details) continue;
    holder.classList.add("ck-card");
    const grade = lastGrade(site.state, id);
    if (grade) holder.setAttribute("data-ck-grade", grade);
    else holder.removeAttribute("data-ck-grade");
    const summary = details.querySelector(":scope > summary");
    let badge = summary && summary.querySelector(".ck-card-badge");
    if (summary && grade && !badge) badge = summary.appendChild(el("span", { className: "ck-card-badge" }));
    if (badge && !grade) badge.remove();
    else if (badge) badge.textContent = LABELS[grade];
    if (details.open) renderGradeButtons(details, site);
  }
}

function renderGradeButtons(details, site) {
  let group = details.querySelector(":scope > .ck-grade");
  if (!group) {
    const buttons = Object.keys(GRADES).map((grade) =>
      el("button", {
        type: "button",
        className: `md-button ck-grade__button ck-grade__button--${grade}`,
        "data-ck-action": "grade",
        "data-ck-grade": grade,
        "aria-pressed": "false",
        text: LABELS[grade],
      }),
    );
    group = el(
      "div",
      { className: "ck-grade", role: "group", "aria-label": TEXT.question },
      el("span", { className: "ck-grade__prompt", text: TEXT.prompt }),
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
  const problem = storageProblemText(site.storage);
  const status = group.querySelector(".ck-grade__status");
  status.classList.toggle("ck-warning", Boolean(review && problem));
  status.textContent = !review ? "" : problem ? TEXT.notSaved(review.grade, problem) : TEXT.saved(review.grade);
}

/** The click on "Got it" or "Not yet". */
export function pressGradeButton(site, button) {
  const details = button.closest("details");
  const holder = button.closest("[data-ck-card]");
  const card = holder && holder.getAttribute("data-ck-card");
  const grade = button.getAttribute("data-ck-grade");
  if (!details || !CARD_ID.test(card) || !Object.hasOwn(GRADES, grade)) return;
  const review = openReviews.get(details);
  if (review && site.state.reviews.includes(review)) {
    setGrade(review, grade);
  } else {
    openReviews.set(details, addReview(site.state, card, grade));
  }
  site.save();
  renderCards(site);
}

/** A card was opened (the <details> "toggle" event): a new opening is a new review. */
export function cardOpened(site, details) {
  const holder = details.closest("[data-ck-card]");
  if (!holder || holder.querySelector("details") !== details) return;
  if (document.documentElement.classList.contains("ck-printing")) return; // opened to print
  openReviews.delete(details);
  renderGradeButtons(details, site);
}
