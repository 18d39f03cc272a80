"""Atom feeds: exactly what a logged-out visitor may read, and a member's private inbox feed.

Each feed is parsed as XML and held to RFC 4287 here: the feed's id, title,
updated and its self and alternate links; each entry's id, title, updated,
author name, link and content.
"""
import gzip
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import brotli
import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from forum.extensions import db
from forum.models import InboxEntry, Post, User
from forum.services import inbox
from tests.helpers import PASSWORD, STAFF_PASSWORD, Forum, Members, sign_in_as, submit

NS = {"atom": "http://www.w3.org/2005/Atom"}
ATOM = "application/atom+xml; charset=utf-8"
AUTHOR = "hidden-alice"
PUBLIC_FEEDS = ["/feed.atom", "/b/alcohol/feed.atom", "/t/{topic}/feed.atom"]
ADDRESS = re.compile(r'value="http://localhost(/inbox/feed/[\w-]+\.atom)"')


def _text(element, path) -> str:
    found = element.find(path, NS)
    assert found is not None, f"no {path}"
    assert found.text and found.text.strip(), f"empty {path}"
    return found.text


def _moment(text) -> datetime:
    assert text.endswith("Z"), text  # RFC 3339, in UTC
    return datetime.fromisoformat(text.removesuffix("Z"))


def atom(response) -> dict:
    """The feed in a response, checked against RFC 4287: its title, and its entries in order."""
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == ATOM
    root = ET.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    _text(root, "atom:id")
    _moment(_text(root, "atom:updated"))
    links = {link.get("rel"): link for link in root.findall("atom:link", NS)}
    assert links["self"].get("type") == "application/atom+xml"
    assert links["self"].get("href").startswith("http://localhost/")
    assert links["alternate"].get("type") == "text/html"
    assert links["alternate"].get("href").startswith("http://localhost/")
    entries = []
    for entry in root.findall("atom:entry", NS):
        content = entry.find("atom:content", NS)
        assert content is not None and content.get("type") in ("html", "text")
        link = entry.find("atom:link", NS)
        assert link.get("rel") == "alternate" and link.get("href").startswith("http://localhost/")
        entries.append({
            "id": _text(entry, "atom:id"), "title": _text(entry, "atom:title"),
            "updated": _moment(_text(entry, "atom:updated")), "author": _text(entry, "atom:author/atom:name"),
            "link": link.get("href"), "content": content.text or "", "type": content.get("type"),
        })
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids repeat"
    # RFC 4287 4.1.1: a feed names an author, or every entry must; a feed with no entries yet still needs one.
    feed_author = _text(root, "atom:author/atom:name")
    return {"title": _text(root, "atom:title"), "author": feed_author, "updated": _moment(_text(root, "atom:updated")),
            "self": links["self"].get("href"), "alternate": links["alternate"].get("href"), "entries": entries}


def make_feed(client, password=PASSWORD) -> str:
    """The member's private feed address, made on /account (the path, without the host)."""
    assert submit(client, "/account/feed", {"password": password}).status_code == 303
    return ADDRESS.search(client.get("/account").get_data(as_text=True)).group(1)


@pytest.fixture
def scene(app, client, members, forum):
    """steady-oak starts a topic and follows it; hidden-alice replies anonymously; a moderator is about."""
    members.join("steady-oak")
    topic = forum.start_topic(title="Week two & still going", body="Cravings at night.")
    feed = make_feed(client)
    alice = app.test_client()
    Members(alice).join(AUTHOR)
    Forum(alice).reply(topic, "Same here, it gets easier.", anonymous=True)
    own_topic = Forum(alice).start_topic(title="Nobody knows", body="Not even at work.", anonymous=True)
    post_ids = Forum(alice).post_ids(topic)
    return {"oak": client, "alice": alice, "topic": topic, "own_topic": own_topic, "feed": feed,
            "opening": post_ids[0], "reply": post_ids[1], "moderator": sign_in_as(app, "watchful-mod", "moderator"),
            "visitor": app.test_client()}


