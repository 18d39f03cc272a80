"""Every word people read can be read in Spanish: the catalogue is complete, current and compiled,
and no page served in Spanish still shows the product's English."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.helpers import MEETING, Forum, Members, add_meeting, read_in, submit
from tests.test_anonymity import _pages_of, _scenario

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "forum" / "translations"
LANGUAGES = ("es",)
# As `make translations` passes them to pybabel (checked below).
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def _extracted() -> dict:
    """msgid (a string, or (singular, plural)) -> the files it is in, from the code and templates as they are now."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True,
        # As --ignore-dirs='.*': Babel's default would skip templates/_partials.
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        message_id = message if isinstance(message, str) else tuple(message)
        if (message_id[0] if isinstance(message_id, tuple) else message_id):
            found.setdefault(message_id, set()).add(filename)
    return found


@pytest.fixture(scope="module")
def extracted():
    return _extracted()


def _catalogue(language):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def _messages(catalogue) -> dict:
    return {message.id: message for message in catalogue if message.id}


def test_the_makefile_extracts_with_the_same_keywords():
    makefile = (ROOT / "Makefile").read_text()
    assert "--ignore-dirs='.*' -F babel.cfg -k lazy_gettext -k lazy_ngettext:1,2" in makefile


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_code_and_templates_is_translated(extracted, language):
    messages = _messages(_catalogue(language))
    missing = sorted(f"{sorted(files)[0]}: {message_id!r}" for message_id, files in extracted.items()
                     if message_id not in messages)
    untranslated = sorted(repr(message_id) for message_id, message in messages.items()
                          if message_id in extracted and not all(
                              message.string if isinstance(message.string, tuple) else (message.string,)))
    assert missing == [], f"{len(missing)} messages are not in the {language} catalogue: run `make translations`"
    assert untranslated == [], f"{len(untranslated)} messages have no {language} translation"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_entry_is_fuzzy_or_unused(extracted, language):
    messages = _messages(_catalogue(language))
    fuzzy = sorted(repr(message_id) for message_id, message in messages.items() if message.fuzzy)
    unused = sorted(repr(message_id) for message_id in messages if message_id not in extracted)
    assert fuzzy == [], "fuzzy entries are guesses: check each and remove its fuzzy flag"
    assert unused == [], "entries no code or template uses: run `make translations`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    problems = [f"{message.id!r}: {error}" for message, errors in _catalogue(language).check() for error in errors]
    assert problems == []


