"""Who may do what: every route, for every kind of visitor, with the status expected.

POSTs carry a valid token and an empty (or harmless) form, so a role that
may use the route gets the form's own answer (422, or a redirect) and one
that may not gets 403, or is sent to log in. The scene is built once for
the module; each case then finds it as it was built, since whatever a case
changes (saving recovery codes does) is put back after it.
"""
import re
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Notice, Post, User
from forum.models.base import utcnow
from forum.services import moderation
from tests.helpers import PASSWORD, Forum, Members, add_meeting, csrf_token, put_back_afterwards, sign_in_as, submit

ROLES = ["logged-out", "owner", "other-member", "facilitator-elsewhere", "facilitator", "moderator", "admin", "suspended"]
A, M, S = 200, 302, 403  # shorthands for the table
# Characters that must be escaped once, and shown as typed (tests/test_pages.py reads the page titles).
TOPIC_TITLE = 'A topic & its "title" on the alcohol board'

GET_ROUTES = {
    "/": [A] * 8,
    "/b/alcohol": [A] * 8,
    "/b/alcohol/new": [M, A, A, A, A, A, A, S],
    "/t/{topic}": [A] * 8,
    "/t/{topic}/latest": [M] * 8,
    "/p/{post}": [M] * 8,
    "/p/{post}/edit": [M, A, S, S, S, S, S, S],
    "/p/{post}/delete": [M, A, S, S, S, S, S, S],
    "/p/{post}/report": [M, A, A, A, A, A, A, A],
    # Following, "new since you last looked", saved posts.
    "/t/{topic}/new": [M] * 8,
    "/p/{post}/save": [M, A, A, A, A, A, A, A],
    "/saved": [M, A, A, A, A, A, A, A],
    "/register": [A, M, M, M, M, M, M, M],
    "/login": [A] * 8,
    "/recover": [A] * 8,
    "/account": [M, A, A, A, A, A, A, A],
    "/account/recovery-codes": [M, A, A, A, A, A, A, A],
    "/account/export": [M, A, A, A, A, A, A, A],
    "/account/delete": [M, A, A, A, A, A, A, A],
    "/inbox": [M, A, A, A, A, A, A, A],
    "/inbox?page=2": [M, 404, 404, 404, 404, 404, 404, 404],
    "/u/owner": [A] * 8,
    "/mod/reports": [M, S, S, A, A, A, A, S],
    "/mod/reports?status=resolved": [M, S, S, A, A, A, A, S],
    "/mod/reports/{post}": [M, S, S, S, A, A, A, S],
    "/mod/log": [A] * 8,
    "/help": [A] * 8,
    "/privacy": [A] * 8,
    "/settings": [A] * 8,  # visitors choose too, kept in a cookie
    "/search": [A] * 8,
    "/search?q=topic": [A] * 8,
    "/search?q=topic&held=1": [A] * 8,  # for staff, what moderators hold back; for others, the same search
    "/search?q=topic&b=nowhere": [404] * 8,
    # Meetings: listed ones for everyone, a suggestion for whoever made it and the staff who keep it.
    "/meetings": [A] * 8,
    "/meetings?day=1&type=S&fellowship=aa&mode=online&soon=1&board=alcohol": [A] * 8,
    "/meetings?board=nowhere": [404] * 8,
    "/meetings.ics": [A] * 8,
    "/meetings.json": [A] * 8,
    "/meetings/{meeting}": [A] * 8,
    "/meetings/{meeting}.ics": [A] * 8,
    "/meetings/{proposal}": [404, A, 404, 404, A, A, A, 404],
    "/meetings/{proposal}.ics": [404] * 8,  # not on any calendar until it is listed
    "/meetings/no-such-meeting": [404] * 8,
    "/meetings/new": [M, A, A, A, A, A, A, S],
    "/meetings/{meeting}/edit": [M, S, S, S, A, A, A, S],
    "/mod/meetings": [M, S, S, A, A, A, A, S],
    "/healthz": [A] * 8,
    "/feed.atom": [A] * 8,
    "/b/alcohol/feed.atom": [A] * 8,
    "/t/{topic}/feed.atom": [A] * 8,
    "/inbox/feed/{feed}.atom": [A] * 8,  # whoever holds the address, logged in or not
    "/inbox/feed/not-a-feed-address.atom": [404] * 8,
}
# (form data, send the token?) and the statuses expected.
POST_ROUTES = {
    "/b/alcohol/new": ({}, True, [M, 422, 422, 422, 422, 422, 422, S]),
    "/t/{topic}/reply": ({}, True, [M, 422, 422, 422, 422, 422, 422, S]),
    "/t/{topic}/support/withdraw": ({}, True, [M, M, S, S, S, S, S, S]),
    "/p/{post}/edit": ({}, True, [M, 422, S, S, S, S, S, S]),
    "/p/{post}/delete": ({}, False, [M, 422, S, S, S, S, S, S]),
    "/p/{post}/report": ({}, True, [M, 422, 422, 422, 422, 422, 422, 422]),
    "/t/{topic}/follow": ({}, True, [M] * 8),
    "/t/{topic}/unfollow": ({}, True, [M] * 8),
    "/p/{post}/save": ({}, True, [M] * 8),
    "/p/{post}/unsave": ({}, True, [M] * 8),
    "/mod/reports/{post}": ({"action": ""}, True, [M, S, S, S, 422, 422, 422, S]),
    "/account/password": ({}, True, [M, 422, 422, 422, 422, 422, 422, 422]),
    "/account/recovery-codes": ({}, True, [M, 422, 422, 422, 422, 422, 422, 422]),
    "/account/recovery-codes/saved": ({}, True, [M] * 8),
    "/account/delete": ({}, True, [M, 422, 422, 422, 422, 422, 422, 422]),
    "/account/notices/{notice}/seen": ({}, False, [M, M, 404, 404, 404, 404, 404, 404]),
    "/account/hearing-back": ({}, True, [M] * 8),
    "/account/feed": ({}, True, [M, 422, 422, 422, 422, 422, 422, 422]),
    "/account/feed/revoke": ({}, True, [M] * 8),
    "/inbox/read": ({}, True, [M] * 8),
    "/logout": ({}, False, [M] * 8),
    "/register": ({}, True, [422, M, M, M, M, M, M, M]),
    "/login": ({}, True, [422] * 8),
    "/recover": ({}, True, [422] * 8),
    "/settings": ({}, True, [422] * 8),  # nothing chosen is not a choice
    "/meetings/new": ({}, True, [M, 422, 422, 422, 422, 422, 422, S]),
    "/meetings/{meeting}/edit": ({}, True, [M, S, S, S, 422, 422, 422, S]),
    # No step chosen: back to the meeting's page, which says nothing was done.
    "/meetings/{meeting}/status": ({"action": ""}, True, [M, S, S, S, M, M, M, S]),
}


