"""Details only a browser shows: the header on a 320 px phone (in English and
in Spanish, whose words are longer), a console with nothing refused by the
Content-Security-Policy after htmx requests, and the settings page
suggesting the browser's own time zone."""
import pytest

from tests.helpers import STAFF_PASSWORD, Forum, Members, needs_browser, submit

pytestmark = pytest.mark.browser

needs_browser()
from playwright.sync_api import expect  # noqa: E402  (after the check, which may skip)

SMALL_PHONE = {"width": 320, "height": 568}
LONGEST_HANDLE = "W" * 24  # the widest a handle can be: 24 of the widest letter


# The header's words in each language, as the catalogue has them.
HEADER_WORDS = {"en-US": ("Need help now?", "Reports", "Log out"),
                "es-US": ("¿Ayuda ahora?", "Reportes", "Salir")}


def _log_in(page, base, handle, password, log_out="Log out"):
    page.goto(base + "/login")
    page.fill("#handle", handle)
    page.fill("#password", password)
    page.click("main form[action$='/login'] button")
    expect(page.locator("header")).to_contain_text(log_out)


@pytest.fixture
def reported_topic(app):
    """A topic with a reply, its opening post reported (so a moderator's queue is not empty)."""
    author = app.test_client()
    Members(author).join("quiet-river")
    topic_id = Forum(author).start_topic(title="Day 3 and struggling", body="It is hard tonight.")
    Forum(author).reply(topic_id, "Still here.")
    reporter = app.test_client()
    Members(reporter).join("steady-oak")
    submit(reporter, f"/p/{Forum(author).post_ids(topic_id)[0]}/report", {"reason": "other"})
    return topic_id


@pytest.mark.parametrize("locale", list(HEADER_WORDS))
@pytest.mark.parametrize("handle", ["a-moderator", LONGEST_HANDLE])
def test_a_moderators_header_fits_in_two_lines_on_a_320_px_phone(browser, live_forum, sign_in_as, reported_topic,
                                                                 handle, locale):
    """Two lines of links (44 px targets: 88), and the search box on a line of its own below them.
    It once took 160 of 568 px before the search box, "Log out" wrapping onto a third line of links."""
    sign_in_as(handle, "moderator")
    page = browser.new_page(viewport=SMALL_PHONE, locale=locale)
    _log_in(page, live_forum, handle, STAFF_PASSWORD, log_out=HEADER_WORDS[locale][2])
    for path in ("/", f"/t/{reported_topic}", "/mod/reports"):
        page.goto(live_forum + path)
        _fits_with_its_search_box(page, path, HEADER_WORDS[locale])


@pytest.mark.parametrize("locale", list(HEADER_WORDS))
def test_a_visitors_header_fits_in_two_lines_on_a_320_px_phone(browser, live_forum, locale):
    page = browser.new_page(viewport=SMALL_PHONE, locale=locale)
    page.goto(live_forum + "/")
    assert page.locator("html").get_attribute("lang") == locale[:2]
    _fits_with_its_search_box(page, "/", HEADER_WORDS[locale][:1])


def _fits_with_its_search_box(page, path, words):
    """Links on two lines at most and the search box on the third, all within the screen's width."""
    header = page.locator("header").bounding_box()
    assert header["height"] < 145, (path, header)
    links = page.locator("header nav").bounding_box()
    assert links["y"] + links["height"] < 100, (path, links)
    for thing in [*(page.locator("header").get_by_text(name) for name in words),
                  page.locator("header input[name=q]"), page.locator("header form.search button")]:
        box = thing.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], (path, box)
    assert page.locator("header input[name=q]").bounding_box()["width"] >= 150  # room to type a few words


