"""The `forum` command group, as an admin runs it on a terminal."""
import sqlite3
import threading
import time

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board, Post, Topic, User
from tests.helpers import Forum, Members, make_app


def test_init_migrates_an_empty_database_and_seeds_boards_once(tmp_path):
    app = make_app(tmp_path / "fresh.sqlite3")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["forum", "init"])
    assert first.exit_code == 0, first.output
    assert "Boards created: opioids, alcohol, families." in first.output
    second = runner.invoke(args=["forum", "init"])
    assert "Boards created: none (already there)." in second.output
    with app.app_context():
        assert [b.slug for b in Board.all_in_order()] == ["opioids", "alcohol", "families"]


def test_create_user_reads_the_password_from_stdin_and_prints_codes(app, runner):
    result = runner.invoke(args=["forum", "create-user", "night-owl", "--password-stdin"], input="a sturdy passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Created night-owl (member)." in result.output
    assert result.output.count("\n  ") == 8
    assert Members(app.test_client()).login("night-owl", "a sturdy passphrase").status_code == 302


def test_create_user_with_a_role_and_boards(app, runner):
    result = runner.invoke(
        args=["forum", "create-user", "peer-lead", "--role", "facilitator", "--board", "alcohol", "--board", "families", "--password-stdin"],
        input="a sturdy passphrase\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = User.by_handle("peer-lead")
        assert user.role == "facilitator"
        assert sorted(b.slug for b in user.facilitated_boards) == ["alcohol", "families"]


def test_create_user_is_one_transaction(app, runner, monkeypatch):
    from forum.services import accounts

    def fail(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(accounts, "set_role", fail)  # the second step: the facilitator's boards
    result = runner.invoke(
        args=["forum", "create-user", "peer-lead", "--role", "facilitator", "--board", "alcohol", "--password-stdin"],
        input="a sturdy passphrase\n",
    )
    assert isinstance(result.exception, RuntimeError)
    with app.app_context():
        assert User.by_handle("peer-lead") is None
    assert Members(app.test_client()).login("peer-lead", "a sturdy passphrase").status_code == 422


def test_create_user_explains_what_is_wrong(runner):
    weak = runner.invoke(args=["forum", "create-user", "night-owl", "--password-stdin"], input="short\n")
    assert weak.exit_code != 0 and "Use at least 10 characters." in weak.output
    bad_board = runner.invoke(args=["forum", "create-user", "night-owl", "--role", "facilitator", "--board", "nope", "--password-stdin"], input="a sturdy passphrase\n")
    assert bad_board.exit_code != 0 and "No board called 'nope'." in bad_board.output


def test_set_role(app, runner):
    runner.invoke(args=["forum", "create-user", "night-owl", "--password-stdin"], input="a sturdy passphrase\n")
    assert runner.invoke(args=["forum", "set-role", "night-owl", "facilitator"]).exit_code != 0
    result = runner.invoke(args=["forum", "set-role", "night-owl", "facilitator", "--board", "opioids"])
    assert "night-owl is now facilitator on opioids." in result.output
    result = runner.invoke(args=["forum", "set-role", "NIGHT-OWL", "moderator"])
    assert "night-owl is now moderator." in result.output
    with app.app_context():
        user = User.by_handle("night-owl")
        assert user.role == "moderator" and user.facilitated_boards == []
    assert runner.invoke(args=["forum", "set-role", "nobody", "admin"]).exit_code != 0


def test_add_board_appears_on_the_home_page(client, runner):
    result = runner.invoke(args=["forum", "add-board", "stimulants", "Stimulants", "Meth, cocaine and other stimulants."])
    assert result.exit_code == 0, result.output
    page = client.get("/").get_data(as_text=True)
    assert 'href="/b/stimulants">Stimulants</a>' in page
    assert page.index("/b/families") < page.index("/b/stimulants")
    again = runner.invoke(args=["forum", "add-board", "stimulants", "Again", "x"])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = runner.invoke(args=["forum", "add-board", "Bad Slug!", "Bad", "x"])
    assert bad.exit_code != 0


def _snapshot(app):
    with app.app_context():
        titles = db.session.scalars(select(Topic.title).order_by(Topic.id)).all()
        bodies = db.session.scalars(select(Post.body).order_by(Post.id)).all()
        counts = {b.slug: (b.topic_count, b.post_count) for b in Board.all_in_order()}
        post_total = db.session.scalar(select(func.count(Post.id)))
        topic_sums = db.session.scalar(select(func.sum(Topic.post_count)))
    return titles, bodies, counts, post_total, topic_sums


def test_demo_data_is_deterministic_and_counted_right(tmp_path):
    snapshots = []
    for name in ("a", "b"):
        app = make_app(tmp_path / f"{name}.sqlite3")
        runner = app.test_cli_runner()
        runner.invoke(args=["forum", "init"])
        result = runner.invoke(args=["forum", "demo-data", "--topics", "40", "--posts", "900", "--seed", "7"])
        assert result.exit_code == 0, result.output
        assert "Added 40 topics and 900 posts" in result.output
        snapshots.append(_snapshot(app))
    first, second = snapshots
    assert first == second
    titles, bodies, counts, post_total, topic_sums = first
    assert len(titles) == 40 and post_total == 900 == topic_sums
    assert sum(topics for topics, _ in counts.values()) == 40
    assert sum(posts for _, posts in counts.values()) == 900


def test_demo_data_pages_render(app, client, runner):
    runner.invoke(args=["forum", "demo-data", "--topics", "5", "--posts", "60", "--seed", "3"])
    with app.app_context():
        topic_id = db.session.scalar(select(Topic.id).order_by(Topic.post_count.desc()).limit(1))
    assert client.get("/").status_code == 200
    assert client.get(f"/t/{topic_id}").status_code == 200
    again = runner.invoke(args=["forum", "demo-data", "--if-empty"])
    assert "The forum already has topics; no demo data added." in again.output


def test_backup_writes_a_copy_that_opens_cleanly(app, runner, tmp_path):
    runner.invoke(args=["forum", "demo-data", "--topics", "5", "--posts", "50", "--seed", "2"])
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["forum", "backup", str(target)])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM posts").fetchone() == (50,)
    finally:
        copy.close()
    # The copy is a whole forum: an app pointed at it serves the same topics.
    restored = make_app(target).test_client()
    assert restored.get("/b/alcohol").status_code == 200
    again = runner.invoke(args=["forum", "backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_boards_are_only_for_facilitators(runner):
    without = runner.invoke(args=["forum", "create-user", "peer-lead", "--role", "facilitator", "--password-stdin"],
                            input="a sturdy passphrase\n")
    assert without.exit_code != 0 and "needs at least one --board" in without.output
    stray = runner.invoke(args=["forum", "create-user", "mod-one", "--role", "moderator", "--board", "alcohol",
                                "--password-stdin"], input="a sturdy passphrase\n")
    assert stray.exit_code != 0 and "--board is only for facilitators" in stray.output


def test_backup_into_a_missing_folder_explains(runner, tmp_path):
    result = runner.invoke(args=["forum", "backup", str(tmp_path / "nope" / "b.sqlite3")])
    assert result.exit_code != 0 and "There is no folder" in result.output
    assert "Traceback" not in result.output


def test_restore_needs_yes_and_a_real_backup(runner, tmp_path):
    refused = runner.invoke(args=["forum", "restore", str(tmp_path / "b.sqlite3")])
    assert refused.exit_code != 0 and "run again with --yes" in refused.output
    missing = runner.invoke(args=["forum", "restore", str(tmp_path / "none.sqlite3"), "--yes"])
    assert missing.exit_code != 0 and "There is no backup" in missing.output
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["forum", "restore", str(junk), "--yes"])
    assert result.exit_code != 0 and "is not a Porchlight backup" in result.output


def test_backup_and_restore_round_trip_while_members_post(app, client, members, forum, runner, tmp_path):
    """A backup taken mid-flow is consistent, and restoring it brings the forum back to it."""
    members.join("quiet-river")
    topic_id = forum.start_topic()
    writer = app.test_client()
    Members(writer).join("steady-writer")
    stop = threading.Event()
    refused = []

    def keep_posting():
        n = 0
        while not stop.is_set() and n < 400:
            try:
                status = Forum(writer).reply(topic_id, f"reply {n}").status_code
            except Exception as error:  # a thread's exception would vanish; the assertion below shows it
                status = repr(error)
            if status != 302:
                refused.append(status)
                return
            n += 1

    thread = threading.Thread(target=keep_posting)
    thread.start()
    try:
        # Wait on the clock, not on a count of polls: a busy CI machine may schedule the writer late.
        deadline = time.monotonic() + 60
        while len(forum.post_ids(topic_id)) < 5 and not refused and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(forum.post_ids(topic_id)) >= 5, f"the writer never got going (refused: {refused})"
        target = tmp_path / "mid-flow.sqlite3"
        assert runner.invoke(args=["forum", "backup", str(target)]).exit_code == 0
    finally:
        stop.set()
        thread.join()
    copy = sqlite3.connect(target)
    backed_up = copy.execute("SELECT count(*) FROM posts").fetchone()[0]
    # Consistent: the counters in the copy agree with the rows in the copy.
    assert copy.execute("SELECT post_count FROM topics WHERE id = ?", (topic_id,)).fetchone()[0] == backed_up
    copy.close()
    Forum(writer).reply(topic_id, "written after the backup")
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) > backed_up
    result = runner.invoke(args=["forum", "restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == backed_up
    last_page = client.get(f"/t/{topic_id}?page={(backed_up - 1) // 20 + 1}").get_data(as_text=True)
    assert f"reply {backed_up - 2}" in last_page and "written after the backup" not in last_page


def test_backups_are_private_and_restoring_ends_every_login(app, client, members, runner, tmp_path):
    import stat

    members.join("quiet-river")
    target = tmp_path / "private.sqlite3"
    runner.invoke(args=["forum", "backup", str(target)])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert client.get("/account").status_code == 200
    result = runner.invoke(args=["forum", "restore", str(target), "--yes"])
    assert result.exit_code == 0 and "Everyone has been logged out" in result.output
    assert client.get("/account").status_code == 302


def test_a_backup_from_a_newer_version_is_refused(runner, tmp_path):
    target = tmp_path / "future.sqlite3"
    runner.invoke(args=["forum", "backup", str(target)])
    with sqlite3.connect(target) as copy:
        copy.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")
    result = runner.invoke(args=["forum", "restore", str(target), "--yes"])
    assert result.exit_code != 0 and "made by a newer Porchlight" in result.output


def test_an_admin_gives_a_board_its_spanish_name_and_members_words_stay_as_written(runner, client, members, forum):
    runner.invoke(args=["forum", "add-board", "stimulants", "Stimulants", "Meth, cocaine and other stimulants."])
    result = runner.invoke(args=["forum", "translate-board", "stimulants", "es", "Estimulantes",
                                 "Metanfetamina, cocaína y otros estimulantes."])
    assert result.exit_code == 0, result.output
    assert "Estimulantes" in result.output
    members.join("quiet-river")
    forum.start_topic(board="stimulants", title="Week one", body="Counting days.")
    spanish = client.get("/b/stimulants", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "<h1>Estimulantes</h1>" in spanish and "Metanfetamina, cocaína y otros estimulantes." in spanish
    assert "Week one" in spanish, "a topic's title is the member's own words"
    english = client.get("/b/stimulants", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Stimulants</h1>" in english and "Estimulantes" not in english
    # The default boards came with their Spanish names.
    assert "Opioides" in client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)

    for args, says in ((["nowhere", "es", "X", "y"], "No board called"),
                       (["stimulants", "en", "X", "y"], "its English one"),
                       (["stimulants", "fr", "X", "y"], "translations are for: es"),
                       (["stimulants", "es", "  ", "y"], "cannot be empty")):
        refused = runner.invoke(args=["forum", "translate-board", *args])
        assert refused.exit_code != 0 and says in refused.output, (args, refused.output)