def _public(scene, client=None) -> dict:
    client = client or scene["visitor"]
    return {url: client.get(url.format(topic=scene["topic"])) for url in PUBLIC_FEEDS}


def test_every_feed_is_atom_with_every_element_rfc_4287_asks_for(scene):
    feeds = {url: atom(response) for url, response in _public(scene).items()}
    feeds["private"] = atom(scene["visitor"].get(scene["feed"]))
    for url, feed in feeds.items():
        assert feed["entries"], url
        assert feed["author"] == "Porchlight", url
        assert feed["updated"] == max(entry["updated"] for entry in feed["entries"]), url
    topics = feeds["/feed.atom"]
    assert [entry["title"] for entry in topics["entries"]] == ["Nobody knows", "Week two & still going"]
    assert topics["entries"][1]["content"] == "<p>Cravings at night.</p>"
    assert topics["entries"][1]["link"] == f"http://localhost/t/{scene['topic']}"
    assert topics["self"] == "http://localhost/feed.atom" and topics["alternate"] == "http://localhost/"
    board = feeds["/b/alcohol/feed.atom"]
    assert board["title"] == "New topics in Alcohol · Porchlight" and board["alternate"] == "http://localhost/b/alcohol"
    posts = feeds["/t/{topic}/feed.atom"]
    assert posts["title"] == "Week two & still going · Porchlight"
    assert [(entry["title"], entry["id"]) for entry in posts["entries"]] == [
        ("Re: Week two & still going", f"http://localhost/p/{scene['reply']}"),
        ("Week two & still going", f"http://localhost/p/{scene['opening']}"),
    ]
    assert posts["entries"][1]["author"] == "steady-oak"


def test_an_anonymous_post_shows_its_tag_and_its_authors_handle_is_in_no_feed(scene):
    submit(scene["oak"], "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"})
    Forum(scene["oak"]).reply(scene["own_topic"], "You are not alone.")
    bodies = {url: response.get_data(as_text=True) for url, response in _public(scene).items()}
    bodies["/t/own/feed.atom"] = scene["visitor"].get(f"/t/{scene['own_topic']}/feed.atom").get_data(as_text=True)
    bodies["oak's private feed"] = scene["visitor"].get(scene["feed"]).get_data(as_text=True)
    bodies["alice's own private feed"] = scene["visitor"].get(make_feed(scene["alice"])).get_data(as_text=True)
    for where, body in bodies.items():
        assert AUTHOR not in body.lower(), where
    reply = atom(scene["visitor"].get(f"/t/{scene['topic']}/feed.atom"))["entries"][0]
    assert re.fullmatch(r"Anonymous #[0-9a-f]{8}", reply["author"]), reply["author"]
    opened = atom(scene["visitor"].get("/feed.atom"))["entries"][0]
    assert re.fullmatch(r"Anonymous #[0-9a-f]{8} · started this topic", opened["author"]), opened["author"]
    told = atom(scene["visitor"].get(scene["feed"]))["entries"]
    assert told[0]["author"] == reply["author"] and told[0]["content"] == "<p>Same here, it gets easier.</p>"
    # Her own feed tells her of the reply to her anonymous topic, without a "(you)" on anyone.
    alices = atom(scene["visitor"].get(make_feed(scene["alice"])))["entries"]
    assert [(entry["title"], entry["author"]) for entry in alices] == [("Nobody knows", "steady-oak")]
    assert "(you)" not in bodies["/t/own/feed.atom"]


def test_a_hidden_post_leaves_the_feeds_and_comes_back_when_restored(scene):
    submit(scene["oak"], "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"})

    def everywhere():
        """The topic lists (openings only), the topic's feed, and steady-oak's private feed."""
        bodies = [response.get_data(as_text=True) for response in _public(scene).values()]
        return bodies + [scene["visitor"].get(scene["feed"]).get_data(as_text=True)]

    assert all("it gets easier" in body for body in everywhere()[2:])
    submit(scene["moderator"], f"/mod/reports/{scene['reply']}", {"action": "hide", "note": "checking"})
    assert not any("it gets easier" in body for body in everywhere())
    assert [entry["title"] for entry in atom(scene["visitor"].get(scene["feed"]))["entries"]] == []
    submit(scene["moderator"], f"/mod/reports/{scene['reply']}", {"action": "restore"})
    assert all("it gets easier" in body for body in everywhere()[2:])


