"""Husks: a topic whose every post was removed, by its author or by moderators,
leaves the board's list and the home page's "latest" until a post is back.

Before, such a topic stayed listed as "Topic removed by its author · 3
replies" with nothing left to read.
"""
import re

from flask_migrate import upgrade

from forum.extensions import db
from forum.models import Board
from tests.helpers import Forum, Members, make_app, submit
from tests.test_migrations import _fill_first_schema


def _listed(client, board="alcohol", page=1) -> list[str]:
    html = client.get(f"/b/{board}?page={page}").get_data(as_text=True)
    return re.findall(r'<li>\n<bdi><a href="/t/\d+">([^<]+)</a></bdi>', html)


def _home_line(client, board_name="Alcohol") -> str:
    home = client.get("/").get_data(as_text=True)
    line = re.search(rf'>{board_name}</a></h2>\n<p>.*?</p>\n<p class="meta">(.*?)</p>', home, re.S)
    return re.sub(r"<[^>]+>", "", line.group(1))


def test_a_topic_its_author_emptied_leaves_the_board_and_the_home_page(client, members, forum):
    members.join("quiet-river")
    forum.start_topic(title="Still going")
    regret = forum.start_topic(title="Something I regret posting")
    assert _listed(client) == ["Something I regret posting", "Still going"]
    submit(client, f"/p/{forum.post_ids(regret)[0]}/delete")

    assert _listed(client) == ["Still going"]
    assert _home_line(client) == "1 topic · 2 posts · latest: Still going, just now"
    assert "Topic removed by its author" not in client.get("/b/alcohol").get_data(as_text=True)
    assert client.get(f"/t/{regret}").status_code == 200  # its address still answers


def test_a_removed_opening_post_with_replies_to_read_stays_listed(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Week one")
    friend = app.test_client()
    Members(friend).join("steady-oak")
    Forum(friend).reply(topic_id, "Proud of you.")
    submit(client, f"/p/{forum.post_ids(topic_id)[0]}/delete")
    assert _listed(client) == ["Topic removed by its author"]
    assert _home_line(client).startswith("1 topic · 2 posts · latest: Topic removed by its author")


def test_a_topic_emptied_by_author_and_moderators_together_is_a_husk_until_restored(app, client, members, forum,
                                                                                      sign_in_as):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Cheap pills, message me")
    friend = app.test_client()
    Members(friend).join("steady-oak")
    Forum(friend).reply(topic_id, "Please don't.")
    opening, reply = forum.post_ids(topic_id)
    moderator = sign_in_as("a-moderator", "moderator")
    assert submit(moderator, f"/mod/reports/{opening}", {"action": "delete"}).status_code == 302
    assert _listed(client) == ["Topic hidden by moderators"]  # a reply still to read
    submit(friend, f"/p/{reply}/delete")
    assert _listed(client) == []
    assert "latest" not in _home_line(client) and _home_line(client).startswith("0 topics")

    submit(moderator, f"/mod/reports/{opening}", {"action": "restore"})
    assert _listed(client) == ["Cheap pills, message me"]
    assert _home_line(client).endswith("latest: Cheap pills, message me, just now")


def test_the_home_page_latest_falls_back_to_the_board_s_last_listed_topic(app, client, members, forum, sign_in_as):
    members.join("quiet-river")
    forum.start_topic(title="An older topic")
    spam = forum.start_topic(title="Buy followers")
    moderator = sign_in_as("a-moderator", "moderator")
    submit(moderator, f"/mod/reports/{forum.post_ids(spam)[0]}", {"action": "hide"})
    assert _home_line(client).endswith("latest: An older topic, just now")
    assert f"/t/{spam}" not in client.get("/").get_data(as_text=True)


def test_a_reply_to_a_husk_brings_it_back(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Rough night")
    submit(client, f"/p/{forum.post_ids(topic_id)[0]}/delete")
    assert _listed(client) == []
    assert forum.reply(topic_id, "Actually, I do want to talk.").status_code == 302
    assert _listed(client) == ["Topic removed by its author"]
    assert _home_line(client).startswith("1 topic · 2 posts")


def test_board_pages_count_only_listed_topics(app, client, members, forum):
    members.join("quiet-river")
    app.config["TOPICS_PER_PAGE"] = 2
    kept = [forum.start_topic(title=f"Topic {n}") for n in range(2)]
    gone = forum.start_topic(title="Gone soon")
    submit(client, f"/p/{forum.post_ids(gone)[0]}/delete")
    page = client.get("/b/alcohol").get_data(as_text=True)
    assert _listed(client) == ["Topic 1", "Topic 0"] and len(kept) == 2
    assert 'rel="next"' not in page and '<nav class="pages"' not in page  # one page, not an empty second
    with app.app_context():
        assert Board.by_slug("alcohol").topic_count == 2


def test_upgrading_counts_visible_posts_and_unlists_husks(tmp_path):
    app = make_app(tmp_path / "husks.sqlite3")
    with app.app_context():
        upgrade(revision="a9e9f7bc5c87")
        with db.engine.connect() as connection:
            _fill_first_schema(connection, topics=3, posts_per_topic=2)
            # Topic 3 is the newest, and a husk: one post deleted, one removed by moderators.
            connection.exec_driver_sql("UPDATE topics SET last_activity_at = '2026-01-0' || id")
            connection.exec_driver_sql("UPDATE posts SET deleted_at = '2026-01-05' WHERE topic_id = 3 AND id % 2 = 1")
            connection.exec_driver_sql("UPDATE posts SET moderation = 'removed' WHERE topic_id = 3 AND id % 2 = 0")
            connection.exec_driver_sql("UPDATE posts SET moderation = 'hidden' WHERE topic_id = 2 AND id % 2 = 0")
            connection.exec_driver_sql("UPDATE boards SET topic_count = 3, post_count = 6, last_topic_id = 3")
            connection.commit()
        upgrade()
        with db.engine.connect() as connection:
            counts = connection.exec_driver_sql("SELECT id, visible_post_count FROM topics ORDER BY id").fetchall()
            board = connection.exec_driver_sql("SELECT topic_count, last_topic_id FROM boards").one()
        db.engine.dispose()
    assert [tuple(row) for row in counts] == [(1, 2), (2, 1), (3, 0)]
    assert tuple(board) == (2, 2)
