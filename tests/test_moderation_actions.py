"""What staff may do to a post and its author, what the queue shows of it, and how it is undone."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Post, Topic, User
from forum.models.base import utcnow
from tests.helpers import Forum, Members, submit, without_time_tags

HTMX = {"HX-Request": "true"}
SUPPORT_WORDING = "If this author asked for support now somewhere, they can still reply there and it stays listed"


def _member(app, handle) -> Forum:
    client = app.test_client()
    Members(client).join(handle)
    return Forum(client)


def _reported(app, writer: Forum, board="alcohol", title="A topic", body="Some words.", anonymous=False,
              support_now=False, reason="harassment") -> int:
    """A new topic by this writer, its opening post reported by a passer-by; returns the post's id."""
    topic_id = writer.start_topic(board=board, title=title, body=body, anonymous=anonymous, support_now=support_now)
    post_id = writer.post_ids(topic_id)[0]
    reporter = app.test_client()
    Members(reporter).join(f"reporter-{post_id}")
    assert submit(reporter, f"/p/{post_id}/report", {"reason": reason}).status_code == 302
    return post_id


def _item(client, post_id) -> str:
    """The queue item's markup, as the reports page shows it to this member of staff."""
    page = client.get("/mod/reports").get_data(as_text=True)
    match = re.search(rf'<article class="queue-item[^"]*" id="item-{post_id}">.*?</article>', page, re.S)
    assert match, f"post {post_id} is not in this queue"
    return match.group(0)


def _buttons(markup) -> list[str]:
    return re.findall(r'<button name="action" value="(\w+)"', markup)


def _can_post(app, handle) -> bool:
    with app.app_context():
        return User.by_handle(handle).can_post


def _post_state(app, post_id) -> str:
    with app.app_context():
        return db.session.get(Post, post_id).moderation


def _header_text(page) -> str:
    header = re.search(r"<header>.*?</header>", page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", header).split())


def _without_history(item) -> str:
    """The item less its author-history line (which has rules of its own) and its form token (new each time)."""
    item = re.sub(r'name="csrf_token" value="[^"]+"', "", item)
    return re.sub(r'<p class="meta">Author:.*?</p>', "", item, flags=re.S)


def _asking(page) -> list[str]:
    section = re.search(r'<section aria-labelledby="support-now">(.*?)</section>', page, re.S)
    return re.findall(r'<a href="/t/\d+">([^<]+)</a>', section.group(1)) if section else []


# Item 3: one rank rule for every action.

@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_facilitator_cannot_hide_or_remove_a_higher_ranks_named_post(app, sign_in_as, role):
    senior = Forum(sign_in_as(f"senior-{role}", role))
    post_id = _reported(app, senior, title="Board news", body="Meeting moved to Thursday.")
    facilitator = sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])
    item = _item(facilitator, post_id)
    assert _buttons(item) == [] and "Only someone who outranks this post's author" in item
    for action in ("hide", "delete", "dismiss", "lock", "pin", "warn"):
        response = submit(facilitator, f"/mod/reports/{post_id}", {"action": action, "note": "no"})
        assert response.status_code == 422, action
        assert "only someone of higher rank" in response.get_data(as_text=True) or \
            "nobody here outranks them" in response.get_data(as_text=True)
    assert _post_state(app, post_id) == "visible"
    assert "Meeting moved to Thursday." in app.test_client().get(f"/p/{post_id}", follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Post, post_id).topic.locked
    # The one who outranks them can.
    if role == "moderator":
        admin = sign_in_as("the-admin", "admin")
        assert submit(admin, f"/mod/reports/{post_id}", {"action": "hide"}).status_code == 302
        assert _post_state(app, post_id) == "hidden"


def test_author_buttons_only_for_authors_of_lower_rank(app, sign_in_as):
    moderator = sign_in_as("senior-mod", "moderator")
    mods_post = _reported(app, Forum(moderator), title="From a moderator")
    other_facilitator = sign_in_as("co-lead", "facilitator", boards=["alcohol"])
    facilitators_post = _reported(app, Forum(other_facilitator), title="From a facilitator")
    members_post = _reported(app, _member(app, "plain-member"), title="From a member")
    facilitator = sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])

    for post_id in (mods_post, facilitators_post):  # same rank or higher: nothing offered
        assert not {"warn", "suspend", "ban"} & set(_buttons(_item(facilitator, post_id)))
    assert {"hide", "warn", "suspend", "ban"} <= set(_buttons(_item(facilitator, members_post)))
    # A moderator outranks a facilitator, so is offered everything there.
    assert {"hide", "warn", "suspend", "ban"} <= set(_buttons(_item(moderator, facilitators_post)))


