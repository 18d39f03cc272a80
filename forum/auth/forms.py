from flask_login import current_user
from wtforms import PasswordField, StringField, ValidationError
from wtforms.validators import EqualTo, InputRequired, Length

from forum.forms import Form, strip
from forum.services import accounts


def _new_password_rules(form, field):
    handle = form.handle.data if "handle" in form else current_user.handle
    if problem := accounts.password_problem(field.data or "", handle or ""):
        raise ValidationError(problem)


def new_password_fields(label: str = "Password"):
    """A new password and its confirmation, checked against the password rules."""
    return (
        PasswordField(label, validators=[InputRequired(message="Please choose a password."), _new_password_rules]),
        PasswordField(
            "Password again",
            validators=[InputRequired(message="Please type the password again."),
                        EqualTo("password", message="The two passwords are not the same.")],
        ),
    )


class RegisterForm(Form):
    handle = StringField(
        "Handle (the name others see; not your real name)",
        filters=[strip],
        validators=[InputRequired(message="Please choose a handle."), Length(max=64)],
    )
    password, password_confirm = new_password_fields()

    def validate_handle(self, field):
        if problem := accounts.handle_problem(field.data):
            raise ValidationError(problem)


class LoginForm(Form):
    handle = StringField("Handle", filters=[strip], validators=[InputRequired(message="Please enter your handle."), Length(max=64)])
    password = PasswordField("Password", validators=[InputRequired(message="Please enter your password.")])


class RecoverForm(Form):
    handle = StringField("Handle", filters=[strip], validators=[InputRequired(message="Please enter your handle."), Length(max=64)])
    code = StringField(
        "One of your recovery codes",
        filters=[strip],
        validators=[InputRequired(message="Please enter a recovery code."), Length(max=64)],
    )
    password, password_confirm = new_password_fields()


class LogoutForm(Form):
    """Only a CSRF token: logging out is a POST so no other site can do it for you."""
