"""The schema comes from migrations, and they match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from forum.extensions import db
from forum.models import Board, Topic, User
from forum.search.engines import leaves_index_alone
from forum.services import inbox
from tests.helpers import Members, make_app


def test_migrations_upgrade_an_empty_database_to_match_the_models(tmp_path):
    app = make_app(tmp_path / "empty.sqlite3")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts={"include_object": leaves_index_alone}), db.metadata)
        assert differences == []
        db.engine.dispose()


def test_migrations_downgrade_to_nothing_and_back(tmp_path):
    app = make_app(tmp_path / "roundtrip.sqlite3")
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert {"users", "boards", "topics", "posts"} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def _fill_first_schema(connection, topics=20, posts_per_topic=20):
    """Rows as the first schema holds them, written in its own terms (the
    models have moved on since, so they cannot write it)."""
    connection.exec_driver_sql(
        "INSERT INTO users (id, handle, handle_key, password_hash, role, created_at, session_generation) "
        "VALUES (1, 'old-timer', 'old-timer', '!', 'member', '2026-01-01', 0)")
    connection.exec_driver_sql(
        "INSERT INTO boards (id, slug, name, description, position, topic_count, post_count) "
        "VALUES (1, 'alcohol', 'Alcohol', '', 1, 0, 0)")
    for topic in range(1, topics + 1):
        connection.exec_driver_sql(
            "INSERT INTO topics (id, board_id, author_id, title, anonymous, created_at, last_activity_at, post_count, locked) "
            f"VALUES ({topic}, 1, 1, 'Topic {topic}', 0, '2026-01-01', '2026-01-02', {posts_per_topic}, 0)")
        for n in range(posts_per_topic):
            connection.exec_driver_sql(
                "INSERT INTO posts (topic_id, author_id, body, body_html, anonymous, created_at) "
                f"VALUES ({topic}, 1, 'post {n} of topic {topic}', '<p>post {n}</p>', 0, '2026-01-01')")
    connection.commit()


def test_upgrading_a_forum_with_posts_keeps_every_post(tmp_path):
    """Each migration, run on a forum full of data, loses nothing.

    SQLite rebuilds tables to alter them; with foreign keys on, rebuilding
    topics would cascade-delete every post. migrations/env.py turns them
    off for the migration; this proves it.
    """
    app = make_app(tmp_path / "full.sqlite3")
    with app.app_context():
        upgrade(revision="be9aaff98ec5")  # the first schema
        with db.engine.connect() as connection:
            _fill_first_schema(connection)
            before = connection.exec_driver_sql("SELECT count(*), sum(length(body)) FROM posts").one()
        upgrade()
        with db.engine.connect() as connection:
            after = connection.exec_driver_sql("SELECT count(*), sum(length(body)) FROM posts").one()
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        db.engine.dispose()
    assert before == after and before[0] == 400
    page = app.test_client().get("/t/1").get_data(as_text=True)
    assert "post 19" in page


def test_upgrading_puts_a_post_left_pending_without_reports_back_in_the_queue(tmp_path):
    """Before reports outlived their reporter, a facilitator who left took the only report of a post
    their report had hidden: the post stayed hidden with no queue item. The upgrade gives it one back,
    and the log stops naming that facilitator."""
    app = make_app(tmp_path / "orphans.sqlite3")
    with app.app_context():
        upgrade(revision="a9e9f7bc5c87")
        with db.engine.connect() as connection:
            connection.exec_driver_sql(
                "INSERT INTO users (id, handle, handle_key, password_hash, role, created_at, session_generation) "
                "VALUES (1, 'poster', 'poster', '!', 'member', '2026-01-01', 0), "
                "(2, 'gone-lead', 'gone-lead', '!', 'facilitator', '2026-01-01', 0)")
            connection.exec_driver_sql(
                "INSERT INTO boards (id, slug, name, description, position, topic_count, post_count) "
                "VALUES (1, 'alcohol', 'Alcohol', '', 1, 1, 1)")
            connection.exec_driver_sql(
                "INSERT INTO topics (id, board_id, author_id, title, anonymous, created_at, last_activity_at, "
                "post_count, locked, title_hidden) VALUES (1, 1, 1, 'Left hidden', 0, '2026-01-01', '2026-01-01', 1, 0, 1)")
            connection.exec_driver_sql(
                "INSERT INTO posts (id, topic_id, author_id, body, body_html, anonymous, created_at, moderation) "
                "VALUES (1, 1, 1, 'unkind words', '<p>unkind words</p>', 0, '2026-01-01', 'pending')")
            connection.exec_driver_sql(
                "INSERT INTO mod_actions (created_at, moderator_id, moderator_role, action, post_id, topic_id, "
                "target_was_anonymous, reason, note) "
                "VALUES ('2026-01-02', 2, 'facilitator', 'auto-hide', 1, 1, 0, 'harassment', '')")
            connection.exec_driver_sql("DELETE FROM users WHERE id = 2")  # ...and the reports went with them
            connection.commit()
        upgrade()
        db.engine.dispose()
    runner = app.test_cli_runner()
    runner.invoke(args=["forum", "create-user", "mod-one", "--role", "moderator", "--password-stdin"],
                  input="moderator password here\n")
    moderator = app.test_client()
    Members(moderator).login("mod-one", "moderator password here")
    queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert "Left hidden" in queue and "Harassment or bullying" in queue
    assert "Hidden from members until someone decides." in queue
    log = moderator.get("/mod/log").get_data(as_text=True)
    assert "Hidden pending review after a report" in log and "facilitator" not in log


def test_upgrading_lets_members_hear_back_about_what_they_wrote_before(tmp_path):
    """After the upgrade that brought the inbox, a member follows the topics they posted in,
    sees the replies since their last post there as new, and finds the moderators' notice."""
    app = make_app(tmp_path / "before-inbox.sqlite3")
    with app.app_context():
        upgrade(revision="3c1d5e7a9b20")
        with db.engine.connect() as connection:
            connection.exec_driver_sql(
                "INSERT INTO users (id, handle, handle_key, password_hash, role, created_at) "
                "VALUES (1, 'early-asker', 'early-asker', '!', 'member', '2026-01-01'), "
                "(2, 'early-friend', 'early-friend', '!', 'member', '2026-01-01')")
            connection.exec_driver_sql(
                "INSERT INTO boards (id, slug, name, description, position, topic_count, post_count) "
                "VALUES (1, 'alcohol', 'Alcohol', '', 1, 1, 3)")
            connection.exec_driver_sql(
                "INSERT INTO topics (id, board_id, author_id, title, anonymous, created_at, last_activity_at, "
                "post_count, visible_post_count, locked) "
                "VALUES (1, 1, 1, 'Asked before the inbox', 1, '2026-01-01', '2026-01-03', 3, 3, 0)")
            for post_id, author_id, day in ((1, 1, 1), (2, 2, 2), (3, 2, 3)):
                connection.exec_driver_sql(
                    "INSERT INTO posts (id, topic_id, author_id, body, body_html, anonymous, created_at) "
                    f"VALUES ({post_id}, 1, {author_id}, 'post {post_id}', '<p>post {post_id}</p>', {int(author_id == 1)}, "
                    f"'2026-01-0{day}')")
            connection.exec_driver_sql(
                "INSERT INTO notices (user_id, text, created_at) VALUES (1, 'Please look after yourself.', '2026-01-04')")
            connection.commit()
        upgrade()
        # Their accounts have no usable password (set by hand above), so the services are asked directly.
        member = User.by_handle("early-asker")
        topic = db.session.get(Topic, 1)
        assert inbox.follows(member, topic) and inbox.follows(User.by_handle("early-friend"), topic)
        assert inbox.new_post_counts(member, [topic.id]) == {topic.id: 2}
        assert [entry.notice.text for entry in inbox.inbox_page(member, 1, 30).items] == ["Please look after yourself."]
        assert inbox.unread_count(member) == 1
        db.engine.dispose()


