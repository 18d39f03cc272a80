from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, NumberRange, Optional

from forum.forms import Form, ServerSideLength, blank_if_invisible, clean_text, too_long
from forum.i18n import lazy_gettext
from forum.services.moderation import MAX_SUSPENSION_DAYS
from forum.vocabulary import ModerationAction


class ModerationForm(Form):
    """One form per queue item; each action is its own submit button."""

    action = StringField(validators=[AnyOf(ModerationAction.chosen_by_staff(), message=lazy_gettext("Please choose an action."))])
    note = TextAreaField(
        lazy_gettext("Note (staff only; for a warning, suspension or ban, the author reads it too)"),
        filters=[clean_text, blank_if_invisible],  # an invisible warning is no warning
        validators=[ServerSideLength(max=2000, message=too_long(2000))],
    )
    days = IntegerField(
        lazy_gettext("Suspend for (days)"), default=7,
        validators=[Optional(), NumberRange(min=1, max=MAX_SUSPENSION_DAYS, message=lazy_gettext("Use 1 to %(num)s days.", num=MAX_SUSPENSION_DAYS))],
    )
    # The same words for every author: saying whether this one asked for
    # support would link an anonymous call for support to this post.
    shut_out = BooleanField(lazy_gettext("Shut them out there too: end that call for support and their replies there"))
    # "yes" on the second step of an action that asks to be confirmed (a ban).
    confirm = HiddenField()
    next = HiddenField()