def test_a_removed_post_and_a_topic_whose_title_moderators_hid_are_left_out(scene):
    Forum(scene["alice"]).reply(scene["topic"], "Something I regret posting.", anonymous=True)
    regretted = Forum(scene["alice"]).post_ids(scene["topic"])[2]
    submit(scene["alice"], f"/p/{regretted}/delete")
    submit(scene["moderator"], f"/mod/reports/{scene['opening']}", {"action": "hide", "note": "a name in the title"})
    for url, response in _public(scene).items():
        body = response.get_data(as_text=True)
        assert "Week two" not in body and "Cravings at night" not in body and "regret" not in body, url
    for url in ("/feed.atom", "/b/alcohol/feed.atom"):
        assert [entry["title"] for entry in atom(scene["visitor"].get(url))["entries"]] == ["Nobody knows"], url
    topic_feed = atom(scene["visitor"].get(f"/t/{scene['topic']}/feed.atom"))
    assert topic_feed["title"] == "Topic hidden by moderators · Porchlight"
    assert [entry["title"] for entry in topic_feed["entries"]] == ["Re: Topic hidden by moderators"]


def test_staff_and_authors_fetching_a_public_feed_get_the_visitors_feed(scene):
    submit(scene["moderator"], f"/mod/reports/{scene['opening']}", {"action": "hide", "note": "a name in the title"})
    visitors = {url: response.data for url, response in _public(scene).items()}
    for reader in ("moderator", "alice", "oak"):
        for url, response in _public(scene, scene[reader]).items():
            assert response.data == visitors[url], f"{reader} on {url}"
            assert response.headers["Cache-Control"] == "private, no-store"  # their answer renews their cookie
    assert b"Week two" not in visitors["/t/{topic}/feed.atom"]


def test_titles_and_words_are_escaped_once_and_a_control_character_cannot_break_a_feed(client, members, forum):
    members.join("quiet-river")
    title = 'Ring\x07ing & <b>"bells"</b> \'here\''
    topic = forum.start_topic(title=title, body="<script>alert(1)</script> & **bold**")
    members.logout()
    entry = atom(client.get("/feed.atom"))["entries"][0]
    assert entry["title"] == 'Ringing & <b>"bells"</b> \'here\''
    assert entry["content"] == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>bold</strong></p>"
    assert atom(client.get(f"/t/{topic}/feed.atom"))["title"].startswith("Ringing &")


def test_an_edited_post_is_as_new_as_its_edit_in_every_feed_that_shows_it(app, scene):
    submit(scene["oak"], "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"})
    with app.app_context():
        for post in db.session.scalars(select(Post)):
            post.created_at -= timedelta(hours=1)
        db.session.commit()
    before = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    submit(scene["oak"], f"/p/{scene['opening']}/edit", {"title": "Week two & still going", "body": "Better tonight."})
    submit(scene["alice"], f"/p/{scene['reply']}/edit", {"body": "Same here, it does get easier."})
    for url in ("/feed.atom", f"/t/{scene['topic']}/feed.atom", scene["feed"]):
        feed = atom(scene["visitor"].get(url))
        edited = [entry for entry in feed["entries"] if "Better tonight" in entry["content"] or "does get" in entry["content"]]
        assert edited and all(entry["updated"] >= before for entry in edited), url
        assert feed["updated"] >= before, url


def test_a_feed_holds_the_newest_30_entries(scene):
    for number in range(30):
        Forum(scene["oak"]).reply(scene["topic"], f"Check-in number {number}.")
    entries = atom(scene["visitor"].get(f"/t/{scene['topic']}/feed.atom"))["entries"]
    assert len(entries) == 30
    assert entries[0]["content"] == "<p>Check-in number 29.</p>" and "number 0." in entries[-1]["content"]


