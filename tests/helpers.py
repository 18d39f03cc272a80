"""What tests share: the app, forms sent the way a browser sends them, the
routes the app serves, and the servers and browser that some tests drive.

Fixtures live in conftest.py and build on these; tests import from here.
"""
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import jinja2
import pytest
from sqlalchemy import event, make_url

from forum import create_app
from forum.extensions import db, migrations

CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"
STAFF_PASSWORD = "staff password here"
ROOT = Path(__file__).resolve().parent.parent


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for the whole run, not once per test's app (a
    template whose source changed has another checksum and is compiled again)."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def make_app(database, **overrides):
    """The forum on an SQLite file (a path) or any database (a URL)."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test secret key",
        "SQLALCHEMY_DATABASE_URI": database if "://" in str(database) else f"sqlite:///{database}",
        # A cheap hash keeps the suite fast; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Stories post far faster than people; tests/test_limits.py turns limits on.
        "RATELIMIT_ENABLED": False,
        **overrides,
    })
    migrations(app)  # tests build and check schemas; web workers never load Alembic
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


@contextmanager
def app_on(database, **overrides):
    """make_app for as long as a fixture lasts: its database connections closed after."""
    app = make_app(database, **overrides)
    try:
        yield app
    finally:
        with app.app_context():
            from forum.extensions import db

            db.engine.dispose()


def csrf_token(client) -> str:
    """The token a real form on the site would carry for this client's session."""
    page = client.get("/login").get_data(as_text=True)
    match = CSRF_PATTERN.search(page)
    assert match, "no CSRF token on the login page"
    return match.group(1) or match.group(2)


