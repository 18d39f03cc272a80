from wtforms import PasswordField
from wtforms.validators import InputRequired

from forum.forms import Form


class NewRecoveryCodesForm(Form):
    """Asks for the password: a borrowed or stolen session must not be able
    to mint codes that would keep the account for good."""

    password = PasswordField("Your current password", validators=[InputRequired(message="Please enter your password.")])


class NoticeSeenForm(Form):
    """Only a CSRF token: the member says they have read a moderator's notice."""
