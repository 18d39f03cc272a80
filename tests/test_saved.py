"""Saved posts: a member's private bookmarks, saved from a plain link (or one tap with htmx) and listed on /saved."""
import re

import pytest
from sqlalchemy import event

from forum.extensions import db
from tests.helpers import Forum, Members, submit

HTMX = {"HX-Request": "true"}


@pytest.fixture
def scene(app, sign_in_as):
    """alice starts a topic with a reply; bob reads it, and saves what helps."""
    alice = app.test_client()
    Members(alice).join("alice")
    topic = Forum(alice).start_topic(title="Ninety days today", body="I made it to ninety days.")
    Forum(alice).reply(topic, "Thank you all for the **kind** words.")
    bob = app.test_client()
    Members(bob).join("bob")
    opening, reply = Forum(bob).post_ids(topic)
    return {"alice": alice, "bob": bob, "topic": topic, "opening": opening, "reply": reply,
            "moderator": sign_in_as("night-moderator", "moderator")}


def _main(response) -> str:
    return re.search(r"<main.*</main>", response.get_data(as_text=True), re.S).group(0)


def _saved_excerpts(client, url="/saved") -> list[str]:
    return re.findall(r'<p class="excerpt">(.*?)</p>', _main(client.get(url)))


def _actions(client, topic, post) -> str:
    page = client.get(f"/t/{topic}").get_data(as_text=True)
    return re.search(rf'<article class="post" id="p{post}">.*?</article>', page, re.S).group(0)


def test_a_member_saves_a_post_through_its_link_and_finds_it_on_saved(scene):
    bob, topic, reply = scene["bob"], scene["topic"], scene["reply"]
    assert (f'<a href="/p/{reply}/save" data-hx-post="/p/{reply}/save" data-hx-swap="outerHTML">Save</a>'
            in _actions(bob, topic, reply))
    confirm = bob.get(f"/p/{reply}/save")
    assert confirm.status_code == 200
    page = _main(confirm)
    assert "Save this post?" in page and "<button>Save this post</button>" in page
    assert "Ninety days today" in page and "Thank you all for the kind words." in page

    response = submit(bob, f"/p/{reply}/save")
    assert response.status_code == 302 and response.location == f"/t/{topic}#p{reply}"
    assert "Saved. You&#39;ll find it in your saved posts" in bob.get(response.location).get_data(as_text=True)
    assert f"<span>Saved · <a href=\"/p/{reply}/save\" data-hx-post=\"/p/{reply}/unsave\"" in _actions(bob, topic, reply)
    assert "A post you saved" in _main(bob.get(f"/p/{reply}/save"))  # the same link now offers to unsave

    saved = bob.get("/saved")
    assert saved.status_code == 200 and saved.headers["Cache-Control"] == "private, no-store"
    assert _saved_excerpts(bob) == ["Thank you all for the kind words."]
    assert f'<a href="/p/{reply}">Ninety days today</a>' in _main(saved)
    assert '<a href="/saved">Your saved posts</a>' in bob.get("/account").get_data(as_text=True)


def test_with_htmx_one_tap_saves_and_unsaves_in_place(scene):
    bob, reply = scene["bob"], scene["reply"]
    response = submit(bob, f"/p/{reply}/save", headers=HTMX)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == (
        f'<span>Saved · <a href="/p/{reply}/save" data-hx-post="/p/{reply}/unsave" data-hx-target="closest span" '
        'data-hx-swap="outerHTML">Unsave</a></span>')
    assert _saved_excerpts(bob) == ["Thank you all for the kind words."]

    response = submit(bob, f"/p/{reply}/unsave", headers=HTMX)
    assert response.get_data(as_text=True) == (
        f'<a href="/p/{reply}/save" data-hx-post="/p/{reply}/save" data-hx-swap="outerHTML">Save</a>')
    assert _saved_excerpts(bob) == []


