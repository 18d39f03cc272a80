"""Sign-in set-up, in one place: how a login is opened, found again, and asked for."""
from flask import Flask, flash, redirect, render_template, request, session, url_for
from flask_login import login_user

from forum.auth.forms import LoginForm
from forum.drafts import Draft
from forum.extensions import login_manager
from forum.i18n import lazy_gettext
from forum.rendering import is_htmx
from forum.routing import MAX_ID
from forum.services import accounts


def sign_in(user) -> None:
    accounts.open_login(user)  # this device's own login, which logging out ends
    login_user(user)
    # Flask-Login stores a hash of the client's address and browser; the
    # forum keeps neither, not even hashed in a cookie (session protection
    # is off: see init_app).
    session.pop("_id", None)
    session.permanent = True  # expires after FORUM_SESSION_IDLE_DAYS without a visit


@login_manager.user_loader
def load_user(user_id: str):
    # The id names the account and one of its logins: logging out, or a
    # password change, deletes the login, and the cookie opens nothing.
    user_key, _, login_key = user_id.partition(":")
    if not user_key.isdigit() or int(user_key) > MAX_ID or not login_key:
        return None
    return accounts.resume_login(int(user_key), login_key)


@login_manager.unauthorized_handler
def ask_to_log_in():
    """Send a logged-out visitor to log in, keeping any post they were sending."""
    draft = Draft.from_request()
    if draft:
        template = "_partials/login_to_send.html" if is_htmx() else "auth/login.html"
        return render_template(template, form=LoginForm(formdata=None), draft=draft), 401
    target = request.full_path if request.method == "GET" else None
    login_url = url_for("auth.login", next=target.rstrip("?") if target else None)
    if is_htmx():
        return "", 401, {"HX-Redirect": login_url}
    flash(str(login_manager.login_message))
    return redirect(login_url)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to continue.")
    # Off: "basic" keeps a hash of the client's address and browser in the
    # session cookie. Sessions end instead on the server (logging out, a
    # password change or recovery: see LoginSession) and by the idle timeout.
    login_manager.session_protection = None
