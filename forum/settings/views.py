"""Where a reader is and what they read: /settings, for visitors (a cookie) and members (their account)."""
from flask import Blueprint, flash, make_response, redirect, url_for
from flask_babel import gettext

from forum import i18n, preferences
from forum.extensions import db
from forum.rendering import render_form
from forum.settings.forms import SettingsForm

bp = Blueprint("settings", __name__)


def _current() -> dict:
    chosen = preferences.chosen()
    return {"time_zone": preferences.time_zone(), "country": chosen.country or "",
            "language": preferences.language()}


def _settings_page(form: SettingsForm):
    return render_form("settings/index.html", form, chosen=preferences.chosen())


@bp.get("/settings")
def index():
    return _settings_page(SettingsForm(formdata=None, data=_current()))


@bp.post("/settings")
def save():
    form = SettingsForm()
    # Forgetting needs only the token: whatever the lists say, nothing of them is kept.
    accepted = form.csrf_token.validate(form) if form.forget.data else form.validate_on_submit()
    if not accepted:
        return _settings_page(form)
    choice = form.choice()
    response = make_response(redirect(url_for(".index")))
    preferences.save(choice, response)
    db.session.commit()
    i18n.refresh()  # the notice below is in the language just chosen
    flash(gettext("Your settings are saved.") if choice.anything else gettext("Your settings are forgotten."))
    return response
