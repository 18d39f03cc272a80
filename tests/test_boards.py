"""Reading and writing on the boards: topics, replies, pages and counters."""
import re

from forum.extensions import db
from forum.models import Board, Topic
from tests.helpers import submit


def _topic_titles(page: str) -> list[str]:
    return re.findall(r'<li>\n<bdi><a href="/t/\d+">([^<]+)</a></bdi>', page)


def test_logged_out_visitors_can_read_but_are_asked_to_log_in_to_post(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    members.logout()
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "It is hard tonight." in page
    assert "to reply" in page and 'action="/t/' not in page
    assert client.get("/b/alcohol/new").location.startswith("/login?next=")
    assert forum.reply(topic_id).status_code == 401  # the login page, keeping the reply


def test_starting_a_topic_lands_on_it(client, members, forum):
    members.join("quiet-river")
    response = submit(client, "/b/alcohol/new", {"title": "Day 3", "body": "Cravings are *loud* today."})
    assert re.fullmatch(r"/t/\d+", response.location)
    page = client.get(response.location).get_data(as_text=True)
    assert "<h1>Day 3</h1>" in page
    assert "Cravings are <em>loud</em> today." in page
    assert 'href="/u/quiet-river">quiet-river</a>' in page


def test_replying_lands_on_the_new_post(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    response = forum.reply(topic_id, "Hang in there, it passes.")
    post_id = forum.post_ids(topic_id)[-1]
    assert response.location == f"/t/{topic_id}#p{post_id}"
    assert "Hang in there, it passes." in client.get(f"/t/{topic_id}").get_data(as_text=True)


def test_a_reply_past_the_first_page_lands_on_its_page(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    for n in range(19):
        forum.reply(topic_id, f"reply {n}")
    response = forum.reply(topic_id, "the twenty-first post")
    post_id = forum.post_ids(topic_id, page=2)[0]
    assert response.location == f"/t/{topic_id}?page=2#p{post_id}"


def test_topic_pages_hold_twenty_posts_with_next_and_prev_links(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(body="post 0")
    for n in range(1, 45):
        forum.reply(topic_id, f"post {n}")
    first = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert len(forum.post_ids(topic_id)) == 20
    assert f'<link rel="next" href="/t/{topic_id}?page=2">' in first
    assert 'rel="prev"' not in first
    middle = client.get(f"/t/{topic_id}?page=2").get_data(as_text=True)
    assert f'<a rel="prev" href="/t/{topic_id}?page=1">' in middle
    assert f'<a rel="next" href="/t/{topic_id}?page=3">' in middle
    assert "<p>post 20</p>" in middle and "<p>post 39</p>" in middle
    last = client.get(f"/t/{topic_id}?page=3").get_data(as_text=True)
    assert len(forum.post_ids(topic_id, page=3)) == 5
    assert 'rel="next"' not in last
    # Posts read oldest first across pages.
    assert last.index("<p>post 40</p>") < last.index("<p>post 44</p>")
    assert client.get(f"/t/{topic_id}?page=4").status_code == 404


def test_board_lists_topics_by_latest_activity(client, members, forum):
    members.join("quiet-river")
    older = forum.start_topic(title="Older topic")
    forum.start_topic(title="Newer topic")
    assert _topic_titles(client.get("/b/alcohol").get_data(as_text=True)) == ["Newer topic", "Older topic"]
    forum.reply(older, "bumping with a reply")
    assert _topic_titles(client.get("/b/alcohol").get_data(as_text=True)) == ["Older topic", "Newer topic"]


def test_board_pages_through_its_topics(app, client, members, forum):
    members.join("quiet-river")
    app.config["TOPICS_PER_PAGE"] = 3
    for n in range(7):
        forum.start_topic(title=f"Topic {n}")
    pages = [_topic_titles(client.get(f"/b/alcohol?page={p}").get_data(as_text=True)) for p in (1, 2, 3)]
    assert pages == [["Topic 6", "Topic 5", "Topic 4"], ["Topic 3", "Topic 2", "Topic 1"], ["Topic 0"]]
    assert '<a rel="next" href="/b/alcohol?page=2">' in client.get("/b/alcohol").get_data(as_text=True)
    assert client.get("/b/alcohol?page=9").status_code == 404


def test_empty_board_invites_a_first_topic(client):
    page = client.get("/b/families").get_data(as_text=True)
    assert "No topics here yet." in page
    assert 'href="/b/families/new"' in page


def test_counters_and_latest_activity_stay_correct(app, client, members, forum):
    members.join("quiet-river")
    first = forum.start_topic(board="opioids", title="First")
    second = forum.start_topic(board="opioids", title="Second")
    forum.reply(first, "one")
    forum.reply(first, "two")
    forum.reply(second, "three")
    own_post = forum.post_ids(first)[-1]
    submit(client, f"/p/{own_post}/delete")  # removed posts keep their place
    with app.app_context():
        board = Board.by_slug("opioids")
        assert (board.topic_count, board.post_count) == (2, 5)
        assert board.last_topic_id == second
        topics = {t.id: t for t in db.session.scalars(db.select(Topic))}
        assert topics[first].reply_count == 2 and topics[second].reply_count == 1
        assert topics[second].last_activity_at >= topics[first].last_activity_at
    home = client.get("/").get_data(as_text=True)
    assert "2 topics · 5 posts · latest: <bdi><a href=\"/t/%d\">Second</a></bdi>" % second in home
    board_page = client.get("/b/opioids").get_data(as_text=True)
    assert "2 replies" in board_page and "1 reply" in board_page


def test_locked_topic_takes_no_replies(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    with app.app_context():
        db.session.get(Topic, topic_id).locked = True
        db.session.commit()
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "This topic is locked" in page and 'id="reply"' not in page
    response = forum.reply(topic_id, "trying anyway")
    assert response.status_code == 422
    assert "This topic is locked" in response.get_data(as_text=True)
    assert len(forum.post_ids(topic_id)) == 1


def test_unknown_topic_and_huge_ids_are_404(client):
    assert client.get("/t/999999").status_code == 404
    assert client.get("/t/99999999999999999999999999").status_code == 404
    assert client.get("/t/abc").status_code == 404


# --- a double tap posts once -----------------------------------------------------

def _form_as_shown(client, page_url: str) -> dict:
    """The hidden fields of the post form on a page: its CSRF token and its one-time key."""
    page = client.get(page_url).get_data(as_text=True)
    key = re.search(r'name="submission" type="hidden" value="([^"]+)"', page)
    assert key, "no one-time key on the form"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return {"csrf_token": token, "submission": key.group(1)}


def test_a_new_topic_sent_twice_makes_one_topic(app, client, members):
    members.join("quiet-river")
    form = {**_form_as_shown(client, "/b/alcohol/new"), "title": "Day one", "body": "Starting over today."}
    first = client.post("/b/alcohol/new", data=form)
    second = client.post("/b/alcohol/new", data=form)  # the tap that came a moment too late
    assert first.status_code == second.status_code == 302
    assert second.location == first.location  # the second lands on what the first made
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Topic.id)).where(Topic.title == "Day one")) == 1
        assert db.session.scalar(db.select(Board.topic_count).where(Board.slug == "alcohol")) == 1


def test_a_reply_sent_twice_posts_once(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    form = {**_form_as_shown(client, f"/t/{topic_id}"), "body": "You are not alone."}
    first = client.post(f"/t/{topic_id}/reply", data=form, headers={"HX-Request": "true"})
    again = client.post(f"/t/{topic_id}/reply", data=form, headers={"HX-Request": "true"})
    plain = client.post(f"/t/{topic_id}/reply", data=form)
    post_ids = forum.post_ids(topic_id)
    assert len(post_ids) == 2
    # htmx: the same answer as a reply that went through; the fresh form has a new key.
    assert first.status_code == again.status_code == 200
    assert f'id="p{post_ids[1]}"' in again.get_data(as_text=True)
    assert form["submission"] not in again.get_data(as_text=True)
    assert plain.status_code == 302 and plain.location.endswith(f"#p{post_ids[1]}")


def test_forms_shown_again_carry_a_new_key_and_a_fresh_form_a_new_one(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    first = _form_as_shown(client, f"/t/{topic_id}")["submission"]
    assert _form_as_shown(client, f"/t/{topic_id}")["submission"] != first
    assert forum.reply(topic_id, "A reply with no key still posts.").status_code == 302
    assert forum.reply(topic_id, "A reply with no key still posts.").status_code == 302
    assert len(forum.post_ids(topic_id)) == 3  # two sends of two forms: two replies


def test_a_reply_sent_again_after_the_topic_was_locked_lands_on_the_first(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    form = {**_form_as_shown(client, f"/t/{topic_id}"), "body": "Sent just in time."}
    first = client.post(f"/t/{topic_id}/reply", data=form)
    with app.app_context():
        db.session.get(Topic, topic_id).locked = True
        db.session.commit()
    again = client.post(f"/t/{topic_id}/reply", data=form)  # a retry after the answer was lost
    assert again.status_code == 302 and again.location == first.location


def test_the_one_time_key_survives_logging_back_in(app, client, members, forum):
    """A draft form that sends a post again (after logging back in) carries the same key."""
    members.join("quiet-river")
    topic_id = forum.start_topic()
    form = _form_as_shown(client, f"/t/{topic_id}")
    members.logout()
    login_page = client.post(f"/t/{topic_id}/reply", data={**form, "body": "Words from before."})
    assert f'name="draft_submission" value="{form["submission"]}"' in login_page.get_data(as_text=True)
    resumed = submit(client, "/login", {
        "handle": "quiet-river", "password": "correct horse battery", "draft_action": f"/t/{topic_id}/reply",
        "draft_body": "Words from before.", "draft_submission": form["submission"],
    })
    assert f'name="submission" value="{form["submission"]}"' in resumed.get_data(as_text=True)


def test_sends_of_one_form_arriving_together_make_one_reply(app, client, members, forum):
    from concurrent.futures import ThreadPoolExecutor

    from tests.helpers import Members, csrf_token

    members.join("quiet-river")
    topic_id = forum.start_topic()
    key = _form_as_shown(client, f"/t/{topic_id}")["submission"]
    senders = []
    for _ in range(8):  # the same form, retried from several connections at once
        sender = app.test_client()
        Members(sender).login("quiet-river")
        senders.append((sender, csrf_token(sender)))
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda pair: pair[0].post(f"/t/{topic_id}/reply", data={
            "csrf_token": pair[1], "submission": key, "body": "Only once, please."}), senders))
    assert {answer.status_code for answer in answers} == {302}
    assert len({answer.location for answer in answers}) == 1
    assert len(forum.post_ids(topic_id)) == 2