def test_an_admins_anonymous_post_is_moderated_as_a_members(app, sign_in_as):
    admin = sign_in_as("the-admin", "admin")
    admins_post = _reported(app, Forum(admin), title="Struggling too", body="Admins relapse as well.", anonymous=True)
    members_post = _reported(app, _member(app, "plain-member"), title="Me too", body="Same here.", anonymous=True)
    facilitator = sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])

    as_members = _item(facilitator, members_post)
    as_admins = _item(facilitator, admins_post)
    assert _buttons(as_admins) == _buttons(as_members)
    assert {"dismiss", "hide", "delete", "lock", "pin", "warn", "ban", "suspend"} <= set(_buttons(as_admins))
    assert SUPPORT_WORDING in as_admins and "outranks" not in as_admins

    assert submit(facilitator, f"/mod/reports/{admins_post}", {"action": "hide"}).status_code == 302
    assert _post_state(app, admins_post) == "hidden"
    assert submit(facilitator, f"/mod/reports/{admins_post}", {"action": "warn", "note": "Take care."}).status_code == 302
    assert submit(facilitator, f"/mod/reports/{admins_post}", {"action": "suspend", "days": "1"}).status_code == 302
    assert not _can_post(app, "the-admin")


def test_a_facilitators_report_hides_at_once_only_a_post_they_outrank(app, sign_in_as):
    moderator = Forum(sign_in_as("senior-mod", "moderator"))
    mods_topic = moderator.start_topic(title="From a moderator")
    members_topic = _member(app, "plain-member").start_topic(title="From a member")
    facilitator = sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])
    for topic_id in (mods_topic, members_topic):
        post_id = moderator.post_ids(topic_id)[0]
        assert submit(facilitator, f"/p/{post_id}/report", {"reason": "spam"}).status_code == 302
    assert _post_state(app, moderator.post_ids(mods_topic)[0]) == "visible"  # an ordinary report: it waits
    assert _post_state(app, moderator.post_ids(members_topic)[0]) == "pending"


# Item 9: suspended, and still able to answer the people answering them.

def test_a_suspended_author_can_still_reply_where_they_asked_for_support(app, sign_in_as):
    night = _member(app, "night-owl")
    crisis = night.start_topic(board="opioids", title="I can't do this anymore", body="Please, anyone.",
                               anonymous=True, support_now=True)
    spam = _reported(app, night, board="alcohol", title="Cheap pills", body="Message me.", anonymous=True,
                     reason="spam")
    friend = _member(app, "steady-friend")
    friend.reply(crisis, "I'm here. Talk to me.")
    elsewhere = friend.start_topic(title="Day 30")

    moderator = sign_in_as("night-moderator", "moderator")
    assert SUPPORT_WORDING in _item(moderator, spam)  # said before the suspension takes effect
    assert submit(moderator, f"/mod/reports/{spam}", {"action": "suspend", "days": "3"}).status_code == 302

    assert _asking(app.test_client().get("/").get_data(as_text=True)) == ["I can&#39;t do this anymore"]
    page = night.client.get(f"/t/{crisis}").get_data(as_text=True)
    assert 'id="reply"' in page and "you can still reply in this topic" in page
    assert night.reply(crisis, "Thank you. Still here.").status_code == 302
    assert night.reply(crisis, "And with htmx.", headers=HTMX).status_code == 200
    assert "Still here." in app.test_client().get(f"/t/{crisis}").get_data(as_text=True)
    # ...and nowhere else.
    refused = night.reply(elsewhere, "Congratulations!")
    assert refused.status_code == 403 and "Congratulations!</textarea>" in refused.get_data(as_text=True)
    assert 'id="reply"' not in night.client.get(f"/t/{elsewhere}").get_data(as_text=True)
    assert submit(night.client, "/b/alcohol/new", {"title": "More", "body": "pills"}).status_code == 403


