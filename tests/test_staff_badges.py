"""Staff are marked on their named posts and profiles, with their role and a facilitator's boards.

An anonymous post shows no badge, whoever wrote it: a badge there would
say who wrote it.
"""
import re

from sqlalchemy import event

from forum.extensions import db
from tests.helpers import Forum


def _byline(page: str, post_id: int) -> str:
    return re.search(rf'<article class="post" id="p{post_id}">\s*<p class="byline">(.*?)</p>', page, re.S).group(1)


def test_named_posts_by_staff_carry_their_role_and_boards(app, client, members, forum, sign_in_as):
    members.join("quiet-river")
    topic_id = forum.start_topic(board="alcohol", title="Day 3")
    lead = sign_in_as("peer-lead", "facilitator", boards=["alcohol", "families"])
    moderator = sign_in_as("watchful-mod", "moderator")
    admin = sign_in_as("porchlight-admin", "admin")
    for staff in (lead, moderator, admin):
        assert Forum(staff).reply(topic_id, "Glad you're here.").status_code == 302
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    opener, by_lead, by_moderator, by_admin = (_byline(page, post_id) for post_id in forum.post_ids(topic_id))
    assert "badge" not in opener
    assert '<strong class="badge">Facilitator · Alcohol, Families</strong>' in by_lead
    assert '<strong class="badge">Moderator</strong>' in by_moderator
    assert '<strong class="badge">Admin</strong>' in by_admin


def test_an_anonymous_post_by_staff_shows_no_badge(app, client, members, forum, sign_in_as):
    members.join("quiet-river")
    topic_id = forum.start_topic(board="alcohol")
    for handle, role, boards in (("peer-lead", "facilitator", ["alcohol"]), ("watchful-mod", "moderator", [])):
        staff = sign_in_as(handle, role, boards=boards)
        Forum(staff).reply(topic_id, "Me too, some days.", anonymous=True)
        fragment = Forum(staff).reply(topic_id, "And tonight.", anonymous=True, headers={"HX-Request": "true"})
        assert fragment.status_code == 200 and "badge" not in fragment.get_data(as_text=True)
    for reader in (app.test_client(), client, sign_in_as("watchful-mod", "moderator")):
        page = reader.get(f"/t/{topic_id}").get_data(as_text=True)
        assert "badge" not in page and "Facilitator" not in page and "Moderator" not in page


def test_a_staff_members_reply_sent_with_htmx_carries_the_badge(sign_in_as, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(board="alcohol")
    lead = sign_in_as("peer-lead", "facilitator", boards=["alcohol"])
    fragment = Forum(lead).reply(topic_id, "Welcome.", headers={"HX-Request": "true"})
    assert '<strong class="badge">Facilitator · Alcohol</strong>' in fragment.get_data(as_text=True)


def test_staff_profiles_show_the_badge_and_members_profiles_do_not(app, members, sign_in_as):
    sign_in_as("peer-lead", "facilitator", boards=["opioids"])
    sign_in_as("watchful-mod", "moderator")
    members.join("quiet-river")
    visitor = app.test_client()
    assert '<strong class="badge">Facilitator · Opioids</strong>' in visitor.get("/u/peer-lead").get_data(as_text=True)
    assert '<strong class="badge">Moderator</strong>' in visitor.get("/u/watchful-mod").get_data(as_text=True)
    assert "badge" not in visitor.get("/u/quiet-river").get_data(as_text=True)


def _queries(app, client, url) -> int:
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_badges_cost_no_query_per_post(app, members, forum, sign_in_as):
    members.join("quiet-river")
    one_lead, many_leads = forum.start_topic(board="alcohol"), forum.start_topic(board="alcohol")
    Forum(sign_in_as("lead-one", "facilitator", boards=["alcohol"])).reply(one_lead, "Welcome.")
    for number, boards in enumerate((["alcohol"], ["families"], ["opioids", "alcohol"], ["families"])):
        Forum(sign_in_as(f"lead-{number}", "facilitator", boards=boards)).reply(many_leads, "Welcome.")
    Forum(sign_in_as("watchful-mod", "moderator")).reply(many_leads, "Welcome.")
    visitor = app.test_client()
    assert _queries(app, visitor, f"/t/{one_lead}") == _queries(app, visitor, f"/t/{many_leads}")
