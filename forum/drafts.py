"""Words a member sent that the forum could not take: given back, never lost."""
from flask import flash, render_template, request

from forum.forms import clean_text, usable_submission_key
from forum.routing import safe_next

# What a member may be sending: a post's title and body, a report's details,
# a moderator's note. Given back whenever the forum refuses the request.
UNSENT_FIELDS = ("title", "body", "details", "note")


def unsent_words() -> dict[str, str]:
    """The words in this request's form, to give back when it is refused."""
    if request.method != "POST":
        return {}
    return {name: clean_text(request.form.get(name)) for name in UNSENT_FIELDS}


def words_arrived() -> None:
    """Tell the page this form's redirect leads to that its words arrived.

    static/forum.js keeps unsent words in the tab's sessionStorage so that a
    reload brings them back; this is how it learns, after a plain form send,
    to forget them (as "sent" flashes, read out in base.html). htmx answers
    need not say it: the script sees those itself.
    """
    flash(request.path, "sent")


def refusal_page(reason: str, status: int = 422):
    """Words the forum cannot take for a reason the member could not see coming
    (the topic was locked while they wrote): the reason, and the words to keep."""
    return render_template(
        "errors/error.html", code=status, heading="Your words weren't posted", message=reason, draft=unsent_words(),
    ), status


# A post written by someone whose session ended before they sent it.
DRAFT_FIELDS = ("title", "body")
DRAFT_CHOICES = ("anonymous", "support_now")


def draft_from(form_data, prefix: str = "") -> dict | None:
    """The unsent post carried by a form, or None when there is nothing to keep."""
    draft = {name: clean_text(form_data.get(prefix + name, "")) for name in DRAFT_FIELDS}
    if not (draft["title"].strip() or draft["body"].strip()):
        return None
    draft.update({name: form_data.get(prefix + name) in {"y", "on", "true"} for name in DRAFT_CHOICES})
    draft["submission"] = usable_submission_key(form_data.get(prefix + "submission"))
    draft["action"] = safe_next(form_data.get("draft_action") if prefix else request.path, "")
    return draft if draft["action"] else None
