"""A member's own account."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from forum.account.forms import NewRecoveryCodesForm
from forum.auth.views import show_recovery_codes
from forum.extensions import db
from forum.services import accounts

bp = Blueprint("account", __name__)


@bp.get("/account")
@login_required
def index():
    return render_template("account/index.html", codes_form=NewRecoveryCodesForm(formdata=None))


@bp.post("/account/recovery-codes")
@login_required
def new_recovery_codes():
    form = NewRecoveryCodesForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            codes = accounts.issue_recovery_codes(current_user)
            db.session.commit()
            return show_recovery_codes(codes)
        form.password.errors.append("That isn't your current password.")
    return render_template("account/index.html", codes_form=form), 422
