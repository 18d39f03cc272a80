"""No view answers 500, whatever a person (or a script) sends.

A 500 tells a member "Something broke" for something they typed, and loses
what they wrote. Every form and every URL parameter here gets malformed
input, logged out and logged in as a member, and every answer must be a
4xx, a redirect or a page: never a 5xx.

While TESTING, Flask re-raises an unhandled exception instead of answering
500; `answer` turns that exception into a failure that names the route and
keeps the traceback as its cause.
"""
import io
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notice
from tests.helpers import (
    MEETING,
    PASSWORD,
    STAFF_PASSWORD,
    Members,
    add_meeting,
    csrf_token,
    post_routes,
    sign_in_as,
    submit,
)

HANDLE = "quiet-river"
MODERATOR = "night-moderator"
NEW_PASSWORD = "another long passphrase"
HTMX = {"HX-Request": "true"}


# --- sending ---------------------------------------------------------------

def answer(client, method, url, **kwargs):
    """Send one request and insist that it is not answered with a 5xx."""
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as error:  # in production this is a 500 page
        summary = f"{type(error).__name__}: {str(error)[:200]}"
        raise AssertionError(f"{method} {url[:120]} would answer 500 ({summary})") from error
    assert response.status_code < 500, f"{method} {url[:120]} answered {response.status_code}"
    return response


def post_form(client, url, data, headers=None, **kwargs):
    """POST form data with this session's CSRF token, unless the data brings its own (or none)."""
    data = dict(data)
    if "csrf_token" not in data:
        data["csrf_token"] = csrf_token(client)
    elif data["csrf_token"] is None:
        del data["csrf_token"]
    return answer(client, "POST", url, data=data, headers=headers or {}, **kwargs)


# --- the site under test ---------------------------------------------------

def _make_site(app, who, members, forum):
    """A member with a topic of one post; then logged out, or still logged in.

    `visitor()` gives a new client in the same state, so that one test can
    send many malformed requests without one case changing the next's
    starting point (a successful logout, say).
    """
    codes = members.join(HANDLE)
    topic_id = forum.start_topic(body="The words that were here first.", support_now=True)
    post_id = forum.post_ids(topic_id)[0]
    # A moderator's word to the member, so that there is a notice to mark as seen.
    assert submit(sign_in_as(app, MODERATOR, "moderator"), f"/mod/reports/{post_id}",
                  {"action": "warn", "note": "Please be kind."}).status_code == 302
    with app.app_context():
        notice_id = db.session.scalar(select(Notice.id))
    # A meeting the moderator listed, to edit and to take steps on.
    meeting = add_meeting(sign_in_as(app, MODERATOR, "moderator"))
    if who == "logged-out":
        members.logout()

    def visitor():
        client = app.test_client()
        if who == "member":
            Members(client).login(HANDLE)
        if who == "moderator":
            Members(client).login(MODERATOR, STAFF_PASSWORD)
        return client

    return SimpleNamespace(who=who, topic_id=topic_id, post_id=post_id, notice_id=notice_id, code=codes[0],
                           meeting=meeting, visitor=visitor)


@pytest.fixture(params=["logged-out", "member"])
def site(request, app, members, forum):
    return _make_site(app, request.param, members, forum)


@pytest.fixture
def site_as(app, members, forum):
    """The site in the state a case names (for cases parametrized by who)."""
    return lambda who: _make_site(app, who, members, forum)


@dataclass(frozen=True)
class Form:
    name: str
    url: str
    valid: dict = field(default_factory=dict)  # a value for each field that would pass
    headers: dict = field(default_factory=dict)
    # The answer when the form is refused (a bad token, no fields): the form again, saying why; a
    # form that is only a button sends people back where they were, with a message.
    refused: int = 422

    @property
    def fields(self) -> list[str]:
        return list(self.valid)

    def url_for(self, site) -> str:
        return self.url.format(topic_id=site.topic_id, post_id=site.post_id, notice_id=site.notice_id,
                               meeting=site.meeting)

    @property
    def rule(self) -> str:
        """The app's URL rule this form is sent to."""
        rule = self.url.replace("/b/alcohol/", "/b/<slug>/").replace("{meeting}", "<slug>")
        for name in ("topic_id", "post_id", "notice_id"):
            rule = rule.replace(f"{{{name}}}", f"<id:{name}>")
        return rule

    def valid_data(self, site) -> dict:
        return {name: value.format(code=site.code) for name, value in self.valid.items()}


