"""Pseudonymous accounts: join, log in, log out, recover with a code."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from forum.auth.forms import LoginForm, LogoutForm, RecoverForm, RegisterForm
from forum.services import accounts
from forum.web import safe_next

bp = Blueprint("auth", __name__)


def _sign_in(user) -> None:
    login_user(user)
    session.permanent = True  # expires after FORUM_SESSION_IDLE_DAYS without a visit


@bp.route("/register", methods=["GET", "POST"])
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
            _sign_in(user)
            session["fresh_recovery_codes"] = codes
            return redirect(url_for("account.recovery_codes"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    next_url = safe_next(request.args.get("next"), url_for("boards.index"))
    if form.validate_on_submit():
        user = accounts.authenticate(form.handle.data, form.password.data)
        if user:
            _sign_in(user)
            return redirect(next_url)
        # The same words whether or not the handle exists.
        form.password.errors.append("That handle and password don't match. Please try again.")
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("You're logged out. Take care of yourself.")
    return redirect(url_for("boards.index"))


@bp.route("/recover", methods=["GET", "POST"])
def recover():
    form = RecoverForm()
    if form.validate_on_submit():
        user = accounts.reset_password_with_code(form.handle.data, form.code.data, form.password.data)
        if user:
            _sign_in(user)
            left = user.unused_recovery_codes()
            flash(f"Your password is changed. You have {left} recovery code{'s' if left != 1 else ''} left.")
            return redirect(url_for("account.index"))
        form.code.errors.append("That handle and recovery code don't match, or the code was used already.")
    status = 422 if form.is_submitted() else 200
    return render_template("auth/recover.html", form=form), status
