from flask_wtf import FlaskForm


class NewRecoveryCodesForm(FlaskForm):
    """Only a CSRF token: replacing codes is a POST."""