def _pairs(messages) -> dict:
    """{msgid: msgstr}, plural ids and strings as tuples, as .po and .mo files both give them."""
    def plain(value):
        return tuple(value) if isinstance(value, list | tuple) else value
    return {plain(message.id): plain(message.string) for message in messages if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_current_one(language):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = _pairs(read_mo(mo))
    written = {message_id: string for message_id, string in _pairs(_catalogue(language)).items()
               if all(string if isinstance(string, tuple) else (string,))}
    assert {message_id: compiled.get(message_id) for message_id in written} == written, \
        "messages.po changed since it was compiled: run `make translations`"
    assert set(compiled) <= set(_pairs(_catalogue(language))), "the compiled catalogue holds words no longer used"


def test_a_spanish_browser_gets_a_spanish_home_page(client):
    response = client.get("/", headers={"Accept-Language": "es-US,es;q=0.9"})
    page = response.get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Opioides" in page and "Familias" in page, "the default boards have Spanish names"
    assert "¿Ayuda ahora?" in page
    assert "Accept-Language" in response.headers["Vary"]


def test_members_words_are_never_translated(client):
    Members(client).join("careful-writer")
    topic_id = Forum(client).start_topic(board="alcohol", title="Help", body="Log in, Reply, Report, Inbox.")
    submit(client, "/settings", {"time_zone": "UTC", "country": "", "language": "es"})
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "<h1>Help</h1>" in page or ">Help</" in page
    assert "<p>Log in, Reply, Report, Inbox.</p>" in page
    assert "careful-writer" in page

    # A title that reads like the forum's own words is still the member's.
    own = Forum(client).start_topic(board="alcohol", title="Topic removed by its author", body="Just a title.")
    assert "<h1>Topic removed by its author</h1>" in client.get(f"/t/{own}").get_data(as_text=True)
    removed = Forum(client).start_topic(board="alcohol", title="Too much about me", body="Taking this back.")
    opening = Forum(client).post_ids(removed)[0]
    assert submit(client, f"/p/{opening}/delete").status_code == 302
    page = client.get(f"/t/{removed}").get_data(as_text=True)
    assert "Too much about me" not in page and "<h1>Tema eliminado por quien lo escribió</h1>" in page


# Phrases of the product's English that a Spanish page must never show: the
# chrome, the buttons, the states, the times. Members' words in the pages
# below are chosen so that none of these is theirs.
ENGLISH = (
    "Skip to content", "Need help now?", "Log in", "Log out", "Join", "Inbox", "Reports", "Boards",
    "Help and crisis lines", "Moderation log", "Privacy", "Time zone and language", "Reply", "Report", "Follow",
    "Unfollow", "Save", "Saved", "Anonymous", "minutes ago", "hours ago", "days ago", "just now", "replies",
    "reply", "topics", "posts", "Next", "Previous", "Page ", "Your account", "Recovery codes", "Password",
    "Hearing back", "New topic", "Start a topic", "needs support now", "Hidden by a moderator",
    "Removed by a moderator", "Mark all as read", "Choose a country", "Most used", "The Americas", "Language",
    "Your time zone", "Edit", "Delete", "Cancel", "Please", "You can", "Your ", " your ", "Nothing", "Sorry",
    "Moderator", "Facilitator", "member", "posted", "Warn", "Suspend", "Hide", "Restore", "Dismiss",
    "Harassment", "Details", "Title", "Handle", "What happened", "A message from the moderators",
    "I've read this", "Overdose", "Emergency", "Call ", "Text ",
    "Happening now", "Starting within the hour", "Add to your calendar", "Every week on", "How to join",
    "Suggest a meeting", "Not confirmed recently", "Open", "Closed", "Wheelchair",
)
# An English phrase is looked for as words in the text people read (tags,
# attributes' values as they are shown, and the handles and members' words set aside).
MEMBERS_WORDS = re.compile(r"hidden-alice|open-bob|watchful-mod|I relapsed last night|Nobody at work knows\.|"
                           r"Adding more context(, edited)?\.|My brother is using again|Sending strength\.|"
                           r"worried about them|My sister went through this\.|Sent from my phone\.|Porchlight|Password: hope")


def _text(page: str) -> str:
    """What a person reads on a page: its text and its labels, tags and members' words set aside."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    shown = re.findall(r'(?:aria-label|title|placeholder|alt|value|content|data-(?!hx-)[\w-]+)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page) + " " + " ".join(shown)
    return MEMBERS_WORDS.sub(" ", text.replace("&#39;", "'").replace("&amp;", "&"))


def _english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase.strip())}(?![\w-])", text)]


@pytest.fixture(scope="module")
def spanish_pages(module_app):
    """Every page of the anonymity crawl, and every form, as visitors, members and moderators read them in Spanish."""
    scenario = _scenario(module_app)
    readers = scenario["readers"]
    for client in (*readers.values(), scenario["alice"]):
        client.get("/")  # shows what was flashed while they read in English
        read_in(client, "es")
    pages = {f"{url} as {reader}": page for reader in readers for url, page in _pages_of(scenario, reader).items()}
    own_topic, bobs_topic = scenario["topics"]
    post_id = Forum(scenario["alice"]).post_ids(own_topic)[0]
    meeting = add_meeting(readers["moderator"], type=["O", "C", "X"])
    suggestion = add_meeting(readers["member"], name="Una idea")
    more = {
        "visitor": ["/login", "/register", "/recover", "/privacy", "/settings", "/b/nowhere", f"/t/{own_topic}?page=9",
                    "/search", "/search?q=palabrainexistente", "/search?q=-sola", "/search?q=" + "+".join("abcdefghijkl"),
                    "/meetings", "/meetings?soon=1", f"/meetings/{meeting}"],
        "member": ["/b/alcohol/new", f"/p/{post_id}/report", f"/p/{post_id}/save", f"/t/{bobs_topic}?reply_to={post_id}",
                   "/account/delete", "/settings", "/meetings/new", f"/meetings/{meeting}", f"/meetings/{suggestion}"],
        "moderator": [f"/mod/reports/{post_id}", "/mod/reports?status=resolved", "/mod/meetings",
                      f"/meetings/{meeting}/edit", f"/meetings/{suggestion}"],
    }
    for reader, urls in more.items():
        for url in urls:
            pages[f"{url} as {reader}"] = readers[reader].get(url).get_data(as_text=True)
    alice = scenario["alice"]
    for url in (f"/p/{post_id}/edit", f"/p/{post_id}/delete", "/account", "/inbox", "/saved"):
        pages[f"{url} as the author"] = alice.get(url).get_data(as_text=True)
    # A form sent back: the errors too are in Spanish.
    pages["an empty reply"] = submit(readers["member"], f"/t/{bobs_topic}/reply", {"body": ""}).get_data(as_text=True)
    pages["a meeting without a day"] = submit(readers["member"], "/meetings/new",
                                              {**MEETING, "day": "", "conference_url": "ftp://x"}).get_data(as_text=True)
    pages["a bad login"] = submit(readers["visitor"], "/login", {"handle": "nobody", "password": "x"}).get_data(as_text=True)
    return pages


def test_the_anonymous_author_stays_unknown_on_every_page_read_in_spanish(spanish_pages):
    """The anonymity crawl (tests/test_anonymity.py), read in Spanish by a visitor, a member and a moderator."""
    from tests.test_anonymity import HANDLE

    assert [name for name, page in spanish_pages.items() if HANDLE in page.lower() and "as the author" not in name] == []
    assert sum('Anónimo <span class="tag">#' in page for page in spanish_pages.values()) > 10


def test_every_page_served_in_spanish_says_so(spanish_pages):
    not_spanish = [name for name, page in spanish_pages.items()
                   if page.lstrip().startswith("<!doctype") and '<html lang="es">' not in page]
    assert not_spanish == []


def test_no_page_served_in_spanish_shows_the_products_english(spanish_pages):
    english = {name: found for name, page in spanish_pages.items() if (found := _english_in(_text(page)))}
    assert english == {}, f"English left on {len(english)} pages"


def test_words_defined_at_import_time_are_escaped_like_any_text():
    """Flask-Babel's own lazy strings reach templates as markup: the forum's (forum.i18n) are text."""
    unescaped = [str(path.relative_to(ROOT)) for path in (ROOT / "forum").rglob("*.py")
                 if re.search(r"from flask_babel(\.speaklater)? import [^\n]*\blazy_", path.read_text())]
    assert unescaped == []


def test_whatever_changes_the_language_mid_answer_goes_through_forum_i18n():
    """forum.i18n keeps this answer's catalogue: changing the language behind its back would leave the old one."""
    around = [str(path.relative_to(ROOT)) for path in (ROOT / "forum").rglob("*.py") if path.name != "i18n.py"
              and re.search(r"from flask_babel import [^\n]*\b(force_locale|refresh)\b", path.read_text())]
    assert around == []
