"""Words defined before anyone reads them (labels, enum words, error pages), translated when shown.

Every module that defines words at import time takes lazy_gettext from
here, never from flask_babel: Flask-Babel's lazy string hands itself to
templates as markup, unescaped, so "didn't" would reach the page as it
is and a translation holding a "<" would become a tag. These are text,
escaped like every other word on the page.
"""
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape


class Words(LazyString):
    """A message translated into the reader's language each time it is shown."""

    def __html__(self):
        return escape(str(self))


def lazy_gettext(string: str, **variables) -> Words:
    return Words(gettext, string, **variables)