def submit(client, url, data=None, **kwargs):
    """POST a form the way a browser would: with the page's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def read_in(client, language, time_zone="UTC"):
    """Choose a language at /settings, as a visitor (a cookie) or a member (their account) does;
    the page it leads to is read, so that its "saved" notice is not left for the next page."""
    response = submit(client, "/settings", {"time_zone": time_zone, "country": "", "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)
    client.get(response.location)


def without_time_tags(page: str) -> str:
    """The page with each <time datetime> element left as its words: what people read, for asserting on."""
    return re.sub(r'<time datetime="[^"]*">([^<]*)</time>', r"\1", page)


def recovery_codes(response) -> list[str]:
    return re.findall(r"<code>([a-z0-9-]{14})</code>", response.get_data(as_text=True))


class Members:
    """Register, log in and out through the real pages, like a person would."""

    def __init__(self, client):
        self.client = client

    def register(self, handle, password=PASSWORD):
        return submit(self.client, "/register", {
            "handle": handle, "password": password, "password_confirm": password,
        })

    def login(self, handle, password=PASSWORD):
        return submit(self.client, "/login", {"handle": handle, "password": password})

    def logout(self):
        return submit(self.client, "/logout")

    def join(self, handle):
        """Register and stay logged in; returns the recovery codes, shown on the page joining leads to."""
        response = self.register(handle)
        assert response.status_code == 303, response.get_data(as_text=True)
        return recovery_codes(self.client.get(response.location))


class Forum:
    """Posting through the real forms."""

    def __init__(self, client):
        self.client = client

    def start_topic(self, board="alcohol", title="Day 3 and struggling", body="It is hard tonight.", anonymous=False,
                    support_now=False):
        data = {"title": title, "body": body}
        if anonymous:
            data["anonymous"] = "y"
        if support_now:
            data["support_now"] = "y"
        response = submit(self.client, f"/b/{board}/new", data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(re.search(r"/t/(\d+)", response.location).group(1))

    def reply(self, topic_id, body="You are not alone.", anonymous=False, **kwargs):
        data = {"body": body}
        if anonymous:
            data["anonymous"] = "y"
        return submit(self.client, f"/t/{topic_id}/reply", data, **kwargs)

    def post_ids(self, topic_id, page=1):
        page_html = self.client.get(f"/t/{topic_id}?page={page}").get_data(as_text=True)
        return [int(i) for i in re.findall(r'<article class="post" id="p(\d+)"', page_html)]


def count_queries(app, client, url) -> int:
    """How many SQL statements one GET of this page runs (it must answer 200)."""
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


# A meeting's form as a member of staff fills it in: every field, online and in a room.
MEETING = {"name": "Evening Hope", "fellowship": "aa", "mode": "hybrid", "day": "1", "time": "19:00",
           "end_time": "20:00", "time_zone": "America/New_York", "type": "O", "conference_url": "https://example.org/j/1",
           "conference_url_notes": "Password: hope", "conference_phone": "+1 555 0100", "location": "The hall",
           "formatted_address": "1 Main St, Springfield", "notes": "Side door.\nNewcomers welcome.", "board": "alcohol"}


def add_meeting(client, **fields) -> str:
    """Send the meeting form (staff list the meeting, members suggest it); the new meeting's slug."""
    response = submit(client, "/meetings/new", {**MEETING, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location.rsplit("/", 1)[1]


def sign_in_as(app, handle, role="member", boards=()):
    """An account made the way an admin makes one (the CLI), logged in on a
    client of its own; asking again for the same handle logs in again."""
    args = ["forum", "create-user", handle, "--role", role, "--password-stdin"]
    for board in boards:
        args += ["--board", board]
    result = app.test_cli_runner().invoke(args=args, input=STAFF_PASSWORD + "\n")
    assert result.exit_code == 0 or "That handle is taken" in result.output, result.output
    client = app.test_client()
    assert Members(client).login(handle, STAFF_PASSWORD).status_code == 302
    return client


@contextmanager
def put_back_afterwards(app, clients):
    """Whatever runs inside, the app's SQLite database and these clients'
    cookies (a session, a flashed message) are then put back as they were:
    tests that share one scene cannot depend on each other's order."""
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    # The test client has no public way to list its cookies; each is replaced, never changed in place.
    jars = [dict(client._cookies) for client in clients]
    with closing(sqlite3.connect(path)) as live, closing(sqlite3.connect(":memory:")) as saved:
        live.backup(saved)
        try:
            yield
        finally:
            saved.backup(live)
            for client, jar in zip(clients, jars):
                client._cookies.clear()
                client._cookies.update(jar)


def age_account(app, handle, days):
    """Pretend an account was made some days ago (new accounts weigh half when reporting)."""
    from datetime import timedelta

    from forum.extensions import db
    from forum.models import User
    from forum.models.base import utcnow

    with app.app_context():
        User.by_handle(handle).created_at = utcnow() - timedelta(days=days)
        db.session.commit()


# Browser tests drive Debian's Chromium through Playwright.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def needs_browser():
    """Skip a browser test module when Chromium or Playwright is missing; fail instead under CI."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        found = False
    else:
        found = bool(CHROMIUM)
    if not found:
        if os.environ.get("FORUM_REQUIRE_BROWSER"):
            raise RuntimeError("FORUM_REQUIRE_BROWSER is set but Chromium or Playwright is missing")
        pytest.skip("needs Chromium (apt-get install chromium) and Playwright", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_by_gunicorn(database_path, *options):
    """The forum under gunicorn, with the deployment's own settings file, on a free local port."""
    port = free_port()
    env = {**os.environ, "FORUM_DATABASE_URL": f"sqlite:///{database_path}", "FORUM_SECRET_KEY": "test secret key",
           "FORUM_RATELIMIT_ENABLED": "false", "FORUM_BIND": f"127.0.0.1:{port}"}
    errors = Path(database_path).with_name("gunicorn.log")
    with errors.open("w") as log:
        server = subprocess.Popen(
            [Path(sys.executable).parent / "gunicorn", "--config", "gunicorn.conf.py", "--timeout", "120", *options,
             "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                # A slow machine may take a while to start workers; a broken one says why.
                assert server.poll() is None, f"gunicorn exited before it served:\n{errors.read_text()}"
                assert time.monotonic() < deadline, f"gunicorn did not answer within a minute:\n{errors.read_text()}"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def post_routes(app) -> set[str]:
    """Every URL rule the app takes a POST on: each is a form that some tests must list."""
    return {rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods}
