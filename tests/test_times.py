"""Every time is shown in the reader's zone and language, with the UTC instant for machines."""
import re
from datetime import datetime, timedelta

import pytest

from forum.extensions import db
from forum.models import Post, User
from forum.models.base import utcnow
from tests.helpers import Forum, Members, submit

# The US left daylight saving time on 1 November 2026 at 06:00 UTC. A
# suspension must end in the future: in 2040 New York springs forward on
# 11 March at 07:00 UTC and falls back on 4 November at 06:00 UTC.
BEFORE_THE_CLOCKS_GO_BACK = datetime(2026, 11, 1, 4, 30)  # 00:30 EDT in New York, 13:30 in Tokyo
BEFORE_SPRING_FORWARD = datetime(2040, 3, 11, 6, 30)      # 01:30 EST
AFTER_SPRING_FORWARD = datetime(2040, 3, 11, 7, 30)       # 03:30 EDT
BEFORE_FALLING_BACK = datetime(2040, 11, 4, 5, 30)        # 01:30 EDT
AFTER_FALLING_BACK = datetime(2040, 11, 4, 6, 30)         # 01:30 EST: the same hour again


def _choose(client, time_zone, language="en"):
    response = submit(client, "/settings", {"time_zone": time_zone, "country": "", "language": language})
    assert response.status_code == 302


def _post_at(app, post_id, moment):
    with app.app_context():
        db.session.get(Post, post_id).created_at = moment
        db.session.commit()


def _time_of(page: str, post_id: int) -> tuple[str, str]:
    """(datetime attribute, words) of a post's time on a topic page."""
    match = re.search(rf'<article class="post" id="p{post_id}".*?<time datetime="([^"]+)">([^<]+)</time>', page, re.S)
    assert match, f"no time for post {post_id}"
    return match.groups()


@pytest.fixture
def topic(app, client):
    Members(client).join("night-owl")
    topic_id = Forum(client).start_topic()
    Forum(client).reply(topic_id, "Still here.")
    first, second = Forum(client).post_ids(topic_id)
    _post_at(app, first, datetime(2026, 3, 8, 4, 30))  # 23:30 on 7 March in New York, 8 March in Tokyo
    _post_at(app, second, BEFORE_THE_CLOCKS_GO_BACK)  # still 1 November in New York only under EDT
    return topic_id, first, second


@pytest.mark.parametrize(("time_zone", "first_day", "second_day"), [
    ("America/New_York", "Mar 7, 2026", "Nov 1, 2026"),
    ("Asia/Tokyo", "Mar 8, 2026", "Nov 1, 2026"),
    ("America/Los_Angeles", "Mar 7, 2026", "Oct 31, 2026"),
])
def test_the_same_posts_show_the_day_it_was_where_the_reader_is(app, client, topic, time_zone, first_day, second_day):
    topic_id, first, second = topic
    _choose(client, time_zone)
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    # The words are the reader's; the machine-readable instant is UTC, whoever reads.
    assert _time_of(page, first) == ("2026-03-08T04:30:00Z", first_day)
    assert _time_of(page, second) == ("2026-11-01T04:30:00Z", second_day)


def test_the_forum_zone_is_what_a_reader_who_chose_none_sees(app, database_path, topic):
    from tests.helpers import make_app

    topic_id, first, _ = topic
    assert _time_of(app.test_client().get(f"/t/{topic_id}").get_data(as_text=True), first)[1] == "Mar 8, 2026"
    new_york_forum = make_app(database_path, FORUM_TIME_ZONE="America/New_York").test_client()
    assert _time_of(new_york_forum.get(f"/t/{topic_id}").get_data(as_text=True), first)[1] == "Mar 7, 2026"
    settings = new_york_forum.get("/settings").get_data(as_text=True)
    assert '<option selected value="America/New_York">' in settings


@pytest.mark.parametrize(("until", "time_zone", "words"), [
    (BEFORE_SPRING_FORWARD, "America/New_York", "March 11, 2040, 1:30\u00a0AM EST"),
    (AFTER_SPRING_FORWARD, "America/New_York", "March 11, 2040, 3:30\u00a0AM EDT"),
    (BEFORE_FALLING_BACK, "America/New_York", "November 4, 2040, 1:30\u00a0AM EDT"),
    (AFTER_FALLING_BACK, "America/New_York", "November 4, 2040, 1:30\u00a0AM EST"),
    (BEFORE_SPRING_FORWARD, "Asia/Tokyo", "March 11, 2040, 3:30\u00a0PM +0900"),
    (AFTER_SPRING_FORWARD, "Asia/Tokyo", "March 11, 2040, 4:30\u00a0PM +0900"),
])
def test_a_suspension_ends_at_the_minute_the_reader_reads_on_their_clock(app, client, until, time_zone, words):
    Members(client).join("paused-member")
    _choose(client, time_zone)
    with app.app_context():
        User.by_handle("paused-member").suspended_until = until
        db.session.commit()
    page = client.get("/b/alcohol/new").get_data(as_text=True)
    assert f'<time datetime="{until:%Y-%m-%dT%H:%M:%S}Z">{words}</time>' in page


def test_times_read_in_spanish_for_a_spanish_reader(app, client, topic):
    topic_id, first, second = topic
    _choose(client, "America/New_York", "es")
    with app.app_context():
        User.by_handle("night-owl").suspended_until = BEFORE_SPRING_FORWARD
        db.session.commit()
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert _time_of(page, first)[1] == "7 mar 2026"
    assert "11 de marzo de 2040, 1:30 -0500" in client.get("/b/alcohol/new").get_data(as_text=True)


def test_how_long_ago_stays_right_in_any_zone_and_language(app, client):
    Members(client).join("early-bird")
    topic_id = Forum(client).start_topic()
    (post_id,) = Forum(client).post_ids(topic_id)
    for time_zone, language, ago in (("Asia/Tokyo", "en", "5 minutes ago"), ("America/New_York", "en", "5 minutes ago"),
                                     ("Asia/Tokyo", "es", "hace 5 minutos"), ("Pacific/Honolulu", "es", "hace 5 minutos")):
        _post_at(app, post_id, utcnow() - timedelta(minutes=5, seconds=10))
        _choose(client, time_zone, language)
        assert _time_of(client.get(f"/t/{topic_id}").get_data(as_text=True), post_id)[1] == ago
    _post_at(app, post_id, utcnow() - timedelta(hours=23, minutes=59))
    assert _time_of(client.get(f"/t/{topic_id}").get_data(as_text=True), post_id)[1] == "hace 23 horas"
