from flask_login import current_user
from wtforms import PasswordField, StringField, ValidationError
from wtforms.validators import EqualTo, InputRequired, Length

from forum.forms import Form, strip
from forum.i18n import lazy_gettext
from forum.services import accounts

# Handles and recovery codes are far shorter: only a paste gone wrong is this
# long. (WTForms' own words, which Length fills in, in the forum's catalogue.)
TOO_LONG = lazy_gettext("Field cannot be longer than %(max)d characters.")


def _new_password_rules(form, field):
    handle = form.handle.data if "handle" in form else current_user.handle
    if problem := accounts.password_problem(field.data or "", handle or ""):
        raise ValidationError(problem)


def new_password_fields(label=None):
    """A new password and its confirmation, checked against the password rules."""
    return (
        PasswordField(label or lazy_gettext("Password"),
                      validators=[InputRequired(message=lazy_gettext("Please choose a password.")), _new_password_rules]),
        PasswordField(
            lazy_gettext("Password again"),
            validators=[InputRequired(message=lazy_gettext("Please type the password again.")),
                        EqualTo("password", message=lazy_gettext("The two passwords are not the same."))],
        ),
    )


class RegisterForm(Form):
    handle = StringField(
        lazy_gettext("Handle (the name others see; not your real name)"),
        filters=[strip],
        validators=[InputRequired(message=lazy_gettext("Please choose a handle.")), Length(max=64, message=TOO_LONG)],
    )
    password, password_confirm = new_password_fields()

    def validate_handle(self, field):
        if problem := accounts.handle_problem(field.data):
            raise ValidationError(problem)


class LoginForm(Form):
    handle = StringField(lazy_gettext("Handle"), filters=[strip],
                         validators=[InputRequired(message=lazy_gettext("Please enter your handle.")),
                                     Length(max=64, message=TOO_LONG)])
    password = PasswordField(lazy_gettext("Password"),
                             validators=[InputRequired(message=lazy_gettext("Please enter your password."))])


class RecoverForm(Form):
    handle = StringField(lazy_gettext("Handle"), filters=[strip],
                         validators=[InputRequired(message=lazy_gettext("Please enter your handle.")),
                                     Length(max=64, message=TOO_LONG)])
    code = StringField(
        lazy_gettext("One of your recovery codes"),
        filters=[strip],
        validators=[InputRequired(message=lazy_gettext("Please enter a recovery code.")), Length(max=64, message=TOO_LONG)],
    )
    password, password_confirm = new_password_fields()


class LogoutForm(Form):
    """Only a CSRF token: logging out is a POST so no other site can do it for you."""
