"""Anonymous posts hide their author from everyone, everywhere."""
import re

import pytest

from tests.conftest import Forum, Members, submit

HANDLE = "hidden-alice"


@pytest.fixture
def scenario(app, runner):
    """hidden-alice posts only anonymously: a topic, replies, an edit, an htmx reply."""
    alice = app.test_client()
    Members(alice).join(HANDLE)
    alice_forum = Forum(alice)
    own_topic = alice_forum.start_topic(board="opioids", title="I relapsed last night", body="Nobody at work knows.",
                                        anonymous=True, support_now=True)
    alice_forum.reply(own_topic, "Adding more context.", anonymous=True)

    bob = app.test_client()
    Members(bob).join("open-bob")
    bob_forum = Forum(bob)
    bobs_topic = bob_forum.start_topic(board="families", title="My brother is using again")
    bob_forum.reply(own_topic, "Sending strength.")
    alices_post = alice_forum.post_ids(own_topic)[0]
    submit(bob, f"/p/{alices_post}/report", {"reason": "crisis", "details": "worried about them"})

    alice_forum.reply(bobs_topic, "My sister went through this.", anonymous=True)
    fragment = alice_forum.reply(bobs_topic, "Sent from my phone.", anonymous=True, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    edited = alice_forum.post_ids(own_topic)[1]
    submit(alice, f"/p/{edited}/edit", {"body": "Adding more context, edited."})

    runner.invoke(args=["forum", "create-user", "watchful-mod", "--role", "moderator", "--password-stdin"],
                  input="moderator password here\n")
    moderator = app.test_client()
    Members(moderator).login("watchful-mod", "moderator password here")
    return {
        "alice": alice, "readers": {"visitor": app.test_client(), "member": bob, "moderator": moderator},
        "fragments": [fragment.get_data(as_text=True)],
        "topics": [own_topic, bobs_topic],
    }


def _every_page(client, topics, staff=False):
    urls = ["/", "/b/opioids", "/b/alcohol", "/b/families", "/u/open-bob", "/u/watchful-mod", "/help", "/mod/log"]
    if staff:
        urls += ["/mod/reports", "/mod/reports?status=resolved", "/mod/reports?reason=crisis"]
    for topic_id in topics:
        urls += [f"/t/{topic_id}", f"/t/{topic_id}?page=1"]
    pages = {url: client.get(url) for url in urls}
    for url, response in pages.items():
        assert response.status_code == 200, url
    return {url: response.get_data(as_text=True) for url, response in pages.items()}


def test_anonymous_author_handle_appears_on_no_page_for_anyone(scenario):
    for reader, client in scenario["readers"].items():
        for url, page in _every_page(client, scenario["topics"], staff=reader == "moderator").items():
            assert HANDLE not in page.lower(), f"{reader} sees the handle on {url}"
    # Even the author's own htmx fragments carry no handle.
    for fragment in scenario["fragments"]:
        assert HANDLE not in fragment.lower()
        assert "Sent from my phone." in fragment


def test_anonymous_posts_still_show_their_words(scenario):
    page = scenario["readers"]["visitor"].get(f"/t/{scenario['topics'][0]}").get_data(as_text=True)
    assert "Nobody at work knows." in page and "Adding more context, edited." in page
    assert page.count("Anonymous <span class=\"tag\">") == 2


def test_anonymous_tag_is_stable_in_a_topic_and_differs_across_topics(scenario):
    visitor = scenario["readers"]["visitor"]
    own_topic, bobs_topic = scenario["topics"]
    tags_here = re.findall(r'Anonymous <span class="tag">#(\w+)</span>', visitor.get(f"/t/{own_topic}").get_data(as_text=True))
    tags_there = re.findall(r'Anonymous <span class="tag">#(\w+)</span>', visitor.get(f"/t/{bobs_topic}").get_data(as_text=True))
    assert len(tags_here) == 2 and len(set(tags_here)) == 1
    assert len(tags_there) == 2 and len(set(tags_there)) == 1
    assert tags_here[0] != tags_there[0]


def test_anonymous_posts_are_missing_from_the_authors_profile(scenario):
    profile = scenario["readers"]["member"].get(f"/u/{HANDLE}").get_data(as_text=True)
    assert "0 posts" in profile
    assert "No posts under this name yet." in profile
    assert "I relapsed last night" not in profile and "My brother is using again" not in profile


def test_the_author_still_sees_and_manages_their_anonymous_posts(scenario):
    alice = scenario["alice"]
    page = alice.get(f"/t/{scenario['topics'][0]}").get_data(as_text=True)
    assert "(you)" in page
    assert page.count("/edit\">Edit</a>") == 2
    assert scenario["readers"]["member"].get(f"/t/{scenario['topics'][0]}").get_data(as_text=True).count("(you)") == 0


def test_named_and_anonymous_posts_by_one_member_are_not_linked(app, client, members, forum):
    members.join("two-sided")
    topic_id = forum.start_topic(title="Open question", body="Asked under my name.")
    forum.reply(topic_id, "Said anonymously.", anonymous=True)
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    anonymous_article = page.split('<article class="post"')[2]
    assert "Said anonymously." in anonymous_article
    assert "two-sided" not in anonymous_article and "/u/" not in anonymous_article


def test_reply_form_stays_anonymous_for_an_anonymous_poster(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert '<input checked id="anonymous"' in page
    fragment = forum.reply(topic_id, "Still anonymous.", anonymous=True, headers={"HX-Request": "true"})
    assert '<input checked id="anonymous"' in fragment.get_data(as_text=True)


def test_anonymous_opener_is_marked_in_their_own_topic(app, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    forum.reply(topic_id, "Following up on my own topic.", anonymous=True)
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert page.count("· started this topic") == 2


def test_pages_of_a_logged_in_member_are_not_kept_by_the_browser(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    assert client.get(f"/t/{topic_id}").headers["Cache-Control"] == "private, no-store"
    members.logout()
    assert "no-store" not in client.get(f"/t/{topic_id}").headers.get("Cache-Control", "")
