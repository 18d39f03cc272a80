// Optional help for flaky connections. Without it every form still works;
// with it, nothing a member writes is lost when the signal is.
//
// - When a request fails (no signal, no answer within htmx's timeout, an
//   error), say so next to the form that sent it, and move focus there: a
//   notice at the top of the page is thousands of pixels away on a phone.
// - A new try starts clean: the last failure's note, and the form's old
//   "Please write something first." under a box now filled, would confuse.
// - Unsent words are kept in this tab (sessionStorage, per page and form),
//   so a reload or a dropped tab brings them back; forgotten once they arrive.

// Their words come from the page, in the reader's language: templates/base.html
// puts them on this script's own tag (data-send-error, data-timeout, data-response-error).
const FAILURES = document.currentScript.dataset;
for (const name of ["sendError", "timeout", "responseError"]) {
  document.addEventListener("htmx:" + name, (event) => notify(event.detail.elt, FAILURES[name]));
}

document.addEventListener("htmx:beforeRequest", (event) => {
  forgetConnectionNotes();
  const form = formOf(event.detail.elt);
  if (form) forgetOldErrors(form);
});

// The forum answers a refused htmx request with a notice for the top of the
// page (forum/web.py: error_page); show it by the form instead, the same way.
document.addEventListener("htmx:beforeSwap", (event) => {
  const { elt, target, serverResponse } = event.detail;
  if (!target || target.id !== "notices" || target.contains(elt)) return;
  const text = new DOMParser().parseFromString(serverResponse, "text/html").body.textContent.trim();
  if (!text) return;
  event.detail.shouldSwap = false;
  notify(elt, text);
});

function formOf(elt) {
  return elt && elt.closest ? elt.closest("form") : null;
}

function forgetConnectionNotes() {
  document.querySelectorAll(".notice.connection").forEach((note) => note.remove());
}

function forgetOldErrors(form) {
  form.querySelectorAll(".error").forEach((error) => error.remove());
  form.querySelectorAll(".invalid").forEach((field) => field.classList.remove("invalid"));
  form.querySelectorAll("[aria-invalid]").forEach((field) => {
    field.removeAttribute("aria-invalid");
    const hints = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (hints.length) field.setAttribute("aria-describedby", hints.join(" "));
    else field.removeAttribute("aria-describedby");
  });
}

// Beside, not over, what the server put there (a moderator's notice stays).
function notify(elt, message) {
  forgetConnectionNotes();
  const note = document.createElement("p");
  note.className = "notice connection";
  note.setAttribute("role", "alert");
  note.tabIndex = -1;
  note.textContent = message;
  const form = formOf(elt);
  const button = form && form.querySelector("button");
  if (button) {
    (button.closest("p") || button).before(note); // just above the button just pressed
  } else if (elt && elt.isConnected && elt !== document.body) {
    (elt.closest("p") || elt).after(note);
  } else {
    const notices = document.getElementById("notices");
    if (!notices) return;
    notices.append(note);
  }
  // Read out, and in the middle of the screen with the button below it.
  note.focus({ preventScroll: true });
  note.scrollIntoView({ block: "center" });
}

// --- unsent words, kept in this tab ------------------------------------------

const DRAFT = "porchlight-draft:";

function draftKey(form) {
  return DRAFT + location.pathname + location.search + "|" + form.getAttribute("action");
}

// What a member wrote and chose: the words and lines of text (a title, a
// meeting's name and link), the anonymous tick (words must never come back
// without it), a report's reason, a meeting's days and lists, and the form's
// one-time key, so that a send after a reload still lands on a post that did arrive.
const TEXT_INPUTS = ["text", "url", "tel", "time", "search"];

function keptFields(form) {
  return Array.from(form.elements).filter((field) => field.name && !field.readOnly && (
    field.tagName === "TEXTAREA" || field.tagName === "SELECT" || TEXT_INPUTS.includes(field.type)
    || field.name === "submission" || field.type === "checkbox" || field.type === "radio"));
}

// Several checkboxes may share a name (a meeting's days): each is kept apart.
function keptName(field) {
  return field.type === "checkbox" ? field.name + "=" + field.value : field.name;
}

function keepsWords(form) {
  return form.method === "post" && form.querySelector("textarea:not([readonly])");
}

function save(form) {
  const kept = {};
  let written = false;
  for (const field of keptFields(form)) {
    if (field.type === "checkbox") {
      kept[keptName(field)] = field.checked;
    } else if (field.type === "radio") {
      if (field.checked) kept[field.name] = field.value;
    } else {
      kept[field.name] = field.value;
      if (field.tagName !== "SELECT" && field.name !== "submission" && field.value.trim()) written = true;
    }
  }
  try {
    if (written) sessionStorage.setItem(draftKey(form), JSON.stringify(kept));
    else sessionStorage.removeItem(draftKey(form));
  } catch (error) {
    // Storage full or switched off: the words stay in the page, as before.
  }
}

function restore(form) {
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(draftKey(form)));
  } catch (error) {
    return;
  }
  if (!kept) return;
  for (const field of keptFields(form)) {
    if (!(keptName(field) in kept)) continue;
    if (field.type === "checkbox") field.checked = kept[keptName(field)] === true;
    else if (field.type === "radio") field.checked = field.value === kept[field.name];
    else field.value = kept[field.name];
  }
}

function forgetDrafts(sentTo) {
  try {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith(DRAFT) && (sentTo === undefined || key.endsWith("|" + sentTo))) sessionStorage.removeItem(key);
    }
  } catch (error) {
    // Nothing was kept.
  }
}

function restoreWithin(root) {
  const forms = root.tagName === "FORM" ? [root] : Array.from(root.querySelectorAll("form"));
  forms.filter(keepsWords).forEach(restore);
}

// Only while logged in (the body carries the member's token for htmx).
const loggedIn = document.body.hasAttribute("data-hx-headers");

function saveFrom(event) {
  const form = formOf(event.target);
  if (loggedIn && form && keepsWords(form)) save(form);
}
document.addEventListener("input", saveFrom);
document.addEventListener("change", saveFrom);
// Forgotten as soon as an htmx send is answered with success, before the
// answer is swapped in (or followed elsewhere): its fresh form must start empty.
document.addEventListener("htmx:beforeOnLoad", (event) => {
  const { xhr, elt } = event.detail;
  const form = formOf(elt);
  if (form && xhr.status >= 200 && xhr.status < 300) {
    try {
      sessionStorage.removeItem(draftKey(form));
    } catch (error) {
      // Nothing was kept.
    }
  }
});
document.addEventListener("htmx:load", (event) => restoreWithin(event.detail.elt));

// A page reached after a plain form send says which forms' words arrived
// (forum/web.py: words_arrived). Logged out, nothing is kept at all: on a
// shared phone, the next person must not find someone else's words.
if (!loggedIn) {
  forgetDrafts();
} else {
  const sent = document.querySelector('meta[name="porchlight-sent"]');
  if (sent) sent.content.split(" ").filter(Boolean).forEach(forgetDrafts);
  restoreWithin(document);
}

// On /settings, a reader who never chose a time zone finds their browser's
// chosen in the list. It is only a suggestion: nothing is sent until they
// press Save, and the forum never learns it otherwise.
const unchosenZone = document.querySelector("select[data-zone-unchosen]");
if (unchosenZone && window.Intl && Intl.DateTimeFormat) {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (Array.prototype.some.call(unchosenZone.options, (option) => option.value === browserZone)) {
    unchosenZone.value = browserZone;
  }
}
