"""Pages everyone sees: home, help, health, errors, and what every page carries."""
import re

import html5lib
import pytest

from tests.helpers import Members, make_app
from tests.test_authorization import GET_ROUTES, ROLES, TOPIC_TITLE, built_scene, scene  # noqa: F401  (fixtures)


def test_home_links_the_three_default_boards(client):
    page = client.get("/").get_data(as_text=True)
    for slug in ("opioids", "alcohol", "families"):
        assert f'href="/b/{slug}"' in page


def test_every_page_links_to_help_now(client):
    for url in ("/", "/b/alcohol", "/login", "/register", "/help", "/no-such-page"):
        assert 'href="/help">Need help now?</a>' in client.get(url).get_data(as_text=True), url


def test_help_page_lists_crisis_lines(client):
    page = client.get("/help").get_data(as_text=True)
    assert "<h1>Need help now?</h1>" in page
    assert "988" in page and "1-800-662-4357" in page


def test_healthz_answers_with_a_tiny_body(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"


def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/b/no-such-board")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "We couldn&#39;t find that page" in page
    assert 'href="/"' in page


def test_pages_ask_search_engines_not_to_index_by_default(client):
    assert '<meta name="robots" content="noindex, nofollow">' in client.get("/").get_data(as_text=True)


def test_indexing_can_be_allowed(database_path):
    page = make_app(database_path, FORUM_ROBOTS="").test_client().get("/").get_data(as_text=True)
    assert 'name="robots"' not in page


def test_htmx_script_is_self_hosted_and_deferred(client):
    page = client.get("/").get_data(as_text=True)
    src = re.search(r'<script src="(/static/htmx\.min\.[0-9a-f]{10}\.js)" defer></script>', page).group(1)
    assert client.get(src).status_code == 200


def test_session_cookie_is_httponly_and_samesite(client, members):
    response = members.register("cookie-check")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(database_path, monkeypatch):
    monkeypatch.setenv("FORUM_HTTPS", "true")
    client = make_app(database_path).test_client()
    cookie = Members(client).register("secure-check").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_favicon_is_empty_and_cached(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and response.data == b""
    assert "immutable" in response.headers["Cache-Control"]


def test_forbidden_page_is_kind(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]
    other = client.application.test_client()
    Members(other).join("steady-oak")
    response = other.get(f"/p/{post_id}/edit")
    assert response.status_code == 403
    assert "That isn&#39;t open to you" in response.get_data(as_text=True)


def test_an_unexpected_error_shows_a_kind_500_page(database_path):
    app = make_app(database_path, TESTING=False)

    @app.get("/broken-on-purpose")
    def broken():
        raise RuntimeError("a bug")

    response = app.test_client().get("/broken-on-purpose")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something broke on our side" in page and "It isn&#39;t your fault." in page
    assert "RuntimeError" not in page and 'href="/help"' in page


ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_title_is_plain_text(scene, role):  # noqa: F811
    """A tab, a bookmark and a screen reader read the <title> as text: no markup,
    no entity shown as typed, never empty; a topic's title as its author wrote it."""
    clients, ids = scene
    for route in GET_ROUTES:
        response = clients[role].get(route.format(**ids), follow_redirects=True)
        if response.mimetype != "text/html":
            continue
        head = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False).find("head")
        titles = head.findall("title")
        assert len(titles) == 1, f"{route} as {role}: {len(titles)} titles"
        title = titles[0].text or ""
        where = f"{route} as {role}: {title!r}"
        assert "<" not in title and ">" not in title and not ENTITY.search(title), where
        assert title.endswith(" · Porchlight") and title.removesuffix(" · Porchlight").strip(), where
        if route == "/t/{topic}":
            assert title == f"{TOPIC_TITLE} · Porchlight", where
