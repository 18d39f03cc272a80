from forum.forms import Form


class NewRecoveryCodesForm(Form):
    """Only a CSRF token: replacing codes is a POST."""
