"""A member's own account: codes, how they hear back, reports they made, notices from moderators."""
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user, user_logged_out

from forum.account.forms import (
    ChangePasswordForm,
    CodesSavedForm,
    DeleteAccountForm,
    HearingBackForm,
    NewFeedAddressForm,
    NewRecoveryCodesForm,
    NoticeSeenForm,
    StopFeedForm,
)
from forum.auth.sessions import sign_in
from forum.extensions import db
from forum.forms import nothing_changed, token_refusal
from forum.limits import password_checks
from forum.models import Notice, Report
from forum.permissions import is_addressed_to
from forum.rendering import render_form
from forum.routing import safe_next
from forum.search import engines as search_engines
from forum.services import accounts, inbox, privacy, unsaved_codes

bp = Blueprint("account", __name__)
# A new private feed address waits here for the one page view that shows it,
# and no longer: the session cookie is signed, not encrypted. Until then it
# opens less than the cookie itself, which opens the whole account.
NEW_FEED_TOKEN = "new_feed_token"


@user_logged_out.connect
def _forget_new_feed_address(_app, user=None, **_extra) -> None:
    # Not yet shown when the member logged out: then never, on this device.
    session.pop(NEW_FEED_TOKEN, None)


def _render_account(status: int = 200, new_feed_url: str | None = None, **forms):
    forms = {
        "codes_form": NewRecoveryCodesForm(formdata=None),
        "password_form": ChangePasswordForm(formdata=None),
        "hearing_form": HearingBackForm(formdata=None, follow_on_post=current_user.follows_what_they_post,
                                        feed_includes_words=current_user.inbox_feed_words),
        "feed_form": NewFeedAddressForm(formdata=None),
        "stop_feed_form": StopFeedForm(formdata=None),
        **forms,
    }
    return render_template(
        "account/index.html", reports=Report.recent_by(current_user), new_feed_url=new_feed_url, **forms,
    ), status


def _password_confirmed(form, password_field) -> bool:
    """The form is valid and carries the member's current password; if not, the form says why."""
    if not form.validate_on_submit():
        return False
    if current_user.check_password(password_field.data):
        return True
    password_field.errors.append(gettext("That isn't your current password."))
    return False


@bp.get("/account")
@login_required
def index():
    token = session.pop(NEW_FEED_TOKEN, None)
    return _render_account(new_feed_url=token and url_for("feeds.inbox_feed", token=token, _external=True))


@bp.post("/account/password")
@password_checks
@login_required
def change_password():
    form = ChangePasswordForm()
    if _password_confirmed(form, form.current_password):
        privacy.change_password(current_user, form.password.data)
        sign_in(current_user._get_current_object())  # this session carries on
        db.session.commit()
        flash(gettext("Your password is changed. Any other device you were logged in on is logged out."))
        return redirect(url_for(".index"))
    return _render_account(status=422, password_form=form)


@bp.post("/account/hearing-back")
@login_required
def hearing_back():
    form = HearingBackForm()
    if not form.validate_on_submit():
        flash(nothing_changed())
        return redirect(url_for(".index"))
    current_user.follows_what_they_post = form.follow_on_post.data
    current_user.inbox_feed_words = form.feed_includes_words.data
    db.session.commit()
    flash(gettext("Your choices for hearing back are saved."))
    return redirect(url_for(".index"))


@bp.post("/account/feed")
@password_checks
@login_required
def new_feed():
    """A private feed address, new each time: the one before stops working."""
    form = NewFeedAddressForm()
    if _password_confirmed(form, form.password):
        session[NEW_FEED_TOKEN] = inbox.new_feed_token(current_user)
        db.session.commit()
        return redirect(url_for(".index"), 303)
    return _render_account(status=422, feed_form=form)


@bp.post("/account/feed/revoke")
@login_required
def stop_feed():
    if StopFeedForm().validate_on_submit():
        inbox.revoke_feed_token(current_user)
        db.session.commit()
        flash(gettext("Your private feed is stopped: its address shows nothing now, to anyone. You can make a new "
                      "one whenever you like."))
    else:
        flash(nothing_changed())
    return redirect(url_for(".index"))


@bp.get("/account/export")
@login_required
def export():
    """Everything we hold about the member, as a JSON file to keep."""
    body = json.dumps(privacy.export(current_user), indent=2, ensure_ascii=False)
    return body, 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": f'attachment; filename="porchlight-{current_user.handle}.json"',
        "Cache-Control": "no-store",
    }


@bp.route("/account/delete", methods=["GET", "POST"])
@password_checks
@login_required
def delete():
    form = DeleteAccountForm()
    if _password_confirmed(form, form.password):
        member = current_user._get_current_object()
        logout_user()
        privacy.delete_account(member, keep_posts=form.posts.data == "keep")
        db.session.commit()
        search_engines.engine().clear_freed_pages()
        flash(gettext("Your account is deleted. Thank you for being part of this community; take care of yourself."))
        return redirect(url_for("boards.index"))
    return render_form("account/delete.html", form)


@bp.post("/account/recovery-codes")
@password_checks
@login_required
def new_recovery_codes():
    form = NewRecoveryCodesForm()
    if _password_confirmed(form, form.password):
        codes = accounts.issue_recovery_codes(current_user)
        unsaved_codes.keep(current_user, codes, afterwards=url_for(".index"))
        db.session.commit()
        return redirect(url_for(".recovery_codes"), 303)
    return _render_account(status=422, codes_form=form)


@bp.get("/account/recovery-codes")
@login_required
def recovery_codes():
    """New codes, until the member has saved them: for a while, in this session only."""
    codes, _ = unsaved_codes.waiting(current_user) or (None, None)
    db.session.commit()  # codes that ran out are forgotten
    return render_template(
        "account/recovery_codes.html", codes=codes, form=CodesSavedForm(formdata=None),
        minutes=unsaved_codes.UNSAVED_MINUTES, afterwards=unsaved_codes.afterwards(),
    ), 200, {"Cache-Control": "no-store"}


@bp.post("/account/recovery-codes/saved")
@login_required
def recovery_codes_saved():
    afterwards = safe_next(unsaved_codes.afterwards(), url_for(".index"))
    if not CodesSavedForm().validate_on_submit():
        flash(token_refusal() + " " + gettext("Your codes are still here: please try again."))
        return redirect(url_for(".recovery_codes"))
    unsaved_codes.forget()
    db.session.commit()
    flash(gettext("Good. Your recovery codes won't be shown again: keep them safe."))
    return redirect(afterwards)


@bp.post("/account/notices/<id:notice_id>/seen")
@login_required
def notice_seen(notice_id: int):
    notice = db.session.get(Notice, notice_id)
    if notice is None or not is_addressed_to(current_user, notice):
        abort(404)
    if NoticeSeenForm().validate_on_submit():
        inbox.notice_read(notice)
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("boards.index")))
