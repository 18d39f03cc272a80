"""The same forum on PostgreSQL, as a community that outgrew one machine runs it.

These tests use the throwaway PostgreSQL cluster of tests/conftest.py,
give each test a fresh database built by the migrations, and walk the
forum's stories through the real app.
"""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board, Post, Topic, User
from forum.search.engines import leaves_index_alone
from tests.helpers import Forum, Members, add_meeting, sign_in_as, submit

pytestmark = pytest.mark.postgres


def test_migrations_build_the_models_schema_on_postgresql(pg_app):
    with pg_app.app_context():
        assert db.engine.dialect.name == "postgresql"
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection, opts={"include_object": leaves_index_alone}), db.metadata) == []


def test_an_evening_on_the_forum(pg_app):
    """Join, ask for support anonymously, get replies, get reported, get moderated, leave."""
    asker, friend = pg_app.test_client(), pg_app.test_client()
    Members(asker).join("night-owl")
    Members(friend).join("steady-friend")
    longest_title = "T" * 120
    topic_id = Forum(asker).start_topic(board="opioids", title=longest_title, body="**Day 2.** Hard night.",
                                        anonymous=True, support_now=True)
    for n in range(22):  # a second page
        assert Forum(friend).reply(topic_id, f"Still here with you ({n}).").status_code == 302
    assert Forum(asker).reply(topic_id, "Thank you all.", anonymous=True).status_code == 302

    home = pg_app.test_client().get("/").get_data(as_text=True)
    assert longest_title in home and "Need support now" in home and "night-owl" not in home
    second_page = pg_app.test_client().get(f"/t/{topic_id}?page=2").get_data(as_text=True)
    assert "Thank you all." in second_page and "Anonymous" in second_page and "night-owl" not in second_page

    with pg_app.app_context():
        topic = db.session.get(Topic, topic_id)
        assert topic.post_count == 24 == db.session.scalar(select(func.count(Post.id)).where(Post.topic_id == topic_id))
        assert Board.by_slug("opioids").post_count == 24

    runner = pg_app.test_cli_runner()
    result = runner.invoke(args=["forum", "create-user", "night-moderator", "--role", "moderator",
                                 "--password-stdin"], input="moderator password here\n")
    assert result.exit_code == 0, result.output
    opening = Forum(friend).post_ids(topic_id)[0]
    assert submit(friend, f"/p/{opening}/report", {"reason": "crisis", "details": "worried"}).status_code == 302
    moderator = pg_app.test_client()
    Members(moderator).login("night-moderator", "moderator password here")
    queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert "someone may be at risk" in queue.lower() and "night-owl" not in queue
    for action in ("warn", "suspend", "pin"):
        # Shut out of their own call for support too: otherwise they could still reply there.
        data = {"action": action, "note": "Please look at /help tonight.", "days": "1", "shut_out": "y"}
        assert submit(moderator, f"/mod/reports/{opening}", data).status_code in (302, 303)
    assert Forum(asker).reply(topic_id, "Can I still post?").status_code == 403
    assert "· pinned" in pg_app.test_client().get("/b/opioids").get_data(as_text=True)
    # Every list the staff work from, filtered every way, runs on PostgreSQL's stricter SQL.
    for url in ("/mod/reports?status=resolved", "/mod/reports?reason=crisis&board=opioids",
                "/mod/reports?status=resolved&reason=crisis", f"/mod/reports/{opening}", "/mod/log",
                "/u/steady-friend", "/account", f"/t/{topic_id}?page=2"):
        assert moderator.get(url).status_code == 200, url
    assert "steady-friend" not in moderator.get("/mod/reports?status=resolved").get_data(as_text=True)
    assert "Please look at /help tonight." in asker.get("/").get_data(as_text=True)
    assert "A moderator suspended the author" in pg_app.test_client().get("/mod/log").get_data(as_text=True)

    export = asker.get("/account/export").get_json()
    assert [p["body"] for p in export["posts"]][-1] == "Thank you all."
    assert submit(asker, "/account/delete", {"posts": "remove", "password": "correct horse battery"}).status_code == 302
    with pg_app.app_context():
        assert db.session.scalar(select(User).where(User.handle == "night-owl")) is None


def test_demo_data_and_the_forum_reports_command(pg_app):
    runner = pg_app.test_cli_runner()
    made = runner.invoke(args=["forum", "demo-data", "--topics", "120", "--posts", "2000", "--seed", "3"])
    assert made.exit_code == 0, made.output
    with pg_app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 2000
        assert db.session.scalar(select(func.sum(Board.post_count))) == 2000
        board = db.session.scalar(select(Board.slug).order_by(Board.topic_count.desc()).limit(1))
        topic = db.session.scalar(select(Topic.id).order_by(Topic.post_count.desc()).limit(1))
    client = pg_app.test_client()
    for url in ("/", f"/b/{board}", f"/b/{board}?page=2", f"/t/{topic}?page=2", "/mod/log"):
        assert client.get(url).status_code == 200, url
    assert runner.invoke(args=["forum", "reports"]).exit_code == 0


