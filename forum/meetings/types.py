"""Meeting types: the Meeting Guide codes ("O" open, "S" Spanish) and their names.

types.json holds the spec's own English and Spanish names for each code
(github.com/code4recovery/spec, data/types.json, MIT), so that a listing
reads the way every Meeting Guide app reads it; ONL ("Online"), which the
12 Step Meeting List plugin uses and the spec leaves to the conference
fields, is added. The names are the spec's, not the forum's catalogue's.
"""
import functools
import json
from pathlib import Path

from forum import i18n

# Offered in the form, most asked-for first; a listing may carry any other code the spec knows.
OFFERED = ("O", "C", "BE", "S", "EN", "W", "M", "LGBTQ", "Y", "A", "X", "ASL", "D", "SP", "ST", "MED", "CF")
# Held in Spanish: the filter for Spanish speakers.
SPANISH = "S"
# Online-ness is the meeting's mode; in the feed it is this code.
ONLINE = "ONL"


@functools.cache
def _names() -> dict[str, dict[str, str]]:
    return json.loads((Path(__file__).parent / "types.json").read_text(encoding="utf-8"))


def every_code() -> list[str]:
    """Every code a meeting may carry (ONL is the mode's, never stored)."""
    return [code for code in _names() if code != ONLINE]


def known(code: str) -> bool:
    return code in _names()


def name(code: str) -> str:
    """A code's name in the reader's language (English where the spec has none)."""
    names = _names()[code]
    locale = i18n.locale()
    return names.get(locale.language if locale else "en") or names["en"]
