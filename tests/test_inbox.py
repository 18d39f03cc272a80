"""The inbox: replies in topics a member follows, answers to their posts and
moderators' notices, the header's unread count, and "Reply to this"."""
import re
import sqlite3

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Notice, Topic, User
from forum.services import inbox
from tests.helpers import Forum, Members, csrf_token, submit

HTMX = {"HX-Request": "true"}


def inbox_link(client, url="/help") -> str | None:
    """What the header's inbox link says on a page ("Inbox", "Inbox 3"), or None when there is none."""
    match = re.search(r'<a id="inbox-link"[^>]*>([^<]*)</a>', client.get(url).get_data(as_text=True))
    return match.group(1) if match else None


def inbox_page(client, page=1) -> str:
    response = client.get(f"/inbox?page={page}" if page > 1 else "/inbox")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_id_of(response) -> int:
    """The post a reply's redirect lands on (/t/<id>?page=N#p<post id>)."""
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"#p(\d+)$", response.location).group(1))


def answer(client, topic_id, body, post_id):
    """A reply sent from the form a "Reply to this" link opens."""
    return submit(client, f"/t/{topic_id}/reply", {"body": body, "reply_to": str(post_id)})


def stop_following(app, handle, topic_id):
    with app.app_context():
        inbox.unfollow(User.by_handle(handle), db.session.get(Topic, topic_id))
        db.session.commit()


def new_member(app, handle):
    client = app.test_client()
    Members(client).join(handle)
    return client, Forum(client)


@pytest.fixture
def asker(members, forum, client):
    """quiet-river, who started a topic and follows it, as starting one does."""
    members.join("quiet-river")
    return client


@pytest.fixture
def friend(app):
    return new_member(app, "steady-oak")


def test_a_reply_reaches_the_askers_inbox_and_reading_the_topic_clears_it(asker, forum, friend):
    topic_id = forum.start_topic(title="Day 3 and struggling")
    assert inbox_link(asker) == "Inbox"
    reply_id = post_id_of(friend[1].reply(topic_id, "You are not alone tonight.\n\nI was there last year."))

    page = asker.get("/help").get_data(as_text=True)
    assert 'aria-label="Inbox 1 unread"' in page and inbox_link(asker) == "Inbox 1"
    listed = inbox_page(asker)
    assert "Day 3 and struggling" in listed and "steady-oak replied in a topic you follow" in listed
    assert "You are not alone tonight. I was there last year." in listed
    assert f'href="/p/{reply_id}"' in listed and "<strong class=\"new\">New</strong>" in listed

    asker.get(f"/p/{reply_id}", follow_redirects=True)  # following the entry reads the topic
    assert inbox_link(asker) == "Inbox"
    assert "You are not alone tonight." in inbox_page(asker) and ">New<" not in inbox_page(asker)