POST_FORMS = {form.name: form for form in (
    Form("register", "/register",
         {"handle": "steady-oak", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}),
    Form("login", "/login", {"handle": HANDLE, "password": PASSWORD}),
    Form("recover", "/recover",
         {"handle": HANDLE, "code": "{code}", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}),
    Form("logout", "/logout", refused=302),
    Form("new-topic", "/b/alcohol/new", {"title": "Day 3 and struggling", "body": "It is hard tonight.", "anonymous": "y"}),
    Form("reply", "/t/{topic_id}/reply", {"body": "You are not alone.", "anonymous": "y", "reply_to": "1"}),
    Form("reply-htmx", "/t/{topic_id}/reply", {"body": "You are not alone.", "anonymous": "y", "reply_to": "1"}, HTMX),
    Form("edit", "/p/{post_id}/edit", {"body": "Better words."}),
    Form("delete", "/p/{post_id}/delete"),
    Form("new-recovery-codes", "/account/recovery-codes"),
    Form("recovery-codes-saved", "/account/recovery-codes/saved", refused=302),
    # The same password again, so that the account stays usable for the next case.
    Form("change-password", "/account/password",
         {"current_password": PASSWORD, "password": PASSWORD, "password_confirm": PASSWORD}),
    Form("delete-account", "/account/delete", {"posts": "remove", "password": PASSWORD}),
    Form("notice-seen", "/account/notices/{notice_id}/seen", refused=302),
    # Two ticks, and none ticked is a choice too: only a bad token is refused, sent back to the account.
    Form("hearing-back", "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"}, refused=302),
    Form("new-feed-address", "/account/feed", {"password": PASSWORD}),
    Form("stop-feed", "/account/feed/revoke", refused=302),
    Form("inbox-read", "/inbox/read", refused=302),
    Form("inbox-read-htmx", "/inbox/read", headers=HTMX),
    Form("withdraw-support", "/t/{topic_id}/support/withdraw", refused=302),
    Form("report", "/p/{post_id}/report", {"reason": "spam", "details": "Selling something."}),
    Form("follow", "/t/{topic_id}/follow", refused=302),
    Form("follow-htmx", "/t/{topic_id}/follow", headers=HTMX),
    Form("unfollow", "/t/{topic_id}/unfollow", refused=302),
    Form("save", "/p/{post_id}/save", refused=302),
    Form("save-htmx", "/p/{post_id}/save", headers=HTMX),
    Form("unsave", "/p/{post_id}/unsave", refused=302),
    Form("moderate", "/mod/reports/{post_id}", {"action": "warn", "note": "Please be kind."}),
    Form("settings", "/settings", {"time_zone": "Asia/Tokyo", "country": "JP", "language": "en"}),
    Form("new-meeting", "/meetings/new", MEETING),
    Form("edit-meeting", "/meetings/{meeting}/edit", MEETING),
    Form("meeting-step", "/meetings/{meeting}/status", {"action": "meeting-confirm"}, refused=302),
)}

# Every form is sent as a member; the public ones logged out too. Logged out,
# the member forms send people to log in before reading a byte of the body
# (test_member_forms_send_logged_out_visitors_to_log_in_whatever_the_body).
# Staff forms are sent as a moderator too (as a member they stop at the permission check).
PUBLIC_FORMS = ("register", "login", "recover", "logout", "settings")
STAFF_FORMS = ("moderate", "edit-meeting", "meeting-step")
FORM_STATES = ([("logged-out", name) for name in PUBLIC_FORMS] + [("member", name) for name in POST_FORMS]
               + [("moderator", name) for name in STAFF_FORMS])
