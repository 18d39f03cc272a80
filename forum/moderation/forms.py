from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, NumberRange, Optional

from forum.forms import Form, ServerSideLength, blank_if_invisible, clean_text
from forum.services.moderation import ACTIONS, MAX_SUSPENSION_DAYS


class ModerationForm(Form):
    """One form per queue item; each action is its own submit button."""

    action = StringField(validators=[AnyOf(list(ACTIONS), message="Please choose an action.")])
    note = TextAreaField(
        "Note (staff only; for a warning, the words the author will see)",
        filters=[clean_text, blank_if_invisible],  # an invisible warning is no warning
        validators=[ServerSideLength(max=2000, message="Please keep it under 2,000 characters.")],
    )
    days = IntegerField(
        "Suspend for (days)", default=7,
        validators=[Optional(), NumberRange(min=1, max=MAX_SUSPENSION_DAYS, message=f"Use 1 to {MAX_SUSPENSION_DAYS} days.")],
    )
    next = HiddenField()
