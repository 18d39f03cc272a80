"""Finding a meeting in a real browser with JavaScript off: a visitor in London says where they are,
finds a New York meeting that starts within the hour, opens it and takes its calendar file."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.helpers import STAFF_PASSWORD, add_meeting, needs_browser, sign_in_as

pytestmark = pytest.mark.browser

needs_browser()
from playwright.sync_api import expect  # noqa: E402  (after the check, which may skip)

from tests.test_journeys import browse, log_in, still_same_page  # noqa: E402, F401  (browse is a fixture)


@pytest.mark.parametrize("browse", [False], ids=["javascript-off"], indirect=True)
def test_a_visitor_in_london_finds_a_meeting_starting_within_the_hour_and_takes_its_calendar(browse, app):  # noqa: F811
    person, base, _ = browse
    # A New York meeting that starts half an hour from now, on its own clock.
    starts = datetime.now(ZoneInfo("America/New_York")) + timedelta(minutes=30)
    slug = add_meeting(sign_in_as(app, "meeting-keeper", "moderator"), name="Half Past Hope", mode="online",
                       day=str(starts.isoweekday() % 7), time=starts.strftime("%H:%M"), end_time="",
                       location="", formatted_address="")
    add_meeting(sign_in_as(app, "meeting-keeper", "moderator"), name="Another Day Altogether",
                day=str((starts.isoweekday() + 3) % 7))
    in_london = starts.astimezone(ZoneInfo("Europe/London"))

    visitor = person()
    visitor.goto(base + "/settings")
    visitor.select_option("#time_zone", "Europe/London")
    visitor.click("button[name=save]")
    expect(visitor.locator(".notice")).to_contain_text("Your settings are saved.")

    visitor.click("footer >> text=Meetings")
    expect(visitor.locator("h1")).to_have_text("Meetings")
    expect(visitor.locator("main")).to_contain_text("London")
    visitor.click("text=Now or within the hour")
    soon = visitor.locator("h2:has-text('Starting within the hour') + ul.meetings")
    expect(soon).to_contain_text("Half Past Hope")
    expect(soon).to_contain_text(in_london.strftime("%-I:%M"))  # the time where the visitor is...
    expect(soon).to_contain_text(f"{starts.strftime('%-I:%M')} {starts.strftime('%p')} in New York")  # ...and its own
    expect(visitor.locator("main")).not_to_contain_text("Another Day Altogether")

    soon.locator("a:has-text('Half Past Hope')").click()
    expect(visitor.locator("h1")).to_have_text("Half Past Hope")
    expect(visitor.locator("main")).to_contain_text("Log in to see the link and any password")
    expect(visitor.locator("main")).not_to_contain_text("example.org/j/1")
    with visitor.expect_download() as download:
        visitor.click("a:has-text('Add to your calendar')")
    assert download.value.suggested_filename == f"{slug}.ics"
    event = Calendar.from_ical(open(download.value.path(), "rb").read()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Half Past Hope"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").strftime("%H:%M") == starts.strftime("%H:%M")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert "example.org/j/1" not in event.to_ical().decode()  # how to join is for members


@pytest.mark.parametrize("browse", [True], ids=["javascript-on"], indirect=True)
def test_with_javascript_the_filters_change_the_list_in_place(browse, app):  # noqa: F811
    keeper = sign_in_as(app, "meeting-keeper", "moderator")
    add_meeting(keeper, name="On a Screen", mode="online", location="", formatted_address="")
    add_meeting(keeper, name="In the Hall", mode="in_person", conference_url="", conference_url_notes="",
                conference_phone="")
    person, base, _ = browse
    visitor = person()
    visitor.goto(base + "/meetings")
    expect(visitor.locator("#meeting-list")).to_contain_text("In the Hall")
    visitor.evaluate("window.stillHere = true")
    visitor.click("text=Choose what to show")
    visitor.select_option("#m-mode", "online")
    visitor.click("button:has-text('Show meetings')")
    expect(visitor.locator("#meeting-list")).not_to_contain_text("In the Hall")
    expect(visitor.locator("#meeting-list")).to_contain_text("On a Screen")
    assert "mode=online" in visitor.url  # the address can be kept or shared
    assert still_same_page(visitor), "the list should change without a page load"


@pytest.mark.parametrize("browse", [False], ids=["javascript-off"], indirect=True)
def test_a_facilitator_lists_a_meeting_on_their_board_through_the_form(browse, app):  # noqa: F811
    """The form as a browser sends it: one day ticked is enough, and the meeting is on the list at once."""
    sign_in_as(app, "families-lead", "facilitator", boards=["families"])
    person, base, _ = browse
    facilitator = person()
    log_in(facilitator, base, "families-lead", STAFF_PASSWORD)
    facilitator.goto(base + "/meetings/new")
    expect(facilitator.locator("#board option")).to_have_count(1)  # their own board, and no other
    facilitator.fill("#name", "Wednesday Families Circle")
    facilitator.select_option("#fellowship", "al-anon")
    facilitator.check("input[name=mode][value=in_person]")
    facilitator.check("input[name=day][value='3']")
    facilitator.fill("#time", "18:30")
    facilitator.fill("#end_time", "19:30")
    facilitator.select_option("#time_zone", "America/Chicago")
    facilitator.fill("#location", "Library meeting room")
    facilitator.fill("#formatted_address", "10 Oak St, Springfield, IL")
    facilitator.fill("#notes", "Ring the bell.\nTea after.")
    facilitator.click("button:has-text('List the meeting')")
    expect(facilitator.locator("h1")).to_have_text("Wednesday Families Circle")
    expect(facilitator.locator(".notice")).to_contain_text("The meeting is listed.")
    expect(facilitator.locator("main")).to_contain_text("Every week on Wednesday, at 6:30")
    expect(facilitator.locator("p.notes")).to_have_text("Ring the bell.\nTea after.")
    visitor = person()
    visitor.goto(base + "/meetings?board=families")
    expect(visitor.locator("#meeting-list")).to_contain_text("Wednesday Families Circle")
