from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired

from forum.forms import (
    Form,
    ServerSideLength,
    blank_if_invisible,
    body_field,
    clean_text,
    lazy_gettext,
    title_field,
    too_long,
)
from forum.vocabulary import ReportReason


class EditPostForm(Form):
    """The opening post's form also retitles the topic; replies drop the title."""

    title = title_field()
    body = body_field()


class DeletePostForm(Form):
    """Only a CSRF token: the confirmation itself is the button."""


class SavePostForm(Form):
    """Saving a post, or letting it go: a CSRF token, and the page to go back to (the saved list)."""

    next = HiddenField()


class ReportForm(Form):
    reason = RadioField(
        lazy_gettext("Why are you reporting this post?"),
        choices=[SelectChoice(reason.value, reason.label) for reason in ReportReason],
        validators=[InputRequired(message=lazy_gettext("Please choose a reason."))],
    )
    details = TextAreaField(
        lazy_gettext("Anything moderators should know (optional)"),
        # Optional: a note with nothing visible in it is no note, rather than a refused report.
        filters=[clean_text, blank_if_invisible],
        validators=[ServerSideLength(max=2000, message=too_long(2000))],
    )
