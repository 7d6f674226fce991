/* coursekit: the export / import box, [data-ck-exchange]: the learner's name for the
 * file (or a pseudonym, when they leave it out), "Export progress" (a download of the
 * exchange file), "Import progress" (a file checked completely before anything
 * changes) and "Reset my progress" (after a confirmation). Messages about a file,
 * which may quote it, are only ever set as text.
 */
import { el } from "./dom.js";
import { nowUTC } from "./event-fields.js";
import { MAX_FILE_BYTES, buildExport, readExchange } from "./exchange.js";
import { importedMessage, refusalMessage } from "./import-messages.js";
import { clipName, resetState } from "./learner-state.js";
import { t, tn } from "./messages.js";
import { mergeInto, replay } from "./replay.js";
import { storageProblemText } from "./storage.js";

// The box's words, in the page's language (messages.js), read when they are shown.
const TEXT = {
  get intro() {
    return t("Your progress is saved in this browser only. Export it to keep a copy or to move it to another browser or device, where Import brings it back.");
  },
  get name() {
    return t("Your name in the file");
  },
  get optional() {
    return t("optional");
  },
  get anonymous() {
    return t("Leave my name out (a pseudonym instead, for sending to your instructor)");
  },
  get export() {
    return t("Export progress");
  },
  get import() {
    return t("Import progress");
  },
  get file() {
    return t("Progress file to import");
  },
  get reset() {
    return t("Reset my progress");
  },
  get confirm() {
    return t("Reset your progress? Every lesson and exercise marked done and every flashcard grade kept in this browser for this course is removed. Export first to keep a copy.");
  },
  get confirmYes() {
    return t("Yes, reset my progress");
  },
  get confirmNo() {
    return t("Cancel");
  },
  get wasReset() {
    return t("Your progress was reset: nothing is marked done any more.");
  },
  exported: (n) => tn("Exported %(n)s event to a file in your downloads.", "Exported %(n)s events to a file in your downloads.", n),
  tooLarge: (mb) => t("Not imported; nothing was changed. The file is larger than %(mb)s MB, too large to be a progress file.", { mb }),
  get unreadable() {
    return t("Not imported; nothing was changed. The file could not be read.");
  },
};

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
      placeholder: TEXT.optional,
    });
    input.value = site.state.learner;
    const button = (action, text, extra) =>
      el("button", { type: "button", className: `md-button${extra}`, "data-ck-action": action, text });
    holder.classList.add("ck-exchange");
    holder.append(
      el("p", { className: "ck-exchange__intro", text: TEXT.intro }),
      el("p", { className: "ck-warning ck-exchange__storage", role: "status" }),
      el("div", { className: "ck-exchange__name" }, el("label", { for: nameId, text: TEXT.name }), input),
      el(
        "label",
        { className: "ck-exchange__anonymous" },
        el("input", { type: "checkbox", className: "ck-anonymous" }),
        ` ${TEXT.anonymous}`,
      ),
      el(
        "div",
        { className: "ck-exchange__actions" },
        button("export", TEXT.export, " md-button--primary"),
        button("import", TEXT.import, ""),
        button("reset", TEXT.reset, " ck-reset"),
        el("input", {
          type: "file",
          accept: ".json,application/json",
          hidden: "",
          "data-ck-import-file": "",
          "aria-label": TEXT.file,
        }),
      ),
      el(
        "div",
        { className: "ck-exchange__confirm", hidden: "", role: "group", "aria-label": TEXT.reset },
        el("p", { text: TEXT.confirm }),
        button("reset-confirm", TEXT.confirmYes, " md-button--primary ck-reset"),
        button("reset-cancel", TEXT.confirmNo, ""),
      ),
      el("div", { className: "ck-exchange__message", "aria-live": "polite" }),
    );
  }
  renderStorageNotice(site);
}

/** Says, in every export / import box, when progress cannot be saved in this browser. */
export function renderStorageNotice(site) {
  for (const notice of document.querySelectorAll(".ck-exchange__storage")) {
    notice.textContent = storageProblemText(site.storage);
  }
}

function showMessage(holder, { title, lines = [] }, isError) {
  const message = holder && holder.querySelector(".ck-exchange__message");
  if (!message) return;
  message.classList.toggle("ck-error", Boolean(isError));
  const list = lines.length ? [el("ul", {}, ...lines.map((line) => el("li", { text: line })))] : [];
  message.replaceChildren(el("p", { text: title }), ...list);
}

/** "Reset my progress": ask first, in place; "Yes" resets, "Cancel" puts it back. */
export function resetAction(site, holder, action) {
  const confirm = holder.querySelector(".ck-exchange__confirm");
  const reset = holder.querySelector("button[data-ck-action='reset']");
  if (action === "reset") {
    confirm.hidden = false;
    reset.hidden = true;
    confirm.querySelector("button[data-ck-action='reset-cancel']").focus();
    return;
  }
  confirm.hidden = true;
  reset.hidden = false;
  reset.focus();
  if (action !== "reset-confirm") return;
  resetState(site.state);
  site.save();
  site.renderAll();
  showMessage(holder, { title: TEXT.wasReset }, false);
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
  showMessage(holder, { title: TEXT.exported(data.events.length) }, false);
}

/** The file chosen after "Import progress". */
export async function importProgress(site, input) {
  const holder = input.closest("[data-ck-exchange]");
  const file = input.files && input.files[0];
  input.value = "";
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    showMessage(holder, { title: TEXT.tooLarge(MAX_FILE_BYTES / 1024 / 1024) }, true);
    return;
  }
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (_) {
    showMessage(holder, { title: TEXT.unreadable }, true);
    return;
  }
  const parsed = readExchange(bytes, site.course.id);
  if (parsed.problems.length) {
    showMessage(holder, refusalMessage(parsed.problems), true);
    return;
  }
  const modules = new Set(site.course.modules.filter((m) => m.hasExercises).map((m) => m.id));
  const counts = mergeInto(site.state, replay(parsed.events), site.course.lessons, modules);
  if (!site.state.learner && parsed.learner) site.state.learner = parsed.learner; // checked: at most 100 characters
  site.save();
  site.renderAll();
  const message = importedMessage(counts);
  const problem = storageProblemText(site.storage);
  if (problem) message.lines.push(problem);
  showMessage(holder, message, false);
}

/** The learner typed their name for the file. */
export function nameChanged(site, input) {
  site.state.learner = clipName(input.value.trim());
  site.save();
}
