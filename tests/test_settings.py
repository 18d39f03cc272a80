"""/settings: a reader says where they are and what they read, without JavaScript, kept without tracking."""
import json
import re
import unicodedata
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from forum.extensions import db
from forum.models import User
from tests.helpers import PASSWORD, Forum, Members, submit

SETTINGS_COOKIE = "settings"


def _set_cookies(response) -> dict[str, str]:
    cookies = SimpleCookie()
    for header in response.headers.getlist("Set-Cookie"):
        cookies.load(header)
    return {name: morsel.value for name, morsel in cookies.items()}


def _selected(page: str, name: str) -> str | None:
    """The value the form shows chosen for a select or radio group."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        chosen = re.search(r'<option selected value="([^"]*)"', select.group(1))
        return chosen.group(1) if chosen else None
    radio = re.search(rf'<input checked id="[^"]*" name="{name}" type="radio" value="([^"]*)"', page)
    return radio.group(1) if radio else None


def test_a_visitor_finds_the_settings_in_the_footer_and_a_plain_form(client):
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'<footer>.*<a href="/settings">Time zone and language</a>.*</footer>', home, re.S)
    response = client.get("/settings")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<form method="post" action="/settings">', page)
    for name in ("time_zone", "country", "language"):
        assert f'name="{name}"' in page
    assert "<script" not in page.split("<main", 1)[1], "the form needs no script"
    # The forum's own zone, chosen until the visitor picks another; no country is assumed.
    assert _selected(page, "time_zone") == "UTC"
    assert _selected(page, "country") == ""
    assert _selected(page, "language") == "en"
    assert "one small cookie on this device" in page and "nothing that tells anyone who you are" in page


def test_the_time_zones_come_grouped_with_the_most_used_first_and_named_in_the_readers_language(client):
    page = client.get("/settings").get_data(as_text=True)
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups[0] == "Most used" and "Europe" in groups and "The Americas" in groups
    first_group = re.search(r'<optgroup label="Most used">(.*?)</optgroup>', page, re.S).group(1)
    assert re.findall(r'value="([^"]+)"', first_group)[:2] == ["UTC", "America/New_York"], "the forum's own zone leads"
    assert '<option value="America/New_York">New York</option>' in first_group
    assert '<option value="America/Argentina/Buenos_Aires">Buenos Aires</option>' in page
    assert '<option value="America/Indiana/Knox">Knox, Indiana</option>' in page
    # Each zone once, and not the old aliases nobody lives in.
    values = re.findall(r'<option[^>]* value="([^"]+)"', page.split('name="time_zone"')[1].split("</select>")[0])
    assert len(values) == len(set(values)) > 400
    for alias in ("US/Eastern", "EST", "Asia/Calcutta", "America/Buenos_Aires"):
        assert f'value="{alias}"' not in page

    spanish = client.get("/settings", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<option value="America/New_York">Nueva York</option>' in spanish
    assert '<option value="Asia/Tokyo">Tokio</option>' in spanish
    assert '<option value="MX">México</option>' in spanish
    europe = re.search(r'<optgroup label="Europa">(.*?)</optgroup>', spanish, re.S).group(1)
    cities = re.findall(r">([^<]+)</option>", europe)
    assert cities == sorted(cities, key=lambda name: unicodedata.normalize("NFKD", name).encode("ascii", "ignore").lower())


def test_the_zones_members_chose_are_never_offered_to_others(app, client):
    """On a small forum, "someone here lives in Nome" is exactly what must not be told."""
    with app.app_context():
        db.session.add(User(handle="far-north", handle_key="far-north", password_hash="x", time_zone="America/Nome"))
        db.session.commit()
    first_group = re.search(r'<optgroup label="Most used">(.*?)</optgroup>',
                            client.get("/settings").get_data(as_text=True), re.S).group(1)
    assert "America/Nome" not in first_group


def test_a_visitor_chooses_and_the_choice_lives_in_one_small_cookie(client):
    response = submit(client, "/settings", {"time_zone": "America/New_York", "country": "US", "language": "es"})
    assert response.status_code == 302 and response.location.endswith("/settings")
    cookie = _set_cookies(response)[SETTINGS_COOKIE]
    assert dict(parse_qsl(cookie)) == {"time_zone": "America/New_York", "country": "US", "language": "es"}
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(SETTINGS_COOKIE + "="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=" in header

    page = client.get("/settings").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert _selected(page, "time_zone") == "America/New_York"
    assert _selected(page, "country") == "US"
    assert _selected(page, "language") == "es"


def test_a_visitor_can_forget_their_settings(client):
    submit(client, "/settings", {"time_zone": "Asia/Tokyo", "country": "JP", "language": "en"})
    page = client.get("/settings").get_data(as_text=True)
    assert 'name="forget"' in page
    response = submit(client, "/settings", {"time_zone": "Asia/Tokyo", "country": "JP", "language": "en",
                                            "forget": "Forget my settings"})
    assert response.status_code == 302
    assert re.search(rf"{SETTINGS_COOKIE}=;.*Max-Age=0|{SETTINGS_COOKIE}=;.*expires=Thu, 01 Jan 1970",
                     response.headers.get("Set-Cookie", ""))
    page = client.get("/settings").get_data(as_text=True)
    assert _selected(page, "time_zone") == "UTC" and 'name="forget"' not in page


def test_a_visitor_who_never_chooses_gets_no_cookie_and_a_304_on_coming_back(client):
    for path in ("/", "/b/alcohol", "/help", "/privacy"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SETTINGS_COOKIE not in _set_cookies(response), path
    for language in ("en", "es"):
        first = client.get("/", headers={"Accept-Language": language})
        assert "Set-Cookie" not in first.headers, "a visitor who chose nothing is given no cookie"
        assert "Accept-Language" in first.headers["Vary"], "caches keep the languages apart"
        again = client.get("/", headers={"Accept-Language": language, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
    assert "Accept-Language" in client.get("/feed.atom").headers["Vary"], "a feed's words follow the reader's header too"
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', client.get("/").get_data(as_text=True)).group(1)
    assert "Accept-Language" not in client.get(stylesheet).headers.get("Vary", ""), "one stylesheet for every language"
    english = client.get("/", headers={"Accept-Language": "en"}).headers["ETag"]
    assert client.get("/", headers={"Accept-Language": "es"}).headers["ETag"] != english


def test_a_bad_choice_comes_back_with_a_kind_error_and_the_rest_kept(client):
    response = submit(client, "/settings", {"time_zone": "Mars/Olympus_Mons", "country": "US", "language": "es"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page and 'class="error"' in page
    assert _selected(page, "country") == "US" and _selected(page, "language") == "es"
    assert SETTINGS_COOKIE not in _set_cookies(response)
    # Anything else a browser could send is refused the same way, never a 500.
    for data in ({"time_zone": "UTC", "country": "ZZ", "language": "en"},
                 {"time_zone": "UTC", "country": "", "language": "klingon"},
                 {"time_zone": "", "country": "", "language": ""}, {}):
        assert submit(client, "/settings", data).status_code == 422, data


def test_an_expired_token_changes_nothing_and_says_so(client):
    client.get("/settings")
    response = client.post("/settings", data={"time_zone": "Asia/Tokyo", "country": "JP", "language": "es",
                                              "csrf_token": "stale"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in page
    assert _selected(page, "time_zone") == "Asia/Tokyo", "the choice is still in the form"
    assert SETTINGS_COOKIE not in _set_cookies(response)


def test_a_member_keeps_settings_in_the_account_and_finds_them_on_another_device(app, client):
    Members(client).join("quiet-river")
    response = submit(client, "/settings", {"time_zone": "America/Chicago", "country": "MX", "language": "es"})
    assert response.status_code == 302
    assert SETTINGS_COOKIE not in _set_cookies(response), "a member's choice lives in the account"
    with app.app_context():
        member = User.by_handle("quiet-river")
        assert (member.time_zone, member.country, member.language) == ("America/Chicago", "MX", "es")

    export = json.loads(client.get("/account/export").data)
    assert export["account"]["settings"] == {"time_zone": "America/Chicago", "country": "MX", "language": "es"}

    phone = app.test_client()
    assert Members(phone).login("quiet-river", PASSWORD).status_code == 302
    page = phone.get("/settings", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="es">' in page, "the member's choice beats the browser's header"
    assert _selected(page, "time_zone") == "America/Chicago" and _selected(page, "country") == "MX"


def test_a_new_member_starts_with_what_they_chose_as_a_visitor_and_then_the_account_decides(app, client):
    submit(client, "/settings", {"time_zone": "Asia/Tokyo", "country": "JP", "language": "es"})
    Members(client).join("calm-harbor")
    with app.app_context():
        member = User.by_handle("calm-harbor")
        assert (member.time_zone, member.country, member.language) == ("Asia/Tokyo", "JP", "es")
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)
    submit(client, "/settings", {"time_zone": "Europe/London", "country": "GB", "language": "en"})
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "kept in your account" in client.get("/settings").get_data(as_text=True)
    assert "Accept-Language" not in client.get("/").headers["Vary"], "a chosen language does not follow the header"


def test_a_member_who_forgets_their_settings_gets_the_forums_not_the_phones(app, client):
    """On a shared phone, a visitor's cookie must not decide for a member who chose nothing."""
    submit(client, "/settings", {"time_zone": "Asia/Tokyo", "country": "JP", "language": "es"})
    other = app.test_client()
    Members(other).join("early-riser")
    Members(other).logout()
    client.set_cookie("settings", "time_zone=Asia/Tokyo&language=es")
    assert Members(client).login("early-riser", PASSWORD).status_code == 302
    page = client.get("/settings").get_data(as_text=True)
    assert '<html lang="en">' in page and _selected(page, "time_zone") == "UTC"
    submit(client, "/settings", {"time_zone": "Europe/London", "country": "GB", "language": "es"})
    response = submit(client, "/settings", {"forget": "y"})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert '<html lang="en">' in page and "Your settings are forgotten." in page
    assert _selected(page, "time_zone") == "UTC"


