"""Real people in a real browser: the main journeys, with JavaScript off and on.

Each journey runs twice. With JavaScript off every step is a plain link or
form and a full page; with it on, replying and reporting happen in place,
without a page load (a marker set on the page survives them).
"""
import re

import pytest

from tests.helpers import STAFF_PASSWORD, Forum, Members, needs_browser

pytestmark = pytest.mark.browser

needs_browser()
from playwright.sync_api import expect  # noqa: E402  (after the check, which may skip)

PASSWORD = "a long enough passphrase"


@pytest.fixture(params=[False, True], ids=["javascript-off", "javascript-on"])
def browse(request, live_forum, browser):
    """New people, each in their own browser context (cookies), with JavaScript on or off."""

    def person(**options):
        # Playwright's own 30-second wait: a busy CI machine can be slow to answer.
        return browser.new_context(java_script_enabled=request.param, **options).new_page()

    return person, live_forum, request.param


def join(page, base, handle):
    page.goto(base + "/register")
    page.fill("#handle", handle)
    page.fill("#password", PASSWORD)
    page.fill("#password_confirm", PASSWORD)
    page.click("form button:has-text('Join')")
    expect(page.locator("h1")).to_have_text("Save your recovery codes")
    assert page.locator("ul.codes li").count() == 8


def start_topic(page, base, board, title, body, anonymous=False):
    page.goto(f"{base}/b/{board}/new")
    page.fill("#title", title)
    page.fill("#body", body)
    if anonymous:
        page.check("#anonymous")
    page.click("form button:has-text('Post topic')")
    page.wait_for_url(re.compile(r"/t/\d+$"))  # loaded, scripts and all, before the story goes on


def log_in(page, base, handle, password=PASSWORD):
    page.goto(base + "/login")
    page.fill("#handle", handle)
    page.fill("#password", password)
    page.click("form button:has-text('Log in')")



def still_same_page(page) -> bool:
    return page.evaluate("() => window.stillHere === true")


def test_a_newcomer_joins_posts_and_a_second_member_replies_anonymously(browse):
    person, base, javascript = browse
    newcomer = person()
    join(newcomer, base, "new-here")
    newcomer.click("text=I've saved them, take me to the boards")
    newcomer.click("a[href='/b/alcohol']")
    newcomer.click("text=Start a topic")
    newcomer.fill("#title", "First week sober")
    newcomer.fill("#body", "Day 6. The evenings are hard.")
    newcomer.click("form button:has-text('Post topic')")
    expect(newcomer.locator("h1")).to_have_text("First week sober")
    topic_url = newcomer.url

    friend = person()
    join(friend, base, "been-there")
    friend.goto(topic_url)
    if javascript:
        friend.evaluate("window.stillHere = true")
    friend.fill("#body", "It gets easier. Evening walks helped me.")
    friend.check("#anonymous")
    friend.click("form#reply button:has-text('Post reply')")
    expect(friend.locator("article.post")).to_have_count(2)
    reply = friend.locator("article.post").nth(1)
    expect(reply).to_contain_text("Evening walks helped me.")
    expect(reply).to_contain_text("Anonymous")
    expect(reply).not_to_contain_text("been-there")
    if javascript:
        assert still_same_page(friend), "the reply should appear without a page load"
        expect(friend.locator("#body")).to_have_value("")

    # The newcomer edits, then deletes, their own opening post.
    newcomer.goto(topic_url)
    newcomer.locator("article.post").first.locator("text=Edit").click()
    newcomer.fill("#body", "Day 6. The evenings are hard, but I'm here.")
    newcomer.click("form button:has-text('Save changes')")
    expect(newcomer.locator("article.post").first).to_contain_text("but I'm here")
    expect(newcomer.locator("article.post").first).to_contain_text("edited")
    newcomer.locator("article.post").first.locator("text=Delete").click()
    newcomer.click("form button:has-text('Delete this post')")
    expect(newcomer.locator("article.post").first).to_contain_text("Post removed by its author.")
    expect(newcomer.locator("article.post").nth(1)).to_contain_text("Evening walks helped me.")


