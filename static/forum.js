// Optional help for flaky connections: when htmx cannot reach the forum,
// say so, and leave the form (and the member's words) exactly as they were.
document.addEventListener("htmx:sendError", () => notify("Couldn't reach Porchlight. Your words are still here: try again when you have signal."));
document.addEventListener("htmx:timeout", () => notify("That took too long. Your words are still here: please try again."));
document.addEventListener("htmx:responseError", () => notify("Something went wrong on our side. Your words are still here: please try again in a moment."));
// A new try starts clean: the last failure's note would only confuse.
document.addEventListener("htmx:beforeRequest", forgetConnectionNotes);

function forgetConnectionNotes() {
  document.querySelectorAll("#notices .connection").forEach((note) => note.remove());
}

// Added beside, not over, what the server put there (a moderator's notice stays).
function notify(message) {
  const notices = document.getElementById("notices");
  if (!notices) return;
  forgetConnectionNotes();
  const note = document.createElement("p");
  note.className = "notice connection";
  note.setAttribute("role", "alert");
  note.textContent = message;
  notices.append(note);
}
