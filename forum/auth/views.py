"""Pseudonymous accounts: join, log in, log out, recover with a code."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from forum.auth.forms import LoginForm, LogoutForm, RecoverForm, RegisterForm
from forum.extensions import db, login_manager
from forum.forms import clean_text, usable_submission_key
from forum.limits import joining_limit, limited, login_attempts
from forum.services import accounts, unsaved_codes
from forum.web import is_htmx, render_form, safe_next

bp = Blueprint("auth", __name__)

# A post written by someone whose session ended before they sent it.
DRAFT_FIELDS = ("title", "body")
DRAFT_CHOICES = ("anonymous", "support_now")


def sign_in(user) -> None:
    accounts.open_login(user)  # this device's own login, which logging out ends
    login_user(user)
    # Flask-Login stores a hash of the client's address and browser; the
    # forum keeps neither, not even hashed in a cookie (session protection
    # is off: see forum/web.py).
    session.pop("_id", None)
    session.permanent = True  # expires after FORUM_SESSION_IDLE_DAYS without a visit


def _draft_from(form_data, prefix: str = "") -> dict | None:
    """The unsent post carried by a form, or None when there is nothing to keep."""
    draft = {name: clean_text(form_data.get(prefix + name, "")) for name in DRAFT_FIELDS}
    if not (draft["title"].strip() or draft["body"].strip()):
        return None
    draft.update({name: form_data.get(prefix + name) in {"y", "on", "true"} for name in DRAFT_CHOICES})
    draft["submission"] = usable_submission_key(form_data.get(prefix + "submission"))
    draft["action"] = safe_next(form_data.get("draft_action") if prefix else request.path, "")
    return draft if draft["action"] else None


@login_manager.unauthorized_handler
def ask_to_log_in():
    """Send a logged-out visitor to log in, keeping any post they were sending."""
    draft = _draft_from(request.form) if request.method == "POST" else None
    if draft:
        template = "_partials/login_to_send.html" if is_htmx() else "auth/login.html"
        return render_template(template, form=LoginForm(formdata=None), draft=draft), 401
    target = request.full_path if request.method == "GET" else None
    login_url = url_for("auth.login", next=target.rstrip("?") if target else None)
    if is_htmx():
        return "", 401, {"HX-Redirect": login_url}
    flash(login_manager.login_message)
    return redirect(login_url)


@bp.route("/register", methods=["GET", "POST"])
@joining_limit
def register():
    if current_user.is_authenticated:
        return redirect(url_for("boards.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user, codes = accounts.register(form.handle.data, form.password.data)
        except accounts.AccountError as problem:
            form.handle.errors.append(str(problem))
        else:
            sign_in(user)
            unsaved_codes.keep(user, codes, afterwards=url_for("boards.index"))
            db.session.commit()
            # A page of their own, so that a reload shows them again (see services/unsaved_codes.py).
            return redirect(url_for("account.recovery_codes"), 303)
    return render_form("auth/register.html", form)


@bp.route("/login", methods=["GET", "POST"])
@limited(*login_attempts)
def login():
    form = LoginForm()
    draft = _draft_from(request.form, prefix="draft_")
    if form.validate_on_submit():
        user = accounts.authenticate(form.handle.data, form.password.data)
        if user:
            sign_in(user)
            db.session.commit()
            if draft:
                return render_template("auth/send_draft.html", draft=draft)
            return redirect(safe_next(request.args.get("next"), url_for("boards.index")))
        # The same words whether or not the handle exists.
        form.password.errors.append("That handle and password don't match. Please try again.")
    return render_form("auth/login.html", form, draft=draft)


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        if current_user.is_authenticated:
            accounts.end_login(current_user)
        logout_user()
        db.session.commit()
        flash("You're logged out. Take care of yourself.")
    else:
        flash("That didn't go through, so you are still logged in. Please try again.")
    return redirect(url_for("boards.index"))


@bp.route("/recover", methods=["GET", "POST"])
@limited(*login_attempts)
def recover():
    form = RecoverForm()
    if form.validate_on_submit():
        user = accounts.reset_password_with_code(form.handle.data, form.code.data, form.password.data)
        if user:
            sign_in(user)
            db.session.commit()
            left = user.unused_recovery_codes()
            flash(f"Your password is changed. You have {left} recovery code{'s' if left != 1 else ''} left.")
            return redirect(url_for("account.index"))
        form.code.errors.append("That handle and recovery code don't match, or the code was used already.")
    return render_form("auth/recover.html", form)
