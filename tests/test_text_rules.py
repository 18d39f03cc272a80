"""Text that plays tricks: direction controls and characters with nothing to see.

A right-to-left override in a title turned the home page's own ", 1 minute
ago" backwards; titles and posts of only zero-width characters went up as
blank topics. Member-written words sit in their own bidi isolate on every
page, direction controls never reach a title or a handle, and text with
nothing visible in it is refused, with the member's words kept.
"""
import re
from html.parser import HTMLParser

import pytest

from forum.extensions import db
from forum.models import Report, Topic
from tests.helpers import Members, submit

RLO = "\u202e"


class Isolates(HTMLParser):
    """The text inside each <bdi> (or dir="auto" element), and the text outside all of them."""

    def __init__(self, page: str):
        super().__init__()
        self.isolated, self.outside, self._open = [], [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if self._open:
            self._open[-1][0] += 1 if tag == self._open[-1][1] else 0
        if tag == "bdi" or ("dir", "auto") in attrs:
            self._open.append([1, tag, []])

    def handle_endtag(self, tag):
        if self._open and tag == self._open[-1][1]:
            self._open[-1][0] -= 1
            if self._open[-1][0] == 0:
                self.isolated.append("".join(self._open.pop()[2]))

    def handle_data(self, data):
        (self._open[-1][2] if self._open else self.outside).append(data)


def _isolated(page: str) -> list[str]:
    return Isolates(page).isolated


def test_a_title_with_a_right_to_left_override_is_stored_without_it_and_isolated_from_the_time(app, client, members,
                                                                                              forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title=f"{RLO}Day 3 and struggling")
    with app.app_context():
        assert db.session.get(Topic, topic_id).title == "Day 3 and struggling"

    home = client.get("/").get_data(as_text=True)
    assert RLO not in home
    latest = re.search(r'latest: <bdi>(.*?)</bdi>(, .*?)</p>', home)
    assert latest, "the board's latest topic is listed, isolated"
    title, time = latest.groups()
    assert re.fullmatch(r'<a href="/t/\d+">Day 3 and struggling</a>', title)
    assert re.sub(r"<[^>]+>", "", time) == ", just now"  # the page's own words, outside the isolate
    assert "Day 3 and struggling" in _isolated(home)
    assert not any("just now" in text for text in _isolated(home))


def test_a_right_to_left_title_is_isolated_wherever_it_is_listed(app, client, members, forum, sign_in_as):
    title = "שלום לכולם 12"  # Hebrew, ending in digits that would join the time beside it
    members.join("quiet-river")
    topic_id = forum.start_topic(title=title, support_now=True)
    post_id = forum.post_ids(topic_id)[0]
    reporter = app.test_client()
    Members(reporter).join("steady-oak")
    submit(reporter, f"/p/{post_id}/report", {"reason": "other", "details": "מה זה 3"})
    moderator = sign_in_as("a-moderator", "moderator")
    pages = {
        "home": client.get("/"), "board": client.get("/b/alcohol"), "profile": client.get("/u/quiet-river"),
        "edit": client.get(f"/p/{post_id}/edit"), "report": reporter.get(f"/p/{post_id}/report"),
        "reports made": reporter.get("/account"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert title in _isolated(response.get_data(as_text=True)), name
    # In the queue the title is a heading of its own; the reporter's note sits in a sentence.
    assert "מה זה 3" in _isolated(moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True))
    assert "<title>" + title + " · Porchlight</title>" in client.get(f"/t/{topic_id}").get_data(as_text=True)


def test_a_moderators_note_is_isolated_in_the_log(app, client, members, forum, sign_in_as):
    """Handles need no isolate: they are ASCII letters, digits, _ and - only, and direction controls are refused."""
    members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]
    moderator = sign_in_as("a-moderator", "moderator")
    submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": "Please be kind."})
    log = moderator.get("/mod/log").get_data(as_text=True)
    assert "Please be kind." in _isolated(log)


INVISIBLE = {
    "zero-width spaces": "\u200b\u200b\u200b\u200b",
    "joiners and word joiners": "\u200c\u200d\u2060\u2060",
    "byte order marks": "\ufeff\ufeff\ufeff",
    "direction marks": "\u200e\u200f\u202e\u202c",
    "combining marks on no letter": "\u0301\u0301\u0308",
    "hangul fillers and blank braille": "\u3164\u3164\u2800",
    "spaces of every width": "\u00a0\u2003\u3000 \t",
}


@pytest.mark.parametrize("nothing", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_a_topic_with_nothing_visible_in_its_title_or_body_is_refused_with_the_words_kept(client, members, nothing):
    members.join("quiet-river")
    response = submit(client, "/b/alcohol/new", {"title": nothing, "body": "Words I mean to keep."})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please give your topic a title." in page
    assert "Words I mean to keep." in page

    response = submit(client, "/b/alcohol/new", {"title": "A title I mean to keep", "body": nothing})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please write something first." in page
    assert 'value="A title I mean to keep"' in page
    assert "No topics here yet." in client.get("/b/alcohol").get_data(as_text=True)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_a_reply_or_edit_with_nothing_visible_is_refused(client, members, forum, headers):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Visible title", body="Visible words.")
    response = forum.reply(topic_id, "\u200b\u2060\ufeff\u0301", headers=headers)
    assert response.status_code == 422
    assert "Please write something first." in response.get_data(as_text=True)
    assert len(forum.post_ids(topic_id)) == 1

    post_id = forum.post_ids(topic_id)[0]
    response = submit(client, f"/p/{post_id}/edit", {"title": "\u200b\u200b\u200b", "body": "Visible words, edited."})
    assert response.status_code == 422
    assert "Visible words, edited." in response.get_data(as_text=True)
    assert "Visible words." in client.get(f"/t/{topic_id}").get_data(as_text=True)


def test_an_edited_title_loses_its_direction_controls(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]
    response = submit(client, f"/p/{post_id}/edit", {"title": "\u2067Week two\u2069\u200f", "body": "Still here."})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Topic, topic_id).title == "Week two"


def test_a_report_note_with_nothing_visible_counts_as_no_note(app, members, forum):
    members.join("quiet-river")
    post_id = forum.post_ids(forum.start_topic())[0]
    reporter = app.test_client()
    Members(reporter).join("steady-oak")
    response = submit(reporter, f"/p/{post_id}/report", {"reason": "spam", "details": "\u200b\u200b"})
    assert response.status_code == 302  # the report itself goes through
    with app.app_context():
        assert db.session.scalar(db.select(Report.details)) == ""


def test_real_words_with_marks_and_joiners_are_still_welcome(client, members, forum):
    members.join("quiet-river")
    title = "Café\u0301 night 👨\u200d👩\u200d👧"
    topic_id = forum.start_topic(title=title, body="\u05e9\u05dc\u05d5\u05dd \u200f🌱")
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert title in page and "\u05e9\u05dc\u05d5\u05dd \u200f🌱" in page  # a body keeps its marks


@pytest.mark.parametrize("handle", [f"{RLO}quiet-river", "quiet\u200f-river", "\u2066steady\u2069"])
def test_a_handle_with_direction_controls_is_refused_and_said_why(client, handle):
    response = Members(client).register(handle)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "invisible direction marks" in page
