"""XSS in a real browser: a fixed sample of the payloads, in every field,
through the real forms, rendered by the real pages in headless Chromium with
JavaScript on. (tests/test_xss.py puts every payload in every field and
parses each page as a browser does.)

A page fails if a dialog opens, a request leaves the forum's origin, the
Content-Security-Policy has to block anything, or its DOM holds anything
that could run (an on* attribute, a javascript:, data: or vbscript: URL, a
script or frame the forum did not put there). Handles are typed into the
join form too: the handle rules refuse them all, and the page that says so
shows each one back, which is what is checked there.
"""
import pytest

from tests.helpers import PASSWORD, STAFF_PASSWORD, needs_browser
from tests.test_xss import PAYLOADS, put_payloads_everywhere

pytestmark = pytest.mark.browser

needs_browser()

# Every tenth payload (some of each kind: the file groups them), with the
# mutation-XSS ones, where a parser other than a browser's might be wrong.
SAMPLE = sorted(set(PAYLOADS[::10]) | {payload for payload in PAYLOADS if "<math" in payload or "<noscript" in payload},
                key=PAYLOADS.index)
# Run in the page after it loads: anything that could run script, or reach another site.
FIND_LIVE_CONTENT = """() => {
  const found = [];
  const bad = /^\\s*(javascript|data|vbscript):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'ping'].includes(name)
          && (bad.test(attr.value) || name === 'srcdoc' || (/^\\s*\\/\\//.test(attr.value)))) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME', 'FRAMESET', 'STYLE', 'LINK', 'META'].includes(el.tagName)
        && !(el.tagName === 'LINK' && el.rel === 'stylesheet' && el.getAttribute('href').startsWith('/static/'))
        && !(el.tagName === 'LINK' && ['next', 'prev'].includes(el.rel))
        && !(el.tagName === 'LINK' && el.rel === 'alternate'
             && ['application/atom+xml', 'application/json'].includes(el.type)
             && /^\\/(?!\\/)/.test(el.getAttribute('href')))
        && !(el.tagName === 'META' && !el.httpEquiv)) {
      found.push(el.outerHTML.slice(0, 80));
    }
    if (el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/')) {
      found.push(el.outerHTML.slice(0, 80));
    }
  }
  return found;
}"""


@pytest.fixture
def payload_pages(app, client):
    pages, staff_pages, _ = put_payloads_everywhere(app, client, SAMPLE)
    return pages, staff_pages


class Watch:
    """What a page did that it must not: dialogs, foreign requests, live content."""

    def __init__(self, page, origin):
        self.page, self.origin, self.problems = page, origin, []
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        # Anything the Content-Security-Policy had to stop was something that tried to run.
        page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def _dialog(self, dialog):
        self.problems.append(f"dialog on {self.page.url}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request):
        if not request.url.startswith(self.origin):
            self.problems.append(f"request from {self.page.url} to {request.url}")

    def visit(self, path):
        self.page.goto(self.origin + path)
        self.check()

    def check(self):
        self.page.wait_for_load_state("load")
        for thing in self.page.evaluate(FIND_LIVE_CONTENT):
            self.problems.append(f"live content on {self.page.url}: {thing}")
        for violation in self.page.evaluate("window.__violations || []"):
            self.problems.append(f"blocked by the policy on {self.page.url}: {violation}")


def _log_in(page, origin, handle, password):
    page.goto(origin + "/login")
    page.fill("#handle", handle)
    page.fill("#password", password)
    page.click("form button:has-text('Log in')")


def test_no_payload_runs_anywhere(live_forum, payload_pages, browser):
    pages, staff_pages = payload_pages
    visitor = Watch(browser.new_page(), live_forum)
    for path in pages:
        visitor.visit(path)

    # The author sees every moderator's note as a notice on each page.
    author = Watch(browser.new_page(), live_forum)
    _log_in(author.page, live_forum, "writer", PASSWORD)
    author.visit("/")
    author.visit("/account")

    staff = Watch(browser.new_page(), live_forum)
    _log_in(staff.page, live_forum, "night-moderator", STAFF_PASSWORD)
    for path in staff_pages:
        staff.visit(path)

    # Handles: each payload typed into the join form, and the page that answers.
    joiner = Watch(browser.new_page(), live_forum)
    for payload in SAMPLE:
        joiner.page.goto(live_forum + "/register")
        joiner.page.fill("#handle", payload[:64])
        joiner.page.fill("#password", "a long enough passphrase")
        joiner.page.fill("#password_confirm", "a long enough passphrase")
        joiner.page.click("form button:has-text('Join')")
        joiner.check()
    problems = visitor.problems + author.problems + staff.problems + joiner.problems
    print(f"{len(SAMPLE)} of {len(PAYLOADS)} payloads, {len(pages) + 2 + len(staff_pages) + len(SAMPLE)} pages rendered, "
          f"{len(problems)} problems")
    assert problems == []
