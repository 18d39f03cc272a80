"""Error pages: what went wrong in plain words, and the member's words given back."""
from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from forum.drafts import unsent_words
from forum.extensions import db
from forum.rendering import is_htmx

ERROR_MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    403: ("That isn't open to you", "This page or action belongs to someone else or to the forum's moderators."),
    404: ("We couldn't find that page", "It may have been moved or removed. The boards are still here for you."),
    405: ("That didn't work from here", "Please go back and use the page's own buttons."),
    410: ("That post can no longer be changed", "It was removed, by its author or by the moderators."),
    413: ("That was too large", "Please shorten it and try again."),
    422: ("Please check the form", "Something in it needs another look."),
    429: ("Please slow down a little", "Wait a moment and try again."),
    500: ("Something broke on our side", "It isn't your fault. Please try again in a moment."),
}


def error_page(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        db.session.rollback()  # leave no half-done write behind the error page
    heading, message = ERROR_MESSAGES.get(code, (error.name, error.description))
    if is_htmx():
        # Shown in the page's notice area, leaving the form and its text alone.
        headers = {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"}
        return render_template("_partials/error.html", heading=heading, message=message), code, headers
    # A refused form gives its words back (an unreadable, too-large one has none to give).
    draft = unsent_words() if code != 413 else {}
    return render_template("errors/error.html", code=code, heading=heading, message=message, draft=draft), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, error_page)