def test_a_suspended_askers_replies_in_their_anonymous_call_stay_anonymous(app, sign_in_as):
    """The public log says who was suspended; a named reply from them in an anonymous call for
    support, where only its opener may still reply, would say who opened it."""
    night = _member(app, "night-owl")
    crisis = night.start_topic(board="opioids", title="Scared tonight", anonymous=True, support_now=True)
    named = _reported(app, night, board="alcohol", title="Selling my old stuff", body="DM me.", reason="spam")
    moderator = sign_in_as("night-moderator", "moderator")
    assert submit(moderator, f"/mod/reports/{named}", {"action": "suspend", "days": "3"}).status_code == 302

    page = night.client.get(f"/t/{crisis}").get_data(as_text=True)
    assert "Your replies here are anonymous, like your topic." in page
    assert night.reply(crisis, "Thank you all.").status_code == 302  # "anonymous" left unticked
    assert night.reply(crisis, "And from my phone.", headers=HTMX).status_code == 200
    thread = app.test_client().get(f"/t/{crisis}").get_data(as_text=True)
    assert "Thank you all." in thread and "And from my phone." in thread
    assert "night-owl" not in thread


def test_shutting_out_ends_only_a_call_for_support_linked_to_the_post(app, sign_in_as):
    night = _member(app, "night-owl")
    crisis = night.start_topic(board="opioids", title="Rough night", anonymous=True, support_now=True)
    spam = _reported(app, night, title="Cheap pills", anonymous=True, reason="spam")
    moderator = sign_in_as("night-moderator", "moderator")

    # Through an anonymous post elsewhere: the crisis topic is not publicly theirs, so it stays.
    assert submit(moderator, f"/mod/reports/{spam}", {"action": "suspend", "days": "3", "shut_out": "y"}).status_code == 302
    assert _asking(app.test_client().get("/").get_data(as_text=True)) == ["Rough night"]
    assert night.reply(crisis, "still here").status_code == 302

    # Through the crisis topic's own post: that call ends, and with it the replies there.
    crisis_post = night.post_ids(crisis)[0]
    reporter = app.test_client()
    Members(reporter).join("worried")
    submit(reporter, f"/p/{crisis_post}/report", {"reason": "spam"})
    submit(moderator, f"/mod/reports/{crisis_post}",
           {"action": "ban", "note": "Selling again.", "confirm": "yes", "shut_out": "y"})
    assert _asking(app.test_client().get("/").get_data(as_text=True)) == []
    assert night.reply(crisis, "please").status_code == 403


def test_shutting_out_through_a_named_post_ends_named_calls_only(app, sign_in_as):
    member = _member(app, "river")
    named_call = member.start_topic(title="Need someone tonight", support_now=True)
    anonymous_call = member.start_topic(board="opioids", title="Scared", anonymous=True)
    with app.app_context():  # an earlier call, from before the one-at-a-time rule
        db.session.get(Topic, anonymous_call).support_requested_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    named_post = _reported(app, member, board="families", title="Rude reply", reason="harassment")
    moderator = sign_in_as("night-moderator", "moderator")
    submit(moderator, f"/mod/reports/{named_post}", {"action": "suspend", "days": "2", "shut_out": "y"})
    # The named call ends; the anonymous one, which nothing public links to this post, stays.
    assert _asking(app.test_client().get("/").get_data(as_text=True)) == ["Scared"]
    assert member.reply(named_call, "anyone?").status_code == 403
    assert member.reply(anonymous_call, "still scared").status_code == 302


# Item 10: a ban is confirmed, explained, shown on the item and undone there.

