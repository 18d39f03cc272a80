"""Nothing lost under load: many members posting at once through real gunicorn workers."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, Topic
from tests.helpers import PASSWORD, make_app, served_by_gunicorn

# Many members at once through real servers: measured with no other test beside it (make test).
pytestmark = pytest.mark.alone

MEMBERS, REPLIES = 20, 25


@pytest.fixture
def served_forum(tmp_path):
    """The forum under gunicorn: several worker processes, each with several threads."""
    database = tmp_path / "load.sqlite3"
    app = make_app(database)
    assert app.test_cli_runner().invoke(args=["forum", "init"]).exit_code == 0
    with served_by_gunicorn(database, "--workers", "3", "--worker-class", "gthread", "--threads", "4") as base:
        yield app, base


class Browser:
    """One member's cookies and forms, over real HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, form_page: str, data: dict) -> int:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(form_page)).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def join(self, handle: str) -> int:
        return self.post("/register", "/register", {"handle": handle, "password": PASSWORD, "password_confirm": PASSWORD})

    def start_topic(self, title: str, body: str) -> int:
        return self.post("/b/alcohol/new", "/b/alcohol/new", {"title": title, "body": body})


def test_twenty_members_posting_at_once_lose_nothing(served_forum):
    app, base = served_forum
    founder = Browser(base)
    assert founder.join("founder") == 200
    assert founder.start_topic("Check-in thread", "Say hello.") == 200
    with app.app_context():
        topic_id = db.session.scalar(select(Topic.id))

    def member_posts(n: int) -> list[int]:
        browser = Browser(base)
        handle = f"member-{n:02d}"
        statuses = [browser.join(handle)]
        token_page = f"/t/{topic_id}"
        for reply in range(REPLIES):
            statuses.append(browser.post(f"/t/{topic_id}/reply", token_page, {"body": f"{handle} reply {reply}"}))
        return statuses

    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        statuses = [status for result in pool.map(member_posts, range(MEMBERS)) for status in result]

    # Every request answered well (redirects were followed to the new post's page).
    assert statuses == [200] * (MEMBERS * (REPLIES + 1))
    expected = {f"member-{n:02d} reply {r}" for n in range(MEMBERS) for r in range(REPLIES)}
    with app.app_context():
        bodies = db.session.scalars(select(Post.body).where(Post.topic_id == topic_id)).all()
        assert db.session.get(Topic, topic_id).post_count == len(bodies) == MEMBERS * REPLIES + 1
    assert len(set(bodies)) == len(bodies) and expected <= set(bodies)  # each stored exactly once
    reader = app.test_client()  # the pages as any reader gets them, from the same database
    shown = set()
    for page in range(1, (MEMBERS * REPLIES) // 20 + 2):
        html = reader.get(f"/t/{topic_id}?page={page}").get_data(as_text=True)
        shown |= set(re.findall(r"<p>(member-\d\d reply \d+)</p>", html))
    assert shown == expected, sorted(expected - shown)[:5]  # and each one shown


def test_a_restore_reaches_every_running_worker(served_forum, tmp_path):
    """The admin restores a backup while gunicorn serves: every worker serves the restored forum at once."""
    app, base = served_forum
    member = Browser(base)
    assert member.join("night-owl") == 200
    assert member.start_topic("Before the backup", "Kept.") == 200
    runner = app.test_cli_runner()
    backup = tmp_path / "nightly.sqlite3"
    assert runner.invoke(args=["forum", "backup", str(backup)]).exit_code == 0
    assert member.start_topic("After the backup", "Gone.") == 200

    result = runner.invoke(args=["forum", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    # Three workers, many requests: each of them must see the restored data, none the old.
    boards = [Browser(base).get("/b/alcohol") for _ in range(30)]
    assert all("Before the backup" in page and "After the backup" not in page for page in boards)
    # The member was logged out by the restore, and the forum takes posts again once they log back in.
    with member.opener.open(base + "/account", timeout=30) as response:
        assert urllib.parse.urlsplit(response.url).path == "/login"
    assert member.post("/login", "/login", {"handle": "night-owl", "password": PASSWORD}) == 200
    assert member.start_topic("After the restore", "Here.") == 200
    assert "After the restore" in Browser(base).get("/b/alcohol")
