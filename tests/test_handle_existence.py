"""Nothing tells a stranger whether a handle exists, or that its owner posts anonymously.

Timing is measured by what it costs, not by a clock: logging in hashes the
password once whether or not the handle exists, and recovering an account
runs the same queries.
"""
import re

import pytest
from sqlalchemy import event, insert

from forum.extensions import db
from forum.models import User
from forum.models import accounts as account_models
from forum.models.base import utcnow
from tests.helpers import Forum, submit


@pytest.fixture
def password_checks(monkeypatch):
    """Every password hash the forum checks, counted."""
    checked = []
    real_check = account_models.check_password_hash

    def counting_check(stored, password):
        checked.append(stored)
        return real_check(stored, password)

    monkeypatch.setattr(account_models, "check_password_hash", counting_check)
    return checked


def _demo_member(app, handle):
    """An account as `forum demo-data` makes them: no password anyone could match."""
    with app.app_context():
        db.session.execute(insert(User), [{"handle": handle, "handle_key": handle, "password_hash": "!demo",
                                           "role": "member", "created_at": utcnow()}])
        db.session.commit()


def test_logging_in_costs_one_password_hash_whether_or_not_the_handle_exists(app, client, members, password_checks):
    members.join("quiet-river")
    members.logout()
    _demo_member(app, "gentle-fox-42")
    costs = {}
    for handle in ("quiet-river", "nobody-here", "gentle-fox-42", "not a handle!"):
        password_checks.clear()
        assert members.login(handle, "not the password at all").status_code == 422
        costs[handle] = len(password_checks)
    assert costs == {"quiet-river": 1, "nobody-here": 1, "gentle-fox-42": 1, "not a handle!": 1}


def test_the_stand_in_hash_uses_the_configured_method_and_is_made_once(app, client, members, password_checks):
    for attempt in range(3):
        members.login("nobody-here", f"guess number {attempt}")
    assert len(password_checks) == 3 and len(set(password_checks)) == 1
    assert password_checks[0].startswith("pbkdf2:sha256:1000$")  # the suite's PASSWORD_HASH_METHOD


def _queries_to_recover(app, client, handle) -> int:
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_):
        statements.append(1)

    page = client.get("/recover")  # the form's token first, so only the POST is counted
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.get_data(as_text=True)).group(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.post("/recover", data={
            "csrf_token": token, "handle": handle, "code": "aaaa-bbbb-cccc",
            "password": "a brand new passphrase", "password_confirm": "a brand new passphrase",
        })
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 422
    assert "That handle and recovery code don&#39;t match" in response.get_data(as_text=True)
    return len(statements)


def test_a_wrong_recovery_code_costs_the_same_for_an_unknown_handle(app, client, members):
    members.join("quiet-river")
    members.logout()
    assert _queries_to_recover(app, client, "quiet-river") == _queries_to_recover(app, client, "nobody-here")


def _profile_without_handle(client, handle) -> str:
    page = client.get(f"/u/{handle}").get_data(as_text=True)
    assert handle in page
    page = re.sub(r'name="csrf-token" content="[^"]*"', "", page)
    return page.replace(handle, "HANDLE")


def test_a_member_who_only_posts_anonymously_has_the_profile_of_one_who_never_posted(app, members, forum):
    members.join("hidden-alice")
    topic_id = forum.start_topic(title="I relapsed last night", body="Nobody knows.", anonymous=True)
    forum.reply(topic_id, "Still here.", anonymous=True)
    members.logout()
    members.join("never-posted")
    members.logout()
    visitor = app.test_client()
    assert _profile_without_handle(visitor, "hidden-alice") == _profile_without_handle(visitor, "never-posted")


def test_a_profile_leaves_out_posts_moderators_hid_or_removed(app, members, forum, sign_in_as):
    members.join("quiet-river")
    kept = forum.start_topic(title="A good week", body="Ninety days today.")
    hidden = forum.start_topic(title="Call me on this number", body="555-0100")
    removed = forum.start_topic(title="Selling spares", body="DM me")
    members.logout()
    moderator = sign_in_as("watchful-mod", "moderator")
    for topic_id, action in ((hidden, "hide"), (removed, "delete")):
        post_id = Forum(moderator).post_ids(topic_id)[0]
        response = submit(moderator, f"/mod/reports/{post_id}", {"action": action, "note": "personal details"})
        assert response.status_code in (200, 302), response.get_data(as_text=True)
    visitor = app.test_client()
    profile = visitor.get("/u/quiet-river").get_data(as_text=True)
    assert "1 post<" in profile or "1 post " in profile
    assert f"/p/{Forum(visitor).post_ids(kept)[0]}" in profile
    assert "555-0100" not in profile and "Call me" not in profile and "Topic hidden" not in profile
    assert "Selling spares" not in profile