MEMBER_FORMS = [name for name in POST_FORMS if name not in PUBLIC_FORMS]


FORM_CASES = [pytest.param(who, form_name, id=f"{who}-{form_name}") for who, form_name in FORM_STATES]


# Who is refused otherwise, before the form is read: a member joining again is sent on, a member is not staff.
REFUSED_AS = {("member", "register"): 302, **{("member", name): 403 for name in STAFF_FORMS}}


def refusal(who, form) -> int:
    return REFUSED_AS.get((who, form.name), form.refused)


def test_every_post_route_has_its_form_here(app):
    # A new form must join POST_FORMS above, so that it gets malformed input too.
    assert post_routes(app) == {form.rule for form in POST_FORMS.values()}


NASTY = {
    "empty": "",
    "whitespace-only": " \t\r\n\u00a0\u3000 ",
    "100000-chars": "x" * 100_000,
    "nul-byte": "\x00",
    "control-chars-and-nuls": "half\x00way\x00" + "".join(chr(c) for c in range(1, 32)),
    "rtl-and-zero-width-marks": "\u202eevil\u202c \u200f\u200e\ufeff\u200b\u2060",
    "emoji": "🙂🌱💪🏽👨‍👩‍👧" * 20,
    "combining-chars": "e" + "\u0301" * 500,
    "html-payload": "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
    "javascript-link": "[click](javascript:alert(1))",
    "sql": "' OR '1'='1'; DROP TABLE posts; --",
    "template-and-format-syntax": "{{ config }} {% for x in y %} %s%n{0}{body}",
    # Within the 20 000-character limit, but hundreds of levels of nested lists.
    "nested-markdown-list": "1. " * 600,
}


# A checkbox and a confirmation field are nasty only alongside the rest: "every-field".
ALONG_ONLY = {"anonymous", "password_confirm"}


@pytest.mark.parametrize("who, form_name", FORM_CASES)
def test_no_form_answers_500_to_malformed_input(site_as, who, form_name):
    """One field (or every field) nasty, the rest as a member would fill them in."""
    site, form = site_as(who), POST_FORMS[form_name]
    targets = [name for name in form.fields if name not in ALONG_ONLY]
    for target in targets + (["every-field"] if form.fields else []):
        for value in NASTY.values():
            data = form.valid_data(site)
            if target == "every-field":
                data = dict.fromkeys(data, value)
            else:
                data[target] = value
                if target == "password" and "password_confirm" in data:
                    data["password_confirm"] = value  # test the password rules, not the mismatch
            post_form(site.visitor(), form.url_for(site), data, headers=form.headers)


# Each shape: (valid data, this session's token) -> the form data to send.
FIELD_SHAPES = {
    "missing-every-field": lambda valid, token: {},
    "each-field-twice": lambda valid, token: {k: [v, "a second value"] for k, v in valid.items()},
    "each-field-thrice-nasty-first": lambda valid, token: {k: ["", "\x00" * 100_000, v] for k, v in valid.items()},
    "unexpected-extra-fields": lambda valid, token: {
        **valid, "role": "admin", "author_id": "1", "is_admin": "true", "anonymous[]": "y",
        "": "no name", "\x00": "nul name", "x" * 10_000: "long name",
    },
    "anonymous-maybe": lambda valid, token: {**valid, "anonymous": "maybe"},
    "anonymous-twice-disagreeing": lambda valid, token: {**valid, "anonymous": ["false", "y"]},
    "csrf-missing": lambda valid, token: {**valid, "csrf_token": None},
    "csrf-wrong": lambda valid, token: {**valid, "csrf_token": "not-a-token"},
    "csrf-empty": lambda valid, token: {**valid, "csrf_token": ""},
    "csrf-truncated": lambda valid, token: {**valid, "csrf_token": token[:-5]},
    "csrf-twice-wrong-first": lambda valid, token: {**valid, "csrf_token": ["wrong", token]},
    "csrf-twice-right-first": lambda valid, token: {**valid, "csrf_token": [token, "wrong"]},
    "csrf-100000-chars": lambda valid, token: {**valid, "csrf_token": "x" * 100_000},
    "csrf-with-nul": lambda valid, token: {**valid, "csrf_token": token + "\x00"},
}