def test_unsave_from_the_saved_list_goes_back_to_it(scene):
    bob, opening, reply = scene["bob"], scene["opening"], scene["reply"]
    submit(bob, f"/p/{opening}/save")
    submit(bob, f"/p/{reply}/save")
    page = _main(bob.get("/saved"))
    form = re.search(rf'<form method="post" action="/p/{opening}/unsave".*?</form>', page, re.S).group(0)
    assert '<input type="hidden" name="next" value="/saved">' in form and "Unsave</button>" in form
    response = submit(bob, f"/p/{opening}/unsave", {"next": "/saved"})
    assert response.location == "/saved"
    assert "That post is no longer in your saved posts." in bob.get("/saved").get_data(as_text=True)
    assert _saved_excerpts(bob) == ["Thank you all for the kind words."]
    submit(bob, f"/p/{reply}/unsave", {"next": "https://elsewhere.example/"})
    assert "Nothing saved yet." in _main(bob.get("/saved"))


def test_saved_posts_are_each_members_own(app, scene):
    bob, alice, topic, reply = scene["bob"], scene["alice"], scene["topic"], scene["reply"]
    carol = app.test_client()
    Members(carol).join("carol")
    before = _actions(carol, topic, reply)
    submit(bob, f"/p/{reply}/save")
    assert _saved_excerpts(carol) == [] and _saved_excerpts(alice) == []  # not even its author learns of it
    assert _actions(carol, topic, reply) == before and ">Save</a>" in before
    assert "Save" not in _actions(app.test_client(), topic, reply)  # visitors have no Save link at all
    assert app.test_client().get("/saved").location.startswith("/login")
    assert app.test_client().get(f"/p/{reply}/save").location.startswith("/login")


def test_a_saved_post_hidden_later_drops_out_and_comes_back_when_restored(scene):
    bob, moderator, reply = scene["bob"], scene["moderator"], scene["reply"]
    submit(bob, f"/p/{reply}/save")
    submit(moderator, f"/mod/reports/{reply}", {"action": "hide"})
    assert "Nothing saved yet." in _main(bob.get("/saved"))
    submit(moderator, f"/mod/reports/{reply}", {"action": "restore"})
    assert _saved_excerpts(bob) == ["Thank you all for the kind words."]


def test_a_post_members_may_not_read_cannot_be_saved(scene):
    bob, moderator, topic, reply = scene["bob"], scene["moderator"], scene["topic"], scene["reply"]
    submit(moderator, f"/mod/reports/{reply}", {"action": "hide"})
    assert "/save" not in _actions(bob, topic, reply)
    assert bob.get(f"/p/{reply}/save").status_code == 404
    assert submit(bob, f"/p/{reply}/save").status_code == 404
    assert submit(bob, f"/p/{reply}/save", headers=HTMX).status_code == 404
    submit(moderator, f"/mod/reports/{reply}", {"action": "restore"})
    assert _saved_excerpts(bob) == []  # nothing was saved behind the 404
    assert bob.get("/p/999999/save").status_code == 404


def test_a_refused_token_saves_nothing_and_says_why(scene):
    bob, reply = scene["bob"], scene["reply"]
    response = bob.post(f"/p/{reply}/save", data={})
    assert response.status_code == 302
    assert "Nothing changed: please try again." in bob.get(response.location).get_data(as_text=True)
    response = bob.post(f"/p/{reply}/save", data={"csrf_token": "stale"}, headers=HTMX)
    assert response.status_code == 422
    assert '<strong class="error" role="alert">' in response.get_data(as_text=True)
    assert _saved_excerpts(bob) == []

    submit(bob, f"/p/{reply}/save")
    assert bob.post(f"/p/{reply}/unsave", data={}).status_code == 302
    assert _saved_excerpts(bob) == ["Thank you all for the kind words."]


@pytest.mark.parametrize("action", ["save", "unsave"])
def test_a_refusal_is_part_of_what_the_next_tap_replaces(scene, action):
    """htmx swaps the link's answer in for the element it targets: a second refusal must
    replace the first, not pile up beside it, so the answer is that one element."""
    bob, reply = scene["bob"], scene["reply"]
    if action == "unsave":
        submit(bob, f"/p/{reply}/save")
    answer = bob.post(f"/p/{reply}/{action}", data={"csrf_token": "stale"}, headers=HTMX).get_data(as_text=True)
    whole = re.fullmatch(r'<span><strong class="error" role="alert">[^<]+ Nothing changed: please try again\.</strong> '
                         r'(?:Saved · )?<a ([^>]*)>(?:Save|Unsave)</a></span>', answer)
    assert whole, answer
    assert 'data-hx-target="closest span" data-hx-swap="outerHTML"' in whole.group(1)


