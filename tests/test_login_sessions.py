"""Each login is its own session on the server: logging out ends it there, not only in the browser."""
import hashlib
from datetime import timedelta

from sqlalchemy import event, func, select, update

from forum.extensions import db
from forum.models import LoginSession, User
from forum.models.base import utcnow
from tests.helpers import PASSWORD, Members, submit


def _copy_of_cookie(app, client):
    """Another browser holding the same session cookie, as someone who copied it would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _open_logins(app, handle=None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(LoginSession)
        if handle:
            query = query.join(User, User.id == LoginSession.user_id).where(User.handle_key == handle)
        return db.session.scalar(query)


def test_a_cookie_copied_before_logging_out_opens_nothing_after(app, client, members):
    members.join("quiet-river")
    copy = _copy_of_cookie(app, client)
    assert copy.get("/account").status_code == 200  # a true copy: it works while the login is open
    copy = _copy_of_cookie(app, client)
    members.logout()
    assert client.get("/account").status_code == 302
    assert copy.get("/account").status_code == 302
    assert "quiet-river" not in copy.get("/").get_data(as_text=True)


def test_logging_out_on_one_device_leaves_the_others_logged_in(app, client, members):
    members.join("quiet-river")
    phone = app.test_client()
    Members(phone).login("quiet-river")
    assert _open_logins(app, "quiet-river") == 2
    members.logout()
    assert client.get("/account").status_code == 302
    assert phone.get("/account").status_code == 200
    assert _open_logins(app, "quiet-river") == 1


def test_changing_the_password_ends_every_other_login_even_copied_ones(app, client, members):
    members.join("quiet-river")
    phone = app.test_client()
    Members(phone).login("quiet-river")
    copy = _copy_of_cookie(app, client)
    response = submit(client, "/account/password", {"current_password": PASSWORD, "password": "a new passphrase",
                                                    "password_confirm": "a new passphrase"})
    assert response.location == "/account"
    assert client.get("/account").status_code == 200  # this device carries on
    assert phone.get("/account").status_code == 302
    assert copy.get("/account").status_code == 302  # the copy named the login the change ended
    assert _open_logins(app, "quiet-river") == 1


def test_the_server_keeps_only_a_digest_of_each_login_key(app, client, members):
    members.join("quiet-river")
    serializer = app.session_interface.get_signing_serializer(app)
    user_id, _, key = serializer.loads(client.get_cookie("session").value)["_user_id"].partition(":")
    assert len(key) >= 32
    with app.app_context():
        stored = db.session.scalars(select(LoginSession.key_digest)).all()
    assert stored == [hashlib.sha256(key.encode()).hexdigest()]
    assert key not in stored[0]


def test_a_login_idle_past_the_session_lifetime_is_closed_and_later_swept(app, client, members):
    members.join("quiet-river")
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - lifetime - timedelta(days=2)))
        db.session.commit()
    assert client.get("/account").status_code == 302  # even a cookie that was kept alive opens nothing
    Members(app.test_client()).join("steady-oak")  # any new login sweeps away the idle ones
    assert _open_logins(app, "quiet-river") == 0


def test_a_visit_moves_last_seen_on_at_most_once_a_day(app, client, members):
    members.join("quiet-river")
    two_days_ago = utcnow() - timedelta(days=2)
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=two_days_ago))
        db.session.commit()
    assert client.get("/account").status_code == 200
    with app.app_context():
        seen = db.session.scalar(select(LoginSession.last_seen_at))
    assert seen > utcnow() - timedelta(minutes=1)
    client.get("/account")
    with app.app_context():
        assert db.session.scalar(select(LoginSession.last_seen_at)) == seen


def test_knowing_the_member_costs_one_query_per_request(app, client, members):
    members.join("quiet-river")
    client.get("/help")
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert "quiet-river" in client.get("/help").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # One to know who is logged in (account and login together), one for their unseen notices,
    # one for the header's unread count.
    assert len(statements) == 3, statements


def test_deleting_an_account_ends_all_its_logins(app, client, members):
    members.join("leaving-soon")
    phone = app.test_client()
    Members(phone).login("leaving-soon")
    Members(app.test_client()).join("staying-on")
    submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    assert _open_logins(app) == 1  # staying-on's only


def test_recovering_the_account_ends_every_other_login(app, client, members):
    codes = members.join("quiet-river")
    phone = app.test_client()
    Members(phone).login("quiet-river")
    members.logout()
    submit(client, "/recover", {"handle": "quiet-river", "code": codes[0], "password": "a brand new passphrase",
                                "password_confirm": "a brand new passphrase"})
    assert client.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert _open_logins(app, "quiet-river") == 1


def test_the_export_and_the_privacy_page_tell_of_open_logins(app, client, members):
    members.join("quiet-river")
    Members(app.test_client()).login("quiet-river")
    logins = client.get("/account/export").get_json()["open_logins"]
    assert len(logins) == 2 and all(login["last_used"].endswith("Z") for login in logins)
    page = client.get("/privacy").get_data(as_text=True)
    assert "logging out ends that login on our side too" in page
