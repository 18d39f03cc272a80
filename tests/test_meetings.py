"""Weekly meetings (issue 14): found in the reader's time zone, added to a calendar, read by Meeting Guide apps,
imported from an intergroup's file, proposed by members and kept by staff.

Every story goes through the forum's own surface: its pages and files over HTTP, `forum meetings import` on the
command line, one real SQLite database each. "Now" is frozen where a page depends on it, by giving
forum.meetings.views its own clock (naive UTC, as forum.models.base.utcnow gives it).
"""
import json
import re
import uuid
import zoneinfo
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from icalendar import Calendar

from forum.extensions import db
from forum.limits import limiter
from forum.meetings import views
from forum.models import Meeting
from forum.models.base import utcnow
from forum.vocabulary import MeetingState
from tests.helpers import Members, count_queries, make_app, read_in, sign_in_as, submit

SAMPLE = Path(__file__).parent / "data" / "meetings_sample.json"
NB = "\u00a0"  # the no-break space the forum writes before AM and PM
REFUSED_LINK = "Please give a web address that starts with https:// or http://."
WAITING = "Waiting for a facilitator or moderator to look at it."
NOT_CONFIRMED = "Not confirmed recently"

# A Monday evening meeting in New York, as staff fill in the form.
MONDAY_NIGHT = {
    "name": "Monday Night Hope", "fellowship": "aa", "mode": "online", "day": "1", "time": "19:00",
    "end_time": "20:00", "time_zone": "America/New_York", "conference_url": "https://zoom.example/j/1904",
    "board": "",
}
# Its page's address: the slug is made once from the name.
MONDAY_SLUG = "monday-night-hope"


def _words(text: str) -> str:
    """A clock as the forum writes it: "7:00 PM" with a no-break space."""
    return text.replace(" AM", f"{NB}AM").replace(" PM", f"{NB}PM")


@pytest.fixture
def now_is(monkeypatch):
    """Freeze the meeting pages' "now" at a naive UTC moment."""
    def freeze(moment: datetime) -> None:
        monkeypatch.setattr(views, "utcnow", lambda: moment)
    return freeze


@pytest.fixture
def moderator(app):
    return sign_in_as(app, "steady-keeper", "moderator")


