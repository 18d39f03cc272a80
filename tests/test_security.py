"""Strict headers on every response."""
import pytest

from tests.conftest import make_app

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@pytest.mark.parametrize("url", ["/", "/b/alcohol", "/login", "/help", "/no-such-page", "/static/style.css", "/healthz"])
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
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
