"""A member's own account."""
from flask import Blueprint, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from forum.account.forms import NewRecoveryCodesForm
from forum.extensions import db
from forum.services import accounts

bp = Blueprint("account", __name__)


@bp.get("/account")
@login_required
def index():
    return render_template("account/index.html", codes_form=NewRecoveryCodesForm())


@bp.get("/account/recovery-codes")
@login_required
def recovery_codes():
    # Shown once: the codes leave the session as they are shown.
    codes = session.pop("fresh_recovery_codes", None)
    if not codes:
        return redirect(url_for(".index"))
    return render_template("account/recovery_codes.html", codes=codes)


@bp.post("/account/recovery-codes")
@login_required
def new_recovery_codes():
    if NewRecoveryCodesForm().validate_on_submit():
        session["fresh_recovery_codes"] = accounts.issue_recovery_codes(current_user)
        db.session.commit()
    return redirect(url_for(".recovery_codes"))