def test_accept_language_picks_the_language_of_someone_who_chose_none(client):
    for header in ("es-MX,es;q=0.9,en;q=0.5", "es-MX,en-US;q=0.9,en;q=0.8", "ES", "es-419"):
        assert '<html lang="es">' in client.get("/", headers={"Accept-Language": header}).get_data(as_text=True), header
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-US,es;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_a_tampered_cookie_is_ignored(client):
    client.set_cookie(SETTINGS_COOKIE, "time_zone=../../etc/passwd&language=xx&country=<b>&extra=1")
    response = client.get("/settings")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in page and _selected(page, "time_zone") == "UTC"
    assert "etc/passwd" not in page and "<b>" not in page


def test_a_members_private_feed_reads_in_the_language_they_chose_whatever_the_reader_asks(app, client):
    Members(client).join("far-reader")
    topic_id = Forum(client).start_topic(board="families", title="Our son came home")
    helper = app.test_client()
    Members(helper).join("kind-neighbour")
    Forum(helper).reply(topic_id, "Glad he is safe.")
    submit(client, "/settings", {"time_zone": "UTC", "country": "", "language": "es"})
    made = submit(client, "/account/feed", {"password": PASSWORD})
    address = re.search(r"/inbox/feed/[\w-]+\.atom", client.get(made.location).get_data(as_text=True)).group(0)
    feed = app.test_client().get(address, headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert "<title>Tu buzón en Porchlight</title>" in feed
    assert "Our son came home" in feed, "the topic's title is the member's own"
    # The feed reader's own pages stay in its language.
    assert '<html lang="en">' in app.test_client().get("/", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