# Shapes every form refuses: a token that is missing or wrong, and no fields at all (for a form that has some).
REFUSED_SHAPES = {name for name in FIELD_SHAPES if name.startswith("csrf-") and name != "csrf-twice-right-first"}


@pytest.mark.parametrize("who, form_name", FORM_CASES)
def test_no_form_answers_500_to_repeated_missing_or_extra_fields(site_as, who, form_name):
    site, form = site_as(who), POST_FORMS[form_name]
    refused = REFUSED_SHAPES | ({"missing-every-field"} if form.fields else set())
    # The refused shapes first: one that is accepted may use the form up (a deleted post, a used code).
    for name, shape in sorted(FIELD_SHAPES.items(), key=lambda item: item[0] not in refused):
        client = site.visitor()
        token = csrf_token(client)
        data = shape(form.valid_data(site), token)
        data.setdefault("csrf_token", token)
        response = post_form(client, form.url_for(site), data, headers=form.headers)
        if name in refused:
            assert response.status_code == refusal(who, form), (name, response.status_code)


RAW_VALUES = {
    "percent-encoded-invalid-utf8": b"%FF%FE%00",
    "percent-encoded-lone-surrogate": b"%ED%A0%80",
    "overlong-utf8-slash": b"%C0%AF..%C0%AF",
    "raw-invalid-bytes": b"\xff\xfe\x00\x80",
    "raw-latin1": "caf\u00e9 na\u00efve".encode("latin-1"),
    "broken-escapes": b"%F%%zz",
}


@pytest.mark.parametrize("who, form_name", FORM_CASES)
def test_no_form_answers_500_to_invalid_utf8_bytes(site_as, who, form_name):
    """Raw bodies, with a good token: the bytes are whatever the sender says they are."""
    site, form = site_as(who), POST_FORMS[form_name]
    for raw in RAW_VALUES.values():
        client = site.visitor()
        body = b"csrf_token=" + csrf_token(client).encode()
        for name in form.fields:
            body += b"&" + name.encode() + b"=" + raw
        answer(client, "POST", form.url_for(site), data=body, headers=form.headers,
               content_type="application/x-www-form-urlencoded")


RAW_BODIES = {
    "invalid-utf8-field-name": b"%FF%FE=%FF&body=x",
    "only-separators": b"&&&===&&++",
    "kilobyte-of-0xff": b"\xff" * 1000,
    "names-without-values": b"body&title&handle&password&csrf_token",
}


@pytest.mark.parametrize("who, form_name", FORM_CASES)
def test_no_form_answers_500_to_garbage_bodies(site_as, who, form_name):
    site, form = site_as(who), POST_FORMS[form_name]
    for name, raw in RAW_BODIES.items():  # none carries a valid token
        response = answer(site.visitor(), "POST", form.url_for(site), data=raw, headers=form.headers,
                          content_type="application/x-www-form-urlencoded")
        assert response.status_code == refusal(who, form), (name, response.status_code)


def _file(content=b"hello"):
    return (io.BytesIO(content), "hello.txt")


