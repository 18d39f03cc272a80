"""Rate limits: kind 429s that keep the member's words, and no addresses kept."""
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.limits import limiter
from forum.models import Post
from tests.helpers import PASSWORD, Forum, Members, csrf_token, make_app, submit

ADDRESS = "203.0.113.7"


@pytest.fixture
def limited_app(database_path):
    app = make_app(database_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        limiter.reset()  # counts live in the process; start each story afresh
    yield app
    with app.app_context():
        limiter.reset()


def visitor(app, address=ADDRESS):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failed_logins_are_slowed_without_locking_the_member_out(limited_app):
    Members(visitor(limited_app)).register("quiet-river")
    guesser = visitor(limited_app, "198.51.100.66")
    for n in range(10):
        assert Members(guesser).login("quiet-river", "wrong password!").status_code == 422
    response = Members(guesser).login("quiet-river", PASSWORD)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Please slow down a little." in page and "You can try again in" in page
    assert int(response.headers["Retry-After"]) > 0
    # The member, on their own phone, still gets in.
    assert Members(visitor(limited_app)).login("quiet-river", PASSWORD).status_code == 302


def test_logging_in_successfully_costs_nothing(limited_app):
    client = visitor(limited_app)
    Members(client).register("quiet-river")
    for _ in range(15):
        Members(client).logout()
        assert Members(client).login("quiet-river", PASSWORD).status_code == 302


def test_password_checks_on_account_pages_are_slowed(limited_app):
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    for _ in range(10):
        assert submit(client, "/account/delete", {"posts": "keep", "password": "a guess!"}).status_code == 422
    assert submit(client, "/account/delete", {"posts": "keep", "password": PASSWORD}).status_code == 429


def test_one_address_cannot_try_handle_after_handle(limited_app):
    client = visitor(limited_app)
    statuses = [Members(client).login(f"someone-{n}", "wrong password!").status_code for n in range(31)]
    assert statuses[:30] == [422] * 30 and statuses[30] == 429


def test_joining_is_limited_per_address(limited_app):
    client = visitor(limited_app)
    for n in range(5):
        assert Members(client).register(f"new-member-{n}").status_code == 303
        Members(client).logout()
    assert Members(client).register("new-member-6").status_code == 429
    assert Members(visitor(limited_app, "198.51.100.1")).register("new-member-7").status_code == 303


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_a_reply_past_the_limit_comes_back_ready_to_send(limited_app, headers):
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    forum = Forum(client)
    topic_id = forum.start_topic()
    for n in range(5):
        assert forum.reply(topic_id, f"reply {n}").status_code == 302
    response = forum.reply(topic_id, "The words I must not lose.", anonymous=True, headers=headers)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "The words I must not lose.</textarea>" in page
    assert f'action="/t/{topic_id}/reply"' in page and '<input checked id="anonymous"' in page
    assert ("<html" in page) == (not headers)


def test_a_reply_sent_back_to_fix_costs_nothing(limited_app):
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    forum = Forum(client)
    topic_id = forum.start_topic()
    for _ in range(8):
        assert forum.reply(topic_id, "   ").status_code == 422  # "please write something first"
    assert forum.reply(topic_id, "Now with words.").status_code == 302


def test_a_burst_of_replies_sent_at_once_is_still_limited(limited_app):
    """Replies count once written; twenty sent at the same moment must not all slip past that."""
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    topic_id = Forum(client).start_topic()
    limiter.reset()
    senders = []
    for _ in range(20):
        sender = visitor(limited_app)
        Members(sender).login("quiet-river", PASSWORD)
        senders.append((sender, csrf_token(sender)))
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(
            lambda pair: pair[0].post(f"/t/{topic_id}/reply", data={"csrf_token": pair[1], "body": "burst"}).status_code,
            senders,
        ))
    assert 429 in statuses and statuses.count(302) <= 12, statuses
    with limited_app.app_context():
        assert db.session.scalar(select(func.count(Post.id)).where(Post.body == "burst")) == statuses.count(302)


def test_reports_are_limited(limited_app):
    author = visitor(limited_app, "198.51.100.5")
    Members(author).join("prolific")
    posts = []
    for n in range(7):
        topic_id = Forum(author).start_topic(title=f"Topic {n}")
        for m in range(2):
            Forum(author).reply(topic_id, f"reply {m}")
        posts += Forum(author).post_ids(topic_id)
        limiter.reset()  # the author's own posting allowance is not what this tests
    reporter = visitor(limited_app)
    Members(reporter).join("eager-reporter")
    statuses = [submit(reporter, f"/p/{post_id}/report", {"reason": "spam", "details": "again"}).status_code
                for post_id in posts[:21]]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429


def test_limits_can_be_switched_off_for_benchmarks(database_path, monkeypatch):
    monkeypatch.setenv("FORUM_RATELIMIT_ENABLED", "false")
    from forum import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    client = visitor(app)
    assert all(Members(client).login(f"someone-{n}", "wrong password!").status_code == 422 for n in range(35))


def test_no_client_address_is_kept_anywhere(limited_app, database_path):
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    Forum(client).start_topic()
    Members(client).login("quiet-river", "wrong password!")
    assert ADDRESS.encode() not in database_path.read_bytes()
    storage = limiter.storage
    keys = " ".join(map(str, getattr(storage, "storage", {}).keys()))
    assert keys and ADDRESS not in keys


