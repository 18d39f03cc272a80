"""Pseudonymous accounts: joining, logging in and out, and recovery codes."""
import pytest

from tests.helpers import PASSWORD, Members, recovery_codes, submit


def test_joining_leads_to_the_recovery_codes_page(client, members):
    response = members.register("quiet-river")
    assert response.status_code == 303 and response.location == "/account/recovery-codes"
    page = client.get(response.location)
    assert "Save your recovery codes" in page.get_data(as_text=True)
    assert len(set(recovery_codes(page))) == 8
    assert page.headers["Cache-Control"] == "no-store"
    assert "Recovery codes left</dt><dd>8" in client.get("/account").get_data(as_text=True)


def test_joined_member_is_logged_in(client, members):
    members.register("quiet-river")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account">quiet-river</a>' in page
    assert "Log out" in page


def test_login_and_logout(client, members):
    members.register("quiet-river")
    members.logout()
    assert "Log in" in client.get("/").get_data(as_text=True)
    assert client.get("/account").status_code == 302
    response = members.login("Quiet-River")  # handles are not case sensitive
    assert response.status_code == 302
    assert client.get("/account").status_code == 200


def test_login_returns_to_the_page_that_asked(client, members):
    members.register("quiet-river")
    members.logout()
    response = submit(client, "/login?next=/b/alcohol/new", {"handle": "quiet-river", "password": PASSWORD})
    assert response.location == "/b/alcohol/new"


def test_login_never_redirects_to_another_site(client, members):
    members.register("quiet-river")
    members.logout()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = submit(client, f"/login?next={target}", {"handle": "quiet-river", "password": PASSWORD})
        assert response.location == "/", target
        members.logout()


def test_logout_is_a_post_with_a_token(client, members):
    members.register("quiet-river")
    assert client.get("/logout").status_code == 405
    client.post("/logout")  # no token: a link on another site cannot log you out
    assert client.get("/account").status_code == 200
    members.logout()
    assert client.get("/account").status_code == 302


def test_login_failure_does_not_say_whether_the_handle_exists(client, members):
    members.register("quiet-river")
    members.logout()
    wrong_password = members.login("quiet-river", "not the password at all")
    unknown_handle = members.login("nobody-here", "not the password at all")
    assert wrong_password.status_code == unknown_handle.status_code == 422
    message = "That handle and password don&#39;t match."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_handle.get_data(as_text=True)


def test_failed_login_keeps_the_handle_typed(members):
    page = members.login("quiet-river", "wrong password here").get_data(as_text=True)
    assert 'value="quiet-river"' in page


@pytest.mark.parametrize("handle, message", [
    ("ab", "Use 3 to 24 letters, digits, _ or -."),
    ("a" * 25, "Use 3 to 24 letters, digits, _ or -."),
    ("has space", "Use 3 to 24 letters, digits, _ or -."),
    ("émile", "Use 3 to 24 letters, digits, _ or -."),
    ("<script>", "Use 3 to 24 letters, digits, _ or -."),
    ("Anonymous", "That handle is reserved."),
    ("moderator", "That handle is reserved."),
])
def test_handle_rules(members, handle, message):
    response = members.register(handle)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_handles_are_unique_whatever_the_case(client, members):
    members.register("Quiet-River")
    members.logout()
    response = members.register("quiet-river")
    assert response.status_code == 422
    assert "That handle is taken." in response.get_data(as_text=True)


@pytest.mark.parametrize("password, confirm, message", [
    ("short", "short", "Use at least 10 characters."),
    ("password123", "password123", "too easy to guess"),
    ("1234567890", "1234567890", "too easy to guess"),
    ("my-name-is-quiet-river", "my-name-is-quiet-river", "too easy to guess"),
    ("a long good password", "a different password", "The two passwords are not the same."),
])
def test_password_rules(client, password, confirm, message):
    response = submit(client, "/register", {"handle": "quiet-river", "password": password, "password_confirm": confirm})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="quiet-river"' in page  # the handle typed is kept


def test_passwords_are_stored_hashed(app, members):
    members.register("quiet-river")
    with app.app_context():
        from forum.models import User

        stored = User.by_handle("quiet-river").password_hash
    assert PASSWORD not in stored
    assert stored.startswith("pbkdf2:")  # the suite's cheap setting; scrypt by default


def test_reset_password_with_a_recovery_code(app, client, members):
    codes = members.join("quiet-river")
    members.logout()
    response = submit(client, "/recover", {
        "handle": "quiet-river", "code": codes[0].upper(),
        "password": "a brand new passphrase", "password_confirm": "a brand new passphrase",
    })
    assert response.status_code == 302
    assert "You have 7 recovery codes left." in client.get("/account").get_data(as_text=True)
    members.logout()
    assert members.login("quiet-river").status_code == 422
    assert members.login("quiet-river", "a brand new passphrase").status_code == 302


def test_a_recovery_code_works_once(client, members):
    codes = members.join("quiet-river")
    members.logout()
    reset = {"handle": "quiet-river", "code": codes[0], "password": "first new password", "password_confirm": "first new password"}
    assert submit(client, "/recover", reset).status_code == 302
    members.logout()
    again = submit(client, "/recover", {**reset, "password": "second new password", "password_confirm": "second new password"})
    assert again.status_code == 422
    assert "the code was used already" in again.get_data(as_text=True)


