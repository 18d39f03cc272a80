"""Form pieces shared by several areas."""
import re
import secrets

from flask import current_app, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp

MAX_BODY_LENGTH = 20_000


class Form(FlaskForm):
    """The base of every form: it reads only the text fields of a submitted form.

    Flask-WTF would also take a JSON body or uploaded files as form data,
    where a number, a list or a file can arrive in place of text; no browser
    sends those, so they are treated as an empty form and get its kind errors.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is not None and (request.is_json or request.files):
                return request.form if form.is_submitted() else None
            formdata = super().wrap_formdata(form, formdata)
            header_token = request.headers.get("X-CSRFToken")
            if formdata is not None and header_token and "csrf_token" not in formdata:
                # htmx sends the token in a header (hx-headers on <body>).
                return CombinedMultiDict([formdata, MultiDict({"csrf_token": header_token})])
            return formdata


# Why a form's safety check (its CSRF token) failed, said once for every form.
# Tokens never expire (WTF_CSRF_TIME_LIMIT is None), so a check fails for one
# of two reasons only: the browser sent no session cookie at all (it blocks
# cookies, or dropped this one), or it sent a session other than the one the
# form was made in (that one ended, and a new one began).
NO_COOKIE = (
    "Your browser didn't send Porchlight's cookie, so for your safety this wasn't sent. "
    "Porchlight needs that one cookie to log you in and to take what you write: it is how the forum knows, "
    "from one page to the next, that it is still you, and that a form came from its own page and not from "
    "another site. It holds nothing else. Please allow cookies for this site."
)
SESSION_ENDED = (
    "Your session had ended since this page was opened (you logged out, perhaps in another tab, or were away "
    "long enough for it to run out), so for your safety it wasn't sent."
)


def token_refusal() -> str:
    """Why this request's form was refused by the CSRF check, in words for the member."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return NO_COOKIE
    return SESSION_ENDED


def clean_text(value: str | None) -> str:
    """Drop NUL characters (PostgreSQL refuses them) and use \\n line ends.

    A field left out of the form reads as empty text, never as None.
    """
    if value is None:
        return ""
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def strip(value: str | None) -> str | None:
    return value.strip() if value else value


class ServerSideLength(Length):
    """Length checked on the server only.

    A browser's maxlength silently cuts pasted text; the server's message
    keeps every word and says how much to trim.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_flags = {}


def body_field(label: str = "Your post") -> TextAreaField:
    return TextAreaField(
        label,
        filters=[clean_text],
        validators=[
            InputRequired(message="Please write something first."),
            Regexp(r"[\s\S]*\S", message="Please write something first."),
            ServerSideLength(max=MAX_BODY_LENGTH, message=f"Please keep it under {MAX_BODY_LENGTH:,} characters."),
        ],
    )


def title_field() -> StringField:
    return StringField(
        "Title",
        filters=[clean_text, strip],
        validators=[
            InputRequired(message="Please give your topic a title."),
            Length(min=3, max=120, message="Please use a title of 3 to 120 characters."),
        ],
    )


def anonymous_field() -> BooleanField:
    return BooleanField("Post anonymously (your handle is shown to no one, moderators included)")


def support_now_field() -> BooleanField:
    return BooleanField("I need support now (your topic is listed first on the home page for a day)")


SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,43}")  # as secrets.token_urlsafe makes them


def usable_submission_key(value: str | None) -> str | None:
    """A key as the forum makes them, or None: a mangled one just posts without the double-tap guard."""
    return value if value and SUBMISSION_KEY.fullmatch(value) else None


def submission_field() -> HiddenField:
    """A post form's one-time key, new each time the form is shown.

    A second send of the same form (a double tap, a retry after the answer
    was lost on a bad connection) carries the same key and lands on the
    post the first one made (forum.services.posting), never a second post.
    """
    return HiddenField(default=lambda: secrets.token_urlsafe(16), filters=[usable_submission_key])
