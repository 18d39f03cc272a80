"""Following a topic, "4 new" beside the topics a member opened, and /t/<id>/new landing on the first unread post."""
import re

import pytest

from tests.helpers import Forum, Members, submit, without_time_tags

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(app):
    """alice starts a topic; others reply in it."""
    client = app.test_client()
    Members(client).join("alice")
    return client


@pytest.fixture
def bob(app):
    client = app.test_client()
    Members(client).join("bob")
    return client


def _follow_form(page: str) -> str | None:
    match = re.search(r'<form class="follow".*?</form>', page, re.S)
    return match.group(0) if match else None


def _follow_action(client, url) -> str:
    """Where the topic page's one follow form posts to."""
    return re.search(r'action="([^"]+)"', _follow_form(client.get(url).get_data(as_text=True))).group(1)


def _as_read(page: str) -> str:
    """A page less what differs on every load: times as words, a form's one-time key and its signed token."""
    page = re.sub(r'name="submission"[^>]*?value="[^"]*"', "", without_time_tags(page))
    return re.sub(r"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}", "TOKEN", page)  # signed, with the second it was made


def _new_links(client, url="/b/alcohol") -> dict[str, str]:
    """The "N new" links on a list of topics: {href: "3 new"}."""
    page = client.get(url).get_data(as_text=True)
    return dict(re.findall(r'<a href="(/t/\d+/new)">(\d+ new)</a>', page))


# --- following ------------------------------------------------------------------

def test_a_member_follows_a_topic_with_its_button_and_stops_again(alice, bob):
    topic = Forum(alice).start_topic()
    form = _follow_form(bob.get(f"/t/{topic}").get_data(as_text=True))
    assert "Follow this topic" in form and "New replies here will come to your inbox." in form

    response = submit(bob, _follow_action(bob, f"/t/{topic}"))
    assert response.status_code == 302 and response.location == f"/t/{topic}"
    page = bob.get(response.location).get_data(as_text=True)
    assert "You&#39;re following this topic: new replies come to your inbox." in page
    assert "Following · <button class=\"link\">Stop following</button>" in _follow_form(page)

    response = submit(bob, _follow_action(bob, f"/t/{topic}"))
    assert response.location == f"/t/{topic}"
    page = bob.get(response.location).get_data(as_text=True)
    assert "You&#39;ve stopped following this topic." in page
    assert "Follow this topic" in _follow_form(page)


def test_following_sends_the_member_back_to_the_page_they_were_on(app, alice, bob):
    app.config["POSTS_PER_PAGE"] = 2
    topic = Forum(alice).start_topic()
    for n in range(3):
        Forum(alice).reply(topic, f"reply {n}")
    action = _follow_action(bob, f"/t/{topic}?page=2")
    assert action == f"/t/{topic}/follow?page=2"
    assert submit(bob, action).location == f"/t/{topic}?page=2"


