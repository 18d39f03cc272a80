"""Form pieces shared by several areas, and the rules for what counts as text."""
import re
import secrets
import unicodedata

from flask import current_app, request
from flask_babel import gettext
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, StopValidation

from forum.i18n import Words, lazy_gettext
from forum.wording import number

MAX_BODY_LENGTH = 20_000


# WTForms' own words, in the forum's voice: a field that cannot read what was
# sent (a choice no form offers, letters where a number goes) says one of
# these. Listed here so that they are in the forum's catalogue; the English
# stays WTForms' own.
BUILT_IN_MESSAGES = {
    "Not a valid choice.": lazy_gettext("Not a valid choice."),
    "Not a valid integer value.": lazy_gettext("Not a valid integer value."),
    "This field is required.": lazy_gettext("This field is required."),
}


class _FormWords:
    """WTForms' translations, with its built-in messages taken from the forum's catalogue first."""

    def gettext(self, string):
        if string in BUILT_IN_MESSAGES:
            return str(BUILT_IN_MESSAGES[string])
        return wtforms_translations.gettext(string)

    def ngettext(self, singular, plural, n):
        return wtforms_translations.ngettext(singular, plural, n)


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

        def get_translations(self, form):
            return _FormWords()


# Why a form's safety check (its CSRF token) failed, said once for every form.
# Tokens never expire (WTF_CSRF_TIME_LIMIT is None), so a check fails for one
# of two reasons only: the browser sent no session cookie at all (it blocks
# cookies, or dropped this one), or it sent a session other than the one the
# form was made in (that one ended, and a new one began).
NO_COOKIE = lazy_gettext(
    "Your browser didn't send Porchlight's cookie, so for your safety this wasn't sent. "
    "Porchlight needs that one cookie to log you in and to take what you write: it is how the forum knows, "
    "from one page to the next, that it is still you, and that a form came from its own page and not from "
    "another site. It holds nothing else. Please allow cookies for this site."
)
SESSION_ENDED = lazy_gettext(
    "Your session had ended since this page was opened (you logged out, perhaps in another tab, or were away "
    "long enough for it to run out), so for your safety it wasn't sent."
)


def token_refusal() -> str:
    """Why this request's form was refused by the CSRF check, in words for the member."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return str(NO_COOKIE)
    return str(SESSION_ENDED)


def nothing_changed() -> str:
    """A small form (follow, save, settings) refused by the CSRF check: there are no words to give back."""
    return token_refusal() + " " + gettext("Nothing changed: please try again.")


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


def too_long(limit: int):
    """ "Please keep it under 2,000 characters.", the number as the reader's language writes it."""
    return Words(lambda: gettext("Please keep it under %(num)s characters.", num=number(limit)))


def body_field(label=None) -> TextAreaField:
    return TextAreaField(
        label or lazy_gettext("Your post"),
        filters=[clean_text],
        validators=[
            InputRequired(message=lazy_gettext("Please write something first.")),
            Visible(message=lazy_gettext("Please write something first.")),
            ServerSideLength(max=MAX_BODY_LENGTH, message=too_long(MAX_BODY_LENGTH)),
        ],
    )


def title_field() -> StringField:
    return StringField(
        lazy_gettext("Title"),
        # A title is shown inline, beside the page's own words: no direction controls.
        filters=[clean_text, strip_bidi_controls, strip],
        validators=[
            InputRequired(message=lazy_gettext("Please give your topic a title.")),
            Visible(message=lazy_gettext("Please give your topic a title.")),
            Length(min=3, max=120, message=lazy_gettext("Please use a title of 3 to 120 characters.")),
        ],
    )


def anonymous_field() -> BooleanField:
    return BooleanField(lazy_gettext("Post anonymously (your handle is shown to no one, moderators included)"))


def support_now_field() -> BooleanField:
    return BooleanField(lazy_gettext("I need support now (your topic is listed first on the home page for a day)"))


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