def test_mark_all_read_goes_back_to_the_inbox_or_swaps_the_list_and_the_count(asker, forum, friend):
    topic_id = forum.start_topic()
    friend[1].reply(topic_id, "First reply.")
    friend[1].reply(topic_id, "Second reply.")
    assert inbox_link(asker) == "Inbox 2"

    response = submit(asker, "/inbox/read")
    assert response.status_code == 302 and response.location == "/inbox"
    page = asker.get("/inbox").get_data(as_text=True)
    assert "Everything in your inbox is marked as read." in page and ">New<" not in page
    assert inbox_link(asker) == "Inbox"

    friend[1].reply(topic_id, "Third reply.")
    assert inbox_link(asker) == "Inbox 1"
    response = asker.post("/inbox/read", data={"csrf_token": csrf_token(asker)}, headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.startswith('<div id="inbox-entries">') and "Third reply." in fragment and ">New<" not in fragment
    oob = re.search(r'<a id="inbox-link"[^>]*data-hx-swap-oob="true">([^<]*)</a>', fragment)
    assert oob and oob.group(1) == "Inbox"
    assert inbox_link(asker) == "Inbox"


def test_mark_all_read_without_the_pages_token_changes_nothing(asker, forum, friend):
    friend[1].reply(forum.start_topic(), "A reply.")
    response = asker.post("/inbox/read", headers=HTMX)
    assert response.status_code == 422 and "Nothing changed: please try again." in response.get_data(as_text=True)
    assert asker.post("/inbox/read").status_code == 302
    assert "Nothing changed: please try again." in asker.get("/inbox").get_data(as_text=True)
    assert inbox_link(asker) == "Inbox 1"


def test_an_anonymous_reply_shows_its_tag_and_never_the_handle(asker, forum, friend):
    topic_id = forum.start_topic()
    friend[1].reply(topic_id, "Been there, it gets easier.", anonymous=True)
    tag = re.search(r'<span class="tag">#([0-9a-f]{8})</span>', asker.get(f"/t/{topic_id}").text).group(1)
    friend[1].reply(topic_id, "Still here for you.", anonymous=True)
    listed = inbox_page(asker)
    assert f'Anonymous <span class="tag">#{tag}</span> replied in a topic you follow' in listed
    fragment = asker.post("/inbox/read", data={"csrf_token": csrf_token(asker)}, headers=HTMX).text
    for page in (listed, fragment):
        assert "steady-oak" not in page


def test_the_author_of_an_anonymous_topic_hears_of_replies_and_no_one_else_can_tell(app, asker, forum, friend):
    topic_id = forum.start_topic(title="Relapsed after a year", anonymous=True)
    visitor = app.test_client()
    bystander, _ = new_member(app, "calm-harbour")
    pages = (f"/t/{topic_id}", "/b/alcohol", "/u/quiet-river", "/")

    def seen_by_others():
        # Less what changes on every page shown: the form token and the reply form's one-time key.
        return [re.sub(r'(value="|"X-CSRFToken": ")[^"]*', "", client.get(url).text)
                for client in (visitor, bystander, friend[0]) for url in pages]

    following = seen_by_others()
    stop_following(app, "quiet-river", topic_id)
    assert seen_by_others() == following  # nothing anywhere moves when its author follows it or not
    with app.app_context():
        inbox.follow(User.by_handle("quiet-river"), db.session.get(Topic, topic_id))
        db.session.commit()

    friend[1].reply(topic_id, "I relapsed too. You can start again.")
    assert inbox_link(asker) == "Inbox 1" and "Relapsed after a year" in inbox_page(asker)
    assert inbox_link(bystander) == "Inbox" and inbox_link(friend[0]) == "Inbox"
    assert "quiet-river" not in visitor.get(f"/t/{topic_id}").text
    for page in seen_by_others():
        assert "follower" not in page.lower()


def test_a_hidden_reply_leaves_the_inbox_until_restored_and_a_deleted_one_leaves_it(asker, forum, friend, sign_in_as):
    topic_id = forum.start_topic()
    reply_id = post_id_of(friend[1].reply(topic_id, "Words a moderator will hide."))
    moderator = sign_in_as("a-moderator", "moderator")
    assert inbox_link(asker) == "Inbox 1"

    assert submit(moderator, f"/mod/reports/{reply_id}", {"action": "hide"}).status_code == 302
    assert inbox_link(asker) == "Inbox" and "Nothing here yet" in inbox_page(asker)
    assert "Words a moderator will hide." not in inbox_page(asker)

    assert submit(moderator, f"/mod/reports/{reply_id}", {"action": "restore"}).status_code == 302
    assert inbox_link(asker) == "Inbox 1" and "Words a moderator will hide." in inbox_page(asker)

    assert submit(friend[0], f"/p/{reply_id}/delete").status_code == 302
    assert inbox_link(asker) == "Inbox" and "Nothing here yet" in inbox_page(asker)


def test_reply_to_this_answers_a_member_who_does_not_follow_the_topic(app, asker, forum, friend):
    topic_id = forum.start_topic()
    friend_post = post_id_of(friend[1].reply(topic_id, "Have you tried a meeting?"))
    stop_following(app, "steady-oak", topic_id)

    topic_page = asker.get(f"/t/{topic_id}").text
    assert f'<a href="/t/{topic_id}?reply_to={friend_post}#reply">Reply to this</a>' in topic_page
    form_page = asker.get(f"/t/{topic_id}?reply_to={friend_post}").text
    assert "Replying to steady-oak's post (untick" in form_page
    assert f'name="reply_to" value="{friend_post}" checked' in form_page

    answer_id = post_id_of(answer(asker, topic_id, "Not yet. Is there one online?", friend_post))
    assert inbox_link(friend[0]) == "Inbox 1"
    listed = inbox_page(friend[0])
    assert "quiet-river answered your post" in listed and f'href="/p/{answer_id}"' in listed
    shown = re.search(rf'<article class="post" id="p{answer_id}">.*?</article>', asker.get(f"/t/{topic_id}").text, re.S)
    assert f'In answer to <a href="/p/{friend_post}">an earlier post</a>' in shown.group(0)


def test_unticking_the_answer_sends_a_plain_reply(app, asker, forum, friend):
    topic_id = forum.start_topic()
    friend_post = post_id_of(friend[1].reply(topic_id, "Have you tried a meeting?"))
    stop_following(app, "steady-oak", topic_id)
    assert "Replying to steady-oak" in asker.get(f"/t/{topic_id}?reply_to={friend_post}").text
    reply_id = post_id_of(forum.reply(topic_id, "Thinking about it."))  # the box unticked: no reply_to sent
    assert inbox_link(friend[0]) == "Inbox"
    shown = re.search(rf'<article class="post" id="p{reply_id}">.*?</article>', asker.get(f"/t/{topic_id}").text, re.S)
    assert "Thinking about it." in shown.group(0) and "In answer to" not in shown.group(0)


def test_an_anonymous_posts_author_hears_of_an_answer_and_the_replier_learns_nothing(app, asker, forum, friend):
    topic_id = forum.start_topic()
    secret = post_id_of(friend[1].reply(topic_id, "I hide my name here.", anonymous=True))
    stop_following(app, "steady-oak", topic_id)
    form_page = asker.get(f"/t/{topic_id}?reply_to={secret}").text
    assert re.search(r"Replying to anonymous <span class=\"tag\">#[0-9a-f]{8}</span>'s post \(untick", form_page)
    answer(asker, topic_id, "Thank you for saying so.", secret)
    assert "quiet-river answered your post" in inbox_page(friend[0])
    assert "steady-oak" not in asker.get(f"/t/{topic_id}").text and "steady-oak" not in inbox_page(asker)
    assert "I hide my name here." not in asker.get("/u/steady-oak").text


def test_a_reply_to_from_another_topic_a_hidden_post_or_nonsense_is_ignored(app, asker, forum, friend, sign_in_as):
    topic_id = forum.start_topic()
    elsewhere = friend[1].start_topic(board="families", title="My brother is using again")
    elsewhere_post = friend[1].post_ids(elsewhere)[0]
    hidden = post_id_of(friend[1].reply(topic_id, "Spam, soon hidden."))
    stop_following(app, "steady-oak", topic_id)
    assert submit(sign_in_as("a-moderator", "moderator"), f"/mod/reports/{hidden}", {"action": "hide"}).status_code == 302

    for odd in (elsewhere_post, hidden, "abc", "99999999999", "-1", "0", "١"):
        assert "Replying to" not in asker.get(f"/t/{topic_id}?reply_to={odd}").text
        post_id_of(answer(asker, topic_id, f"A plain reply ({odd}).", odd))
    assert inbox_link(friend[0]) == "Inbox"  # neither answer reached the friend
    assert "In answer to" not in asker.get(f"/t/{topic_id}").text


def test_a_refused_reply_comes_back_still_answering_the_same_post(app, asker, forum, friend):
    topic_id = forum.start_topic()
    friend_post = post_id_of(friend[1].reply(topic_id, "How are you today?"))

    refused = answer(asker, topic_id, "", friend_post)
    assert refused.status_code == 422
    assert f'name="reply_to" value="{friend_post}" checked' in refused.text
    assert "Replying to steady-oak's post (untick" in refused.text

    logged_out = app.test_client()
    carried = logged_out.post(f"/t/{topic_id}/reply", data={"body": "Better today.", "reply_to": str(friend_post)})
    assert carried.status_code == 401
    assert f'name="draft_reply_to" value="{friend_post}"' in carried.text


def test_a_moderators_warning_is_in_the_inbox_and_ive_read_this_marks_it_read(app, asker, forum, sign_in_as):
    post_id = forum.post_ids(forum.start_topic())[0]
    moderator = sign_in_as("a-moderator", "moderator")
    submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": "Please leave out the dealer's name."})
    assert inbox_link(asker) == "Inbox 1"
    listed = inbox_page(asker)
    assert "A message from the moderators" in listed and "Please leave out the dealer&#39;s name." in listed
    with app.app_context():
        notice_id = db.session.scalar(db.select(Notice.id))

    assert submit(asker, f"/account/notices/{notice_id}/seen", {"next": "/inbox"}).status_code == 302
    assert inbox_link(asker) == "Inbox" and ">New<" not in inbox_page(asker)

    submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": "And please be kind."})
    assert "I've read this" in asker.get("/help").text
    submit(asker, "/inbox/read")  # marking all read in the inbox reads the notice at the top of pages too
    assert "I've read this" not in asker.get("/help").text


def test_thirty_one_entries_page_with_newer_and_older(asker, forum, friend, monkeypatch):
    topic_id = forum.start_topic()
    for number in range(31):
        friend[1].reply(topic_id, f"Reply number {number}.")
    first = inbox_page(asker)
    assert first.count('<li class="unread">') == 30
    assert "Reply number 30." in first and "Reply number 0." not in first
    assert '<a rel="next" href="/inbox?page=2">Older →</a>' in first and "Newer" not in first
    second = inbox_page(asker, 2)
    assert second.count('<li class="unread">') == 1 and "Reply number 0." in second
    assert '<a rel="prev" href="/inbox?page=1">← Newer</a>' in second and "Older" not in second
    assert asker.get("/inbox?page=3").status_code == 404
    assert inbox_link(asker) == "Inbox 31"
    monkeypatch.setattr(inbox, "UNREAD_CAP", 30)
    assert inbox_link(asker) == "Inbox 30+"


def test_an_empty_inbox_says_what_will_come_here(asker):
    page = inbox_page(asker)
    assert "Nothing here yet." in page and "Starting a topic or replying in one follows it" in page
    assert "Mark all as read" not in page and asker.get("/inbox?page=2").status_code == 404


def test_the_inbox_is_never_stored_and_visitors_are_asked_to_log_in(app, asker):
    assert asker.get("/inbox").headers["Cache-Control"] == "private, no-store"
    visitor = app.test_client()
    response = visitor.get("/inbox")
    assert response.status_code == 302 and response.location == "/login?next=/inbox"
    assert inbox_link(visitor) is None


def _statements(app, client, url, with_parameters=False) -> list:
    seen = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, parameters, *_):
        seen.append((statement, parameters) if with_parameters else statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_the_header_count_is_one_statement_whatever_the_number_of_entries(app, asker, forum, friend):
    topic_id = forum.start_topic()
    friend[1].reply(topic_id, "One reply.")
    few = _statements(app, asker, "/help")
    for number in range(40):
        friend[1].reply(topic_id, f"Reply {number}.")
    many = _statements(app, asker, "/help")
    assert inbox_link(asker) == "Inbox 41"
    assert len(few) == len(many)
    assert len([s for s in many if "inbox_entries" in s]) == 1
    assert not [s for s in _statements(app, app.test_client(), "/help") if "inbox_entries" in s]


def test_the_header_count_walks_the_index_of_unread_entries_only(app, asker, forum, friend):
    """"No more than one indexed query": SQLite's plan for it reads the member's unread entries by index."""
    topic_id = forum.start_topic()
    friend[1].reply(topic_id, "One reply.")
    [(count, parameters)] = [(s, p) for s, p in _statements(app, asker, "/help", with_parameters=True)
                             if "inbox_entries" in s]
    with app.app_context():
        explained = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + count, tuple(parameters))
        plan = " | ".join(row[-1] for row in explained)
    assert "SEARCH inbox_entries USING INDEX ix_inbox_entries_user_id_read_at_id (user_id=? AND read_at=?)" in plan, plan
    assert "SCAN inbox_entries" not in plan and "SCAN posts" not in plan, plan


