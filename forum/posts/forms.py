from forum.forms import Form, body_field, title_field


class EditPostForm(Form):
    """The opening post's form also retitles the topic; replies drop the title."""

    title = title_field()
    body = body_field()


class DeletePostForm(Form):
    """Only a CSRF token: the confirmation itself is the button."""
