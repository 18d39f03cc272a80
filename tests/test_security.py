"""Strict headers on every response."""
import pytest

from tests.helpers import make_app

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@pytest.mark.parametrize("url", ["/", "/b/alcohol", "/login", "/help", "/no-such-page", "/static/style.css", "/healthz"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    # frame-ancestors alone leaves browsers older than CSP 2 free to frame the forum (clickjacking).
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers


def test_hsts_only_over_https(database_path, monkeypatch):
    monkeypatch.setenv("FORUM_HTTPS", "true")
    headers = make_app(database_path).test_client().get("/").headers
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_pages_have_no_inline_script_style_or_handlers(client, members, forum):
    import re

    members.join("quiet-river")
    topic_id = forum.start_topic()
    for url in ("/", "/b/alcohol", f"/t/{topic_id}", "/account", "/help", "/b/alcohol/new"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page), url


def test_a_login_lasts_only_while_it_is_used(database_path, monkeypatch):
    """Sessions end after FORUM_SESSION_IDLE_DAYS without a visit; each visit extends them."""
    from datetime import datetime, timedelta, timezone

    from tests.helpers import Members

    monkeypatch.setenv("FORUM_SESSION_IDLE_DAYS", "3")
    client = make_app(database_path).test_client()
    response = Members(client).register("quiet-river")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    expires = datetime.strptime(cookie.split("Expires=")[1].split(";")[0], "%a, %d %b %Y %H:%M:%S GMT")
    left = expires.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)
    assert "session=" in client.get("/account").headers.get("Set-Cookie", "")  # a visit extends it


def test_server_logs_never_name_the_client():
    """The access log format of `make run` and the documented deployment."""
    from pathlib import Path

    settings = {}
    exec((Path(__file__).parent.parent / "gunicorn.conf.py").read_text(), settings)
    log_format = settings["access_log_format"]
    for atom in ("%(h)s", "%(a)s", "%(u)s", "%(f)s", "{x-forwarded-for}i", "{x-real-ip}i", "%(q)s"):
        assert atom not in log_format


def test_the_access_log_never_holds_a_private_feeds_address(app, client, members, database_path, tmp_path):
    """Whoever reads the server's log must not be able to read a member's inbox: a real gunicorn writes it."""
    import re
    import urllib.request

    from tests.helpers import PASSWORD, served_by_gunicorn, submit

    members.join("quiet-river")
    submit(client, "/account/feed", {"password": PASSWORD})
    address = re.search(r'value="http://localhost(/inbox/feed/([\w-]+)\.atom)"', client.get("/account").text)
    path, token = address.groups()
    log = tmp_path / "access.log"
    with served_by_gunicorn(database_path, "--access-logfile", str(log)) as base:
        for url in (path, "/inbox/feed/not-a-token.atom", "/b/alcohol"):
            try:
                urllib.request.urlopen(base + url, timeout=30).close()
            except urllib.error.HTTPError as refused:
                assert refused.code == 404, url
    lines = log.read_text().splitlines()
    assert token not in log.read_text() and "not-a-token" not in log.read_text()
    assert [line.split('"')[1] for line in lines if "/healthz" not in line] == [
        "GET /inbox/feed/[hidden].atom", "GET /inbox/feed/[hidden].atom", "GET /b/alcohol"]
