"""Form pieces shared by several areas, and the rules for what counts as text."""
import unicodedata

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, StopValidation

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


def clean_text(value: str | None) -> str:
    """Drop NUL characters (PostgreSQL refuses them) and use \\n line ends.

    A field left out of the form reads as empty text, never as None.
    """
    if value is None:
        return ""
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def strip(value: str | None) -> str | None:
    return value.strip() if value else value


# Characters that set the direction of the text after them: embeddings and
# overrides (U+202A-U+202E), isolates (U+2066-U+2069) and the invisible
# marks (LRM, RLM, ALM). In a title or a handle, shown inline beside the
# page's own words, a right-to-left override turns ", 1 minute ago" round.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_WITHOUT_BIDI_CONTROLS = str.maketrans(dict.fromkeys(BIDI_CONTROLS))
# Nothing to see: spaces and line breaks, control and format characters
# (zero-width spaces and joiners, U+2060, U+FEFF, bidi controls) and
# combining marks, which only show on a letter...
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Mc", "Me"})
# ...and the letters that draw nothing: the Hangul fillers and the blank Braille pattern.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_bidi_controls(text: str) -> bool:
    return any(character in BIDI_CONTROLS for character in text)


def strip_bidi_controls(value: str | None) -> str | None:
    return value.translate(_WITHOUT_BIDI_CONTROLS) if value else value


def has_visible_text(text: str) -> bool:
    return any(
        character not in BLANK_LETTERS and unicodedata.category(character) not in INVISIBLE_CATEGORIES
        for character in text
    )


def blank_if_invisible(value: str | None) -> str | None:
    """For optional text: nothing visible counts as nothing written."""
    return value if value is None or has_visible_text(value) else ""


class Visible:
    """Refuses text with nothing visible in it: spaces, zero-width characters, a mark on no letter."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not has_visible_text(field.data or ""):
            raise StopValidation(self.message)


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
            Visible(message="Please write something first."),
            ServerSideLength(max=MAX_BODY_LENGTH, message=f"Please keep it under {MAX_BODY_LENGTH:,} characters."),
        ],
    )


def title_field() -> StringField:
    return StringField(
        "Title",
        # A title is shown inline, beside the page's own words: no direction controls.
        filters=[clean_text, strip_bidi_controls, strip],
        validators=[
            InputRequired(message="Please give your topic a title."),
            Visible(message="Please give your topic a title."),
            Length(min=3, max=120, message="Please use a title of 3 to 120 characters."),
        ],
    )


def anonymous_field() -> BooleanField:
    return BooleanField("Post anonymously (your handle is shown to no one, moderators included)")


def support_now_field() -> BooleanField:
    return BooleanField("I need support now (your topic is listed first on the home page for a day)")