@pytest.fixture(scope="module")
def built_scene(module_app):
    app = module_app
    owner = app.test_client()
    Members(owner).join("owner")
    topic = Forum(owner).start_topic(title=TOPIC_TITLE)
    post = Forum(owner).post_ids(topic)[0]
    submit(owner, "/account/feed", {"password": PASSWORD})
    feed = re.search(r"/inbox/feed/([\w-]+)\.atom", owner.get("/account").get_data(as_text=True)).group(1)
    clients = {"logged-out": app.test_client(), "owner": owner}
    other = app.test_client()
    Members(other).join("other-member")
    submit(other, f"/p/{post}/report", {"reason": "spam"})
    clients["other-member"] = other
    clients["facilitator-elsewhere"] = sign_in_as(app, "lead-families", "facilitator", boards=["families"])
    clients["facilitator"] = sign_in_as(app, "lead-alcohol", "facilitator", boards=["alcohol"])
    clients["moderator"] = sign_in_as(app, "a-moderator", "moderator")
    clients["admin"] = sign_in_as(app, "an-admin", "admin")
    suspended = app.test_client()
    Members(suspended).join("paused-member")
    clients["suspended"] = suspended
    with app.app_context():
        User.by_handle("paused-member").suspended_until = utcnow() + timedelta(days=2)
        db.session.commit()
        moderation.act(User.by_handle("a-moderator"), db.session.get(Post, post), "warn", "a private word")
        db.session.commit()
        notice = db.session.scalar(db.select(Notice.id))
    listed = add_meeting(clients["moderator"])
    proposal = add_meeting(owner, name="An idea of the owner's")
    return clients, {"topic": topic, "post": post, "notice": notice, "feed": feed, "meeting": listed,
                     "proposal": proposal}


@pytest.fixture
def scene(module_app, built_scene):
    clients, ids = built_scene
    with put_back_afterwards(module_app, clients.values()):
        yield clients, ids


@pytest.mark.parametrize("route, role", [(r, role) for r in GET_ROUTES for role in ROLES],
                         ids=[f"GET {r} as {role}" for r in GET_ROUTES for role in ROLES])
def test_get_routes_for_every_role(scene, route, role):
    clients, ids = scene
    response = clients[role].get(route.format(**ids))
    assert response.status_code == GET_ROUTES[route][ROLES.index(role)]


@pytest.mark.parametrize("route, role", [(r, role) for r in POST_ROUTES for role in ROLES],
                         ids=[f"POST {r} as {role}" for r in POST_ROUTES for role in ROLES])
def test_post_routes_for_every_role(scene, route, role):
    clients, ids = scene
    data, with_token, expected = POST_ROUTES[route]
    client = clients[role]
    form = dict(data)
    if with_token:
        form["csrf_token"] = csrf_token(client)
    response = client.post(route.format(**ids), data=form)
    assert response.status_code == expected[ROLES.index(role)]


def test_the_table_covers_every_route(app):
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods
              if method in ("GET", "POST") and not rule.rule.startswith("/static")}
    covered = {("GET", r.split("?")[0]) for r in GET_ROUTES} | {("POST", r) for r in POST_ROUTES}
    normalise = {"{topic}": "<id:topic_id>", "{post}": "<id:post_id>", "{notice}": "<id:notice_id>",
                 "{feed}": "<token>", "alcohol": "<slug>", "owner": "<handle>", "{meeting}": "<slug>",
                 "{proposal}": "<slug>", "no-such-meeting": "<slug>"}
    named = set()
    for method, route in covered:
        for placeholder, converter in normalise.items():
            route = route.replace(placeholder, converter)
        named.add((method, route))
    assert routes - named <= {("GET", "/favicon.ico")}, routes - named
