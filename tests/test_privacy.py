"""A member's data: what is kept, exporting it, changing the password, leaving for good."""
import json

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, Report, User
from tests.helpers import PASSWORD, Forum, Members, submit


def test_the_privacy_page_says_what_is_kept(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "What we never keep" in page and "No IP address" in page
    assert 'href="/privacy">Privacy</a>' in client.get("/").get_data(as_text=True)


def test_export_holds_everything_a_member_wrote_anonymous_posts_too(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Named topic", body="under my name", support_now=True)
    forum.reply(topic_id, "said anonymously", anonymous=True)
    other = app.test_client()
    Members(other).join("steady-oak")
    other_topic = Forum(other).start_topic(title="Their topic")
    submit(client, f"/p/{Forum(other).post_ids(other_topic)[0]}/report", {"reason": "spam", "details": "ads"})
    response = client.get("/account/export")
    assert response.headers["Content-Disposition"] == 'attachment; filename="porchlight-quiet-river.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["handle"] == "quiet-river"
    assert [t["title"] for t in data["topics_started"]] == ["Named topic"]
    assert data["topics_started"][0]["asked_for_support"].endswith("Z")
    assert [(p["body"], p["anonymous"]) for p in data["posts"]] == [("under my name", False), ("said anonymously", True)]
    assert data["reports_made"][0]["reason"] == "spam" and data["reports_made"][0]["details"] == "ads"
    assert "password" not in response.get_data(as_text=True).lower().replace("passwords", "")
    assert "steady-oak" not in response.get_data(as_text=True)


def test_export_needs_an_account(client):
    assert client.get("/account/export").location.startswith("/login")


def test_changing_the_password_ends_other_sessions(app, client, members):
    members.join("quiet-river")
    phone = app.test_client()
    Members(phone).login("quiet-river")
    wrong = submit(client, "/account/password", {"current_password": "not it at all", "password": "a new passphrase",
                                                 "password_confirm": "a new passphrase"})
    assert wrong.status_code == 422 and "That isn&#39;t your current password." in wrong.get_data(as_text=True)
    response = submit(client, "/account/password", {"current_password": PASSWORD, "password": "a new passphrase",
                                                    "password_confirm": "a new passphrase"})
    assert response.location == "/account"
    assert client.get("/account").status_code == 200  # this device carries on
    assert phone.get("/account").status_code == 302  # the other is logged out
    members.logout()
    assert members.login("quiet-river", "a new passphrase").status_code == 302


def _leaving_member(app, client, members, forum):
    members.join("leaving-soon")
    topic_id = forum.start_topic(title="My story, with details", body="my opening words")
    forum.reply(topic_id, "an anonymous thought", anonymous=True)
    other = app.test_client()
    Members(other).join("staying-on")
    Forum(other).reply(topic_id, "a reply that stays")
    submit(client, f"/p/{Forum(other).post_ids(topic_id)[2]}/report", {"reason": "other"})
    return topic_id


def test_deleting_an_account_can_remove_every_post(app, client, members, forum):
    topic_id = _leaving_member(app, client, members, forum)
    assert "This can't be undone." in client.get("/account/delete").get_data(as_text=True)
    response = submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    assert response.location == "/"
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert "my opening words" not in page and "an anonymous thought" not in page
    assert "My story, with details" not in page and page.count("Post removed by its author.") == 2
    assert "a reply that stays" in page
    with app.app_context():
        assert User.by_handle("leaving-soon") is None
        # The report they made stays for the moderators, without who made it.
        assert db.session.scalars(select(Report.reporter_id)).all() == [None]
    assert client.get("/account").status_code == 302
    assert app.test_client().get("/u/leaving-soon").status_code == 404


def test_deleting_an_account_can_keep_the_posts_as_a_former_member(app, client, members, forum):
    topic_id = _leaving_member(app, client, members, forum)
    submit(client, "/account/delete", {"posts": "keep", "password": PASSWORD})
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert "my opening words" in page and "an anonymous thought" in page
    assert "A former member" in page and "leaving-soon" not in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Post.id)).where(Post.author_id.is_(None))) == 2


def test_deleting_needs_the_password_and_a_choice(app, client, members, forum):
    _leaving_member(app, client, members, forum)
    wrong = submit(client, "/account/delete", {"posts": "remove", "password": "not my password"})
    assert wrong.status_code == 422 and "That isn&#39;t your current password." in wrong.get_data(as_text=True)
    no_choice = submit(client, "/account/delete", {"password": PASSWORD})
    assert no_choice.status_code == 422 and "Please choose what happens to your posts." in no_choice.get_data(as_text=True)
    with app.app_context():
        assert User.by_handle("leaving-soon") is not None


def test_a_deleted_accounts_old_sessions_open_nothing(app, client, members):
    members.join("leaving-soon")
    phone = app.test_client()
    Members(phone).login("leaving-soon")
    submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    newcomer = app.test_client()
    Members(newcomer).join("brand-new")  # SQLite may give them the freed id
    assert phone.get("/account").status_code == 302
    assert "brand-new" not in phone.get("/").get_data(as_text=True)


def test_the_session_cookie_holds_nothing_about_the_device(app, client, members):
    members.join("quiet-river")
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(client.get_cookie("session").value)
    assert "_user_id" in data and "_id" not in data  # no hash of the address and browser
