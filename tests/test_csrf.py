"""Every state change needs the page's CSRF token: a POST without one changes nothing."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import (
    Board,
    InboxEntry,
    LoginSession,
    Meeting,
    ModAction,
    Notice,
    Post,
    RecoveryCode,
    Report,
    SavedPost,
    Topic,
    TopicFollow,
    User,
)
from forum.services import moderation
from tests.helpers import MEETING, PASSWORD, Forum, Members, add_meeting, post_routes, submit

# Every POST route, with the form a browser would send (less the token).
FORM_DATA = {
    "/register": {"handle": "new-member", "password": "a sturdy passphrase", "password_confirm": "a sturdy passphrase"},
    "/login": {"handle": "quiet-river", "password": PASSWORD},
    "/logout": {},
    "/recover": {"handle": "quiet-river", "code": "{code}", "password": "a sturdy passphrase", "password_confirm": "a sturdy passphrase"},
    "/account/recovery-codes": {"password": PASSWORD},
    "/account/recovery-codes/saved": {},
    "/account/password": {"current_password": PASSWORD, "password": "a sturdy passphrase", "password_confirm": "a sturdy passphrase"},
    "/account/delete": {"posts": "remove", "password": PASSWORD},
    "/account/notices/<id:notice_id>/seen": {},
    "/account/hearing-back": {"feed_includes_words": "y"},  # both settings the other way from how they are
    "/account/feed": {"password": PASSWORD},
    "/account/feed/revoke": {},
    "/inbox/read": {},
    "/b/<slug>/new": {"title": "A new topic", "body": "words", "anonymous": "y"},
    "/t/<id:topic_id>/reply": {"body": "a reply"},
    "/t/<id:topic_id>/support/withdraw": {},
    "/p/<id:post_id>/edit": {"title": "Changed", "body": "changed"},
    "/p/<id:post_id>/delete": {},
    "/p/<id:post_id>/report": {"reason": "spam", "details": "selling"},
    "/t/<id:topic_id>/follow": {},
    "/t/<id:topic_id>/unfollow": {},
    "/p/<id:post_id>/save": {},
    "/p/<id:post_id>/unsave": {},
    "/mod/reports/<id:post_id>": {"action": "hide", "note": "spam"},
    "/settings": {"time_zone": "Asia/Tokyo", "country": "JP", "language": "es"},
    "/meetings/new": MEETING,
    "/meetings/<slug>/edit": {**MEETING, "name": "Renamed", "day": "2"},
    "/meetings/<slug>/status": {"action": "meeting-archive"},
}
LOGGED_OUT_ROUTES = {"/register", "/login", "/recover", "/settings"}
MODERATOR_ROUTES = {"/mod/reports/<id:post_id>", "/meetings/<slug>/edit", "/meetings/<slug>/status"}
ABOUT_OTHERS_POST = {"/p/<id:post_id>/report", "/mod/reports/<id:post_id>"}


def _forum_state(app):
    with app.app_context():
        return [db.session.execute(select(*columns)).all() for columns in (
            (User.handle, User.password_hash, User.role, User.suspended_until),
            (User.follows_what_they_post, User.inbox_feed_digest, User.inbox_feed_words),
            (User.time_zone, User.country, User.language),
            (LoginSession.key_digest, LoginSession.user_id),
            (Post.id, Post.body, Post.deleted_at, Post.moderation),
            (Topic.id, Topic.title, Topic.post_count, Topic.locked, Topic.pinned, Topic.support_requested_at),
            (Board.slug, Board.post_count),
            (RecoveryCode.code_digest, RecoveryCode.used_at),
            (Report.id, Report.reason), (ModAction.id,), (Notice.id, Notice.seen_at),
            (InboxEntry.id, InboxEntry.read_at),
            (TopicFollow.user_id, TopicFollow.topic_id), (SavedPost.user_id, SavedPost.post_id),
            (Meeting.slug, Meeting.name, Meeting.state, Meeting.day_numbers, Meeting.confirmed_at),
        )]


def test_every_post_route_is_known_here(app):
    # A new POST route must join FORM_DATA above, so that it is tested too.
    assert post_routes(app) == set(FORM_DATA)


@pytest.fixture
def scene(app, client, members, forum, runner):
    codes = members.join("quiet-river")
    submit(client, "/account/feed", {"password": PASSWORD})  # a feed address, for stopping it to change something
    topic_id = forum.start_topic(support_now=True)
    own_post = forum.post_ids(topic_id)[0]
    other = app.test_client()
    Members(other).join("other-member")
    Forum(other).reply(topic_id, "a reply from someone else")
    others_post = forum.post_ids(topic_id)[1]
    runner.invoke(args=["forum", "create-user", "watchful-mod", "--role", "moderator", "--password-stdin"],
                  input="moderator password here\n")
    with app.app_context():
        moderator = User.by_handle("watchful-mod")
        moderation.act(moderator, db.session.get(Post, own_post), "warn", "Please be kind.")
        db.session.commit()
        notice_id = db.session.scalar(select(Notice.id))
    moderator_client = app.test_client()
    Members(moderator_client).login("watchful-mod", "moderator password here")
    meeting = add_meeting(moderator_client)
    return {"code": codes[0], "topic_id": topic_id, "own_post": own_post, "others_post": others_post,
            "notice_id": notice_id, "meeting": meeting}


@pytest.mark.parametrize("route", sorted(FORM_DATA))
def test_a_post_without_the_token_changes_nothing(app, client, members, scene, route):
    if route in LOGGED_OUT_ROUTES:
        members.logout()
    if route in MODERATOR_ROUTES:
        members.logout()
        members.login("watchful-mod", "moderator password here")
    post_id = scene["others_post"] if route in ABOUT_OTHERS_POST else scene["own_post"]
    url = (route.replace("/meetings/<slug>", f"/meetings/{scene['meeting']}").replace("<slug>", "alcohol").replace("<id:topic_id>", str(scene["topic_id"]))
           .replace("<id:post_id>", str(post_id)).replace("<id:notice_id>", str(scene["notice_id"])))
    data = {name: value.format(code=scene["code"]) for name, value in FORM_DATA[route].items()}
    before = _forum_state(app)
    response = client.post(url, data=data)
    assert response.status_code in (302, 422), response.status_code
    assert _forum_state(app) == before
    if route == "/logout":
        assert client.get("/account").status_code == 200  # still logged in
    if route == "/login":
        assert client.get("/account").status_code == 302  # not logged in