def test_a_ban_asks_for_confirmation_and_a_note_without_javascript(app, sign_in_as):
    writer = _member(app, "pill-seller")
    post_id = _reported(app, writer, title="Cheap pills", anonymous=True, reason="dealing")
    moderator = sign_in_as("night-moderator", "moderator")

    first = submit(moderator, f"/mod/reports/{post_id}", {"action": "ban", "next": "/mod/reports?reason=dealing"})
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "Ban the author of this post?" in page
    assert SUPPORT_WORDING in page and 'name="shut_out"' in page
    assert '<input type="hidden" name="confirm" value="yes">' in page
    assert _can_post(app, "pill-seller")

    no_note = submit(moderator, f"/mod/reports/{post_id}", {"action": "ban", "confirm": "yes", "shut_out": "y"})
    assert no_note.status_code == 422 and "Please write why" in no_note.get_data(as_text=True)
    assert re.search(r'<input checked id="shut-out-\d+" name="shut_out"', no_note.get_data(as_text=True))  # kept
    assert _can_post(app, "pill-seller")

    done = submit(moderator, f"/mod/reports/{post_id}", {
        "action": "ban", "confirm": "yes", "note": "Selling pills is not allowed here.",
        "next": "/mod/reports?reason=dealing",
    })
    assert done.status_code == 302 and done.location == "/mod/reports?reason=dealing"
    assert "Done: you banned the author." in moderator.get(done.location).get_data(as_text=True)
    assert not _can_post(app, "pill-seller")


def test_a_ban_with_htmx_confirms_in_place_then_offers_lift(app, sign_in_as):
    post_id = _reported(app, _member(app, "pill-seller"), title="Cheap pills", anonymous=True, reason="dealing")
    moderator = sign_in_as("night-moderator", "moderator")
    confirm = submit(moderator, f"/mod/reports/{post_id}", {"action": "ban"}, headers=HTMX)
    fragment = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and fragment.startswith(f'<article class="queue-item" id="item-{post_id}">')
    assert "Ban the author of this post?" in fragment and "<html" not in fragment
    assert f'data-hx-get="/mod/reports/{post_id}"' in fragment  # Cancel brings the item back
    assert moderator.get(f"/mod/reports/{post_id}", headers=HTMX).get_data(as_text=True).startswith("<article")

    banned = submit(moderator, f"/mod/reports/{post_id}",
                    {"action": "ban", "confirm": "yes", "note": "Dealing."}, headers=HTMX)
    item = banned.get_data(as_text=True)
    assert banned.status_code == 200 and "Done: you banned the author." in item and "Banned from here" in item
    assert "ban" not in _buttons(item) and "suspend" not in _buttons(item) and "lift" in _buttons(item)


def test_lift_on_the_item_ends_what_was_done_from_it(app, sign_in_as):
    post_id = _reported(app, _member(app, "pill-seller"), title="Cheap pills", anonymous=True, reason="dealing")
    moderator = sign_in_as("night-moderator", "moderator")
    assert "lift" not in _buttons(_item(moderator, post_id))
    submit(moderator, f"/mod/reports/{post_id}", {"action": "suspend", "days": "5", "note": "Cool off."})
    item = without_time_tags(moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True))
    until = utcnow() + timedelta(days=5)
    assert f"Suspended from here until {until:%b} {until.day}, {until:%Y}" in item and "lift" in _buttons(item)
    assert not _can_post(app, "pill-seller")

    lifted = submit(moderator, f"/mod/reports/{post_id}", {"action": "lift", "note": "Appeal heard."},
                    follow_redirects=True)
    assert "Done: you lifted a suspension or ban." in lifted.get_data(as_text=True)
    assert _can_post(app, "pill-seller")
    item = moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True)
    assert "Suspended from here" not in item and "lift" not in _buttons(item)
    staff_log = moderator.get("/mod/log").get_data(as_text=True)
    assert "A moderator lifted a suspension or ban" in staff_log and "night-moderator (moderator) lifted" not in staff_log
    assert "pill-seller" not in staff_log
    assert "lifted" not in app.test_client().get("/mod/log").get_data(as_text=True)
    again = submit(moderator, f"/mod/reports/{post_id}", {"action": "lift"})
    assert again.status_code == 422 and "no suspension or ban from this post to lift" in again.get_data(as_text=True)


