from flask_wtf import FlaskForm

from forum.forms import body_field


class EditPostForm(FlaskForm):
    body = body_field()


class DeletePostForm(FlaskForm):
    """Only a CSRF token: the confirmation itself is the button."""