def test_a_reader_searches_from_a_topic_page_and_lands_on_the_post(browse, app):
    """The header's search box on a topic page, a result, and the post it found, far down another topic."""
    person, base, javascript = browse
    writer = app.test_client()
    Members(writer).join("harbor-light")
    asked = Forum(writer).start_topic(title="Carrying naloxone", body="How do you bring it up with friends?")
    for n in range(24):
        Forum(writer).reply(asked, f"Reply {n}: keep talking.")
    Forum(writer).reply(asked, "I keep a naloxone kit in the glove box, and told my sister where.", anonymous=True)
    found_post = Forum(writer).post_ids(asked, page=2)[-1]
    elsewhere = Forum(writer).start_topic(board="families", title="Evenings", body="A quiet evening at home.")

    reader = person()
    reader.goto(f"{base}/t/{elsewhere}")
    reader.fill("header input[name=q]", "Naloxone glove")
    reader.press("header input[name=q]", "Enter")
    expect(reader.locator("h2")).to_have_text("Posts with “Naloxone glove”")
    result = reader.locator("ol.results li")
    expect(result).to_have_count(1)
    expect(result.locator("mark")).to_have_text(["naloxone", "naloxone", "glove"])  # the title, then the post
    expect(result).to_contain_text("Anonymous")
    expect(result).not_to_contain_text("harbor-light")
    result.locator("a").first.click()
    assert reader.url.endswith(f"/t/{asked}?page=2#p{found_post}"), reader.url
    expect(reader.locator(f"#p{found_post}")).to_be_in_viewport()
    expect(reader.locator(f"#p{found_post}")).to_contain_text("glove box")

    # The search page's own form: newest first, in place when JavaScript is on.
    reader.goto(f"{base}/search?q=naloxone")
    if javascript:
        reader.evaluate("window.stillHere = true")
    reader.check("input[name=sort][value=new]")
    reader.click("form.find button:has-text('Search')")
    expect(reader.locator("ol.results li").first.locator("a").first).to_have_attribute("href", f"/p/{found_post}")
    assert reader.url.endswith("/search?q=naloxone&b=&sort=new"), reader.url
    if javascript:
        assert still_same_page(reader), "the results should change without a page load"


def test_a_crisis_report_reaches_a_moderator_who_acts_on_the_anonymous_author(browse, sign_in_as):
    person, base, javascript = browse
    sign_in_as("night-moderator", "moderator")  # made by the admin's command line

    author = person()
    join(author, base, "struggling-one")
    start_topic(author, base, "opioids", "I don't know if I can keep going", "Tonight feels like too much.",
                anonymous=True)
    topic_url = author.url
    author.fill("#body", "Selling my spare pills if anyone needs them.")
    author.click("form#reply button:has-text('Post reply')")
    expect(author.locator("article.post")).to_have_count(2)

    worried = person()
    join(worried, base, "worried-friend")
    worried.goto(topic_url)
    if javascript:
        worried.evaluate("window.stillHere = true")
    worried.locator("article.post").first.locator("text=Report").click()
    worried.check("input[value='crisis']")
    worried.click("form.report button:has-text('Send report')")
    if javascript:
        expect(worried.locator("article.post").first).to_contain_text("Reported, thank you.")
        expect(worried.locator("article.post").first).to_contain_text("988")
        assert still_same_page(worried), "reporting should happen without a page load"
    else:
        expect(worried.locator("h1")).to_have_text("Need help now?")
        expect(worried.locator("body")).to_contain_text("Moderators see reports about someone at risk first.")

    # A second report, about the reply: someone offering pills.
    worried.goto(topic_url)
    worried.locator("article.post").nth(1).locator("text=Report").click()
    worried.check("input[value='dealing']")
    worried.click("form.report button:has-text('Send report')")
    expect(worried.locator("main")).to_contain_text("Thank you" if not javascript else "Reported, thank you.")

    moderator = person()
    log_in(moderator, base, "night-moderator", STAFF_PASSWORD)
    moderator.click("header >> text=Reports")
    item = moderator.locator("article.queue-item").first
    expect(item).to_contain_text("Someone may be at risk")
    expect(item).to_contain_text("Author: anonymous")
    expect(moderator.locator("main")).not_to_contain_text("struggling-one")
    if javascript:
        moderator.evaluate("window.stillHere = true")

    def act(item_text, action, done, **fields):
        item = moderator.locator("article.queue-item", has_text=item_text)
        for name, value in fields.items():
            item.locator(f"[name='{name}']").fill(value)
        item.locator(f"button[value='{action}']").click()
        if javascript:  # the item updates in place
            expect(moderator.locator("article.queue-item", has_text=item_text)).to_contain_text(f"Done: you {done}.")
            assert still_same_page(moderator)
        else:  # the queue reloads where the moderator was
            expect(moderator.locator("h1")).to_have_text("Reports")

    crisis, pills = "Tonight feels like too much.", "Selling my spare pills"
    expect(moderator.locator("article.queue-item").first).to_contain_text(crisis)  # crisis comes first
    act(crisis, "warn", "warned the author", note="Please reach out: the help lines are at the top of every page.")
    act(pills, "suspend", "suspended the author", days="1")
    act(pills, "hide", "hid the post")
    act(crisis, "dismiss", "kept the post")
    moderator.goto(base + "/mod/log")
    log = moderator.locator("main")
    for words in ("warned the author", "hid the post", "suspended the author", "kept the post"):
        expect(log).to_contain_text(words)
    expect(log).not_to_contain_text("struggling-one")

    # The suspended member reads a kind explanation, and the moderators' words.
    author.goto(topic_url)
    expect(author.locator("main")).to_contain_text("Hidden by a moderator.")
    expect(author.locator("main")).to_contain_text("You can't post until")
    expect(author.locator("main")).to_contain_text("Please reach out")
    assert author.locator("form#reply").count() == 0
    author.goto(base + "/b/opioids/new")
    expect(author.locator("h1")).to_have_text("You can't post right now")
    assert re.search(r"help is here", author.locator("main").inner_text())