def test_an_anonymous_items_state_ignores_what_was_done_to_its_author_elsewhere(app, sign_in_as):
    writer = _member(app, "two-faced")
    named = _reported(app, writer, title="Signed rant", reason="harassment")
    anonymous = _reported(app, writer, board="families", title="Unsigned rant", anonymous=True, reason="harassment")
    moderator = sign_in_as("night-moderator", "moderator")
    before = _item(moderator, anonymous)

    submit(moderator, f"/mod/reports/{named}", {"action": "ban", "confirm": "yes", "note": "Enough."})
    submit(moderator, f"/mod/reports/{named}", {"action": "warn", "note": "And a warning."})
    assert "Banned from here" in _item(moderator, named) and "Warned from here" in _item(moderator, named)
    after = _item(moderator, anonymous)
    # Nothing on the anonymous item says "you just banned this one".
    assert _without_history(after) == _without_history(before)
    assert {"ban", "suspend"} <= set(_buttons(after)) and "lift" not in _buttons(after)

    # Suspended through the anonymous post too, then lifted there: the named ban still stands.
    submit(moderator, f"/mod/reports/{anonymous}", {"action": "suspend", "days": "2"})
    submit(moderator, f"/mod/reports/{anonymous}", {"action": "lift"})
    assert not _can_post(app, "two-faced")
    assert "Banned from here" in _item(moderator, named)
    submit(moderator, f"/mod/reports/{named}", {"action": "lift"})
    assert _can_post(app, "two-faced")


def test_forum_lift_takes_a_post(app, sign_in_as, runner):
    post_id = _reported(app, _member(app, "pill-seller"), title="Cheap pills", anonymous=True, reason="dealing")
    moderator = sign_in_as("night-moderator", "moderator")
    submit(moderator, f"/mod/reports/{post_id}", {"action": "ban", "confirm": "yes", "note": "Dealing."})
    result = runner.invoke(args=["forum", "lift", "--post", str(post_id), "--note", "appeal accepted"])
    assert result.exit_code == 0 and f"post {post_id}" in result.output and "pill-seller" not in result.output
    assert _can_post(app, "pill-seller")
    assert "Banned from here" not in _item(moderator, post_id)

    submit(moderator, f"/mod/reports/{post_id}", {"action": "suspend", "days": "4"})
    assert runner.invoke(args=["forum", "lift", f"post:{post_id}"]).exit_code == 0
    assert _can_post(app, "pill-seller")
    nothing = runner.invoke(args=["forum", "lift", "--post", str(post_id)])
    assert nothing.exit_code != 0 and "no suspension or ban from this post to lift" in nothing.output
    for wrong in (["lift", "post:abc"], ["lift", "--post", "99999"], ["lift"], ["lift", "pill-seller", "--post", "1"]):
        outcome = runner.invoke(args=["forum", *wrong])
        assert outcome.exit_code != 0 and "Traceback" not in outcome.output, wrong


def test_a_banned_member_is_told_why_and_how_to_appeal(app, sign_in_as):
    writer = _member(app, "pill-seller")
    post_id = _reported(app, writer, title="Cheap pills", anonymous=True, reason="dealing")
    moderator = sign_in_as("night-moderator", "moderator")
    submit(moderator, f"/mod/reports/{post_id}",
           {"action": "ban", "confirm": "yes", "note": "Selling pills is not allowed here."})
    page = writer.client.get("/b/alcohol/new").get_data(as_text=True)
    assert "Your account can no longer post." in page
    assert "Selling pills is not allowed here." in page
    assert "please ask the person who runs this forum" in page
    topic = writer.client.get(f"/p/{post_id}", follow_redirects=True).get_data(as_text=True)
    assert "Selling pills is not allowed here." in topic

    app.config["FORUM_APPEAL_CONTACT"] = "https://example.org/appeals"
    page = writer.client.get("/b/alcohol/new").get_data(as_text=True)
    assert '<a href="https://example.org/appeals">https://example.org/appeals</a>' in page
    app.config["FORUM_APPEAL_CONTACT"] = "write to appeals@example.org"
    assert "write to appeals@example.org." in writer.client.get("/b/alcohol/new").get_data(as_text=True)
    # Nobody else reads the moderator's words.
    assert "Selling pills" not in app.test_client().get("/mod/log").get_data(as_text=True)


def test_the_appeal_contact_comes_from_the_environment(tmp_path, monkeypatch):
    from forum import config

    monkeypatch.delenv("FORUM_APPEAL_CONTACT", raising=False)
    assert config.from_environment(str(tmp_path))["FORUM_APPEAL_CONTACT"] == ""
    monkeypatch.setenv("FORUM_APPEAL_CONTACT", " appeals@example.org ")
    assert config.from_environment(str(tmp_path))["FORUM_APPEAL_CONTACT"] == "appeals@example.org"


# Item 19: feedback on the queue.