def test_behind_a_proxy_each_client_is_counted(database_path):
    app = make_app(database_path, RATELIMIT_ENABLED=True, FORUM_PROXIES=1)
    with app.app_context():
        limiter.reset()
    # Accounts made through the proxy count against the client behind it, not against the proxy.
    proxy = visitor(app, "127.0.0.1")
    proxy.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.1"
    for n in range(5):
        assert Members(proxy).register(f"behind-proxy-{n}").status_code < 400
        Members(proxy).logout()
    assert Members(proxy).register("behind-proxy-5").status_code == 429
    proxy.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.2"
    assert Members(proxy).register("behind-proxy-6").status_code < 400
    with app.app_context():
        limiter.reset()


def test_typos_in_the_confirmation_cost_a_newcomer_nothing(limited_app):
    """Seven joins refused for a mismatched confirmation, and the eighth joins."""
    client = visitor(limited_app)
    for _ in range(7):
        response = submit(client, "/register", {
            "handle": "first-night", "password": PASSWORD, "password_confirm": PASSWORD + "x",
        })
        assert response.status_code == 422
        assert "The two passwords are not the same." in response.get_data(as_text=True)
    assert Members(client).register("first-night").status_code < 400
    assert "first-night" in client.get("/account").get_data(as_text=True)


def test_joining_past_the_limit_keeps_the_handle_in_the_form_and_says_the_wait_truly(limited_app):
    client = visitor(limited_app)
    for n in range(5):
        assert Members(client).register(f"new-member-{n}").status_code < 400
        Members(client).logout()
    response = Members(client).register("sixth-member")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert '<form method="post" action="/register">' in page  # the join form itself, again
    assert 'value="sixth-member"' in page and PASSWORD not in page
    assert "Only 5 accounts can be made from one connection in an hour" in page
    # Memory counts are per worker, so only the window's end is a promise that holds.
    assert "You can try again in an hour at the most." in page
    assert response.headers["Retry-After"] == "3600"


def test_the_wait_is_told_exactly_only_when_every_server_shares_the_counts(app):
    from types import SimpleNamespace

    from forum.limits import honest_wait

    an_hour_window = SimpleNamespace(limit=SimpleNamespace(get_expiry=lambda: 3600), reset_at=time.time() + 53 * 60)
    with app.test_request_context():
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"
        assert honest_wait(an_hour_window) == (3600, "in an hour at the most")
        app.config["RATELIMIT_STORAGE_URI"] = "redis://localhost:6379"
        assert honest_wait(an_hour_window) == (53 * 60, "in about 53 minutes")


def test_a_reply_past_the_limit_keeps_its_one_time_key(limited_app):
    """Sent again once the wait is over, it still lands on the first if that one had gone through."""
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    forum = Forum(client)
    topic_id = forum.start_topic()
    for n in range(5):
        forum.reply(topic_id, f"reply {n}")
    response = submit(client, f"/t/{topic_id}/reply", {"body": "Once.", "submission": "k" * 22})
    assert response.status_code == 429
    assert f'name="submission" value="{"k" * 22}"' in response.get_data(as_text=True)


def test_a_report_past_the_limit_comes_back_ready_to_send(limited_app):
    """The report's reason and details come back in the report form itself, not as words to copy."""
    author = visitor(limited_app, "198.51.100.5")
    Members(author).join("prolific")
    post_id = Forum(author).post_ids(Forum(author).start_topic())[0]
    reporter = visitor(limited_app)
    Members(reporter).join("eager-reporter")
    for _ in range(20):  # reporting the same post again changes the report: each one still counts
        assert submit(reporter, f"/p/{post_id}/report", {"reason": "spam", "details": "again"}).status_code == 302
    response = submit(reporter, f"/p/{post_id}/report", {"reason": "crisis", "details": "They said goodbye."})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert f'action="/p/{post_id}/report"' in page and "Send it now" in page
    assert '<input checked id="reason-0" name="reason" required type="radio" value="crisis">' in page
    assert 'name="details"' in page and "They said goodbye.</textarea>" in page
    assert "Anything moderators should know (optional)" in page  # the form's own label


def test_an_edit_past_the_limit_comes_back_in_the_edit_form(limited_app):
    """An edit's draft is the edit form: its title and body, and no boxes the edit form does not have."""
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    forum = Forum(client)
    post_id = forum.post_ids(forum.start_topic(title="My first week"))[0]
    for n in range(5):
        assert submit(client, f"/p/{post_id}/edit", {"title": "My first week", "body": f"edit {n}"}).status_code == 302
    response = submit(client, f"/p/{post_id}/edit", {"title": "My first week, edited", "body": "Better words."})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert f'action="/p/{post_id}/edit"' in page
    assert 'value="My first week, edited"' in page and "Better words.</textarea>" in page
    assert 'name="anonymous"' not in page and 'name="support_now"' not in page


def test_a_login_past_the_limit_keeps_the_post_it_carries(limited_app):
    """A post carried through the login page survives that login being slowed down."""
    client = visitor(limited_app)
    Members(client).join("quiet-river")
    topic_id = Forum(client).start_topic()
    Members(client).logout()
    carried = {"draft_action": f"/t/{topic_id}/reply", "draft_body": "Three hours of writing.", "draft_anonymous": "y"}
    for _ in range(10):
        assert submit(client, "/login", {"handle": "quiet-river", "password": "wrong password!", **carried}).status_code == 422
    response = submit(client, "/login", {"handle": "quiet-river", "password": PASSWORD, **carried})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert f'action="/t/{topic_id}/reply"' in page and "Three hours of writing.</textarea>" in page
    assert '<input checked id="anonymous"' in page