def _add(client, **fields) -> str:
    """Send the meeting form (staff list at once, members propose); the new meeting's slug."""
    response = submit(client, "/meetings/new", {**MONDAY_NIGHT, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    path = urlsplit(response.location).path
    assert path.startswith("/meetings/"), path
    return path.removeprefix("/meetings/")


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def _main(page: str) -> str:
    """The page's own content, without the header and footer every page has."""
    return page.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _dates(page: str) -> list[tuple[str, str, str]]:
    """A meeting page's "next dates": (the UTC instant, the words shown, its time at home when shown)."""
    listing = re.search(r'<ol class="dates">(.*?)</ol>', page, re.S)
    assert listing, "no list of dates"
    return re.findall(r'<li><time datetime="([^"]+)">([^<]+)</time>(?: <small>\(([^)]*)\)</small>)?</li>',
                      listing.group(1))


def _sections(page: str) -> dict[str, list[tuple[str, str, str, str]]]:
    """/meetings' list: each heading's rows, as (UTC instant, clock shown, slug, the small print)."""
    listing = page.split('<div id="meeting-list">', 1)[1].split("</div>", 1)[0]
    return {
        heading: re.findall(r'<li><time datetime="([^"]+)">([^<]+)</time> <a href="/meetings/([^"]+)"><bdi>[^<]*'
                            r'</bdi></a>\s*<small>(.*?)</small></li>', rows, re.S)
        for heading, rows in re.findall(r'<h2>([^<]*)</h2>\s*<ul class="meetings">(.*?)</ul>', listing, re.S)
    }


def _slugs(sections) -> dict[str, list[str]]:
    return {heading: [row[2] for row in rows] for heading, rows in sections.items()}


def _calendar(client, url: str, host: str = "localhost") -> Calendar:
    response = client.get(url, headers={"Host": host})
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return Calendar.from_ical(response.data)


def _feed(client) -> list[dict]:
    response = client.get("/meetings.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    # Public, for meeting finders on other sites that read it from the browser.
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.data)


def _import(app, path, *options):
    return app.test_cli_runner().invoke(args=["forum", "meetings", "import", str(path), *options])


# --- 1. Time zones across daylight saving ----------------------------------------------------------------------

# A reader in London, a meeting Mondays 19:00 in New York. The US changes clocks on the 2nd Sunday of March and
# the 1st of November, the UK on the last Sundays of March and October (in 2026: US 8 March and 1 November, UK
# 29 March and 25 October). For each frozen "now" (a Monday, 12:00 UTC): the page's next four dates, as
# (UTC instant, words), and the heading /meetings puts the first under.
LONDON_WEEKS = {
    "january: both on standard time": (datetime(2026, 1, 12, 12), [
        ("2026-01-13T00:00Z", "Tue, January 13, 12:00 AM–1:00 AM"),
        ("2026-01-20T00:00Z", "Tue, January 20, 12:00 AM–1:00 AM"),
        ("2026-01-27T00:00Z", "Tue, January 27, 12:00 AM–1:00 AM"),
        ("2026-02-03T00:00Z", "Tue, February 3, 12:00 AM–1:00 AM"),
    ], "Tomorrow"),
    "march: New York changes first": (datetime(2026, 3, 2, 12), [
        ("2026-03-03T00:00Z", "Tue, March 3, 12:00 AM–1:00 AM"),
        ("2026-03-09T23:00Z", "Mon, March 9, 11:00 PM–12:00 AM"),
        ("2026-03-16T23:00Z", "Mon, March 16, 11:00 PM–12:00 AM"),
        ("2026-03-23T23:00Z", "Mon, March 23, 11:00 PM–12:00 AM"),
    ], "Tomorrow"),
    "march: London catches up": (datetime(2026, 3, 23, 12), [
        ("2026-03-23T23:00Z", "Mon, March 23, 11:00 PM–12:00 AM"),
        ("2026-03-30T23:00Z", "Tue, March 31, 12:00 AM–1:00 AM"),
        ("2026-04-06T23:00Z", "Tue, April 7, 12:00 AM–1:00 AM"),
        ("2026-04-13T23:00Z", "Tue, April 14, 12:00 AM–1:00 AM"),
    ], "Today"),
    "summer: both on daylight time": (datetime(2026, 7, 6, 12), [
        ("2026-07-06T23:00Z", "Tue, July 7, 12:00 AM–1:00 AM"),
        ("2026-07-13T23:00Z", "Tue, July 14, 12:00 AM–1:00 AM"),
        ("2026-07-20T23:00Z", "Tue, July 21, 12:00 AM–1:00 AM"),
        ("2026-07-27T23:00Z", "Tue, July 28, 12:00 AM–1:00 AM"),
    ], "Tomorrow"),
    "october: London changes first": (datetime(2026, 10, 19, 12), [
        ("2026-10-19T23:00Z", "Tue, October 20, 12:00 AM–1:00 AM"),
        ("2026-10-26T23:00Z", "Mon, October 26, 11:00 PM–12:00 AM"),
        ("2026-11-03T00:00Z", "Tue, November 3, 12:00 AM–1:00 AM"),
        ("2026-11-10T00:00Z", "Tue, November 10, 12:00 AM–1:00 AM"),
    ], "Tomorrow"),
    "november: New York catches up": (datetime(2026, 10, 26, 12), [
        ("2026-10-26T23:00Z", "Mon, October 26, 11:00 PM–12:00 AM"),
        ("2026-11-03T00:00Z", "Tue, November 3, 12:00 AM–1:00 AM"),
        ("2026-11-10T00:00Z", "Tue, November 10, 12:00 AM–1:00 AM"),
        ("2026-11-17T00:00Z", "Tue, November 17, 12:00 AM–1:00 AM"),
    ], "Today"),
}


@pytest.mark.parametrize(("now", "dates", "heading"), LONDON_WEEKS.values(), ids=LONDON_WEEKS.keys())
def test_a_new_york_meeting_moves_for_a_london_reader_only_in_the_weeks_one_side_has_changed_clocks(
        app, client, moderator, now_is, now, dates, heading):
    _add(moderator)
    now_is(now)
    response = submit(client, "/settings", {"time_zone": "Europe/London", "country": "", "language": "en"})
    assert response.status_code == 302

    page = _page(client, f"/meetings/{MONDAY_SLUG}")
    assert f"Every week on Monday, at {_words('7:00 PM')} in New York." in page
    # New York's own clock beside each, with its weekday when London's date is already Tuesday.
    expected = [(instant, _words(words), _words(("" if words.startswith("Mon") else "Mon ") + "7:00 PM in New York"))
                for instant, words in dates]
    assert _dates(page) == expected

    # /meetings lists the coming week: the first of those dates, under its day in London.
    first_instant, first_words = dates[0]
    sections = _sections(_page(client, "/meetings"))
    assert list(sections) == [heading]
    [(instant, shown, slug, small)] = sections[heading]
    assert (instant, slug) == (first_instant, MONDAY_SLUG)
    assert shown == _words(first_words.split(", ")[-1].split("–")[0])
    # The row's own clock, with New York's weekday when London's date is already Tuesday.
    own_clock = ("Mon " if first_words.startswith("Tue") else "") + "7:00 PM in New York"
    assert f"· {_words(own_clock)}" in small

    # The day filter is London's weekday too: Monday 23:00 is a Monday, Tuesday 00:00 a Tuesday.
    london_day = "1" if first_words.startswith("Mon") else "2"
    other_day = "2" if london_day == "1" else "1"
    assert MONDAY_SLUG in _slugs(_sections(_page(client, f"/meetings?day={london_day}")))[heading]
    assert _sections(_page(client, f"/meetings?day={other_day}")) == {}


def test_a_reader_in_the_meetings_own_zone_reads_its_own_clock_and_no_second_one(app, client, moderator, now_is):
    _add(moderator)
    now_is(datetime(2026, 3, 2, 12))
    read_in(client, "en", "America/New_York")
    page = _page(client, f"/meetings/{MONDAY_SLUG}")
    assert _dates(page) == [
        ("2026-03-03T00:00Z", _words("Mon, March 2, 7:00 PM–8:00 PM"), ""),
        ("2026-03-09T23:00Z", _words("Mon, March 9, 7:00 PM–8:00 PM"), ""),
        ("2026-03-16T23:00Z", _words("Mon, March 16, 7:00 PM–8:00 PM"), ""),
        ("2026-03-23T23:00Z", _words("Mon, March 23, 7:00 PM–8:00 PM"), ""),
    ]
    assert "in New York)" not in page
    [(_, shown, _, small)] = _sections(_page(client, "/meetings"))["Today"]
    assert shown == _words("7:00 PM") and "in New York" not in small


# A Sunday meeting in New York at an hour its clocks skip (02:30 on 8 March 2026) or read twice (01:30 on
# 1 November 2026). As iCalendar reads such a time (RFC 5545, 3.3.5), 02:30 that night is 07:30 UTC, and 01:30
# is the first of the two, 05:30 UTC; the meeting lasts its hour (no end time given) either way.
CLOCK_CHANGES = {
    "skipped hour": ("02:30", datetime(2026, 3, 2, 12), "2026-03-08T07:30Z", "Sun, March 8, 7:30 AM–8:30 AM",
                     datetime(2026, 3, 8, 8, 0)),
    "hour read twice": ("01:30", datetime(2026, 10, 26, 12), "2026-11-01T05:30Z", "Sun, November 1, 5:30 AM–6:30 AM",
                        datetime(2026, 11, 1, 6, 0)),
}


@pytest.mark.parametrize(("starts", "now", "instant", "words", "during"), CLOCK_CHANGES.values(),
                         ids=CLOCK_CHANGES.keys())
def test_a_meeting_on_the_night_its_clocks_change_still_lasts_its_hour(
        app, client, moderator, now_is, starts, now, instant, words, during):
    slug = _add(moderator, name="Small Hours", day="0", time=starts, end_time="")
    now_is(now)
    first = _dates(_page(client, f"/meetings/{slug}"))[0]
    assert first[:2] == (instant, _words(words))
    # Half an hour in, it is happening now.
    now_is(during)
    assert _slugs(_sections(_page(client, "/meetings?soon=1"))) == {"Happening now": [slug]}


def test_the_weekly_time_on_a_meetings_page_is_its_own_even_in_the_week_its_clocks_skip_it(
        app, client, moderator, now_is):
    slug = _add(moderator, name="Small Hours", day="0", time="02:30", end_time="")
    now_is(datetime(2026, 3, 2, 12))  # the next Sunday is 8 March, when New York skips from 02:00 to 03:00
    assert f"Every week on Sunday, at {_words('2:30 AM')} in New York." in _page(client, f"/meetings/{slug}")


def test_a_calendar_file_made_the_week_before_its_clocks_skip_an_hour_keeps_the_weekly_time(
        app, client, moderator, now_is):
    slug = _add(moderator, name="Small Hours", day="0", time="02:30", end_time="")
    now_is(datetime(2026, 3, 2, 12))
    [meeting] = _calendar(client, f"/meetings/{slug}.ics").walk("VEVENT")
    starts = meeting.decoded("DTSTART")
    # Every week from here on is at 02:30 New York time: the RRULE repeats DTSTART's clock time.
    assert meeting["DTSTART"].params["TZID"] == "America/New_York"
    assert (starts.hour, starts.minute) == (2, 30), starts


# --- 2. "Happening now" and "Starting within the hour", at their edges -------------------------------------------

EDGES_NOW = datetime(2026, 1, 14, 12, 0)  # a Wednesday, 12:00 UTC
EDGES = [  # (name, starts, ends) on Wednesdays, in UTC
    ("Began Half An Hour Ago", "11:30", "12:30"),
    ("Starts This Minute", "12:00", "13:00"),
    ("Ended This Minute", "11:00", "12:00"),
    ("Starts In Sixty Minutes", "13:00", "14:00"),
    ("Starts In Sixty One Minutes", "13:01", "14:00"),
]


@pytest.fixture
def edges(app, moderator, now_is):
    slugs = [_add(moderator, name=name, day="3", time=starts, end_time=ends, time_zone="UTC")
             for name, starts, ends in EDGES]
    now_is(EDGES_NOW)
    return dict(zip((name for name, _, _ in EDGES), slugs))


def test_happening_now_and_starting_within_the_hour_at_their_edges(client, edges):
    sections = _slugs(_sections(_page(client, "/meetings")))
    assert sections == {
        # Running from exactly now, or since before: now. One that ends exactly now is over.
        "Happening now": [edges["Began Half An Hour Ago"], edges["Starts This Minute"]],
        # Exactly 60 minutes away is within the hour; 61 is not, and waits under its day.
        "Starting within the hour": [edges["Starts In Sixty Minutes"]],
        "Later today": [edges["Starts In Sixty One Minutes"]],
        # The week is the coming seven days: what is over today comes next under the same day a week on.
        "Wed, January 21": [edges["Ended This Minute"], edges["Began Half An Hour Ago"]],
    }


def test_soon_lists_only_what_runs_now_or_starts_within_the_hour(client, edges):
    page = _page(client, "/meetings?soon=1")
    assert _slugs(_sections(page)) == {
        "Happening now": [edges["Began Half An Hour Ago"], edges["Starts This Minute"]],
        "Starting within the hour": [edges["Starts In Sixty Minutes"]],
    }
    assert edges["Starts In Sixty One Minutes"] not in page
    assert '<input type="checkbox" id="m-soon" name="soon" value="1" checked>' in page


# --- 3. Calendar files ------------------------------------------------------------------------------------------

@pytest.fixture
def two_meetings(app, moderator, now_is):
    now_is(datetime(2026, 1, 12, 12))
    monday = _add(moderator)
    twice = _add(moderator, name="Twice A Week Circle", fellowship="na", mode="in_person", day=["1", "4"],
                 time="19:00", end_time="20:30", time_zone="Europe/Madrid", type="C", conference_url="",
                 location="Centro cívico", formatted_address="Calle Mayor 1, Madrid", board="families")
    return monday, twice


def test_a_meetings_calendar_file_is_a_weekly_event_on_its_own_clock(client, two_meetings):
    monday, twice = two_meetings
    calendar = _calendar(client, f"/meetings/{monday}.ics")
    [meeting] = calendar.walk("VEVENT")
    assert meeting["RRULE"]["FREQ"] == ["WEEKLY"]
    assert [str(day) for day in meeting["RRULE"]["BYDAY"]] == ["MO"]
    assert meeting["DTSTART"].params["TZID"] == "America/New_York"
    starts, ends = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
    assert (starts.strftime("%A %H:%M"), ends.strftime("%H:%M")) == ("Monday 19:00", "20:00")
    assert str(meeting["SUMMARY"]) == "Monday Night Hope"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]

    [both_days] = _calendar(client, f"/meetings/{twice}.ics").walk("VEVENT")
    assert sorted(str(day) for day in both_days["RRULE"]["BYDAY"]) == ["MO", "TH"]
    assert both_days["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert both_days.decoded("DTSTART").strftime("%H:%M") == "19:00"


def _uid(client, url: str, host: str = "localhost") -> str:
    [meeting] = _calendar(client, url, host).walk("VEVENT")
    return str(meeting["UID"])


def test_a_meeting_is_the_same_event_in_every_download_and_another_meeting_is_another(client, two_meetings):
    monday, twice = two_meetings
    first = _uid(client, f"/meetings/{monday}.ics")
    # The meeting's own UID, not its address's: fetched at another host name, it is still the same event.
    again = _uid(client, f"/meetings/{monday}.ics", host="meetings.example.org")
    other = _uid(client, f"/meetings/{twice}.ics")
    assert first == again and first != other
    for uid in (first, other):
        own, at = uid.split("@")
        assert at == "porchlight" and str(uuid.UUID(own)) == own, uid
    everything = {str(meeting["UID"]) for meeting in _calendar(client, "/meetings.ics").walk("VEVENT")}
    assert everything == {first, other}
    elsewhere = {str(meeting["UID"])
                 for meeting in _calendar(client, "/meetings.ics", "192.0.2.7:8080").walk("VEVENT")}
    assert elsewhere == everything


def test_a_discreet_calendar_names_each_event_just_meeting(client, two_meetings):
    monday, _twice = two_meetings
    response = client.get(f"/meetings/{monday}.ics?discreet=1")
    [meeting] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(meeting["SUMMARY"]) == "Meeting"
    text = response.get_data(as_text=True)
    assert "Monday Night Hope" not in text and "Alcoholics Anonymous" not in text
    summaries = {str(meeting["SUMMARY"]) for meeting in _calendar(client, "/meetings.ics?discreet=1").walk("VEVENT")}
    assert summaries == {"Meeting"}


@pytest.mark.parametrize(("query", "kept"), [
    ("", {"Monday Night Hope", "Twice A Week Circle", "Hall And Screen"}),
    ("type=C", {"Twice A Week Circle"}),
    ("type=ONL", {"Monday Night Hope", "Hall And Screen"}),
    # A hybrid meeting is one to join online and one to go to in person: it is kept by either.
    ("mode=online", {"Monday Night Hope", "Hall And Screen"}),
    ("mode=in_person", {"Twice A Week Circle", "Hall And Screen"}),
    ("mode=hybrid", {"Hall And Screen"}),
    ("fellowship=na", {"Twice A Week Circle"}),
    ("board=families", {"Twice A Week Circle"}),
    ("board=alcohol", set()),
])
def test_the_calendar_of_every_meeting_and_the_list_keep_only_those_the_filters_keep(
        client, moderator, two_meetings, query, kept):
    hybrid = _add(moderator, name="Hall And Screen", mode="hybrid", day="3", location="Parish hall",
                  formatted_address="2 Church Lane, Leeds", time_zone="Europe/London")
    names = dict(zip([*two_meetings, hybrid], ["Monday Night Hope", "Twice A Week Circle", "Hall And Screen"]))
    calendar = _calendar(client, f"/meetings.ics?{query}")
    assert {str(meeting["SUMMARY"]) for meeting in calendar.walk("VEVENT")} == kept
    listed = {names[slug] for slugs in _slugs(_sections(_page(client, f"/meetings?{query}"))).values()
              for slug in slugs}
    assert listed == kept


def test_a_row_of_the_list_says_where_a_meeting_in_a_room_meets_and_an_online_one_says_no_place(
        client, moderator, two_meetings):
    monday, twice = two_meetings
    hybrid = _add(moderator, name="Hall And Screen", mode="hybrid", day="3", location="Parish hall",
                  time_zone="Europe/London")
    online = _add(moderator, name="Online From Leeds", day="3", formatted_address="Leeds, UK",
                  time_zone="Europe/London")
    rows = {slug: small for rows in _sections(_page(client, "/meetings")).values() for _, _, slug, small in rows}
    # The address when there is one, else the place's name.
    assert "· <bdi>Calle Mayor 1, Madrid</bdi>" in rows[twice] and "Centro cívico" not in rows[twice]
    assert "· <bdi>Parish hall</bdi>" in rows[hybrid]
    # An online meeting's address is only its home town's: the row has none.
    assert "Leeds, UK" not in rows[online] and "<bdi>" not in rows[monday]


# --- 4. /meetings.json in the Meeting Guide format ----------------------------------------------------------------

HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
UPDATED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
SLUG_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")  # "URL-safe, and not contain spaces or special characters"


def _is_day(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


def _check_meeting_guide(rows) -> None:
    """The spec's rules (github.com/code4recovery/spec, README, "Field Definitions"), field by field."""
    assert isinstance(rows, list)
    slugs = []
    for row in rows:
        assert isinstance(row, dict), row
        # Required: name and slug.
        assert isinstance(row["name"], str) and 0 < len(row["name"]) <= 255, row
        slug = row["slug"]
        assert isinstance(slug, str | int) and not isinstance(slug, bool), row
        assert len(str(slug)) <= 64 and SLUG_CHARACTERS.fullmatch(str(slug)), row
        slugs.append(str(slug))
        # Weekly meetings: day (0-6 from Sunday, or a list of them) and time, HH:MM.
        day = row["day"]
        assert _is_day(day) or (isinstance(day, list) and day and all(_is_day(one) for one in day)), row
        assert isinstance(row["time"], str) and HH_MM.fullmatch(row["time"]), row
        if "end_time" in row:
            assert isinstance(row["end_time"], str) and HH_MM.fullmatch(row["end_time"]), row
        if "timezone" in row:
            assert row["timezone"] in zoneinfo.available_timezones(), row
        if "types" in row:
            assert isinstance(row["types"], list) and all(isinstance(code, str) and code for code in row["types"])
        if "updated" in row:
            assert UPDATED.fullmatch(row["updated"]), row
            datetime.strptime(row["updated"], "%Y-%m-%d %H:%M:%S")
        if "url" in row:
            url = urlsplit(row["url"])
            assert url.scheme in ("http", "https") and url.hostname, row
        if "conference_url" in row:
            url = urlsplit(row["conference_url"])
            assert url.scheme in ("http", "https") and url.hostname, row
        if "conference_phone" in row:
            assert re.fullmatch(r"\+?[0-9][0-9 ().,*#-]*", row["conference_phone"]), row
        for text in ("location", "formatted_address", "notes", "conference_url_notes"):
            assert isinstance(row.get(text, ""), str), row
        # A stringified boolean; "yes": the address is only the meeting's home town, as an online one's is.
        assert row.get("approximate", "no") in ("yes", "no"), row
        # Online meetings need a conference_url or conference_phone "to be considered active", and ONL says so.
        # One with no room to go to is in the feed only with them: nobody could find their way in otherwise.
        if row.get("approximate") == "yes":
            assert "ONL" in row["types"] and ("conference_url" in row or "conference_phone" in row), row
    assert len(slugs) == len(set(slugs)), "slugs are unique in a feed"


@pytest.fixture
def feed_scene(app, moderator, now_is):
    now_is(datetime(2026, 1, 12, 12))
    kept_link = _add(moderator, conference_url_notes="Passcode 8181", conference_phone="+1 646 555 0199")
    public_link = _add(moderator, name="Open Door Online", day=["2", "5"], end_time="", time="07:05",
                       conference_url="https://meet.example.org/open-door", link_public="y", type=["O", "S"])
    in_person = _add(moderator, name="Harbour Hall Group", mode="in_person", conference_url="", day="6",
                     time="10:00", end_time="11:15", time_zone="Europe/London", location="Harbour Hall",
                     formatted_address="1 Quay Street, Bristol BS1 4DB, UK", notes="Side door.\nTea after.")
    # In a hall and online, its link (the same as the online-only one's) kept for members.
    hybrid = _add(moderator, name="Hall And Screen", mode="hybrid", day="4", location="Parish hall",
                  formatted_address="2 Church Lane, Leeds LS1 1AA, UK", time_zone="Europe/London",
                  conference_url_notes="Passcode 8181", conference_phone="+1 646 555 0199")
    archived = _add(moderator, name="Stopped Running", mode="in_person", conference_url="", location="Old hall")
    assert submit(moderator, f"/meetings/{archived}/status", {"action": "meeting-archive"}).status_code == 302
    proposer = app.test_client()
    Members(proposer).join("hopeful-newcomer")
    # In a room, as the archived one is: listed, either would belong in the feed.
    proposal = _add(proposer, name="Proposed Not Yet Listed", mode="in_person", location="Their hall")
    return {"kept_link": kept_link, "public_link": public_link, "in_person": in_person, "hybrid": hybrid,
            "archived": archived, "proposal": proposal, "proposer": proposer}


def test_the_feed_follows_the_meeting_guide_spec(client, feed_scene):
    rows = _feed(client)
    _check_meeting_guide(rows)
    by_slug = {row["slug"]: row for row in rows}
    # The online-only meeting whose link is for members only is left out: no app's reader could join it.
    assert set(by_slug) == {feed_scene["public_link"], feed_scene["in_person"], feed_scene["hybrid"]}

    hybrid = by_slug[feed_scene["hybrid"]]
    assert (hybrid["name"], hybrid["day"], hybrid["time"], hybrid["end_time"]) == ("Hall And Screen", 4, "19:00",
                                                                                  "20:00")
    # Its link is for members: the feed says only where it meets, not that it is online.
    assert hybrid["timezone"] == "Europe/London" and "ONL" not in hybrid.get("types", [])
    assert "conference_url" not in hybrid
    assert hybrid["url"] == f"http://localhost/meetings/{feed_scene['hybrid']}"
    assert hybrid["location"] == "Parish hall" and "approximate" not in hybrid
    open_door = by_slug[feed_scene["public_link"]]
    assert open_door["day"] == [2, 5] and open_door["time"] == "07:05" and "end_time" not in open_door
    assert set(open_door["types"]) == {"O", "S", "ONL"}
    # No address at all: nothing to call approximate.
    assert "approximate" not in open_door and open_door["conference_url"] == "https://meet.example.org/open-door"
    hall = by_slug[feed_scene["in_person"]]
    assert hall["formatted_address"] == "1 Quay Street, Bristol BS1 4DB, UK" and hall["location"] == "Harbour Hall"
    assert hall["notes"] == "Side door.\nTea after." and "ONL" not in hall.get("types", [])
    assert "approximate" not in hall


@pytest.mark.parametrize("who", ["visitor", "member", "moderator"])
def test_the_feed_carries_only_the_links_staff_marked_public_whoever_asks(app, feed_scene, moderator, who):
    asker = {"visitor": app.test_client(), "member": feed_scene["proposer"], "moderator": moderator}[who]
    response = asker.get("/meetings.json")
    by_slug = {row["slug"]: row for row in json.loads(response.data)}
    # The hybrid meeting goes out for its hall, without the link kept for members; the online-only one not at all.
    kept = by_slug[feed_scene["hybrid"]]
    for field in ("conference_url", "conference_url_notes", "conference_phone"):
        assert field not in kept
    assert feed_scene["kept_link"] not in by_slug
    text = response.get_data(as_text=True)
    assert "zoom.example" not in text and "8181" not in text and "555 0199" not in text
    assert by_slug[feed_scene["public_link"]]["conference_url"] == "https://meet.example.org/open-door"
    # Proposals and archived meetings are nobody's to find in it, not even their proposer's or staff's.
    assert feed_scene["proposal"] not in by_slug and feed_scene["archived"] not in by_slug
    assert "Proposed Not Yet Listed" not in text and "Stopped Running" not in text


def test_the_meetings_page_advertises_the_feed(client, feed_scene):
    page = _page(client, "/meetings")
    link = re.search(r'<link rel="alternate" type="application/json" title="Meetings Feed" href="([^"]+)">', page)
    assert link, "no feed link in the page's head"
    assert link.start() < page.index("</head>")
    # Relative or absolute, it leads from the page to the feed.
    feed_url = urljoin("http://localhost/meetings", link.group(1))
    assert urlsplit(feed_url)[:3] == ("http", "localhost", "/meetings.json")
    response = client.get(urlsplit(feed_url).path)
    assert response.mimetype == "application/json"
    _check_meeting_guide(json.loads(response.data))


# --- 5. Importing a Meeting Guide file --------------------------------------------------------------------------

GOOD_ROWS = ["sunday-serenity-14", "daily-reflections-noon", "night-owls-online", "esperanza-hybrid", "1017"]
# Each refused row of the sample, by its number and the slug (or name) it is known by, and the field refused.
REFUSED_ROWS = [
    ("6 (No Key Here)", "slug"),
    ("7 (bad slug)", "slug"),
    ("8 (eighth-day)", "day"),
    ("9 (evening-words)", "time"),
    ("10 (red-planet)", "time_zone"),
    ("11 (click-here)", "conference_url"),
    ("12", "not a meeting"),
    ("13 (sunday-serenity-14)", "slug: sunday-serenity-14 is already an earlier row's"),
]


def test_an_import_takes_the_good_rows_and_says_why_it_refused_each_bad_one(app, client):
    result = _import(app, SAMPLE)
    assert result.exit_code == 0, result.output
    for row, reason in REFUSED_ROWS:
        assert re.search(rf"^Row {re.escape(row)}: refused: {re.escape(reason)}", result.output, re.M), (row, reason)
    assert result.output.count("refused:") == len(REFUSED_ROWS)
    assert "Added 5, changed 0, skipped 0 (already as in the file), refused 8." in result.output
    assert f"Added: {', '.join(GOOD_ROWS)}" in result.output

    rows = {str(row["slug"]): row for row in _feed(client)}
    assert sorted(rows) == sorted(GOOD_ROWS)
    _check_meeting_guide(list(rows.values()))
    assert rows["daily-reflections-noon"]["day"] == [1, 3, 5]
    assert rows["daily-reflections-noon"]["formatted_address"] == "4953 W Addison St, Chicago, IL, 60641, US"
    assert rows["sunday-serenity-14"]["end_time"] == "19:30"
    assert rows["sunday-serenity-14"]["notes"] == "Ring buzzer. Meeting is on the 2nd floor."
    # An online meeting with an approximate address, and one both in a room and online.
    owls = rows["night-owls-online"]
    assert "ONL" in owls["types"] and owls["conference_url"] == "https://zoom.us/j/5550001111"
    assert owls["conference_phone"] == "+16465550100,,5550001111#"
    assert owls["conference_url_notes"] == "Passcode: owls2am"
    assert owls["formatted_address"] == "Chicago, IL, USA" and owls["approximate"] == "yes"
    assert {"S", "O", "ONL"} <= set(rows["esperanza-hybrid"]["types"])
    assert "approximate" not in rows["esperanza-hybrid"]
    assert rows["1017"]["timezone"] == "Europe/London"

    # The source published the links: a visitor sees them on the pages too.
    owls_page = _page(client, "/meetings/night-owls-online")
    assert "Online" in owls_page and 'href="https://zoom.us/j/5550001111"' in owls_page
    assert "Passcode: owls2am" in owls_page
    hybrid_page = _page(client, "/meetings/esperanza-hybrid")
    assert "In person and online" in hybrid_page and 'href="https://meet.example.org/esperanza"' in hybrid_page
    assert "St. Mark&#39;s Church hall" in hybrid_page
    for refused in ("eighth-day", "evening-words", "red-planet", "click-here"):
        _page(client, f"/meetings/{refused}", 404)
    assert "javascript:" not in _page(client, "/meetings")
    # The moderation log names the import, made at the terminal, by nobody's handle.
    assert _main(_page(client, "/mod/log")).count("added a meeting") == 5


def test_importing_the_same_file_again_changes_nothing_and_one_changed_row_is_one_change(app, client, tmp_path):
    assert _import(app, SAMPLE).exit_code == 0
    again = _import(app, SAMPLE)
    assert again.exit_code == 0, again.output
    assert "Added 0, changed 0, skipped 5 (already as in the file), refused 8." in again.output
    assert "Added:" not in again.output and "Changed:" not in again.output

    changed = _import(app, _sample_with(tmp_path, "esperanza-hybrid", time="19:30"))
    assert changed.exit_code == 0, changed.output
    assert "Added 0, changed 1, skipped 4 (already as in the file), refused 8." in changed.output
    assert "Changed: esperanza-hybrid" in changed.output
    assert {row["slug"]: row["time"] for row in _feed(client)}["esperanza-hybrid"] == "19:30"
    assert _main(_page(client, "/mod/log")).count("changed a meeting") == 1


def _sample_with(tmp_path, slug: str, **changes) -> Path:
    """The sample file with one of its rows changed."""
    rows = json.loads(SAMPLE.read_text(encoding="utf-8"))
    [row] = [row for row in rows if isinstance(row, dict) and row.get("slug") == slug]
    row.update(changes)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_a_row_with_the_slug_of_a_meeting_added_on_the_forum_is_refused_and_the_meeting_left_alone(
        app, client, moderator, tmp_path):
    slug = _add(moderator)
    path = tmp_path / "meetings.json"
    path.write_text(json.dumps([{"name": "Taken Over", "slug": slug, "day": 3, "time": "08:00",
                                 "timezone": "Europe/London", "location": "Elsewhere hall"}]), encoding="utf-8")
    result = _import(app, path)
    assert result.exit_code == 0, result.output
    assert re.search(rf"^Row 1 \({slug}\): refused: .*added on this forum", result.output, re.M), result.output
    assert "Added 0, changed 0, skipped 0 (already as in the file), refused 1." in result.output
    page = _page(client, f"/meetings/{slug}")
    assert "Monday Night Hope" in page and f"Every week on Monday, at {_words('7:00 PM')} in New York." in page
    assert "Taken Over" not in page and "Elsewhere hall" not in page
    # Staff's own meeting is not the file's: its link stays for members only.
    assert "zoom.example/j/1904" not in page
    assert "changed a meeting" not in _main(_page(client, "/mod/log"))


def test_an_imported_meeting_staff_archived_stays_archived_when_the_file_comes_again(
        app, client, moderator, tmp_path):
    assert _import(app, SAMPLE).exit_code == 0
    assert submit(moderator, "/meetings/esperanza-hybrid/status", {"action": "meeting-archive"}).status_code == 302
    # Even with the row changed in the file, staff's decision stands.
    again = _import(app, _sample_with(tmp_path, "esperanza-hybrid", time="19:30"))
    assert again.exit_code == 0, again.output
    assert re.search(r"^Left archived.*: esperanza-hybrid$", again.output, re.M), again.output
    assert "Added 0, changed 0, skipped 4 (already as in the file), refused 8." in again.output
    assert "Changed:" not in again.output
    assert "esperanza-hybrid" not in [row["slug"] for row in _feed(client)]
    assert "esperanza-hybrid" not in _page(client, "/meetings")
    assert "No longer listed: this meeting may have stopped or moved." in _page(client, "/meetings/esperanza-hybrid")
    _page(client, "/meetings/esperanza-hybrid.ics", 404)

    # Once staff list it again, the file keeps it in step as before.
    assert submit(moderator, "/meetings/esperanza-hybrid/status", {"action": "meeting-relist"}).status_code == 302
    relisted = _import(app, _sample_with(tmp_path, "esperanza-hybrid", time="19:30"))
    assert "Changed: esperanza-hybrid" in relisted.output and "Left archived" not in relisted.output
    assert {row["slug"]: row["time"] for row in _feed(client)}["esperanza-hybrid"] == "19:30"


def test_an_import_without_a_board_keeps_the_board_staff_put_an_imported_meeting_on(app, client, moderator):
    assert _import(app, SAMPLE).exit_code == 0
    form = {"name": "Sunday Serenity", "fellowship": "other", "mode": "in_person", "day": "0", "time": "18:00",
            "end_time": "19:30", "time_zone": "America/Los_Angeles", "type": ["O", "D"], "location": "Alano Club",
            "formatted_address": "123 Main Street, Anytown, CA 98765, USA",
            "notes": "Ring buzzer. Meeting is on the 2nd floor.", "board": "families", "link_public": "y"}
    assert submit(moderator, "/meetings/sunday-serenity-14/edit", form).status_code == 302
    again = _import(app, SAMPLE)
    assert again.exit_code == 0, again.output
    assert "Added 0, changed 0, skipped 5 (already as in the file), refused 8." in again.output
    assert 'href="/b/families"' in _page(client, "/meetings/sunday-serenity-14")
    families = _slugs(_sections(_page(client, "/meetings?board=families")))
    assert [slug for slugs in families.values() for slug in slugs] == ["sunday-serenity-14"]
    # A board named on the command line is the file's choice, and is put on every row.
    assert "changed 5," in _import(app, SAMPLE, "--board", "alcohol").output
    assert 'href="/b/alcohol"' in _page(client, "/meetings/sunday-serenity-14")


@pytest.mark.parametrize(("content", "says"), [
    (b"this is not json {", "is not a JSON file"),
    (b"\xff\xfe not text", "is not a JSON file"),
    (b'{"name": "One meeting, not a list"}', "should hold a list of meetings"),
])
def test_a_file_that_is_not_a_list_of_meetings_is_refused_plainly(app, client, tmp_path, content, says):
    path = tmp_path / "meetings.json"
    path.write_bytes(content)
    result = _import(app, path)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert says in result.output and "Traceback" not in result.output
    assert _feed(client) == []


# --- 6. Proposals wait for staff ---------------------------------------------------------------------------------

PROPOSAL = {
    "name": "Tuesday Newcomers Circle", "fellowship": "aa", "mode": "online", "day": "2", "time": "18:30",
    "end_time": "19:30", "time_zone": "Europe/London", "conference_url": "https://meet.example.org/newcomers-7731",
    "board": "alcohol", "notes": "Cameras optional.",
    # Not a member's to choose: the field is staff's, and ignored from anyone else.
    "link_public": "y",
}


@pytest.fixture
def proposal(app, now_is):
    now_is(datetime(2026, 1, 12, 12))  # a Monday: the Tuesday meeting is in the coming week's list
    proposer = app.test_client()
    Members(proposer).join("hopeful-newcomer")
    response = submit(proposer, "/meetings/new", PROPOSAL)
    assert response.status_code == 302, response.get_data(as_text=True)
    slug = urlsplit(response.location).path.removeprefix("/meetings/")
    return proposer, slug, _page(proposer, response.location)


def _hidden_from(client, slug: str) -> None:
    _page(client, f"/meetings/{slug}", 404)
    _page(client, f"/meetings/{slug}.ics", 404)
    assert PROPOSAL["name"] not in _page(client, "/meetings")
    assert PROPOSAL["name"] not in client.get("/meetings.ics").get_data(as_text=True)
    assert slug not in client.get("/meetings.json").get_data(as_text=True)


def test_a_members_proposal_waits_unseen_until_staff_list_it(app, client, proposal, moderator):
    proposer, slug, page = proposal
    assert "Thank you. Your meeting will be listed once a facilitator or moderator has looked at it." in page
    assert WAITING in page and "Tuesday Newcomers Circle" in page
    _hidden_from(client, slug)
    other_member = app.test_client()
    Members(other_member).join("curious-neighbour")
    _hidden_from(other_member, slug)
    _page(proposer, f"/meetings/{slug}.ics", 404)  # not on anyone's calendar until it is listed
    assert "Tuesday Newcomers Circle" not in _page(proposer, "/meetings")

    queue = _main(_page(moderator, "/mod/meetings"))
    suggested = queue.split("Suggested by members", 1)[1].split("<h2>", 1)[0]
    assert f'href="/meetings/{slug}"' in suggested and "from hopeful-newcomer" in suggested
    assert 'value="meeting-approve"' in _page(moderator, f"/meetings/{slug}")
    response = submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-approve"})
    assert response.status_code == 302
    assert "Done: the meeting is listed." in _page(moderator, response.location)

    listed = _page(client, f"/meetings/{slug}")
    assert WAITING not in listed and "Tuesday Newcomers Circle" in listed
    # The member could not make the link public: visitors are asked to log in for it.
    assert "newcomers-7731" not in listed and "to see the link and any password" in listed
    assert slug in _page(client, "/meetings")
    assert [str(meeting["SUMMARY"]) for meeting in _calendar(client, f"/meetings/{slug}.ics").walk("VEVENT")] == [
        "Tuesday Newcomers Circle"]
    assert "Tuesday Newcomers Circle" in client.get("/meetings.ics").get_data(as_text=True)
    assert f'href="/meetings/{slug}"' not in _main(_page(moderator, "/mod/meetings")).split("<h2>")[1]
    # Online only, its link for members: not in the feed, which nobody could join it from. Once staff make
    # the link public, it is.
    assert slug not in [row["slug"] for row in _feed(client)]
    assert submit(moderator, f"/meetings/{slug}/edit", {**PROPOSAL, "link_public": "y"}).status_code == 302
    assert slug in [row["slug"] for row in _feed(client)]


DECLINED = "Declined: it is not listed."
ARCHIVED = "No longer listed: this meeting may have stopped or moved."


def test_a_declined_suggestion_is_declined_not_archived_and_stays_hidden(app, client, proposal, moderator):
    proposer, slug, _page_after = proposal
    response = submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-decline"})
    assert response.status_code == 302
    assert "Done: the suggestion is declined, and not listed." in _page(moderator, response.location)
    with app.app_context():
        assert Meeting.by_slug(slug).state == MeetingState.DECLINED
    _hidden_from(client, slug)
    other_member = app.test_client()
    Members(other_member).join("curious-neighbour")
    _hidden_from(other_member, slug)
    # Its proposer and the staff who keep it still find it, and are told it was declined.
    for reader in (moderator, proposer):
        page = _page(reader, f"/meetings/{slug}")
        assert DECLINED in page and "No longer listed" not in page
    _page(proposer, f"/meetings/{slug}.ics", 404)
    # It was never listed: staff find it among the declined suggestions, not among the archived meetings.
    queue = _main(_page(moderator, "/mod/meetings"))
    assert "<h2>Archived</h2>" not in queue
    assert f'href="/meetings/{slug}"' in queue.split("<h2>Suggestions declined</h2>", 1)[1]
    # The button that lists an archived meeting again does nothing to it...
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-relist"}).status_code == 302
    _hidden_from(client, slug)
    with app.app_context():
        assert Meeting.by_slug(slug).state == MeetingState.DECLINED
    # ...but a decline can be taken back: listed after all.
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-approve"}).status_code == 302
    assert client.get(f"/meetings/{slug}").status_code == 200
    with app.app_context():
        assert Meeting.by_slug(slug).state == MeetingState.LISTED


def test_an_archived_meeting_keeps_its_page_for_everyone_saying_so_and_leaves_every_list(
        app, client, moderator, now_is):
    now_is(datetime(2026, 1, 12, 12))
    slug = _add(moderator, mode="hybrid", location="Parish hall", link_public="y")
    assert slug in _page(client, "/meetings")
    response = submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-archive"})
    assert response.status_code == 302
    # A bookmark or a link from elsewhere still leads somewhere, which says the meeting is no longer listed.
    member = app.test_client()
    Members(member).join("night-owl")
    for reader in (client, member, moderator):
        page = _page(reader, f"/meetings/{slug}")
        assert ARCHIVED in page and "Monday Night Hope" in page and DECLINED not in page
    # It happens nowhere now: not in the list, on a calendar or in the feed.
    assert slug not in _page(client, "/meetings") and slug not in _page(member, "/meetings")
    _page(client, f"/meetings/{slug}.ics", 404)
    _page(member, f"/meetings/{slug}.ics", 404)
    assert "Monday Night Hope" not in client.get("/meetings.ics").get_data(as_text=True)
    assert slug not in [row["slug"] for row in _feed(client)]
    archived = _main(_page(moderator, "/mod/meetings")).split("<h2>Archived</h2>", 1)[1]
    assert f'href="/meetings/{slug}"' in archived
    # Listed again, it is back everywhere.
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-relist"}).status_code == 302
    assert ARCHIVED not in _page(client, f"/meetings/{slug}") and slug in _page(client, "/meetings")
    assert slug in [row["slug"] for row in _feed(client)]
    _calendar(client, f"/meetings/{slug}.ics")


def test_the_moderation_log_tells_members_what_was_listed_and_only_staff_what_was_proposed(
        app, client, proposal, moderator):
    _proposer, slug, _page_after = proposal
    second = app.test_client()
    Members(second).join("second-hopeful")
    declined = _add(second, name="Friday Family Circle", board="families")
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-approve"}).status_code == 302
    assert submit(moderator, f"/meetings/{declined}/status", {"action": "meeting-decline"}).status_code == 302

    for_members = _main(_page(client, "/mod/log"))
    assert re.search(rf'listed a meeting a member suggested <bdi><a href="/meetings/{slug}">Tuesday Newcomers Circle',
                     for_members)
    assert "suggested a meeting" not in for_members and "declined a suggested meeting" not in for_members
    assert "Friday Family Circle" not in for_members and "hopeful" not in for_members

    for_staff = _main(_page(moderator, "/mod/log"))
    assert for_staff.count("suggested a meeting <bdi>") == 2
    assert f'declined a suggested meeting <bdi><a href="/meetings/{declined}">Friday Family Circle' in for_staff
    assert "listed a meeting a member suggested" in for_staff


def test_staff_correcting_a_proposal_before_declining_it_does_not_tell_members_of_it(
        app, client, proposal, moderator):
    _proposer, slug, _page_after = proposal
    edited = submit(moderator, f"/meetings/{slug}/edit", {**PROPOSAL, "name": "Tuesday Newcomers"})
    assert edited.status_code == 302
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-decline"}).status_code == 302
    _hidden_from(client, slug)
    # It was never listed: members have no line of the log about it, whatever staff did to it.
    for_members = _main(_page(client, "/mod/log"))
    assert "Tuesday Newcomers" not in for_members and f"/meetings/{slug}" not in for_members


def test_staff_correcting_a_declined_suggestion_log_it_for_staff_only(app, client, proposal, moderator):
    _proposer, slug, _page_after = proposal
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-decline"}).status_code == 302
    edited = submit(moderator, f"/meetings/{slug}/edit", {**PROPOSAL, "name": "Tuesday Newcomers Corrected"})
    assert edited.status_code == 302
    _hidden_from(client, slug)
    assert "Tuesday Newcomers Corrected" not in _page(client, "/meetings")
    for_staff = _main(_page(moderator, "/mod/log"))
    assert f'changed a suggested meeting <bdi><a href="/meetings/{slug}">Tuesday Newcomers Corrected' in for_staff
    for_members = _main(_page(client, "/mod/log"))
    assert "Tuesday Newcomers" not in for_members and "changed a" not in for_members
    with app.app_context():
        assert Meeting.by_slug(slug).state == MeetingState.DECLINED


def test_only_the_facilitator_of_the_proposals_board_or_a_moderator_may_list_it(app, client, proposal, moderator):
    _proposer, slug, _page_after = proposal
    elsewhere = sign_in_as(app, "families-lead", "facilitator", boards=["families"])
    # The proposal is on the alcohol board: to the families' facilitator it is not there at all.
    assert f"/meetings/{slug}" not in _page(elsewhere, "/mod/meetings")
    _page(elsewhere, f"/meetings/{slug}", 404)
    assert submit(elsewhere, f"/meetings/{slug}/status", {"action": "meeting-approve"}).status_code == 404
    _hidden_from(client, slug)
    # And a meeting listed on a board they don't look after is not theirs to archive or edit.
    listed = _add(moderator, name="Alcohol Board Meeting", board="alcohol")
    assert submit(elsewhere, f"/meetings/{listed}/status", {"action": "meeting-archive"}).status_code == 403
    assert submit(elsewhere, f"/meetings/{listed}/edit", {**MONDAY_NIGHT, "board": "families"}).status_code == 403
    _page(client, f"/meetings/{listed}")

    own = sign_in_as(app, "alcohol-lead", "facilitator", boards=["alcohol"])
    assert f'href="/meetings/{slug}"' in _page(own, "/mod/meetings")
    assert submit(own, f"/meetings/{slug}/status", {"action": "meeting-approve"}).status_code == 302
    assert "Tuesday Newcomers Circle" in _page(client, f"/meetings/{slug}")


# --- 7. Links outside http and https -----------------------------------------------------------------------------

@pytest.mark.parametrize("link", [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://files.example.org/meeting",
    "//evil.example/j/1",
    "https://",
    "https:zoom.example/j/1",
    "https://zoom.example/j/1 2",
])
def test_a_link_that_is_not_http_or_https_is_refused_kindly_with_the_rest_kept(app, link):
    member = app.test_client()
    Members(member).join("careful-sender")
    response = submit(member, "/meetings/new", {**PROPOSAL, "conference_url": link,
                                                "notes": "Knock twice & wait\nfor the host"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert REFUSED_LINK in page
    assert 'value="Tuesday Newcomers Circle"' in page
    assert "Knock twice &amp; wait\nfor the host</textarea>" in page
    assert "<script>alert(1)</script>" not in page
    assert _main(page).count('checked id="day-2"') == 1
    # Nothing was kept: staff have no suggestion waiting.
    moderator = sign_in_as(app, "steady-keeper", "moderator")
    assert "No suggestions waiting." in _page(moderator, "/mod/meetings")


# --- 8. How to join: members only, unless the link is public ------------------------------------------------------

SECRETS = ("zoom.example/j/5550123", "Passcode 8181", "+1 646 555 0199", "+16465550199")


@pytest.fixture
def members_only_link(app, moderator, now_is):
    now_is(datetime(2026, 1, 12, 12))
    return _add(moderator, conference_url="https://zoom.example/j/5550123", conference_url_notes="Passcode 8181",
                conference_phone="+1 646 555 0199")


def _shows(text: str) -> set[str]:
    return {secret for secret in SECRETS if secret in text}


def test_a_visitor_finds_no_way_in_on_the_page_the_calendar_or_the_feed(client, members_only_link):
    slug = members_only_link
    page = _page(client, f"/meetings/{slug}")
    assert _shows(page) == set()
    assert f'<a href="/login?next=/meetings/{slug}">Log in</a> to see the link and any password' in page
    assert _shows(client.get(f"/meetings/{slug}.ics").get_data(as_text=True)) == set()
    assert _shows(client.get("/meetings.ics").get_data(as_text=True)) == set()
    assert _shows(client.get("/meetings.json").get_data(as_text=True)) == set()
    assert _shows(_page(client, "/meetings")) == set()


def test_a_logged_in_member_finds_the_link_the_password_and_the_phone(app, members_only_link):
    slug = members_only_link
    member = app.test_client()
    Members(member).join("night-owl")
    page = _page(member, f"/meetings/{slug}")
    assert 'href="https://zoom.example/j/5550123"' in page and "Passcode 8181" in page
    assert 'href="tel:+16465550199"' in page and "+1 646 555 0199" in page
    [meeting] = _calendar(member, f"/meetings/{slug}.ics").walk("VEVENT")
    assert "https://zoom.example/j/5550123" in str(meeting["DESCRIPTION"])
    assert "Passcode 8181" in str(meeting["DESCRIPTION"]) and "+1 646 555 0199" in str(meeting["DESCRIPTION"])
    assert "https://zoom.example/j/5550123" in str(meeting["LOCATION"])


def test_a_link_staff_mark_public_is_shown_to_visitors_too(app, client, moderator, members_only_link):
    slug = members_only_link
    form = {**MONDAY_NIGHT, "conference_url": "https://zoom.example/j/5550123",
            "conference_url_notes": "Passcode 8181", "conference_phone": "+1 646 555 0199", "link_public": "y"}
    assert submit(moderator, f"/meetings/{slug}/edit", form).status_code == 302
    page = _page(client, f"/meetings/{slug}")
    assert 'href="https://zoom.example/j/5550123"' in page and "Passcode 8181" in page and "+1 646 555 0199" in page
    assert "https://zoom.example/j/5550123" in client.get(f"/meetings/{slug}.ics").get_data(as_text=True)
    [row] = _feed(client)
    assert (row["conference_url"], row["conference_url_notes"], row["conference_phone"]) == (
        "https://zoom.example/j/5550123", "Passcode 8181", "+1 646 555 0199")


# --- 9. The form, the edit, and confirming a meeting still runs -------------------------------------------------

def test_a_refused_form_comes_back_with_everything_typed(app, moderator):
    response = submit(moderator, "/meetings/new", {
        **MONDAY_NIGHT, "name": "Sunrise & Coffee", "day": ["1", "4"], "time": "7am", "type": ["O", "S"],
        "notes": "Bring a mug.\nParking behind the hall.", "conference_url_notes": "Passcode 2468",
        "board": "opioids",
    })
    page = _main(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Please give a time as hours and minutes, such as 19:00." in page
    assert 'value="Sunrise &amp; Coffee"' in page and 'value="7am"' in page
    assert "Bring a mug.\nParking behind the hall.</textarea>" in page
    assert 'value="Passcode 2468"' in page and 'value="https://zoom.example/j/1904"' in page
    assert re.findall(r'<input checked id="day-\d" name="day"[^>]* value="(\d)">', page) == ["1", "4"]
    assert re.findall(r'<input checked id="type-\d+" name="type"[^>]* value="(\w+)">', page) == ["O", "S"]
    assert re.search(r'<input checked id="mode-\d" name="mode" type="radio" value="online">', page)
    assert '<option selected value="America/New_York">' in page and '<option selected value="opioids">' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0


def _day_boxes(page: str) -> list[str]:
    return re.findall(r'<input[^>]* name="day"[^>]*>', _main(page))


def test_the_day_boxes_ask_for_no_day_in_particular_and_the_server_still_asks_for_one(app, moderator):
    member = app.test_client()
    Members(member).join("night-owl")
    for client in (moderator, member):
        boxes = _day_boxes(_page(client, "/meetings/new"))
        # `required` on a checkbox means that box must be ticked: a browser would ask for all seven.
        assert len(boxes) == 7 and not [box for box in boxes if "required" in box], boxes
    fields = {name: value for name, value in MONDAY_NIGHT.items() if name != "day"}
    response = submit(moderator, "/meetings/new", {**fields, "notes": "Every week, we think."})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please choose at least one day." in page
    assert 'value="Monday Night Hope"' in page and "Every week, we think.</textarea>" in page
    assert not [box for box in _day_boxes(page) if "checked" in box or "required" in box]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0


def _board_choices(page: str) -> list[str]:
    select = re.search(r'<select[^>]* name="board"[^>]*>(.*?)</select>', _main(page), re.S)
    assert select, "no board to choose"
    return re.findall(r'<option[^>]* value="([^"]*)"', select.group(1))


def test_a_facilitator_puts_a_meeting_on_one_of_their_boards_and_others_may_choose_none(app, moderator):
    facilitator = sign_in_as(app, "families-lead", "facilitator", boards=["families"])
    assert _board_choices(_page(facilitator, "/meetings/new")) == ["families"]
    for board in ("", "alcohol"):
        response = submit(facilitator, "/meetings/new", {**MONDAY_NIGHT, "board": board})
        assert response.status_code == 422, board
        assert 'value="Monday Night Hope"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0
    own = _add(facilitator, board="families")
    # Nor may they take one of theirs off their board by an edit.
    assert submit(facilitator, f"/meetings/{own}/edit", {**MONDAY_NIGHT, "board": ""}).status_code == 422
    with app.app_context():
        assert Meeting.by_slug(own).board.slug == "families"

    # Moderators and members may still choose none in particular.
    member = app.test_client()
    Members(member).join("night-owl")
    for client in (moderator, member):
        choices = _board_choices(_page(client, "/meetings/new"))
        assert choices[0] == "" and {"families", "alcohol"} <= set(choices)
    listed = _add(moderator, name="Anyone's Meeting", board="")
    suggested = _add(member, name="Anyone's Suggestion", board="")
    with app.app_context():
        assert Meeting.by_slug(listed).board is None and Meeting.by_slug(suggested).board is None


def test_a_meetings_name_may_be_as_long_as_the_spec_allows_and_no_longer(app, client, moderator):
    longest = ("Serenity by the Sea " * 13)[:254] + "z"  # 255 characters, as the Meeting Guide allows
    assert len(longest) == 255
    slug = _add(moderator, name=longest, link_public="y")
    assert f"<bdi>{longest}</bdi>" in _page(client, f"/meetings/{slug}")
    assert [row["name"] for row in _feed(client)] == [longest]
    assert len(slug) <= 64
    response = submit(moderator, "/meetings/new", {**MONDAY_NIGHT, "name": longest + "z"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please keep the name under 255 characters." in page and f'value="{longest}z"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1


def test_an_edit_by_staff_keeps_the_address_and_is_logged(app, client, moderator):
    slug = _add(moderator)
    form = _page(moderator, f"/meetings/{slug}/edit")
    assert 'value="Monday Night Hope"' in form and '<input checked id="day-1"' in form
    response = submit(moderator, f"/meetings/{slug}/edit", {**MONDAY_NIGHT, "name": "Monday Night Hope Group",
                                                            "time": "19:30", "end_time": "20:30"})
    assert response.status_code == 302 and urlsplit(response.location).path == f"/meetings/{slug}"
    page = _page(client, f"/meetings/{slug}")
    assert "Monday Night Hope Group" in page and f"at {_words('7:30 PM')} in New York" in page
    _page(client, "/meetings/monday-night-hope-group", 404)
    log = _main(_page(client, "/mod/log"))
    assert re.search(rf'changed a meeting <bdi><a href="/meetings/{slug}">Monday Night Hope Group</a>', log)


def test_a_meeting_nobody_confirmed_for_ninety_days_says_so_until_staff_confirm_it(app, client, moderator):
    slug = _add(moderator)
    assert NOT_CONFIRMED not in _page(client, f"/meetings/{slug}")
    with app.app_context():
        Meeting.by_slug(slug).confirmed_at = utcnow() - timedelta(days=91)
        db.session.commit()
    assert f"{NOT_CONFIRMED}: nobody has checked" in _page(client, f"/meetings/{slug}")
    unconfirmed = _main(_page(moderator, "/mod/meetings")).split("<h2>Not confirmed recently</h2>", 1)[1]
    assert f'href="/meetings/{slug}"' in unconfirmed.split("<h2>", 1)[0]
    assert 'value="meeting-confirm">It still runs</button>' in _page(moderator, f"/meetings/{slug}")

    response = submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-confirm"})
    assert response.status_code == 302
    assert "Done: the meeting is confirmed as still running." in _page(moderator, response.location)
    assert NOT_CONFIRMED not in _page(client, f"/meetings/{slug}")
    assert "Every listed meeting was confirmed in the last 90 days." in _page(moderator, "/mod/meetings")
    assert "confirmed a meeting still runs" in _page(client, "/mod/log")


def test_a_meeting_eighty_nine_days_since_confirmed_is_not_yet_marked(app, client, moderator):
    slug = _add(moderator)
    with app.app_context():
        Meeting.by_slug(slug).confirmed_at = utcnow() - timedelta(days=89)
        db.session.commit()
    assert NOT_CONFIRMED not in _page(client, f"/meetings/{slug}")


# --- 10. How often meetings may be sent ------------------------------------------------------------------------

@pytest.fixture
def limited_app(database_path):
    """Rate limits on, as in tests/test_limits.py: counts live in the process, so each story starts afresh."""
    app = make_app(database_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        limiter.reset()
    yield app
    with app.app_context():
        limiter.reset()


def test_staff_adding_a_towns_meetings_are_not_held_back(limited_app):
    keeper = sign_in_as(limited_app, "steady-keeper", "moderator")
    for number in range(15):
        _add(keeper, name=f"Meeting number {number}")
    with limited_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 15


def test_a_members_suggestions_are_limited_to_ten_an_hour_and_the_eleventh_comes_back_whole(limited_app):
    member = limited_app.test_client()
    Members(member).join("eager-suggester")
    # A form sent back to fix costs nothing.
    assert submit(member, "/meetings/new", {**PROPOSAL, "time": "7pm"}).status_code == 422
    for number in range(10):
        assert submit(member, "/meetings/new", {**PROPOSAL, "name": f"Circle number {number}"}).status_code == 302
    response = submit(member, "/meetings/new", {**PROPOSAL, "name": "The Eleventh Circle"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Please slow down a little." in page and 'action="/meetings/new"' in page
    assert 'value="The Eleventh Circle"' in page and "Cameras optional.</textarea>" in page
    with limited_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 10
    # Another member's allowance is their own.
    other = limited_app.test_client()
    Members(other).join("second-suggester")
    assert submit(other, "/meetings/new", PROPOSAL).status_code == 302


# --- 11. In Spanish ---------------------------------------------------------------------------------------------

def test_in_spanish_the_type_names_are_the_specs_and_the_spanish_filter_keeps_spanish_meetings(
        app, client, moderator, now_is):
    now_is(datetime(2026, 1, 12, 12))
    spanish = _add(moderator, name="Grupo Esperanza", type=["O", "S"])
    closed = _add(moderator, name="Closed Circle", type="C")
    read_in(client, "es")

    listing = _page(client, "/meetings")
    kinds = re.search(r'<select id="m-type" name="type">(.*?)</select>', listing, re.S).group(1)
    for code, name in (("O", "Abierta"), ("C", "Cerrada"), ("S", "Español")):
        assert f'<option value="{code}">{name}</option>' in kinds
    page = _page(client, f"/meetings/{spanish}")
    assert '<ul class="types"><li>Abierta</li><li>Español</li></ul>' in page
    assert "<li>Cerrada</li>" in _page(client, f"/meetings/{closed}")

    in_spanish = _sections(_page(client, "/meetings?type=S"))
    assert [row[2] for rows in in_spanish.values() for row in rows] == [spanish]
    assert all("Español" in row[3] for rows in in_spanish.values() for row in rows)
    everything = [row[2] for rows in _sections(listing).values() for row in rows]
    assert sorted(everything) == sorted([spanish, closed])


# --- 12. The same number of statements, however many meetings -----------------------------------------------------

def _meetings_file(path: Path, count: int, start: int = 0) -> Path:
    zones = ["America/New_York", "Europe/London", "America/Chicago", "Europe/Madrid"]
    rows = [{
        "name": f"Meeting number {number}", "slug": f"meeting-{number}", "day": [number % 7, (number + 3) % 7],
        "time": f"{number % 24:02d}:{number % 60:02d}", "timezone": zones[number % len(zones)],
        "types": ["O", "S"] if number % 2 else ["C"],
        **({"conference_url": f"https://meet.example.org/{number}"} if number % 3 else
           {"location": "Hall", "formatted_address": f"{number} Main Street"}),
    } for number in range(start, start + count)]
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("url", ["/meetings", "/meetings?soon=1", "/meetings?board=alcohol", "/meetings.ics",
                                 "/meetings.json"])
def test_the_meetings_pages_ask_the_database_the_same_number_of_times_for_10_or_60_meetings(
        app, client, moderator, tmp_path, url):
    assert "Added 10," in _import(app, _meetings_file(tmp_path / "ten.json", 10), "--board", "alcohol").output
    # One added by a member of staff, with its board and who added it (and its link public: it is in the feed).
    _add(moderator, board="families", link_public="y")
    client.get(url)  # whatever a first request does once
    with_ten = count_queries(app, client, url)
    assert "Added 50," in _import(app, _meetings_file(tmp_path / "fifty.json", 50, start=10), "--board",
                                  "alcohol").output
    assert len(_feed(client)) == 61
    assert count_queries(app, client, url) == with_ten
