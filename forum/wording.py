"""How numbers and times read to people: plurals, dates, and <time> for machines.

Dates are built from their parts, never with strftime's unpadded day (a
dash after the percent sign): that is a glibc extension, and fails or
prints the dash on other C libraries.
"""
from datetime import datetime

from markupsafe import Markup

from forum.models.base import utcnow


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 reply", "3 replies": the count and the word that goes with it."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def when(moment: datetime | None) -> str:
    """A time as people say it: "5 minutes ago", "3 days ago", "12 Mar 2026"."""
    if moment is None:
        return "never"
    seconds = (utcnow() - moment).total_seconds()
    for limit, unit, size in ((3600, "minute", 60), (86400, "hour", 3600), (86400 * 7, "day", 86400)):
        if seconds < limit:
            count = int(seconds // size)
            if count < 1:
                return "just now"
            return plural(count, unit) + " ago"
    return day(moment)


def day(moment: datetime) -> str:
    """ "3 Mar 2026"."""
    return f"{moment.day} {moment:%b %Y}"


def day_and_time(moment: datetime) -> str:
    """ "3 March 2026 at 14:05 UTC": when a suspension ends, to the minute."""
    return f"{moment.day} {moment:%B %Y at %H:%M} UTC"


def month(moment: datetime) -> str:
    """ "March 2026": when someone joined, and no closer (a profile must not date an account to the day)."""
    return f"{moment:%B %Y}"


def iso(moment: datetime) -> str:
    """UTC as machines read it (the forum stores naive UTC): "2026-03-03T14:05:09Z"."""
    return moment.isoformat(timespec="seconds") + "Z"


# The words for a moment, and the moment as <time datetime> gives it. A
# month stays a month: a profile's exact join date would date the account.
STYLES = {
    "ago": (when, iso),
    "day": (day, lambda moment: f"{moment:%Y-%m-%d}"),
    "day_and_time": (day_and_time, lambda moment: f"{moment:%Y-%m-%dT%H:%M}Z"),
    "month": (month, lambda moment: f"{moment:%Y-%m}"),
}


def time_tag(moment: datetime | None, style: str = "ago") -> Markup | str:
    """<time datetime="...">5 minutes ago</time>: the words for people, the moment for machines."""
    if moment is None:
        return when(None)
    words, machine = STYLES[style]
    return Markup('<time datetime="{}">{}</time>').format(machine(moment), words(moment))