def test_a_recovery_code_only_opens_its_own_account(client, members):
    codes = members.join("quiet-river")
    members.logout()
    members.join("steady-oak")
    members.logout()
    response = submit(client, "/recover", {
        "handle": "steady-oak", "code": codes[0], "password": "taken over now", "password_confirm": "taken over now",
    })
    assert response.status_code == 422
    assert members.login("steady-oak").status_code == 302


def test_resetting_the_password_ends_other_sessions(app, members):
    codes = members.join("quiet-river")
    other_device = app.test_client()

    Members(other_device).login("quiet-river")
    assert other_device.get("/account").status_code == 200
    members.logout()
    submit(members.client, "/recover", {
        "handle": "quiet-river", "code": codes[1], "password": "a brand new passphrase", "password_confirm": "a brand new passphrase",
    })
    assert other_device.get("/account").status_code == 302


def test_new_recovery_codes_need_the_password(client, members):
    members.join("quiet-river")
    response = submit(client, "/account/recovery-codes", {"password": "not my password"})
    assert response.status_code == 422
    assert "That isn&#39;t your current password." in response.get_data(as_text=True)
    assert recovery_codes(response) == []


def test_new_recovery_codes_replace_the_old_ones(client, members):
    old_codes = members.join("quiet-river")
    response = submit(client, "/account/recovery-codes", {"password": PASSWORD})
    assert response.status_code == 303  # to the page that shows them, which a reload shows again
    new_codes = recovery_codes(client.get(response.location))
    assert len(new_codes) == 8 and not set(new_codes) & set(old_codes)
    members.logout()
    response = submit(client, "/recover", {
        "handle": "quiet-river", "code": old_codes[0], "password": "a brand new passphrase", "password_confirm": "a brand new passphrase",
    })
    assert response.status_code == 422


# --- new recovery codes stay for a while, in this session only ------------------

def _session_contents(app, client) -> str:
    import json

    cookie = client.get_cookie("session").value
    return json.dumps(app.session_interface.get_signing_serializer(app).loads(cookie))


def _codes_page(client) -> list[str]:
    return recovery_codes(client.get("/account/recovery-codes"))


def _let_minutes_pass(app, minutes):
    from datetime import timedelta

    from forum.extensions import db
    from forum.models import UnsavedRecoveryCodes

    with app.app_context():
        for row in db.session.scalars(db.select(UnsavedRecoveryCodes)):
            row.expires_at -= timedelta(minutes=minutes)
        db.session.commit()


def test_new_codes_survive_a_reload_but_sit_nowhere_in_clear(app, client, members, database_path):
    codes = members.join("quiet-river")
    assert len(codes) == 8
    assert _codes_page(client) == codes  # a reload, or a tab the phone dropped, shows them again
    # Not in the session cookie (signed, not encrypted), nor in the database.
    assert not any(code in _session_contents(app, client) for code in codes)
    stored = b"".join(path.read_bytes() for path in database_path.parent.glob(database_path.name + "*"))
    assert not any(code.encode() in stored for code in codes)


def test_new_codes_are_never_shown_to_another_session(app, client, members):
    codes = members.join("quiet-river")
    other_device = app.test_client()
    Members(other_device).login("quiet-river")
    page = other_device.get("/account/recovery-codes").get_data(as_text=True)
    assert recovery_codes_in(page, codes) == [] and "There are none to show here now." in page
    assert _codes_page(client) == codes  # while this session still sees them


def recovery_codes_in(page: str, codes: list[str]) -> list[str]:
    return [code for code in codes if code in page]


def test_new_codes_go_after_fifteen_minutes(app, client, members):
    codes = members.join("quiet-river")
    _let_minutes_pass(app, 14)
    assert _codes_page(client) == codes
    _let_minutes_pass(app, 1)
    assert _codes_page(client) == []
    _let_minutes_pass(app, -30)  # not even if the clock went back
    assert _codes_page(client) == []


def test_i_have_saved_them_ends_it_for_good(app, client, members):
    codes = members.join("quiet-river")
    copied_cookie = client.get_cookie("session").value  # a copy of this very session, taken before
    page = client.get("/account/recovery-codes").get_data(as_text=True)
    assert "I've saved them, take me to the boards</button>" in page
    saved = submit(client, "/account/recovery-codes/saved")
    assert saved.status_code == 302 and saved.location == "/"
    assert "won&#39;t be shown again" in client.get("/").get_data(as_text=True)
    assert _codes_page(client) == []
    copy = app.test_client()
    copy.set_cookie("session", copied_cookie)
    assert recovery_codes_in(copy.get("/account/recovery-codes").get_data(as_text=True), codes) == []


def test_logging_out_ends_them_too(client, members):
    members.join("quiet-river")
    members.logout()
    members.login("quiet-river")
    assert _codes_page(client) == []


def test_codes_made_on_the_account_page_work_the_same_way(app, client, members):
    members.join("quiet-river")
    submit(client, "/account/recovery-codes/saved")
    made = submit(client, "/account/recovery-codes", {"password": PASSWORD})
    assert made.status_code == 303 and made.location == "/account/recovery-codes"
    codes = _codes_page(client)
    assert len(codes) == 8 and _codes_page(client) == codes
    page = client.get("/account/recovery-codes").get_data(as_text=True)
    assert "I've saved them</button>" in page
    saved = submit(client, "/account/recovery-codes/saved")
    assert saved.location == "/account" and _codes_page(client) == []


def test_deleting_the_account_takes_unsaved_codes_with_it(app, client, members):
    from forum.extensions import db
    from forum.models import UnsavedRecoveryCodes

    members.join("quiet-river")
    assert submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD}).status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(UnsavedRecoveryCodes)).all() == []
