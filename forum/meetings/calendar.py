"""Calendar files: each meeting a weekly event on its own clock (RRULE, TZID), built with icalendar."""
from datetime import UTC, datetime, timedelta

from flask_babel import gettext
from icalendar import Calendar, Event

from forum.meetings.schedule import next_ones
from forum.vocabulary import Fellowship

# iCalendar's weekday names, Sunday first, as the Meeting Guide counts days.
BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def _event(meeting, now: datetime, page_url: str, joining: bool, discreet: bool) -> Event | None:
    upcoming = next_ones(meeting, now, count=1)
    if not upcoming:
        return None
    starts = upcoming[0].as_announced  # the weekly rule repeats it: never a time shifted by one night's change
    event = Event()
    # The same meeting is the same event in every file, from any address: a calendar updates it.
    event.add("uid", f"{meeting.uid}@porchlight")
    event.add("dtstamp", now)
    event.add("dtstart", starts)
    event.add("dtend", starts + meeting.length)
    event.add("rrule", {"freq": "weekly", "byday": [BYDAY[day] for day in meeting.days]})
    # On a locked phone a reminder shows this line: "Meeting" says nothing of whose.
    event.add("summary", gettext("Meeting") if discreet else meeting.name)
    where = ", ".join(part for part in (meeting.location, meeting.formatted_address) if part)
    if joining and meeting.conference_url:
        where = ", ".join(part for part in (where, meeting.conference_url) if part)
    if where:
        event.add("location", where)
    lines = [] if discreet else [str(Fellowship(meeting.fellowship).label)]
    if joining:
        lines += [part for part in (meeting.conference_url, meeting.conference_url_notes, meeting.conference_phone)
                  if part]
    lines += [meeting.notes, page_url]
    event.add("description", "\n".join(line for line in lines if line))
    event.add("url", page_url)
    return event


def calendar_file(listings, now: datetime, discreet: bool) -> bytes:
    """listings: (meeting, its page's address, whether this reader sees how to join) for each meeting."""
    calendar = Calendar()
    calendar.add("prodid", "-//Porchlight//Meetings//EN")
    calendar.add("version", "2.0")
    for meeting, page_url, joining in listings:
        if event := _event(meeting, now.astimezone(UTC), page_url, joining, discreet):
            calendar.add_component(event)
    # Each zone's rules from a year back: enough for any calendar, and far fewer bytes than since 1970.
    calendar.add_missing_timezones(first_date=(now - timedelta(days=366)).date())
    return calendar.to_ical()