# Each encoding: (valid data, this session's token) -> keyword arguments for client.open.
ENCODINGS = {
    "json-object-of-strings": lambda valid, token: {"json": {**valid, "csrf_token": token}},
    "json-list": lambda valid, token: {"json": [1, 2]},
    "json-list-of-pairs": lambda valid, token: {"json": [["csrf_token", token], *valid.items()]},
    "json-string": lambda valid, token: {"json": "body=hello"},
    "json-number": lambda valid, token: {"json": 42},
    "json-null": lambda valid, token: {"data": "null", "content_type": "application/json"},
    "json-number-values": lambda valid, token: {"json": {**dict.fromkeys(valid, 5), "csrf_token": token}},
    "json-object-values": lambda valid, token: {"json": {**dict.fromkeys(valid, {"a": 1}), "csrf_token": token}},
    "json-list-values": lambda valid, token: {"json": {**{k: [v, v] for k, v in valid.items()}, "csrf_token": token}},
    "json-null-values": lambda valid, token: {"json": {**dict.fromkeys(valid), "csrf_token": token}},
    "json-number-as-token": lambda valid, token: {"json": {**valid, "csrf_token": 12345}},
    "invalid-json": lambda valid, token: {"data": "{\"body\": ", "content_type": "application/json"},
    "json-with-invalid-utf8": lambda valid, token: {"data": b'{"body": "\xff\xfe"}', "content_type": "application/json"},
    "multipart-text-fields": lambda valid, token: {
        "data": {**valid, "csrf_token": token}, "content_type": "multipart/form-data"},
    "multipart-file-in-each-field": lambda valid, token: {
        "data": {**{k: _file() for k in valid}, "csrf_token": token}, "content_type": "multipart/form-data"},
    "multipart-file-as-token": lambda valid, token: {
        "data": {**valid, "csrf_token": _file(token.encode())}, "content_type": "multipart/form-data"},
    "multipart-without-boundary": lambda valid, token: {
        "data": b"--x\r\ncontent-disposition: form-data; name=body\r\n\r\nhi\r\n--x--", "content_type": "multipart/form-data"},
    "multipart-garbage": lambda valid, token: {
        "data": b"\xff\xfe not multipart at all", "content_type": "multipart/form-data; boundary=x"},
    "text-plain": lambda valid, token: {"data": "body=hello", "content_type": "text/plain"},
    "unknown-charset": lambda valid, token: {
        "data": {**valid, "csrf_token": token}, "content_type": "application/x-www-form-urlencoded; charset=klingon"},
}


@pytest.mark.parametrize("who, form_name", FORM_CASES)
def test_no_form_answers_500_to_json_or_multipart_bodies(site_as, who, form_name):
    site, form = site_as(who), POST_FORMS[form_name]
    for encoding in ENCODINGS.values():
        client = site.visitor()
        kwargs = encoding(form.valid_data(site), csrf_token(client))
        answer(client, "POST", form.url_for(site), headers=form.headers, **kwargs)


WORST_BODIES = {
    "100000-char-fields": lambda valid, token: {"data": {**dict.fromkeys(valid, "x" * 100_000), "csrf_token": token}},
    "invalid-utf8": lambda valid, token: {
        "data": b"body=%FF%FE%00&title=%ED%A0%80", "content_type": "application/x-www-form-urlencoded"},
    "json-list": ENCODINGS["json-list"],
    "json-number-values": ENCODINGS["json-number-values"],
    "multipart-file-in-each-field": ENCODINGS["multipart-file-in-each-field"],
    "no-token": lambda valid, token: {"data": valid},
}


@pytest.mark.parametrize("form_name", MEMBER_FORMS)
def test_member_forms_send_logged_out_visitors_to_log_in_whatever_the_body(site_as, form_name):
    site, form = site_as("logged-out"), POST_FORMS[form_name]
    for body in WORST_BODIES.values():
        client = site.visitor()
        kwargs = body(form.valid_data(site), csrf_token(client))
        response = answer(client, "POST", form.url_for(site), headers=form.headers, **kwargs)
        # Either to the login page, or a login form that keeps what they were sending: carried
        # through it (a post's form) or, for a form that cannot be sent again as it was, to copy.
        goes_to_login = response.headers.get("Location", response.headers.get("HX-Redirect", ""))
        page = response.get_data(as_text=True)
        # Carried: the form's own fields under the draft_ prefix (a post's body, a report's details,
        # a meeting's name and notes).
        carried = re.search(r'<(textarea|input)[^>]* name="draft_(body|details|title|name|notes)"', page)
        keeps_words = bool(carried) or '<textarea id="kept" rows="6" readonly>' in page
        assert goes_to_login.startswith("/login") or (response.status_code == 401 and 'action="/login' in page
                                                      and keeps_words)


