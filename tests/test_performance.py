"""Bytes and queries: compressed pages, cached static files, 304s, constant queries."""
import gzip
import re
from pathlib import Path

import brotli
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Topic
from tests.helpers import Forum, Members, count_queries, make_app, submit

STATIC = Path(__file__).parent.parent / "static"


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_name_static_files_by_their_content(client):
    urls = _asset_urls(client.get("/").get_data(as_text=True))
    assert len(urls) == 3
    for url in urls:
        assert re.fullmatch(r"/static/[\w.-]+\.[0-9a-f]{10}\.(css|js)", url)


@pytest.mark.parametrize("encoding, decode", [
    ("br", brotli.decompress), ("gzip", gzip.decompress), ("identity", lambda data: data),
])
def test_static_files_are_compressed_and_cached_for_a_year(client, encoding, decode):
    url = next(u for u in _asset_urls(client.get("/").get_data(as_text=True)) if "style" in u)
    response = client.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers.get("Content-Encoding", "identity") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == (STATIC / "style.css").read_bytes()
    assert response.content_type == "text/css; charset=utf-8"


def test_a_static_file_under_its_plain_name_must_be_revalidated(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/style.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/static/nothing-here.css").status_code == 404


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_are_compressed(client, encoding, decode):
    response = client.get("/", headers={"Accept-Encoding": f"{encoding}, deflate"})
    assert response.headers["Content-Encoding"] == encoding
    assert b"<h1>Boards</h1>" in decode(response.data)
    assert "Accept-Encoding" in response.headers["Vary"]


# An encoding given q=0 is refused (RFC 9110 12.5.3), even where "*" would allow it.
REFUSED_ENCODINGS = [
    ("br;q=0, gzip", "gzip"), ("gzip;q=0", "identity"), ("br;q=0, gzip;q=0", "identity"),
    ("*, br;q=0", "gzip"), ("*;q=0", "identity"), ("identity, gzip;q=0.5", "identity"),
    ("gzip;q=0.5, br;q=0.8", "br"), ("br;q=0.5, gzip", "gzip"),
]


@pytest.mark.parametrize("accept, expected", REFUSED_ENCODINGS)
def test_pages_and_static_files_honour_the_quality_of_each_encoding(client, accept, expected):
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, "identity": lambda data: data}[expected]
    style = next(u for u in _asset_urls(client.get("/").get_data(as_text=True)) if "style" in u)
    for url, content in (("/", b"<h1>Boards</h1>"), (style, b"{")):
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.headers.get("Content-Encoding", "identity") == expected, url
        assert content in decode(response.data)


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unchanged_page_answers_304(client, members, forum, language):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    members.logout()
    client.get("/")  # shows, and so clears, the "logged out" message
    for encoding in ("br", "gzip", "identity"):
        headers = {"Accept-Encoding": encoding, "Accept-Language": language}
        first = client.get(f"/t/{topic_id}", headers=headers)
        assert first.headers["Cache-Control"] == "private, no-cache"
        again = client.get(f"/t/{topic_id}", headers={**headers, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""


def test_a_changed_page_is_sent_again(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    members.logout()
    client.get("/")
    etag = client.get(f"/t/{topic_id}").headers["ETag"]
    other = app.test_client()
    Members(other).join("steady-oak")
    Forum(other).reply(topic_id, "a new reply")
    response = client.get(f"/t/{topic_id}", headers={"If-None-Match": etag})
    assert response.status_code == 200 and b"a new reply" in response.data


def test_logged_in_pages_are_never_stored(client, members):
    members.join("quiet-river")
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def _forum_of_size(tmp_path, topics, posts):
    forum_app = make_app(tmp_path / f"forum-{posts}.sqlite3")
    runner = forum_app.test_cli_runner()
    runner.invoke(args=["forum", "init"])
    runner.invoke(args=["forum", "demo-data", "--topics", str(topics), "--posts", str(posts), "--seed", "5"])
    with forum_app.app_context():
        topic = db.session.scalar(select(Topic).order_by(Topic.post_count.desc()).limit(1))
        board = db.session.scalar(select(Board).order_by(Board.topic_count.desc()).limit(1))
        assert topic.post_count > 20 and board.topic_count > 30  # both have a second page
        return forum_app, f"/t/{topic.id}", f"/b/{board.slug}"


def test_pages_run_the_same_queries_whatever_the_forum_size(tmp_path):
    counts = []
    for topics, posts in ((100, 2_000), (600, 30_000)):
        forum_app, topic, board = _forum_of_size(tmp_path, topics, posts)
        client = forum_app.test_client()
        pages = {"home": "/", "board": board, "board page 2": f"{board}?page=2",
                 "topic": topic, "topic page 2": f"{topic}?page=2",
                 "feed": "/feed.atom", "board feed": f"{board}/feed.atom", "topic feed": f"{topic}/feed.atom"}
        counts.append({name: count_queries(forum_app, client, url) for name, url in pages.items()})
    assert counts[0] == counts[1], counts


def test_readers_who_are_not_logged_in_get_no_cookie(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    reader = client.application.test_client()
    for language in ("en", "es"):
        for url in ("/", "/b/alcohol", f"/t/{topic_id}", f"/t/{topic_id}/latest", f"/t/{topic_id}/new", "/help",
                    "/mod/log"):
            response = reader.get(url, headers={"Accept-Language": language})
            assert "Set-Cookie" not in response.headers, url


def test_post_links_built_by_hand_agree_with_the_routes(app):
    from flask import url_for

    from forum.links import post_link, profile_link

    with app.test_request_context("/"):
        assert post_link(42) == url_for("posts.show", post_id=42)
        for action, endpoint in (("edit", "posts.edit"), ("delete", "posts.delete"), ("report", "posts.report"),
                             ("save", "posts.save")):
            assert post_link(42, action) == url_for(endpoint, post_id=42)
        assert profile_link("quiet-river_2") == url_for("profiles.profile", handle="quiet-river_2")


def test_a_members_topic_page_runs_the_same_queries_however_many_posts_it_shows(app, client, members):
    """Marking the page read must not cost a statement per post (a commit before rendering would)."""
    members.join("quiet-river")
    writer = app.test_client()
    Members(writer).join("steady-writer")
    short, long = Forum(writer).start_topic(), Forum(writer).start_topic()
    for topic, replies in ((short, 2), (long, 19)):
        for n in range(replies):
            Forum(writer).reply(topic, f"Reply {n}")
    counts = [count_queries(app, client, f"/t/{topic}") for topic in (short, long)]
    assert counts[0] == counts[1], counts


def test_lists_of_posts_run_the_same_queries_however_many_facilitators_wrote_them(app, client, members, sign_in_as):
    """A facilitator's badge names their boards: loaded once for the page, not once per facilitator."""
    members.join("quiet-river")
    topic = Forum(client).start_topic()
    counts = []
    for handle in ("lead-one", "lead-two", "lead-three"):
        facilitator = sign_in_as(handle, "facilitator", boards=["alcohol"])
        Forum(facilitator).reply(topic, f"A word from {handle}.")
        assert submit(client, f"/p/{Forum(client).post_ids(topic)[-1]}/save", {}).status_code == 302
        counts.append([count_queries(app, client, url) for url in ("/inbox", "/saved")])
    assert counts[0] == counts[1] == counts[2], counts
