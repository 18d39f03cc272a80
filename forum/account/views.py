"""A member's own account: codes, reports they made, notices from moderators."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.account.forms import NewRecoveryCodesForm, NoticeSeenForm
from forum.auth.views import show_recovery_codes
from forum.extensions import db
from forum.models import Notice, Report
from forum.models.moderation import REPORT_OUTCOMES
from forum.services import accounts, moderation
from forum.web import safe_next

bp = Blueprint("account", __name__)


def _render_account(codes_form: NewRecoveryCodesForm, status: int = 200):
    return render_template(
        "account/index.html", codes_form=codes_form, reports=Report.recent_by(current_user),
        report_outcomes=REPORT_OUTCOMES,
    ), status


@bp.get("/account")
@login_required
def index():
    return _render_account(NewRecoveryCodesForm(formdata=None))


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
    return _render_account(form, status=422)


@bp.post("/account/notices/<id:notice_id>/seen")
@login_required
def notice_seen(notice_id: int):
    notice = db.session.get(Notice, notice_id)
    if notice is None or notice.user_id != current_user.id:
        abort(404)
    if NoticeSeenForm().validate_on_submit():
        moderation.mark_notice_seen(notice)
    return redirect(safe_next(request.form.get("next"), url_for("boards.index")))
