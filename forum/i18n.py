"""The reader's language as code sees it: this answer's catalogue and locale, and words defined
before anyone reads them (labels, enum words, error pages), translated when shown.

Flask-Babel finds the catalogue and locale anew for every message, which
costs more than writing a page's words; templates and forum.wording ask
catalogue() and locale() here, found once per answer. Whatever changes the
language while answering goes through refresh() or speaking() below, so
that nothing keeps the old one.

Every module that defines words at import time takes lazy_gettext from
here, never from flask_babel: Flask-Babel's lazy string hands itself to
templates as markup, unescaped, so "didn't" would reach the page as it
is and a translation holding a "<" would become a tag. These are text,
escaped like every other word on the page.
"""
from contextlib import contextmanager

from flask import g
from flask_babel import force_locale, get_locale, get_translations, gettext
from flask_babel import refresh as refresh_babel
from flask_babel.speaklater import LazyString
from markupsafe import escape


class Words(LazyString):
    """A message translated into the reader's language each time it is shown."""

    def __html__(self):
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> Words:
    return Words(gettext, string, **variables)


def catalogue():
    """This answer's translations."""
    words = g.get("_catalogue")
    if words is None:
        words = g._catalogue = get_translations()
    return words


def locale():
    """This answer's locale (Babel's), for writing dates and numbers."""
    found = g.get("_locale")
    if found is None:
        found = g._locale = get_locale()
    return found


def _forget() -> None:
    g.pop("_catalogue", None)
    g.pop("_locale", None)


def refresh() -> None:
    """After a reader changes their language: the rest of this answer speaks the new one."""
    refresh_babel()
    _forget()


@contextmanager
def speaking(language: str):
    """Write part of an answer in another language (a member's private feed, in the member's)."""
    _forget()
    try:
        with force_locale(language):
            yield
    finally:
        _forget()
