from forum.forms import Form, body_field


class EditPostForm(Form):
    body = body_field()


class DeletePostForm(Form):
    """Only a CSRF token: the confirmation itself is the button."""
