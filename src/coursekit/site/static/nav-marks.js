/* coursekit: marks in the site's navigation: a tick on a completed lesson's link, on a
 * module's once every lesson it has ready is done, and on its exercises once marked
 * done; a "coming soon" badge on planned lessons. On a phone Material's drawer shows
 * the current page as a <label> (it opens the page's contents), not a link: it is
 * marked too. Page URLs are only derived here (module id / lesson id); progress
 * itself is keyed by ids, never by URL.
 */
import { el } from "./dom.js";
import { exercisesDone, isDone, moduleDone } from "./learner-state.js";
import { t } from "./messages.js";

const TEXT = {
  get done() {
    return t("(done)");
  },
  get soon() {
    return t("coming soon");
  },
};

/** "/site/basics/first-steps/", whether the site uses directory URLs or .html files. */
function pageKey(url) {
  let path = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
  if (!path.endsWith("/")) path += "/";
  return path;
}

// Page -> what its navigation entry shows: {done(state)} and whether it is planned.
function pages(site) {
  const byPath = new Map();
  const at = (path) => pageKey(new URL(path, site.root));
  for (const module of site.course.modules) {
    byPath.set(at(`${module.id}/`), { done: (state) => moduleDone(state, module) });
    if (module.hasExercises) byPath.set(at(`${module.id}/exercises/`), { done: (state) => exercisesDone(state, module.id) });
    for (const lesson of module.lessons) {
      byPath.set(at(`${module.id}/${lesson.id}/`), {
        done: (state) => lesson.available && isDone(state, lesson.id),
        planned: !lesson.available,
      });
    }
  }
  return byPath;
}

// Right after the title, before any section chevron Material puts in the entry.
function place(entry, node) {
  const title = entry.querySelector(":scope > .md-ellipsis");
  if (title) title.after(node);
  else entry.append(node);
}

function mark(entry, page, state) {
  const done = Boolean(page) && page.done(state);
  const tick = entry.querySelector(":scope > .ck-nav-mark");
  entry.classList.toggle("ck-nav-done", done);
  if (done && !tick) place(entry, el("span", { className: "ck-nav-mark" }, el("span", { className: "ck-sr", text: TEXT.done })));
  else if (!done && tick) tick.remove();
  const planned = Boolean(page && page.planned);
  const badge = entry.querySelector(":scope > .ck-nav-badge");
  if (planned && !badge) place(entry, el("span", { className: "ck-nav-badge", text: TEXT.soon }));
  else if (!planned && badge) badge.remove();
}

export function renderNavMarks(site) {
  const byPath = pages(site);
  for (const link of document.querySelectorAll('nav a[href]:not([href^="#"])')) {
    // Not the table of contents, nor the previous/next links (the footer's or ours).
    if (link.closest(".md-nav--secondary, .md-footer, .ck-pager")) continue;
    let url;
    try {
      url = new URL(link.getAttribute("href"), location.href);
    } catch (_) {
      continue;
    }
    mark(link, url.origin === site.root.origin ? byPath.get(pageKey(url)) : undefined, site.state);
  }
  // The current page's entry in the drawer (Material: a label that opens its contents).
  const current = byPath.get(pageKey(new URL(location.href)));
  for (const label of document.querySelectorAll('nav.md-nav--primary label.md-nav__link[for="__toc"]')) {
    mark(label, current, site.state);
  }
}
