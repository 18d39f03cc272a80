"""When meetings happen, as moments: a listing's "Mondays 19:00 in New York" in any reader's zone.

Every date is worked out in the meeting's own zone first (that is where
its clock is) and only then told in the reader's, so a meeting stays at
19:00 in New York through New York's clock changes and moves, for a
reader in London, in the weeks when only one of the two has changed.
A start that falls in a gap of the meeting's own clocks (02:30 on the
night they go forward) is read with the offset before the change.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from forum.models.meetings import Meeting

# "Starting within the hour": soon enough to get there or to open the call.
SOON = timedelta(hours=1)
WEEK = 7


def weekday(day: date) -> int:
    """A date's weekday as the Meeting Guide counts them: 0 = Sunday."""
    return day.isoweekday() % 7


@dataclass(frozen=True)
class Occurrence:
    """One meeting on one day; starts and ends are aware UTC moments."""

    meeting: Meeting
    starts: datetime
    ends: datetime

    def happening(self, now: datetime) -> bool:
        return self.starts <= now < self.ends

    def starting_soon(self, now: datetime) -> bool:
        return now < self.starts <= now + SOON

    def at(self, zone: str) -> datetime:
        return self.starts.astimezone(ZoneInfo(zone))

    def ends_at(self, zone: str) -> datetime:
        return self.ends.astimezone(ZoneInfo(zone))

    @property
    def at_home(self) -> datetime:
        """The start on the meeting's own clock."""
        return self.at(self.meeting.time_zone)

    @property
    def as_announced(self) -> datetime:
        """The start as the group announces it, its date at its own time: 02:30 even on the night the clocks
        skip 02:30, where at_home reads 03:30 (as iCalendar reads such a time, RFC 5545 3.3.5)."""
        return datetime.combine(self.at_home.date(), self.meeting.starts, tzinfo=ZoneInfo(self.meeting.time_zone))

    def reads_the_same_in(self, zone: str) -> bool:
        """Whether a reader in this zone reads the same clock time as the meeting's own."""
        return self.at(zone).replace(tzinfo=None) == self.at_home.replace(tzinfo=None)


def occurrences(meeting: Meeting, after: datetime, until: datetime) -> list[Occurrence]:
    """The meeting's occurrences still running after `after` (aware) and starting before `until`, in order."""
    zone = ZoneInfo(meeting.time_zone)
    first = (after - meeting.length).astimezone(zone).date()  # one that began before `after` may still run
    last = until.astimezone(zone).date()
    found = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if weekday(day) not in meeting.days:
            continue
        starts = datetime.combine(day, meeting.starts, tzinfo=zone).astimezone(UTC)
        # Its length in time that passes, not on the clock: an hour the clocks skip or repeat changes neither.
        occurrence = Occurrence(meeting, starts, starts + meeting.length)
        if occurrence.ends > after and occurrence.starts < until:
            found.append(occurrence)
    return found


def next_ones(meeting: Meeting, now: datetime, count: int = 4) -> list[Occurrence]:
    """The next `count` occurrences that have not ended, the one running now first."""
    return occurrences(meeting, now, now + timedelta(days=WEEK * count + 1))[:count]


@dataclass(frozen=True)
class Week:
    """What /meetings lists: running now and starting within the hour first, then each day's."""

    now: list[Occurrence]
    soon: list[Occurrence]
    days: list[tuple[date, list[Occurrence]]]

    @property
    def empty(self) -> bool:
        return not (self.now or self.soon or self.days)

    @property
    def meetings(self) -> list[Meeting]:
        """Each meeting listed, once, in the order it first comes."""
        every = [*self.now, *self.soon, *(occurrence for _day, listed in self.days for occurrence in listed)]
        return list({occurrence.meeting.id: occurrence.meeting for occurrence in every}.values())


def week(meetings: list[Meeting], now: datetime, zone: str, on_day: int | None = None, soon_only: bool = False) -> Week:
    """The coming seven days' meetings (from aware `now`), by day in the reader's zone.

    Seven days from now, not from today's midnight: every weekly meeting then comes at least once,
    whatever the hour (one running now comes again a week on).

    on_day: only that weekday (0 = Sunday) as the reader's calendar has it.
    soon_only: only what runs now or starts within the hour.
    """
    until = now + timedelta(days=WEEK)
    running, soon, later = [], [], {}
    every = sorted((occurrence for meeting in meetings for occurrence in occurrences(meeting, now, until)),
                   key=lambda occurrence: (occurrence.starts, occurrence.meeting.name, occurrence.meeting.id))
    for occurrence in every:
        day = occurrence.at(zone).date()
        if on_day is not None and weekday(day) != on_day:
            continue
        if occurrence.happening(now):
            running.append(occurrence)
        elif occurrence.starting_soon(now):
            soon.append(occurrence)
        elif not soon_only:
            later.setdefault(day, []).append(occurrence)
    return Week(running, soon, sorted(later.items()))
