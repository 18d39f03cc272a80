"""Error pages: what went wrong in plain words, and the member's words given back."""
from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from forum.drafts import Draft
from forum.extensions import db
from forum.i18n import lazy_gettext
from forum.rendering import is_htmx

ERROR_MESSAGES = {
    400: (lazy_gettext("Something went wrong with that request"),
          lazy_gettext("Please go back and try again.")),
    403: (lazy_gettext("That isn't open to you"),
          lazy_gettext("This page or action belongs to someone else or to the forum's moderators.")),
    404: (lazy_gettext("We couldn't find that page"),
          lazy_gettext("It may have been moved or removed. The boards are still here for you.")),
    405: (lazy_gettext("That didn't work from here"),
          lazy_gettext("Please go back and use the page's own buttons.")),
    410: (lazy_gettext("That post can no longer be changed"),
          lazy_gettext("It was removed, by its author or by the moderators.")),
    413: (lazy_gettext("That was too large"),
          lazy_gettext("Please shorten it and try again.")),
    422: (lazy_gettext("Please check the form"),
          lazy_gettext("Something in it needs another look.")),
    429: (lazy_gettext("Please slow down a little"),
          lazy_gettext("Wait a moment and try again.")),
    500: (lazy_gettext("Something broke on our side"),
          lazy_gettext("It isn't your fault. Please try again in a moment.")),
}


def error_page(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        db.session.rollback()  # leave no half-done write behind the error page
    # A code without words of its own (416, 501...) says what its kind says: werkzeug's English is not ours.
    heading, message = ERROR_MESSAGES.get(code) or ERROR_MESSAGES[500 if code >= 500 else 400]
    if is_htmx():
        # Shown in the page's notice area, leaving the form and its text alone.
        headers = {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"}
        return render_template("_partials/error.html", heading=heading, message=message), code, headers
    # A refused form gives its words back (an unreadable, too-large one has none to give).
    draft = Draft.from_request()
    return render_template("errors/error.html", code=code, heading=heading, message=message, draft=draft), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, error_page)