def test_upgrading_gives_the_default_boards_their_spanish_names_unless_renamed(tmp_path):
    app = make_app(tmp_path / "before-languages.sqlite3")
    with app.app_context():
        upgrade(revision="4e6a8c0b2d15")
        with db.engine.connect() as connection:
            connection.exec_driver_sql(
                "INSERT INTO boards (id, slug, name, description, position, topic_count, post_count) VALUES "
                "(1, 'opioids', 'Opioids', '', 1, 0, 0), (2, 'alcohol', 'Staying sober', '', 2, 0, 0), "
                "(3, 'gambling', 'Gambling', '', 3, 0, 0)")
            connection.exec_driver_sql("INSERT INTO users (id, handle, handle_key, password_hash, role, created_at) "
                                       "VALUES (1, 'early-member', 'early-member', '!', 'member', '2026-01-01')")
            # One topic its author removed, one a member titled with the same words.
            connection.exec_driver_sql(
                "INSERT INTO topics (id, board_id, author_id, title, anonymous, created_at, last_activity_at, "
                "post_count, visible_post_count, locked) VALUES "
                "(1, 1, 1, 'Topic removed by its author', 0, '2026-01-01', '2026-01-01', 1, 0, 0), "
                "(2, 1, 1, 'Topic removed by its author', 0, '2026-01-01', '2026-01-01', 1, 1, 0)")
            connection.exec_driver_sql(
                "INSERT INTO posts (id, topic_id, author_id, body, body_html, anonymous, created_at, deleted_at) VALUES "
                "(1, 1, 1, '', '', 0, '2026-01-01', '2026-01-02'), (2, 2, 1, 'mine', '<p>mine</p>', 0, '2026-01-01', NULL)")
            connection.commit()
        upgrade()
        boards = {board.slug: board.translations for board in db.session.scalars(select(Board))}
        assert boards["opioids"]["es"]["name"] == "Opioides"
        assert boards == {"opioids": boards["opioids"], "alcohol": {}, "gambling": {}}, "a renamed board keeps its own name"
        member = User.by_handle("early-member")
        assert (member.time_zone, member.country, member.language) == (None, None, None)
        assert [db.session.get(Topic, 1).title, db.session.get(Topic, 2).title] == ["", "Topic removed by its author"]