def test_a_saved_anonymous_post_never_shows_its_authors_handle(app, scene):
    alice, bob, topic = scene["alice"], scene["bob"], scene["topic"]
    Forum(alice).reply(topic, "Some nights I still want to use.", anonymous=True)
    anonymous = Forum(bob).post_ids(topic)[-1]
    fragment = submit(bob, f"/p/{anonymous}/save", headers=HTMX).get_data(as_text=True)
    pages = [fragment, _main(bob.get(f"/p/{anonymous}/save")), _main(bob.get("/saved"))]
    for page in pages:
        assert "alice" not in page
    assert "Anonymous <span class=\"tag\">" in pages[2] and "Some nights I still want to use." in pages[2]


def test_the_saved_list_pages_newer_and_older(app, scene):
    app.config["SAVED_PER_PAGE"] = 2
    alice, bob, topic = scene["alice"], scene["bob"], scene["topic"]
    Forum(alice).reply(topic, "A third post.")
    for post in Forum(bob).post_ids(topic):
        submit(bob, f"/p/{post}/save")
    first = _main(bob.get("/saved"))
    assert re.findall(r'<p class="excerpt">(.*?)</p>', first) == ["A third post.", "Thank you all for the kind words."]
    assert '<a rel="next" href="/saved?page=2">Older →</a>' in first and "Newer" not in first
    second = _main(bob.get("/saved?page=2"))
    assert re.findall(r'<p class="excerpt">(.*?)</p>', second) == ["I made it to ninety days."]
    assert '<a rel="prev" href="/saved?page=1">← Newer</a>' in second
    assert '<input type="hidden" name="next" value="/saved?page=2">' in second
    assert bob.get("/saved?page=3").status_code == 404


def test_unsaving_the_last_post_of_the_last_page_lands_on_the_page_before(app, scene):
    app.config["SAVED_PER_PAGE"] = 2
    alice, bob, topic = scene["alice"], scene["bob"], scene["topic"]
    for words in ("A third post.", "A fourth post."):
        Forum(alice).reply(topic, words)
    for post in Forum(bob).post_ids(topic):
        submit(bob, f"/p/{post}/save")
    opening, reply = scene["opening"], scene["reply"]
    assert _saved_excerpts(bob, "/saved?page=2") == ["Thank you all for the kind words.", "I made it to ninety days."]
    response = submit(bob, f"/p/{reply}/unsave", {"next": "/saved?page=2"})
    assert response.location == "/saved?page=2"  # the page still has a post: the member stays on it
    response = submit(bob, f"/p/{opening}/unsave", {"next": "/saved?page=2"})
    assert response.location == "/saved"
    landed = bob.get(response.location)
    assert landed.status_code == 200 and "That post is no longer in your saved posts." in landed.get_data(as_text=True)
    assert _saved_excerpts(bob) == ["A fourth post.", "A third post."]
    assert bob.get("/saved?page=2").status_code == 404  # typed in, a page past the end is still a 404



def test_a_topic_page_asks_the_same_statements_however_many_posts_are_saved(app, scene):
    bob, topic = scene["bob"], scene["topic"]
    for n in range(6):
        Forum(scene["alice"]).reply(topic, f"reply {n}")
    with app.app_context():
        engine = db.engine
    counted = []

    def count(*_):
        counted.append(1)

    def statements() -> int:
        counted.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert bob.get(f"/t/{topic}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(counted)

    none_saved = statements()
    for post in Forum(bob).post_ids(topic):
        submit(bob, f"/p/{post}/save")
    submit(bob, f"/t/{topic}/follow")
    assert statements() == none_saved
    assert _actions(bob, topic, scene["reply"]).count("Saved · ") == 1
