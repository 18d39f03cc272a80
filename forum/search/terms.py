"""What a member typed into the search box, as words to look for.

Nothing typed reaches a query language: the text is cut into words (runs of
letters and digits), and the engines quote every one of them. Two things
are understood on purpose: "words in quotes" are a phrase, and -word leaves
out posts that have it. Everything else (AND, NEAR, *, parentheses, an
unbalanced quote) is a word or nothing.
"""
import re
from dataclasses import dataclass, field

from forum.text import fold

# The box holds this much; a longer query (pasted, or sent by hand) is read this far.
MAX_LENGTH = 200
# Words beyond these are not looked for: each one costs the index a list to walk.
MAX_WORDS = 10
# Shorter words are matched whole: "r" would otherwise be every word starting with r.
PREFIX_FROM = 3

WORD = re.compile(r"[^\W_]+")
PIECE = re.compile(r'(?P<exclude>-)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))')


@dataclass(frozen=True)
class Phrase:
    """Words to find together, in this order; a phrase of one word is that word."""

    words: tuple[str, ...]

    @property
    def is_word(self) -> bool:
        return len(self.words) == 1

    @property
    def as_prefix(self) -> bool:
        """A lone word also finds longer ones that start with it ("relapse" finds "relapsed")."""
        return self.is_word and len(self.words[0]) >= PREFIX_FROM


@dataclass(frozen=True)
class Terms:
    wanted: tuple[Phrase, ...] = ()
    excluded: tuple[Phrase, ...] = ()
    # Words typed past MAX_WORDS (or MAX_LENGTH), which were not looked for.
    dropped: int = 0
    # Finds the wanted words in fold()ed text, as the index matched them.
    marks: re.Pattern | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        """Something to look for: leaving words out of nothing finds nothing."""
        return bool(self.wanted)


def parse(text: str) -> Terms:
    wanted, excluded, count, dropped = [], [], 0, 0
    if len(text) > MAX_LENGTH:
        dropped += len(WORD.findall(text[MAX_LENGTH:]))
        text = text[:MAX_LENGTH]
    for piece in PIECE.finditer(text):
        words = tuple(fold(word) for word in WORD.findall(piece["quoted"] or piece["bare"] or ""))
        if not words:
            continue
        if count + len(words) > MAX_WORDS:
            dropped += len(words)
            continue
        count += len(words)
        (excluded if piece["exclude"] else wanted).append(Phrase(words))
    unique = tuple(dict.fromkeys(wanted))
    return Terms(wanted=unique, excluded=tuple(dict.fromkeys(excluded)), dropped=dropped, marks=_marks(unique))


def _marks(wanted: tuple[Phrase, ...]) -> re.Pattern | None:
    words = {word: phrase.as_prefix for phrase in wanted for word in phrase.words}
    if not words:
        return None
    # Longest first, so that "relapsed" is marked whole when "relapse" is wanted too.
    return re.compile(r"\b(?:" + "|".join(
        re.escape(word) + (r"\w*" if prefix else r"\b") for word, prefix in sorted(words.items(), key=lambda w: -len(w[0]))
    ) + ")")
