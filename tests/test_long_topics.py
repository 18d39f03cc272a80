"""Long topics on 2G: numbered pages with the first and the last, and a link
that lands on the newest post instead of nine pages before it."""
import re

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Topic, User
from forum.services import posting
from tests.helpers import Forum, Members, without_time_tags


def _page_numbers(page: str) -> list[str]:
    """The numbered pages offered, as shown: "1", "…", "[6]" for this one."""
    nav = re.search(r'<nav class="pages" aria-label="Pages">(.*?)</nav>', page, re.S)
    assert nav, "no page links"
    items = re.findall(r"<li>(.*?)</li>", nav.group(1))
    shown = []
    for item in items:
        current = re.fullmatch(r'<span aria-current="page">(\d+)</span>', item)
        link = re.fullmatch(r'<a href="[^"]*\?page=(\d+)">\1</a>', item)
        assert current or link or item == "…", item
        shown.append(f"[{current.group(1)}]" if current else link.group(1) if link else item)
    return shown


@pytest.fixture
def long_topic(app, client, members, forum):
    """A 199-post topic: ten pages of twenty."""
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Ninety days, one day at a time", body="post 1")
    with app.app_context():
        topic, author = db.session.get(Topic, topic_id), User.by_handle("quiet-river")
        for n in range(2, 200):
            posting.create_reply(topic, author, f"post {n}", anonymous=False)
        db.session.commit()
    return topic_id


def test_a_199_post_topic_offers_the_first_and_last_pages_and_this_ones_neighbours(client, long_topic):
    first = client.get(f"/t/{long_topic}").get_data(as_text=True)
    assert _page_numbers(first) == ["[1]", "2", "3", "…", "10"]
    middle = client.get(f"/t/{long_topic}?page=6").get_data(as_text=True)
    assert _page_numbers(middle) == ["1", "…", "4", "5", "[6]", "7", "8", "…", "10"]
    assert f'<a href="/t/{long_topic}?page=10">10</a>' in middle
    last = client.get(f"/t/{long_topic}?page=10").get_data(as_text=True)
    assert _page_numbers(last) == ["1", "…", "8", "9", "[10]"]
    assert "<p>post 199</p>" in last


def test_numbered_pages_keep_previous_and_next_for_people_and_browsers(client, long_topic):
    middle = client.get(f"/t/{long_topic}?page=6").get_data(as_text=True)
    assert f'<a rel="prev" href="/t/{long_topic}?page=5">← Previous</a>' in middle
    assert f'<a rel="next" href="/t/{long_topic}?page=7">Next →</a>' in middle
    assert f'<link rel="prev" href="/t/{long_topic}?page=5">' in middle
    assert f'<link rel="next" href="/t/{long_topic}?page=7">' in middle
    first = client.get(f"/t/{long_topic}").get_data(as_text=True)
    assert 'rel="prev"' not in first and f'<a rel="next" href="/t/{long_topic}?page=2">' in first
    assert 'rel="next"' not in client.get(f"/t/{long_topic}?page=10").get_data(as_text=True)


def test_latest_lands_on_the_last_page_at_the_newest_post(client, forum, long_topic):
    response = client.get(f"/t/{long_topic}/latest")
    assert response.status_code == 302
    newest = forum.post_ids(long_topic, page=10)[-1]
    assert response.location == f"/t/{long_topic}?page=10#p{newest}"
    landed = client.get(response.location.split("#")[0]).get_data(as_text=True)
    assert f'id="p{newest}"' in landed and "<p>post 199</p>" in landed


def test_latest_of_a_one_page_topic_needs_no_page_number(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    forum.reply(topic_id, "A reply.")
    newest = forum.post_ids(topic_id)[-1]
    assert client.get(f"/t/{topic_id}/latest").location == f"/t/{topic_id}#p{newest}"
    assert client.get("/t/99999/latest").status_code == 404


def test_latest_costs_two_queries_whatever_the_topic_length(app, long_topic):
    reader = app.test_client()
    statements = []
    with app.app_context():
        engine = db.engine

    def count(connection, cursor, statement, *_):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert reader.get(f"/t/{long_topic}/latest").status_code == 302
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements  # the topic, and its newest post's id


def test_boards_and_the_home_page_link_to_the_latest_post(app, client, members, forum, long_topic):
    quiet = forum.start_topic(title="No replies yet here", board="opioids", support_now=True)
    board = without_time_tags(client.get("/b/alcohol").get_data(as_text=True))
    assert f'<a href="/t/{long_topic}/latest">last reply just now</a>' in board
    home = without_time_tags(client.get("/").get_data(as_text=True))
    assert f'<a href="/t/{long_topic}/latest">just now</a>' in home  # the alcohol board's latest topic
    assert f'/t/{quiet}/latest' not in client.get("/b/opioids").get_data(as_text=True)  # nothing newer to land on

    helper = app.test_client()
    Members(helper).join("steady-oak")
    Forum(helper).reply(quiet, "I'm here, you're not alone.")
    home = without_time_tags(client.get("/").get_data(as_text=True))
    support = re.search(r'<section aria-labelledby="support-now">(.*?)</section>', home, re.S).group(1)
    assert f'1 reply · <a href="/t/{quiet}/latest">last reply just now</a>' in support


def test_a_board_numbers_its_pages_too(app, client, members, forum):
    members.join("quiet-river")
    app.config["TOPICS_PER_PAGE"] = 2
    for n in range(9):
        forum.start_topic(title=f"Topic {n}")
    assert _page_numbers(client.get("/b/alcohol?page=3").get_data(as_text=True)) == ["1", "2", "[3]", "4", "5"]
    assert _page_numbers(client.get("/b/alcohol?page=5").get_data(as_text=True)) == ["1", "…", "3", "4", "[5]"]
