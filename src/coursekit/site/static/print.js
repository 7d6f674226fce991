/* coursekit: printing. The stylesheet's print rules hide every control, the pagers
 * and the chevrons; on an exercises page this module moves the answers out of the
 * way when the page is printed: the questions print first (flashcards numbered, the
 * scenarios' situations and tasks), then an answer key on a page of its own. Material
 * opens every <details> before printing; the answers under the questions stay hidden.
 * Built on "beforeprint" (and when print media starts to apply), removed afterwards.
 */
import { el } from "./dom.js";
import { formatNumber, t } from "./messages.js";

const TEXT = {
  get key() {
    return t("Answer key");
  },
  get cards() {
    return t("Flashcards");
  },
  get scenarios() {
    return t("Scenarios");
  },
  card: (n) => `${formatNumber(n)}.`,
};

// The answer of a card or scenario: its <details> content without the summary and
// without any control of ours.
function answerOf(details) {
  const parts = [];
  for (const child of details.children) {
    if (child.tagName === "SUMMARY" || child.classList.contains("ck-grade")) continue;
    parts.push(child.cloneNode(true));
  }
  return parts;
}

function buildKey() {
  const cards = [...document.querySelectorAll("[data-ck-card] > details")];
  const scenarios = [...document.querySelectorAll("[data-ck-answer] > details")];
  if (!cards.length && !scenarios.length) return null;
  const key = el("section", { className: "ck-answer-key", "aria-label": TEXT.key }, el("h2", { text: TEXT.key }));
  if (cards.length) {
    key.append(el("h3", { text: TEXT.cards }));
    const list = el("ol", { className: "ck-answer-key__cards" });
    cards.forEach((details, i) => {
      const summary = details.querySelector(":scope > summary");
      const question = el("p", { className: "ck-answer-key__question" }, el("strong", { text: summary ? summary.textContent.trim() : TEXT.card(i + 1) }));
      list.append(el("li", {}, question, ...answerOf(details)));
    });
    key.append(list);
  }
  if (scenarios.length) {
    key.append(el("h3", { text: TEXT.scenarios }));
    for (const details of scenarios) {
      const holder = details.parentElement;
      const heading = document.getElementById(holder.getAttribute("data-ck-answer"));
      const title = heading ? heading.textContent.replace(/¶\s*$/, "").trim() : "";
      key.append(el("h4", { text: title }), ...answerOf(details));
    }
  }
  return key;
}

function beforePrint() {
  document.documentElement.classList.add("ck-printing");
  if (document.querySelector(".ck-answer-key")) return;
  const key = buildKey();
  const article = document.querySelector("article") || document.body;
  if (key) article.append(key);
}

function afterPrint() {
  document.documentElement.classList.remove("ck-printing");
  for (const key of document.querySelectorAll(".ck-answer-key")) key.remove();
}

/** Listen for printing, once. */
export function listenForPrint() {
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  const print = window.matchMedia && window.matchMedia("print");
  if (print && typeof print.addEventListener === "function") {
    print.addEventListener("change", (event) => (event.matches ? beforePrint() : afterPrint()));
  }
}

/** A page swapped in by instant navigation starts without a key. */
export function resetPrint() {
  afterPrint();
}