@pytest.mark.parametrize("browse", [True], ids=["javascript-on"], indirect=True)
def test_a_reply_sent_without_signal_is_kept_until_it_can_go(browse):
    """On a bus with patchy signal: a failed send says so and keeps the words; the next try goes through."""
    person, base, _ = browse
    member = person()
    join(member, base, "patchy-signal")
    start_topic(member, base, "families", "Visiting my dad in rehab", "First visit this weekend.")
    member.evaluate("window.stillHere = true")
    words = "Writing this on the bus, it went better than I feared."
    member.fill("#body", words)

    member.context.set_offline(True)
    member.click("form#reply button:has-text('Post reply')")
    expect(member.locator("form#reply")).to_contain_text("Couldn't reach Porchlight. Your words are still here")
    expect(member.locator("#body")).to_have_value(words)
    member.context.set_offline(False)

    member.route("**/t/*/reply", lambda route: route.fulfill(status=502, body="Bad gateway"))
    member.click("form#reply button:has-text('Post reply')")
    expect(member.locator("form#reply")).to_contain_text("Something went wrong on our side")
    expect(member.locator("#body")).to_have_value(words)
    member.unroute("**/t/*/reply")

    member.click("form#reply button:has-text('Post reply')")
    expect(member.locator("article.post")).to_have_count(2)
    expect(member.locator("article.post").nth(1)).to_contain_text("it went better than I feared")
    expect(member.locator("main")).not_to_contain_text("went wrong")
    assert still_same_page(member), "the words should go without a page load"


PHONE = {"width": 320, "height": 568}