def test_on_a_wider_screen_the_search_box_and_the_links_take_two_lines(browser, live_forum, sign_in_as):
    sign_in_as("a-moderator", "moderator")
    page = browser.new_page(viewport={"width": 768, "height": 1024})
    _log_in(page, live_forum, "a-moderator", STAFF_PASSWORD)
    for path in ("/", "/mod/reports"):
        page.goto(live_forum + path)
        assert page.locator("header").bounding_box()["height"] < 100, path


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_the_settings_page_suggests_the_browsers_time_zone_and_sends_nothing_by_itself(browser, live_forum, javascript):
    context = browser.new_context(timezone_id="America/Chicago", java_script_enabled=javascript)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.method))
    page.goto(live_forum + "/settings")
    page.wait_for_load_state("load")
    expected = "America/Chicago" if javascript else "UTC"
    assert page.locator("select#time_zone").input_value() == expected
    assert "POST" not in requests and context.cookies() == [] or all(c["name"] == "session" for c in context.cookies())
    page.click("main form[action$='/settings'] button[name='save']")
    expect(page.locator("#notices")).to_contain_text("Your settings are saved.")
    assert page.locator("select#time_zone").input_value() == expected
    assert any(c["name"] == "settings" and "America%2FChicago" in c["value"] for c in context.cookies()) is javascript


def test_breadcrumbs_draw_their_separator_between_items_only(browser, live_forum, reported_topic):
    page = browser.new_page()
    page.goto(f"{live_forum}/t/{reported_topic}")
    separators = page.eval_on_selector_all(
        ".crumbs li", "items => items.map(li => getComputedStyle(li, '::before').content)")
    assert separators[0] == "none" and "›" in separators[1], separators


def test_htmx_requests_leave_no_console_error_and_nothing_refused_by_the_policy(browser, live_forum, sign_in_as,
                                                                               reported_topic):
    """htmx's indicator styles are an inline <style>, which the policy refuses: they must stay off."""
    sign_in_as("a-moderator", "moderator")
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "window.__refused = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__refused.push(e.violatedDirective));"
    )
    _log_in(page, live_forum, "a-moderator", STAFF_PASSWORD)
    page.goto(f"{live_forum}/t/{reported_topic}")
    page.evaluate("window.stillHere = true")

    page.fill("#body", "You're not alone tonight.")  # a reply, in place
    page.click("form#reply button:has-text('Post reply')")
    expect(page.locator("article.post")).to_have_count(3)
    page.locator("article.post").nth(1).locator("text=Report").click()  # the report form, fetched in place
    page.check("input[value='spam']")
    page.click("form.report button:has-text('Send report')")
    expect(page.locator("main")).to_contain_text("Reported, thank you.")
    assert page.evaluate("window.stillHere") is True, "these should have happened without a page load"

    page.goto(f"{live_forum}/mod/reports")  # a queue action, in place
    page.evaluate("window.stillHere = true")
    page.locator("article.queue-item").first.locator("button[value='dismiss']").click()
    expect(page.locator("article.queue-item").first).to_contain_text("Done: you kept the post.")
    assert page.evaluate("window.stillHere") is True

    assert page.evaluate("window.__refused") == []
    assert errors == []
    assert page.locator("style").count() == 0  # no indicator styles were put in the page


def test_a_form_waiting_for_htmx_looks_busy(browser, live_forum, app):
    """The stylesheet stands in for htmx's indicator styles: a sending form's button shows it is working."""
    member = app.test_client()
    Members(member).join("quiet-river")
    topic_id = Forum(member).start_topic()
    page = browser.new_page()
    page.goto(f"{live_forum}/login")
    page.fill("#handle", "quiet-river")
    page.fill("#password", "correct horse battery")
    page.click("form button:has-text('Log in')")
    page.goto(f"{live_forum}/t/{topic_id}")
    page.eval_on_selector("form#reply", "form => form.classList.add('htmx-request')")  # as htmx does while it sends
    button = page.locator("form#reply button")
    assert button.evaluate("b => getComputedStyle(b).cursor") == "progress"
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) < 1
