// Optional help for flaky connections: when htmx cannot reach the forum,
// say so, and leave the form (and the member's words) exactly as they were.
document.addEventListener("htmx:sendError", () => notify("Couldn't reach Porchlight. Your words are still here: try again when you have signal."));
document.addEventListener("htmx:timeout", () => notify("That took too long. Your words are still here: please try again."));
document.addEventListener("htmx:responseError", () => notify("Something went wrong on our side. Your words are still here: please try again in a moment."));

function notify(message) {
  const notices = document.getElementById("notices");
  if (!notices) return;
  const note = document.createElement("p");
  note.className = "notice";
  note.setAttribute("role", "alert");
  note.textContent = message;
  notices.replaceChildren(note);
}
