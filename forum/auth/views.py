"""Pseudonymous accounts: join, log in, log out, recover with a code."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, logout_user

from forum import preferences
from forum.auth.forms import LoginForm, LogoutForm, RecoverForm, RegisterForm
from forum.auth.sessions import sign_in
from forum.drafts import Draft
from forum.extensions import db
from forum.limits import joining_limit, limited, login_attempts
from forum.rendering import render_form
from forum.routing import safe_next
from forum.services import accounts, unsaved_codes
from forum.wording import ngettext

bp = Blueprint("auth", __name__)

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
            preferences.adopt_visitor_choice(user)
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
    draft = Draft.from_request()  # a post kept through the login page (forum.auth.sessions.ask_to_log_in)
    if form.validate_on_submit():
        user = accounts.authenticate(form.handle.data, form.password.data)
        if user:
            sign_in(user)
            db.session.commit()
            if draft and draft.sendable:
                return render_template("auth/send_draft.html", draft=draft)
            return redirect(safe_next(request.args.get("next"), url_for("boards.index")))
        # The same words whether or not the handle exists.
        form.password.errors.append(gettext("That handle and password don't match. Please try again."))
    return render_form("auth/login.html", form, draft=draft)


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        if current_user.is_authenticated:
            accounts.end_login(current_user)
        logout_user()
        db.session.commit()
        flash(gettext("You're logged out. Take care of yourself."))
    else:
        flash(gettext("That didn't go through, so you are still logged in. Please try again."))
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
            flash(ngettext("Your password is changed. You have %(num)s recovery code left.",
                           "Your password is changed. You have %(num)s recovery codes left.",
                           user.unused_recovery_codes()))
            return redirect(url_for("account.index"))
        form.code.errors.append(gettext("That handle and recovery code don't match, or the code was used already."))
    return render_form("auth/recover.html", form)