def test_replying_does_not_mark_read_the_replies_that_came_while_writing(app, asker, forum, friend):
    """quiet-river reads her topic, starts writing; steady-oak answers meanwhile; her own reply is not news to her,
    but his still is: in her inbox and in the board's "new"."""
    friend_client, friend_forum = friend
    topic_id = forum.start_topic()
    asker.get(f"/t/{topic_id}")
    friend_forum.reply(topic_id, "Sent while you were typing.")
    forum.reply(topic_id, "My own words, no news to me.")
    assert inbox_link(asker) == "Inbox 1"
    assert f'href="/t/{topic_id}/new">1 new<' in asker.get("/b/alcohol").get_data(as_text=True)
    assert "Sent while you were typing." in asker.get(f"/t/{topic_id}/new", follow_redirects=True).get_data(as_text=True)
    assert inbox_link(asker) == "Inbox"


def test_only_a_member_looking_at_a_page_marks_it_read(app, asker, forum, friend):
    """A HEAD request or a browser fetching the next page ahead of time reads nothing."""
    friend_client, friend_forum = friend
    topic_id = forum.start_topic()
    friend_forum.reply(topic_id, "A reply to be read.")
    for headers in ({"Sec-Purpose": "prefetch"}, {"Purpose": "prefetch"}):
        assert asker.get(f"/t/{topic_id}", headers=headers).status_code == 200
    assert asker.head(f"/t/{topic_id}").status_code == 200
    assert inbox_link(asker) == "Inbox 1"
    asker.get(f"/t/{topic_id}")
    assert inbox_link(asker) == "Inbox"


def test_the_page_that_reads_the_replies_already_counts_them_read(app, asker, forum, friend):
    """Landing on the reply, the header on that very page says the inbox is read, not one page later."""
    topic_id = forum.start_topic()
    friend[1].reply(topic_id, "Here for you.")
    assert inbox_link(asker) == "Inbox 1"
    landed = asker.get(f"/t/{topic_id}").get_data(as_text=True)
    assert re.search(r'<a id="inbox-link"[^>]*>Inbox</a>', landed)


def test_a_busy_database_still_shows_the_topic_and_marks_it_read_next_time(app, asker, forum, friend, database_path):
    """Marking read is a small write of its own: while another writer holds the database past the
    busy timeout, the member still gets their page (never a 500), and the next look marks it."""
    topic_id = forum.start_topic()
    friend[1].reply(topic_id, "Here for you.")
    other_writer = sqlite3.connect(database_path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        page = asker.get(f"/t/{topic_id}")
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    assert page.status_code == 200 and "Here for you." in page.get_data(as_text=True)
    assert inbox_link(asker) == "Inbox 1"
    asker.get(f"/t/{topic_id}")
    assert inbox_link(asker) == "Inbox"
