"""Handles: nobody can pass for staff, the forum or a help line, nor take a departed member's name at once."""
import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.extensions import db
from forum.models import HeldHandle
from forum.models.base import utcnow
from tests.helpers import PASSWORD, Members, make_app, submit

RESERVED = "That handle is reserved"


@pytest.mark.parametrize("handle", [
    # Each was accepted once, and looked like the forum's own people.
    "Porchlight-Team", "mod_team", "admins", "crisis-line", "988-help", "a-former-member",
    # The same claims, spelled other ways.
    "ModSquad", "the-mods", "THE_STAFF", "sysadmin", "official-river", "HelplineUK", "call-911", "Anonymous",
    "anon", "deleted-user", "Removed", "facilitator-amy", "moderator",
])
def test_a_handle_that_claims_a_role_or_the_forums_words_is_refused(members, handle):
    response = members.register(handle)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert RESERVED in page and "Please choose another." in page
    assert f'value="{handle}"' in page  # the member's words come back


@pytest.mark.parametrize("handle", ["---", "_-_", "___"])
def test_a_handle_of_only_punctuation_is_refused(members, handle):
    response = members.register(handle)
    assert response.status_code == 422
    assert "Please include at least one letter or digit." in response.get_data(as_text=True)


@pytest.mark.parametrize("handle", [
    # Ordinary words that only look like the reserved ones from far away.
    "modern-mom", "model_citizen", "admiral-ackbar", "steam-engine", "teamwork", "Stafford",
    "moderate-drinker", "crisis-reporter", "needs-support", "help-me-please", "class-of-1988", "ninety-days",
])
def test_ordinary_handles_that_look_a_little_like_reserved_words_are_fine(client, members, handle):
    response = members.register(handle)
    # Joined: on to the page that shows the new account's recovery codes.
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.location.endswith("/account/recovery-codes")


def test_the_admin_may_give_role_words_to_staff_but_never_the_forums_words(runner):
    def create(handle, role):
        return runner.invoke(args=["forum", "create-user", "--role", role, "--password-stdin", "--", handle],
                             input="a sturdy passphrase\n")

    assert create("night-moderator", "moderator").exit_code == 0  # the badge says the same
    assert create("porchlight-admin", "admin").exit_code == 0
    for handle, role in (("mod-river", "member"), ("crisis-line", "admin"), ("anonymous-mod", "moderator"),
                         ("a-former-member", "moderator"), ("---", "admin")):
        result = create(handle, role)
        assert result.exit_code != 0, handle
        assert "reserved" in result.output or "letter or digit" in result.output, result.output


def _delete_account(client):
    response = submit(client, "/account/delete", {"posts": "keep", "password": PASSWORD})
    assert response.status_code == 302


def test_a_deleted_accounts_handle_is_held_for_ninety_days(app, client, members, runner):
    members.join("Quiet-River")
    _delete_account(client)
    newcomer = app.test_client()
    for handle in ("quiet-river", "QUIET-RIVER"):
        response = Members(newcomer).register(handle)
        assert response.status_code == 422
        assert "That handle is taken. Please choose another." in response.get_data(as_text=True)
    result = runner.invoke(args=["forum", "create-user", "quiet-river", "--password-stdin"],
                           input="a sturdy passphrase\n")
    assert result.exit_code != 0 and "That handle is taken" in result.output
    with app.app_context():
        held = db.session.scalar(select(HeldHandle))
        released = held.released_at
    assert timedelta(days=89) < released - utcnow() <= timedelta(days=90)
    with app.app_context():
        db.session.execute(update(HeldHandle).values(released_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert Members(newcomer).register("quiet-river").status_code == 303  # joined


def test_a_held_handle_is_kept_only_as_a_keyed_hash(app, client, members):
    members.join("quiet-river")
    _delete_account(client)
    with app.app_context():
        digest = db.session.scalar(select(HeldHandle.key_digest))
    assert len(digest) == 64 and "quiet" not in digest
    # Keyed: without the forum's secret key, nobody can test guesses against the list.
    assert digest not in {hashlib.sha256(name).hexdigest() for name in (b"quiet-river", b"Quiet-River")}


def test_the_hold_lasts_as_configured(database_path):
    short = make_app(database_path, FORUM_HANDLE_HOLD_DAYS=7)
    client = short.test_client()
    Members(client).join("quiet-river")
    _delete_account(client)
    with short.app_context():
        released = db.session.scalar(select(HeldHandle.released_at))
        db.engine.dispose()
    assert timedelta(days=6) < released - utcnow() <= timedelta(days=7)


def test_the_hold_is_told_before_deleting_and_on_the_privacy_page(client, members):
    members.join("quiet-river")
    assert "for 90 days nobody else can take your handle" in client.get("/account/delete").get_data(as_text=True)
    assert "its handle is held for 90 days" in client.get("/privacy").get_data(as_text=True)
