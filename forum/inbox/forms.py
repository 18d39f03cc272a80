from forum.forms import Form


class MarkAllReadForm(Form):
    """Only a CSRF token: the member has caught up with everything in their inbox."""
