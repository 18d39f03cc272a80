"""Markdown to sanitized HTML: the one place member text becomes markup.

Posts are rendered once, when they are written, and the result is stored;
templates show that stored HTML and escape everything else. Raw HTML in a
post is never interpreted: Markdown's HTML passthrough is switched off, so
`<script>` arrives as the visible text "<script>".
"""
import re
import threading
import unicodedata
from functools import lru_cache, partial
from html import escape
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.linkifier import TLDS, LinkifyFilter
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Outbound links must not lend the forum's standing to spam, nor tell the
# other site where the member came from.
LINK_REL = "nofollow ugc noopener noreferrer"
# Python-Markdown's link parser is quadratic in the number of "[": past
# this many, brackets are shown as typed instead of parsed as links, so
# that one post cannot hold a worker for seconds.
MAX_LINK_BRACKETS = 500

# Bare URLs to link: bleach's pattern, less its leading "\(*", and with
# domain labels of at most 63 characters (as DNS has them); both keep long
# runs of "(" or "1-1-1-" from taking quadratic time. bleach strips a URL's
# surrounding parentheses itself. Only http and https become links.
BARE_URL = re.compile(
    r"""\b(?<![@.])(?:(?:https?):/{{0,3}}(?:(?:\w+:)?\w+@)?)?
    ([\w-]{{1,63}}\.)+(?:{tlds})(?:\:[0-9]+)?(?!\.\w)\b
    (?:[/?][^\s\{{\}}\|\\\^`<>"]*)?""".format(tlds="|".join(sorted(TLDS))),
    re.IGNORECASE | re.VERBOSE | re.UNICODE,
)


def _link_attributes(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href or urlsplit(href).scheme.lower() not in ALLOWED_PROTOCOLS | {""}:
        return None  # the link becomes its plain text
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


def _new_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        filters=[partial(
            LinkifyFilter,
            callbacks=[_link_attributes],
            skip_tags={"pre", "code"},
            parse_email=False,
            url_re=BARE_URL,
        )],
    )


# A Cleaner's HTML parser keeps state while it works, so threads sharing one
# (gunicorn's gthread workers) would mix up each other's posts: each thread
# gets its own, built once.
_per_thread = threading.local()


def _cleaner() -> bleach.Cleaner:
    if not hasattr(_per_thread, "cleaner"):
        _per_thread.cleaner = _new_cleaner()
    return _per_thread.cleaner


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["fenced_code", "sane_lists", "toc"],
        # A post's headings sit below the page's own: # becomes <h3>.
        extension_configs={"toc": {"baselevel": 3, "anchorlink": False, "permalink": False}},
    )
    # No raw HTML and no images (they would load from other hosts).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("image_link")
    md.inlinePatterns.deregister("image_reference")
    md.inlinePatterns.deregister("short_image_ref")
    return md


def stored_html(record) -> Markup:
    """Stored HTML, as the one thing templates may show unescaped: a post's
    body_html, or a report's copy of it (body_html_when_reported, taken from
    the post when it was reported).

    Both were made by render() when the post was written; this is the only
    place in the forum that marks text safe.
    """
    if hasattr(record, "body_html_when_reported"):
        return Markup(record.body_html_when_reported or "")
    return Markup(record.body_html)


# Characters XML 1.0 cannot carry at all, not even escaped (its Char
# production): a control character in a title would make a whole feed
# unreadable to a feed reader, where a browser showing the page shrugs.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text less the characters XML cannot carry: a feed, whatever a member typed."""
    return NOT_XML.sub("", text)


EXCERPT_LENGTH = 160
BLOCK_ENDS = re.compile(r"</(?:p|li|h\d|blockquote|pre)>|<br\s*/?>")


def plain_words(post) -> str:
    """A post's words as plain text, on one line: taken from its sanitized
    HTML, so nothing in it is markup."""
    spaced = BLOCK_ENDS.sub(" ", post.body_html)  # "end.</p><p>Next" must not read "end.Next"
    return " ".join(Markup(spaced).striptags().split())


def _end(words: str, start: int, length: int) -> int:
    """Where a stretch of about length characters from start ends: at a space, within length."""
    if len(words) - start <= length:
        return len(words)
    space = words.rfind(" ", start, start + length)
    return space if space > start else start + length


def excerpt(post, length: int = EXCERPT_LENGTH) -> str:
    """The first line or so of a post's words, as plain text (the inbox, saved posts)."""
    words = plain_words(post)
    end = _end(words, 0, length)
    return words[:end] + ("…" if end < len(words) else "")


def fold(text: str) -> str:
    """Lower case without accents, one character for one (a mark found in the
    folded text is at the same place in the text), as search compares words."""
    if text.isascii():
        return text.lower()  # most posts: one call instead of one a letter
    return "".join(_folded(character) for character in text)


@lru_cache(maxsize=4096)
def _folded(character: str) -> str:
    lowered = character.lower()[:1]  # "İ" lowers to two characters
    bare = "".join(part for part in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(part))
    # A letter that decomposes into several (a Hangul syllable) stays as it is.
    return bare if len(bare) == 1 else lowered


# How much of a post a search result shows before its first match.
LEAD = 50


def _marked_between(words: str, folded: str, marks: re.Pattern | None, start: int, end: int) -> Markup:
    pieces, at = [], start
    for match in marks.finditer(folded, start, end) if marks else ():
        pieces += [words[at:match.start()], Markup("<mark>%s</mark>") % words[match.start():match.end()]]
        at = match.end()
    pieces.append(words[at:end])
    return Markup("").join(pieces)  # every piece not Markup is escaped


def marked(words: str, marks: re.Pattern | None) -> Markup:
    """The words escaped, with what marks finds in their fold()ed form in <mark>
    (a search's title): the words escaped, and <mark> the only markup."""
    words = unicodedata.normalize("NFC", words)
    return _marked_between(words, fold(words), marks, 0, len(words))


def search_excerpt(post, marks: re.Pattern | None, length: int = EXCERPT_LENGTH) -> Markup:
    """A stretch of a post's plain words around the first word a search found,
    each found word in <mark>, as marked() does.

    marks finds the searched words in fold()ed text (forum.search.terms).
    """
    words = unicodedata.normalize("NFC", plain_words(post))
    folded = fold(words)
    first = marks.search(folded) if marks else None
    start = 0
    if first and first.start() > LEAD:
        cut = first.start() - LEAD
        space = words.rfind(" ", max(0, cut - LEAD), cut)  # begin at a word, unless words run on without one
        start = space + 1 if space >= 0 else cut
    end = _end(words, start, length)
    return Markup("").join([Markup("…") if start else "", _marked_between(words, folded, marks, start, end),
                            Markup("…") if end < len(words) else ""])


def render(source: str) -> str:
    """Return sanitized HTML for a post's Markdown source."""
    if source.count("[") > MAX_LINK_BRACKETS:
        # Backslashes doubled first, so that no "[" is left unescaped.
        source = source.replace("\\", "\\\\").replace("[", "\\[")
    md = _markdown()  # Markdown objects keep state between calls; one per call
    try:
        html = md.convert(source)
    except RecursionError:
        # Hundreds of nested lists or quotes exhaust the parser's recursion;
        # the member's words are kept as plain paragraphs instead.
        html = "".join(f"<p>{escape(part)}</p>" for part in source.split("\n\n") if part.strip())
    return _cleaner().clean(html)