def test_backups_are_left_to_postgresql_tools(pg_app, tmp_path):
    result = pg_app.test_cli_runner().invoke(args=["forum", "backup", str(tmp_path / "b.sqlite3")])
    assert result.exit_code != 0 and "pg_dump" in result.output and "Traceback" not in result.output


def test_huge_ids_and_pages_are_404_not_errors(pg_app):
    """PostgreSQL's integer columns are narrower than SQLite's: a typed-in id must still only be 'not found'."""
    client = pg_app.test_client()
    Members(client).join("curious-one")
    huge = "9" * 18
    for url in (f"/t/{huge}", f"/p/{huge}", f"/p/{huge}/report", f"/p/{huge}/edit", "/b/alcohol?page=999999999",
                f"/t/{2**31}", f"/t/{2**63 - 1}"):
        assert client.get(url).status_code == 404, url
    assert Forum(client).reply(huge, "hello?").status_code == 404


def test_reports_outlive_their_reporters_on_postgresql(pg_app):
    """Two members who reported one post leave: both reports stay, with no reporter (NULLs may repeat)."""
    poster = pg_app.test_client()
    Members(poster).join("sharp-tongue")
    topic_id = Forum(poster).start_topic(title="Hot take", body="You are worthless and should relapse.")
    post_id = Forum(poster).post_ids(topic_id)[0]
    for handle in ("worried-one", "worried-two"):
        client = pg_app.test_client()
        Members(client).join(handle)
        assert submit(client, f"/p/{post_id}/report", {"reason": "harassment"}).status_code == 302
        assert submit(client, "/account/delete", {"posts": "keep", "password": "correct horse battery"}).status_code == 302
    assert submit(poster, f"/p/{post_id}/edit", {"title": "Hot take", "body": "Sending hugs!"}).status_code == 302
    pg_app.test_cli_runner().invoke(args=["forum", "create-user", "day-moderator", "--role", "moderator",
                                          "--password-stdin"], input="moderator password here\n")
    moderator = pg_app.test_client()
    Members(moderator).login("day-moderator", "moderator password here")
    queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert "Harassment or bullying ×2" in queue and "· 2 members</p>" in queue
    assert "You are worthless and should relapse." in queue and "edited after it was reported" in queue


def test_hearing_back_on_postgresql(pg_app):
    """Follows, read marks and saves made twice (two tabs) are answered by ON CONFLICT; every new list runs."""
    asker, friend = pg_app.test_client(), pg_app.test_client()
    Members(asker).join("late-asker")
    Members(friend).join("late-friend")
    topic_id = Forum(asker).start_topic(title="Awake again", body="Can't sleep.", anonymous=True, support_now=True)
    for _ in range(2):
        assert submit(asker, f"/t/{topic_id}/follow", {}).status_code == 302
    assert Forum(friend).reply(topic_id, "I'm up too.", anonymous=True).status_code == 302
    assert "Inbox 1" in asker.get("/inbox").get_data(as_text=True)
    reply = Forum(friend).post_ids(topic_id)[1]
    for _ in range(2):
        assert submit(asker, f"/p/{reply}/save", {}).status_code == 302
    assert asker.get(f"/t/{topic_id}/new").status_code == 302
    for _ in range(2):  # the same page twice: the read mark is made once, then left as it is
        assert asker.get(f"/t/{topic_id}").status_code == 200
    for url in ("/inbox", "/saved", "/b/alcohol", "/", "/feed.atom", "/b/alcohol/feed.atom", f"/t/{topic_id}/feed.atom"):
        page = asker.get(url)
        assert page.status_code == 200 and "late-friend" not in page.get_data(as_text=True), url
    assert "Inbox 1" not in asker.get("/inbox").get_data(as_text=True)
    assert submit(asker, "/inbox/read", {}).status_code == 302
    export = asker.get("/account/export").get_json()
    assert [entry["post_id"] for entry in export["inbox"]] == [reply]
    assert [saved["post_id"] for saved in export["saved_posts"]] == [reply]
    assert submit(asker, "/account/delete", {"posts": "remove", "password": "correct horse battery"}).status_code == 302


def test_meetings_on_postgresql(pg_app):
    """A meeting listed, found in the reader's zone, its calendar and the feed; an address PostgreSQL could
    not look up (a NUL) is only "not found"."""
    moderator = sign_in_as(pg_app, "meeting-keeper", "moderator")
    slug = add_meeting(moderator)
    visitor = pg_app.test_client()
    assert "Evening Hope" in visitor.get("/meetings").get_data(as_text=True)
    assert visitor.get(f"/meetings/{slug}.ics").status_code == 200
    assert [meeting["slug"] for meeting in visitor.get("/meetings.json").get_json()] == [slug]
    for url in ("/meetings/%00", "/meetings/%00.ics", "/meetings/a%00b"):
        assert visitor.get(url).status_code == 404, url
    for url in ("/meetings/%00", "/meetings/%00.ics", "/meetings/%00/edit", "/meetings/a%00b"):
        assert moderator.get(url).status_code == 404, url
    assert submit(moderator, f"/meetings/{slug}/status", {"action": "meeting-archive"}).status_code == 302
    assert visitor.get("/meetings.json").get_json() == []
