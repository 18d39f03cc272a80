"""Hearing back in a real browser, with JavaScript off and on: a member asks for
support, another answers anonymously, and the inbox brings the asker to the reply."""
import re

import pytest

from tests.helpers import needs_browser

pytestmark = pytest.mark.browser

needs_browser()
from playwright.sync_api import expect  # noqa: E402  (after the check, which may skip)

from tests.test_journeys import browse, join, still_same_page  # noqa: E402, F401  (browse is a fixture)


def test_an_asker_is_told_of_an_anonymous_reply_and_lands_on_it(browse):  # noqa: F811
    person, base, javascript = browse
    asker = person()
    join(asker, base, "asking-tonight")
    asker.goto(base + "/b/alcohol/new")
    asker.fill("#title", "Cravings are bad tonight")
    asker.fill("#body", "Day 12. I keep thinking about the shop on the corner.")
    asker.check("#support_now")
    asker.click("form button:has-text('Post topic')")
    expect(asker.locator("h1")).to_have_text("Cravings are bad tonight")
    topic_url = asker.url
    expect(asker.locator("#inbox-link")).to_have_text("Inbox")

    helper = person()
    join(helper, base, "steady-hand")
    helper.goto(topic_url)
    helper.fill("#body", "Ride it out with me: cravings pass in about twenty minutes.")
    helper.check("#anonymous")
    helper.click("form#reply button:has-text('Post reply')")
    expect(helper.locator("article.post")).to_have_count(2)

    asker.goto(base + "/")
    inbox = asker.locator("#inbox-link")
    expect(inbox).to_have_text("Inbox 1")
    expect(inbox).to_have_attribute("aria-label", "Inbox 1 unread")
    inbox.click()
    expect(asker.locator("h1")).to_have_text("Inbox")
    entry = asker.locator("ol.inbox li").first
    expect(entry).to_contain_text("New")
    expect(entry).to_contain_text("Anonymous")
    expect(entry).to_contain_text("Ride it out with me")
    expect(asker.locator("main")).not_to_contain_text("steady-hand")

    entry.locator("a", has_text="Cravings are bad tonight").click()
    expect(asker).to_have_url(re.compile(r"/t/\d+#p\d+$"))
    reply = asker.locator("#" + asker.url.rsplit("#", 1)[1])
    expect(reply).to_contain_text("cravings pass in about twenty minutes")
    expect(reply).to_be_in_viewport()
    expect(asker.locator("#inbox-link")).to_have_text("Inbox")

    # Another reply, and marking everything read from the inbox itself.
    helper.fill("#body", "Still here if you need to talk.")
    helper.click("form#reply button:has-text('Post reply')")
    expect(helper.locator("article.post")).to_have_count(3)
    asker.goto(base + "/inbox")
    expect(asker.locator("#inbox-link")).to_have_text("Inbox 1")
    if javascript:
        asker.evaluate("window.stillHere = true")
    asker.click("button:has-text('Mark all as read')")
    expect(asker.locator("#inbox-link")).to_have_text("Inbox")
    expect(asker.locator("ol.inbox")).not_to_contain_text("New")
    if javascript:
        assert still_same_page(asker), "marking all read should happen without a page load"
    else:
        expect(asker.locator("#notices")).to_contain_text("Everything in your inbox is marked as read.")
