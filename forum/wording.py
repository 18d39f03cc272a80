"""How numbers and times read to people, in their language and time zone, and <time> for machines.

The forum stores naive UTC. People read a moment in the zone they chose
(forum.preferences), written as their language writes dates (Babel's CLDR
data); the <time datetime> beside it stays the UTC instant.
"""
import functools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time, format_timedelta, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_decimal
from flask_babel import gettext
from markupsafe import Markup

from forum import preferences
from forum.i18n import catalogue, locale
from forum.models.base import utcnow


def number(count: int) -> str:
    """ "1,234" in English, "1234" and "12.345" in Spanish."""
    return format_decimal(count, locale=locale())


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """ "1 reply", "12.345 respuestas": a count and its words, the count written as the reader's language writes it.

    Messages say %(num)s; templates' ngettext does the same (forum.rendering).
    """
    return catalogue().ungettext(singular, plural, num) % {"num": number(num), **variables}


def local(moment: datetime) -> datetime:
    """A stored moment in the reader's time zone."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(preferences.time_zone()))


# How far back "5 minutes ago" goes before a date is clearer, unit by unit.
RELATIVE_UNITS = ((timedelta(hours=1), "minute", 60), (timedelta(days=1), "hour", 3600), (timedelta(days=7), "day", 86400))


def when(moment: datetime | None) -> str:
    """A time as people say it: "5 minutes ago", "3 days ago", "Mar 12, 2026"."""
    if moment is None:
        return gettext("never")
    age = utcnow() - moment
    for limit, unit, size in RELATIVE_UNITS:
        if age < limit:
            count = int(age.total_seconds() // size)
            if count < 1:
                return gettext("just now")
            # A whole number of units, and threshold 1: Babel words exactly this count, never rounding up.
            return format_timedelta(timedelta(seconds=-count * size), granularity=unit, threshold=1,
                                    add_direction=True, locale=locale())
    return day(moment)


def day(moment: datetime) -> str:
    """ "Mar 3, 2026", "3 mar 2026"."""
    return format_date(local(moment), "medium", locale=locale())


def clock(at: datetime | time) -> str:
    """ "2:05 PM", "14:05": an aware moment's time of day (or a time of day) as the reader's language writes it."""
    return _clock(at.hour, at.minute, str(locale()))


@functools.lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, language: str) -> str:
    # A list of meetings writes hundreds of times, of a few dozen kinds: each is worked out once.
    # CLDR puts a narrow no-break space before "AM", which old phones' fonts lack.
    return format_time(time(hour, minute), "short", locale=language).replace("\u202f", "\u00a0")


def weekday_and_date(at) -> str:
    """ "Wed, December 3", "mié, 3 de diciembre": a day of the coming weeks."""
    return format_skeleton("MMMMEEEEd", at, locale=locale())


def weekday_short(at) -> str:
    """ "Mon", "lun": a day's weekday, short."""
    return format_date(at, "EEE", locale=locale())


def weekday_names() -> list[tuple[int, str]]:
    """(number, name) of each weekday, Sunday first as 0 (the Meeting Guide's count), in the reader's language."""
    names = locale().days["format"]["wide"]  # Babel counts from Monday = 0
    return [(number, names[(number - 1) % 7]) for number in range(7)]


def weekdays(numbers) -> str:
    """ "Monday and Thursday", "lunes y jueves"."""
    names = dict(weekday_names())
    return format_list([names[number] for number in numbers], locale=locale())


def day_and_time(moment: datetime) -> str:
    """ "March 3, 2026, 2:05 PM EST": when a suspension ends, to the minute, with the zone it is told in."""
    at = local(moment)
    return gettext("%(day)s, %(time)s %(zone)s", day=format_skeleton("yMMMMd", at, locale=locale()),
                   time=clock(at), zone=get_timezone_name(at, "short", locale=locale()))


def month(moment: datetime) -> str:
    """ "March 2026": when someone joined, and no closer (a profile must not date an account to the day)."""
    return format_skeleton("yMMMM", moment, locale=locale())


def iso(moment: datetime) -> str:
    """UTC as machines read it (the forum stores naive UTC): "2026-03-03T14:05:09Z"."""
    return moment.isoformat(timespec="seconds") + "Z"


# The words for a moment, by style. Its <time datetime> is the UTC instant,
# except that a month stays a month (a profile's exact join date would date
# the account).
STYLES = {
    "ago": when,
    "day": day,
    "day_and_time": day_and_time,
    "month": month,
}


def time_tag(moment: datetime | None, style: str = "ago") -> Markup | str:
    """<time datetime="...">5 minutes ago</time>: the words for people, the moment for machines."""
    if moment is None:
        return when(None)
    machine = f"{moment:%Y-%m}" if style == "month" else iso(moment)
    return Markup('<time datetime="{}">{}</time>').format(machine, STYLES[style](moment))
