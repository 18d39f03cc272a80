from wtforms import BooleanField, PasswordField, RadioField, SelectChoice
from wtforms.validators import InputRequired

from forum.auth.forms import new_password_fields
from forum.forms import Form
from forum.i18n import lazy_gettext


def current_password_field():
    return PasswordField(lazy_gettext("Your current password"),
                         validators=[InputRequired(message=lazy_gettext("Please enter your password."))])


class NewRecoveryCodesForm(Form):
    """Asks for the password: a borrowed or stolen session must not be able
    to mint codes that would keep the account for good."""

    password = current_password_field()


class ChangePasswordForm(Form):
    current_password = current_password_field()
    password, password_confirm = new_password_fields(lazy_gettext("New password"))


class DeleteAccountForm(Form):
    posts = RadioField(
        lazy_gettext("What should happen to your posts?"),
        choices=[
            SelectChoice("remove", lazy_gettext("Remove all of them: each leaves \"post removed by its author\" in its thread")),
            SelectChoice("keep", lazy_gettext("Keep them for others to read, shown as by \"a former member\"")),
        ],
        validators=[InputRequired(message=lazy_gettext("Please choose what happens to your posts."))],
    )
    password = current_password_field()


class NoticeSeenForm(Form):
    """Only a CSRF token: the member says they have read a moderator's notice."""


class CodesSavedForm(Form):
    """Only a CSRF token: the member says they have saved their new recovery codes."""


class HearingBackForm(Form):
    """How a member hears back, without email."""

    follow_on_post = BooleanField(lazy_gettext("Follow topics I start or reply in"))
    feed_includes_words = BooleanField(lazy_gettext("Include the words of replies and notices in my private feed"))


class NewFeedAddressForm(Form):
    """Asks for the password: a borrowed phone must not be able to mint an
    address that goes on showing the member's inbox long after it is handed back."""

    password = current_password_field()


class StopFeedForm(Form):
    """Only a CSRF token: the member stops their private feed (always safe, so no password)."""
