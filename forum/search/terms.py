"""What a member typed into the search box, as words to look for.

Nothing typed reaches a query language: the text is cut into words (runs of
letters and digits), and the engines quote every one of them. Two things
are understood on purpose: "words in quotes" are a phrase, and -word leaves
out posts that have it. Everything else (AND, NEAR, *, parentheses, an
unbalanced quote) is a word or nothing.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from forum.text import fold

# The box holds this much; a longer query (pasted, or sent by hand) is read this far.
MAX_LENGTH = 200
# Words beyond these are not looked for: each one costs the index a list to walk.
MAX_WORDS = 10
# Shorter words are matched whole: "r" would otherwise be every word starting with r.
PREFIX_FROM = 3

WORD = re.compile(r"[^\W_]+")
JOINED = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
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
    # Some of what was typed was not looked for: past MAX_WORDS, or MAX_LENGTH.
    cut: bool = False
    # Finds the wanted words in fold()ed text, as the index matched them.
    marks: re.Pattern | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        """Something to look for: leaving words out of nothing finds nothing."""
        return bool(self.wanted)


def parse(text: str) -> Terms:
    wanted, excluded = [], []
    cut = len(text) > MAX_LENGTH
    # Composed, so that "í" typed as "i" and an accent is one letter, as the index has it.
    for piece in PIECE.finditer(unicodedata.normalize("NFC", text[:MAX_LENGTH])):
        # A quoted piece is one phrase; unquoted, only words joined by a hyphen
        # or an apostrophe are ("self-harm", "don't"), as a reader means them.
        groups = [piece["quoted"]] if piece["quoted"] is not None else JOINED.findall(piece["bare"] or "")
        for group in groups:
            phrase = Phrase(tuple(word.lower() for word in WORD.findall(group)))
            chosen = excluded if piece["exclude"] else wanted
            if not phrase.words or phrase in chosen:
                continue
            if sum(len(each.words) for each in wanted + excluded) + len(phrase.words) > MAX_WORDS:
                cut = True
                continue
            chosen.append(phrase)
    return Terms(wanted=tuple(wanted), excluded=tuple(excluded), cut=cut, marks=_marks(wanted))


def _marks(wanted: list[Phrase]) -> re.Pattern | None:
    """The wanted words in fold()ed text: the engines fold case and accents
    themselves, so the words they are given are as typed (lower case)."""
    words = {fold(word): phrase.as_prefix for phrase in wanted for word in phrase.words}
    if not words:
        return None
    # Longest first, so that "relapsed" is marked whole when "relapse" is wanted too.
    return re.compile(r"\b(?:" + "|".join(
        re.escape(word) + (r"\w*" if prefix else r"\b") for word, prefix in sorted(words.items(), key=lambda w: -len(w[0]))
    ) + ")")
