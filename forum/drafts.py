"""Words a member sent that the forum could not take: given back, never lost.

One kept draft serves every path that gives words back: a 429, a logged-out
send (carried through the login page), a refusal, a cannot-post page and
the error pages. A CSRF failure or a validation error needs none: the view
shows its own form again, filled in.
"""
from flask import current_app, flash, render_template, request
from flask_babel import gettext
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from forum.forms import clean_text
from forum.routing import safe_next

# Words a form without a declared draft form may carry (a moderator's note,
# say): given back to copy, since nothing can send them again as they were.
WORDS = ("title", "body", "details", "note")
TEXT_FIELDS = ("StringField", "TextAreaField")
# Never kept: a password is not words to give back, and the token is made afresh.
LEFT_OUT = ("PasswordField", "CSRFTokenField")
# A post form's one-time key (forum.forms.submission_field): kept, but not something the member wrote.
SUBMISSION = "submission"
# The login page carries a draft under this prefix, beside its own fields.
CARRIED = "draft_"


def keeps_drafts(form_class):
    """Declare on a route the form it takes, so that a draft sent to it comes back in that form, ready to send."""

    def declare(view):
        view.draft_form = form_class  # functools.wraps copies it onto the decorators outside
        return view

    return declare


def _form_class_at(action: str):
    """The form declared (keeps_drafts) on the route a form was sent to, or None."""
    try:
        endpoint, _ = current_app.create_url_adapter(request).match(action, method="POST")
    except HTTPException:  # no such route, or not one that takes a POST
        return None
    return getattr(current_app.view_functions.get(endpoint), "draft_form", None)


class Draft:
    """What a member was sending when the forum could not take it.

    Every field and choice they set (never a password or the CSRF token),
    the form's one-time submission key (so a second send still lands on one
    post) and the path it was going to. When that route declares its form,
    the draft comes back inside that very form class, labels and all.
    """

    carried = CARRIED

    def __init__(self, action: str, data: MultiDict, form_class=None):
        self.action = action
        self.data = data
        self.form_class = form_class

    @classmethod
    def from_request(cls) -> "Draft | None":
        """The draft in this request's form: its own, or the one the login page carries."""
        if request.method != "POST":
            return None
        try:
            request.form
        except RequestEntityTooLarge:  # refused for another reason, and too large to read besides
            return None
        carried = request.form.get(CARRIED + "action")
        if carried is not None:
            return cls.sent(request.form, carried, prefix=CARRIED)
        return cls.sent(request.form, request.path)

    @classmethod
    def sent(cls, form_data, action: str | None, prefix: str = "") -> "Draft | None":
        """The draft in form_data, sent to action; None when nothing was written or chosen."""
        action = safe_next(action, "")
        if not action:
            return None
        form_class = _form_class_at(action)
        if form_class:
            blank = form_class(formdata=None, meta={"csrf": False})
            names = [field.name for field in blank if field.type not in LEFT_OUT]
        else:
            names = WORDS
        data = MultiDict(
            (name, clean_text(value)) for name in names for value in form_data.getlist(prefix + name)
        )
        draft = cls(action, data, form_class)
        return draft if draft.has_something() else None

    @property
    def sendable(self) -> bool:
        return self.form_class is not None

    @property
    def url(self) -> str:
        return request.script_root + self.action

    def form(self, prefix: str = ""):
        """The form this draft was sent from, filled in again; None when no form is declared for it.

        A text field the member's form did not have (the title, when editing
        a reply) stays out; a checkbox left unticked is simply not sent.
        """
        if not self.sendable:
            return None
        # As data, not as a submitted form: nothing here was sent in this request.
        # A choice of several (a meeting's days) comes back as all of them.
        data = {name: values if len(values) > 1 else values[0] for name, values in self.data.lists()}
        form = self.form_class(formdata=None, data=data, prefix=prefix)
        for field in list(form):
            if self.is_words(field) and field.short_name not in self.data:
                del form[field.short_name]
        return form

    @staticmethod
    def is_words(field) -> bool:
        """A field the member writes in (the others they tick or choose, or the form fills in)."""
        return field.type in TEXT_FIELDS

    @property
    def words(self) -> str:
        """Everything written, in the form's order, to copy and keep when the draft cannot be sent again."""
        written = [field.short_name for field in self.form() if self.is_words(field)] if self.sendable else WORDS
        return "\n\n".join(self.data[name] for name in written if self.data.get(name, "").strip())

    def has_something(self) -> bool:
        """A form with nothing written or chosen in it (only its one-time key) has nothing to give back."""
        return any(value.strip() for name, value in self.data.items(multi=True) if name != SUBMISSION)


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
        "errors/error.html", code=status, heading=gettext("Your words weren't posted"), message=reason,
        draft=Draft.from_request(),
    ), status