def test_an_unchanged_feed_answers_304_and_feeds_are_compressed(scene):
    visitor = scene["visitor"]
    url = f"/t/{scene['topic']}/feed.atom"
    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress), ("identity", bytes)):
        first = visitor.get(url, headers={"Accept-Encoding": encoding})
        assert first.headers.get("Content-Encoding", "identity") == encoding
        assert first.headers["Cache-Control"] == "public, max-age=300"
        assert {"Accept-Encoding", "Cookie"} <= set(first.headers["Vary"].replace(" ", "").split(","))
        assert "Set-Cookie" not in first.headers
        assert ET.fromstring(decode(first.data)).tag == "{http://www.w3.org/2005/Atom}feed"
        again = visitor.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["Cache-Control"] == "public, max-age=300"
    etag = visitor.get(url).headers["ETag"]
    Forum(scene["oak"]).reply(scene["topic"], "Something new.")
    assert visitor.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_home_board_and_topic_pages_link_their_feeds(scene):
    visitor = scene["visitor"]
    for page, feed, title in (
        ("/", "/feed.atom", "New topics on Porchlight"),
        ("/b/alcohol", "/b/alcohol/feed.atom", "New topics in Alcohol"),
        (f"/t/{scene['topic']}", f"/t/{scene['topic']}/feed.atom", "Posts in this topic"),
    ):
        head = visitor.get(page).get_data(as_text=True).split("</head>")[0]
        assert f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{feed}">' in head, page
        assert visitor.get(feed).status_code == 200


def test_a_feed_under_a_prefix_gives_addresses_under_it(app, scene):
    under_prefix = Client(DispatcherMiddleware(NotFound(), {"/forum": app.wsgi_app}))
    body = under_prefix.get("/forum/feed.atom").get_data()
    root = ET.fromstring(body)
    assert root.find("atom:link[@rel='self']", NS).get("href") == "http://localhost/forum/feed.atom"
    hrefs = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(href.startswith("http://localhost/forum/") for href in hrefs), hrefs
    assert f'href="/forum/t/{scene["topic"]}/feed.atom"' in under_prefix.get(f"/forum/t/{scene['topic']}").get_data(
        as_text=True)


def test_feeds_of_what_does_not_exist_are_404(client):
    for url in ("/t/999999/feed.atom", "/b/no-such-board/feed.atom", "/t/1x/feed.atom"):
        assert client.get(url).status_code == 404, url


# --- the private inbox feed ----------------------------------------------------

def test_the_private_feed_gives_titles_and_not_the_words_by_default(app, scene):
    entries = atom(scene["visitor"].get(scene["feed"]))["entries"]
    assert [(entry["title"], entry["content"], entry["type"]) for entry in entries] == [
        ("Week two & still going", "A new reply for you.", "text")]
    assert entries[0]["link"] == entries[0]["id"] == f"http://localhost/p/{scene['reply']}"
    assert "it gets easier" not in scene["visitor"].get(scene["feed"]).get_data(as_text=True)
    feed = atom(scene["visitor"].get(scene["feed"]))
    assert feed["title"] == "Your inbox on Porchlight" and feed["alternate"] == "http://localhost/inbox"
    assert "steady-oak" not in scene["visitor"].get(scene["feed"]).get_data(as_text=True)


def test_the_private_feed_says_the_same_for_a_reply_and_for_an_answer_to_the_members_own_post(scene):
    """A leaked address must not tell which posts in a topic are the member's own (anonymous ones included)."""
    submit(scene["oak"], f"/t/{scene['topic']}/unfollow")  # an answer to their post still reaches them
    submit(scene["alice"], f"/t/{scene['topic']}/reply", {"body": "Glad it helps.", "reply_to": str(scene["opening"])})
    told = atom(scene["visitor"].get(scene["feed"]))["entries"]
    assert [entry["content"] for entry in told] == ["A new reply for you.", "A new reply for you."]
    assert "your post" not in scene["visitor"].get(scene["feed"]).get_data(as_text=True)