def in_view(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1  # rounding


@pytest.mark.parametrize("browse", [True], ids=["javascript-on"], indirect=True)
def test_on_a_phone_a_reply_survives_no_signal_no_answer_and_a_reload(browse, app):
    """At 320 px, far down a long topic: offline, then a request that never answers, then a reload.

    Each time the words are still in the box, and the notice is beside the
    form, in view, and has the focus; the next send goes through once.
    """
    from forum.extensions import db
    from forum.models import Topic, User
    from forum.services import posting

    person, base, _ = browse
    member = person(viewport=PHONE)
    join(member, base, "night-bus")
    start_topic(member, base, "alcohol", "Long night", "Talk to me, anyone.")
    topic_url = member.url
    with app.app_context():  # a busy thread: the reply box is far below the top of the page
        topic, writer = db.session.get(Topic, int(topic_url.rsplit("/", 1)[1])), User.by_handle("night-bus")
        for n in range(12):
            posting.create_reply(topic, writer, f"Still awake, hour {n}. " + "Thinking it through. " * 25, False)
        db.session.commit()
    member.goto(topic_url)
    reply, box, button = member.locator("form#reply"), member.locator("#body"), member.locator("form#reply button")
    assert member.evaluate("htmx.config.timeout") == 30_000  # a request that never answers ends

    box.fill("   ")  # sent with only spaces first: the forum asks for words
    button.click()
    expect(reply).to_contain_text("Please write something first.")
    words = "I made it through the last one. Writing this on the night bus."
    box.fill(words)
    member.check("#anonymous")

    member.context.set_offline(True)
    button.click()
    note = reply.locator(".notice.connection")
    expect(note).to_contain_text("Couldn't reach Porchlight. Your words are still here")
    expect(note).to_be_focused()
    assert in_view(note), "the notice must be where the member is, not at the top of the page"
    expect(reply).not_to_contain_text("Please write something first.")  # that was about an empty box
    expect(box).to_have_value(words)
    expect(button).to_be_enabled()
    member.context.set_offline(False)

    # Signal, but the answer never comes: after the timeout, the same.
    member.evaluate("htmx.config.timeout = 1500")  # the forum waits 30 s; the story need not
    member.route("**/t/*/reply", lambda route: None)  # held, never answered
    button.click()
    expect(note).to_contain_text("That took too long. Your words are still here")
    expect(member.locator(".notice.connection")).to_have_count(1)  # the old note made way
    expect(note).to_be_focused()
    assert in_view(note)
    expect(box).to_have_value(words)
    expect(button).to_be_enabled()
    member.unroute("**/t/*/reply")

    # A reload (or a phone dropping the tab) brings the words back, anonymous tick and all.
    key = member.locator("form#reply input[name=submission]").input_value()
    member.reload()
    expect(box).to_have_value(words)
    expect(member.locator("#anonymous")).to_be_checked()
    assert member.locator("form#reply input[name=submission]").input_value() == key
    member.evaluate("window.stillHere = true")
    button.click()
    expect(member.locator("article.post")).to_have_count(14)
    expect(member.locator("article.post").last).to_contain_text("Writing this on the night bus.")
    expect(member.locator("article.post").last).to_contain_text("Anonymous")
    expect(box).to_have_value("")
    assert still_same_page(member)
    member.reload()  # sent, so forgotten: the box starts empty again
    expect(box).to_have_value("")


@pytest.mark.parametrize("browse", [True], ids=["javascript-on"], indirect=True)
def test_a_reply_whose_answer_was_lost_is_not_posted_twice_after_a_reload(browse):
    """The reply reached the forum but its answer never reached the phone: sending again after a reload lands on it."""
    person, base, _ = browse
    member = person(viewport=PHONE)
    join(member, base, "lost-answer")
    start_topic(member, base, "families", "Mum's first week home", "She is doing well.")
    member.evaluate("htmx.config.timeout = 3000")
    member.fill("#body", "So glad to hear it.")

    arrived = []

    def arrives_but_never_answers(route):
        route.fetch()  # the forum gets it and posts it; the answer is lost on the way back
        arrived.append(True)

    member.route("**/t/*/reply", arrives_but_never_answers)
    member.click("form#reply button")
    expect(member.locator("form#reply .notice.connection")).to_contain_text("That took too long")
    for _ in range(300):  # a slow machine may still be posting it
        if arrived:
            break
        member.wait_for_timeout(100)
    member.unroute("**/t/*/reply")
    member.reload()
    expect(member.locator("#body")).to_have_value("So glad to hear it.")
    expect(member.locator("article.post")).to_have_count(2)  # it did arrive
    member.click("form#reply button")
    expect(member.locator("#body")).to_have_value("")
    member.reload()
    expect(member.locator("article.post")).to_have_count(2)  # and only once


@pytest.mark.parametrize("browse", [True], ids=["javascript-on"], indirect=True)
def test_a_new_topic_kept_through_a_reload_is_forgotten_once_posted(browse):
    """A plain form (not htmx): words kept through a reload, forgotten after the topic is posted."""
    person, base, _ = browse
    member = person(viewport=PHONE)
    join(member, base, "plain-form")
    member.goto(base + "/b/opioids/new")
    member.fill("#title", "Thirty days")
    member.fill("#body", "A month today.")
    member.reload()
    expect(member.locator("#title")).to_have_value("Thirty days")
    expect(member.locator("#body")).to_have_value("A month today.")
    member.click("form button:has-text('Post topic')")
    expect(member.locator("h1")).to_have_text("Thirty days")
    member.goto(base + "/b/opioids/new")
    expect(member.locator("#body")).to_have_value("")
    # Logged out, nothing of anyone's words stays in the tab.
    member.fill("#body", "Half a thought.")
    member.click("header button:has-text('Log out')")
    expect(member.locator("#notices")).to_contain_text("You're logged out.")
    member.wait_for_load_state("load")
    assert member.evaluate("Object.keys(sessionStorage).filter((key) => key.startsWith('porchlight-draft:'))") == []
