"""The account's "Hearing back": following what you post in, and the private feed's address and words."""
import json
import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import Topic, User
from forum.models.inbox import feed_token_digest
from forum.services import inbox
from tests.helpers import PASSWORD, Forum, Members, submit

FEED_ADDRESS = re.compile(r'value="(http://localhost/inbox/feed/([\w-]+)\.atom)"')


def _follows(app, handle, topic_id) -> bool:
    with app.app_context():
        return inbox.follows(User.by_handle(handle), db.session.get(Topic, topic_id))


def _member(app, handle) -> User:
    with app.app_context():
        member = User.by_handle(handle)
        db.session.expunge(member)
        return member


def _export(client) -> dict:
    return json.loads(client.get("/account/export").data)


def test_the_account_explains_hearing_back_and_the_private_feed(client, members):
    members.join("quiet-river")
    page = client.get("/account").get_data(as_text=True)
    assert '<h2 id="hearing-back">Hearing back</h2>' in page
    assert re.search(r'<input checked id="follow_on_post" name="follow_on_post" type="checkbox" value="y">', page)
    assert re.search(r'<input id="feed_includes_words" name="feed_includes_words" type="checkbox" value="y">', page)
    assert "Follow topics I start or reply in" in page
    for words in ("the email-less way to be told", "feed reader", "Anyone with the address can read the titles",
                  "keep it private", "left out unless you tick the box above", "in the cloud",
                  "each entry says only “A new reply for you.”, whether it answers a post of yours or not"):
        assert words in page, words
    assert "Make my private feed" in page and "Stop my private feed" not in page


def test_with_following_turned_off_posting_no_longer_follows(app, client, members, forum):
    members.join("quiet-river")
    other = app.test_client()
    Members(other).join("steady-oak")
    their_topic = Forum(other).start_topic(title="Week two")
    forum.reply(their_topic, "Keep going.")
    assert _follows(app, "quiet-river", their_topic)  # on by default

    response = submit(client, "/account/hearing-back", {})  # the box unticked
    assert response.status_code == 302 and response.location == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "Your choices for hearing back are saved." in page
    assert '<input id="follow_on_post" name="follow_on_post" type="checkbox" value="y">' in page
    assert _export(client)["account"]["follow_topics_you_post_in"] is False

    another = Forum(other).start_topic(title="Week three")
    forum.reply(another, "Still here.")
    own_topic = forum.start_topic(title="Day one again")
    assert not _follows(app, "quiet-river", another)
    assert not _follows(app, "quiet-river", own_topic)
    assert _follows(app, "quiet-river", their_topic)  # what they followed before stays followed

    submit(client, "/account/hearing-back", {"follow_on_post": "y"})
    forum.reply(another, "Back again.")
    assert _follows(app, "quiet-river", another)
    assert _export(client)["account"]["follow_topics_you_post_in"] is True


def test_the_words_setting_is_kept_and_the_export_says_so(app, client, members):
    members.join("quiet-river")
    submit(client, "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"})
    member = _member(app, "quiet-river")
    assert member.inbox_feed_words and member.follows_what_they_post
    assert _export(client)["account"]["private_inbox_feed"] == {"made": False, "carries_the_words": True}
    page = client.get("/account").get_data(as_text=True)
    assert '<input checked id="feed_includes_words"' in page


def test_a_new_feed_address_is_shown_once_and_only_its_digest_is_kept(app, client, members):
    members.join("quiet-river")
    response = submit(client, "/account/feed", {"password": PASSWORD})
    assert response.status_code == 303 and response.location == "/account"
    page = client.get("/account").get_data(as_text=True)
    address, token = FEED_ADDRESS.search(page).groups()
    assert "Copy it now: it is shown only this once." in page
    assert "Stop my private feed" in page and "Make a new address" in page
    assert client.get("/account").headers["Cache-Control"] == "private, no-store"

    again = client.get("/account").get_data(as_text=True)
    assert token not in again and "shown only this once" not in again
    assert "You have a private feed." in again
    # Shown, then forgotten: not in the session cookie either.
    serializer = app.session_interface.get_signing_serializer(app)
    assert token not in json.dumps(serializer.loads(client.get_cookie("session").value))

    with app.app_context():
        row = db.session.execute(select(User.__table__).where(User.handle == "quiet-river")).one()
    assert feed_token_digest(token) in row and token not in [str(value) for value in row]
    assert _export(client)["account"]["private_inbox_feed"]["made"] is True
    assert token not in client.get("/account/export").get_data(as_text=True)
    assert app.test_client().get(address.removeprefix("http://localhost")).status_code == 200


def test_a_new_address_not_yet_shown_is_forgotten_on_logging_out(app, client, members):
    members.join("quiet-river")
    submit(client, "/account/feed", {"password": PASSWORD})  # and the page that shows it never arrives
    members.logout()
    serializer = app.session_interface.get_signing_serializer(app)
    assert "new_feed_token" not in serializer.loads(client.get_cookie("session").value)
    members.login("quiet-river")
    assert not FEED_ADDRESS.search(client.get("/account").get_data(as_text=True))
    assert _member(app, "quiet-river").inbox_feed_digest is not None  # the feed is made: a new address shows it again


def test_making_a_feed_address_needs_the_password(app, client, members):
    members.join("quiet-river")
    response = submit(client, "/account/feed", {"password": "not my password"})
    assert response.status_code == 422
    assert "That isn&#39;t your current password." in response.get_data(as_text=True)
    assert _member(app, "quiet-river").inbox_feed_digest is None


def test_stopping_the_feed_makes_its_address_show_nothing(app, client, members):
    members.join("quiet-river")
    submit(client, "/account/feed", {"password": PASSWORD})
    address = FEED_ADDRESS.search(client.get("/account").get_data(as_text=True)).group(1)
    path = address.removeprefix("http://localhost")
    response = submit(client, "/account/feed/revoke")
    assert response.status_code == 302 and response.location == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "Your private feed is stopped" in page and "Make my private feed" in page
    assert _member(app, "quiet-river").inbox_feed_digest is None
    assert app.test_client().get(path).status_code == 404


def test_a_refused_form_token_changes_nothing_and_says_so_kindly(app, client, members):
    members.join("quiet-river")
    submit(client, "/account/feed", {"password": PASSWORD})
    client.get("/account")
    before = _member(app, "quiet-river")
    for url, data in (("/account/hearing-back", {"feed_includes_words": "y"}), ("/account/feed/revoke", {})):
        response = client.post(url, data={"csrf_token": "not-a-token", **data})
        assert response.status_code == 302 and response.location == "/account"
        page = client.get("/account").get_data(as_text=True)
        assert "for your safety it wasn&#39;t sent. Nothing changed: please try again." in page, url
    response = client.post("/account/feed", data={"csrf_token": "not-a-token", "password": PASSWORD})
    assert response.status_code == 422
    assert "for your safety it wasn&#39;t sent." in response.get_data(as_text=True)
    after = _member(app, "quiet-river")
    assert (after.follows_what_they_post, after.inbox_feed_words, after.inbox_feed_digest) == (
        before.follows_what_they_post, before.inbox_feed_words, before.inbox_feed_digest)
    assert after.inbox_feed_digest is not None
