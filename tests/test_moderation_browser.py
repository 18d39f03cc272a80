"""A moderator bans, thinks again and lifts, in a real browser, with JavaScript off and on."""
import pytest

from tests.helpers import STAFF_PASSWORD
from tests.test_journeys import browse, expect, join, log_in, start_topic, still_same_page  # noqa: F401, F811  (browse: a fixture)

pytestmark = pytest.mark.browser


def test_a_ban_is_confirmed_shown_on_the_item_and_lifted(browse, sign_in_as):  # noqa: F811
    person, base, javascript = browse
    sign_in_as("night-moderator", "moderator")

    seller = person()
    join(seller, base, "pill-seller")
    start_topic(seller, base, "opioids", "Spare pills", "Cheap, message me.", anonymous=True)
    reporter = person()
    join(reporter, base, "worried-friend")
    reporter.goto(seller.url)
    reporter.locator("article.post").first.locator("text=Report").click()
    reporter.check("input[value='dealing']")
    reporter.click("form.report button:has-text('Send report')")

    moderator = person()
    log_in(moderator, base, "night-moderator", STAFF_PASSWORD)
    expect(moderator.locator("header")).to_contain_text("Reports 1")
    moderator.click("header >> text=Reports")
    if javascript:
        moderator.evaluate("window.stillHere = true")
    item = moderator.locator("article.queue-item")

    # A first tap on Ban only asks; Cancel leaves everything as it was.
    item.locator("button[value='ban']").click()
    expect(item).to_contain_text("Ban the author of this post?")
    expect(item).to_contain_text("If this author asked for support now somewhere, they can still reply there")
    item.locator("text=Cancel").click()
    expect(item.locator("button[value='ban']")).to_be_visible()

    item.locator("button[value='ban']").click()
    expect(item).to_contain_text("Ban the author of this post?")  # the item has a note box too: wait for this one
    item.locator("textarea[name='note']").fill("Selling pills is not allowed here.")
    item.locator("button:has-text('Yes, ban the author')").click()
    expect(moderator.locator("main")).to_contain_text("Done: you banned the author.")
    expect(item).to_contain_text("Banned from here")
    assert item.locator("button[value='ban']").count() == 0

    seller.goto(base + "/b/opioids/new")
    expect(seller.locator("main")).to_contain_text("Selling pills is not allowed here.")
    expect(seller.locator("main")).to_contain_text("ask for it to be looked at again")

    item.locator("button[value='lift']").click()
    expect(moderator.locator("main")).to_contain_text("Done: you lifted a suspension or ban.")
    expect(item).not_to_contain_text("Banned from here")
    item.locator("button[value='dismiss']").click()
    expect(moderator.locator("main")).to_contain_text("Done: you kept the post.")
    # The header's count follows, in place with JavaScript, on the next page without.
    expect(moderator.locator("header")).not_to_contain_text("Reports 1")
    if javascript:
        assert still_same_page(moderator), "the queue should update without a page load"

    seller.goto(base + "/b/opioids/new")
    expect(seller.locator("h1")).not_to_have_text("You can't post right now")