def test_with_htmx_the_follow_button_swaps_in_place(alice, bob):
    topic = Forum(alice).start_topic()
    response = submit(bob, f"/t/{topic}/follow", headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<form class="follow"') and "<html" not in fragment
    assert "Stop following" in fragment and f'data-hx-post="/t/{topic}/unfollow"' in fragment

    fragment = submit(bob, f"/t/{topic}/unfollow", headers=HTMX).get_data(as_text=True)
    assert "Follow this topic" in fragment and f'data-hx-post="/t/{topic}/follow"' in fragment
    assert "Follow this topic" in _follow_form(bob.get(f"/t/{topic}").get_data(as_text=True))


def test_starting_a_topic_or_replying_in_it_follows_it(alice, bob):
    topic = Forum(alice).start_topic()
    assert "Stop following" in _follow_form(alice.get(f"/t/{topic}").get_data(as_text=True))
    Forum(bob).reply(topic, "You are not alone.", anonymous=True)
    assert "Stop following" in _follow_form(bob.get(f"/t/{topic}").get_data(as_text=True))


def test_an_htmx_reply_turns_the_pages_follow_form_to_following(alice, bob):
    topic = Forum(alice).start_topic()
    assert 'id="follow"' in _follow_form(bob.get(f"/t/{topic}").get_data(as_text=True))
    fragment = Forum(bob).reply(topic, "Same here.", headers=HTMX).get_data(as_text=True)
    form = _follow_form(fragment)
    assert 'id="follow"' in form and 'data-hx-swap-oob="true"' in form and "Stop following" in form


def test_nobody_else_can_tell_who_follows_a_topic(app, alice, bob):
    """An anonymous author follows their own topic; bob follows and stops: carol's and a visitor's pages never move."""
    topic = Forum(alice).start_topic(title="I relapsed last night", anonymous=True)
    carol = app.test_client()
    Members(carol).join("carol")
    visitor = app.test_client()

    def pages():
        return [_as_read(client.get(url).get_data(as_text=True))
                for client in (carol, visitor) for url in (f"/t/{topic}", "/b/alcohol", "/")]

    before = pages()
    assert "Follow this topic" in _follow_form(before[0])  # carol is told nothing of alice's follow
    assert _follow_form(before[3]) is None and "Follow" not in before[3]  # visitors see no form at all
    submit(bob, f"/t/{topic}/follow")
    assert pages() == before
    submit(bob, f"/t/{topic}/unfollow")
    assert pages() == before
    assert "Stop following" in _follow_form(alice.get(f"/t/{topic}").get_data(as_text=True))


def test_a_refused_token_changes_nothing_and_says_why(alice, bob):
    topic = Forum(alice).start_topic()
    response = bob.post(f"/t/{topic}/follow", data={})
    assert response.status_code == 302
    page = bob.get(response.location).get_data(as_text=True)
    assert "Nothing changed: please try again." in page
    assert "Follow this topic" in _follow_form(page)

    response = bob.post(f"/t/{topic}/follow", data={}, headers=HTMX)
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    assert '<strong class="error" role="alert">' in fragment and "Follow this topic" in fragment
    assert "Follow this topic" in _follow_form(bob.get(f"/t/{topic}").get_data(as_text=True))


def test_following_asks_visitors_to_log_in_and_an_unknown_topic_is_404(app, bob):
    visitor = app.test_client()
    assert visitor.post("/t/1/follow").location.startswith("/login")
    assert submit(bob, "/t/999999/follow").status_code == 404
    assert submit(bob, "/t/999999/unfollow").status_code == 404


# --- "4 new" ----------------------------------------------------------------------

def test_new_goes_up_as_others_post_and_to_nothing_once_the_member_reads(alice, bob):
    topic = Forum(alice).start_topic()
    bob.get(f"/t/{topic}")
    assert _new_links(bob) == {}
    Forum(alice).reply(topic, "one")
    Forum(alice).reply(topic, "two")
    assert _new_links(bob) == {f"/t/{topic}/new": "2 new"}
    Forum(alice).reply(topic, "three")
    assert _new_links(bob) == {f"/t/{topic}/new": "3 new"}
    bob.get(f"/t/{topic}")
    assert _new_links(bob) == {}


def test_a_members_own_posts_never_count_as_new(alice, bob):
    topic = Forum(alice).start_topic()
    Forum(bob).reply(topic, "I hear you.")
    Forum(bob).reply(topic, "And one more thing.", anonymous=True)
    assert _new_links(bob) == {} and _new_links(alice) == {f"/t/{topic}/new": "2 new"}
    Forum(alice).reply(topic, "Thank you.")
    assert _new_links(bob) == {f"/t/{topic}/new": "1 new"}


def test_new_is_the_members_own_read_state_and_shown_to_no_one_else(app, alice, bob):
    topic = Forum(alice).start_topic()
    bob.get(f"/t/{topic}")
    carol = app.test_client()
    Members(carol).join("carol")  # she never opened it
    Forum(alice).reply(topic, "one")
    assert _new_links(bob) == {f"/t/{topic}/new": "1 new"}
    assert _new_links(carol) == {}
    assert _new_links(app.test_client()) == {}


def test_a_post_hidden_by_moderators_is_not_new(app, alice, bob, sign_in_as):
    topic = Forum(alice).start_topic()
    bob.get(f"/t/{topic}")
    Forum(alice).reply(topic, "a dealer's number")
    Forum(alice).reply(topic, "sorry, I take that back")
    hidden, kept = Forum(alice).post_ids(topic)[1:]
    submit(sign_in_as("night-moderator", "moderator"), f"/mod/reports/{hidden}", {"action": "hide"})
    assert _new_links(bob) == {f"/t/{topic}/new": "1 new"}
    assert bob.get(f"/t/{topic}/new").location == f"/t/{topic}#p{kept}"


def test_the_home_pages_support_list_shows_new_too(alice, bob):
    topic = Forum(alice).start_topic(support_now=True)
    bob.get(f"/t/{topic}")
    Forum(alice).reply(topic, "still here")
    assert _new_links(bob, "/") == {f"/t/{topic}/new": "1 new"}


# --- /t/<id>/new --------------------------------------------------------------------

def test_new_lands_on_the_first_unread_post_across_a_page_boundary(app, alice, bob):
    app.config["POSTS_PER_PAGE"] = 3
    topic = Forum(alice).start_topic(body="post 1")
    for n in range(2, 5):
        Forum(alice).reply(topic, f"post {n}")
    Forum(bob).post_ids(topic, page=1)  # bob reads page 1 only: posts 1 to 3
    fourth = Forum(alice).post_ids(topic, page=2)[0]
    assert bob.get(f"/t/{topic}/new").location == f"/t/{topic}?page=2#p{fourth}"

    Forum(bob).post_ids(topic, page=2)  # and now the fourth
    for n in range(5, 8):
        Forum(alice).reply(topic, f"post {n}")
    fifth = Forum(alice).post_ids(topic, page=2)[1]
    assert bob.get(f"/t/{topic}/new").location == f"/t/{topic}?page=2#p{fifth}"
    Forum(bob).post_ids(topic, page=2)  # the fifth and sixth
    seventh = Forum(alice).post_ids(topic, page=3)[0]
    assert bob.get(f"/t/{topic}/new").location == f"/t/{topic}?page=3#p{seventh}"


def test_new_when_up_to_date_lands_on_the_latest_post(app, alice, bob):
    app.config["POSTS_PER_PAGE"] = 2
    topic = Forum(alice).start_topic()
    for n in range(3):
        Forum(alice).reply(topic, f"reply {n}")
    latest = alice.get(f"/t/{topic}/latest").location
    assert latest.startswith(f"/t/{topic}?page=2#p")
    assert alice.get(f"/t/{topic}/new").location == latest  # she wrote them all
    Forum(bob).post_ids(topic, page=1)
    Forum(bob).post_ids(topic, page=2)
    assert bob.get(f"/t/{topic}/new").location == latest


def test_new_for_a_topic_never_opened_starts_at_its_first_post(alice, bob):
    topic = Forum(alice).start_topic()
    Forum(alice).reply(topic, "one")
    first = Forum(alice).post_ids(topic)[0]
    assert bob.get(f"/t/{topic}/new").location == f"/t/{topic}#p{first}"


def test_new_sends_visitors_to_the_topics_first_page(app, alice):
    topic = Forum(alice).start_topic()
    Forum(alice).reply(topic, "one")
    response = app.test_client().get(f"/t/{topic}/new")
    assert response.status_code == 302 and response.location == f"/t/{topic}"
    assert app.test_client().get("/t/999999/new").status_code == 404
