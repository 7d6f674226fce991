/* coursekit: tables that a course's own lesson text holds. Material wraps each in a
 * container that scrolls sideways when the table is wider than the screen, but one
 * that the keyboard cannot reach. Such a container, while it scrolls, becomes a named
 * region in the tab order, like coursekit's own tables (which carry that markup). */

import { t } from "./messages.js";

export function renderTables() {
  for (const wrap of document.querySelectorAll("article .md-typeset__scrollwrap")) {
    if (wrap.closest(".ck-table")) continue;
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", t("Table (scrolls sideways)"));
      wrap.classList.add("ck-scrolls");
    } else if (!scrolls && wrap.classList.contains("ck-scrolls")) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      wrap.classList.remove("ck-scrolls");
    }
  }
}

let pending = 0;

/** Again when the window changes size (a phone turned sideways). */
export function listenForResize() {
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(renderTables);
  });
}
