"""An author's own posts: editing and deleting, and nobody else's."""
from tests.helpers import submit


def test_author_edits_a_post_and_it_shows_edited(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(body="first words")
    post_id = forum.post_ids(topic_id)[0]
    form = client.get(f"/p/{post_id}/edit").get_data(as_text=True)
    assert "first words</textarea>" in form
    assert 'value="Day 3 and struggling"' in form  # the opening post can retitle its topic
    response = submit(client, f"/p/{post_id}/edit", {"title": "Day 4 now", "body": "better **words**"})
    assert response.location == f"/t/{topic_id}#p{post_id}"
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "better <strong>words</strong>" in page and "first words" not in page
    assert " · edited" in page and "<h1>Day 4 now</h1>" in page


def test_editing_a_reply_leaves_the_title_alone(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Evening check-in")
    forum.reply(topic_id, "a reply")
    reply_id = forum.post_ids(topic_id)[1]
    assert 'name="title"' not in client.get(f"/p/{reply_id}/edit").get_data(as_text=True)
    submit(client, f"/p/{reply_id}/edit", {"title": "Hijacked title", "body": "an edited reply"})
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "<h1>Evening check-in</h1>" in page and "an edited reply" in page


def test_deleting_the_opening_post_removes_the_title_too(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="My name is Sam from Leeds", body="too much detail")
    forum.reply(topic_id, "a reply that stays")
    submit(client, f"/p/{forum.post_ids(topic_id)[0]}/delete")
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "Sam from Leeds" not in page and "<h1>Topic removed by its author</h1>" in page
    assert "a reply that stays" in page
    assert "Sam from Leeds" not in client.get("/b/alcohol").get_data(as_text=True)


def test_delete_asks_first_then_leaves_a_placeholder(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(body="opening post")
    forum.reply(topic_id, "something I regret saying")
    forum.reply(topic_id, "a reply that quotes it")
    post_id = forum.post_ids(topic_id)[1]
    confirm = client.get(f"/p/{post_id}/delete").get_data(as_text=True)
    assert "Delete your post?" in confirm and "something I regret saying" in confirm
    assert "something I regret saying" in client.get(f"/t/{topic_id}").get_data(as_text=True)
    submit(client, f"/p/{post_id}/delete")
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "something I regret saying" not in page
    assert "Post removed by its author." in page
    assert "a reply that quotes it" in page
    assert forum.post_ids(topic_id) == sorted(forum.post_ids(topic_id)) and len(forum.post_ids(topic_id)) == 3


def test_deleted_post_can_no_longer_be_edited(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]
    submit(client, f"/p/{post_id}/delete")
    response = client.get(f"/p/{post_id}/edit")
    assert response.status_code == 410
    assert "That post can no longer be changed" in response.get_data(as_text=True)
    assert submit(client, f"/p/{post_id}/edit", {"body": "back again"}).status_code == 410


def test_nobody_else_can_edit_or_delete_a_post(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(body="mine")
    post_id = forum.post_ids(topic_id)[0]
    members.logout()
    members.join("steady-oak")
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert f"/p/{post_id}/edit" not in page and f"/p/{post_id}/delete" not in page
    assert client.get(f"/p/{post_id}/edit").status_code == 403
    assert submit(client, f"/p/{post_id}/edit", {"body": "hijacked"}).status_code == 403
    assert submit(client, f"/p/{post_id}/delete").status_code == 403
    assert "mine" in client.get(f"/t/{topic_id}").get_data(as_text=True)
    logged_out = app.test_client()
    assert logged_out.get(f"/p/{post_id}/edit").location.startswith("/login")
    assert logged_out.post(f"/p/{post_id}/delete").location.startswith("/login")


def test_a_post_permalink_finds_its_page(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    for n in range(21):
        forum.reply(topic_id, f"reply {n}")
    last = forum.post_ids(topic_id, page=2)[-1]
    assert client.get(f"/p/{last}").location == f"/t/{topic_id}?page=2#p{last}"
    assert client.get("/p/424242").status_code == 404


def test_editing_an_unknown_post_is_404(client, members):
    members.join("quiet-river")
    assert client.get("/p/424242/edit").status_code == 404


def test_delete_without_a_token_changes_nothing(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(body="still here")
    post_id = forum.post_ids(topic_id)[0]
    response = client.post(f"/p/{post_id}/delete")
    assert response.status_code == 422
    assert "for your safety it wasn&#39;t sent" in response.get_data(as_text=True)
    assert "still here" in client.get(f"/t/{topic_id}").get_data(as_text=True)


def test_profile_shows_recent_posts_under_the_members_name(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Thirty days today")
    forum.reply(topic_id, "thanks everyone")
    members.logout()
    page = client.get("/u/QUIET-RIVER").get_data(as_text=True)
    assert "<h1>quiet-river</h1>" in page
    assert "Member since" in page and "2 posts" in page
    assert page.count(">Thirty days today</a>") == 2
    assert client.get("/u/nobody-at-all").status_code == 404


def test_profile_of_a_quiet_member_has_an_empty_state(client, members):
    members.join("quiet-river")
    assert "No posts under this name yet." in client.get("/u/quiet-river").get_data(as_text=True)
