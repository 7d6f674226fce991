/* coursekit: how many flashcards are due, where the learner looks first: the home's
 * [data-ck-review-due] ("3 cards due today · Review them"), and a count beside the
 * Review page in the navigation, on every page (nothing when none are due).
 */
import { el } from "./dom.js";
import { currentTime } from "./event-fields.js";
import { t, tn } from "./messages.js";
import { reviewOf } from "./review-model.js";

/** The Review page's address in this site (review/ or review.html, as the site has it). */
function reviewLinks() {
  return [...document.querySelectorAll("a.md-nav__link[href]")].filter((link) => {
    const path = new URL(link.getAttribute("href"), location.href).pathname;
    return /\/review(\/(index\.html)?|\.html)$/.test(path);
  });
}

export function renderReviewBadges(site) {
  const model = reviewOf(site);
  const boxes = document.querySelectorAll("[data-ck-review-due]");
  const links = reviewLinks();
  if (!model.usable) {
    for (const box of boxes) box.hidden = true;
    return;
  }
  const counts = model.counts(currentTime());
  for (const box of boxes) renderBox(box, counts);
  for (const link of links) {
    let badge = link.querySelector(".ck-review-badge");
    if (!counts.today) {
      if (badge) badge.remove();
      continue;
    }
    if (!badge) {
      badge = link.appendChild(el("span", { className: "ck-review-badge" }));
    }
    badge.replaceChildren(
      el("span", { "aria-hidden": "true", text: String(counts.today) }),
      el("span", { className: "ck-sr", text: ` (${tn("%(n)s card due", "%(n)s cards due", counts.today)})` }),
    );
  }
}

function renderBox(box, counts) {
  const link = box.querySelector("a");
  if (!link) return;
  const href = link.getAttribute("href");
  const words =
    counts.today > 0
      ? tn("%(n)s card due today", "%(n)s cards due today", counts.today)
      : counts.new > 0
        ? tn("%(n)s new card ready", "%(n)s new cards ready", counts.new)
        : counts.reviewed > 0
          ? t("No cards due today")
          : t("Flashcards unlock as you mark lessons done");
  const week = counts.reviewed ? ` · ${t("%(n)s this week", { n: counts.week })}` : "";
  box.classList.add("ck-review-due");
  box.replaceChildren(
    el("span", { className: "ck-review-due__count", text: `${words}${week}` }),
    " ",
    el("a", { href, text: counts.today || counts.new ? t("Review them") : t("Open Review") }),
  );
}