# --- URL parameters ----------------------------------------------------------

ODD_PAGES = {
    "letters": "abc",
    "negative": "-1",
    "zero": "0",
    "exponent": "1e9",
    "23-digits": "99999999999999999999999",
    "nul": "%00",
    "empty": "",
    "invalid-utf8": "%FF",
    "arabic-indic-digit": "%D9%A3",
    "full-width-digit": "%EF%BC%92",
    "twice": "2&page=3",
    "past-last-allowed": "100001",
}
PAGED_URLS = {
    "board": ("/b/alcohol", {}),
    "topic": ("/t/{topic_id}", {}),
    "topic-htmx": ("/t/{topic_id}", HTMX),
    "inbox": ("/inbox", {}),
    "inbox-htmx": ("/inbox", HTMX),
}


def test_no_page_answers_500_to_odd_page_numbers(site):
    client = site.visitor()
    for path, headers in PAGED_URLS.values():
        for page in ODD_PAGES.values():
            answer(client, "GET", path.format(topic_id=site.topic_id) + "?page=" + page, headers=headers)


ODD_IDS = {
    "30-digits": "1" * 30,
    "past-64-bits": "9223372036854775808",
    "18-nines": "9" * 18,
    "zero": "0",
    "negative": "-1",
    "letters": "abc",
    "decimal": "1.5",
    "arabic-indic-digit": "%D9%A1",
    "full-width-digit": "%EF%BC%91",
    "nul": "%00",
    "encoded-traversal": "..%2F..",
    "empty": "",
}
ID_ROUTES = {
    "read-topic": ("GET", "/t/{}"),
    "latest-post": ("GET", "/t/{}/latest"),
    "topic-feed": ("GET", "/t/{}/feed.atom"),
    "first-new-post": ("GET", "/t/{}/new"),
    "follow": ("POST", "/t/{}/follow"),
    "save-form": ("GET", "/p/{}/save"),
    "save": ("POST", "/p/{}/save"),
    "reply": ("POST", "/t/{}/reply"),
    "edit-form": ("GET", "/p/{}/edit"),
    "edit": ("POST", "/p/{}/edit"),
    "delete-form": ("GET", "/p/{}/delete"),
    "delete": ("POST", "/p/{}/delete"),
}


def _send_each(client, routes, values, post_data):
    """Every value in every route's URL; POSTs carry a valid form."""
    for method, path in routes.values():
        for value in values.values():
            url = path.format(value)
            if method == "POST":
                post_form(client, url, post_data)
            else:
                answer(client, method, url)


def test_no_route_answers_500_to_odd_ids(site):
    _send_each(site.visitor(), ID_ROUTES, ODD_IDS, {"body": "Hello.", "anonymous": "y"})


ODD_NAMES = {
    "accented": "%C3%A9cole",
    "emoji": "%F0%9F%99%82",
    "500-chars": "a" * 500,
    "encoded-traversal": "..%2F..",
    "nul": "%00",
    "invalid-utf8": "%FF%FE",
    "trailing-space": "alcohol%20",
    "html": "%3Cscript%3E",
    "sql": "alcohol'%20OR%20'1'='1",
    "rtl-mark": "%E2%80%AEalcohol",
}
SLUG_ROUTES = {
    "board": ("GET", "/b/{}"),
    "board-feed": ("GET", "/b/{}/feed.atom"),
    "new-topic-form": ("GET", "/b/{}/new"),
    "new-topic": ("POST", "/b/{}/new"),
    "profile": ("GET", "/u/{}"),
}


def test_no_route_answers_500_to_odd_board_slugs_or_handles(site):
    _send_each(site.visitor(), SLUG_ROUTES, ODD_NAMES, {"title": "A fine title", "body": "Hello."})


