/* coursekit: ticks in the site's navigation: on a completed lesson's link, and on a
 * module's once all its lessons are done. Page URLs are only derived here (module id /
 * lesson id); progress itself is keyed by ids, never by URL.
 */
import { el } from "./dom.js";
import { isDone } from "./learner-state.js";

/** "/site/basics/first-steps/", whether the site uses directory URLs or .html files. */
function pageKey(url) {
  let path = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
  if (!path.endsWith("/")) path += "/";
  return path;
}

export function renderNavMarks(site) {
  const byPath = new Map();
  for (const module of site.course.modules) {
    const ids = module.lessons.map((lesson) => lesson.id);
    if (ids.length) byPath.set(pageKey(new URL(`${module.id}/`, site.root)), ids);
    for (const id of ids) byPath.set(pageKey(new URL(`${module.id}/${id}/`, site.root)), [id]);
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
    const ids = url.origin === site.root.origin ? byPath.get(pageKey(url)) : undefined;
    const done = ids !== undefined && ids.every((id) => isDone(site.state, id));
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