def test_a_moderators_private_feed_carries_no_title_moderators_hid(app, scene):
    """The feed reader's servers are not staff: the moderator's feed shows titles as a visitor sees them."""
    moderator = scene["moderator"]
    submit(moderator, f"/t/{scene['topic']}/follow")
    feed = make_feed(moderator, STAFF_PASSWORD)
    Forum(scene["oak"]).reply(scene["topic"], "One more day done.")
    submit(moderator, f"/mod/reports/{scene['opening']}", {"action": "hide", "note": "a name in the title"})
    assert "Week two" in moderator.get(f"/t/{scene['topic']}").get_data(as_text=True)  # staff still read it there
    body = scene["visitor"].get(feed).get_data(as_text=True)
    assert "Week two" not in body
    assert [entry["title"] for entry in atom(scene["visitor"].get(feed))["entries"]] == ["Topic hidden by moderators"]


def test_an_empty_feed_still_names_its_author(client, members):
    members.join("quiet-river")
    feed = atom(client.get(make_feed(client)))
    assert feed["entries"] == [] and feed["author"] == "Porchlight"
    assert atom(client.get("/b/alcohol/feed.atom"))["author"] == "Porchlight"


def test_the_private_feed_carries_the_words_when_the_member_asks(scene):
    submit(scene["oak"], "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"})
    entries = atom(scene["visitor"].get(scene["feed"]))["entries"]
    assert [(entry["content"], entry["type"]) for entry in entries] == [("<p>Same here, it gets easier.</p>", "html")]


def test_a_moderators_notice_says_only_that_it_came_unless_words_are_on(scene):
    submit(scene["moderator"], f"/mod/reports/{scene['opening']}", {"action": "warn", "note": "Please go gently."})
    notice = atom(scene["visitor"].get(scene["feed"]))["entries"][0]
    assert (notice["title"], notice["author"], notice["content"]) == (
        "A message from the moderators", "The moderators", "A message from the moderators.")
    assert notice["link"] == "http://localhost/inbox"
    submit(scene["oak"], "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"})
    assert atom(scene["visitor"].get(scene["feed"]))["entries"][0]["content"] == "Please go gently."


def test_fetching_the_private_feed_marks_nothing_read(app, scene):
    for _ in range(2):
        scene["visitor"].get(scene["feed"])
    with app.app_context():
        member = User.by_handle("steady-oak")
        assert inbox.unread_count(member) == 1
        assert db.session.scalars(select(InboxEntry.read_at).where(InboxEntry.user_id == member.id)).all() == [None]


def test_the_private_feed_is_never_kept_by_a_cache_and_still_answers_304(scene):
    first = scene["visitor"].get(scene["feed"], headers={"Accept-Encoding": "gzip"})
    assert first.headers["Cache-Control"] == "private, no-store"
    assert first.headers["Content-Encoding"] == "gzip"
    again = scene["visitor"].get(scene["feed"], headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == "private, no-store"
    assert scene["oak"].get(scene["feed"]).headers["Cache-Control"] == "private, no-store"


ODD_ADDRESSES = ["/inbox/feed/.atom", "/inbox/feed/not-a-token.atom", "/inbox/feed/" + "a" * 43 + ".atom",
                 "/inbox/feed/" + "x" * 5000 + ".atom", "/inbox/feed/%00.atom", "/inbox/feed/%FF%FE.atom",
                 "/inbox/feed/..%2F..%2Ffeed.atom", "/inbox/feed/a%20b.atom", "/inbox/feed/token"]


def test_the_private_feed_is_404_without_its_token_after_stopping_and_once_a_new_one_is_made(scene):
    visitor = scene["visitor"]
    token = scene["feed"].removeprefix("/inbox/feed/").removesuffix(".atom")
    for url in ODD_ADDRESSES + [f"/inbox/feed/{token[:-1]}.atom", f"/inbox/feed/{token.upper()}.atom"]:
        assert visitor.get(url).status_code == 404, url
    newer = make_feed(scene["oak"])
    assert visitor.get(scene["feed"]).status_code == 404
    assert visitor.get(newer).status_code == 200
    submit(scene["oak"], "/account/feed/revoke")
    assert visitor.get(newer).status_code == 404
    assert scene["oak"].get(newer).status_code == 404  # logged in or not: the address is what counts