ODD_QUERIES = {
    **{f"name-{key}": value for key, value in ODD_NAMES.items()},
    "10000-chars": "hope%20" + "x" * 10_000,
    "unbalanced-quote": "%22hope",
    "fts5-syntax": "NEAR(hope%20OR%20*)%20AND%20%7Bbody%7D:x",
    "tsquery-syntax": "hope%20%26%20!%7C%20%3C-%3E%20:*",
    "only-minus": "-hope%20-%22%22",
    "crlf": "hope%0D%0A",
    "repeated": "hope&q=again",
}


def test_search_never_answers_500_to_odd_queries(site):
    """Every parameter of /search with what a person could type or a script send, plain and for htmx."""
    client = site.visitor()
    for headers in ({}, HTMX):
        for value in ODD_QUERIES.values():
            answer(client, "GET", f"/search?q={value}", headers=headers)
            for parameter in ("b", "sort", "held", "page"):
                answer(client, "GET", f"/search?q=hope&{parameter}={value}", headers=headers)
        for page in ODD_PAGES.values():
            answer(client, "GET", f"/search?q=hope&page={page}", headers=headers)


def test_meetings_never_answer_500_to_odd_filters_or_addresses(site):
    """Every filter of /meetings and its calendar, and odd meeting addresses, plain and for htmx."""
    client = site.visitor()
    for headers in ({}, HTMX):
        for value in ODD_QUERIES.values():
            for parameter in ("day", "type", "fellowship", "mode", "board", "soon"):
                answer(client, "GET", f"/meetings?{parameter}={value}", headers=headers)
                answer(client, "GET", f"/meetings.ics?{parameter}={value}&discreet={value}", headers=headers)
            for path in ("/meetings/{}", "/meetings/{}.ics", "/meetings/{}/edit"):
                answer(client, "GET", path.format(value), headers=headers)
            answer(client, "GET", f"/meetings/{site.meeting}.ics?discreet={value}", headers=headers)


ODD_NEXT = {
    "other-site": "//evil.example",
    "backslash": "/%5Cevil.example",
    "absolute-url": "https://evil.example/",
    "javascript": "javascript:alert(1)",
    "crlf-header-injection": "/%0D%0ASet-Cookie:%20x=1",
    "lone-newline": "/help%0A",
    "nul": "/%00",
    "invalid-utf8": "/%FF",
    "very-long": "/" + "a" * 10_000,
    "unicode-path": "/b/%C3%A9cole",
}


def test_login_never_answers_500_to_an_odd_next_and_stays_on_the_site(app, members):
    members.register(HANDLE)
    for odd_next in ODD_NEXT.values():
        client = app.test_client()
        url = "/login?next=" + odd_next
        answer(client, "GET", url)
        response = post_form(client, url, {"handle": HANDLE, "password": PASSWORD})
        assert response.status_code == 302
        assert response.location.startswith("/") and not response.location.startswith(("//", "/\\"))
        assert "\n" not in response.location and "\r" not in response.location


# --- HTTP methods --------------------------------------------------------------

