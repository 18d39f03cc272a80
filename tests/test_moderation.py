"""The report queue and moderators' actions, as each role meets them."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select

from forum.extensions import db
from forum.models import Post, Report, User
from forum.models.base import utcnow
from tests.helpers import Forum, Members, age_account, make_app, submit, without_time_tags

HTMX = {"HX-Request": "true"}
AUTHOR = "hidden-author"


@pytest.fixture
def scene(app, sign_in_as):
    """An anonymous post on the alcohol board, reported by two members."""
    author = app.test_client()
    Members(author).join(AUTHOR)
    author_forum = Forum(author)
    topic_id = author_forum.start_topic(title="Selling spare pills", body="Message me, cheap.", anonymous=True)
    post_id = author_forum.post_ids(topic_id)[0]
    for handle in ("reporter-one", "reporter-two"):
        client = app.test_client()
        Members(client).join(handle)
        submit(client, f"/p/{post_id}/report", {"reason": "dealing", "details": f"{handle} saw this"})
    return {"author": author, "topic_id": topic_id, "post_id": post_id, "sign_in_as": sign_in_as}


def client_for(app, scene, role):
    sign_in_as = scene["sign_in_as"]
    if role == "logged-out":
        return app.test_client()
    if role == "member":
        client = app.test_client()
        Members(client).join("plain-member")
        return client
    if role == "facilitator-elsewhere":
        return sign_in_as("lead-families", "facilitator", boards=["families"])
    if role == "facilitator":
        return sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])
    return sign_in_as(f"staff-{role}", role)


ROLES = ["logged-out", "member", "facilitator-elsewhere", "facilitator", "moderator", "admin"]
# (method, route, expected status for each role above)
AUTHORISATION = [
    ("GET", "/mod/reports", [302, 403, 200, 200, 200, 200]),
    ("GET", "/mod/reports?status=resolved", [302, 403, 200, 200, 200, 200]),
    ("GET", "/mod/log", [200, 200, 200, 200, 200, 200]),
    ("POST", "/mod/reports/{post_id}", [302, 403, 403, 302, 302, 302]),
    ("POST suspend", "/mod/reports/{post_id}", [302, 403, 403, 302, 302, 302]),
    ("GET", "/mod/reports/{post_id}", [302, 403, 403, 200, 200, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, route, expected", AUTHORISATION, ids=[f"{m} {r}" for m, r, _ in AUTHORISATION])
def test_who_may_use_each_moderation_route(app, scene, role, method, route, expected):
    client = client_for(app, scene, role)
    url = route.format(post_id=scene["post_id"])
    if method == "GET":
        response = client.get(url)
    else:
        action = method.split()[-1] if " " in method else "dismiss"
        response = submit(client, url, {"action": action, "days": "2", "next": "/mod/reports"})
    assert response.status_code == expected[ROLES.index(role)]
    if role == "logged-out" and response.status_code == 302:
        assert response.location.startswith("/login")


def test_facilitators_see_only_their_boards_items(app, scene):
    elsewhere = client_for(app, scene, "facilitator-elsewhere").get("/mod/reports").get_data(as_text=True)
    here = client_for(app, scene, "facilitator").get("/mod/reports").get_data(as_text=True)
    assert "Selling spare pills" not in elsewhere and "No open reports." in elsewhere
    assert "Selling spare pills" in here


def test_queue_puts_crisis_first_then_dealing_and_privacy_then_reporters_then_age(app, sign_in_as):
    poster = app.test_client()
    Members(poster).join("poster")
    poster_forum = Forum(poster)
    posts = {}
    for title in ("spam-three", "harassment-two", "privacy-old", "dealing-new", "crisis-one"):
        topic_id = poster_forum.start_topic(title=title)
        posts[title] = poster_forum.post_ids(topic_id)[0]
    reporters = []
    for n in range(3):
        client = app.test_client()
        Members(client).join(f"reporter-{n}")
        reporters.append(client)
    plan = [("privacy-old", "privacy", 1), ("spam-three", "spam", 3), ("harassment-two", "harassment", 2),
            ("dealing-new", "dealing", 1), ("crisis-one", "crisis", 1)]
    for title, reason, count in plan:
        for client in reporters[:count]:
            submit(client, f"/p/{posts[title]}/report", {"reason": reason})
    queue = sign_in_as("mod-one", "moderator").get("/mod/reports").get_data(as_text=True)
    order = re.findall(r'<h2><a href="/p/\d+">([\w-]+)</a></h2>', queue)
    assert order == ["crisis-one", "privacy-old", "dealing-new", "spam-three", "harassment-two"]
    assert 'class="queue-item urgent"' in queue


def test_dismiss_keeps_the_post_and_closes_the_item(app, scene):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "dismiss", "note": "not selling"})
    assert "No open reports." in moderator.get("/mod/reports").get_data(as_text=True)
    assert "Selling spare pills" in moderator.get("/mod/reports?status=resolved").get_data(as_text=True)
    assert "Message me, cheap." in app.test_client().get(f"/t/{scene['topic_id']}").get_data(as_text=True)


@pytest.mark.parametrize("action, members_see", [
    ("hide", "Hidden by a moderator."),
    ("delete", "Removed by a moderator."),
])
def test_hide_and_delete_take_the_post_from_members(app, scene, action, members_see):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": action})
    page = app.test_client().get(f"/t/{scene['topic_id']}").get_data(as_text=True)
    assert "Message me, cheap." not in page and members_see in page
    staff_page = moderator.get(f"/t/{scene['topic_id']}").get_data(as_text=True)
    assert "Message me, cheap." in staff_page and members_see in staff_page


def test_restore_brings_a_hidden_post_back(app, scene):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "hide"})
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "restore"})
    assert "Message me, cheap." in app.test_client().get(f"/t/{scene['topic_id']}").get_data(as_text=True)


def test_lock_stops_replies(app, scene):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}", {"action": "lock"})
    response = Forum(scene["author"]).reply(scene["topic_id"], "one more")
    assert response.status_code == 422 and "This topic is locked" in response.get_data(as_text=True)


def test_unlock_lets_replies_in_again(app, scene):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "lock"})
    item = moderator.get(f"/mod/reports/{scene['post_id']}").get_data(as_text=True)
    assert 'value="unlock">Unlock topic' in item and 'value="lock"' not in item
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "unlock"})
    assert Forum(scene["author"]).reply(scene["topic_id"], "thank you for reopening").status_code == 302
    assert "A moderator unlocked the topic" in app.test_client().get("/mod/log").get_data(as_text=True)


def test_a_facilitator_pins_a_topic_to_the_top_of_their_board(app, scene):
    writer = app.test_client()
    Members(writer).join("board-regular")
    house_rules = Forum(writer).start_topic(title="House rules: read me first")
    Forum(writer).start_topic(title="Newer chatter")
    rules_post = Forum(writer).post_ids(house_rules)[0]
    facilitator = client_for(app, scene, "facilitator")
    assert _board_titles(app)[0] == "Newer chatter"

    assert submit(facilitator, f"/mod/reports/{rules_post}", {"action": "pin"}).status_code == 302
    board = app.test_client().get("/b/alcohol").get_data(as_text=True)
    assert _board_titles(app)[0] == "House rules: read me first" and "· pinned" in board
    assert "A facilitator pinned the topic" in app.test_client().get("/mod/log").get_data(as_text=True)
    # Another board's facilitator cannot, and unpinning puts it back in its place.
    elsewhere = client_for(app, scene, "facilitator-elsewhere")
    assert submit(elsewhere, f"/mod/reports/{rules_post}", {"action": "unpin"}).status_code == 403
    assert submit(facilitator, f"/mod/reports/{rules_post}", {"action": "unpin"}).status_code == 302
    assert _board_titles(app)[0] == "Newer chatter"


def test_nobody_switches_their_own_topic_nor_undoes_a_higher_rank(app, scene):
    facilitator = client_for(app, scene, "facilitator")
    own_topic = Forum(facilitator).start_topic(title="My check-in thread")
    Forum(scene["author"]).reply(own_topic, "Checking in.")
    someone_elses_reply = Forum(facilitator).post_ids(own_topic)[1]
    refused = submit(facilitator, f"/mod/reports/{someone_elses_reply}", {"action": "pin"})
    assert refused.status_code == 422 and "This is your own topic" in refused.get_data(as_text=True)

    moderator = client_for(app, scene, "moderator")
    assert submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "lock"}).status_code == 302
    undone = submit(facilitator, f"/mod/reports/{scene['post_id']}", {"action": "unlock"})
    assert undone.status_code == 422 and "higher rank (moderator)" in undone.get_data(as_text=True)
    assert Forum(scene["author"]).reply(scene["topic_id"], "still locked?").status_code == 422
    assert submit(client_for(app, scene, "admin"), f"/mod/reports/{scene['post_id']}",
                  {"action": "unlock"}).status_code == 302


def _board_titles(app) -> list[str]:
    return re.findall(r'<li>\n<bdi><a href="/t/\d+">([^<]+)</a></bdi>', app.test_client().get("/b/alcohol").get_data(as_text=True))


def test_staff_reach_any_post_from_the_topic_page(app, scene):
    topic = f"/t/{scene['topic_id']}"
    moderate = f'href="/mod/reports/{scene["post_id"]}">Moderate</a>'
    facilitator = client_for(app, scene, "facilitator")
    assert moderate in facilitator.get(topic).get_data(as_text=True)
    assert moderate in client_for(app, scene, "moderator").get(topic).get_data(as_text=True)
    for role in ("logged-out", "member", "facilitator-elsewhere"):
        assert ">Moderate</a>" not in client_for(app, scene, role).get(topic).get_data(as_text=True), role
    # Their own reply has no such link: nobody judges their own post.
    Forum(facilitator).reply(scene["topic_id"], "Facilitator here: let's keep this board safe.")
    page = facilitator.get(topic).get_data(as_text=True)
    assert page.count(">Moderate</a>") == 1


def test_an_unreported_anonymous_post_shows_staff_no_author_history(app, scene):
    """Browsed post by post, account age and past suspensions could be matched to a name."""
    quiet = Forum(scene["author"]).start_topic(title="Just a thought", body="Nothing to report here.", anonymous=True)
    post_id = Forum(scene["author"]).post_ids(quiet)[0]
    moderator = client_for(app, scene, "moderator")
    unreported = moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True)
    assert "Author: anonymous" in unreported and "account" not in unreported.split("Author: anonymous")[1][:40]
    reported = moderator.get(f"/mod/reports/{scene['post_id']}").get_data(as_text=True)
    assert " in this topic: 0 earlier posts hidden or removed" in reported.split("Author: anonymous")[1][:80]


def test_warn_sends_the_author_a_private_notice(app, scene):
    moderator = client_for(app, scene, "moderator")
    missing = submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "warn"})
    assert missing.status_code == 422 and "Please write the warning" in missing.get_data(as_text=True)
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "warn", "note": "Please don't offer pills here."})
    author = scene["author"]
    page = author.get("/").get_data(as_text=True)
    assert "A message from the moderators" in page and "Please don&#39;t offer pills here." in page
    assert "Please don&#39;t offer pills here." not in app.test_client().get("/").get_data(as_text=True)
    notice_id = re.search(r"/account/notices/(\d+)/seen", page).group(1)
    submit(author, f"/account/notices/{notice_id}/seen", {"next": "/b/alcohol"})
    assert "A message from the moderators" not in author.get("/").get_data(as_text=True)


def test_nobody_else_can_dismiss_a_members_notice(app, scene):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}", {"action": "warn", "note": "Careful."})
    stranger = app.test_client()
    Members(stranger).join("stranger")
    with app.app_context():
        from forum.models import Notice

        notice_id = db.session.scalar(select(Notice.id))
    assert submit(stranger, f"/account/notices/{notice_id}/seen").status_code == 404
    assert "Careful." in scene["author"].get("/").get_data(as_text=True)


POSTING_ROUTES = [
    ("GET", "/b/alcohol/new", None, {}),
    ("POST", "/b/alcohol/new", {"title": "Still here", "body": "my words"}, {}),
    ("POST", "/t/{topic_id}/reply", {"body": "my words"}, {}),
    ("POST", "/t/{topic_id}/reply", {"body": "my words"}, HTMX),
    ("GET", "/p/{post_id}/edit", None, {}),
    ("POST", "/p/{post_id}/edit", {"title": "Selling spare pills", "body": "my words"}, {}),
]


@pytest.mark.parametrize("action", ["suspend", "ban"])
def test_suspended_or_banned_author_cannot_post_through_any_route(app, scene, action):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}",
           {"action": action, "days": "3", "note": "Selling pills.", "confirm": "yes"})  # a ban is confirmed
    author = scene["author"]
    with app.app_context():
        posts_before = db.session.scalar(select(db.func.count(Post.id)))
    for method, route, data, headers in POSTING_ROUTES:
        url = route.format(topic_id=scene["topic_id"], post_id=scene["post_id"])
        response = author.get(url) if method == "GET" else submit(author, url, data, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 403, url
        assert "You can't post until" in page or "Your account can no longer post." in page
        if data:
            assert "my words</textarea>" in page  # what they wrote is shown back
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Post.id))) == posts_before
    # Reading still works, and the topic explains instead of offering a form.
    topic = author.get(f"/t/{scene['topic_id']}").get_data(as_text=True)
    assert 'id="reply"' not in topic and ("You can't post until" in topic or "can no longer post" in topic)


def test_a_suspension_ends_on_its_date(app, scene):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}", {"action": "suspend", "days": "2"})
    page = without_time_tags(scene["author"].get("/b/alcohol/new").get_data(as_text=True))
    until = utcnow() + timedelta(days=2)
    assert f"You can't post until {until:%B} {until.day}, {until:%Y}" in page
    with app.app_context():
        User.by_handle(AUTHOR).suspended_until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert Forum(scene["author"]).reply(scene["topic_id"], "back again").status_code == 302


def test_suspension_needs_a_sensible_length(app, scene):
    moderator = client_for(app, scene, "moderator")
    for days in ("0", "400", "lots"):
        response = submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "suspend", "days": days, "note": "kept note"})
        assert response.status_code == 422
        assert "kept note</textarea>" in response.get_data(as_text=True)


def test_staff_never_see_an_anonymous_authors_handle(app, scene):
    moderator = client_for(app, scene, "moderator")
    pages = [moderator.get("/mod/reports").get_data(as_text=True)]
    for action in ("warn", "suspend", "hide"):
        fragment = submit(moderator, f"/mod/reports/{scene['post_id']}",
                          {"action": action, "note": "acting on the author", "days": "1"}, headers=HTMX)
        assert fragment.status_code == 200
        pages.append(fragment.get_data(as_text=True))
    for url in ("/mod/reports?status=resolved", "/mod/log", f"/t/{scene['topic_id']}", "/"):
        pages.append(moderator.get(url).get_data(as_text=True))
    pages.append(moderator.get("/mod/reports?status=resolved", headers=HTMX).get_data(as_text=True))
    for page in pages:
        assert AUTHOR not in page
    assert "(anonymous: acted on without their name)" in pages[0]
    # ...and yet the actions reached that author.
    assert "acting on the author" in scene["author"].get("/").get_data(as_text=True)
    with app.app_context():
        assert User.by_handle(AUTHOR).is_suspended


def test_moderation_log_for_members_and_for_staff(app, scene):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "hide", "note": "dealer, third time"})
    staff_log = moderator.get("/mod/log").get_data(as_text=True)
    assert "staff-moderator (moderator) hid the post" in staff_log and "dealer, third time" in staff_log
    member = app.test_client()
    Members(member).join("curious-member")
    for reader in (member, app.test_client()):
        log = reader.get("/mod/log").get_data(as_text=True)
        assert "A moderator hid the post" in log and "reported as selling or sourcing drugs" in log
        for secret in ("staff-moderator", "dealer, third time", "reporter-one", AUTHOR):
            assert secret not in log


def test_queue_action_without_javascript_returns_where_the_moderator_was(app, scene):
    moderator = client_for(app, scene, "moderator")
    back = "/mod/reports?board=alcohol&reason=dealing"
    response = submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "hide", "next": back})
    assert response.status_code == 302 and response.location == back
    outside = submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "restore", "next": "https://evil.example/"})
    assert outside.location == "/mod/reports"


def test_queue_action_with_htmx_updates_the_item_in_place(app, scene):
    moderator = client_for(app, scene, "moderator")
    queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert f'data-hx-post="/mod/reports/{scene["post_id"]}" data-hx-target="closest article" data-hx-swap="outerHTML"' in queue
    response = submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "hide"}, headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.startswith('<article class="queue-item')
    assert "Done: you hid the post." in fragment and "Hidden by a moderator." in fragment
    assert 'value="restore"' in fragment  # the next sensible action is offered


def test_queue_filters(app, scene):
    moderator = client_for(app, scene, "moderator")
    assert "Selling spare pills" in moderator.get("/mod/reports?board=alcohol&reason=dealing").get_data(as_text=True)
    assert "Selling spare pills" not in moderator.get("/mod/reports?board=families").get_data(as_text=True)
    assert "Selling spare pills" not in moderator.get("/mod/reports?reason=crisis").get_data(as_text=True)
    assert moderator.get("/mod/reports?reason=nonsense&board=%00&status=x").status_code == 200


def test_queue_shows_author_context_without_naming_them(app, scene):
    queue = client_for(app, scene, "moderator").get("/mod/reports").get_data(as_text=True)
    # An anonymous post's history is only what its tag shows in its topic: no account age.
    assert re.search(r"Author: anonymous · as #\w{8} in this topic: 0 earlier posts hidden or removed · "
                     r"0 earlier suspensions</p>", queue)
    assert "account less than a day old" not in queue
    assert "reporter-one saw this" in queue  # reporters' notes, not their names
    assert "reporter-one</" not in queue


def test_author_history_counts_only_what_the_post_itself_already_shows(app, scene):
    """A named post: its author's named history. An anonymous post: only its tag's history in its topic.

    Anything wider would move when a moderator acts elsewhere, and tell them who wrote it.
    """
    author = Forum(scene["author"])
    moderator = client_for(app, scene, "moderator")
    author.reply(scene["topic_id"], "Still selling, same tag.", anonymous=True)
    sibling = author.post_ids(scene["topic_id"])[1]
    elsewhere = author.post_ids(author.start_topic(title="Elsewhere", body="Another tag.", anonymous=True))[0]
    named_topic = author.start_topic(title="Under my name", body="Named words.")
    author.reply(named_topic, "A named reply.")
    named_post, named_reply = author.post_ids(named_topic)
    watcher = app.test_client()
    Members(watcher).join("watcher")
    submit(watcher, f"/p/{named_post}/report", {"reason": "spam"})
    for post_id, action in ((sibling, "hide"), (sibling, "suspend"), (elsewhere, "delete"), (elsewhere, "ban"),
                            (named_reply, "delete"), (named_reply, "suspend")):
        # A ban is confirmed, with a note for the author (both ignored by the other actions).
        data = {"action": action, "days": "2", "note": "Enough.", "confirm": "yes"}
        assert submit(moderator, f"/mod/reports/{post_id}", data).status_code == 302

    anonymous_item = moderator.get(f"/mod/reports/{scene['post_id']}").get_data(as_text=True)
    assert re.search(r"Author: anonymous · as #\w{8} in this topic: 1 earlier post hidden or removed · "
                     r"1 earlier suspension</p>", anonymous_item)
    named_item = moderator.get(f"/mod/reports/{named_post}").get_data(as_text=True)
    assert (f'{AUTHOR}</a> · account less than a day old · 1 earlier post hidden or removed · 1 earlier suspension</p>'
            in named_item)


def _count_queries(app, client, url):
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _add_reported_posts(app, runner, how_many):
    runner.invoke(args=["forum", "demo-data", "--topics", "10", "--posts", str(how_many), "--seed", "4"])
    with app.app_context():
        reporter_ids = db.session.scalars(select(User.id).limit(3)).all()
        post_ids = db.session.scalars(select(Post.id).order_by(Post.id.desc()).limit(how_many)).all()
        reasons = ["crisis", "dealing", "spam", "harassment", "privacy"]
        # Half the posts' reports are still open, half were resolved.
        db.session.execute(insert(Report), [
            {"post_id": post_id, "reporter_id": reporter_id, "reason": reasons[(post_id + n) % 5], "details": "",
             "weight": 1.0, "created_at": utcnow(),
             "resolved_at": utcnow() if post_id % 2 else None, "outcome": "dismiss" if post_id % 2 else None}
            for post_id in post_ids for n, reporter_id in enumerate(reporter_ids)
        ])
        db.session.commit()


@pytest.mark.parametrize("query", ["", "?board=alcohol&reason=spam", "?status=resolved"])
def test_the_queue_runs_the_same_queries_for_10_or_500_reported_posts(tmp_path, query):
    counts = []
    for size in (10, 500):
        forum_app = make_app(tmp_path / f"queue-{size}.sqlite3")
        forum_runner = forum_app.test_cli_runner()
        forum_runner.invoke(args=["forum", "init"])
        _add_reported_posts(forum_app, forum_runner, size)
        forum_runner.invoke(args=["forum", "create-user", "counting-mod", "--role", "moderator", "--password-stdin"],
                            input="moderator password here\n")
        moderator = forum_app.test_client()
        Members(moderator).login("counting-mod", "moderator password here")
        page = moderator.get("/mod/reports" + query).get_data(as_text=True)
        if "board" not in query:
            assert page.count('<article class="queue-item') == min(size // 2, 20)
        counts.append(_count_queries(forum_app, moderator, "/mod/reports" + query))
    assert counts[0] == counts[1], counts


def test_forum_reports_prints_the_queue_in_priority_order(app, scene, runner):
    crisis_reporter = app.test_client()
    Members(crisis_reporter).join("crisis-reporter")
    topic_id = Forum(scene["author"]).start_topic(title="I can't do this anymore", body="tonight")
    post_id = Forum(scene["author"]).post_ids(topic_id)[0]
    submit(crisis_reporter, f"/p/{post_id}/report", {"reason": "crisis"})
    output = runner.invoke(args=["forum", "reports"]).output
    assert "2 reported posts waiting, most urgent first:" in output
    assert output.index("crisis x1") < output.index("dealing x2")
    assert AUTHOR not in output


def test_forum_reports_when_all_is_quiet(runner):
    assert "No open reports. All quiet." in runner.invoke(args=["forum", "reports"]).output


def test_established_members_reports_count_in_full(app, scene):
    # Reports by established accounts (a month old) count in full: two more hide the post.
    for handle in ("old-timer-1", "old-timer-2"):
        client = app.test_client()
        Members(client).join(handle)
        age_account(app, handle, 30)
        submit(client, f"/p/{scene['post_id']}/report", {"reason": "dealing"})
    assert "Hidden while moderators review it." in app.test_client().get(f"/t/{scene['topic_id']}").get_data(as_text=True)


def test_staff_act_on_authors_only_below_their_rank(app, scene):
    sign_in_as = scene["sign_in_as"]
    moderator = sign_in_as("senior-mod", "moderator")
    topic_id = Forum(moderator).start_topic(title="A moderator's own topic")
    post_id = Forum(moderator).post_ids(topic_id)[0]
    reporter = app.test_client()
    Members(reporter).join("a-reporter")
    submit(reporter, f"/p/{post_id}/report", {"reason": "harassment"})
    facilitator = client_for(app, scene, "facilitator")
    for action in ("warn", "suspend", "ban"):
        response = submit(facilitator, f"/mod/reports/{post_id}", {"action": action, "note": "no", "days": "3"})
        assert response.status_code == 422
        assert "only someone of higher rank (an admin) can act on them" in response.get_data(as_text=True)
    with app.app_context():
        assert User.by_handle("senior-mod").can_post
    admin = sign_in_as("the-admin", "admin")
    assert submit(admin, f"/mod/reports/{post_id}", {"action": "ban", "note": "no", "confirm": "yes"}).status_code == 302
    assert moderator.get("/mod/reports").status_code == 403  # a banned moderator moderates no more


def test_staff_cannot_moderate_their_own_posts(app, scene):
    facilitator = client_for(app, scene, "facilitator")
    topic_id = Forum(facilitator).start_topic(title="My own")
    post_id = Forum(facilitator).post_ids(topic_id)[0]
    assert submit(facilitator, f"/mod/reports/{post_id}", {"action": "hide"}).status_code == 403


def test_an_author_cannot_edit_a_hidden_post_but_can_delete_it(app, scene):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}", {"action": "hide"})
    author = scene["author"]
    assert author.get(f"/p/{scene['post_id']}/edit").status_code == 410
    edit = submit(author, f"/p/{scene['post_id']}/edit", {"title": "Innocent now", "body": "nothing to see"})
    assert edit.status_code == 410
    assert submit(author, f"/p/{scene['post_id']}/delete").status_code == 302


def test_hiding_an_opening_post_hides_its_title_from_members(app, scene):
    # A reply keeps the topic listed: with nothing visible left it would leave the lists (a husk).
    Forum(client_for(app, scene, "member")).reply(scene["topic_id"], "Please don't, people here could get hurt.")
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "delete"})
    visitor = app.test_client()
    for url in ("/", "/b/alcohol", f"/t/{scene['topic_id']}", "/mod/log"):
        page = visitor.get(url).get_data(as_text=True)
        assert "Selling spare pills" not in page, url
    assert "Topic hidden by moderators" in visitor.get("/b/alcohol").get_data(as_text=True)
    assert "Selling spare pills" in moderator.get("/b/alcohol").get_data(as_text=True)
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "restore"})
    assert "Selling spare pills" in visitor.get("/b/alcohol").get_data(as_text=True)


def test_dealt_with_posts_take_no_new_reports_and_keep_stays_kept(app, scene):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "delete"})
    late = app.test_client()
    Members(late).join("late-reporter")
    response = submit(late, f"/p/{scene['post_id']}/report", {"reason": "spam"})
    assert response.status_code == 422 and "Moderators have already dealt with this post." in response.get_data(as_text=True)
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "dismiss"})
    assert "Removed by a moderator." in app.test_client().get(f"/t/{scene['topic_id']}").get_data(as_text=True)


def test_after_a_moderator_keeps_a_post_reports_no_longer_hide_it(app, scene):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}", {"action": "dismiss"})
    for n in range(4):
        client = app.test_client()
        Members(client).join(f"pile-on-{n}")
        age_account(app, f"pile-on-{n}", 30)
        submit(client, f"/p/{scene['post_id']}/report", {"reason": "spam"})
    assert "Message me, cheap." in app.test_client().get(f"/t/{scene['topic_id']}").get_data(as_text=True)
    queue = client_for(app, scene, "moderator").get("/mod/reports").get_data(as_text=True)
    assert "Selling spare pills" in queue  # still in front of a moderator


def test_a_failed_action_without_javascript_keeps_the_note_and_says_why(app, scene):
    moderator = client_for(app, scene, "moderator")
    response = submit(moderator, f"/mod/reports/{scene['post_id']}",
                      {"action": "suspend", "days": "0", "note": "third time this week", "next": "/mod/reports?page=1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<h1>" not in page.split("<main")[0] and "Selling spare pills" in page
    assert "Use 1 to 365 days." in page and "third time this week</textarea>" in page
    assert 'href="/mod/reports?page=1">Back to the reports</a>' in page


def test_the_queue_goes_back_a_page_when_the_last_one_empties(app, scene):
    moderator = client_for(app, scene, "moderator")
    response = moderator.get("/mod/reports?page=2&board=alcohol")
    assert response.status_code == 302
    assert response.location == "/mod/reports?page=1&board=alcohol"


def test_a_staff_report_hide_is_logged_without_its_reporter(app, scene):
    topic_id = Forum(scene["author"]).start_topic(title="Another one")
    post_id = Forum(scene["author"]).post_ids(topic_id)[0]
    submit(client_for(app, scene, "facilitator"), f"/p/{post_id}/report", {"reason": "dealing"})
    log = app.test_client().get("/mod/log").get_data(as_text=True)
    assert "Hidden pending review after a report" in log and "A facilitator" not in log


def test_warnings_stay_out_of_the_members_log(app, scene):
    moderator = client_for(app, scene, "moderator")
    submit(moderator, f"/mod/reports/{scene['post_id']}", {"action": "warn", "note": "gentle reminder"})
    assert "warned the author" in moderator.get("/mod/log").get_data(as_text=True)
    assert "warned the author" not in app.test_client().get("/mod/log").get_data(as_text=True)


def test_suspended_members_reports_are_heard_but_hide_nothing(app, scene):
    moderator = client_for(app, scene, "moderator")
    topic_id = Forum(scene["author"]).start_topic(title="Ordinary post")
    post_id = Forum(scene["author"]).post_ids(topic_id)[0]
    for n in range(3):
        handle = f"suspended-{n}"
        client = app.test_client()
        Members(client).join(handle)
        age_account(app, handle, 30)
        with app.app_context():
            User.by_handle(handle).suspended_until = utcnow() + timedelta(days=3)
            db.session.commit()
        assert submit(client, f"/p/{post_id}/report", {"reason": "spam"}).status_code == 302
    assert "Ordinary post" in moderator.get("/mod/reports").get_data(as_text=True)
    assert "Hidden while" not in app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)


def test_an_admin_lifts_a_ban_from_the_command_line(app, scene, runner):
    submit(client_for(app, scene, "moderator"), f"/mod/reports/{scene['post_id']}",
           {"action": "ban", "note": "Dealing.", "confirm": "yes"})
    result = runner.invoke(args=["forum", "lift", AUTHOR, "--note", "appeal accepted"])
    assert result.exit_code == 0 and f"{AUTHOR} can post again." in result.output
    assert Forum(scene["author"]).reply(scene["topic_id"], "thank you").status_code == 302
    staff_log = client_for(app, scene, "moderator").get("/mod/log").get_data(as_text=True)
    assert "lifted a suspension or ban" in staff_log and AUTHOR not in staff_log
    assert "lifted" not in app.test_client().get("/mod/log").get_data(as_text=True)
    again = runner.invoke(args=["forum", "lift", AUTHOR])
    assert again.exit_code != 0 and "neither suspended nor banned" in again.output
