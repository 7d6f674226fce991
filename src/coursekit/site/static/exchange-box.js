/* coursekit: the export / import box, [data-ck-exchange]: the learner's name for the
 * file (or a pseudonym, when they leave it out), "Export progress" (a download of the exchange file) and "Import progress" (a
 * file checked completely before anything changes). Messages about a file, which
 * may quote it, are only ever set as text.
 */
import { el } from "./dom.js";
import { nowUTC } from "./event-fields.js";
import { MAX_FILE_BYTES, buildExport, describeProblem, readExchange } from "./exchange.js";
import { plural } from "./format.js";
import { clipName } from "./learner-state.js";
import { mergeInto, replay } from "./replay.js";

let boxes = 0; // numbers the name fields of the page, for their labels

export function renderExchangeBoxes(site) {
  for (const holder of document.querySelectorAll("[data-ck-exchange]")) {
    const existing = holder.querySelector(".ck-learner");
    if (existing) {
      if (document.activeElement !== existing) existing.value = site.state.learner;
      continue;
    }
    const nameId = `ck-learner-${++boxes}`;
    const input = el("input", {
      id: nameId,
      type: "text",
      className: "ck-learner",
      autocomplete: "name",
      maxlength: "100",
      placeholder: "optional",
    });
    input.value = site.state.learner;
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
      el("div", { className: "ck-exchange__name" }, el("label", { for: nameId, text: "Your name in the file" }), input),
      el(
        "label",
        { className: "ck-exchange__anonymous" },
        el("input", { type: "checkbox", className: "ck-anonymous" }),
        " Leave my name out (a pseudonym instead, for sending to your instructor)",
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
  renderStorageNotice(site);
}

/** Says, once, that progress lasts only until the page closes when storage refuses. */
export function renderStorageNotice(site) {
  if (!site.storage.memoryOnly) return;
  for (const message of document.querySelectorAll(".ck-exchange__message")) {
    if (!message.textContent) {
      message.textContent = "This browser does not allow saving: progress is kept until the page is closed.";
    }
  }
}

function showMessage(holder, text, isError) {
  const message = holder && holder.querySelector(".ck-exchange__message");
  if (!message) return;
  message.classList.toggle("ck-error", Boolean(isError));
  message.textContent = text;
}

/** The click on "Export progress": the exchange file, downloaded. */
export function exportProgress(site, holder) {
  const anonymous = Boolean(holder && holder.querySelector(".ck-anonymous:checked"));
  const data = buildExport(site.state, site.course.id, { anonymous });
  const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
  const href = URL.createObjectURL(blob);
  const link = el("a", { href, download: `coursekit-progress-${site.course.id}-${nowUTC().slice(0, 10)}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
  showMessage(holder, `Exported ${plural(data.events.length, "event")}.`, false);
}

/** The file chosen after "Import progress". */
export async function importProgress(site, input) {
  const holder = input.closest("[data-ck-exchange]");
  const file = input.files && input.files[0];
  input.value = "";
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    const mb = MAX_FILE_BYTES / 1024 / 1024;
    showMessage(holder, `Not imported, nothing was changed: the file is larger than ${mb} MB.`, true);
    return;
  }
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (_) {
    showMessage(holder, "Not imported, nothing was changed: the file could not be read.", true);
    return;
  }
  const parsed = readExchange(bytes, site.course.id);
  if (parsed.problems.length) {
    const more = parsed.problems.length > 5 ? ` (and ${parsed.problems.length - 5} more)` : "";
    const problems = parsed.problems.slice(0, 5).map(describeProblem).join("; ");
    showMessage(holder, `Not imported, nothing was changed: ${problems}${more}.`, true);
    return;
  }
  const counts = mergeInto(site.state, replay(parsed.events), site.course.lessons);
  if (!site.state.learner && parsed.learner) site.state.learner = parsed.learner; // checked: at most 100 characters
  site.save();
  site.renderAll();
  const parts = [`${plural(counts.lessons, "lesson")} updated`, `${plural(counts.reviews, "flashcard review")} added`];
  if (counts.unknown) parts.push(`${plural(counts.unknown, "lesson")} this course no longer has skipped`);
  showMessage(holder, `Imported: ${parts.join(", ")}.`, false);
}

/** The learner typed their name for the file. */
export function nameChanged(site, input) {
  site.state.learner = clipName(input.value.trim());
  site.save();
}