ROUTES = [
    "/", "/b/alcohol", "/b/alcohol/new", "/t/{topic_id}", "/t/{topic_id}/latest", "/t/{topic_id}/reply",
    "/p/{post_id}/edit", "/p/{post_id}/delete", "/register", "/login", "/recover", "/logout",
    "/account", "/account/recovery-codes", "/account/recovery-codes/saved", "/u/quiet-river", "/help", "/healthz",
    "/feed.atom", "/b/alcohol/feed.atom", "/t/{topic_id}/feed.atom", "/inbox/feed/not-a-token.atom",
    "/account/hearing-back", "/account/feed", "/account/feed/revoke",
    "/inbox", "/inbox/read",
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND"]


def test_no_route_answers_500_to_any_http_method(site):
    for route in ROUTES:
        for method in METHODS:
            answer(site.visitor(), method, route.format(topic_id=site.topic_id, post_id=site.post_id))


@pytest.mark.parametrize("method, route", [
    ("GET", "/logout"),
    ("PUT", "/register"),
    ("DELETE", "/t/{topic_id}"),
    ("GET", "/t/{topic_id}/reply"),
    ("PATCH", "/p/{post_id}/edit"),
    ("DELETE", "/p/{post_id}/delete"),
    ("PUT", "/account/recovery-codes"),
    ("POST", "/"),
    ("DELETE", "/b/alcohol"),
    ("POST", "/healthz"),
])
def test_wrong_methods_get_the_friendly_405_page(client, site, method, route):
    response = answer(client, method, route.format(topic_id=site.topic_id, post_id=site.post_id))
    assert response.status_code == 405
    assert "That didn&#39;t work from here" in response.get_data(as_text=True)


# --- a failed form keeps what the member wrote ---------------------------------

def _textarea(page: str) -> str:
    match = re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", page, re.S)
    assert match, "no textarea on the page"
    return match.group(1)


def test_a_topic_with_a_500_character_title_comes_back_with_title_and_body(client, members):
    members.join(HANDLE)
    title, body = "t" * 500, "Everything I wanted to say & <more>,\nwritten at 3am."
    response = post_form(client, "/b/alcohol/new", {"title": title, "body": body, "anonymous": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please use a title of 3 to 120 characters." in page
    assert f'value="{title}"' in page
    assert _textarea(page) == "Everything I wanted to say &amp; &lt;more&gt;,\nwritten at 3am."
    assert re.search(r'<input checked[^>]*name="anonymous"', page)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_reply_that_is_too_long_comes_back_in_the_form(client, members, forum, headers):
    members.join(HANDLE)
    topic_id = forum.start_topic()
    body = "I wanted to say this: " + "so much " * 2_500
    response = post_form(client, f"/t/{topic_id}/reply", {"body": body, "anonymous": "y"}, headers=headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please keep it under 20,000 characters." in page
    assert _textarea(page) == body
    assert len(forum.post_ids(topic_id)) == 1  # and nothing half-saved


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_reply_with_a_stale_token_keeps_the_text_and_says_so(client, members, forum, headers):
    members.join(HANDLE)
    topic_id = forum.start_topic()
    body = "Written slowly, in the middle of the night. 🌙"
    response = post_form(client, f"/t/{topic_id}/reply", {"body": body, "csrf_token": "stale"}, headers=headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Your text is still here" in page
    assert _textarea(page) == body


def test_an_edit_that_is_too_long_keeps_the_new_text_not_the_old(client, members, forum):
    members.join(HANDLE)
    topic_id = forum.start_topic(body="The words that were here first.")
    post_id = forum.post_ids(topic_id)[0]
    body = "My better words. " + "z" * 20_000
    response = post_form(client, f"/p/{post_id}/edit", {"body": body})
    assert response.status_code == 422
    assert _textarea(response.get_data(as_text=True)) == body


def test_a_failed_join_keeps_the_handle_but_never_echoes_the_password(client):
    response = post_form(client, "/register", {
        "handle": "steady-oak", "password": NEW_PASSWORD, "password_confirm": "something else entirely",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The two passwords are not the same." in page
    assert 'value="steady-oak"' in page
    assert NEW_PASSWORD not in page and "something else entirely" not in page


def test_unusual_but_real_text_is_posted_as_written(client, members, forum):
    """RTL marks, emoji and combining characters are people's words; NULs are dropped."""
    members.join(HANDLE)
    topic_id = forum.start_topic()
    body = "\u05e9\u05dc\u05d5\u05dd \u200f🌱 cafe\u0301 \U0001F468\u200d\U0001F469\u200d\U0001F467 half\x00way"
    assert post_form(client, f"/t/{topic_id}/reply", {"body": body}).status_code == 302
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert body.replace("\x00", "") in page
    assert "\x00" not in page