def test_every_queue_action_without_javascript_says_what_it_did(app, sign_in_as):
    post_id = _reported(app, _member(app, "plain-member"), title="Odd post", reason="spam")
    moderator = sign_in_as("night-moderator", "moderator")
    steps = [
        ({"action": "hide"}, "Done: you hid the post."),
        ({"action": "restore"}, "Done: you restored the post."),
        ({"action": "lock"}, "Done: you locked the topic."),
        ({"action": "unlock"}, "Done: you unlocked the topic."),
        ({"action": "pin"}, "Done: you pinned the topic."),
        ({"action": "unpin"}, "Done: you unpinned the topic."),
        ({"action": "warn", "note": "Please be kind."}, "Done: you warned the author."),
        ({"action": "suspend", "days": "1"}, "Done: you suspended the author."),
        ({"action": "lift"}, "Done: you lifted a suspension or ban."),
        ({"action": "ban", "confirm": "yes", "note": "Spam again."}, "Done: you banned the author."),
        ({"action": "delete"}, "Done: you removed the post."),
        ({"action": "dismiss"}, "Done: you kept the post."),
    ]
    for data, words in steps:
        response = submit(moderator, f"/mod/reports/{post_id}", {**data, "next": "/mod/reports?status=resolved"},
                          follow_redirects=True)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "<h1>Reports</h1>" in page, data
        assert words in page, data
        assert words not in moderator.get("/mod/reports").get_data(as_text=True)  # said once


def test_an_item_shows_that_a_warning_was_sent_from_it(app, sign_in_as):
    post_id = _reported(app, _member(app, "plain-member"), title="Odd post", reason="spam")
    moderator = sign_in_as("night-moderator", "moderator")
    assert "Warned from here" not in _item(moderator, post_id)
    submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": "Please be kind."})
    assert "Warned from here just now" in without_time_tags(_item(moderator, post_id))
    assert "Warned from here" in moderator.get(f"/mod/reports/{post_id}", headers=HTMX).get_data(as_text=True)


def test_the_reports_link_counts_what_each_member_of_staff_may_see(app, sign_in_as):
    writer = _member(app, "plain-member")
    alcohol = [_reported(app, writer, board="alcohol", title=f"Alcohol {n}") for n in range(2)]
    _reported(app, writer, board="families", title="Families one")
    moderator = sign_in_as("night-moderator", "moderator")
    lead = sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])
    assert "Reports 3" in _header_text(moderator.get("/").get_data(as_text=True))
    assert "Reports 2" in _header_text(lead.get("/").get_data(as_text=True))
    assert "Reports" not in _header_text(writer.client.get("/").get_data(as_text=True))

    fragment = submit(lead, f"/mod/reports/{alcohol[0]}", {"action": "dismiss"}, headers=HTMX).get_data(as_text=True)
    assert '<span id="open-reports" data-hx-swap-oob="true"> 1</span>' in fragment  # the header follows along
    submit(lead, f"/mod/reports/{alcohol[1]}", {"action": "hide"})
    header = _header_text(lead.get("/").get_data(as_text=True))
    assert "Reports" in header and not re.search(r"Reports \d", header)
    assert "Reports 1" in _header_text(moderator.get("/").get_data(as_text=True))


def _statements(app, client, url) -> int:
    with app.app_context():
        engine = db.engine
    count = []

    def counted(*_args):
        count.append(1)

    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return len(count)


def test_the_reports_count_costs_one_query(app, sign_in_as):
    writer = _member(app, "plain-member")
    _reported(app, writer, title="One")
    facilitator = sign_in_as("lead-alcohol", "facilitator", boards=["alcohol"])
    regular = _member(app, "regular").client
    assert _statements(app, facilitator, "/help") == _statements(app, regular, "/help") + 1


def test_each_rank_refusal_names_the_roles_that_outrank_its_author(app):
    """The sentences are whole, for translating, so they spell the ranks: they must agree with forum.permissions."""
    from forum.services.moderation import RANK_REFUSALS
    from forum.vocabulary import Role

    with app.test_request_context():
        for role, sentence in RANK_REFUSALS.items():
            above = [other for other in Role if other.rank > role.rank]
            assert all(str(other.someone) in str(sentence) for other in above), role
            assert str(role.someone) in str(sentence), role
