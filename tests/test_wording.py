"""How counts and dates read on the pages: plurals, portable dates, and <time datetime> on every date."""
import re
from datetime import timedelta

from forum.extensions import db
from forum.models import Post, Topic, User
from forum.models.base import utcnow
from tests.helpers import ROOT, Forum, Members, submit

# A date as the pages write it for people: "5 minutes ago", "just now", "3 Mar 2026", "March 2026".
DATE_WORDS = re.compile(
    r"\bjust now\b|\b\d+ (?:minute|hour|day)s? ago\b|\b\d{1,2} [A-Z][a-z]+ \d{4}\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
TIME_TAG = re.compile(r'<time datetime="([^"]+)">([^<]+)</time>')


def _older(app, topic_id, days):
    """Move a topic and its posts some days into the past, so that dates show as dates."""
    with app.app_context():
        topic = db.session.get(Topic, topic_id)
        then = utcnow() - timedelta(days=days)
        topic.created_at = topic.last_activity_at = then
        for post in db.session.query(Post).filter_by(topic_id=topic_id):
            post.created_at = then
        db.session.commit()


def _dates_outside_time_tags(page: str) -> list[str]:
    return DATE_WORDS.findall(TIME_TAG.sub("", page))


def test_counts_say_one_reply_and_three_replies(app, client, members, forum):
    members.join("quiet-river")
    one = forum.start_topic(title="One reply here")
    forum.reply(one, "the only reply")
    three = forum.start_topic(title="Three replies here")
    for n in range(3):
        forum.reply(three, f"reply {n}")
    board = client.get("/b/alcohol").get_data(as_text=True)
    assert "1 reply ·" in board and "3 replies ·" in board and "1 replies" not in board
    home = client.get("/").get_data(as_text=True)
    assert "2 topics · 6 posts" in home
    assert "· 6 posts</p>" in client.get("/u/quiet-river").get_data(as_text=True)
    other = app.test_client()
    Members(other).join("steady-oak")
    Forum(other).reply(one, "me too")
    assert "· 1 post</p>" in client.get("/u/steady-oak").get_data(as_text=True)


def test_every_date_on_the_pages_is_a_time_element(app, client, members, forum, sign_in_as):
    members.join("quiet-river")
    recent = forum.start_topic(title="Recent", support_now=True)
    forum.reply(recent, "a reply")
    older = forum.start_topic(title="Older")
    _older(app, older, days=40)
    reporter = app.test_client()
    Members(reporter).join("worried-friend")
    post_id = Forum(reporter).post_ids(recent)[0]
    assert submit(reporter, f"/p/{post_id}/report", {"reason": "spam"}).status_code == 302
    moderator = sign_in_as("night-moderator", "moderator")
    assert submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": "Take care."}).status_code == 302
    assert submit(moderator, f"/mod/reports/{post_id}", {"action": "suspend", "days": "3"}).status_code == 302

    pages = {
        "home": client.get("/"), "board": client.get("/b/alcohol"), "topic": client.get(f"/t/{recent}"),
        "older topic": client.get(f"/t/{older}"), "profile": client.get("/u/quiet-river"),
        "account": reporter.get("/account"), "cannot post": client.get("/b/alcohol/new"),
        "log": client.get("/mod/log"), "queue": moderator.get("/mod/reports"),
    }
    for name, response in pages.items():
        page = response.get_data(as_text=True)
        assert TIME_TAG.search(page), name
        assert _dates_outside_time_tags(page) == [], name
        for machine, _words in TIME_TAG.findall(page):
            assert re.fullmatch(r"\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?Z)?)?", machine), (name, machine)


def test_dates_read_the_same_on_any_c_library(app, client, members, forum, sign_in_as):
    """No "%-d" (glibc only): a suspension's end, the log's "until" and a join month, built from their parts."""
    members.join("quiet-river")
    post_id = forum.post_ids(forum.start_topic())[0]
    reporter = app.test_client()
    Members(reporter).join("worried-friend")
    submit(reporter, f"/p/{post_id}/report", {"reason": "spam"})
    moderator = sign_in_as("night-moderator", "moderator")
    assert submit(moderator, f"/mod/reports/{post_id}", {"action": "suspend", "days": "3"}).status_code == 302
    with app.app_context():
        until = User.by_handle("quiet-river").suspended_until
        joined = User.by_handle("quiet-river").created_at

    cannot_post = client.get("/b/alcohol/new").get_data(as_text=True)
    clock = f"{until.hour % 12 or 12}:{until:%M}\u00a0{'AM' if until.hour < 12 else 'PM'}"
    assert (f'You can\'t post until <time datetime="{until:%Y-%m-%dT%H:%M:%S}Z">'
            f'{until:%B} {until.day}, {until:%Y}, {clock} UTC</time>') in cannot_post.replace("&#39;", "'")
    log = client.get("/mod/log").get_data(as_text=True)
    assert f'until <time datetime="{until:%Y-%m-%dT%H:%M:%S}Z">{until:%b} {until.day}, {until:%Y}</time>' in log
    profile = client.get("/u/quiet-river").get_data(as_text=True)
    # The month only: an exact date would date the account.
    assert f'Member since <time datetime="{joined:%Y-%m}">{joined:%B %Y}</time>' in profile


def test_no_glibc_only_date_formats_in_the_code():
    """strftime's "%-d" and its kin work on glibc only; Jinja's "{%-" is not one."""
    glibc_only = re.compile(r"(?<!\{)%-[A-Za-z]")
    found = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for folder in ("templates", "forum")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in (".html", ".py", ".txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if glibc_only.search(line)
    ]
    assert found == []
