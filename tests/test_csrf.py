"""Every state change needs the page's CSRF token: a POST without one changes nothing."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Post, RecoveryCode, Topic, User
from tests.conftest import PASSWORD


def _forum_state(app):
    with app.app_context():
        return (
            db.session.execute(select(User.handle, User.password_hash, User.role, User.session_generation)).all(),
            db.session.execute(select(Post.id, Post.body, Post.deleted_at, Post.anonymous)).all(),
            db.session.execute(select(Topic.id, Topic.title, Topic.post_count)).all(),
            db.session.execute(select(Board.slug, Board.post_count)).all(),
            db.session.execute(select(RecoveryCode.code_digest, RecoveryCode.used_at)).all(),
        )


def _post_routes(app):
    return sorted(rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods)


def test_every_post_route_is_known_here(app):
    # A new POST route must join FORM_DATA below, so that it is tested too.
    assert set(_post_routes(app)) == set(FORM_DATA)


FORM_DATA = {
    "/register": {"handle": "new-member", "password": "a sturdy passphrase", "password_confirm": "a sturdy passphrase"},
    "/login": {"handle": "quiet-river", "password": PASSWORD},
    "/logout": {},
    "/recover": {"handle": "quiet-river", "code": "{code}", "password": "a sturdy passphrase", "password_confirm": "a sturdy passphrase"},
    "/account/recovery-codes": {"password": PASSWORD},
    "/b/<slug>/new": {"title": "A new topic", "body": "words", "anonymous": "y"},
    "/t/<id:topic_id>/reply": {"body": "a reply"},
    "/p/<id:post_id>/edit": {"title": "Changed", "body": "changed"},
    "/p/<id:post_id>/delete": {},
}


@pytest.mark.parametrize("route", sorted(FORM_DATA))
def test_a_post_without_the_token_changes_nothing(app, client, members, forum, route):
    codes = members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]
    if route in ("/register", "/login", "/recover"):
        members.logout()
    url = route.replace("<slug>", "alcohol").replace("<id:topic_id>", str(topic_id)).replace("<id:post_id>", str(post_id))
    data = {name: value.format(code=codes[0]) for name, value in FORM_DATA[route].items()}
    before = _forum_state(app)
    response = client.post(url, data=data)
    assert response.status_code in (302, 422), response.status_code
    assert _forum_state(app) == before
    if route == "/logout":
        assert client.get("/account").status_code == 200  # still logged in
    if route == "/login":
        assert client.get("/account").status_code == 302  # not logged in
